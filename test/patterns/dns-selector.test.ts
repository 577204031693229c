import { Testing } from 'cdk8s';
import { errorOf, find, objectsOf, zeroTrust } from './_helpers';
import { DnsSelector } from '../../src';

const KUBE_DNS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};

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
