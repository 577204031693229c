/**
 * The shop: a zero-trust `production` namespace with four apps, two databases and two outside
 * dependencies, plus a `billing` app in a second zero-trust namespace `backend`.
 *
 * Run on its own: `npx ts-node examples/zero-trust-shop.ts` (writes to ./dist).
 */
import { App, Size } from 'cdk8s';
import {
  DatabaseEngine,
  ExposedApp,
  Exposure,
  ExternalDependency,
  IngressTls,
  Linter,
  NetworkPatternsApp,
  StatefulDatabase,
  ZeroTrustNamespace,
} from '../src';

export function build(app: App): void {
  const prod = new ZeroTrustNamespace(app, 'production');
  const backend = new ZeroTrustNamespace(app, 'backend');

  // The public API behind an Ingress, with a certificate from cert-manager.
  const api = new ExposedApp(prod, 'api', {
    image: 'ghcr.io/acme/api:1.4.2',
    port: 8080,
    healthCheckPath: '/healthz',
    exposure: Exposure.ingress({
      host: 'api.example.com',
      tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod' }),
    }),
  });

  // The storefront on its own cloud load balancer.
  const web = new ExposedApp(prod, 'web', {
    image: 'ghcr.io/acme/web:2.0.1',
    port: 3000,
    healthCheckPath: '/',
    exposure: Exposure.loadBalancer(),
  });

  // The back office on a fixed node port, open to the office network only.
  new ExposedApp(prod, 'admin', {
    image: 'ghcr.io/acme/admin:0.9.0',
    replicas: 1,
    exposure: Exposure.nodePort({ nodePort: 30080, sourceRanges: ['198.51.100.0/24'] }),
  });

  // A queue worker nobody connects to (yet): lint warns that its Service is unreachable, and the
  // finding is acknowledged with a reason instead of silenced.
  const worker = new ExposedApp(prod, 'worker', {
    image: 'ghcr.io/acme/worker:1.4.2',
    replicas: 2,
  });
  Linter.acknowledge(worker, 'workload-unreachable-behind-service', 'the worker pulls jobs from redis; its Service is kept for the metrics scraper added later');

  const postgres = new StatefulDatabase(prod, 'postgres', {
    engine: DatabaseEngine.POSTGRES,
    replicas: 2,
    storage: Size.gibibytes(5),
  });
  const redis = new StatefulDatabase(prod, 'redis', { engine: DatabaseEngine.REDIS });

  const payments = new ExternalDependency(prod, 'payments', { externalName: 'api.partner.com', ports: [443] });
  const legacyDb = new ExternalDependency(prod, 'legacy-db', { addresses: ['203.0.113.10'], ports: [3306] });

  const billing = new ExposedApp(backend, 'billing', { image: 'ghcr.io/acme/billing:3.2.0' });

  web.connectTo(api);
  api.connectTo(postgres);
  api.connectTo(payments);
  api.connectTo(billing);
  worker.connectTo(legacyDb);
  worker.connectTo(redis);
}

if (require.main === module) {
  const app = new NetworkPatternsApp();
  build(app);
  app.synth();
}
