/**
 * The same shop behind the Gateway API: the api and the web front end of the zero-trust
 * `marketplace` namespace attach HTTPRoutes (`shop.example.com/api` and `shop.example.com/`) to the
 * platform team's Gateway `shared-gateway` in namespace `gateway-system`.
 *
 * The Gateway itself belongs to the platform team and is not created by this library; the
 * `platform` chart below shows the parts the routes depend on: an HTTPS listener named `https` and
 * `allowedRoutes` that admits the `marketplace` namespace (without it the routes are not accepted).
 *
 * Run on its own: `npx ts-node examples/gateway-api.ts` (writes to ./dist).
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { ExposedApp, Exposure, IngressControllerSelector, ZeroTrustNamespace } from '../src';

const GATEWAY = { name: 'shared-gateway', namespace: 'gateway-system', sectionName: 'https' };

export function build(app: App): void {
  // The platform team's Gateway (a plain ApiObject: the library leaves Gateways to their owners).
  const platform = new Chart(app, 'platform', { namespace: GATEWAY.namespace });
  new ApiObject(platform, 'shared-gateway', {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: GATEWAY.name },
    spec: {
      gatewayClassName: 'istio',
      listeners: [{
        name: GATEWAY.sectionName,
        protocol: 'HTTPS',
        port: 443,
        hostname: 'shop.example.com',
        tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'shop-example-com-tls' }] },
        allowedRoutes: {
          namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'marketplace' } } },
        },
      }],
    },
  });

  // Where the Gateway's proxies run differs per implementation, so the namespace says it: here
  // Istio's deployment of the Gateway, in the Gateway's namespace, labelled with its name.
  const prod = new ZeroTrustNamespace(app, 'marketplace', {
    gatewayDataPlane: IngressControllerSelector.of({
      namespace: GATEWAY.namespace,
      podLabels: { 'gateway.networking.k8s.io/gateway-name': GATEWAY.name },
    }),
  });

  // Each app: Deployment + ClusterIP Service + HTTPRoute named after it; only the Gateway's
  // proxies may reach it, on 8080.
  new ExposedApp(prod, 'api', {
    image: 'ghcr.io/acme/api:1.4.2',
    port: 8080,
    healthCheckPath: '/healthz',
    exposure: Exposure.gatewayRoute({ gateway: GATEWAY, hostnames: ['shop.example.com'], path: '/api' }),
  });
  new ExposedApp(prod, 'web', {
    image: 'ghcr.io/acme/web:2.0.1',
    port: 8080,
    healthCheckPath: '/',
    exposure: Exposure.gatewayRoute({ gateway: GATEWAY, hostnames: ['shop.example.com'] }),
  });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
