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

    test('is silent for distinct hostnames or distinct listeners', () => {
      const two = gateway('infra', 'public', [listener('http', { from: 'All' }), listener('grpc', { from: 'All', port: 8080 })]);
      expect(objectsOf(RULE, [...app, gw, route('HTTPRoute', 'shop', 'web', 'infra/public'), route('GRPCRoute', 'shop', 'rpc', 'infra/public', { hostnames: ['rpc.example.com'] })])).toEqual([]);
      expect(objectsOf(RULE, [...app, two, route('HTTPRoute', 'shop', 'web', 'infra/public', { sectionName: 'http' }),
        route('GRPCRoute', 'shop', 'rpc', 'infra/public', { sectionName: 'grpc' })])).toEqual([]);
    });
  });
});
