import { allowDns, defaultDeny, deployment, findingsOf, namespace, networkPolicy, objectsOf } from '../manifests';

const RULE = 'default-deny-egress-without-dns';

function egressTo(ns: string, name: string, to: any[], ports: any[]): any {
  return networkPolicy(ns, name, { podSelector: {}, policyTypes: ['Egress'], egress: [{ to, ports }] });
}

describe('lint', () => {
  describe('default-deny-egress-without-dns', () => {
    test('is silent for a default-deny namespace that allows DNS', () => {
      expect(objectsOf(RULE, [deployment('production', 'api'), defaultDeny('production'), allowDns('production')])).toEqual([]);
    });

    test('is silent when no policy isolates egress', () => {
      const ingressOnly = networkPolicy('production', 'deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
      expect(objectsOf(RULE, [deployment('production', 'api'), ingressOnly])).toEqual([]);
    });

    test('reports a default-deny namespace without DNS once, listing the workloads', () => {
      const objects = [namespace('production'), deployment('production', 'api'), deployment('production', 'web'), defaultDeny('production')];
      expect(findingsOf(RULE, objects)).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'Namespace/production',
        message: 'Namespace production: Deployment production/api and Deployment production/web cannot reach DNS (kube-system/coredns UDP 53) '
          + 'under the egress policies of production, so name lookups fail; add an egress NetworkPolicy allowing UDP and TCP 53 '
          + 'to pods k8s-app=kube-dns in namespace kube-system',
      }]);
    });

    test('is silent for an operator whose egress policies allow it only the API server port (MetalLB\'s shipped policies)', () => {
      // GIVEN a deny-all namespace and the controller allowed TCP 6443 (and 443) to anywhere
      const apiOnly = (ports: any[]) => networkPolicy('metallb-system', 'controller', {
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, policyTypes: ['Egress'], egress: [{ ports }],
      });
      const base = [deployment('metallb-system', 'api'), defaultDeny('metallb-system')];
      expect(objectsOf(RULE, [...base, apiOnly([{ protocol: 'TCP', port: 6443 }])])).toEqual([]);
      expect(objectsOf(RULE, [...base, apiOnly([{ protocol: 'TCP', port: 6443 }, { protocol: 'TCP', port: 443 }])])).toEqual([]);
      // THEN 443 alone (any HTTPS server, usually reached by name), or 6443 beside another port, is still reported
      expect(objectsOf(RULE, [...base, apiOnly([{ protocol: 'TCP', port: 443 }])])).toEqual(['Namespace/metallb-system']);
      expect(objectsOf(RULE, [...base, apiOnly([{ protocol: 'TCP', port: 6443 }, { protocol: 'TCP', port: 5432 }])])).toEqual(['Namespace/metallb-system']);
    });

    test('reports on Namespace/<name> even when the manifests hold no Namespace object', () => {
      const denyEgress = networkPolicy('production', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
      expect(objectsOf(RULE, [deployment('production', 'api'), denyEgress])).toEqual(['Namespace/production']);
    });

    test('reports a DNS allowance for TCP only', () => {
      const dnsTcp = egressTo('production', 'dns', [{ namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], [{ port: 53, protocol: 'TCP' }]);
      expect(objectsOf(RULE, [deployment('production', 'api'), defaultDeny('production'), dnsTcp])).toEqual(['Namespace/production']);
    });

    test('reports only the pods that are isolated without DNS', () => {
      const isolateApi = networkPolicy('production', 'api', { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, policyTypes: ['Egress'] });
      const [finding] = findingsOf(RULE, [deployment('production', 'api'), deployment('production', 'web'), isolateApi]);
      expect(finding.message).toMatch(/^Namespace production: Deployment production\/api cannot reach DNS/);
    });

    test('accepts NodeLocal DNSCache', () => {
      const nodeLocal = egressTo('production', 'dns', [{ ipBlock: { cidr: '169.254.20.10/32' } }], [{ port: 53, protocol: 'UDP' }]);
      expect(objectsOf(RULE, [deployment('production', 'api'), defaultDeny('production'), nodeLocal])).toEqual([]);
    });

    test('uses a kube-dns workload of the manifests instead of the assumed CoreDNS', () => {
      const dns = deployment('kube-system', 'kube-dns', {}, { 'k8s-app': 'kube-dns' });
      expect(objectsOf(RULE, [dns, deployment('production', 'api'), defaultDeny('production'), allowDns('production')])).toEqual([]);
      const [finding] = findingsOf(RULE, [dns, deployment('production', 'api'), defaultDeny('production')]);
      expect(finding.message).toMatch(/cannot reach DNS \(kube-system\/kube-dns UDP 53\)/);
    });

    test('cannot judge without a DNS workload', () => {
      expect(objectsOf(RULE, [deployment('production', 'api'), defaultDeny('production')], { reachability: { assumeDns: false } })).toEqual([]);
    });

    test('checks pods with dnsPolicy None against their own nameservers', () => {
      const ownDns = (egress: any[]) => [
        deployment('shop', 'app', { dnsPolicy: 'None', dnsConfig: { nameservers: ['8.8.8.8', '1.1.1.1'] } }),
        defaultDeny('shop'),
        networkPolicy('shop', 'resolvers', { podSelector: {}, policyTypes: ['Egress'], egress }),
      ];
      const toResolvers = [{ to: [{ ipBlock: { cidr: '8.8.8.8/32' } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }];
      expect(objectsOf(RULE, ownDns(toResolvers))).toEqual([]);
      expect(objectsOf(RULE, ownDns([{ to: [{ ipBlock: { cidr: '9.9.9.9/32' } }], ports: [{ protocol: 'UDP', port: 53 }] }]))).toEqual(['Namespace/shop']);
    });

    test('leaves out pods with dnsPolicy Default and host-network pods, and counts Kubespray\'s NodeLocal DNSCache address', () => {
      expect(objectsOf(RULE, [deployment('shop', 'node-dns', { dnsPolicy: 'Default' }), defaultDeny('shop')])).toEqual([]);
      expect(objectsOf(RULE, [deployment('shop', 'agent', { hostNetwork: true }), defaultDeny('shop')])).toEqual([]);
      const kubespray = networkPolicy('shop', 'nodelocal', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '169.254.25.10/32' } }], ports: [{ protocol: 'UDP', port: 53 }] }] });
      expect(objectsOf(RULE, [deployment('shop', 'app'), defaultDeny('shop'), kubespray])).toEqual([]);
    });

    test('takes a dnsPolicy None nameserver that is the kube-dns Service\'s cluster IP for the cluster DNS', () => {
      const kubeDns = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kube-dns', namespace: 'kube-system' }, spec: { clusterIP: '10.96.0.10', selector: { 'k8s-app': 'kube-dns' }, ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] } };
      const app = deployment('shop', 'app', { dnsPolicy: 'None', dnsConfig: { nameservers: ['10.96.0.10'] } });
      expect(objectsOf(RULE, [kubeDns, app, defaultDeny('shop'), allowDns('shop')])).toEqual([]);
      expect(objectsOf(RULE, [kubeDns, app, defaultDeny('shop')])).toEqual(['Namespace/shop']);
    });
  });
});
