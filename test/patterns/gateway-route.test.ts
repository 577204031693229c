import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import { Chart, Testing } from 'cdk8s';
import { errorOf, find, findAll, IMAGE, kindsAndNames, objectsOf, policyNames, zeroTrust, namespaceBaseObjects } from './_helpers';
import {
  ExposedApp,
  Exposure,
  IngressControllerSelector,
  IngressGateway,
  IngressTls,
  Reachability,
  ZeroTrustNamespace,
} from '../../src';

const DATA_PLANE_LABELS = { 'gateway.networking.k8s.io/gateway-name': 'shared-gateway' };

const DATA_PLANE = IngressControllerSelector.of({ namespace: 'gateway-system', podLabels: DATA_PLANE_LABELS });

const DATA_PLANE_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway-system' } },
  podSelector: { matchLabels: DATA_PLANE_LABELS },
};

const INGRESS_NGINX_PEER = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
  podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
};

/** The data-plane pods as a workload the analyzer assumes (the manifests do not hold them). */
const DATA_PLANE_WORKLOAD = {
  namespace: 'gateway-system',
  name: 'shared-gateway',
  podLabels: DATA_PLANE_LABELS,
  ports: [{ port: 8443, name: 'https' }],
};

/** Validates an HTTPRoute against the Gateway API schema (throws on a problem). */
function validateHttpRoute(obj: any): void {
  new HTTPRoute(obj).validate();
}

/** A route to `shared-gateway` in `gateway-system`. */
function route(options: { path?: string; sectionName?: string; port?: string; hostnames?: string[] } = {}): Exposure {
  return Exposure.gatewayRoute({
    gateway: { name: 'shared-gateway', namespace: 'gateway-system', sectionName: options.sectionName },
    hostnames: options.hostnames ?? ['shop.example.com'],
    path: options.path,
    port: options.port,
  });
}

