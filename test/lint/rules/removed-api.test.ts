import { deployment, findingsOf, ingress, objectsOf, reported, service } from '../manifests';

const RULE = 'removed-api';
const app = [deployment('production', 'web'), service('production', 'web')];

describe('lint', () => {
  describe('removed-api', () => {
    test('is silent for networking.k8s.io/v1 Ingress and a Service without topologyKeys', () => {
      expect(objectsOf(RULE, [...app, ingress('production', 'web', 'web.example.com', 'web')])).toEqual([]);
    });

    test.each([
      ['extensions/v1beta1', 'Ingress', '1.22'],
      ['networking.k8s.io/v1beta1', 'Ingress', '1.22'],
      ['networking.k8s.io/v1beta1', 'IngressClass', '1.22'],
      ['extensions/v1beta1', 'NetworkPolicy', '1.16'],
      ['discovery.k8s.io/v1beta1', 'EndpointSlice', '1.25'],
    ])('reports %s %s, removed in %s', (apiVersion, kind, removedIn) => {
      const object = { apiVersion, kind, metadata: { name: 'old', namespace: 'production' }, spec: {} };
      const [finding] = findingsOf(RULE, [...app, object]);
      expect(finding.severity).toBe('error');
      expect(finding.message).toMatch(new RegExp(`uses ${apiVersion.replace('.', '\\.')}, which Kubernetes stopped serving in ${removedIn.replace('.', '\\.')}, so the API server rejects it; change it to`));
    });

    test('names an Ingress in extensions/v1beta1 and says how to migrate', () => {
      const old = { apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'legacy', namespace: 'production' }, spec: {} };
      expect(reported(RULE, [old])).toEqual([[
        'Ingress/production/legacy',
        'Ingress production/legacy uses extensions/v1beta1, which Kubernetes stopped serving in 1.22, so the API server rejects it; '
          + 'change it to networking.k8s.io/v1 (backend.service.name / backend.service.port, pathType required)',
      ]]);
    });

    test('reports a Service with topologyKeys', () => {
      expect(reported(RULE, [service('production', 'web', { topologyKeys: ['kubernetes.io/hostname', '*'] })])).toEqual([[
        'Service/production/web',
        'Service production/web sets spec.topologyKeys, removed in Kubernetes 1.22 and ignored since; '
          + 'use the annotation service.kubernetes.io/topology-mode: Auto (topology-aware routing) or internalTrafficPolicy: Local',
      ]]);
    });
  });
});
