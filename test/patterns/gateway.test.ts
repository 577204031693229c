import { App, Chart, Testing } from 'cdk8s';
import { find, findAll, IMAGE, kindsAndNames, policyNames } from './_helpers';
import {
  AcmeClusterIssuer,
  AcmeSolver,
  AllowedRoutes,
  ExposedApp,
  Exposure,
  Gateway,
  GatewayDataPlane,
  GatewayProps,
  GatewayTls,
  IngressControllerSelector,
  ListenerProtocol,
  Reachability,
  ZeroTrustNamespace,
} from '../../src';
import { expectValidManifests } from '../util';

const ENVOY_LABELS = { 'gateway.envoyproxy.io/owning-gateway-name': 'public', 'gateway.envoyproxy.io/owning-gateway-namespace': 'infra' };

/** An App with a ZeroTrustNamespace `infra` holding Gateway `public`, and a ZeroTrustNamespace `shop`. */
function setup(props: Partial<GatewayProps> = {}, infraIsZeroTrust = true): { app: App; infra: Chart; shop: ZeroTrustNamespace; gw: Gateway } {
  const app = Testing.app();
  const infra = infraIsZeroTrust ? new ZeroTrustNamespace(app, 'infra') : new Chart(app, 'infra', { namespace: 'infra' });
  const gw = new Gateway(infra, 'public', {
    gatewayClassName: 'eg',
    dataPlane: GatewayDataPlane.envoyGateway(),
    allowedRoutes: AllowedRoutes.fromNamespaces(['shop', 'infra']),
    ...props,
  });
  const shop = new ZeroTrustNamespace(app, 'shop');
  return { app, infra, shop, gw };
}

/** An App with an AcmeClusterIssuer `letsencrypt` and Gateway `public` in ZeroTrustNamespace `infra` taking its certificates from it. */
function certManagerGateway(allowedRoutes: AllowedRoutes): { app: App; gw: Gateway } {
  const app = Testing.app();
  const issuer = new AcmeClusterIssuer(new Chart(app, 'platform'), 'letsencrypt', { email: 'ops@example.com' });
  const gw = new Gateway(new ZeroTrustNamespace(app, 'infra'), 'public', {
    gatewayClassName: 'eg',
    dataPlane: GatewayDataPlane.envoyGateway(),
    tls: GatewayTls.fromClusterIssuer(issuer),
    allowedRoutes,
  });
  return { app, gw };
}

/** Every object of every chart of `app`, validated against the schemas. */
function synth(app: App): any[] {
  const objects = app.charts.flatMap(c => Testing.synth(c));
  expectValidManifests(objects);
  return objects;
}

