import { deployment, findingsOf, objectsOf, service } from '../manifests';

const RULE = 'duplicate-object';

/** The one finding on Service production/api defined `times` times. */
function apiDefined(times: number): object {
  return {
    severity: 'error',
    rule: RULE,
    object: 'Service/production/api',
    message: `Service production/api is defined ${times} times; the last one applied replaces the others: rename or remove the duplicates`,
  };
}

describe('lint', () => {
  describe('duplicate-object', () => {
    test('is silent for one name in different kinds or namespaces', () => {
      expect(objectsOf(RULE, [deployment('production', 'api'), service('production', 'api'), service('staging', 'api')])).toEqual([]);
    });

    test('reports an object defined twice, once', () => {
      expect(findingsOf(RULE, [service('production', 'api'), service('production', 'api'), service('production', 'api')])).toEqual([apiDefined(3)]);
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

    test('is silent for copies of one live object from overlapping dumps (same uid)', () => {
      // GIVEN Service production/api in `kubectl get all -A -o yaml` and in `kubectl get svc -A -o yaml`
      const live = (resourceVersion: string) => {
        const s = service('production', 'api');
        s.metadata.uid = '3c40f019-9605-429e-a8ac-de5ff648060d';
        s.metadata.resourceVersion = resourceVersion;
        return s;
      };
      // THEN one object, whether or not it changed between the dumps
      expect(objectsOf(RULE, [live('277'), live('277')])).toEqual([]);
      expect(objectsOf(RULE, [live('277'), live('301')])).toEqual([]);
    });

    test('reports two live objects of one name with different uids, each counted once', () => {
      // GIVEN two live Services production/api (deleted and recreated between the dumps), one dumped twice
      const a = service('production', 'api');
      a.metadata.uid = '3c40f019-9605-429e-a8ac-de5ff648060d';
      const b = service('production', 'api');
      b.metadata.uid = '9a1b7c2e-0d4f-4e6a-8b3c-5f2e1d0c9b8a';
      expect(findingsOf(RULE, [a, b, a])).toEqual([apiDefined(2)]);
    });

    test('counts each definition without uid, beside the copies of a live object', () => {
      // GIVEN two copies of a live Service and a hand-written one of the same name
      const live = service('production', 'api');
      live.metadata.uid = '3c40f019-9605-429e-a8ac-de5ff648060d';
      const written = service('production', 'api');
      // THEN the copies count once; an empty uid is no uid
      expect(findingsOf(RULE, [live, live, written])[0].message).toBe(
        'Service production/api is defined 2 times; the last one applied replaces the others: rename or remove the duplicates');
      const empty = service('production', 'api');
      empty.metadata.uid = '';
      expect(objectsOf(RULE, [empty, empty])).toEqual(['Service/production/api']);
    });

    test('ignores generateName objects and kinds of other API groups', () => {
      const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'migrate-', namespace: 'production' }, spec: {} };
      const knative = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'api', namespace: 'production' } };
      expect(objectsOf(RULE, [job, job, knative, service('production', 'api')])).toEqual([]);
    });
  });
});
