import { Chart, Testing } from 'cdk8s';
import { errorOf, expectOneConflict, find, findAll, IMAGE, kindsAndNames, objectsOf, plainChart, policyNames, zeroTrust, namespaceBaseObjects } from './_helpers';
import {
  AcmeClusterIssuer,
  ExposedApp,
  Exposure,
  IngressControllerSelector,
  IngressGateway,
  IngressTls,
  lint,
  PathType,
  Protocol,
  Reachability,
  ZeroTrustNamespace,
} from '../../src';

const INGRESS_NGINX_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
};

const CONTROLLER = 'ingress-nginx/ingress-nginx-controller';

/** The App of the canonical example: `public` routes shop.example.com /api → api (rewritten), / → web. */
function shop(options: { rewrite?: boolean } = {}) {
  const { app, ns } = zeroTrust('production');
  const platform = new Chart(app, 'platform');
  const issuer = new AcmeClusterIssuer(platform, 'letsencrypt-prod', { email: 'ops@example.com' });
  const api = new ExposedApp(ns, 'api', { image: IMAGE });
  const web = new ExposedApp(ns, 'web', { image: IMAGE });
  const gw = new IngressGateway(ns, 'public', { tls: IngressTls.fromClusterIssuer(issuer) });
  gw.addRoute({ host: 'shop.example.com', path: '/api', app: api, ...(options.rewrite ?? true ? { rewriteTarget: '/' } : {}) });
  gw.addRoute({ host: 'shop.example.com', path: '/', app: web });
  return { app, ns, platform, issuer, api, web, gw };
}

/** A backend entry of an Ingress path. */
function backend(service: string, port = 80) {
  return { service: { name: service, port: { number: port } } };
}

