/**
 * A cdk8s-plus-28 Deployment wired with `Peer.workload`: the library reads its selector, namespace
 * and container ports. Placed in a restricted ZeroTrustNamespace, the Deployment gets the two
 * settings cdk8s-plus leaves out (seccomp RuntimeDefault, capabilities dropped); anything else
 * restricted forbids would fail synthesis with what to change.
 *
 * `frontend.connectTo(Peer.workload(legacy))` opens `frontend-egress` and the Deployment's own
 * `legacy-ingress`; `legacy` in turn reaches the library's `orders` app through
 * `orders.allowFrom(Peer.workload(legacy))` (`orders-ingress` and `legacy-egress`).
 *
 * Run on its own: `npx ts-node examples/cdk8s-plus-peer.ts` (writes to ./dist).
 */
import { App, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { ExposedApp, Exposure, NetworkPatternsApp, Peer, ZeroTrustNamespace } from '../src';

export function build(app: App): void {
  const prod = new ZeroTrustNamespace(app, 'production');

  // Written with cdk8s-plus, as many teams already do: named explicitly so its policies are
  // readable, and selected by a stable label rather than cdk8s-plus's construct-path label.
  const legacy = new kplus.Deployment(prod, 'legacy', {
    metadata: { name: 'legacy' },
    podMetadata: { labels: { 'app.kubernetes.io/name': 'legacy' } },
    select: false,
    replicas: 2,
    containers: [{
      name: 'legacy',
      image: 'ghcr.io/acme/legacy:3.1.0',
      ports: [{ name: 'http', number: 9000 }],
      securityContext: { user: 10001, group: 10001 },
      readiness: kplus.Probe.fromTcpSocket({ port: 9000 }),
      resources: {
        cpu: { request: kplus.Cpu.millis(100) },
        memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
      },
    }],
  });
  legacy.select(kplus.LabelSelector.of({ labels: { 'app.kubernetes.io/name': 'legacy' } }));
  // The Service selects the same stable label (`exposeViaService` would select cdk8s-plus's
  // construct-path label, which changes when the construct moves).
  new kplus.Service(prod, 'legacy-service', {
    metadata: { name: 'legacy' },
    selector: kplus.Pods.select(prod, 'legacy-pods', { labels: { 'app.kubernetes.io/name': 'legacy' } }),
    ports: [{ name: 'http', port: 80, targetPort: 9000 }],
  });

  const frontend = new ExposedApp(prod, 'frontend', {
    image: 'ghcr.io/acme/frontend:5.0.0',
    healthCheckPath: '/',
    exposure: Exposure.ingress({ host: 'legacy.example.com' }),
  });
  const orders = new ExposedApp(prod, 'orders', { image: 'ghcr.io/acme/orders:2.3.1', healthCheckPath: '/healthz' });

  frontend.connectTo(Peer.workload(legacy));
  orders.allowFrom(Peer.workload(legacy));
}

if (require.main === module) {
  const app = new NetworkPatternsApp();
  build(app);
  app.synth();
}
