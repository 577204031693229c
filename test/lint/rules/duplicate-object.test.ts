import { deployment, findingsOf, objectsOf, service } from '../manifests';

const RULE = 'duplicate-object';

describe('lint', () => {
  describe('duplicate-object', () => {
    test('is silent for one name in different kinds or namespaces', () => {
      expect(objectsOf(RULE, [deployment('production', 'api'), service('production', 'api'), service('staging', 'api')])).toEqual([]);
    });

    test('reports an object defined twice, once', () => {
      expect(findingsOf(RULE, [service('production', 'api'), service('production', 'api'), service('production', 'api')])).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'Service/production/api',
        message: 'Service production/api is defined 3 times; the last one applied replaces the others: rename or remove the duplicates',
      }]);
    });

    test('treats a missing namespace as default', () => {
      const a = service('default', 'api');
      delete a.metadata.namespace;
      expect(objectsOf(RULE, [a, service('default', 'api')])).toEqual(['Service/default/api']);
    });

    test('names cluster-scoped objects without namespace', () => {
      const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'production' } };
      expect(findingsOf(RULE, [ns, ns])[0].message).toBe('Namespace production is defined 2 times; the last one applied replaces the others: rename or remove the duplicates');
    });

    test('ignores generateName objects and kinds of other API groups', () => {
      const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'migrate-', namespace: 'production' }, spec: {} };
      const knative = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'api', namespace: 'production' } };
      expect(objectsOf(RULE, [job, job, knative, service('production', 'api')])).toEqual([]);
    });
  });
});