describe('IngressGateway', () => {
  test('gives a routed app the https URL of its first route', () => {
    // GIVEN two apps routed by a gateway with TLS
    const { api, web } = shop();
    // THEN each app's url is its route's, not the in-cluster one
    expect(api.url).toBe('https://shop.example.com/api');
    expect(web.url).toBe('https://shop.example.com/');
  });

  test('keeps the in-cluster URL of an app routed by a gateway without TLS', () => {
    const { ns } = zeroTrust('production');
    const api = new ExposedApp(ns, 'api', { image: IMAGE });
    new IngressGateway(ns, 'public').addRoute({ host: 'shop.example.com', app: api });
    expect(api.url).toBe('http://api.production.svc.cluster.local:80');
  });

  describe('routing', () => {
    test('routes many apps through one Ingress with one cert-manager certificate', () => {
      // GIVEN
      const { ns } = shop({ rewrite: false });

      // WHEN
      const objects = objectsOf(ns);

      // THEN
      expect(findAll(objects, 'Ingress').map(i => i.metadata.name)).toEqual(['public']);
      const ingress = find(objects, 'Ingress', 'public');
      expect(ingress.metadata.annotations).toEqual({
        'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
        'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
      });
      expect(ingress.spec).toEqual({
        ingressClassName: 'nginx',
        tls: [{ hosts: ['shop.example.com'], secretName: 'public-tls' }],
        rules: [{
          host: 'shop.example.com',
          http: {
            paths: [
              { path: '/api', pathType: 'Prefix', backend: backend('api') },
              { path: '/', pathType: 'Prefix', backend: backend('web') },
            ],
          },
        }],
      });
    });

    test('synthesizes the canonical shared ingress with a rewritten route', () => {
      // GIVEN
      const { ns } = shop();

      // WHEN
      const objects = objectsOf(ns);

      // THEN
      expect(kindsAndNames(objects)).toEqual([
        ...namespaceBaseObjects('production'),
        'Deployment/api',
        'Service/api',
        'NetworkPolicy/api-ingress',
        'Deployment/web',
        'Service/web',
        'NetworkPolicy/web-ingress',
        'Ingress/public',
        'Ingress/public-rewrite',
        'NetworkPolicy/allow-acme-http01-solver',
      ]);
      expect(objects).toMatchSnapshot();
    });

    test('lists the union of the route hosts in one tls entry, each host once', () => {
      // GIVEN
      const { ns, gw, api, web } = shop({ rewrite: false });

      // WHEN
      gw.addRoute({ host: 'www.example.com', app: web });
      gw.addRoute({ host: 'api.example.com', path: '/v2', app: api });
      gw.addRoute({ host: 'www.example.com', path: '/api', app: api });

      // THEN
      const ingress = find(objectsOf(ns), 'Ingress', 'public');
      expect(gw.hosts).toEqual(['shop.example.com', 'www.example.com', 'api.example.com']);
      expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com', 'www.example.com', 'api.example.com'], secretName: 'public-tls' }]);
      expect(ingress.spec.rules.map((r: any) => [r.host, r.http.paths.map((p: any) => `${p.path}→${p.backend.service.name}`)])).toEqual([
        ['shop.example.com', ['/api→api', '/→web']],
        ['www.example.com', ['/→web', '/api→api']],
        ['api.example.com', ['/v2→api']],
      ]);
    });

    test('renders routes added after the Ingress object was created', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const web = new ExposedApp(ns, 'web', { image: IMAGE });
      const gw = new IngressGateway(ns, 'public');
      expect(gw.ingress.toJson().spec.rules).toEqual([]);

      // WHEN
      gw.addRoute({ host: 'shop.example.com', app: web });

      // THEN
      expect(find(objectsOf(ns), 'Ingress', 'public').spec.rules).toEqual([
        { host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('web') }] } },
      ]);
    });

    test('routes to a named port of the app and admits the controller on that container port only', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', {
        image: IMAGE,
        ports: [{ name: 'grpc', port: 9090 }, { name: 'http', port: 80, containerPort: 8080 }],
      });
      const gw = new IngressGateway(ns, 'public');

      // WHEN
      gw.addRoute({ host: 'api.example.com', app: api, port: 'http', pathType: PathType.EXACT, path: '/status' });

      // THEN
      const objects = objectsOf(ns);
      expect(find(objects, 'Ingress', 'public').spec.rules[0].http.paths).toEqual([
        { path: '/status', pathType: 'Exact', backend: backend('api', 80) },
      ]);
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([
        { from: [INGRESS_NGINX_PEER], ports: [{ protocol: 'TCP', port: 8080 }] },
      ]);
    });

    test('exposes its name, namespace, class, TLS secret and Ingress objects', () => {
      // GIVEN
      const { gw } = shop();

      // THEN
      expect(gw.name).toBe('public');
      expect(gw.namespace).toBe('production');
      expect(gw.className).toBe('nginx');
      expect(gw.tlsSecretName).toBe('public-tls');
      expect(gw.tls?.clusterIssuer).toBe('letsencrypt-prod');
      expect(gw.ingress.name).toBe('public');
      expect(gw.rewriteIngress?.name).toBe('public-rewrite');
      expect(gw.hosts).toEqual(['shop.example.com']);
    });

    test('takes its name from the name prop', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const web = new ExposedApp(ns, 'web', { image: IMAGE });

      // WHEN
      const gw = new IngressGateway(ns, 'gw', { name: 'shop', tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod' }) });
      gw.addRoute({ host: 'shop.example.com', app: web });

      // THEN
      const ingress = find(objectsOf(ns), 'Ingress', 'shop');
      expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-tls' }]);
    });
  });

  describe('rewrites', () => {
    test('puts rewritten routes into a companion Ingress with the capture-group form', () => {
      // GIVEN
      const { ns } = shop();

      // WHEN
      const objects = objectsOf(ns);

      // THEN
      const main = find(objects, 'Ingress', 'public');
      expect(main.spec.rules).toEqual([
        { host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('web') }] } },
      ]);
      const rewrite = find(objects, 'Ingress', 'public-rewrite');
      expect(rewrite.metadata.annotations).toEqual({
        'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
        'nginx.ingress.kubernetes.io/use-regex': 'true',
        'nginx.ingress.kubernetes.io/rewrite-target': '/$2',
      });
      expect(rewrite.spec).toEqual({
        ingressClassName: 'nginx',
        rules: [{
          host: 'shop.example.com',
          http: { paths: [{ path: '/api(/|$)(.*)', pathType: 'ImplementationSpecific', backend: backend('api') }] },
        }],
      });
    });

    test('gives the companion no tls entry and no issuer annotation, so cert-manager issues one certificate', () => {
      // GIVEN
      const { ns } = shop();

      // WHEN
      const objects = objectsOf(ns);

      // THEN
      const rewrite = find(objects, 'Ingress', 'public-rewrite');
      expect(rewrite.spec.tls).toBeUndefined();
      expect(Object.keys(rewrite.metadata.annotations).filter(k => k.startsWith('cert-manager.io/'))).toEqual([]);
    });

    test.each([
      ['/api', '/', '/api(/|$)(.*)', '/$2'],
      ['/api', '/v1', '/api(/|$)(.*)', '/v1/$2'],
      ['/api/', '/v1/', '/api(/|$)(.*)', '/v1/$2'],
      ['/', '/v1', '/()(.*)', '/v1/$2'],
      ['/v1.0/api', '/', '/v1\\.0/api(/|$)(.*)', '/$2'],
    ])('rewrites path %p to rewriteTarget %p as %p with rewrite-target %p', (path, rewriteTarget, regex, target) => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE });
      const gw = new IngressGateway(ns, 'public');

      // WHEN
      gw.addRoute({ host: 'shop.example.com', path, app: api, rewriteTarget });

      // THEN
      const rewrite = find(objectsOf(ns), 'Ingress', 'public-rewrite');
      expect(rewrite.spec.rules[0].http.paths[0].path).toBe(regex);
      expect(rewrite.metadata.annotations['nginx.ingress.kubernetes.io/rewrite-target']).toBe(target);
    });

    test('keeps a host that only rewritten routes use in the gateway Ingress, so TLS hosts match rules', () => {
      // GIVEN
      const { ns, gw, api } = shop();

      // WHEN
      gw.addRoute({ host: 'api.example.com', path: '/v1', app: api, rewriteTarget: '/' });

      // THEN
      const objects = objectsOf(ns);
      const main = find(objects, 'Ingress', 'public');
      expect(main.spec.tls).toEqual([{ hosts: ['shop.example.com', 'api.example.com'], secretName: 'public-tls' }]);
      expect(main.spec.rules[1]).toEqual({ host: 'api.example.com' });
      expect(find(objects, 'Ingress', 'public-rewrite').spec.rules.map((r: any) => r.host)).toEqual(['shop.example.com', 'api.example.com']);
    });

    test('creates no companion Ingress without a rewritten route', () => {
      // GIVEN
      const { ns, gw } = shop({ rewrite: false });

      // THEN
      expect(gw.rewriteIngress).toBeUndefined();
      expect(findAll(objectsOf(ns), 'Ingress')).toHaveLength(1);
    });

    test('passes the lint rules for Ingresses', () => {
      // GIVEN
      const { ns, gw, api } = shop();
      gw.addRoute({ host: 'api.example.com', path: '/v1', app: api, rewriteTarget: '/' });

      // WHEN
      const findings = lint(objectsOf(ns));

      // THEN
      expect(findings.filter(f => f.rule.startsWith('ingress-'))).toEqual([]);
    });
  });

  describe('TLS', () => {
    test('uses plain HTTP without tls: no tls entry, no annotations, no solver policy', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const web = new ExposedApp(ns, 'web', { image: IMAGE });
      const gw = new IngressGateway(ns, 'public');

      // WHEN
      gw.addRoute({ host: 'shop.example.com', app: web });

      // THEN
      const objects = objectsOf(ns);
      const ingress = find(objects, 'Ingress', 'public');
      expect(ingress.metadata.annotations).toBeUndefined();
      expect(ingress.spec.tls).toBeUndefined();
      expect(gw.tlsSecretName).toBeUndefined();
      expect(policyNames(objects)).toEqual(['allow-dns', 'default-deny', 'web-ingress']);
    });

    test('serves an existing secret without cert-manager and without a solver policy', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const web = new ExposedApp(ns, 'web', { image: IMAGE });
      const gw = new IngressGateway(ns, 'public', { tls: IngressTls.fromSecret('shop-wildcard-tls') });

      // WHEN
      gw.addRoute({ host: '*.shop.example.com', app: web });

      // THEN
      const objects = objectsOf(ns);
      const ingress = find(objects, 'Ingress', 'public');
      expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' });
      expect(ingress.spec.tls).toEqual([{ hosts: ['*.shop.example.com'], secretName: 'shop-wildcard-tls' }]);
      expect(policyNames(objects)).toEqual(['allow-dns', 'default-deny', 'web-ingress']);
    });

    test('asks a namespaced Issuer with an explicit secret name', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const web = new ExposedApp(ns, 'web', { image: IMAGE });
      const gw = new IngressGateway(ns, 'public', { tls: IngressTls.certManager({ issuer: 'shop-ca', secretName: 'shop-cert' }) });

      // WHEN
      gw.addRoute({ host: 'shop.example.com', app: web });

      // THEN
      const objects = objectsOf(ns);
      const ingress = find(objects, 'Ingress', 'public');
      expect(ingress.metadata.annotations['cert-manager.io/issuer']).toBe('shop-ca');
      expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'shop-cert' }]);
      expect(policyNames(objects)).toContain('allow-acme-http01-solver');
    });

    test('accepts a wildcard host with an issuer that may solve DNS-01', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const web = new ExposedApp(ns, 'web', { image: IMAGE });
      const gw = new IngressGateway(ns, 'public', { tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt-dns01' }) });

      // WHEN
      gw.addRoute({ host: '*.example.com', app: web });

      // THEN
      expect(find(objectsOf(ns), 'Ingress', 'public').spec.tls[0].hosts).toEqual(['*.example.com']);
    });

    test('adds no ssl-redirect annotation on a class other than nginx', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const web = new ExposedApp(ns, 'web', { image: IMAGE });
      const gw = new IngressGateway(ns, 'public', {
        className: 'traefik',
        tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod' }),
      });

      // WHEN
      gw.addRoute({ host: 'shop.example.com', app: web });

      // THEN
      const ingress = find(objectsOf(ns), 'Ingress', 'public');
      expect(ingress.spec.ingressClassName).toBe('traefik');
      expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
    });

    test('puts user annotations on both Ingresses, under the ones the gateway manages', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE });
      const gw = new IngressGateway(ns, 'public', {
        tls: IngressTls.fromSecret('shop-tls'),
        annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m', 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' },
      });

      // WHEN
      gw.addRoute({ host: 'shop.example.com', app: api, path: '/api', rewriteTarget: '/' });

      // THEN
      const objects = objectsOf(ns);
      for (const name of ['public', 'public-rewrite']) {
        const annotations = find(objects, 'Ingress', name).metadata.annotations;
        expect(annotations['nginx.ingress.kubernetes.io/proxy-body-size']).toBe('8m');
        expect(annotations['nginx.ingress.kubernetes.io/ssl-redirect']).toBe('true');
      }
    });
  });

  describe('network policies', () => {
    test('admits the ingress controller to each routed app and to the ACME solver in a ZeroTrustNamespace', () => {
      // GIVEN
      const { ns } = shop();

      // WHEN
      const objects = objectsOf(ns);

      // THEN
      for (const name of ['api', 'web']) {
        expect(find(objects, 'NetworkPolicy', `${name}-ingress`).spec.ingress).toEqual([
          { from: [INGRESS_NGINX_PEER], ports: [{ protocol: 'TCP', port: 8080 }] },
        ]);
      }
      expect(find(objects, 'NetworkPolicy', 'allow-acme-http01-solver').spec).toEqual({
        podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [INGRESS_NGINX_PEER], ports: [{ protocol: 'TCP', port: 8089 }] }],
      });
    });

    test('admits the namespace\'s own ingress controller, once per app however many routes it has', () => {
      // GIVEN
      const { ns } = zeroTrust('production', {
        ingressController: IngressControllerSelector.of({ namespace: 'traefik', podLabels: { 'app.kubernetes.io/name': 'traefik' } }),
      });
      const web = new ExposedApp(ns, 'web', { image: IMAGE });
      const gw = new IngressGateway(ns, 'public', { className: 'traefik' });

      // WHEN
      gw.addRoute({ host: 'shop.example.com', app: web });
      gw.addRoute({ host: 'www.example.com', app: web });

      // THEN
      expect(find(objectsOf(ns), 'NetworkPolicy', 'web-ingress').spec.ingress).toEqual([{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
        }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }]);
    });

    test('creates no NetworkPolicy outside a ZeroTrustNamespace', () => {
      // GIVEN
      const app = Testing.app();
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      const web = new ExposedApp(chart, 'web', { image: IMAGE });
      const gw = new IngressGateway(chart, 'public', { tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod' }) });

      // WHEN
      gw.addRoute({ host: 'shop.example.com', app: web });

      // THEN
      const objects = objectsOf(chart);
      expect(kindsAndNames(objects)).toEqual(['Deployment/web', 'Service/web', 'Ingress/public']);
      expect(find(objects, 'Ingress', 'public').metadata.namespace).toBe('shop');
    });

    test('lets the ingress controller reach the routed apps and the ACME solver, and nothing else', () => {
      // GIVEN
      const { ns } = shop();

      // WHEN
      const r = Reachability.fromChart(ns);

      // THEN
      expect(r.canReach(CONTROLLER, 'production/api', 8080)).toBe(true);
      expect(r.canReach(CONTROLLER, 'production/web', 8080)).toBe(true);
      expect(r.canReach(CONTROLLER, 'production/cm-acme-http-solver', 8089)).toBe(true);
      expect(r.canReach(CONTROLLER, 'production/api', 9090)).toBe(false);
      expect(r.canReach('production/web', 'production/api', 8080)).toBe(false);
      expect(r.canReach('production/api', 'production/web', 8080)).toBe(false);
      expect(r.canReach('production/cm-acme-http-solver', 'production/api', 8080)).toBe(false);
      const flows = r.toJson().flows;
      expect(flows.filter(f => f.to.startsWith('production/'))).toEqual([
        { from: CONTROLLER, to: 'production/api', port: 8080, protocol: 'TCP' },
        { from: CONTROLLER, to: 'production/cm-acme-http-solver', port: 8089, protocol: 'TCP' },
        { from: CONTROLLER, to: 'production/web', port: 8080, protocol: 'TCP' },
      ]);
      const outbound = flows.filter(f => f.from.startsWith('production/'));
      expect(outbound.length).toBeGreaterThan(0);
      expect(outbound.filter(f => f.to !== 'kube-system/coredns' || f.port !== 53)).toEqual([]);
    });
  });

  describe('bad input', () => {
    test('fails when a route targets an app in another namespace, naming both', () => {
      // GIVEN
      const { app, ns } = zeroTrust('production');
      const staging = new ZeroTrustNamespace(app, 'staging');
      const web = new ExposedApp(staging, 'web', { image: IMAGE });
      const gw = new IngressGateway(ns, 'public');

      // WHEN
      const message = errorOf(() => gw.addRoute({ host: 'shop.example.com', app: web }));

      // THEN
      expect(message).toBe('IngressGateway \'public\': route shop.example.com/ targets ExposedApp \'web\' in namespace \'staging\', '
        + 'but the gateway is in namespace \'production\' and Ingress backends cannot cross namespaces; create an IngressGateway in \'staging\' for it');
    });

    test('fails when the gateway already routes the host and path, naming both apps', () => {
      // GIVEN
      const { ns, gw } = shop();
      const shop2 = new ExposedApp(ns, 'shop2', { image: IMAGE });

      // WHEN
      const message = errorOf(() => gw.addRoute({ host: 'shop.example.com', path: '/', app: shop2 }));

      // THEN
      expect(message).toBe('IngressGateway \'public\': route shop.example.com/ (class nginx) to ExposedApp \'shop2\' conflicts with '
        + 'the route to ExposedApp \'web\' added before; give one of them another host or path');
    });

    test('fails synthesis when an app Ingress claims a routed host and path of the same class, naming both apps', () => {
      // GIVEN
      const { app, ns } = shop();

      // WHEN
      new ExposedApp(ns, 'shop2', { image: IMAGE, exposure: Exposure.ingress({ host: 'shop.example.com', path: '/api' }) });

      // THEN
      expectOneConflict(errorOf(() => app.synth()), { path: 'production/shop2', owner: "ExposedApp 'shop2'", key: 'Ingress route shop.example.com/api (class nginx)', first: "IngressGateway 'public' route to ExposedApp 'api' at production/public" });
    });

    test('fails synthesis when two gateways route one host and path of one class, and not across classes', () => {
      // GIVEN
      const { app, ns, web } = shop();
      const internal = new IngressGateway(ns, 'internal', { className: 'nginx-internal' });
      internal.addRoute({ host: 'shop.example.com', app: web });
      expect(() => app.synth()).not.toThrow();

      // WHEN
      const other = new IngressGateway(ns, 'other');
      other.addRoute({ host: 'shop.example.com', app: web });

      // THEN
      expectOneConflict(errorOf(() => app.synth()), { path: 'production/other', owner: "IngressGateway 'other' route to ExposedApp 'web'", key: 'Ingress route shop.example.com/ (class nginx)', first: "IngressGateway 'public' route to ExposedApp 'web' at production/public" });
    });

    test('fails synthesis when two gateways of one namespace share a name', () => {
      // GIVEN
      const { app, ns, web } = shop();

      // WHEN
      new IngressGateway(ns, 'public2', { name: 'public', className: 'nginx-internal' }).addRoute({ host: 'x.example.com', app: web });

      // THEN
      expectOneConflict(errorOf(() => app.synth()), { path: 'production/public2', owner: "IngressGateway 'public'", key: 'Ingress production/public', first: "IngressGateway 'public' at production/public" });
    });

    test('fails synthesis when two gateways ask cert-manager for one secret', () => {
      // GIVEN
      const { app, ns, web } = shop();
      const tls = IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod', secretName: 'public-tls' });

      // WHEN
      new IngressGateway(ns, 'other', { className: 'nginx-internal', tls }).addRoute({ host: 'x.example.com', app: web });

      // THEN
      expectOneConflict(errorOf(() => app.synth()), { path: 'production/other', owner: "IngressGateway 'other'", key: 'cert-manager certificate Secret production/public-tls', first: "IngressGateway 'public' at production/public" });
    });

    test('fails synthesis when a gateway has no routes', () => {
      // GIVEN
      const { app, ns } = zeroTrust('production');

      // WHEN
      new IngressGateway(ns, 'public');

      // THEN
      expect(errorOf(() => app.synth())).toMatch(/IngressGateway 'public' has no routes; call addRoute\(\) at least once or remove the gateway/);
    });

    test('fails when a wildcard host meets an HTTP-01-only issuer', () => {
      // GIVEN
      const { gw, web } = shop();

      // WHEN
      const message = errorOf(() => gw.addRoute({ host: '*.example.com', app: web }));

      // THEN
      expect(message).toMatch(/^IngressGateway 'public': host '\*\.example\.com' is a wildcard, but ClusterIssuer 'letsencrypt-prod' only solves HTTP-01 challenges; wildcard certificates need a DNS-01 solver/);
      expect(gw.hosts).toEqual(['shop.example.com']);
    });

    test('fails when the TLS names both an issuer and a cluster issuer', () => {
      expect(errorOf(() => IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod', issuer: 'shop-ca' })))
        .toBe('IngressTls.certManager: clusterIssuer and issuer: give exactly one, got clusterIssuer \'letsencrypt-prod\' and issuer \'shop-ca\'; '
          + 'name the cert-manager ClusterIssuer (clusterIssuer) or the namespaced Issuer (issuer)');
    });

    test('fails when a second rewritten route asks for another rewriteTarget', () => {
      // GIVEN
      const { gw, api } = shop();

      // WHEN
      const message = errorOf(() => gw.addRoute({ host: 'shop.example.com', path: '/legacy', app: api, rewriteTarget: '/v1' }));

      // THEN
      expect(message).toBe('IngressGateway \'public\': route shop.example.com/legacy: rewriteTarget \'/v1\' differs from the gateway\'s rewriteTarget \'/\', '
        + 'and ingress-nginx applies one rewrite-target per Ingress; use one rewriteTarget per gateway or a second IngressGateway');
    });

    test.each([
      ['v1', /rewriteTarget 'v1' must be a path starting with '\/'/],
      ['/v1/$1', /rewriteTarget '\/v1\/\$1' must be a path starting with '\/' without white space or '\$'/],
    ])('fails when rewriteTarget is %p', (rewriteTarget, expected) => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE });
      const gw = new IngressGateway(ns, 'public');

      // THEN
      expect(errorOf(() => gw.addRoute({ host: 'shop.example.com', path: '/api', app: api, rewriteTarget }))).toMatch(expected);
    });

    test('fails when a rewritten route asks for a Prefix or Exact path type', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE });
      const gw = new IngressGateway(ns, 'public');

      // WHEN
      const message = errorOf(() => gw.addRoute({ host: 'shop.example.com', path: '/api', app: api, rewriteTarget: '/', pathType: PathType.PREFIX }));

      // THEN
      expect(message).toBe('IngressGateway \'public\': route shop.example.com/api: pathType \'Prefix\' cannot be combined with rewriteTarget, '
        + 'whose path is a regular expression (ImplementationSpecific); omit pathType');
    });

    test('fails when the route names a port the app does not have', () => {
      // GIVEN
      const { gw, api } = shop();

      // WHEN
      const message = errorOf(() => gw.addRoute({ host: 'shop.example.com', path: '/metrics', app: api, port: 'metrics' }));

      // THEN
      expect(message).toBe('IngressGateway \'public\': route shop.example.com/metrics: port \'metrics\' is not a port of ExposedApp \'api\'; its ports are http');
    });

    test('fails when the route targets a UDP port', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const dns = new ExposedApp(ns, 'dns', { image: IMAGE, ports: [{ name: 'dns', port: 53, protocol: Protocol.UDP }] });
      const gw = new IngressGateway(ns, 'public');

      // WHEN
      const message = errorOf(() => gw.addRoute({ host: 'dns.example.com', app: dns }));

      // THEN
      expect(message).toBe('IngressGateway \'public\': route dns.example.com/: port \'dns\' of ExposedApp \'dns\' is UDP, but an Ingress forwards HTTP over TCP; route to a TCP port');
    });

    test.each([
      ['a host with a scheme', { host: 'https://shop.example.com' }, /^IngressGateway 'public': host 'https:\/\/shop\.example\.com' must not contain a scheme/],
      ['an upper-case host', { host: 'Shop.example.com' }, /^IngressGateway 'public': host 'Shop\.example\.com' must be lower case/],
      ['a relative path', { host: 'shop.example.com', path: 'api' }, /^IngressGateway 'public': path 'api' must start with '\/'/],
      ['an invalid port name', { host: 'shop.example.com', port: 'HTTP' }, /^IngressGateway 'public': port name 'HTTP' is not an IANA service name/],
    ])('fails on %s', (_case, options, expected) => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const web = new ExposedApp(ns, 'web', { image: IMAGE });
      const gw = new IngressGateway(ns, 'public');

      // THEN
      expect(errorOf(() => gw.addRoute({ app: web, ...options }))).toMatch(expected);
    });

    test.each([
      ['name', { name: 'Public' }, /^IngressGateway 'Public': name 'Public' is not a valid DNS-1123 label/],
      ['className', { className: 'nginx_internal' }, /^IngressGateway 'public': className 'nginx_internal' is not a valid IngressClass name \(a lowercase DNS-1123 subdomain/],
      ['a rewrite-target annotation', { annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/' } },
        /^IngressGateway 'public': annotation 'nginx\.ingress\.kubernetes\.io\/rewrite-target: \/' would apply to every route of the gateway; pass rewriteTarget to addRoute/],
      ['a use-regex annotation', { annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' } },
        /^IngressGateway 'public': annotation 'nginx\.ingress\.kubernetes\.io\/use-regex: true' would apply to every route of the gateway/],
    ])('fails on an invalid %s', (_case, props, expected) => {
      // GIVEN
      const { chart } = plainChart();

      // THEN
      expect(errorOf(() => new IngressGateway(chart, 'public', props))).toMatch(expected);
    });
  });
});
