import { deployment, findingsOf, objectsOf, service } from '../manifests';

const RULE = 'service-selector-matches-nothing';

describe('lint', () => {
  describe('service-selector-matches-nothing', () => {
    test('is silent when the selector matches a pod template of the namespace', () => {
      expect(objectsOf(RULE, [deployment('production', 'api'), service('production', 'api')])).toEqual([]);
    });

    test('matches on a subset of the pod labels', () => {
      const d = deployment('production', 'api', {}, { 'app.kubernetes.io/name': 'api', 'tier': 'backend' });
      expect(objectsOf(RULE, [d, service('production', 'api')])).toEqual([]);
    });

    test('is silent for a Service a mesh route is attached to (its traffic goes to the route\'s backends)', () => {
      // GIVEN an apex Service without pods and a GAMMA HTTPRoute attached to it, sending to the api Service
      const apex = service('production', 'web-apex', { selector: { app: 'web-apex' } });
      const split = (parentRefs: any[]) => ({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'web-split', namespace: 'production' },
        spec: { parentRefs, rules: [{ backendRefs: [{ name: 'api', port: 80 }] }] },
      });
      const objects = [deployment('production', 'api'), service('production', 'api'), apex];
      expect(objectsOf(RULE, [...objects, split([{ group: '', kind: 'Service', name: 'web-apex', port: 80 }])])).toEqual([]);
      // THEN without the route, or with a route attached to a Gateway, it is reported
      expect(objectsOf(RULE, objects)).toEqual(['Service/production/web-apex']);
      expect(objectsOf(RULE, [...objects, split([{ name: 'web-apex' }])])).toEqual(['Service/production/web-apex']);
    });

    test('reports a typo in the selector, naming the closest pod template and the fix', () => {
      const findings = findingsOf(RULE, [deployment('production', 'api'), service('production', 'api', { selector: { 'app.kubernetes.io/name': 'apii' } })]);
      expect(findings).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'Service/production/api',
        message: 'Service production/api selects app.kubernetes.io/name=apii but no pod template in production has those labels '
          + '(Deployment production/api has app.kubernetes.io/name=api); fix the selector or the pod labels',
      }]);
    });

    test('names only labels the closest pod template carries (a key Object.prototype has is no label)', () => {
      const selector = { 'app.kubernetes.io/name': 'api', 'constructor': 'x' };
      const [finding] = findingsOf(RULE, [deployment('production', 'api'), service('production', 'api', { selector })]);
      expect(finding.message).toContain('(Deployment production/api has app.kubernetes.io/name=api)');
      expect(finding.message).not.toContain('native code');
    });

    test('counts pods the analysis assumes (an operator\'s pods given as extra workloads), in the Service\'s namespace only', () => {
      // GIVEN a Service for pods a Prometheus operator creates, which the manifests do not hold
      const selector = { 'app.kubernetes.io/name': 'prometheus', 'prometheus': 'k8s' };
      const objects = [service('monitoring', 'prometheus-k8s', { selector }), service('production', 'prometheus-k8s', { selector })];
      const options = { reachability: { extraWorkloads: [{ namespace: 'monitoring', name: 'prometheus-k8s', podLabels: { ...selector, 'app.kubernetes.io/part-of': 'kube-prometheus' } }] } };
      // THEN the Service next to the assumed pods has endpoints; the same selector in another namespace still selects nothing
      expect(objectsOf(RULE, objects)).toEqual(['Service/monitoring/prometheus-k8s', 'Service/production/prometheus-k8s']);
      expect(objectsOf(RULE, objects, options)).toEqual(['Service/production/prometheus-k8s']);
    });

    test('reports a selector that matches pods of another namespace only', () => {
      expect(objectsOf(RULE, [deployment('staging', 'api'), service('production', 'api')])).toEqual(['Service/production/api']);
    });

    test('defaults a missing namespace to default', () => {
      const d = deployment('default', 'api');
      delete d.metadata.namespace;
      const s = service('default', 'api');
      delete s.metadata.namespace;
      expect(objectsOf(RULE, [d, s])).toEqual([]);
    });

    test('ignores Services without selector and ExternalName Services', () => {
      expect(objectsOf(RULE, [
        service('production', 'external', { selector: undefined }),
        service('production', 'alias', { type: 'ExternalName', externalName: 'db.example.com', selector: { app: 'x' } }),
      ])).toEqual([]);
    });

    test('is silent for a Service in front of an operator\'s custom resource with a matching pod template (an Argo Rollout)', () => {
      const rollout = {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: { name: 'web', namespace: 'shop' },
        spec: { selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } }, template: { metadata: { labels: { 'app.kubernetes.io/name': 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } },
      };
      expect(objectsOf(RULE, [rollout, service('shop', 'web')])).toEqual([]);
      // a template in another namespace does not count
      expect(objectsOf(RULE, [{ ...rollout, metadata: { name: 'web', namespace: 'other' } }, service('shop', 'web')])).toEqual(['Service/shop/web']);
    });
  });
});
