import { allowDns, networkPolicy, objectsOf, reported } from '../manifests';

const RULE = 'dns-egress-udp-only';
const DNS_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};

/** An egress policy allowing `ports` to the DNS pods. */
function dnsPolicy(ports: any[]): any {
  return networkPolicy('shop', 'dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [DNS_PEER], ports }] });
}

describe('lint', () => {
  describe('dns-egress-udp-only', () => {
    test('is silent for UDP and TCP 53', () => {
      expect(objectsOf(RULE, [allowDns('shop')])).toEqual([]);
    });

    test('is silent when another egress rule of the policy allows TCP 53, or every port', () => {
      const twoRules = networkPolicy('shop', 'dns', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [DNS_PEER], ports: [{ protocol: 'UDP', port: 53 }] }, { to: [DNS_PEER], ports: [{ protocol: 'TCP', port: 53 }] }],
      });
      const allPorts = networkPolicy('shop', 'dns', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [DNS_PEER], ports: [{ protocol: 'UDP', port: 53 }] }, { to: [DNS_PEER] }],
      });
      expect(objectsOf(RULE, [twoRules, allPorts])).toEqual([]);
    });

    test('is silent for a policy that opens no DNS at all', () => {
      expect(objectsOf(RULE, [dnsPolicy([{ protocol: 'TCP', port: 443 }])])).toEqual([]);
    });

    test('reports UDP 53 without TCP 53', () => {
      expect(reported(RULE, [dnsPolicy([{ protocol: 'UDP', port: 53 }])])).toEqual([[
        'NetworkPolicy/shop/dns',
        'NetworkPolicy shop/dns allows DNS egress on UDP 53 (spec.egress[0]) but not on TCP 53, so answers too large for UDP fail; '
          + 'add { protocol: TCP, port: 53 } to the same rule',
      ]]);
    });

    test('counts a UDP port range covering 53 and the named port dns', () => {
      expect(objectsOf(RULE, [dnsPolicy([{ protocol: 'UDP', port: 1, endPort: 1024 }])])).toEqual(['NetworkPolicy/shop/dns']);
      expect(objectsOf(RULE, [dnsPolicy([{ protocol: 'UDP', port: 'dns' }])])).toEqual(['NetworkPolicy/shop/dns']);
    });

    test('is silent when another egress policy for the same pods opens TCP 53 (policies add up)', () => {
      const peers = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }];
      const udp = networkPolicy('shop', 'dns-udp', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: peers, ports: [{ protocol: 'UDP', port: 53 }] }] });
      const tcp = (podSelector: any) => networkPolicy('shop', 'dns-tcp', { podSelector, policyTypes: ['Egress'], egress: [{ to: peers, ports: [{ protocol: 'TCP', port: 53 }] }] });
      expect(objectsOf(RULE, [udp, tcp({ matchLabels: { app: 'web' } })])).toEqual([]);
      expect(objectsOf(RULE, [udp, tcp({})])).toEqual([]);
      // for other pods, or in another namespace, it does not count
      expect(objectsOf(RULE, [udp, tcp({ matchLabels: { app: 'api' } })])).toEqual(['NetworkPolicy/shop/dns-udp']);
    });

    test('takes a sibling with the same pods written in another order, and leaves out policies that do not isolate egress', () => {
      const peers = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }];
      const udp = networkPolicy('shop', 'dns-udp', { podSelector: { matchLabels: { app: 'web', tier: 'front' } }, policyTypes: ['Egress'], egress: [{ to: peers, ports: [{ protocol: 'UDP', port: 53 }] }] });
      const tcp = (policyTypes: string[]) => networkPolicy('shop', 'dns-tcp', { podSelector: { matchLabels: { tier: 'front', app: 'web' } }, policyTypes, egress: [{ to: peers, ports: [{ protocol: 'TCP', port: 53 }] }] });
      expect(objectsOf(RULE, [udp, tcp(['Egress'])])).toEqual([]);
      // an Ingress-only sibling opens nothing for egress
      expect(objectsOf(RULE, [udp, tcp(['Ingress'])])).toEqual(['NetworkPolicy/shop/dns-udp']);
      // an Ingress-only policy's egress rules never apply
      expect(objectsOf(RULE, [{ ...udp, spec: { ...udp.spec, policyTypes: ['Ingress'] } }])).toEqual([]);
    });

    test('reads CoreDNS\'s port names by protocol: dns is UDP, dns-tcp is TCP', () => {
      const peers = [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }];
      const named = (tcpName: string) => networkPolicy('shop', 'dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: peers, ports: [{ protocol: 'UDP', port: 'dns' }, { protocol: 'TCP', port: tcpName }] }] });
      expect(objectsOf(RULE, [named('dns-tcp')])).toEqual([]);
      expect(objectsOf(RULE, [named('dns')])).toEqual(['NetworkPolicy/shop/dns']);
    });
  });
});
