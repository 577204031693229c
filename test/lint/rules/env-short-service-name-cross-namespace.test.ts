import { shortServiceName } from '../../../src/lint/rules/env-short-service-name-cross-namespace';
import { container, deployment, findingsOf, objectsOf, service } from '../manifests';

const RULE = 'env-short-service-name-cross-namespace';

function client(namespace: string, value: string): any {
  return deployment(namespace, 'web', { containers: [container('web', { env: [{ name: 'API_URL', value }] })] });
}

describe('lint', () => {
  describe('env-short-service-name-cross-namespace', () => {
    test.each([
      ['api', 'api'],
      ['api:8080', 'api'],
      ['http://api:8080/v1', 'api'],
      ['grpc://api', 'api'],
      ['postgres://user:secret@db:5432/app', 'db'],
    ])('reads %s as the short name %s', (value, name) => {
      expect(shortServiceName(value)).toBe(name);
    });

    test.each(['api.production', 'api.production.svc.cluster.local', 'http://api.production:8080', '8080', '/var/run', 'a b', 'Api', 'info/debug'])(
      'does not read %s as a short name', (value) => {
        expect(shortServiceName(value)).toBeUndefined();
      });

    test('is silent when the Service is in the pod\'s namespace', () => {
      expect(objectsOf(RULE, [client('production', 'http://api:8080'), service('production', 'api'), service('staging', 'api')])).toEqual([]);
    });

    test('is silent for a fully qualified name and for values matching no Service', () => {
      expect(objectsOf(RULE, [client('web', 'http://api.production.svc.cluster.local:8080'), client('web2', 'info'), service('production', 'api')])).toEqual([]);
    });

    test('reports a short name of a Service in another namespace, suggesting the FQDN', () => {
      expect(findingsOf(RULE, [client('web', 'http://api:8080/v1'), service('production', 'api')])).toEqual([{
        severity: 'warning',
        rule: RULE,
        object: 'Deployment/web/web',
        message: "Deployment web/web container 'web' sets API_URL=http://api:8080/v1 but Service api exists only in namespace production, "
          + "so 'api' does not resolve from web; use api.production.svc.cluster.local",
      }]);
    });

    test('lists every namespace holding the Service', () => {
      const [finding] = findingsOf(RULE, [client('web', 'api'), service('staging', 'api'), service('production', 'api')]);
      expect(finding.message).toMatch(/exists only in namespace production and staging, .* use api.production.svc.cluster.local or api.staging.svc.cluster.local$/);
    });

    test('ignores valueFrom entries', () => {
      const d = deployment('web', 'web', { containers: [container('web', { env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] })] });
      expect(objectsOf(RULE, [d, service('production', 'api')])).toEqual([]);
    });

    test('reads a bare word as a host only in a variable whose name says so', () => {
      const app = deployment('shop', 'app', {
        containers: [container('app', {
          env: [
            { name: 'PGUSER', value: 'postgres' }, { name: 'PGDATABASE', value: 'postgres' }, { name: 'PGHOST', value: 'postgres' },
            { name: 'CACHE', value: 'redis:6379' }, { name: 'TOPIC', value: 'redis' },
            { name: 'OTEL_SERVICE_NAME', value: 'postgres' }, { name: 'DD_SERVICE', value: 'postgres' }, { name: 'GHOST', value: 'postgres' },
          ],
        })],
      });
      const messages = findingsOf(RULE, [app, service('data', 'postgres'), service('data', 'redis')]).map(f => f.message);
      expect(messages.map(m => m.match(/sets (\w+)=/)![1]).sort()).toEqual(['CACHE', 'PGHOST']);
    });
  });
});
