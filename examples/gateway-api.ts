/**
 * The shop behind the Gateway API: the platform team's `public` Gateway (Envoy Gateway) in the
 * zero-trust `gateway-system` namespace serves `shop.example.com` over HTTPS with a Let's Encrypt
 * certificate that cert-manager obtains through the Gateway itself (HTTP-01 on the HTTP listener,
 * which also redirects to HTTPS); the api and the web front end of the zero-trust `marketplace`
 * namespace attach HTTPRoutes to it (`shop.example.com/api` and `shop.example.com/`).
 *
 * Envoy Gateway runs the Gateway's proxies in `envoy-gateway-system`, listening on 10080 and 10443
 * for listener ports 80 and 443; the Gateway object declares them (annotation
 * `netpatterns.dev/gateway-data-plane`), so `netpatterns` knows the proxies too.
 *
 * Run on its own: `npx ts-node examples/gateway-api.ts` (writes to ./dist).
 */
import { App, Chart } from 'cdk8s';
import {
  AcmeClusterIssuer,
  AcmeSolver,
  AllowedRoutes,
  ExposedApp,
  Exposure,
  Gateway,
  GatewayDataPlane,
  GatewayTls,
  NetworkPatternsApp,
  ZeroTrustNamespace,
} from '../src';

export function build(app: App): void {
  // The platform team: the Gateway, and an issuer that answers HTTP-01 challenges through it.
  const infra = new ZeroTrustNamespace(app, 'gateway-system');
  const gateway = new Gateway(infra, 'public', {
    gatewayClassName: 'eg',
    dataPlane: GatewayDataPlane.envoyGateway(),
    // Admits the app team's namespace, and its own: cert-manager's challenge routes live there.
    allowedRoutes: AllowedRoutes.fromNamespaces(['marketplace', 'gateway-system']),
  });
  const platform = new Chart(app, 'platform');
  const issuer = new AcmeClusterIssuer(platform, 'letsencrypt-prod', {
    email: 'ops@example.com',
    solver: AcmeSolver.gatewayHttpRoute(gateway),
  });
  gateway.addListener({ hostname: 'shop.example.com', tls: GatewayTls.fromClusterIssuer(issuer) });

  // The app team: each app gets a ClusterIP Service and an HTTPRoute named after it; only the
  // Gateway's proxies may reach it, on 8080.
  const shop = new ZeroTrustNamespace(app, 'marketplace');
  new ExposedApp(shop, 'api', {
    image: 'ghcr.io/acme/api:1.4.2',
    port: 8080,
    healthCheckPath: '/healthz',
    exposure: Exposure.gatewayRoute({ gateway, hostnames: ['shop.example.com'], path: '/api' }),
  });
  new ExposedApp(shop, 'web', {
    image: 'ghcr.io/acme/web:2.0.1',
    port: 8080,
    healthCheckPath: '/',
    exposure: Exposure.gatewayRoute({ gateway, hostnames: ['shop.example.com'] }),
  });
}

if (require.main === module) {
  const app = new NetworkPatternsApp();
  build(app);
  app.synth();
}
