/**
 * One shared route table for apps of two teams: the platform team's `shared` Gateway (NGINX
 * Gateway Fabric) in the zero-trust `platform` namespace routes `shop.example.com/api` to the
 * `catalog` api of the `catalog` namespace (with the `/api` prefix stripped: a URLRewrite) and
 * `shop.example.com/` to the `storefront` web app — both through HTTPRoute `shared` in `platform`,
 * like an IngressGateway does with one Ingress.
 *
 * The route crosses namespaces, so each backend's namespace gets a ReferenceGrant allowing
 * HTTPRoutes from `platform` to reach its Service. NGINX Gateway Fabric runs the NGINX pods in the
 * Gateway's namespace: their ports 80 and 443 are open to any client, their egress to the two apps
 * and to the NGINX Gateway Fabric control plane.
 *
 * Run on its own: `npx ts-node examples/gateway-cross-namespace.ts` (writes to ./dist).
 */
import { App } from 'cdk8s';
import { ExposedApp, Gateway, GatewayDataPlane, GatewayTls, ZeroTrustNamespace } from '../src';

export function build(app: App): void {
  const platform = new ZeroTrustNamespace(app, 'platform');
  const gateway = new Gateway(platform, 'shared', {
    gatewayClassName: 'nginx',
    dataPlane: GatewayDataPlane.nginxGatewayFabric(),
    tls: GatewayTls.fromSecret('shop-example-com-tls'),
  });

  const catalog = new ExposedApp(new ZeroTrustNamespace(app, 'catalog'), 'catalog', {
    image: 'ghcr.io/acme/catalog:1.0.3',
    healthCheckPath: '/healthz',
  });
  const web = new ExposedApp(new ZeroTrustNamespace(app, 'storefront'), 'web', {
    image: 'ghcr.io/acme/web:2.0.1',
    healthCheckPath: '/',
  });

  gateway.addRoute({ hostnames: ['shop.example.com'], path: '/api', app: catalog, rewritePath: '/' });
  gateway.addRoute({ hostnames: ['shop.example.com'], path: '/', app: web });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
