import { findingsOf, networkPolicy, objectsOf, reported } from '../manifests';

const RULE = 'network-policy-peer-any-namespace';

/** An ingress policy of shop/api admitting `peer`. */
function admitting(peer: any): any {
  return networkPolicy('shop', 'api-ingress', {
    podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
    policyTypes: ['Ingress'],
    ingress: [{ from: [peer], ports: [{ port: 8080 }] }],
  });
}

describe('lint', () => {
  describe('network-policy-peer-any-namespace', () => {
    test('is silent for a peer pinned to a namespace by name', () => {
      const peer = {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      };
      expect(objectsOf(RULE, [admitting(peer)])).toEqual([]);
    });

    test('is silent for a podSelector alone (the policy\'s namespace) and for every pod of every namespace', () => {
      expect(objectsOf(RULE, [admitting({ podSelector: { matchLabels: { role: 'frontend' } } })])).toEqual([]);
      expect(objectsOf(RULE, [admitting({ namespaceSelector: {}, podSelector: {} })])).toEqual([]);
    });

    test('reports namespaceSelector {} with pod labels', () => {
      expect(reported(RULE, [admitting({ namespaceSelector: {}, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } })])).toEqual([[
        'NetworkPolicy/shop/api-ingress',
        'NetworkPolicy shop/api-ingress spec.ingress[0].from[0]: namespaceSelector {} with podSelector app.kubernetes.io/name=prometheus '
          + 'matches pods with those labels in every namespace, which anyone creating pods can copy; '
          + 'pin the namespace with namespaceSelector.matchLabels kubernetes.io/metadata.name: <namespace>',
      ]]);
    });

    test('checks egress peers too', () => {
      const policy = networkPolicy('shop', 'api-egress', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'db' } } }] }],
      });
      const [finding] = findingsOf(RULE, [policy]);
      expect(finding.severity).toBe('warning');
      expect(finding.message).toMatch(/^NetworkPolicy shop\/api-egress spec\.egress\[0\]\.to\[0\]: namespaceSelector \{\}/);
    });
  });
});
