/**
 * An app in a zero-trust namespace next to a Helm-installed Redis: the chart's rendered YAML is
 * included as it is (cdk8s `Include`), and `Peer.pods` names its pods by the labels the chart puts
 * on them. `api.connectTo(redis)` writes `api-egress` on the app's side and `redis-ingress` on the
 * chart's side (the Redis pods live in a ZeroTrustNamespace of this App), and injects
 * `REDIS_HOST` / `REDIS_PORT` from the Service the peer names.
 *
 * Run on its own: `npx ts-node examples/helm-redis.ts` (writes to ./dist).
 */
import * as path from 'node:path';
import { App, Include } from 'cdk8s';
import { ExposedApp, Exposure, Peer, ZeroTrustNamespace } from '../src';

export function build(app: App): void {
  const prod = new ZeroTrustNamespace(app, 'production');

  // What `helm template cache <redis chart> -n production` rendered, kept in the repository.
  new Include(prod, 'cache', { url: path.join(__dirname, 'helm-redis', 'redis.yaml') });
  const redis = Peer.pods({
    name: 'redis',
    podLabels: { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'cache' },
    ports: [{ name: 'tcp-redis', port: 6379 }],
    serviceName: 'cache-redis-master',
  });

  const api = new ExposedApp(prod, 'api', { image: 'ghcr.io/acme/api:1.4.2', healthCheckPath: '/healthz' });
  const web = new ExposedApp(prod, 'web', {
    image: 'ghcr.io/acme/web:2.0.1',
    healthCheckPath: '/',
    exposure: Exposure.ingress({ host: 'shop.example.com' }),
  });
  web.connectTo(api);
  api.connectTo(redis);
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