describe('Exposure.gatewayRoute', () => {
  test('synthesizes a ClusterIP Service and an HTTPRoute named after the app', () => {
    // GIVEN
    const { ns } = zeroTrust('production', { gatewayDataPlane: DATA_PLANE });

    // WHEN
    new ExposedApp(ns, 'api', { image: IMAGE, exposure: route({ path: '/api', sectionName: 'https' }) });

    // THEN
    const objects = objectsOf(ns);
    expect(kindsAndNames(objects)).toEqual([
      ...namespaceBaseObjects('production'),
      'Deployment/api',
      'Service/api',
      'HTTPRoute/api',
      'NetworkPolicy/api-ingress',
    ]);
    expect(find(objects, 'Service', 'api').spec.type).toBe('ClusterIP');
    const httpRoute = find(objects, 'HTTPRoute', 'api');
    validateHttpRoute(httpRoute);
    expect(httpRoute.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(httpRoute.metadata.namespace).toBe('production');
    expect(httpRoute.spec).toEqual({
      parentRefs: [{
        group: 'gateway.networking.k8s.io',
        kind: 'Gateway',
        name: 'shared-gateway',
        namespace: 'gateway-system',
        sectionName: 'https',
      }],
      hostnames: ['shop.example.com'],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
        backendRefs: [{ name: 'api', port: 80 }],
      }],
    });
    expect(objects).toMatchSnapshot();
  });

  test('matches every path of every hostname by default, on every listener', () => {
    // GIVEN
    const { ns } = zeroTrust('production', { gatewayDataPlane: DATA_PLANE });

    // WHEN
    new ExposedApp(ns, 'web', { image: IMAGE, exposure: route({ hostnames: ['shop.example.com', 'www.example.com'] }) });

    // THEN
    const httpRoute = find(objectsOf(ns), 'HTTPRoute', 'web');
    validateHttpRoute(httpRoute);
    expect(httpRoute.spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shared-gateway', namespace: 'gateway-system' },
    ]);
    expect(httpRoute.spec.hostnames).toEqual(['shop.example.com', 'www.example.com']);
    expect(httpRoute.spec.rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/' } }]);
  });

  test('sends traffic to the Service on its first port unless a port is named', () => {
    // GIVEN
    const { ns } = zeroTrust('production', { gatewayDataPlane: DATA_PLANE });
    const ports = [{ name: 'http', port: 80, containerPort: 8080 }, { name: 'admin', port: 9000, containerPort: 9001 }];

    // WHEN
    new ExposedApp(ns, 'api', { image: IMAGE, ports, exposure: route() });
    new ExposedApp(ns, 'admin', { image: IMAGE, ports, exposure: route({ hostnames: ['admin.example.com'], port: 'admin' }) });

    // THEN
    const objects = objectsOf(ns);
    expect(find(objects, 'HTTPRoute', 'api').spec.rules[0].backendRefs).toEqual([{ name: 'api', port: 80 }]);
    expect(find(objects, 'HTTPRoute', 'admin').spec.rules[0].backendRefs).toEqual([{ name: 'admin', port: 9000 }]);
    expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([
      { from: [DATA_PLANE_PEER], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
    expect(find(objects, 'NetworkPolicy', 'admin-ingress').spec.ingress).toEqual([
      { from: [DATA_PLANE_PEER], ports: [{ protocol: 'TCP', port: 9001 }] },
    ]);
  });

  test('gives the app an https URL on its first hostname and path', () => {
    // GIVEN
    const { ns } = zeroTrust('production', { gatewayDataPlane: DATA_PLANE });

    // WHEN
    const api = new ExposedApp(ns, 'api', { image: IMAGE, exposure: route({ path: '/api', hostnames: ['shop.example.com', 'www.example.com'] }) });

    // THEN
    expect(api.url).toBe('https://shop.example.com/api');
    expect(api.httpRoute?.kind).toBe('HTTPRoute');
    expect(api.ingress).toBeUndefined();
    expect(api.host).toBe('api.production.svc.cluster.local');
  });

  test('admits only the gateway data plane, on the container port, in a ZeroTrustNamespace', () => {
    // GIVEN
    const { ns } = zeroTrust('production', { gatewayDataPlane: DATA_PLANE });

    // WHEN
    new ExposedApp(ns, 'api', { image: IMAGE, exposure: route() });

    // THEN
    const objects = objectsOf(ns);
    expect(policyNames(objects)).toEqual(['allow-dns', 'api-ingress', 'default-deny']);
    expect(find(objects, 'NetworkPolicy', 'api-ingress').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [DATA_PLANE_PEER], ports: [{ protocol: 'TCP', port: 8080 }] }],
    });
  });

  test('admits a host-network data plane by CIDR', () => {
    // GIVEN
    const { ns } = zeroTrust('production', { gatewayDataPlane: IngressControllerSelector.fromCidrs(['10.0.0.0/24']) });

    // WHEN
    new ExposedApp(ns, 'api', { image: IMAGE, exposure: route() });

    // THEN
    expect(find(objectsOf(ns), 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([
      { from: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
  });

  test('lets the data plane reach the app on its container port, and nothing else reach it', () => {
    // GIVEN
    const { ns } = zeroTrust('production', { gatewayDataPlane: DATA_PLANE });
    new ExposedApp(ns, 'api', { image: IMAGE, exposure: route() });
    new ExposedApp(ns, 'web', { image: IMAGE });

    // WHEN
    const r = Reachability.fromChart(ns, { extraWorkloads: [DATA_PLANE_WORKLOAD] });

    // THEN
    expect(r.canReach('gateway-system/shared-gateway', 'production/api', 8080)).toBe(true);
    expect(r.canReach('gateway-system/shared-gateway', 'production/api', 9090)).toBe(false);
    expect(r.canReach('gateway-system/shared-gateway', 'production/web', 8080)).toBe(false);
    expect(r.canReach('production/web', 'production/api', 8080)).toBe(false);
    expect(r.toJson().flows.filter(f => f.to.startsWith('production/'))).toEqual([
      { from: 'gateway-system/shared-gateway', to: 'production/api', port: 8080, protocol: 'TCP' },
    ]);
  });

  test('fails in a ZeroTrustNamespace without gatewayDataPlane', () => {
    // GIVEN
    const { ns } = zeroTrust('production');

    // WHEN
    const message = errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, exposure: route() }));

    // THEN
    expect(message).toMatch(/^ExposedApp 'api': Exposure\.gatewayRoute needs the gatewayDataPlane prop of ZeroTrustNamespace 'production'/);
  });

  test('needs no gatewayDataPlane and creates no NetworkPolicy outside a ZeroTrustNamespace', () => {
    // GIVEN
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });

    // WHEN
    new ExposedApp(chart, 'api', { image: IMAGE, exposure: route() });

    // THEN
    const objects = objectsOf(chart);
    expect(kindsAndNames(objects)).toEqual(['Deployment/api', 'Service/api', 'HTTPRoute/api']);
    validateHttpRoute(find(objects, 'HTTPRoute', 'api'));
  });

  test('works side by side with an IngressGateway in one namespace', () => {
    // GIVEN
    const { ns } = zeroTrust('production', { gatewayDataPlane: DATA_PLANE });
    const api = new ExposedApp(ns, 'api', { image: IMAGE, exposure: route({ path: '/api' }) });
    const web = new ExposedApp(ns, 'web', { image: IMAGE });
    const gw = new IngressGateway(ns, 'legacy', { tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod' }) });

    // WHEN
    gw.addRoute({ host: 'legacy.example.com', app: web });
    gw.addRoute({ host: 'legacy.example.com', path: '/api', app: api });

    // THEN
    const objects = objectsOf(ns);
    expect(findAll(objects, 'HTTPRoute').map(o => o.metadata.name)).toEqual(['api']);
    expect(findAll(objects, 'Ingress').map(o => o.metadata.name)).toEqual(['legacy']);
    expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([
      { from: [DATA_PLANE_PEER], ports: [{ protocol: 'TCP', port: 8080 }] },
      { from: [INGRESS_NGINX_PEER], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
    expect(find(objects, 'NetworkPolicy', 'web-ingress').spec.ingress).toEqual([
      { from: [INGRESS_NGINX_PEER], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
    const r = Reachability.fromChart(ns, { extraWorkloads: [DATA_PLANE_WORKLOAD] });
    expect(r.canReach('gateway-system/shared-gateway', 'production/api', 8080)).toBe(true);
    expect(r.canReach('gateway-system/shared-gateway', 'production/web', 8080)).toBe(false);
    expect(r.canReach('ingress-nginx/ingress-nginx-controller', 'production/web', 8080)).toBe(true);
    expect(r.canReach('ingress-nginx/ingress-nginx-controller', 'production/api', 8080)).toBe(true);
    expect(r.canReach('ingress-nginx/ingress-nginx-controller', 'production/cm-acme-http-solver', 8089)).toBe(true);
  });

  test('lets a route in one namespace attach to a gateway of another, with the data plane of each namespace', () => {
    // GIVEN
    const { app, ns } = zeroTrust('production', { gatewayDataPlane: DATA_PLANE });
    const staging = new ZeroTrustNamespace(app, 'staging', {
      gatewayDataPlane: IngressControllerSelector.of({ namespace: 'envoy-gateway-system', podLabels: { 'gateway.envoyproxy.io/owning-gateway-name': 'staging-gateway' } }),
    });

    // WHEN
    new ExposedApp(ns, 'api', { image: IMAGE, exposure: route() });
    new ExposedApp(staging, 'api', { image: IMAGE, exposure: route({ hostnames: ['staging.example.com'] }) });

    // THEN
    expect(find(objectsOf(ns), 'NetworkPolicy', 'api-ingress').spec.ingress[0].from).toEqual([DATA_PLANE_PEER]);
    expect(find(objectsOf(staging), 'NetworkPolicy', 'api-ingress').spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
      podSelector: { matchLabels: { 'gateway.envoyproxy.io/owning-gateway-name': 'staging-gateway' } },
    }]);
  });

  test.each([
    ['no hostname', { hostnames: [] }, /^Exposure\.gatewayRoute: hostnames is empty; give at least one host name the route matches$/],
    ['a hostname with a scheme', { hostnames: ['https://shop.example.com'] }, /^Exposure\.gatewayRoute: hostnames\[0\] 'https:\/\/shop\.example\.com' must not contain a scheme/],
    ['a relative path', { path: 'api' }, /^Exposure\.gatewayRoute: path 'api' must start with '\/'$/],
    ['an invalid port name', { port: 'Admin' }, /^Exposure\.gatewayRoute: port name 'Admin' is not an IANA service name/],
  ])('fails on %s', (_case, options, expected) => {
    expect(errorOf(() => route(options))).toMatch(expected);
  });

  test('fails on an invalid gateway namespace', () => {
    expect(errorOf(() => Exposure.gatewayRoute({ gateway: { name: 'shared-gateway', namespace: 'Gateway_System' }, hostnames: ['shop.example.com'] })))
      .toMatch(/^Exposure\.gatewayRoute: gateway\.namespace 'Gateway_System' is not a valid DNS-1123 label/);
  });

  test('fails when the named port is not a port of the app', () => {
    // GIVEN
    const { ns } = zeroTrust('production', { gatewayDataPlane: DATA_PLANE });

    // WHEN
    const message = errorOf(() => new ExposedApp(ns, 'api', { image: IMAGE, exposure: route({ port: 'admin' }) }));

    // THEN
    expect(message).toBe('ExposedApp \'api\': port \'admin\' is not a port of ExposedApp \'api\'; its ports are http');
  });
});
