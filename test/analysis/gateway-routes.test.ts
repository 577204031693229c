import { Reachability } from '../../src';
import { gatewayApiModel, hostnamesIntersect } from '../../src/analysis/_gateway';
import { gateway, listener, referenceGrant, route } from '../lint/gateway-manifests';
import { deployment, networkPolicy, service } from '../lint/manifests';

const DATA_PLANE = 'netpatterns.dev/gateway-data-plane';

/** A Gateway declaring proxies in `edge-system` labelled proxy=edge, 80 → 8080 and 443 → 8443. */
function declaredGateway(extra: any = {}): any {
  const gw = gateway('edge', 'public', [listener('http', { from: 'All' }), listener('https', { port: 443, protocol: 'HTTPS', from: 'All' })]);
  gw.metadata.annotations = {
    [DATA_PLANE]: JSON.stringify({ namespace: 'edge-system', podLabels: { proxy: 'edge' }, ports: [{ listenerPort: 80, containerPort: 8080 }, { listenerPort: 443, containerPort: 8443 }] }),
    ...extra,
  };
  return gw;
}

describe('Gateway API in the analyzer', () => {
  describe('hostname intersection (Gateway API Hostname semantics)', () => {
    test.each([
      [undefined, 'shop.example.com', true],
      ['shop.example.com', 'shop.example.com', true],
      ['shop.example.com', 'api.example.com', false],
      ['*.example.com', 'shop.example.com', true],
      ['*.example.com', 'a.b.example.com', true],
      ['*.example.com', 'example.com', false],
      ['shop.example.com', '*.example.com', true],
      ['*.example.com', '*.shop.example.com', true],
      ['*.example.org', '*.example.com', false],
    ])('listener %s and route %s intersect: %s', (l, r, expected) => {
      expect(hostnamesIntersect(l, r)).toBe(expected);
    });
  });

  describe('attachment', () => {
    test.each([
      ['a sectionName naming a listener', route('HTTPRoute', 'shop', 'a', 'edge/public', { sectionName: 'http' }), undefined, ['http']],
      ['no sectionName: every listener of the kind', route('HTTPRoute', 'shop', 'a', 'edge/public'), undefined, ['http', 'https']],
      ['a TLSRoute on HTTP listeners', route('TLSRoute', 'shop', 'a', 'edge/public'), 'protocol', []],
      ['a missing sectionName', route('HTTPRoute', 'shop', 'a', 'edge/public', { sectionName: 'grpc' }), 'no-listener', []],
      ['a Gateway not in the manifests', route('HTTPRoute', 'shop', 'a', 'edge/other'), 'no-gateway', []],
    ])('%s', (_what, r, failure, listeners) => {
      const model = gatewayApiModel([declaredGateway(), r]);
      expect(model.attachments.map(a => [a.failure, a.listeners.map(l => l.name)])).toEqual([[failure, listeners]]);
    });

    test('a parentRef port picks the listeners on that port', () => {
      const r = route('HTTPRoute', 'shop', 'a', 'edge/public');
      r.spec.parentRefs[0].port = 443;
      expect(gatewayApiModel([declaredGateway(), r]).attachments[0].listeners.map(l => l.name)).toEqual(['https']);
    });

    test('allowedRoutes.kinds narrows what a listener accepts', () => {
      const gw = gateway('edge', 'public', [{ ...listener('http', { from: 'All' }), allowedRoutes: { namespaces: { from: 'All' }, kinds: [{ kind: 'GRPCRoute' }] } }]);
      expect(gatewayApiModel([gw, route('HTTPRoute', 'shop', 'a', 'edge/public')]).attachments[0].failure).toBe('protocol');
    });
  });

  describe('the declared data plane', () => {
    test('is assumed as a workload with the mapped container ports, reaching only what policies allow', () => {
      // GIVEN a routed app admitting the proxies, and an app that does not
      const objects = [
        declaredGateway(),
        deployment('shop', 'api'), service('shop', 'api'),
        deployment('shop', 'db'), service('shop', 'db'),
        networkPolicy('shop', 'api-ingress', {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge-system' } }, podSelector: { matchLabels: { proxy: 'edge' } } }], ports: [{ port: 8080 }] }],
        }),
        networkPolicy('shop', 'db-ingress', { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'db' } }, policyTypes: ['Ingress'] }),
        route('HTTPRoute', 'shop', 'api', 'edge/public', { sectionName: 'https' }),
        route('HTTPRoute', 'shop', 'db', 'edge/public', { sectionName: 'https', hostnames: ['db.example.com'] }),
      ];
      // WHEN
      const r = Reachability.fromManifests(objects);
      // THEN
      expect(r.workloads).toContain('edge-system/public-data-plane');
      expect(r.canBeReachedFrom('203.0.113.1', 'edge-system/public-data-plane', 8443)).toBe(true);
      expect(r.gatewayRoutes().map(p => [p.route, p.proxyPort, p.workload, p.podPort, p.toWorkload])).toEqual([
        ['HTTPRoute/shop/api', 8443, 'shop/api', 8080, true],
        ['HTTPRoute/shop/db', 8443, 'shop/db', 8080, false],
      ]);
      expect(r.explain('edge-system/public-data-plane', 'shop/db', 8080)).toContain('→ HTTPRoute/shop/db → Service shop/db:80 → shop/db:8080');
    });

    test('goes through the cluster tiers: an AdminNetworkPolicy Deny overrides the NetworkPolicy that admits the proxies', () => {
      // GIVEN shop/api admitting the proxies by NetworkPolicy, and an ANP denying shop ingress from edge-system
      const objects = [
        declaredGateway(),
        deployment('shop', 'api'), service('shop', 'api'),
        networkPolicy('shop', 'api-ingress', {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge-system' } } }], ports: [{ port: 8080 }] }],
        }),
        route('HTTPRoute', 'shop', 'api', 'edge/public', { sectionName: 'https' }),
      ];
      const deny = {
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'AdminNetworkPolicy',
        metadata: { name: 'no-edge-into-shop' },
        spec: {
          priority: 5,
          subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } },
          ingress: [{ action: 'Deny', from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'edge-system' } } }] }],
        },
      };
      // WHEN analyzed without and with the ANP
      const toWorkload = (extra: any[]) => Reachability.fromManifests([...objects, ...extra]).gatewayRoutes().map(p => [p.workload, p.toWorkload]);
      // THEN the route reaches shop/api only without the ANP
      expect(toWorkload([])).toEqual([['shop/api', true]]);
      expect(toWorkload([deny])).toEqual([['shop/api', false]]);
    });

    test('is not assumed when the manifests hold the proxy pods', () => {
      const proxies = deployment('edge-system', 'envoy', {}, { proxy: 'edge' });
      const r = Reachability.fromManifests([declaredGateway(), proxies]);
      expect(r.workloads.filter(w => w.startsWith('edge-system/'))).toEqual(['edge-system/envoy']);
    });

    test('is ignored when the annotation is not the JSON the library writes', () => {
      const r = Reachability.fromManifests([declaredGateway({ [DATA_PLANE]: 'envoy' })]);
      expect(r.workloads.filter(w => w.startsWith('edge-system/'))).toEqual([]);
    });

    test('brings cert-manager\'s solver pod into the namespace of a Gateway annotated with an issuer', () => {
      const r = Reachability.fromManifests([declaredGateway({ 'cert-manager.io/cluster-issuer': 'letsencrypt' })]);
      expect(r.workloads).toContain('edge/cm-acme-http-solver');
      expect(Reachability.fromManifests([declaredGateway({ 'cert-manager.io/cluster-issuer': 'le' })], { assumeAcmeSolvers: false }).workloads)
        .not.toContain('edge/cm-acme-http-solver');
    });
  });

  test('a cross-namespace backend is followed only with a ReferenceGrant', () => {
    const base = [declaredGateway(), deployment('shop', 'api'), service('shop', 'api'), route('HTTPRoute', 'edge', 'shared', 'edge/public', { backend: 'api', backendNamespace: 'shop' })];
    expect(Reachability.fromManifests(base).gatewayRoutes()).toEqual([]);
    expect(Reachability.fromManifests([...base, referenceGrant('shop', 'HTTPRoute', 'edge')]).gatewayRoutes().map(p => p.workload)).toEqual(['shop/api', 'shop/api']);
  });
});