/** The synthesis error of `app` (its validation runs through the first chart). */
function synthError(app: App): string {
  try {
    Testing.synth(app.charts[0]);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synthesis did not fail');
}

function gatewayOf(objects: any[], name = 'public'): any {
  return find(objects, 'Gateway', name);
}

function listeners(objects: any[]): Array<[string, string, number, string | undefined]> {
  return gatewayOf(objects).spec.listeners.map((l: any) => [l.name, l.protocol, l.port, l.hostname]);
}

describe('Gateway', () => {
  test('gives an app routed by addRoute the https URL of its first route', () => {
    // GIVEN a Gateway with TLS routing shop.example.com/api to an app in another namespace
    const { shop, gw } = setup({ tls: GatewayTls.fromSecret('shop-tls') });
    const api = new ExposedApp(shop, 'api', { image: IMAGE });
    // WHEN
    gw.addRoute({ hostnames: ['shop.example.com'], path: '/api', app: api });
    // THEN
    expect(api.url).toBe('https://shop.example.com/api');
  });

  describe('listeners', () => {
    test('has one HTTP listener on port 80 for any hostname without TLS', () => {
      // GIVEN
      const { app } = setup();
      // WHEN
      const objects = synth(app);
      // THEN
      expect(listeners(objects)).toEqual([['http', 'HTTP', 80, undefined]]);
      expect(gatewayOf(objects).spec.gatewayClassName).toBe('eg');
      expect(findAll(objects, 'HTTPRoute')).toEqual([]);
    });

    test('adds one HTTPS listener per route hostname with cert-manager, each with its certificate Secret', () => {
      // GIVEN
      const { app, gw } = certManagerGateway(AllowedRoutes.all());
      const shop = new ZeroTrustNamespace(app, 'shop');
      // WHEN
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'], path: '/api' }) });
      new ExposedApp(shop, 'web', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com', 'www.example.com'] }) });
      const objects = synth(app);
      // THEN
      expect(listeners(objects)).toEqual([
        ['http', 'HTTP', 80, undefined],
        ['https-shop-example-com', 'HTTPS', 443, 'shop.example.com'],
        ['https-www-example-com', 'HTTPS', 443, 'www.example.com'],
      ]);
      const https = gatewayOf(objects).spec.listeners[1];
      expect(https.tls).toEqual({ mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-example-com-tls' }] });
      expect(gatewayOf(objects).metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt');
      expect(find(objects, 'HTTPRoute', 'web').spec.parentRefs.map((p: any) => p.sectionName))
        .toEqual(['https-shop-example-com', 'https-www-example-com']);
      expect(find(objects, 'HTTPRoute', 'api').spec.parentRefs).toEqual([
        { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'infra', sectionName: 'https-shop-example-com' },
      ]);
    });

    test('serves every hostname from one HTTPS listener `https` with a Secret', () => {
      const { app, shop, gw } = setup({ tls: GatewayTls.fromSecret('wildcard-tls') });
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['a.example.com', 'b.example.com'] }) });
      const objects = synth(app);
      expect(listeners(objects)).toEqual([['http', 'HTTP', 80, undefined], ['https', 'HTTPS', 443, undefined]]);
      expect(gatewayOf(objects).spec.listeners[1].tls.certificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'wildcard-tls' }]);
      expect(gatewayOf(objects).metadata.annotations['cert-manager.io/cluster-issuer']).toBeUndefined();
      expect(find(objects, 'HTTPRoute', 'api').spec.parentRefs.map((p: any) => p.sectionName)).toEqual(['https']);
    });

    test('redirects HTTP to HTTPS with a RequestRedirect route on the HTTP listener', () => {
      const { app } = setup({ tls: GatewayTls.fromSecret('shop-tls') });
      const redirect = find(synth(app), 'HTTPRoute', 'public-https-redirect');
      expect(redirect.metadata.namespace).toBe('infra');
      expect(redirect.spec).toEqual({
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', sectionName: 'http' }],
        rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
      });
    });

    test('adds the redirect with the first HTTPS listener, only where the HTTP listener admits the Gateway\'s namespace', () => {
      const admitted = setup();
      expect(admitted.gw.redirectRoute).toBeUndefined();
      admitted.gw.addListener({ hostname: 'shop.example.com', tls: GatewayTls.fromSecret('shop-tls') });
      expect(admitted.gw.redirectRoute?.name).toBe('public-https-redirect');

      // A namespace the HTTP listener's labels do not admit would leave plain-HTTP clients with 404s: refused
      expect(() => setup({ allowedRoutes: AllowedRoutes.fromNamespaceLabels({ team: 'shop' }), tls: GatewayTls.fromSecret('shop-tls') }))
        .toThrow("Gateway 'public': HTTPS listener 'https' gets an HTTP → HTTPS redirect route in namespace infra, but the HTTP listener 'http' "
          + 'admits routes from namespaces labelled team=shop, which namespace infra is not, so plain-HTTP clients would get 404s; label the namespace '
          + 'so, or give the HTTP listener AllowedRoutes that admit it');
      // AND a namespace whose labels match gets the redirect
      const labelled = setup({ allowedRoutes: AllowedRoutes.fromNamespaceLabels({ 'kubernetes.io/metadata.name': 'infra' }), tls: GatewayTls.fromSecret('shop-tls') });
      expect(labelled.gw.redirectRoute?.name).toBe('public-https-redirect');
    });

    test('an HTTP listener admitting namespaces by name admits the Gateway\'s own too, so the redirect attaches', () => {
      // GIVEN a Gateway admitting routes from the shop namespace only, by name
      const { app, gw } = setup({ allowedRoutes: AllowedRoutes.fromNamespaces(['shop']), tls: GatewayTls.fromSecret('shop-tls') });
      // THEN plain-HTTP clients are redirected: the route lives in the Gateway's namespace, which the HTTP listener admits
      expect(gw.redirectRoute?.name).toBe('public-https-redirect');
      const objects = synth(app);
      const allowed = (name: string) => gatewayOf(objects).spec.listeners.find((l: any) => l.name === name).allowedRoutes.namespaces;
      expect(allowed('http').selector.matchExpressions[0].values).toEqual(['infra', 'shop']);
      // AND the HTTPS listener, which serves the apps, admits the shop namespace only
      expect(allowed('https').selector.matchExpressions[0].values).toEqual(['shop']);
      expect(findAll(objects, 'HTTPRoute').map((r: any) => [r.metadata.namespace, r.metadata.name])).toEqual([['infra', 'public-https-redirect']]);
    });

    test('adds listeners on demand with addListener, TLS passthrough included', () => {
      const { app, gw } = setup({ tls: GatewayTls.fromSecret('shop-tls') });
      gw.addListener({ hostname: 'db.example.com', protocol: ListenerProtocol.TLS });
      gw.addListener({ name: 'admin', hostname: 'admin.example.com', port: 8443 });
      const objects = synth(app);
      expect(listeners(objects)).toEqual([
        ['http', 'HTTP', 80, undefined],
        ['https', 'HTTPS', 443, undefined],
        ['tls-db-example-com', 'TLS', 443, 'db.example.com'],
        ['admin', 'HTTPS', 8443, 'admin.example.com'],
      ]);
      expect(gatewayOf(objects).spec.listeners[2].tls).toEqual({ mode: 'Passthrough' });
      expect(gatewayOf(objects).spec.listeners[2].allowedRoutes.kinds).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'TLSRoute' }]);
    });

    test.each([
      ['an HTTPS listener without TLS', (gw: Gateway) => gw.addListener({ hostname: 'a.example.com' }),
        /Gateway 'public': HTTPS listener 'https-a-example-com' has no TLS; give tls to the Gateway or to addListener/],
      ['a duplicate listener name', (gw: Gateway) => gw.addListener({ name: 'http', protocol: ListenerProtocol.HTTP, port: 8080 }),
        /Gateway 'public': listener name 'http' is used twice/],
      ['a second listener on one port and hostname', (gw: Gateway) => gw.addListener({ name: 'plain', protocol: ListenerProtocol.HTTP }),
        /listener 'plain' \(port 80, hostname any\) conflicts with listener 'http'/],
      ['a hostname that is not a string', (gw: Gateway) => gw.addListener({ hostname: 7 as any }),
        /Gateway 'public': hostname must be a string, got 7/],
      ['a listener port given as a string', (gw: Gateway) => gw.addListener({ protocol: ListenerProtocol.HTTP, hostname: 'a.example.com', port: '8080' as any }),
        /Gateway 'public': port must be a number, got the string '8080'; write 8080 without quotes/],
      ['a listener port out of range', (gw: Gateway) => gw.addListener({ protocol: ListenerProtocol.HTTP, hostname: 'a.example.com', port: 70000 }),
        /Gateway 'public': listener port must be a port number in 1-65535, got 70000/],
    ])('rejects %s', (_what, add, message) => {
      const { gw } = setup();
      expect(() => add(gw)).toThrow(message);
    });
  });

  describe('allowedRoutes', () => {
    test.each([
      ['sameNamespace()', AllowedRoutes.sameNamespace(), { from: 'Same' }],
      ['all()', AllowedRoutes.all(), { from: 'All' }],
      ['fromNamespaces()', AllowedRoutes.fromNamespaces(['shop', 'infra']),
        { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['infra', 'shop'] }] } }],
      ['fromNamespaceLabels()', AllowedRoutes.fromNamespaceLabels({ 'gateway-access': 'public' }),
        { from: 'Selector', selector: { matchLabels: { 'gateway-access': 'public' } } }],
    ])('%s renders allowedRoutes.namespaces', (_what, allowedRoutes, namespaces) => {
      const { app } = setup({ allowedRoutes });
      expect(gatewayOf(synth(app)).spec.listeners[0].allowedRoutes).toEqual({
        namespaces,
        kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }, { group: 'gateway.networking.k8s.io', kind: 'GRPCRoute' }],
      });
    });

    test('defaults to the Gateway\'s own namespace', () => {
      const app = Testing.app();
      new Gateway(new ZeroTrustNamespace(app, 'infra'), 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway() });
      expect(gatewayOf(synth(app)).spec.listeners[0].allowedRoutes.namespaces).toEqual({ from: 'Same' });
    });

    test('admits a route from a ZeroTrustNamespace whose labels the selector matches', () => {
      const app = Testing.app();
      const gw = new Gateway(new ZeroTrustNamespace(app, 'infra'), 'public', {
        gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), allowedRoutes: AllowedRoutes.fromNamespaceLabels({ 'gateway-access': 'public' }),
      });
      const shop = new ZeroTrustNamespace(app, 'shop', { labels: { 'gateway-access': 'public' } });
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'] }) });
      expect(find(synth(app), 'HTTPRoute', 'api').spec.parentRefs[0].sectionName).toBe('http');
    });

    test.each([
      ['fromNamespaces([])', () => AllowedRoutes.fromNamespaces([]), /AllowedRoutes.fromNamespaces: namespaces must list at least one namespace, got \[\]/],
      ['fromNamespaces([\'Shop\'])', () => AllowedRoutes.fromNamespaces(['Shop']), /AllowedRoutes.fromNamespaces: namespace 'Shop' is not a valid DNS-1123 label/],
      ['fromNamespaceLabels({})', () => AllowedRoutes.fromNamespaceLabels({}), /labels \{\} is empty, which would admit every namespace; use AllowedRoutes.all\(\)/],
    ])('rejects %s', (_what, make, message) => {
      expect(make).toThrow(message);
    });
  });

  describe('routes that would not attach fail synthesis, naming route, Gateway and listener', () => {
    test('a namespace the listener does not admit', () => {
      // GIVEN a Gateway admitting its own namespace only
      const { app, shop, gw } = setup({ allowedRoutes: AllowedRoutes.sameNamespace() });
      // WHEN
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'] }) });
      // THEN
      expect(synthError(app)).toContain("HTTPRoute 'shop/api' is in namespace 'shop', which listener 'http' of Gateway 'infra/public' does not admit "
        + "(it admits its own namespace only (AllowedRoutes.sameNamespace)); the route would not attach — add 'shop' to the Gateway's allowedRoutes");
      // once: the lint run at synthesis leaves attachment findings to the Gateway's own check
      expect(synthError(app).split('\n').filter(line => line.includes('shop/api') || line.includes('shop/api'.replace('/', ' ')))).toHaveLength(1);
    });

    test('a sectionName the Gateway does not have', () => {
      const { app, shop, gw } = setup();
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, sectionName: 'https', hostnames: ['shop.example.com'] }) });
      expect(synthError(app)).toContain("HTTPRoute 'shop/api' names listener 'https', which Gateway 'infra/public' does not have (its listeners: http); "
        + 'the route would not attach');
    });

    test('a listener of another protocol', () => {
      const { app, shop, gw } = setup();
      new ExposedApp(shop, 'db', { image: IMAGE, exposure: Exposure.tlsRoute({ gateway: gw, sectionName: 'http', hostnames: ['db.example.com'] }) });
      expect(synthError(app)).toContain("TLSRoute 'shop/db' cannot attach to listener 'http' of Gateway 'infra/public': protocol HTTP serves HTTPRoute and GRPCRoute, "
        + 'not TLSRoute; use a listener of protocol TLS');
    });

    test('a hostname the listener does not serve', () => {
      const { app, shop, gw } = setup({ tls: GatewayTls.fromSecret('shop-tls') });
      gw.addListener({ hostname: 'shop.example.com' });
      new ExposedApp(shop, 'api', {
        image: IMAGE,
        exposure: Exposure.gatewayRoute({ gateway: gw, sectionName: 'https-shop-example-com', hostnames: ['api.example.com'] }),
      });
      expect(synthError(app)).toContain("HTTPRoute 'shop/api' hostname 'api.example.com' is not served by listener 'https-shop-example-com' of Gateway "
        + "'infra/public' (hostname shop.example.com); the route would not attach");
    });

    test('the same hostname and path claimed twice on one Gateway', () => {
      const { app, shop, gw } = setup();
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'], path: '/api' }) });
      new ExposedApp(shop, 'api2', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'], path: '/api' }) });
      expect(synthError(app)).toContain("HTTPRoute 'shop/api2' and HTTPRoute 'shop/api' both claim shop.example.com/api on listener 'http' of Gateway "
        + "'infra/public'; the Gateway would serve only one of them");
    });

    test('is silent for one hostname and path on two listeners, each route naming its own', () => {
      // GIVEN listeners 'http' (80) and 'internal' (8080), both for any hostname
      const { app, shop, gw } = setup();
      gw.addListener({ name: 'internal', protocol: ListenerProtocol.HTTP, port: 8080 });
      // WHEN two apps claim a.example.com/ — one per listener
      new ExposedApp(shop, 'web', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['a.example.com'], sectionName: 'http' }) });
      new ExposedApp(shop, 'admin', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['a.example.com'], sectionName: 'internal' }) });
      // THEN no conflict: the routes never meet on one listener
      expect(findAll(synth(app), 'HTTPRoute').map(r => [r.metadata.name, r.spec.parentRefs[0].sectionName]).sort()).toEqual([['admin', 'internal'], ['web', 'http']]);
    });

    test('reports one claim twice on two shared listeners once, naming the first listener', () => {
      const { app, shop, gw } = setup();
      gw.addListener({ name: 'internal', protocol: ListenerProtocol.HTTP, port: 8080 });
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'], path: '/api' }) });
      new ExposedApp(shop, 'api2', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'], path: '/api' }) });
      const message = synthError(app);
      expect(message.match(/both claim/g)).toHaveLength(1);
      expect(message).toContain("HTTPRoute 'shop/api2' and HTTPRoute 'shop/api' both claim shop.example.com/api on listener 'http' of Gateway 'infra/public'");
    });

    test('reports one hostname and path on two listeners of one port, where the more specific listener receives every request', () => {
      // GIVEN an HTTPS listener for any hostname and one for shop.example.com, both on 443
      const { app, shop, gw } = setup({ tls: GatewayTls.fromSecret('wildcard-tls') });
      gw.addListener({ name: 'shop', hostname: 'shop.example.com', tls: GatewayTls.fromSecret('shop-tls') });
      new ExposedApp(shop, 'web', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'], sectionName: 'https' }) });
      new ExposedApp(shop, 'admin', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'], sectionName: 'shop' }) });
      // THEN the route on 'https' would never see a request for shop.example.com
      expect(synthError(app)).toContain("HTTPRoute 'shop/admin' and HTTPRoute 'shop/web' both claim shop.example.com/ on listener 'shop' of Gateway 'infra/public'");
    });

    test('takes /api and /api/ for one PathPrefix claim ("a trailing / is ignored")', () => {
      const { app, shop, gw } = setup();
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'], path: '/api' }) });
      new ExposedApp(shop, 'api2', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'], path: '/api/' }) });
      expect(synthError(app)).toContain("HTTPRoute 'shop/api2' and HTTPRoute 'shop/api' both claim shop.example.com/api on listener 'http'");
      const web = new ExposedApp(shop, 'web', { image: IMAGE });
      gw.addRoute({ hostnames: ['www.example.com'], path: '/docs', app: web });
      expect(() => gw.addRoute({ hostnames: ['www.example.com'], path: '/docs/', app: web })).toThrow(/conflicts with a route added before on the same hostnames and path/);
    });

    test('adopts a route that named it by reference before the Gateway construct was made', () => {
      // GIVEN an app routed by a { name, namespace } reference, then the Gateway construct of that name
      const app = Testing.app();
      const shop = new ZeroTrustNamespace(app, 'shop', {
        gatewayDataPlane: IngressControllerSelector.of({ namespace: 'infra', podLabels: { 'gateway.networking.k8s.io/gateway-name': 'public' } }),
      });
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: { name: 'public', namespace: 'infra' }, hostnames: ['shop.example.com'] }) });
      new Gateway(new ZeroTrustNamespace(app, 'infra'), 'public', { gatewayClassName: 'istio', dataPlane: GatewayDataPlane.istio(), allowedRoutes: AllowedRoutes.fromNamespaces(['shop']) });
      // THEN the proxies (in infra, a ZeroTrustNamespace) may reach the app, as with the construct
      const r = Reachability.fromApp(app);
      const proxies = r.workloads.find(w => w.startsWith('infra/'))!;
      expect(r.canReach(proxies, 'shop/api', 8080)).toBe(true);
    });

    test('is silent for the same path on different hostnames', () => {
      const { app, shop, gw } = setup();
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['a.example.com'], path: '/api' }) });
      new ExposedApp(shop, 'api2', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['b.example.com'], path: '/api' }) });
      expect(findAll(synth(app), 'HTTPRoute').map(r => r.metadata.name).sort()).toEqual(['api', 'api2']);
    });

    test('certificates solved through the Gateway whose HTTP listener does not admit its own namespace', () => {
      // GIVEN a Gateway whose issuer answers HTTP-01 through it, admitting only the app namespace
      const app = Testing.app();
      const infra = new ZeroTrustNamespace(app, 'infra');
      const gw = new Gateway(infra, 'public', {
        gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), allowedRoutes: AllowedRoutes.fromNamespaceLabels({ team: 'shop' }),
      });
      const issuer = new AcmeClusterIssuer(new Chart(app, 'platform'), 'letsencrypt', { email: 'ops@example.com', solver: AcmeSolver.gatewayHttpRoute(gw) });
      // WHEN its listener certificates come from that issuer THEN the HTTPS listener is refused: neither cert-manager's
      // challenge route nor the redirect, both in the Gateway's namespace, could attach to the HTTP listener
      expect(() => gw.addListener({ hostname: 'shop.example.com', tls: GatewayTls.fromClusterIssuer(issuer) })).toThrow(/plain-HTTP clients would get 404s/);
      expect(gw.redirectRoute).toBeUndefined();
    });
  });

  describe('addRoute', () => {
    test('routes many apps through one HTTPRoute in the Gateway\'s namespace, with a ReferenceGrant in each backend\'s namespace', () => {
      // GIVEN
      const { app, shop, gw } = setup({ tls: GatewayTls.fromSecret('shop-tls') });
      const api = new ExposedApp(shop, 'api', { image: IMAGE });
      const web = new ExposedApp(shop, 'web', { image: IMAGE, port: 3000, servicePort: 8080 });
      // WHEN
      gw.addRoute({ hostnames: ['shop.example.com'], path: '/api', app: api, rewritePath: '/' });
      gw.addRoute({ hostnames: ['shop.example.com'], app: web });
      const objects = synth(app);
      // THEN
      const route = find(objects, 'HTTPRoute', 'public');
      expect(route.metadata.namespace).toBe('infra');
      expect(route.spec).toEqual({
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', sectionName: 'https' }],
        hostnames: ['shop.example.com'],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
            filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }],
            backendRefs: [{ group: '', kind: 'Service', name: 'api', namespace: 'shop', port: 80 }],
          },
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [{ group: '', kind: 'Service', name: 'web', namespace: 'shop', port: 8080 }],
          },
        ],
      });
      const grants = findAll(objects, 'ReferenceGrant');
      expect(grants.map(g => [g.metadata.namespace, g.metadata.name, g.spec])).toEqual([
        ['shop', 'api-from-infra', { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'infra' }], to: [{ group: '', kind: 'Service', name: 'api' }] }],
        ['shop', 'web-from-infra', { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'infra' }], to: [{ group: '', kind: 'Service', name: 'web' }] }],
      ]);
    });

    test('needs no ReferenceGrant for an app in the Gateway\'s namespace', () => {
      const { app, infra, gw } = setup();
      gw.addRoute({ hostnames: ['shop.example.com'], app: new ExposedApp(infra, 'web', { image: IMAGE }) });
      const objects = synth(app);
      expect(findAll(objects, 'ReferenceGrant')).toEqual([]);
      expect(find(objects, 'HTTPRoute', 'public').spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'web', port: 80 }]);
    });

    test('gives each hostname list its own HTTPRoute', () => {
      const { app, shop, gw } = setup();
      gw.addRoute({ hostnames: ['shop.example.com'], app: new ExposedApp(shop, 'web', { image: IMAGE }) });
      gw.addRoute({ hostnames: ['admin.example.com'], app: new ExposedApp(shop, 'admin', { image: IMAGE }) });
      expect(findAll(synth(app), 'HTTPRoute').map(r => [r.metadata.name, r.spec.hostnames])).toEqual([
        ['public', ['shop.example.com']], ['public-2', ['admin.example.com']],
      ]);
    });

    test('rejects a hostname and path added twice', () => {
      const { shop, gw } = setup();
      gw.addRoute({ hostnames: ['shop.example.com'], app: new ExposedApp(shop, 'web', { image: IMAGE }) });
      expect(() => gw.addRoute({ hostnames: ['shop.example.com'], app: new ExposedApp(shop, 'web2', { image: IMAGE }) }))
        .toThrow(/Gateway 'public': route shop.example.com\/ to web2 conflicts with a route added before on the same hostnames and path/);
    });

    test.each([
      ['no hostnames', { hostnames: [] }, /Gateway 'public': hostnames \[\] is empty/],
      ['a port the app lacks', { hostnames: ['shop.example.com'], port: 'grpc' }, /Gateway 'public': port 'grpc' is not a port of ExposedApp 'web'; its ports are http/],
      ['a relative rewritePath', { hostnames: ['shop.example.com'], rewritePath: 'v1' }, /Gateway 'public': rewritePath 'v1' /],
    ])('rejects %s', (_what, options, message) => {
      const { shop, gw } = setup();
      const web = new ExposedApp(shop, 'web', { image: IMAGE });
      expect(() => gw.addRoute({ app: web, ...options } as any)).toThrow(message);
    });
  });

  describe('default-deny', () => {
    test('admits the proxies to each routed app\'s container port (Envoy Gateway: envoy-gateway-system)', () => {
      const { app, shop, gw } = setup();
      new ExposedApp(shop, 'api', { image: IMAGE, port: 9000, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'] }) });
      const policy = find(synth(app), 'NetworkPolicy', 'api-ingress');
      expect(policy.spec.ingress).toEqual([{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } }, podSelector: { matchLabels: ENVOY_LABELS } }],
        ports: [{ protocol: 'TCP', port: 9000 }],
      }]);
    });

    test('takes a reference naming a Gateway construct of the App for that construct (how other languages pass one)', () => {
      // GIVEN a reference by value, as a Python struct arrives, with a sectionName
      const { app, shop, gw } = setup();
      gw.addListener({ name: 'internal', protocol: ListenerProtocol.HTTP, port: 8080 });
      new ExposedApp(shop, 'api', { image: IMAGE, port: 9000, exposure: Exposure.gatewayRoute({ gateway: { name: gw.name, namespace: gw.namespace, sectionName: 'internal' }, hostnames: ['shop.example.com'] }) });
      // THEN no gatewayDataPlane is needed, the proxies are admitted, and the Gateway checks the attachment
      const objects = synth(app);
      expect(find(objects, 'HTTPRoute', 'api').spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'infra', sectionName: 'internal' }]);
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress[0].from).toEqual([
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } }, podSelector: { matchLabels: ENVOY_LABELS } },
      ]);
      new ExposedApp(shop, 'web', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: { name: 'public', namespace: 'infra', sectionName: 'nope' }, hostnames: ['shop.example.com'] }) });
      expect(synthError(app)).toContain("HTTPRoute 'shop/web' names listener 'nope', which Gateway 'infra/public' does not have");
    });

    test('needs no gatewayDataPlane on the ZeroTrustNamespace when the route names a Gateway construct', () => {
      const { app, shop, gw } = setup();
      expect(shop.gatewayDataPlane).toBeUndefined();
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.grpcRoute({ gateway: gw, hostnames: ['rpc.example.com'] }) });
      expect(find(synth(app), 'GRPCRoute', 'api').spec).toEqual({
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'infra', sectionName: 'http' }],
        hostnames: ['rpc.example.com'],
        rules: [{ backendRefs: [{ name: 'api', port: 80 }] }],
      });
    });

    test('selects a merged Envoy Gateway fleet by its GatewayClass, in the controller namespace', () => {
      // GIVEN Envoy Gateway with mergeGateways: one fleet for every Gateway of class `eg`
      const { app, shop, gw } = setup({ dataPlane: GatewayDataPlane.envoyGateway({ mergeGateways: true }) });
      const controller = new ZeroTrustNamespace(app, 'envoy-gateway-system');
      // WHEN
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'] }) });
      const objects = synth(app);
      // THEN the app admits the proxies by class, and their own policies in the controller namespace select them by class
      const merged = { 'gateway.envoyproxy.io/owning-gatewayclass': 'eg' };
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress[0].from).toEqual([
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } }, podSelector: { matchLabels: merged } },
      ]);
      const own = objects.filter(o => o.kind === 'NetworkPolicy' && o.metadata.namespace === controller.name && o.metadata.name.startsWith('infra.public-data-plane'));
      expect(own.map(o => o.spec.podSelector)).toEqual([{ matchLabels: merged }, { matchLabels: merged }]);
      const r = Reachability.fromApp(app);
      expect(r.canBeReachedFrom('203.0.113.7', 'envoy-gateway-system/public-data-plane', 10080)).toBe(true);
      expect(r.canReach('envoy-gateway-system/public-data-plane', 'shop/api', 8080)).toBe(true);
    });

    test('refuses mergeGateways with gatewayNamespaceMode, whose fleet\'s place is not documented', () => {
      expect(() => GatewayDataPlane.envoyGateway({ mergeGateways: true, gatewayNamespaceMode: true }))
        .toThrow('GatewayDataPlane.envoyGateway: mergeGateways and gatewayNamespaceMode are both true, but where a merged proxy fleet runs in Gateway Namespace Mode is not documented');
    });

    test('opens the proxies\' mapped container ports to sourceRanges and their egress, when they run in the Gateway\'s ZeroTrustNamespace', () => {
      // GIVEN Envoy Gateway in Gateway Namespace Mode: the proxies run in `infra`
      const { app, shop, gw } = setup({
        dataPlane: GatewayDataPlane.envoyGateway({ gatewayNamespaceMode: true }),
        tls: GatewayTls.fromSecret('shop-tls'),
        sourceRanges: ['203.0.113.0/24'],
      });
      // WHEN
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'] }) });
      const objects = synth(app);
      // THEN listener ports 80 and 443 are served on 10080 and 10443
      expect(policyNames(objects.filter(o => o.metadata.namespace === 'infra'))).toEqual([
        'allow-dns', 'default-deny', 'public-data-plane-egress', 'public-data-plane-ingress',
      ]);
      const ingress = find(objects, 'NetworkPolicy', 'public-data-plane-ingress');
      expect(ingress.spec).toEqual({
        podSelector: { matchLabels: ENVOY_LABELS },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ protocol: 'TCP', port: 10080 }] },
          { from: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ protocol: 'TCP', port: 10443 }] },
        ],
      });
      const egress = find(objects, 'NetworkPolicy', 'public-data-plane-egress');
      expect(egress.spec.egress).toEqual([
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } }, podSelector: { matchLabels: { 'control-plane': 'envoy-gateway' } } }],
          ports: [{ protocol: 'TCP', port: 18000 }],
        },
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } } }],
          ports: [{ protocol: 'TCP', port: 8080 }],
        },
      ]);
      expect(gatewayOf(objects).spec.infrastructure).toEqual({ annotations: { 'service.beta.kubernetes.io/load-balancer-source-ranges': '203.0.113.0/24' } });
    });

    test('opens the proxies\' egress to their control plane before any route exists (Istio: istiod on 15012)', () => {
      const { app } = setup({ dataPlane: GatewayDataPlane.istio() });
      const objects = synth(app);
      expect(find(objects, 'NetworkPolicy', 'public-data-plane-egress').spec).toEqual({
        podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'public' } },
        policyTypes: ['Egress'],
        egress: [{
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } }, podSelector: { matchLabels: { app: 'istiod' } } }],
          ports: [{ protocol: 'TCP', port: 15012 }],
        }],
      });
      expect(find(objects, 'NetworkPolicy', 'public-data-plane-ingress').spec.ingress).toEqual([
        { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }], ports: [{ protocol: 'TCP', port: 80 }] },
      ]);
    });

    test('lets NGINX Gateway Fabric\'s proxies reach its control plane however it was installed (Helm or manifests label it differently)', () => {
      const { app } = setup({ dataPlane: GatewayDataPlane.nginxGatewayFabric(), gatewayClassName: 'nginx' });
      const objects = synth(app);
      expect(find(objects, 'NetworkPolicy', 'public-data-plane-egress').spec).toEqual({
        podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'public' } },
        policyTypes: ['Egress'],
        egress: [{
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'nginx-gateway' } }, podSelector: {} }],
          ports: [{ protocol: 'TCP', port: 8443 }],
        }],
      });
      // a Gateway name + class beyond 63 characters (NGF hashes its app.kubernetes.io/name) is fine
      const longApp = Testing.app();
      const name = `edge-${'x'.repeat(55)}`;
      new Gateway(new ZeroTrustNamespace(longApp, 'infra'), 'long', { name, gatewayClassName: 'nginx', dataPlane: GatewayDataPlane.nginxGatewayFabric() });
      expect(find(synth(longApp), 'NetworkPolicy', `${name}-data-plane-ingress`).spec.podSelector).toEqual({ matchLabels: { 'gateway.networking.k8s.io/gateway-name': name } });
    });

    test.each([
      ['before', true],
      ['after', false],
    ])('writes the proxies\' policies in their own ZeroTrustNamespace of the App, made %s the Gateway', (_when, first) => {
      // GIVEN Envoy Gateway's default mode: proxies and controller run in envoy-gateway-system, a ZeroTrustNamespace here
      const app = Testing.app();
      if (first) new ZeroTrustNamespace(app, 'envoy-gateway-system');
      const gw = new Gateway(new ZeroTrustNamespace(app, 'infra'), 'public', {
        gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), allowedRoutes: AllowedRoutes.fromNamespaces(['shop']),
      });
      new ExposedApp(new ZeroTrustNamespace(app, 'shop'), 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'] }) });
      if (!first) new ZeroTrustNamespace(app, 'envoy-gateway-system');
      const objects = synth(app);
      // THEN the proxies take client traffic on 10080, reach the app and their controller, which admits them
      expect(policyNames(objects.filter(o => o.metadata.namespace === 'envoy-gateway-system'))).toEqual([
        'allow-dns', 'default-deny', 'infra.public-control-plane-ingress', 'infra.public-data-plane-egress', 'infra.public-data-plane-ingress',
      ]);
      expect(policyNames(objects.filter(o => o.metadata.namespace === 'infra'))).toEqual(['allow-dns', 'default-deny']);
      expect(find(objects, 'NetworkPolicy', 'infra.public-data-plane-ingress').spec.ingress).toEqual([
        { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }], ports: [{ protocol: 'TCP', port: 10080 }] },
      ]);
      expect(find(objects, 'NetworkPolicy', 'infra.public-control-plane-ingress').spec).toEqual({
        podSelector: { matchLabels: { 'control-plane': 'envoy-gateway' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: ENVOY_LABELS } }], ports: [{ protocol: 'TCP', port: 18000 }] }],
      });
      const r = Reachability.fromApp(app);
      const [path] = r.gatewayRoutes();
      expect([path.fromOutside, path.toWorkload]).toEqual([true, true]);
    });

    test('writes no proxy policies when the proxies run elsewhere', () => {
      const { app, shop, gw } = setup();
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'] }) });
      expect(policyNames(synth(app).filter(o => o.metadata.namespace === 'infra'))).toEqual(['allow-dns', 'default-deny']);
    });

    test('admits the proxies to the HTTP-01 solver pods of every admitted ZeroTrustNamespace, including later ones', () => {
      // GIVEN an issuer solving through the Gateway, which admits infra and shop but not other
      const { app, gw } = setup();
      new AcmeClusterIssuer(new Chart(app, 'platform'), 'letsencrypt', { email: 'ops@example.com', solver: AcmeSolver.gatewayHttpRoute(gw) });
      // WHEN namespaces are created after the issuer
      new ZeroTrustNamespace(app, 'other');
      const objects = synth(app);
      // THEN
      const solverPolicies = findAll(objects, 'NetworkPolicy').filter(p => p.metadata.name === 'allow-acme-http01-public');
      expect(solverPolicies.map(p => p.metadata.namespace).sort()).toEqual(['infra', 'shop']);
      expect(solverPolicies[0].spec).toEqual({
        podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } },
        policyTypes: ['Ingress'],
        ingress: [{
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } }, podSelector: { matchLabels: ENVOY_LABELS } }],
          ports: [{ protocol: 'TCP', port: 8089 }],
        }],
      });
      const issuer = find(objects, 'ClusterIssuer', 'letsencrypt');
      expect(issuer.spec.acme.solvers).toEqual([{
        http01: { gatewayHTTPRoute: { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'infra', sectionName: 'http' }] } },
      }]);
    });
  });

  describe('data plane presets', () => {
    test.each([
      ['envoyGateway()', GatewayDataPlane.envoyGateway(), 'envoy-gateway-system', ENVOY_LABELS, [[80, 10080], [443, 10443]]],
      ['nginxGatewayFabric()', GatewayDataPlane.nginxGatewayFabric(), 'infra', { 'gateway.networking.k8s.io/gateway-name': 'public' }, [[80, 80], [443, 443]]],
      ['istio()', GatewayDataPlane.istio(), 'infra', { 'gateway.networking.k8s.io/gateway-name': 'public' }, [[80, 80], [443, 443]]],
      ['traefik()', GatewayDataPlane.traefik(), 'traefik', { 'app.kubernetes.io/name': 'traefik' }, [[8000, 8000], [8443, 8443]]],
      ['of()', GatewayDataPlane.of({ namespace: 'edge', podLabels: { app: 'proxy' }, ports: [{ listenerPort: 80, containerPort: 8080 }] }),
        'edge', { app: 'proxy' }, [[80, 8080], [443, 443]]],
    ])('%s: proxies, and listener → container ports in the Gateway\'s annotation', (_what, dataPlane, namespace, podLabels, ports) => {
      const { app, shop, gw } = setup({ dataPlane, tls: GatewayTls.fromSecret('shop-tls') });
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'] }) });
      const objects = synth(app);
      expect(JSON.parse(gatewayOf(objects).metadata.annotations['netpatterns.dev/gateway-data-plane'])).toEqual({
        namespace,
        podLabels,
        ports: ports.map(([listenerPort, containerPort]) => ({ listenerPort, containerPort })),
      });
      expect(listeners(objects).map(l => l[2])).toEqual(ports.map(p => p[0]));
      const from = find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress[0].from[0];
      expect(from.podSelector.matchLabels).toEqual(podLabels);
      expect(from.namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': namespace });
    });

    test.each([
      ['empty podLabels', () => GatewayDataPlane.of({ podLabels: {} }), /GatewayDataPlane.of: podLabels \{\} is empty/],
      ['a port mapped twice', () => GatewayDataPlane.of({ podLabels: { a: 'b' }, ports: [{ listenerPort: 80, containerPort: 1 }, { listenerPort: 80, containerPort: 2 }] }),
        /listenerPort 80 is mapped twice/],
      ['a container port out of range', () => GatewayDataPlane.of({ podLabels: { a: 'b' }, ports: [{ listenerPort: 80, containerPort: 0 }] }),
        /GatewayDataPlane.of: containerPort must be a port number in 1-65535, got 0/],
    ])('of() rejects %s', (_what, make, message) => {
      expect(make).toThrow(message);
    });
  });

  describe('props', () => {
    test('writes infrastructure annotations and labels', () => {
      const { app } = setup({ infrastructureAnnotations: { 'example.com/lb': 'internal' }, infrastructureLabels: { team: 'platform' } });
      expect(gatewayOf(synth(app)).spec.infrastructure).toEqual({ annotations: { 'example.com/lb': 'internal' }, labels: { team: 'platform' } });
    });

    test.each([
      ['no dataPlane', { dataPlane: undefined }, /Gateway 'public': dataPlane is required, got undefined/],
      ['a dataPlane that is not a GatewayDataPlane', { dataPlane: 'envoy' },
        /Gateway 'public': dataPlane must be a GatewayDataPlane, got the string 'envoy'; use GatewayDataPlane.envoyGateway\(\)/],
      ['an empty sourceRanges', { sourceRanges: [] }, /Gateway 'public': sourceRanges \[\] is empty, which would admit no client/],
      ['a bad source range', { sourceRanges: ['10.0.0.1'] }, /Gateway 'public': source range '10.0.0.1' is not a CIDR block/],
      ['a bad class name', { gatewayClassName: 'Envoy' }, /Gateway 'public': gatewayClassName 'Envoy' is not a valid GatewayClass name \(a lowercase DNS-1123 subdomain/],
    ])('rejects %s', (_what, props, message) => {
      const app = Testing.app();
      expect(() => new Gateway(new Chart(app, 'infra'), 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), ...props } as any)).toThrow(message);
    });

    test('is recognised by Gateway.isGateway', () => {
      const { gw } = setup();
      expect(Gateway.isGateway(gw)).toBe(true);
      expect(Gateway.isGateway({ name: 'public', namespace: 'infra' })).toBe(false);
    });
  });

  test('canonical configuration: Envoy Gateway, cert-manager TLS, two namespaces admitted, one route', () => {
    const { app, gw } = certManagerGateway(AllowedRoutes.fromNamespaces(['storefront', 'infra']));
    new ExposedApp(new ZeroTrustNamespace(app, 'storefront'), 'api', {
      image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'], path: '/api' }),
    });
    expect(synth(app).filter(o => ['Gateway', 'HTTPRoute', 'NetworkPolicy', 'ClusterIssuer'].includes(o.kind))).toMatchSnapshot();
  });

  describe('round trip through the analyzer', () => {
    test('outside → listener → route → Service → pods, with the proxies declared by the Gateway', () => {
      // GIVEN
      const { app, shop, gw } = setup({ tls: GatewayTls.fromSecret('shop-tls') });
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'], path: '/api' }) });
      new ExposedApp(shop, 'worker', { image: IMAGE });
      // WHEN
      const r = Reachability.fromApp(app);
      // THEN
      expect(r.gatewayRoutes()).toEqual([{
        gateway: 'infra/public',
        listener: 'https',
        listenerPort: 443,
        route: 'HTTPRoute/shop/api',
        hostnames: ['shop.example.com'],
        service: 'shop/api',
        servicePort: 80,
        workload: 'shop/api',
        podPort: 8080,
        protocol: 'TCP',
        dataPlane: 'envoy-gateway-system/public-data-plane',
        proxyPort: 10443,
        fromOutside: true,
        toWorkload: true,
      }]);
      expect(r.canReach('envoy-gateway-system/public-data-plane', 'shop/api', 8080)).toBe(true);
      expect(r.canReach('envoy-gateway-system/public-data-plane', 'shop/worker', 8080)).toBe(false);
      expect(r.explain('envoy-gateway-system/public-data-plane', 'shop/api', 8080)).toContain(
        'note: outside → Gateway infra/public listener https (port 443 → proxy container port 10443) → HTTPRoute/shop/api → Service shop/api:80 → shop/api:8080');
      expect(kindsAndNames(synth(app)).filter(k => k.startsWith('Gateway/'))).toEqual(['Gateway/public']);
    });
  });
  describe('what the Gateway API would refuse or misread', () => {
    test('accepts a GatewayClass name that is a DNS-1123 subdomain', () => {
      const { app } = setup({ gatewayClassName: 'gateway.example.com' });
      expect(gatewayOf(synth(app)).spec.gatewayClassName).toBe('gateway.example.com');
    });

    test.each([
      ['HTTP on the HTTPS port', { protocol: ListenerProtocol.HTTP, port: 443, hostname: 'a.example.com' }, /listener 'http-a-example-com' \(HTTP on port 443\) conflicts with listener 'https' \(HTTPS on port 443\): a port serves plain HTTP or TLS/],
      ['HTTPS on the HTTP port', { protocol: ListenerProtocol.HTTPS, port: 80, hostname: 'a.example.com' }, /listener 'https-a-example-com' \(HTTPS on port 80\) conflicts with listener 'http' \(HTTP on port 80\)/],
      ['TLS on the HTTP port', { protocol: ListenerProtocol.TLS, port: 80, hostname: 'a.example.com' }, /\(TLS on port 80\) conflicts with listener 'http'/],
    ])('refuses listeners of incompatible protocols on one port (%s)', (_what, listener, message) => {
      const { gw } = setup({ tls: GatewayTls.fromSecret('shop-tls') });
      expect(() => gw.addListener(listener)).toThrow(message);
    });

    test('lets HTTPS and TLS listeners share a port', () => {
      const { app, gw } = setup({ tls: GatewayTls.fromSecret('shop-tls') });
      gw.addListener({ protocol: ListenerProtocol.TLS, port: 443, hostname: 'db.example.com' });
      expect(listeners(synth(app))).toEqual([['http', 'HTTP', 80, undefined], ['https', 'HTTPS', 443, undefined], ['tls-db-example-com', 'TLS', 443, 'db.example.com']]);
    });

    test('holds at most 64 listeners', () => {
      const { gw } = setup();
      for (let i = 1; i < 64; i++) gw.addListener({ protocol: ListenerProtocol.HTTP, hostname: `h${i}.example.com` });
      expect(gw.listenerNames).toHaveLength(64);
      expect(() => gw.addListener({ protocol: ListenerProtocol.HTTP, hostname: 'h64.example.com' }))
        .toThrow(/listener 'http-h64-example-com' would be listener 65, but a Gateway holds at most 64/);
    });

    test('gives distinct default names to hostnames that read the same as a label', () => {
      const { app, gw } = certManagerGateway(AllowedRoutes.all());
      const shop = new ZeroTrustNamespace(app, 'shop');
      const long = (suffix: string) => `${'x'.repeat(60)}${suffix}.example.com`;
      for (const [id, host] of [['one', 'a-b.example.com'], ['two', 'a.b.example.com'], ['three', long('a')], ['four', long('b')]]) {
        new ExposedApp(shop, id, { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: [host] }) });
      }
      const objects = synth(app);
      const names = listeners(objects).map(([name]) => name);
      expect(new Set(names).size).toBe(names.length);
      expect(names[1]).toBe('https-a-b-example-com');
      expect(names[2]).toMatch(/^https-a-b-example-com-[0-9a-f]{8}$/);
      expect(names.every(n => n.length <= 63)).toBe(true);
      // each route attaches to the listener of its own hostname
      const sections = ['one', 'two', 'three', 'four'].map(r => find(objects, 'HTTPRoute', r).spec.parentRefs.map((ref: any) => ref.sectionName));
      expect(sections.map(list => list.filter((n: string) => n.startsWith('https')))).toEqual(names.slice(1).map(n => [n]));
    });

    test.each([
      ['a secret listener after the issuer', (gw: Gateway) => gw.addListener({ hostname: 'legacy.example.com', tls: GatewayTls.fromSecret('legacy-cert') }),
        /listener 'https-legacy-example-com' serves legacy.example.com with Secret 'legacy-cert', but the Gateway is annotated for ClusterIssuer 'letsencrypt'/],
    ])('refuses %s on a cert-manager Gateway (gateway-shim would replace the Secret)', (_what, add, message) => {
      const { gw } = certManagerGateway(AllowedRoutes.all());
      expect(() => add(gw)).toThrow(message);
    });

    test('refuses an issuer listener after a listener with its own Secret', () => {
      const app = Testing.app();
      const issuer = new AcmeClusterIssuer(new Chart(app, 'platform'), 'letsencrypt', { email: 'ops@example.com' });
      const gw = new Gateway(new ZeroTrustNamespace(app, 'infra'), 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway() });
      gw.addListener({ hostname: 'legacy.example.com', tls: GatewayTls.fromSecret('legacy-cert') });
      expect(() => gw.addListener({ hostname: 'shop.example.com', tls: GatewayTls.fromClusterIssuer(issuer) }))
        .toThrow(/listener 'https-shop-example-com' asks ClusterIssuer 'letsencrypt', .* replacing Secret 'legacy-cert' of listener 'https-legacy-example-com'/);
    });

    test('writes the https redirect when the Gateway\'s own namespace carries the labels its listeners admit', () => {
      const app = Testing.app();
      const gw = new Gateway(new ZeroTrustNamespace(app, 'infra', { labels: { 'gateway-access': 'public' } }), 'public', {
        gatewayClassName: 'eg',
        dataPlane: GatewayDataPlane.envoyGateway(),
        tls: GatewayTls.fromSecret('shop-tls'),
        allowedRoutes: AllowedRoutes.fromNamespaceLabels({ 'gateway-access': 'public' }),
      });
      expect(gw.redirectRoute).toBeDefined();
      expect(kindsAndNames(synth(app))).toContain('HTTPRoute/public-https-redirect');
    });

    test('limits addRoute to the 16 hostnames and 16 rules an HTTPRoute holds', () => {
      const { shop, gw } = setup();
      const api = new ExposedApp(shop, 'api', { image: IMAGE });
      const hosts = Array.from({ length: 17 }, (_, i) => `h${i}.example.com`);
      expect(() => gw.addRoute({ hostnames: hosts, app: api })).toThrow(/hostnames has 17 entries, more than the 16 an HTTPRoute accepts/);
      for (let i = 0; i < 16; i++) gw.addRoute({ hostnames: ['shop.example.com'], path: `/p${i}`, app: api });
      expect(() => gw.addRoute({ hostnames: ['shop.example.com'], path: '/p16', app: api }))
        .toThrow(/would be rule 17 of HTTPRoute 'public', but an HTTPRoute holds at most 16 rules/);
    });

    test.each([['/a b', ' '], ['/search?q', '?'], ['/caf\u00e9', '\u00e9'], ['/50%', '%']])('refuses path %j, which an HTTPRoute path match refuses', (path, bad) => {
      const { shop, gw } = setup();
      const api = new ExposedApp(shop, 'api', { image: IMAGE });
      expect(() => gw.addRoute({ hostnames: ['shop.example.com'], path, app: api })).toThrow(`path '${path}' contains '${bad}', which an HTTPRoute path match refuses`);
      expect(() => new ExposedApp(shop, 'web', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'], path }) }))
        .toThrow(`path '${path}' contains '${bad}'`);
    });

    test('gives the app an https url once the shared route attaches to an HTTPS listener, added before or after the route', () => {
      // GIVEN a Gateway without TLS of its own
      const { app, shop, gw } = setup();
      const web = new ExposedApp(shop, 'web', { image: IMAGE });
      const api = new ExposedApp(shop, 'api', { image: IMAGE });
      // WHEN one route is added before the HTTPS listener, one after
      gw.addRoute({ hostnames: ['shop.example.com'], path: '/', app: web });
      expect(web.url).toBe('http://web.shop.svc.cluster.local:80'); // plain HTTP listener only, for now
      gw.addListener({ hostname: 'shop.example.com', tls: GatewayTls.fromSecret('shop-tls') });
      gw.addRoute({ hostnames: ['shop.example.com'], path: '/api', app: api });
      // THEN both are reached over TLS
      expect([web.url, api.url]).toEqual(['https://shop.example.com/', 'https://shop.example.com/api']);
      expect(find(synth(app), 'HTTPRoute', 'public').spec.parentRefs.map((p: any) => p.sectionName)).toEqual(['https-shop-example-com']);
    });

    test('accepts percent-encoded and sub-delimiter characters in paths', () => {
      const { app, shop, gw } = setup();
      const api = new ExposedApp(shop, 'api', { image: IMAGE });
      gw.addRoute({ hostnames: ['shop.example.com'], path: "/a%20b/~user/@x;v=1/it's", app: api });
      expect(find(synth(app), 'HTTPRoute', 'public').spec.rules[0].matches[0].path.value).toBe("/a%20b/~user/@x;v=1/it's");
    });

    test('refuses an HTTPRoute and a GRPCRoute on one hostname of one listener', () => {
      const { app, shop, gw } = setup();
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'] }) });
      new ExposedApp(shop, 'rpc', { image: IMAGE, exposure: Exposure.grpcRoute({ gateway: gw, hostnames: ['shop.example.com'] }) });
      expect(synthError(app)).toMatch(/GRPCRoute 'shop\/rpc' and HTTPRoute 'shop\/api' both serve hostname 'shop.example.com' on listener 'http' of Gateway 'infra\/public', but an HTTPRoute and a GRPCRoute may not share a hostname on one listener/);
    });

    test('lets an HTTPRoute and a GRPCRoute share a hostname on listeners of their own', () => {
      // GIVEN an HTTPS listener for any hostname and a second one for a.example.com on 8443
      const { app, shop, gw } = setup({ tls: GatewayTls.fromSecret('wildcard-tls') });
      gw.addListener({ name: 'grpc', hostname: 'a.example.com', port: 8443 });
      // WHEN the HTTPRoute attaches to 'https' and the GRPCRoute to 'grpc'
      new ExposedApp(shop, 'web', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['a.example.com'], sectionName: 'https' }) });
      new ExposedApp(shop, 'rpc', { image: IMAGE, exposure: Exposure.grpcRoute({ gateway: gw, hostnames: ['a.example.com'], sectionName: 'grpc' }) });
      // THEN nothing is refused (GEP-1016 forbids sharing a hostname on one listener only)
      expect(findAll(synth(app), 'GRPCRoute').map(r => r.spec.parentRefs[0].sectionName)).toEqual(['grpc']);
    });

    test('lets an HTTPRoute and a GRPCRoute use hostnames of their own', () => {
      const { app, shop, gw } = setup();
      new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'] }) });
      new ExposedApp(shop, 'rpc', { image: IMAGE, exposure: Exposure.grpcRoute({ gateway: gw, hostnames: ['rpc.example.com'] }) });
      expect(findAll(synth(app), 'GRPCRoute')).toHaveLength(1);
    });

    test('admits the ingress controller to the solver pods in the Gateway\'s namespace when its issuer solves HTTP-01 through an Ingress', () => {
      const app = Testing.app();
      const issuer = new AcmeClusterIssuer(new Chart(app, 'platform'), 'letsencrypt', { email: 'ops@example.com' }); // ingress solver (nginx)
      const gw = new Gateway(new ZeroTrustNamespace(app, 'infra'), 'public', {
        gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), tls: GatewayTls.fromClusterIssuer(issuer), allowedRoutes: AllowedRoutes.all(),
      });
      new ExposedApp(new ZeroTrustNamespace(app, 'shop'), 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'] }) });
      const objects = synth(app);
      const solver = findAll(objects, 'NetworkPolicy').filter((p: any) => p.metadata.name === 'allow-acme-http01-solver');
      expect(solver.map((p: any) => p.metadata.namespace)).toEqual(['infra']);
      expect(solver[0].spec.podSelector).toEqual({ matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } });
      expect(solver[0].spec.ingress[0].ports).toEqual([{ port: 8089, protocol: 'TCP' }]);
    });

    test('admits the proxies to the solver pods of the Gateway\'s own namespace once its HTTPS listener widens the HTTP listener', () => {
      // GIVEN a Gateway admitting only storefront, and an issuer solving HTTP-01 through it (infra is not admitted yet)
      const app = Testing.app();
      const infra = new ZeroTrustNamespace(app, 'infra');
      const gw = new Gateway(infra, 'public', {
        gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), allowedRoutes: AllowedRoutes.fromNamespaces(['storefront']),
      });
      const issuer = new AcmeClusterIssuer(new Chart(app, 'platform'), 'letsencrypt', { email: 'ops@example.com', solver: AcmeSolver.gatewayHttpRoute(gw) });
      // WHEN a listener takes its certificate from that issuer (its redirect makes 'http' admit infra too)
      gw.addListener({ hostname: 'shop.example.com', tls: GatewayTls.fromClusterIssuer(issuer) });
      const objects = synth(app);
      // THEN the solver pods in infra, where gateway-shim puts the Certificate, admit the proxies on 8089
      expect(gatewayOf(objects).spec.listeners[0].allowedRoutes.namespaces.selector.matchExpressions[0].values).toEqual(['infra', 'storefront']);
      expect(findAll(objects, 'NetworkPolicy').filter(p => p.metadata.name === 'allow-acme-http01-public').map(p => p.metadata.namespace)).toEqual(['infra']);
      const r = Reachability.fromApp(app);
      const proxies = r.workloads.find(w => w.startsWith('envoy-gateway-system/'))!;
      expect(r.canReach(proxies, 'infra/cm-acme-http-solver', 8089)).toBe(true);
    });

    test('opens the proxies\' egress to the solver pods of the Gateway\'s own plain namespace when HTTP-01 goes through it', () => {
      // GIVEN proxies isolated in envoy-gateway-system and the Gateway in a plain Chart
      const app = Testing.app();
      new ZeroTrustNamespace(app, 'envoy-gateway-system');
      const gw = new Gateway(new Chart(app, 'infra', { namespace: 'infra' }), 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway() });
      const issuer = new AcmeClusterIssuer(new Chart(app, 'platform'), 'letsencrypt', { email: 'ops@example.com', solver: AcmeSolver.gatewayHttpRoute(gw) });
      gw.addListener({ hostname: 'shop.example.com', tls: GatewayTls.fromClusterIssuer(issuer) });
      const egress = find(synth(app), 'NetworkPolicy', 'infra.public-data-plane-egress').spec.egress;
      expect(egress).toContainEqual({
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'infra' } }, podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } } }],
        ports: [{ protocol: 'TCP', port: 8089 }],
      });
    });

    test('writes no ingress solver policy when the issuer solves through the Gateway itself', () => {
      const app = Testing.app();
      const gw = new Gateway(new ZeroTrustNamespace(app, 'infra'), 'public', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), allowedRoutes: AllowedRoutes.all() });
      const issuer = new AcmeClusterIssuer(new Chart(app, 'platform'), 'letsencrypt', { email: 'ops@example.com', solver: AcmeSolver.gatewayHttpRoute(gw) });
      gw.addListener({ hostname: 'shop.example.com', tls: GatewayTls.fromClusterIssuer(issuer) });
      new ExposedApp(new ZeroTrustNamespace(app, 'shop'), 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'] }) });
      expect(findAll(synth(app), 'NetworkPolicy').filter((p: any) => p.metadata.name === 'allow-acme-http01-solver')).toEqual([]);
    });

    test('keeps the namespace\'s clusterCidrs out of the proxies\' any-source ingress', () => {
      const app = Testing.app();
      const infra = new ZeroTrustNamespace(app, 'infra', { clusterCidrs: ['10.244.0.0/16'] });
      new Gateway(infra, 'public', { gatewayClassName: 'nginx', dataPlane: GatewayDataPlane.nginxGatewayFabric() });
      const policy = findAll(synth(app), 'NetworkPolicy').find((p: any) => p.metadata.name === 'public-data-plane-ingress');
      expect(policy.spec.ingress[0].from).toEqual([{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.244.0.0/16'] } }, { ipBlock: { cidr: '::/0' } }]);
    });

    test('gives a route through plain HTTP listeners the cluster URL, and one through HTTPS the https URL', () => {
      const plain = setup();
      const viaHttp = new ExposedApp(plain.shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: plain.gw, hostnames: ['shop.example.com'], path: '/api' }) });
      expect(viaHttp.url).toBe('http://api.shop.svc.cluster.local:80');
      const secure = setup({ tls: GatewayTls.fromSecret('shop-tls') });
      const viaHttps = new ExposedApp(secure.shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: secure.gw, hostnames: ['shop.example.com'], path: '/api' }) });
      expect(viaHttps.url).toBe('https://shop.example.com/api');
      const pinned = new ExposedApp(secure.shop, 'web', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: secure.gw, hostnames: ['www.example.com'], sectionName: 'http' }) });
      expect(pinned.url).toBe('http://web.shop.svc.cluster.local:80');
    });

    test('puts the port of an HTTPS listener other than 443 into the url, own route or shared', () => {
      // GIVEN a Gateway whose only HTTPS listener is on 8443
      const { shop, gw } = setup();
      gw.addListener({ name: 'alt-https', hostname: 'shop.example.com', port: 8443, tls: GatewayTls.fromSecret('shop-tls') });
      // WHEN an app routes through it, and another is added by the Gateway's shared route
      const api = new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'], path: '/api' }) });
      const web = new ExposedApp(shop, 'web', { image: IMAGE });
      gw.addRoute({ hostnames: ['shop.example.com'], path: '/', app: web });
      // THEN clients are told the port they connect to
      expect([api.url, web.url]).toEqual(['https://shop.example.com:8443/api', 'https://shop.example.com:8443/']);
    });

    test('prefers a 443 listener for the url, and follows a listener on 443 added later', () => {
      const { shop, gw } = setup();
      gw.addListener({ name: 'alt-https', hostname: 'shop.example.com', port: 8443, tls: GatewayTls.fromSecret('shop-tls') });
      const api = new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'], path: '/api' }) });
      expect(api.url).toBe('https://shop.example.com:8443/api');
      gw.addListener({ hostname: 'shop.example.com', tls: GatewayTls.fromSecret('shop-tls') });
      expect(api.url).toBe('https://shop.example.com/api');
    });

    test('leaves Traefik\'s default HTTPS entry point (8443, published on 443) out of the url', () => {
      const { shop, gw } = setup({ gatewayClassName: 'traefik', dataPlane: GatewayDataPlane.traefik(), tls: GatewayTls.fromSecret('shop-tls') });
      const api = new ExposedApp(shop, 'api', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'], path: '/api' }) });
      expect(api.url).toBe('https://shop.example.com/api');
    });
  });
});

