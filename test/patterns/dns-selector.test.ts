import { Testing } from 'cdk8s';
import { errorOf, find, objectsOf, zeroTrust } from './_helpers';
import { DnsSelector, Reachability } from '../../src';

const KUBE_DNS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};

/** A bare Deployment `name` in `namespace` (pods `app: name`). */
function deploymentIn(namespace: string, name: string): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'ghcr.io/acme/web:1.0.0' }] } } },
  };
}

/** The egress rules of the allow-dns policy of a ZeroTrustNamespace using `dns`. */
function dnsEgress(dns: DnsSelector): any[] {
  const { ns } = zeroTrust('production', { dns });
  return find(objectsOf(ns), 'NetworkPolicy', 'allow-dns').spec.egress;
}

describe('DnsSelector', () => {
  test('selects kube-dns pods in kube-system on UDP and TCP 53 by default', () => {
    // GIVEN
    const dns = DnsSelector.kubeDns();

    // WHEN
    const egress = dnsEgress(dns);

    // THEN
    expect(dns.namespace).toBe('kube-system');
    expect(dns.podLabels).toEqual({ 'k8s-app': 'kube-dns' });
    expect(dns.port).toBe(53);
    expect(dns.cidrs).toEqual([]);
    expect(egress).toEqual([{ to: [KUBE_DNS_PEER], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }]);
    expect(zeroTrust('production').ns.dns).toEqual(dns);
  });

  test('opens NodeLocal DNSCache at 169.254.20.10 plus kube-dns by default', () => {
    // GIVEN
    const { ns } = zeroTrust('production', { dns: DnsSelector.nodeLocal() });

    // WHEN
    const policy = find(objectsOf(ns), 'NetworkPolicy', 'allow-dns');

    // THEN
    expect(policy.spec.egress).toEqual([{
      to: [{ ipBlock: { cidr: '169.254.20.10/32' } }, KUBE_DNS_PEER],
      ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
    }]);
    expect(Testing.synth(ns)).toMatchSnapshot();
  });

  test.each([
    ['10.96.0.10', '10.96.0.10/32'],
    ['fd00::a', 'fd00::a/128'],
  ])('opens NodeLocal DNSCache at %s as %s', (ip, cidr) => {
    // WHEN
    const egress = dnsEgress(DnsSelector.nodeLocal(ip));

    // THEN
    expect(egress[0].to).toEqual([{ ipBlock: { cidr } }, KUBE_DNS_PEER]);
  });

  test('opens the kube-dns cluster IP too when given: with kube-proxy in iptables mode pods ask it, undNATed, and the cache answers', () => {
    // GIVEN
    const dns = DnsSelector.nodeLocal(undefined, '10.96.0.10');
    const { ns } = zeroTrust('production', { dns });

    // WHEN
    const policy = find(objectsOf(ns), 'NetworkPolicy', 'allow-dns');

    // THEN
    expect(dns.cidrs).toEqual(['169.254.20.10/32', '10.96.0.10/32']);
    expect(policy.spec.egress).toEqual([{
      to: [{ ipBlock: { cidr: '169.254.20.10/32' } }, { ipBlock: { cidr: '10.96.0.10/32' } }, KUBE_DNS_PEER],
      ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
    }]);
    // The analyzer agrees: a pod of the namespace may send DNS to the cluster IP, and nowhere else on 53.
    const r = Reachability.fromManifests(objectsOf(ns).concat(deploymentIn('production', 'web')));
    expect(r.canReachAddress('production/web', '10.96.0.10', 53, 'UDP')).toBe(true);
    expect(r.canReachAddress('production/web', '10.96.0.11', 53, 'UDP')).toBe(false);
  });

  test.each([
    ['fd00::10', 'fd00::10/128'],
    ['169.254.20.10', '169.254.20.10/32'],
  ])('writes the cluster IP %s as %s, once', (clusterDnsIp, cidr) => {
    expect(DnsSelector.nodeLocal('169.254.20.10', clusterDnsIp).cidrs).toEqual([...new Set(['169.254.20.10/32', cidr])]);
  });

  test.each([
    ['10.96.0.10/32'],
    ['kube-dns.kube-system'],
    [''],
  ])('fails when the cluster IP %j is not an IP address, naming it and where to find it', (clusterDnsIp) => {
    const message = errorOf(() => DnsSelector.nodeLocal(undefined, clusterDnsIp));
    expect(message).toContain(`DnsSelector.nodeLocal: clusterDnsIp '${clusterDnsIp}' is not an IP address`);
    expect(message).toContain('kubectl -n kube-system get service kube-dns');
  });

  test.each([
    ['169.254.20.10/32'],
    ['dns.local'],
    ['1234'],
    ['169.254.20'],
  ])('fails when the NodeLocal address %s is not an IP address', (ip) => {
    // WHEN
    const message = errorOf(() => DnsSelector.nodeLocal(ip));

    // THEN
    expect(message).toContain(`DnsSelector.nodeLocal: ip '${ip}' is not an IP address`);
  });

  test("selects other DNS pods by namespace, labels and port, like OpenShift's", () => {
    // GIVEN
    const { ns } = zeroTrust('production', {
      dns: DnsSelector.of({ namespace: 'openshift-dns', podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, port: 5353 }),
    });

    // WHEN
    const policy = find(objectsOf(ns), 'NetworkPolicy', 'allow-dns');

    // THEN
    expect(policy.spec.egress).toEqual([{
      to: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-dns' } },
        podSelector: { matchLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } },
      }],
      ports: [{ port: 5353, protocol: 'UDP' }, { port: 5353, protocol: 'TCP' }],
    }]);
    expect(Testing.synth(ns)).toMatchSnapshot();
  });

  test('uses port 53 when of() gets no port', () => {
    // WHEN
    const egress = dnsEgress(DnsSelector.of({ namespace: 'dns', podLabels: { app: 'coredns' } }));

    // THEN
    expect(egress[0].ports).toEqual([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]);
  });

  test('fails when of() gets a namespace that is not a DNS label', () => {
    // WHEN
    const message = errorOf(() => DnsSelector.of({ namespace: 'Kube_System', podLabels: { app: 'coredns' } }));

    // THEN
    expect(message).toContain("DnsSelector.of: namespace 'Kube_System' is not a valid DNS-1123 label");
  });

  test('fails when of() gets no pod labels', () => {
    // WHEN
    const message = errorOf(() => DnsSelector.of({ namespace: 'kube-system', podLabels: {} }));

    // THEN
    expect(message).toContain('DnsSelector.of: podLabels is empty');
  });

  test.each([[0], [65536]])('fails when of() gets port %d', (port) => {
    // WHEN
    const message = errorOf(() => DnsSelector.of({ namespace: 'kube-system', podLabels: { app: 'coredns' }, port }));

    // THEN
    expect(message).toContain(`DnsSelector.of: port must be a port number in 1-65535, got ${port}`);
  });
});
