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

    test('wants a UDP Service port for a UDPRoute, a TCP one for the other kinds', () => {
      const dns = service('shop', 'dns', { ports: [{ name: 'dns-tcp', port: 53, targetPort: 1053 }] });
      const udp = route('UDPRoute', 'shop', 'dns', 'infra/public', { port: 53 });
      delete udp.spec.hostnames;
      expect(findingsOf(RULE, [...app, dns, udp]).map(f => f.message)).toEqual([
        'UDPRoute shop/dns sends UDP traffic to Service shop/dns port 53, but the Service serves that port over TCP only; add a UDP port to the Service',
      ]);
      const both = service('shop', 'dns', { ports: [{ name: 'dns-tcp', port: 53, targetPort: 1053 }, { name: 'dns', port: 53, targetPort: 1053, protocol: 'UDP' }] });
      expect(objectsOf(RULE, [...app, both, udp])).toEqual([]);
      expect(objectsOf(RULE, [...app, both, route('HTTPRoute', 'shop', 'dns', 'infra/public', { port: 53 })])).toEqual([]);
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
