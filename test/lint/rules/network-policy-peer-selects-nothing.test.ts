import { deployment, findingsOf, ingress, namespace, networkPolicy, objectsOf } from '../manifests';

const RULE = 'network-policy-peer-selects-nothing';

/** A policy on the api pods of `ns` admitting `peers` on 8080. */
function admit(ns: string, peers: any[], name = 'api-ingress'): any {
  return networkPolicy(ns, name, {
    podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
    ingress: [{ from: peers, ports: [{ port: 8080 }] }],
  });
}

const pods = (...labels: string[]) => ({ matchLabels: { 'app.kubernetes.io/name': labels[0] } });
const ns = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });

describe('lint', () => {
  describe('network-policy-peer-selects-nothing', () => {
    const base = [deployment('production', 'api'), deployment('production', 'web')];

    test('is silent for a podSelector that matches a pod of the namespace', () => {
      expect(objectsOf(RULE, [...base, admit('production', [{ podSelector: pods('web') }])])).toEqual([]);
    });

    test('is silent for empty selectors and ipBlocks', () => {
      expect(objectsOf(RULE, [...base, admit('production', [{ podSelector: {} }, { namespaceSelector: {} }, { ipBlock: { cidr: '10.0.0.0/8' } }])])).toEqual([]);
    });

    test('reports a podSelector typo with the closest pod', () => {
      expect(findingsOf(RULE, [...base, admit('production', [{ podSelector: pods('webb') }])])).toEqual([{
        severity: 'warning',
        rule: RULE,
        object: 'NetworkPolicy/production/api-ingress',
        message: 'NetworkPolicy production/api-ingress spec.ingress[0].from[0]: podSelector app.kubernetes.io/name=webb matches no pod in production '
          + '(Deployment production/api has app.kubernetes.io/name=api); fix the selector or the pod labels',
      }]);
    });

    test('checks egress peers too', () => {
      const egress = networkPolicy('production', 'web-egress', { podSelector: pods('web'), policyTypes: ['Egress'], egress: [{ to: [{ podSelector: pods('apii') }] }] });
      expect(findingsOf(RULE, [...base, egress])[0].message).toMatch(/^NetworkPolicy production\/web-egress spec.egress\[0\].to\[0\]: podSelector app.kubernetes.io\/name=apii/);
    });

    test('names the rule and the peer by their positions, ingress and egress alike', () => {
      const policy = networkPolicy('production', 'web-both', {
        podSelector: pods('web'),
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{ from: [{ podSelector: pods('api') }] }, { from: [{ podSelector: pods('api') }, { podSelector: pods('nope') }] }],
        egress: [{ to: [{ podSelector: pods('api') }] }, { to: [{ ipBlock: { cidr: '10.0.0.0/8' } }, { podSelector: pods('gone') }] }],
      });
      expect(findingsOf(RULE, [...base, policy]).map((f) => f.message.split(': ')[0])).toEqual([
        'NetworkPolicy production/web-both spec.egress[1].to[1]',
        'NetworkPolicy production/web-both spec.ingress[1].from[1]',
      ]);
    });

    test('supports matchExpressions', () => {
      const sel = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['web', 'batch'] }] };
      expect(objectsOf(RULE, [...base, admit('production', [{ podSelector: sel }])])).toEqual([]);
      const none = { matchExpressions: [{ key: 'tier', operator: 'Exists' }] };
      expect(findingsOf(RULE, [...base, admit('production', [{ podSelector: none }])])[0].message).toMatch(/podSelector tier Exists matches no pod in production/);
    });

    test('skips peers into namespaces the manifests do not describe', () => {
      expect(objectsOf(RULE, [...base, admit('production', [{ namespaceSelector: ns('monitoring'), podSelector: pods('prometheus') }])])).toEqual([]);
    });

    test('skips CoreDNS in an undescribed kube-system, whatever the podSelector', () => {
      expect(objectsOf(RULE, [...base, admit('production', [{ namespaceSelector: ns('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'coredns' } } }])])).toEqual([]);
    });

    test('reports a podSelector into a described namespace that matches no pod there', () => {
      const objects = [...base, namespace('frontend'), deployment('frontend', 'web'), admit('production', [{ namespaceSelector: ns('frontend'), podSelector: pods('site') }])];
      expect(findingsOf(RULE, objects)[0].message).toMatch(/podSelector app.kubernetes.io\/name=site matches no pod in frontend \(Deployment frontend\/web has app.kubernetes.io\/name=web\)/);
    });

    test('counts the assumed ingress controller when the manifests describe its namespace and hold an Ingress', () => {
      const peer = { namespaceSelector: ns('ingress-nginx'), podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } };
      const objects = [...base, namespace('ingress-nginx'), admit('production', [peer])];
      expect(objectsOf(RULE, [...objects, ingress('production', 'api', 'api.example.com', 'api')])).toEqual([]);
      expect(objectsOf(RULE, objects)).toEqual(['NetworkPolicy/production/api-ingress']);
    });

    test('counts the assumed ACME solver of a namespace with a cert-manager Ingress', () => {
      const solver = networkPolicy('production', 'solver', {
        podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } },
        ingress: [{ from: [{ podSelector: pods('api') }] }],
        egress: [],
      });
      const peer = admit('production', [{ podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } } }]);
      const i = ingress('production', 'api', 'api.example.com', 'api', { number: 80 }, { metadata: { annotations: { 'cert-manager.io/cluster-issuer': 'le' } } });
      expect(objectsOf(RULE, [...base, solver, peer, i])).toEqual([]);
      expect(objectsOf(RULE, [...base, peer])).toEqual(['NetworkPolicy/production/api-ingress']);
    });

    test('counts extra workloads of the options', () => {
      const peer = admit('production', [{ podSelector: pods('agent') }]);
      const options = { reachability: { extraWorkloads: [{ namespace: 'production', name: 'agent', podLabels: { 'app.kubernetes.io/name': 'agent' } }] } };
      expect(objectsOf(RULE, [...base, peer], options)).toEqual([]);
    });

    test('reports selecting a namespace by a name label it does not carry', () => {
      const objects = [...base, namespace('frontend'), deployment('frontend', 'web'), admit('production', [{ namespaceSelector: { matchLabels: { name: 'frontend' } } }])];
      expect(findingsOf(RULE, objects)[0].message).toBe('NetworkPolicy production/api-ingress spec.ingress[0].from[0]: namespaceSelector name=frontend matches no namespace: '
        + 'Namespace frontend has no label name; select it with kubernetes.io/metadata.name=frontend or add the label to the Namespace');
    });

    test('is silent for a label selector that matches a Namespace of the manifests, or that may match namespaces outside them', () => {
      const objects = [...base, namespace('frontend', { team: 'web' }), deployment('frontend', 'web')];
      expect(objectsOf(RULE, [...objects, admit('production', [{ namespaceSelector: { matchLabels: { team: 'web' } } }])])).toEqual([]);
      expect(objectsOf(RULE, [...objects, admit('production', [{ namespaceSelector: { matchLabels: { team: 'payments' } } }])])).toEqual([]);
    });

    test('reports a pinned namespace that lacks the other required labels', () => {
      const peer = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'frontend', 'team': 'web' } } };
      const objects = [...base, namespace('frontend'), deployment('frontend', 'web'), admit('production', [peer])];
      expect(findingsOf(RULE, objects)[0].message).toMatch(/matches no namespace: Namespace frontend lacks the other labels it requires; fix the selector or label the Namespace$/);
    });

    test('cannot judge the labels of a namespace without a Namespace object', () => {
      const peer = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'frontend', 'team': 'web' } } };
      expect(objectsOf(RULE, [...base, deployment('frontend', 'web'), admit('production', [peer])])).toEqual([]);
    });

    test('reports a namespaceSelector that contradicts itself', () => {
      const peer = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'a' }, matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['b'] }] } };
      expect(findingsOf(RULE, [...base, admit('production', [peer])])[0].message).toMatch(/contradicts itself/);
    });
  });
});
