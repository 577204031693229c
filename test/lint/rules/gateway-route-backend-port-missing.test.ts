import { gateway, listener, route } from '../gateway-manifests';
import { deployment, findingsOf, objectsOf, service } from '../manifests';

const RULE = 'gateway-route-backend-port-missing';
const app = [deployment('shop', 'api'), service('shop', 'api'), gateway('infra', 'public', [listener('http', { from: 'All' })])];

describe('lint', () => {
  describe(RULE, () => {
    test('is silent for a backend naming a Service port', () => {
      expect(objectsOf(RULE, [...app, route('HTTPRoute', 'shop', 'api', 'infra/public', { port: 80 })])).toEqual([]);
    });

    test('reports the container port given instead of the Service port', () => {
      expect(findingsOf(RULE, [...app, route('GRPCRoute', 'shop', 'api', 'infra/public', { port: 8080 })])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'GRPCRoute/shop/api',
        message: 'GRPCRoute shop/api sends traffic to Service shop/api port 8080, but the Service has ports 80; use one of its Service ports, not the container port',
      }]);
    });

    test('reports a Service backend without a port, which the route CRDs refuse', () => {
      const r = route('HTTPRoute', 'shop', 'api', 'infra/public');
      delete r.spec.rules[0].backendRefs[0].port;
      expect(findingsOf(RULE, [...app, r]).map(f => f.message)).toEqual(['HTTPRoute shop/api sends traffic to Service shop/api without a port, '
        + 'which the API server refuses ("Must have port for Service reference"); give one of its Service ports (80)']);
    });

    test('reports a Service that is not in the manifests', () => {
      const [finding] = findingsOf(RULE, [...app, route('HTTPRoute', 'shop', 'api', 'infra/public', { backend: 'apii' })]);
      expect(finding.message).toBe('HTTPRoute shop/api sends traffic to Service shop/apii, which is not in the manifests; create it or fix the backend name');
    });
  });
});
