import { buildExample, dnsOf, flowsTouching, manifestsOf, synthWarnings } from './_examples';
import { Reachability } from '../../src';

const CONTROLLER = 'ingress-nginx/ingress-nginx-controller';

describe('helm-redis example', () => {
  test('allows exactly the declared connections, DNS and the Ingress exposure', () => {
    // GIVEN / WHEN
    const r = Reachability.fromApp(buildExample('helm-redis'));
    // THEN
    expect(flowsTouching(r, ['production'])).toEqual([
      `${CONTROLLER} -> production/web 8080/TCP`,
      ...dnsOf('production/api'),
      'production/api -> production/cache-redis-master 6379/TCP',
      ...dnsOf('production/cache-redis-master'),
      ...dnsOf('production/web'),
      'production/web -> production/api 8080/TCP',
    ].sort());
  });

  test.each([
    ['production/api', 'production/cache-redis-master', 6379, true],
    ['production/web', 'production/cache-redis-master', 6379, false],
    ['production/cache-redis-master', 'production/api', 8080, false],
    [CONTROLLER, 'production/cache-redis-master', 6379, false],
  ])('%s -> %s:%d allowed=%s', (from, to, port, allowed) => {
    expect(Reachability.fromApp(buildExample('helm-redis')).canReach(from, to, port)).toBe(allowed);
  });

  test('includes the chart\'s objects as rendered, and gives the Redis pods their own ingress policy', () => {
    const objects = manifestsOf(buildExample('helm-redis'));
    expect(objects.filter(o => o.metadata.labels?.['app.kubernetes.io/managed-by'] === 'Helm').map(o => `${o.kind}/${o.metadata.name}`))
      .toEqual(['Service/cache-redis-headless', 'Service/cache-redis-master', 'StatefulSet/cache-redis-master']);
    const policy = objects.find(o => o.kind === 'NetworkPolicy' && o.metadata.name === 'redis-ingress');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'cache' } });
    const api = objects.find(o => o.kind === 'Deployment' && o.metadata.name === 'api');
    expect(api.spec.template.spec.containers[0].env).toEqual([
      { name: 'REDIS_HOST', value: 'cache-redis-master.production.svc.cluster.local' },
      { name: 'REDIS_PORT', value: '6379' },
    ]);
  });

  test('synthesizes without lint warnings', () => {
    expect(synthWarnings(buildExample('helm-redis'))).toBe('');
  });
});
