import { gateway, listener, referenceGrant, route } from '../gateway-manifests';
import { deployment, findingsOf, objectsOf, service } from '../manifests';

const RULE = 'gateway-route-reference-grant-missing';
const app = [deployment('shop', 'api'), service('shop', 'api'), gateway('infra', 'public', [listener('http')])];
const shared = route('HTTPRoute', 'infra', 'public', 'infra/public', { backend: 'api', backendNamespace: 'shop' });

describe('lint', () => {
  describe(RULE, () => {
    test('is silent for a backend in the route\'s namespace', () => {
      expect(objectsOf(RULE, [...app, route('HTTPRoute', 'shop', 'api', 'infra/public')])).toEqual([]);
    });

    test.each([
      ['for that Service', 'api'],
      ['for every Service', undefined],
    ])('is silent with a ReferenceGrant %s', (_what, name) => {
      expect(objectsOf(RULE, [...app, shared, referenceGrant('shop', 'HTTPRoute', 'infra', name)])).toEqual([]);
    });

    test('is silent for a mesh (GAMMA) route, whose parents are Services, but not for one that also has a Gateway parent', () => {
      // GIVEN an HTTPRoute in consumer attached to Service shop/api, sending to shop/api (GEP-1294: no ReferenceGrant needed)
      const mesh = (parentRefs: any[]) => ({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'api-timeout', namespace: 'consumer' },
        spec: { parentRefs, rules: [{ backendRefs: [{ name: 'api', namespace: 'shop', port: 80 }] }] },
      });
      const serviceParent = { group: '', kind: 'Service', name: 'api', namespace: 'shop' };
      expect(objectsOf(RULE, [...app, mesh([serviceParent])])).toEqual([]);
      expect(objectsOf(RULE, [...app, mesh([serviceParent, { name: 'public', namespace: 'infra' }])])).toEqual(['HTTPRoute/consumer/api-timeout']);
    });

    test('reports a cross-namespace backend without a ReferenceGrant', () => {
      expect(findingsOf(RULE, [...app, shared])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'HTTPRoute/infra/public',
        message: 'HTTPRoute infra/public sends traffic to Service shop/api, but no ReferenceGrant in shop allows HTTPRoutes from infra to reach it; '
          + 'add a ReferenceGrant in shop (from: HTTPRoute in infra, to: Service api)',
      }]);
    });

    test.each([
      ['another route kind', referenceGrant('shop', 'GRPCRoute', 'infra')],
      ['another source namespace', referenceGrant('shop', 'HTTPRoute', 'edge')],
      ['another Service', referenceGrant('shop', 'HTTPRoute', 'infra', 'web')],
      ['routes of another group', withGroups(referenceGrant('shop', 'HTTPRoute', 'infra'), 'wrong.example.io', '')],
      ['a kind Service of another group', withGroups(referenceGrant('shop', 'HTTPRoute', 'infra'), 'gateway.networking.k8s.io', 'apps')],
    ])('reports a ReferenceGrant for %s', (_what, grant) => {
      expect(objectsOf(RULE, [...app, shared, grant])).toEqual(['HTTPRoute/infra/public']);
    });
  });
});

/** `grant` with its from / to groups replaced. */
function withGroups(grant: any, fromGroup: string, toGroup: string): any {
  return {
    ...grant,
    spec: {
      from: grant.spec.from.map((f: any) => ({ ...f, group: fromGroup })),
      to: grant.spec.to.map((t: any) => ({ ...t, group: toGroup })),
    },
  };
}
