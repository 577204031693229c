import { Chart, Testing } from 'cdk8s';
import { find, IMAGE, objectsOf } from './_helpers';
import { AcmeClusterIssuer, AcmeSolver, AllowedRoutes, ExposedApp, Exposure, Gateway, GatewayDataPlane, GatewayTls, ZeroTrustNamespace } from '../../src';

describe('AcmeSolver', () => {
  test('answers through the nginx class by default, as before', () => {
    const chart = Testing.chart();
    const issuer = new AcmeClusterIssuer(chart, 'le', { email: 'ops@example.com' });
    expect(find(objectsOf(chart), 'ClusterIssuer', 'le').spec.acme.solvers).toEqual([{ http01: { ingress: { ingressClassName: 'nginx' } } }]);
    expect(issuer.solver.ingressClassName).toBe('nginx');
  });

  test('answers through another ingress class', () => {
    const chart = Testing.chart();
    new AcmeClusterIssuer(chart, 'le', { email: 'ops@example.com', solver: AcmeSolver.ingress('traefik') });
    expect(find(objectsOf(chart), 'ClusterIssuer', 'le').spec.acme.solvers).toEqual([{ http01: { ingress: { ingressClassName: 'traefik' } } }]);
  });

  test('answers through the HTTP listener of a Gateway (gatewayHTTPRoute parentRefs), valid for cert-manager', () => {
    // GIVEN
    const app = Testing.app();
    const gw = new Gateway(new ZeroTrustNamespace(app, 'infra'), 'public', {
      gatewayClassName: 'eg', dataPlane: GatewayDataPlane.envoyGateway(), allowedRoutes: AllowedRoutes.all(),
    });
    const platform = new Chart(app, 'platform');
    // WHEN
    const issuer = new AcmeClusterIssuer(platform, 'le', { email: 'ops@example.com', solver: AcmeSolver.gatewayHttpRoute(gw) });
    gw.addListener({ hostname: 'shop.example.com', tls: GatewayTls.fromClusterIssuer(issuer) });
    new ExposedApp(new ZeroTrustNamespace(app, 'shop'), 'web', { image: IMAGE, exposure: Exposure.gatewayRoute({ gateway: gw, hostnames: ['shop.example.com'] }) });
    // THEN
    expect(find(objectsOf(platform), 'ClusterIssuer', 'le').spec.acme.solvers).toEqual([{
      http01: { gatewayHTTPRoute: { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'infra', sectionName: 'http' }] } },
    }]);
    expect(issuer.solver.gateway).toBe(gw);
  });

  test('fails when both ingressClassName and solver are given', () => {
    const chart = Testing.chart();
    expect(() => new AcmeClusterIssuer(chart, 'le', { email: 'ops@example.com', ingressClassName: 'nginx', solver: AcmeSolver.ingress('traefik') }))
      .toThrow("AcmeClusterIssuer 'le': ingressClassName 'nginx' and solver are mutually exclusive; use solver: AcmeSolver.ingress('nginx')");
  });

  test.each([
    ['a reference instead of a Gateway', () => AcmeSolver.gatewayHttpRoute({ name: 'public', namespace: 'infra' } as any),
      'AcmeSolver.gatewayHttpRoute: gateway must be a Gateway construct, got the object {"name":"public","namespace":"infra"}'],
    ['an invalid class name', () => AcmeSolver.ingress('Nginx'), /AcmeSolver.ingress: className 'Nginx' is not a valid IngressClass name/],
  ])('rejects %s', (_what, make, message) => {
    expect(make).toThrow(message);
  });
});
