import { deployment, findingsOf, ingress, objectsOf, service } from '../manifests';

const RULE = 'ingress-backend-missing';
const app = [deployment('production', 'web'), service('production', 'web')];

describe('lint', () => {
  describe('ingress-backend-missing', () => {
    test('is silent for a backend naming an existing Service port by number', () => {
      expect(objectsOf(RULE, [...app, ingress('production', 'web', 'web.example.com', 'web', { number: 80 })])).toEqual([]);
    });

    test('is silent for a backend naming an existing Service port by name', () => {
      expect(objectsOf(RULE, [...app, ingress('production', 'web', 'web.example.com', 'web', { name: 'http' })])).toEqual([]);
    });

    test('reports a missing Service', () => {
      expect(findingsOf(RULE, [...app, ingress('production', 'web', 'web.example.com', 'webb')])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'Ingress/production/web',
        message: 'Ingress production/web routes web.example.com/ to Service webb, which does not exist in production; create the Service or fix the backend name',
      }]);
    });

    test('says when the Service exists in another namespace only', () => {
      const [finding] = findingsOf(RULE, [...app, ingress('edge', 'web', 'web.example.com', 'web')]);
      expect(finding.message).toMatch(/a Service web exists in production, but Ingress backends cannot cross namespaces/);
    });

    test('reports the container port given instead of the Service port', () => {
      const [finding] = findingsOf(RULE, [...app, ingress('production', 'web', 'web.example.com', 'web', { number: 8080 })]);
      expect(finding.message).toBe('Ingress production/web routes web.example.com/ to Service web port 8080, but Service production/web has ports 80 (http); '
        + 'use one of its Service ports (number or name), not the container port');
    });

    test('reports an unknown port name', () => {
      const [finding] = findingsOf(RULE, [...app, ingress('production', 'web', 'web.example.com', 'web', { name: 'https' })]);
      expect(finding.message).toMatch(/to Service web port name 'https', but Service production\/web has ports 80 \(http\)/);
    });

    test('checks the default backend', () => {
      const i = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'fallback', namespace: 'production' }, spec: { defaultBackend: { service: { name: 'nothing', port: { number: 80 } } } } };
      expect(findingsOf(RULE, [i])[0].message).toMatch(/routes its default backend to Service nothing/);
    });

    test('reads the legacy extensions/v1beta1 backend shape', () => {
      const i = {
        apiVersion: 'extensions/v1beta1',
        kind: 'Ingress',
        metadata: { name: 'old', namespace: 'production' },
        spec: { rules: [{ http: { paths: [{ path: '/x', backend: { serviceName: 'web', servicePort: 81 } }] } }] },
      };
      expect(findingsOf(RULE, [...app, i])[0].message).toMatch(/routes \*\/x to Service web port 81/);
    });

    test('does not check ports of ExternalName Services or resource backends', () => {
      const alias = service('production', 'alias', { type: 'ExternalName', externalName: 'cdn.example.com', selector: undefined, ports: undefined });
      const resource = ingress('production', 'static', 'static.example.com', 'x');
      resource.spec.rules[0].http.paths[0].backend = { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'assets' } };
      expect(objectsOf(RULE, [alias, ingress('production', 'cdn', 'cdn.example.com', 'alias', { number: 443 }), resource])).toEqual([]);
    });
  });
});
