/**
 * One shared Ingress for a shop: the `public` IngressGateway in the zero-trust `storefront`
 * namespace routes `shop.example.com/api` to the api (with the `/api` prefix stripped) and
 * `shop.example.com/` to the web front end — one load balancer, one Let's Encrypt certificate from
 * the `letsencrypt-prod` AcmeClusterIssuer of the `platform` chart.
 *
 * Run on its own: `npx ts-node examples/shared-ingress.ts` (writes to ./dist).
 */
import { App, Chart } from 'cdk8s';
import {
  AcmeClusterIssuer,
  ExposedApp,
  IngressGateway,
  IngressTls,
  NetworkPatternsApp,
  ZeroTrustNamespace,
} from '../src';

export function build(app: App): void {
  // The platform team's cluster-wide issuer: Let's Encrypt, HTTP-01 through the nginx class.
  const platform = new Chart(app, 'platform');
  const issuer = new AcmeClusterIssuer(platform, 'letsencrypt-prod', { email: 'ops@example.com' });

  const prod = new ZeroTrustNamespace(app, 'storefront');
  const api = new ExposedApp(prod, 'api', {
    image: 'ghcr.io/acme/api:1.4.2',
    port: 8080,
    healthCheckPath: '/healthz',
  });
  const web = new ExposedApp(prod, 'web', {
    image: 'ghcr.io/acme/web:2.0.1',
    port: 8080,
    healthCheckPath: '/',
  });

  // Ingress `public` (and `public-rewrite` for the rewritten /api route), TLS secret `public-tls`.
  // The ingress controller may reach api and web on 8080, and cert-manager's HTTP-01 solver on
  // 8089; nothing else is opened.
  const gateway = new IngressGateway(prod, 'public', { tls: IngressTls.fromClusterIssuer(issuer) });
  gateway.addRoute({ host: 'shop.example.com', path: '/api', app: api, rewriteTarget: '/' });
  gateway.addRoute({ host: 'shop.example.com', path: '/', app: web });
}

if (require.main === module) {
  const app = new NetworkPatternsApp();
  build(app);
  app.synth();
}