describe('Gateway, against the Gateway API CRDs and cert-manager', () => {
  test('writes TLSRoutes as v1, the version the standard channel serves', () => {
    const { app, shop, gw } = setup({ tls: GatewayTls.fromSecret('shop-tls') });
    new ExposedApp(shop, 'db', { image: IMAGE, exposure: Exposure.tlsRoute({ gateway: gw, hostnames: ['db.example.com'] }) });
    expect(findAll(synth(app), 'TLSRoute').map((r: any) => r.apiVersion)).toEqual(['gateway.networking.k8s.io/v1']);
  });

  test('redirects to the HTTPS listener\'s port when clients reach it on another than 443', () => {
    const redirect = (dataPlane: GatewayDataPlane, port?: number) => {
      const { app, gw } = setup({ dataPlane });
      gw.addListener({ hostname: 'shop.example.com', port, tls: GatewayTls.fromSecret('shop-tls') });
      return find(synth(app), 'HTTPRoute', 'public-https-redirect').spec.rules[0].filters[0].requestRedirect;
    };
    expect(redirect(GatewayDataPlane.envoyGateway(), 8443)).toEqual({ scheme: 'https', statusCode: 301, port: 8443 });
    expect(redirect(GatewayDataPlane.envoyGateway())).toEqual({ scheme: 'https', statusCode: 301 });
    // Traefik's entry point 8443 is published on 443 by its chart's Service
    expect(redirect(GatewayDataPlane.traefik())).toEqual({ scheme: 'https', statusCode: 301 });
  });

  test('refuses tls on a listener that takes none', () => {
    const { gw } = setup();
    expect(() => gw.addListener({ hostname: 'db.example.com', protocol: ListenerProtocol.TLS, tls: GatewayTls.fromSecret('db-tls') }))
      .toThrow("Gateway 'public': listener 'tls-db-example-com' is TLS, which takes no tls (TLS passthrough: the app terminates TLS itself); leave tls out, or use ListenerProtocol.HTTPS");
  });

  test('refuses names the CRDs refuse: a ClusterIssuer name, a 254-character wildcard host, a derived Secret name beyond 253', () => {
    expect(() => GatewayTls.fromClusterIssuer({ clusterIssuerName: 'Bad Name', supportsWildcards: false }))
      .toThrow('GatewayTls.fromClusterIssuer: issuer.clusterIssuerName "Bad Name" is not a ClusterIssuer name (a lowercase DNS-1123 subdomain, e.g. letsencrypt-prod)');
    const { gw } = setup();
    const longHost = `${['a'.repeat(62), 'a'.repeat(62), 'a'.repeat(62), 'a'.repeat(61)].join('.')}.io`; // 253 characters
    expect(() => gw.addListener({ hostname: `*.${longHost}`, tls: GatewayTls.fromSecret('x-tls') })).toThrow(/has 255 characters, more than the 253 a host name may have/);
    const issuer = { clusterIssuerName: 'letsencrypt', supportsWildcards: false };
    expect(() => gw.addListener({ hostname: longHost.slice(4), tls: GatewayTls.fromClusterIssuer(issuer) })).not.toThrow();
    expect(() => gw.addListener({ hostname: longHost, tls: GatewayTls.fromClusterIssuer(issuer) }))
      .toThrow(/the certificate Secret of hostname a{40}… would be named with 257 characters, more than the 253 a Secret name may have; give GatewayTls.fromClusterIssuer a secretName/);
  });

  test('host name errors name the prop: the listener hostname, or which of the hostnames', () => {
    const { shop, gw } = setup({ tls: GatewayTls.fromSecret('shop-tls') });
    expect(() => gw.addListener({ hostname: 'Shop.example.com' })).toThrow("Gateway 'public': listener hostname 'Shop.example.com' must be lower case");
    const api = new ExposedApp(shop, 'api', { image: IMAGE });
    expect(() => gw.addRoute({ hostnames: ['shop.example.com', 'shop.example.com:443'], app: api }))
      .toThrow("Gateway 'public': hostnames[1] 'shop.example.com:443' must not contain a port");
  });

  test('keeps spec.infrastructure within the CRD\'s limits', () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`example.com/k${i}`, 'v']));
    expect(() => setup({ infrastructureAnnotations: many(16), sourceRanges: ['203.0.113.0/24'] }))
      .toThrow("Gateway 'public': spec.infrastructure would have 17 annotations (sourceRanges included), more than the 16 a Gateway accepts; give fewer infrastructureAnnotations");
    expect(() => setup({ infrastructureLabels: many(9) })).toThrow(/infrastructureLabels has 9 labels, more than the 8 a Gateway accepts/);
    const ranges = Array.from({ length: 400 }, (_, i) => `10.${Math.floor(i / 200)}.${i % 200}.0/24`);
    expect(() => setup({ sourceRanges: ranges })).toThrow(/sourceRanges joined with commas has \d+ characters, more than the 4096 a Gateway accepts/);
    expect(() => setup({ infrastructureAnnotations: many(16) })).not.toThrow();
  });

  test('two Gateways of one namespace whose listeners would share a cert-manager Secret fail synthesis, once', () => {
    const app = Testing.app();
    const infra = new ZeroTrustNamespace(app, 'infra');
    const issuer = { clusterIssuerName: 'letsencrypt', supportsWildcards: false };
    const a = new Gateway(infra, 'a', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway() });
    const b = new Gateway(infra, 'b', { gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway() });
    a.addListener({ hostname: 'a-b.example.com', tls: GatewayTls.fromClusterIssuer(issuer) });
    b.addListener({ hostname: 'a.b.example.com', tls: GatewayTls.fromClusterIssuer(issuer) });
    expect(synthError(app)).toContain("Gateway 'b': Certificate infra/a-b-example-com-tls (cert-manager names it after the listener's Secret) is already claimed by Gateway 'a'");
  });

  test('a route attaching to more than 32 listeners names their ports instead (a route holds at most 32 parentRefs)', () => {
    const { app, shop, gw } = setup({ tls: GatewayTls.fromSecret('shop-tls') });
    for (let i = 0; i < 40; i++) gw.addListener({ hostname: `h${i}.example.com` });
    new ExposedApp(shop, 'web', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['*.example.com'] }) });
    const route = find(synth(app), 'HTTPRoute', 'web');
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'infra', port: 443 }]);
  });
});
