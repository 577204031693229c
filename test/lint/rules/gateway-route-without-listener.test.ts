import { gateway, listener, route } from '../gateway-manifests';
import { deployment, findingsOf, objectsOf, service } from '../manifests';

const RULE = 'gateway-route-without-listener';
const app = [deployment('shop', 'api'), service('shop', 'api')];
const gw = gateway('infra', 'public', [listener('http', { from: 'All' }), listener('passthrough', { port: 443, protocol: 'TLS', from: 'All' })]);

describe('lint', () => {
  describe(RULE, () => {
    test('is silent for a route naming an existing listener of its protocol', () => {
      expect(objectsOf(RULE, [...app, gw, route('HTTPRoute', 'shop', 'api', 'infra/public', { sectionName: 'http' })])).toEqual([]);
    });

    test('is silent when the Gateway is not in the manifests (it cannot judge)', () => {
      expect(objectsOf(RULE, [...app, route('HTTPRoute', 'shop', 'api', 'infra/elsewhere', { sectionName: 'nope' })])).toEqual([]);
    });

    test('is silent for a Gateway managed elsewhere, even when the manifests hold other Gateways', () => {
      expect(objectsOf(RULE, [...app, gw, route('HTTPRoute', 'shop', 'api', 'platform/shared')])).toEqual([]);
    });

    test('reports a parentRef without the Gateway\'s namespace, which means the route\'s own', () => {
      const noNamespace = route('HTTPRoute', 'shop', 'api', 'infra/public');
      delete noNamespace.spec.parentRefs[0].namespace;
      expect(findingsOf(RULE, [...app, gw, noNamespace])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'HTTPRoute/shop/api',
        message: 'HTTPRoute shop/api names Gateway shop/public, which the manifests do not hold, but they hold infra/public: the route is not '
          + 'attached — give the parentRef the Gateway\'s namespace (without one it means the route\'s own)',
      }]);
    });

    test('reports a misspelt Gateway name in a namespace whose Gateways the manifests hold', () => {
      expect(findingsOf(RULE, [...app, gw, route('HTTPRoute', 'shop', 'api', 'infra/pubilc')]).map(f => f.message)).toEqual([
        'HTTPRoute shop/api names Gateway infra/pubilc, which the manifests do not hold (namespace infra holds infra/public): the route is not '
          + 'attached — fix the parentRef\'s name',
      ]);
    });

    test('reports a sectionName the Gateway does not have, listing its listeners', () => {
      expect(findingsOf(RULE, [...app, gw, route('HTTPRoute', 'shop', 'api', 'infra/public', { sectionName: 'https' })])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'HTTPRoute/shop/api',
        message: 'HTTPRoute shop/api attaches to listener \'https\' of Gateway infra/public, which has listener \'http\' (HTTP 80), '
          + 'listener \'passthrough\' (TLS 443); the route is not attached — name one of its listeners or add the listener to the Gateway',
      }]);
    });

    test('reports a sectionName and port no listener has together, naming both', () => {
      const r = route('HTTPRoute', 'shop', 'api', 'infra/public', { sectionName: 'http' });
      r.spec.parentRefs[0].port = 8080;
      expect(findingsOf(RULE, [...app, gw, r]).map(f => f.message)).toEqual(['HTTPRoute shop/api attaches to listener \'http\' on port 8080 of Gateway '
        + 'infra/public, which has listener \'http\' (HTTP 80), listener \'passthrough\' (TLS 443); the route is not attached — a listener must '
        + 'match both the sectionName and the port; fix either, or leave the port out']);
    });

    test('names allowedRoutes.kinds when it is what leaves the route out', () => {
      const narrowed = gateway('infra', 'public', [{ ...listener('http', { from: 'All' }), allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ kind: 'GRPCRoute' }] } }]);
      expect(findingsOf(RULE, [...app, narrowed, route('HTTPRoute', 'shop', 'api', 'infra/public')]).map(f => f.message)).toEqual([
        'HTTPRoute shop/api attaches to Gateway infra/public listener \'http\' (HTTP 80), whose allowedRoutes.kinds (GRPCRoute) leave out HTTPRoute '
          + '(group gateway.networking.k8s.io); the route is not attached — add kind HTTPRoute to allowedRoutes.kinds',
      ]);
    });

    test('leaves a Gateway the API server refuses to object-invalid', () => {
      const refused = gateway('infra', 'public', [listener('a', { from: 'All' }), listener('b', { from: 'All' })]);
      expect(findingsOf(RULE, [...app, refused, route('HTTPRoute', 'shop', 'api', 'infra/public')])).toEqual([]);
      expect(findingsOf('object-invalid', [...app, refused]).map(f => f.message)).toEqual([
        "Gateway infra/public: listeners 'a' and 'b' have the same port, protocol and hostname (HTTP 80 without hostname; the combination must be "
          + 'unique); fix it: the API server refuses the Gateway, and no route attaches to it meanwhile',
      ]);
    });

    test('reports a listener of another protocol', () => {
      const [finding] = findingsOf(RULE, [...app, gw, route('TLSRoute', 'shop', 'api', 'infra/public', { sectionName: 'http' })]);
      expect(finding.message).toBe('TLSRoute shop/api attaches to Gateway infra/public listener \'http\' (HTTP 80), which does not accept TLSRoutes '
        + '(protocol HTTP); use a listener of protocol TLS');
      const udp = route('UDPRoute', 'shop', 'api', 'infra/public', { sectionName: 'http' });
      delete udp.spec.hostnames;
      expect(findingsOf(RULE, [...app, gw, udp]).map(f => f.message)).toEqual(['UDPRoute shop/api attaches to Gateway infra/public listener \'http\' (HTTP 80), '
        + 'which does not accept UDPRoutes (protocol HTTP); use a listener of protocol UDP']);
    });
  });
});
