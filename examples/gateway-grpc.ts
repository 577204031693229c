/**
 * A gRPC service behind an Istio Gateway: the `edge` Gateway in the zero-trust `edge` namespace
 * terminates TLS for `rpc.example.com` with an existing Secret and routes it (GRPCRoute) to the
 * `payments` service of the zero-trust `payments` namespace.
 *
 * Istio runs the Gateway's proxies in the Gateway's own namespace, so default-deny applies to them
 * too: the example opens their listener port 443 to the partner network only (`sourceRanges`),
 * and their egress to the payments pods and to istiod; DNS is open through `allow-dns`. That rule
 * sees client addresses only if the Service Istio creates for the Gateway keeps them
 * (`externalTrafficPolicy: Local`, set in Istio's Gateway customization), as `sourceRanges` says.
 * With TLS, the HTTP listener redirects to HTTPS: it admits the payments namespace by name, so the
 * Gateway's own namespace `edge`, where the redirect route lives, is admitted too.
 *
 * Run on its own: `npx ts-node examples/gateway-grpc.ts` (writes to ./dist).
 */
import { App } from 'cdk8s';
import {
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
  const edge = new ZeroTrustNamespace(app, 'edge');
  const gateway = new Gateway(edge, 'edge', {
    gatewayClassName: 'istio',
    dataPlane: GatewayDataPlane.istio(),
    tls: GatewayTls.fromSecret('rpc-example-com-tls'),
    allowedRoutes: AllowedRoutes.fromNamespaces(['payments']),
    sourceRanges: ['198.51.100.0/24'],
    infrastructureAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' },
  });

  const payments = new ZeroTrustNamespace(app, 'payments');
  new ExposedApp(payments, 'payments', {
    image: 'ghcr.io/acme/payments:3.2.0',
    ports: [{ name: 'grpc', port: 9090 }],
    exposure: Exposure.grpcRoute({ gateway, hostnames: ['rpc.example.com'] }),
  });
}

if (require.main === module) {
  const app = new NetworkPatternsApp();
  build(app);
  app.synth();
}
