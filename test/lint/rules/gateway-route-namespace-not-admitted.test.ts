import { gateway, listener, route } from '../gateway-manifests';
import { deployment, findingsOf, namespace, objectsOf, service } from '../manifests';

const RULE = 'gateway-route-namespace-not-admitted';
const app = [deployment('shop', 'api'), service('shop', 'api')];

describe('lint', () => {
  describe(RULE, () => {
    test('is silent for a namespace admitted by name', () => {
      const gw = gateway('infra', 'public', [listener('http', { namespaces: ['shop'] })]);
      expect(objectsOf(RULE, [...app, gw, route('HTTPRoute', 'shop', 'api', 'infra/public')])).toEqual([]);
    });

    test('is silent for a namespace admitted by its labels', () => {
      const gw = gateway('infra', 'public', [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'shop' } } } } }]);
      expect(objectsOf(RULE, [...app, namespace('shop', { team: 'shop' }), gw, route('HTTPRoute', 'shop', 'api', 'infra/public')])).toEqual([]);
    });

    test('reports a route from another namespace under the default allowedRoutes (Same)', () => {
      const gw = gateway('infra', 'public', [{ name: 'http', port: 80, protocol: 'HTTP' }]);
      expect(findingsOf(RULE, [...app, gw, route('HTTPRoute', 'shop', 'api', 'infra/public')])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'HTTPRoute/shop/api',
        message: 'HTTPRoute shop/api is in namespace shop, which listener \'http\' (HTTP 80) of Gateway infra/public does not admit; '
          + 'the route is not attached — add shop to the listener\'s allowedRoutes.namespaces',
      }]);
    });

    test('names the listener that serves the hostname, not one that admits the namespace for another hostname', () => {
      // GIVEN listener a serving shop.example.com for its own namespace, and b serving other.example.com for every namespace
      const gw = gateway('infra', 'public', [listener('a', { hostname: 'shop.example.com' }), listener('b', { hostname: 'other.example.com', from: 'All', port: 8080 })]);
      // THEN the fix is a's allowedRoutes, not another listener for the hostname
      expect(findingsOf(RULE, [...app, gw, route('HTTPRoute', 'shop', 'api', 'infra/public')]).map(f => f.message)).toEqual([
        "HTTPRoute shop/api is in namespace shop, which listener 'a' (HTTP 80, hostname shop.example.com) of Gateway infra/public does not admit; "
          + "the route is not attached — add shop to the listener's allowedRoutes.namespaces",
      ]);
      expect(findingsOf('gateway-route-hostname-mismatch', [...app, gw, route('HTTPRoute', 'shop', 'api', 'infra/public')])).toEqual([]);
    });

    test.each(['toString', 'constructor', 'team'])('reports a namespace without the label %s that the selector requires (a key Object.prototype has is no label)', (key) => {
      const selector = { matchExpressions: [{ key, operator: 'Exists' }] };
      const gw = gateway('infra', 'public', [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Selector', selector } } }]);
      expect(objectsOf(RULE, [...app, namespace('shop', { tier: 'web' }), gw, route('HTTPRoute', 'shop', 'api', 'infra/public')])).toEqual(['HTTPRoute/shop/api']);
      expect(objectsOf(RULE, [...app, namespace('shop', { [key]: 'yes' }), gw, route('HTTPRoute', 'shop', 'api', 'infra/public')])).toEqual([]);
    });

    test('reports a namespace missing from a name selector', () => {
      const gw = gateway('infra', 'public', [listener('http', { namespaces: ['checkout'] })]);
      expect(objectsOf(RULE, [...app, gw, route('HTTPRoute', 'shop', 'api', 'infra/public')])).toEqual(['HTTPRoute/shop/api']);
    });
  });
});
