import { gateway, listener, route } from '../gateway-manifests';
import { deployment, findingsOf, objectsOf, service } from '../manifests';

const RULE = 'gateway-route-hostname-mismatch';
const app = [deployment('shop', 'api'), service('shop', 'api')];
const gw = gateway('infra', 'public', [listener('https', { port: 443, protocol: 'HTTPS', hostname: '*.example.com', from: 'All' })]);

describe('lint', () => {
  describe(RULE, () => {
    test.each([
      ['shop.example.com'],
      ['a.b.example.com'],
      ['*.example.com'],
    ])('is silent for %s on a *.example.com listener', host => {
      expect(objectsOf(RULE, [...app, gw, route('HTTPRoute', 'shop', 'api', 'infra/public', { hostnames: [host] })])).toEqual([]);
    });

    test('reports a hostname outside the listener\'s wildcard, naming the listener', () => {
      expect(findingsOf(RULE, [...app, gw, route('HTTPRoute', 'shop', 'api', 'infra/public', { hostnames: ['example.com'] })])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'HTTPRoute/shop/api',
        message: 'HTTPRoute shop/api matches hostnames example.com, which no listener of Gateway infra/public serves '
          + '(listener \'https\' (HTTPS 443, hostname *.example.com)); the route is not attached — add a listener for the hostname or fix the route\'s hostnames',
      }]);
    });
  });
});
