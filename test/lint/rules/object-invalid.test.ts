import { Reachability } from '../../../src/analysis';
import { deployment, findingsOf, objectsOf, service } from '../manifests';

const RULE = 'object-invalid';

describe('lint', () => {
  describe('object-invalid', () => {
    test('accepts valid objects', () => {
      expect(objectsOf(RULE, [deployment('production', 'api'), service('production', 'api')])).toEqual([]);
    });

    test('a targetPort out of range is a finding, and the rest of the lint still runs', () => {
      // GIVEN a Service whose targetPort is 70000 in front of a Deployment
      const objects = [deployment('production', 'api'), service('production', 'api', { ports: [{ name: 'http', port: 80, targetPort: 70000 }] })];
      // WHEN linted
      const findings = findingsOf(RULE, objects);
      // THEN one finding names the port, and lint did not abort
      expect(findings).toEqual([{
        severity: 'error',
        rule: RULE,
        object: 'Service/production/api',
        message: 'Service production/api: spec.ports[0].targetPort: 70000 is not a port number 1-65535; the API server rejects the Service; '
          + 'fix it: kubectl apply refuses the object, and the analysis ignores that entry meanwhile (the rest of the object is read)',
      }]);
    });

    test('a Service without ports is a finding, unless it is headless or an ExternalName', () => {
      const portless = (name: string, spec: any) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'production' }, spec });
      const objects = [
        deployment('production', 'api'),
        portless('api', { selector: { 'app.kubernetes.io/name': 'api' } }),
        portless('lb', { type: 'LoadBalancer', selector: { 'app.kubernetes.io/name': 'api' }, ports: [] }),
        portless('headless', { clusterIP: 'None', selector: { 'app.kubernetes.io/name': 'api' } }),
        portless('db', { type: 'ExternalName', externalName: 'db.example.com' }),
      ];
      expect(findingsOf(RULE, objects).map(f => [f.object, f.message])).toEqual([
        ['Service/production/api', 'Service production/api: spec.ports: a ClusterIP Service needs at least one port (only ExternalName and headless Services may have none), '
          + 'which the API server requires; fix it: kubectl apply refuses the object, and the analysis reads it as written meanwhile'],
        ['Service/production/lb', expect.stringMatching(/^Service production\/lb: spec.ports: a LoadBalancer Service needs at least one port/)],
      ]);
    });

    test('targetPort 0 is not a finding: the API server defaults it to port', () => {
      expect(objectsOf(RULE, [service('production', 'api', { ports: [{ name: 'http', port: 8080, targetPort: 0 }] })])).toEqual([]);
    });

    test('a container port out of range is a finding', () => {
      const d = deployment('production', 'api');
      d.spec.template.spec.containers[0].ports = [{ containerPort: 70000 }];
      expect(findingsOf(RULE, [d]).map(f => f.message)).toEqual([
        'Deployment production/api: spec.template.spec.containers[0].ports[0].containerPort: 70000 is not a port number 1-65535; '
          + 'fix it: kubectl apply refuses the object, and the analysis ignores that entry meanwhile (the rest of the object is read)',
      ]);
    });

    test('objects without metadata or name lint without a crash, with one finding each', () => {
      // GIVEN objects that lack metadata, or a name
      const objects = [
        { apiVersion: 'v1', kind: 'Service' },
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { namespace: 'production' }, spec: {} },
        { apiVersion: 'v1', kind: 'Pod', metadata: {} },
      ];
      // WHEN linted THEN each is reported once, by this rule only
      const findings = findingsOf(RULE, objects);
      expect(findings.map(f => f.object)).toEqual(['Deployment/production/(unnamed)', 'Pod/default/(unnamed)', 'Service/default/(unnamed)']);
      expect(findings[0].message).toBe('Deployment production/(unnamed): object #1: a Deployment without metadata.name, which the API server rejects; '
        + 'fix it: kubectl apply refuses the object, and the analysis leaves the object out meanwhile');
      expect(findingsOf('duplicate-object', objects)).toEqual([]);
    });

    test('an object without apiVersion is a finding naming where it is', () => {
      const [finding] = findingsOf(RULE, [{ kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'production' }, spec: {} }]);
      expect(finding).toEqual({
        severity: 'error',
        rule: RULE,
        object: 'NetworkPolicy/production/p',
        message: 'NetworkPolicy production/p (object #0) has no apiVersion, which kubectl refuses ("apiVersion not set"); '
          + 'add the apiVersion of its API group (e.g. apps/v1 for a Deployment, networking.k8s.io/v1 for a NetworkPolicy)',
      });
    });

    test.each([
      ['a Service name with an underscore', service('shop', 'Web_Svc'), 'Service/shop/Web_Svc',
        "metadata.name 'Web_Svc' is not a valid Service name (a DNS-1035 label: lowercase letters, digits and '-', starting with a letter, at most 63)"],
      ['a Service name starting with a digit', service('shop', '1web'), 'Service/shop/1web', "metadata.name '1web' is not a valid Service name"],
      ['a Deployment name with an underscore', deployment('shop', 'Web_App'), 'Deployment/shop/Web_App', "metadata.name 'Web_App' is not a valid name (a DNS-1123 subdomain"],
      ['an uppercase namespace', service('Shop', 'web'), 'Service/Shop/web', "metadata.namespace 'Shop' is not a valid namespace name (a DNS-1123 label"],
    ])('%s is a finding; the analysis reads the object as written', (_, object, ref, message) => {
      const findings = findingsOf(RULE, [object]);
      expect(findings).toEqual([expect.objectContaining({ severity: 'error', object: ref })]);
      expect(findings[0].message).toContain(message);
      expect(findings[0].message).toMatch(/which the API server rejects; fix it: kubectl apply refuses the object, and the analysis reads it as written meanwhile$/);
    });

    test('a generateName is a name prefix: a trailing dash is valid, the object is analyzed under the prefix, and the analyzer notes it', () => {
      const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'migrate-', namespace: 'shop' }, spec: { template: { metadata: { labels: { app: 'migrate' } }, spec: { containers: [{ name: 'm', image: 'registry.example.com/m:1.0.0' }] } } } };
      expect(objectsOf(RULE, [job])).toEqual([]);
      const r = Reachability.fromManifests([job], { assumeDns: false });
      expect(r.workloads).toEqual(['shop/migrate-']);
      expect(r.problems).toEqual([expect.stringContaining("Job/shop/migrate-: has no metadata.name, only metadata.generateName 'migrate-', which the API server completes")]);
      const bad = { ...job, metadata: { generateName: 'Migrate_', namespace: 'shop' } };
      expect(findingsOf(RULE, [bad]).map(f => f.message)).toEqual([expect.stringContaining("metadata.generateName 'Migrate_' is not a valid name")]);
    });

    test('a Deployment named like a DNS subdomain and a ClusterRole with a colon are not findings', () => {
      const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:aggregate-to-admin' }, rules: [] };
      expect(objectsOf(RULE, [deployment('shop', 'web.v2'), role])).toEqual([]);
    });

    test('an invalid pod label is a finding', () => {
      const d = deployment('production', 'api', {}, { 'app.kubernetes.io/name': 'api', 'bad key': 'x' });
      expect(findingsOf(RULE, [d]).map(f => f.message)).toEqual([
        "Deployment production/api: spec.template.metadata.labels: label bad key='x' is not a valid label; "
          + 'fix it: kubectl apply refuses the object, and the analysis ignores that entry meanwhile (the rest of the object is read)',
      ]);
    });

    test.each([
      [true, 'boolean true'], [false, 'boolean false'], [1.1, 'number 1.1'], [8080, 'number 8080'],
    ] as const)('a label value YAML reads as a boolean or number (%s) is named as such, with the fix', (value, read) => {
      const d = deployment('production', 'api', {}, { 'app.kubernetes.io/name': 'api', 'public': value as any });
      expect(findingsOf(RULE, [d]).map(f => f.message)).toEqual([
        `Deployment production/api: spec.template.metadata.labels: label public is the ${read}, not a string, which the API server rejects `
          + '(YAML 1.1 reads yes, no, on and off as booleans and 1.10 as the number 1.1): quote the value; '
          + 'fix it: kubectl apply refuses the object, and the analysis ignores that entry meanwhile (the rest of the object is read)',
      ]);
    });

    test('values that are not objects at all are not findings (the CLI warns about them)', () => {
      expect(objectsOf(RULE, ['just text', 42, { metadata: { name: 'no-kind' } }] as any[])).toEqual([]);
    });
  });
});
