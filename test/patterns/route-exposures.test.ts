import { Testing } from 'cdk8s';
import { errorOf, find, IMAGE, objectsOf, zeroTrust } from './_helpers';
import {
  AllowedRoutes, ExposedApp, Exposure, ExposureKind, Gateway, GatewayDataPlane, IngressControllerSelector, Protocol, ZeroTrustNamespace,
} from '../../src';

const REF = { name: 'shared', namespace: 'gateway-system' };
const DATA_PLANE = IngressControllerSelector.of({ namespace: 'gateway-system', podLabels: { 'gateway.networking.k8s.io/gateway-name': 'shared' } });

describe('Exposure.grpcRoute and Exposure.tlsRoute', () => {
  test.each([
    ['grpcRoute', Exposure.grpcRoute({ gateway: REF, hostnames: ['rpc.example.com'] }), 'GRPCRoute', 'gateway.networking.k8s.io/v1', ExposureKind.GRPC_ROUTE],
    ['tlsRoute', Exposure.tlsRoute({ gateway: REF, hostnames: ['db.example.com'] }), 'TLSRoute', 'gateway.networking.k8s.io/v1', ExposureKind.TLS_ROUTE],
  ])('%s to a reference writes a %s (valid for the Gateway API schema) and admits the namespace\'s data plane', (_f, exposure, kind, apiVersion, exposureKind) => {
    // GIVEN
    const { ns } = zeroTrust('production', { gatewayDataPlane: DATA_PLANE });
    // WHEN
    const app = new ExposedApp(ns, 'svc', { image: IMAGE, ports: [{ name: 'main', port: 9443 }], exposure });
    const objects = objectsOf(ns);
    // THEN
    expect(exposure.kind).toBe(exposureKind);
    expect(exposure.serviceType).toBe('ClusterIP');
    const route = find(objects, kind, 'svc');
    expect(route.apiVersion).toBe(apiVersion);
    expect(route.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'shared', namespace: 'gateway-system' }],
      hostnames: exposure.grpcRouteOptions?.hostnames ?? exposure.tlsRouteOptions?.hostnames,
      rules: [{ backendRefs: [{ name: 'svc', port: 9443 }] }],
    });
    expect(find(objects, 'NetworkPolicy', 'svc-ingress').spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway-system' } }, podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'shared' } } }],
      ports: [{ protocol: 'TCP', port: 9443 }],
    }]);
    expect(app.url).toBe(`https://${route.spec.hostnames[0]}`);
    expect(kind === 'GRPCRoute' ? app.grpcRoute : app.tlsRoute).toBeDefined();
  });

  test('tlsRoute to a Gateway construct adds a TLS passthrough listener for its hostname', () => {
    const app = Testing.app();
    const gw = new Gateway(new ZeroTrustNamespace(app, 'infra'), 'public', {
      gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), allowedRoutes: AllowedRoutes.all(),
    });
    const db = new ZeroTrustNamespace(app, 'data');
    new ExposedApp(db, 'pgbouncer', { image: IMAGE, port: 6432, exposure: Exposure.tlsRoute({ gateway: gw, hostnames: ['db.example.com'] }) });
    const infra = objectsOf(app.charts[0] as any);
    expect(find(infra, 'Gateway', 'public').spec.listeners.map((l: any) => [l.name, l.protocol, l.port, l.hostname, l.tls]))
      .toEqual([['http', 'HTTP', 80, undefined, undefined], ['tls-db-example-com', 'TLS', 443, 'db.example.com', { mode: 'Passthrough' }]]);
    expect(find(objectsOf(db), 'TLSRoute', 'pgbouncer').spec.parentRefs[0].sectionName).toBe('tls-db-example-com');
    expect(gw.listenerNames).toEqual(['http', 'tls-db-example-com']);
  });

  test('the sectionName option overrides the reference\'s', () => {
    const { ns } = zeroTrust('production', { gatewayDataPlane: DATA_PLANE });
    new ExposedApp(ns, 'api', {
      image: IMAGE,
      exposure: Exposure.gatewayRoute({ gateway: { ...REF, sectionName: 'http' }, sectionName: 'https', hostnames: ['shop.example.com'] }),
    });
    expect(find(objectsOf(ns), 'HTTPRoute', 'api').spec.parentRefs[0].sectionName).toBe('https');
  });

  test('fails for a UDP port', () => {
    const { ns } = zeroTrust('production', { gatewayDataPlane: DATA_PLANE });
    expect(errorOf(() => new ExposedApp(ns, 'dns', {
      image: IMAGE, ports: [{ name: 'dns', port: 53, protocol: Protocol.UDP }], exposure: Exposure.grpcRoute({ gateway: REF, hostnames: ['rpc.example.com'] }),
    }))).toBe("ExposedApp 'dns': port 'dns' is UDP, but a GRPCRoute carries HTTP over TCP; route a TCP port");
  });

  test('fails in a ZeroTrustNamespace without gatewayDataPlane for a reference', () => {
    const { ns } = zeroTrust('production');
    expect(errorOf(() => new ExposedApp(ns, 'rpc', { image: IMAGE, exposure: Exposure.grpcRoute({ gateway: REF, hostnames: ['rpc.example.com'] }) })))
      .toMatch(/^ExposedApp 'rpc': Exposure.grpcRoute needs the gatewayDataPlane prop of ZeroTrustNamespace 'production' when it names a Gateway reference/);
  });

  test.each([
    ['no hostnames', () => Exposure.tlsRoute({ gateway: REF, hostnames: [] }), 'Exposure.tlsRoute: hostnames is empty; give at least one host name the route matches'],
    ['a missing gateway', () => Exposure.grpcRoute({ hostnames: ['a.example.com'] } as any),
      'Exposure.grpcRoute: gateway is required, got undefined'],
    ['options that are not an object', () => Exposure.gatewayRoute('shared' as any),
      "Exposure.gatewayRoute: options must be an object of named props, got the string 'shared'"],
    ['a hostname that is not a string', () => Exposure.grpcRoute({ gateway: REF, hostnames: [42 as any] }),
      'Exposure.grpcRoute: hostnames[0] must be a string, got 42'],
    ['a bad sectionName', () => Exposure.grpcRoute({ gateway: REF, sectionName: 'HTTPS', hostnames: ['a.example.com'] }),
      "Exposure.grpcRoute: sectionName 'HTTPS' is not a listener name (a lowercase DNS-1123 subdomain of at most 253 characters, e.g. https)"],
  ])('rejects %s', (_what, make, message) => {
    expect(errorOf(make)).toBe(message);
  });
});
