import { gateway, listener, route } from '../gateway-manifests';
import { deployment, findingsOf, objectsOf, service } from '../manifests';

const RULE = 'gateway-route-kind-conflict';
const app = [deployment('shop', 'web'), service('shop', 'web'), deployment('shop', 'rpc'), service('shop', 'rpc')];
const gw = gateway('infra', 'public', [listener('http', { from: 'All' })]);

describe('lint', () => {
  describe(RULE, () => {
    test('reports an HTTPRoute and a GRPCRoute on one listener for one hostname, naming which one an implementation keeps', () => {
      const objects = [...app, gw, route('HTTPRoute', 'shop', 'web', 'infra/public'), route('GRPCRoute', 'shop', 'rpc', 'infra/public')];
      expect(findingsOf(RULE, objects)).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'GRPCRoute/shop/rpc',
        message: "GRPCRoute shop/rpc and HTTPRoute shop/web attach to Gateway infra/public listener 'http' (HTTP 80) for hostname shop.example.com; "
          + 'an implementation accepts only the oldest of them (of routes as old, the first by namespace/name: GRPCRoute shop/rpc) — give the gRPC '
          + 'service a hostname of its own, or put it on another listener',
      }]);
    });

    test.each([
      ['a wildcard covering the other', ['*.example.com'], ['shop.example.com'], 'shop.example.com'],
      ['two wildcards, one inside the other', ['*.example.com'], ['*.shop.example.com'], '*.shop.example.com'],
      ['an HTTPRoute without hostnames (it serves every hostname of the listener)', [], ['rpc.example.com'], 'rpc.example.com'],
      ['two routes without hostnames', [], [], 'any hostname'],
    ])('reports intersecting hostnames: %s', (_case, httpHosts, grpcHosts, shared) => {
      const objects = [...app, gw, route('HTTPRoute', 'shop', 'web', 'infra/public', { hostnames: httpHosts }),
        route('GRPCRoute', 'shop', 'rpc', 'infra/public', { hostnames: grpcHosts })];
      const findings = findingsOf(RULE, objects);
      expect(findings.map(f => f.object)).toEqual(['GRPCRoute/shop/rpc']);
      expect(findings[0].message).toContain(`listener 'http' (HTTP 80) for hostname ${shared};`);
    });

    test('is silent for distinct hostnames or distinct listeners', () => {
      expect(objectsOf(RULE, [...app, gw, route('HTTPRoute', 'shop', 'web', 'infra/public', { hostnames: ['*.shop.example.com'] }),
        route('GRPCRoute', 'shop', 'rpc', 'infra/public', { hostnames: ['shop.example.com'] })])).toEqual([]);
      const two = gateway('infra', 'public', [listener('http', { from: 'All' }), listener('grpc', { from: 'All', port: 8080 })]);
      expect(objectsOf(RULE, [...app, gw, route('HTTPRoute', 'shop', 'web', 'infra/public'), route('GRPCRoute', 'shop', 'rpc', 'infra/public', { hostnames: ['rpc.example.com'] })])).toEqual([]);
      expect(objectsOf(RULE, [...app, two, route('HTTPRoute', 'shop', 'web', 'infra/public', { sectionName: 'http' }),
        route('GRPCRoute', 'shop', 'rpc', 'infra/public', { sectionName: 'grpc' })])).toEqual([]);
    });
  });
});
