import { ApiObject, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  containerOf,
  errorOf,
  expectOneConflict,
  find,
  findAll,
  IMAGE,
  kindsAndNames,
  objectsOf,
  plainChart,
  podSpecOf,
  policyNames,
  restrictedViolations,
  zeroTrust,
  preferredSpreadOverNodes,
  namespaceBaseObjects,
} from './_helpers';
import { DatabaseEngine, ExposedApp, Reachability, StatefulDatabase } from '../../src';

const SELECTOR = { 'app.kubernetes.io/name': 'postgres', 'app.kubernetes.io/instance': 'postgres' };
const OWN_PODS = { podSelector: { matchLabels: SELECTOR } };
const POSTGRES_PORT = [{ protocol: 'TCP', port: 5432 }];

describe('StatefulDatabase', () => {
  describe('objects', () => {
    test('synthesizes a StatefulSet, a headless Service, a PodDisruptionBudget and its policies, named after the database', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES });
      const objects = objectsOf(ns);

      // THEN
      expect(kindsAndNames(objects)).toEqual([
        ...namespaceBaseObjects('production'),
        'Service/postgres',
        'StatefulSet/postgres',
        'PodDisruptionBudget/postgres',
        'NetworkPolicy/postgres-ingress',
        'NetworkPolicy/postgres-egress',
      ]);
      for (const obj of objects.filter(o => o.kind !== 'Namespace')) {
        expect(obj.metadata.namespace).toBe('production');
      }
      expect(Testing.synth(ns)).toMatchSnapshot();
    });

    test('labels its objects as a database and selects its pods by name and instance only', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES });
      const objects = objectsOf(ns);

      // THEN
      const labels = { ...SELECTOR, 'app.kubernetes.io/component': 'database', 'app.kubernetes.io/managed-by': 'cdk8s-network-patterns' };
      expect(db.selector).toEqual(SELECTOR);
      const statefulSet = find(objects, 'StatefulSet', 'postgres');
      expect(statefulSet.metadata.labels).toEqual(labels);
      expect(statefulSet.spec.template.metadata.labels).toEqual(labels);
      expect(statefulSet.spec.selector).toEqual({ matchLabels: SELECTOR });
      expect(find(objects, 'Service', 'postgres').metadata.labels).toEqual(labels);
      expect(find(objects, 'PodDisruptionBudget', 'postgres').metadata.labels).toEqual(labels);
    });

    test('takes the object names from the name prop', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const db = new StatefulDatabase(ns, 'Database', { engine: DatabaseEngine.POSTGRES, name: 'orders-db' });
      const objects = objectsOf(ns);

      // THEN
      expect(db.name).toBe('orders-db');
      expect(find(objects, 'StatefulSet', 'orders-db').spec.serviceName).toBe('orders-db');
      expect(find(objects, 'Service', 'orders-db').spec.clusterIP).toBe('None');
      expect(policyNames(objects)).toEqual(['allow-dns', 'default-deny', 'orders-db-egress', 'orders-db-ingress']);
      expect(db.primaryHost).toBe('orders-db-0.orders-db.production.svc.cluster.local');
    });
  });

  describe('headless Service and DNS names', () => {
    test('creates a headless Service named after the database with a named port, publishing not-ready pods', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES });
      const service = find(objectsOf(ns), 'Service', 'postgres');

      // THEN
      expect(service.spec).toEqual({
        clusterIP: 'None',
        publishNotReadyAddresses: true,
        selector: SELECTOR,
        ports: [{ name: 'postgres', port: 5432, targetPort: 5432, protocol: 'TCP' }],
      });
      expect(db.headlessService).toBeInstanceOf(ApiObject);
      expect(db.headlessService.toJson().spec).toEqual(service.spec);
    });

    test('governs the StatefulSet with the headless Service', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, replicas: 3 });
      const statefulSet = find(objectsOf(ns), 'StatefulSet', 'postgres');

      // THEN
      expect(statefulSet.spec.serviceName).toBe(db.headlessService.name);
      expect(statefulSet.spec.serviceName).toBe('postgres');
      expect(statefulSet.spec.replicas).toBe(3);
      expect(db.statefulSet.toJson().spec.serviceName).toBe('postgres');
    });

    test('gives each replica a stable DNS name under the headless Service', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, replicas: 3 });

      // THEN
      expect(db.podHost(0)).toBe('postgres-0.postgres.production.svc.cluster.local');
      expect(db.podHost(1)).toBe('postgres-1.postgres.production.svc.cluster.local');
      expect(db.podHost(2)).toBe('postgres-2.postgres.production.svc.cluster.local');
      expect(db.primaryHost).toBe('postgres-0.postgres.production.svc.cluster.local');
      expect(db.host).toBe('postgres.production.svc.cluster.local');
    });

    test.each([[3], [-1], [1.5], [Number.NaN]])('fails when podHost(%p) is outside the replicas 0-2', (ordinal) => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, replicas: 3 });

      // WHEN
      const message = errorOf(() => db.podHost(ordinal));

      // THEN
      expect(message).toBe(`StatefulDatabase 'postgres': podHost(${ordinal}) is outside 0-2 (replicas 3)`);
    });

    test('fails for podHost(1) with a single replica', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES });

      // WHEN
      const message = errorOf(() => db.podHost(1));

      // THEN
      expect(message).toBe("StatefulDatabase 'postgres': podHost(1) is outside 0-0 (replicas 1)");
    });

    test('uses the default namespace for DNS names in a plain Chart', () => {
      // GIVEN
      const { chart } = plainChart();

      // WHEN
      const db = new StatefulDatabase(chart, 'postgres', { engine: DatabaseEngine.POSTGRES });

      // THEN
      expect(db.namespace).toBe('default');
      expect(db.podHost(0)).toBe('postgres-0.postgres.default.svc.cluster.local');
      expect(db.host).toBe('postgres.default.svc.cluster.local');
    });

    test('creates no read Service by default', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES });

      // THEN
      expect(db.readService).toBeUndefined();
      expect(findAll(objectsOf(ns), 'Service').map(s => s.metadata.name)).toEqual(['postgres']);
    });

    test('creates a ClusterIP read Service <name>-read over all replicas with readService', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, replicas: 3, readService: true });
      const objects = objectsOf(ns);

      // THEN
      const read = find(objects, 'Service', 'postgres-read');
      expect(read.spec).toEqual({
        type: 'ClusterIP',
        selector: SELECTOR,
        ports: [{ name: 'postgres', port: 5432, targetPort: 5432, protocol: 'TCP' }],
      });
      expect(read.metadata.namespace).toBe('production');
      expect(db.readService?.name).toBe('postgres-read');
      expect(find(objects, 'Service', 'postgres').spec.clusterIP).toBe('None');
      expect(Testing.synth(ns)).toMatchSnapshot();
    });

    test('fails at synthesis when its read Service name is taken by an app', () => {
      // GIVEN
      const { app, ns } = zeroTrust('production');
      new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, readService: true });
      new ExposedApp(ns, 'postgres-read', { image: IMAGE });

      // WHEN
      const message = errorOf(() => app.synth());

      // THEN
      expectOneConflict(message, { path: 'production/postgres-read', owner: "ExposedApp 'postgres-read'", key: 'Service production/postgres-read', first: "StatefulDatabase 'postgres' at production/postgres" });
    });
  });

  describe('storage', () => {
    test('claims a 10Gi ReadWriteOnce volume per replica from the default StorageClass, mounted on the data path', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES });
      const statefulSet = find(objectsOf(ns), 'StatefulSet', 'postgres');

      // THEN
      expect(statefulSet.spec.volumeClaimTemplates).toEqual([{
        metadata: { name: 'data', labels: SELECTOR },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
      }]);
      expect(containerOf(statefulSet).volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql/data' });
      expect(podSpecOf(statefulSet).volumes.map((v: any) => v.name)).not.toContain('data');
    });

    test.each([
      ['Size.gibibytes(50)', Size.gibibytes(50), '50Gi'],
      ['Size.mebibytes(512)', Size.mebibytes(512), '512Mi'],
      ['Size.tebibytes(1)', Size.tebibytes(1), '1024Gi'],
      ['Size.kibibytes(1)', Size.kibibytes(1), '1Ki'],
    ])('claims the given storage %s as %s with the given StorageClass', (_, storage, expected) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, storage, storageClassName: 'fast-ssd' });
      const statefulSet = find(objectsOf(ns), 'StatefulSet', 'postgres');

      // THEN
      expect(statefulSet.spec.volumeClaimTemplates[0].spec).toEqual({
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'fast-ssd',
        resources: { requests: { storage: expected } },
      });
    });
  });

  describe('credentials', () => {
    test('reads the password from the Secret <name>-credentials by reference', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES });
      const statefulSet = find(objectsOf(ns), 'StatefulSet', 'postgres');

      // THEN
      expect(db.credentialsSecret).toBe('postgres-credentials');
      expect(containerOf(statefulSet).env).toContainEqual({
        name: 'POSTGRES_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'postgres-credentials', key: 'password' } },
      });
    });

    test('reads every key from the given credentialsSecret', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new StatefulDatabase(ns, 'mongo', { engine: DatabaseEngine.MONGODB, credentialsSecret: 'mongo-root.v2' });
      const env = containerOf(find(objectsOf(ns), 'StatefulSet', 'mongo')).env;

      // THEN
      expect(env).toEqual([
        { name: 'MONGO_INITDB_ROOT_USERNAME', valueFrom: { secretKeyRef: { name: 'mongo-root.v2', key: 'username' } } },
        { name: 'MONGO_INITDB_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'mongo-root.v2', key: 'password' } } },
      ]);
    });

    test.each([
      ['POSTGRES', DatabaseEngine.POSTGRES],
      ['MYSQL', DatabaseEngine.MYSQL],
      ['REDIS', DatabaseEngine.REDIS],
      ['MONGODB', DatabaseEngine.MONGODB],
    ])('never synthesizes a Secret nor an inline credential for %s', (_, engine) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new StatefulDatabase(ns, 'db', { engine, replicas: 2, readService: true });
      const objects = objectsOf(ns);

      // THEN
      expect(findAll(objects, 'Secret')).toEqual([]);
      const env = containerOf(find(objects, 'StatefulSet', 'db')).env;
      const credentials = env.filter((e: any) => /PASSWORD|USERNAME/.test(e.name));
      expect(credentials.length).toBeGreaterThan(0);
      for (const e of credentials) {
        expect(e).not.toHaveProperty('value');
        expect(e.valueFrom.secretKeyRef.name).toBe('db-credentials');
      }
    });
  });

  describe('pod template', () => {
    test('meets the Pod Security Standards restricted profile with a read-only root filesystem', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES });
      const statefulSet = find(objectsOf(ns), 'StatefulSet', 'postgres');

      // THEN
      expect(restrictedViolations(statefulSet)).toEqual([]);
      expect(containerOf(statefulSet).securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        privileged: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(podSpecOf(statefulSet).automountServiceAccountToken).toBe(false);
      expect(podSpecOf(statefulSet).enableServiceLinks).toBe(false);
    });

    test('has no anti-affinity with a single replica', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES });
      const statefulSet = find(objectsOf(ns), 'StatefulSet', 'postgres');

      // THEN
      expect(statefulSet.spec.replicas).toBe(1);
      expect(podSpecOf(statefulSet)).not.toHaveProperty('affinity');
    });

    test.each([[2], [3]])('spreads %p replicas over nodes with anti-affinity on kubernetes.io/hostname', (replicas) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, replicas });
      const statefulSet = find(objectsOf(ns), 'StatefulSet', 'postgres');

      // THEN
      expect(podSpecOf(statefulSet).affinity).toEqual(preferredSpreadOverNodes(SELECTOR));
    });

    test('requests CPU and memory and limits memory by default', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES });

      // THEN
      expect(containerOf(find(objectsOf(ns), 'StatefulSet', 'postgres')).resources).toEqual({
        requests: { cpu: '250m', memory: '256Mi' },
        limits: { memory: '1Gi' },
      });
    });

    test('takes resources from kplus.ContainerResources', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new StatefulDatabase(ns, 'postgres', {
        engine: DatabaseEngine.POSTGRES,
        resources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(2) }, memory: { limit: Size.gibibytes(4) } },
      });

      // THEN
      expect(containerOf(find(objectsOf(ns), 'StatefulSet', 'postgres')).resources).toEqual({
        requests: { cpu: '500m', memory: '256Mi' },
        limits: { cpu: '2', memory: '4Gi' },
      });
    });

    test('limits voluntary disruptions to one pod at a time', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, replicas: 3 });
      const pdb = find(objectsOf(ns), 'PodDisruptionBudget', 'postgres');

      // THEN
      expect(pdb.apiVersion).toBe('policy/v1');
      expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: SELECTOR } });
      expect(db.podDisruptionBudget.name).toBe('postgres');
    });

    test('replaces the image tag with version', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, version: '15.8' });

      // THEN
      expect(containerOf(find(objectsOf(ns), 'StatefulSet', 'postgres')).image).toBe('postgres:15.8');
    });
  });

  describe('network isolation', () => {
    test('admits only its own replicas on its port and lets them reach each other in a ZeroTrustNamespace', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, replicas: 2 });
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'NetworkPolicy', 'postgres-ingress').spec).toEqual({
        podSelector: { matchLabels: SELECTOR },
        policyTypes: ['Ingress'],
        ingress: [{ from: [OWN_PODS], ports: POSTGRES_PORT }],
      });
      expect(find(objects, 'NetworkPolicy', 'postgres-egress').spec).toEqual({
        podSelector: { matchLabels: SELECTOR },
        policyTypes: ['Egress'],
        egress: [{ to: [OWN_PODS], ports: POSTGRES_PORT }],
      });
    });

    test('is isolated for ingress in a plain Chart too, without an egress policy', () => {
      // GIVEN
      const { chart } = plainChart();

      // WHEN
      new StatefulDatabase(chart, 'postgres', { engine: DatabaseEngine.POSTGRES });
      const objects = objectsOf(chart);

      // THEN
      expect(policyNames(objects)).toEqual(['postgres-ingress']);
      const policy = find(objects, 'NetworkPolicy', 'postgres-ingress');
      expect(policy.metadata).not.toHaveProperty('namespace');
      expect(policy.spec).toEqual({
        podSelector: { matchLabels: SELECTOR },
        policyTypes: ['Ingress'],
        ingress: [{ from: [OWN_PODS], ports: POSTGRES_PORT }],
      });
      expect(Testing.synth(chart)).toMatchSnapshot();
    });

    test('keeps an unconnected app of its plain namespace out while a connected one gets in', () => {
      // GIVEN
      const app = Testing.app();
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      const db = new StatefulDatabase(chart, 'postgres', { engine: DatabaseEngine.POSTGRES, replicas: 2 });
      const api = new ExposedApp(chart, 'api', { image: IMAGE });
      new ExposedApp(chart, 'web', { image: IMAGE });

      // WHEN
      api.connectTo(db);
      const r = Reachability.fromChart(chart);

      // THEN
      expect(policyNames(objectsOf(chart))).toEqual(['postgres-ingress']);
      expect(r.canReach('shop/api', 'shop/postgres', 5432)).toBe(true);
      expect(r.canReach('shop/web', 'shop/postgres', 5432)).toBe(false);
      expect(r.canReach('shop/api', 'shop/postgres', 22)).toBe(false);
      expect(r.canReach('shop/postgres', 'shop/postgres', 5432)).toBe(true);
      expect(r.canReach('shop/web', 'shop/api', 8080)).toBe(true);
    });
  });

  describe('bad input', () => {
    test('fails when secretEnv sets a variable the engine reads from the credentials Secret', () => {
      const { ns } = zeroTrust('production');
      const message = errorOf(() => new StatefulDatabase(ns, 'db', {
        engine: DatabaseEngine.POSTGRES, secretEnv: { POSTGRES_PASSWORD: { secretName: 'mine', key: 'pw' } },
      }));
      expect(message).toBe("StatefulDatabase 'db': secretEnv POSTGRES_PASSWORD is set by the engine already, from key 'password' of the credentials Secret; "
        + 'a container may hold each variable once — put your value in that Secret (credentialsSecret) or use DatabaseEngine.custom()');
    });

    test('fails when the name has 53 characters, naming the 52-character limit', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const name = `p${'g'.repeat(52)}`;

      // WHEN
      const message = errorOf(() => new StatefulDatabase(ns, 'db', { engine: DatabaseEngine.POSTGRES, name }));

      // THEN
      expect(message).toBe(`StatefulDatabase '${name}': name '${name}' is 53 characters; at most 52 so the StatefulSet controller's controller-revision-hash label fits 63`);
    });

    test('accepts a 52-character name with its default credentials Secret', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const name = `p${'g'.repeat(51)}`;

      // WHEN
      const db = new StatefulDatabase(ns, 'db', { engine: DatabaseEngine.POSTGRES, name, replicas: 2, readService: true });
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'StatefulSet', name).spec.serviceName).toBe(name);
      expect(find(objects, 'NetworkPolicy', `${name}-ingress`)).toBeDefined();
      expect(db.credentialsSecret).toBe(`${name}-credentials`);
      expect(db.podHost(1)).toBe(`${name}-1.${name}.production.svc.cluster.local`);
    });

    test.each([['Postgres'], ['pg_main'], ['1pg'], ['pg-']])('fails when the name %s is not a DNS label', (name) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new StatefulDatabase(ns, 'db', { engine: DatabaseEngine.POSTGRES, name }));

      // THEN
      expect(message).toContain(`StatefulDatabase '${name}': name '${name}' is not a valid DNS-1035 label`);
    });

    test.each([[0], [-1], [1.5]])('fails when replicas is %p', (replicas) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, replicas }));

      // THEN
      expect(message).toBe(`StatefulDatabase 'postgres': replicas must be an integer ≥ 1, got ${replicas}`);
    });

    test.each([
      ['Size.gibibytes(0)', Size.gibibytes(0), '0Ki'],
      ['Size.kibibytes(0.5)', Size.kibibytes(0.5), '0.5Ki'],
    ])('fails when storage is %s', (_, storage, shown) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, storage }));

      // THEN
      expect(message).toBe(`StatefulDatabase 'postgres': storage ${shown} must be at least 1Ki`);
    });

    test('fails when storageClassName is not an object name', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, storageClassName: 'Fast_SSD' }));

      // THEN
      expect(message).toBe("StatefulDatabase 'postgres': storageClassName 'Fast_SSD' is not a valid object name (a lowercase DNS-1123 subdomain)");
    });

    test('fails when credentialsSecret is not a Secret name', () => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, credentialsSecret: 'PG Secret' }));

      // THEN
      expect(message).toBe("StatefulDatabase 'postgres': credentialsSecret 'PG Secret' is not a valid Secret name (a lowercase DNS-1123 subdomain)");
    });

    test.each([
      ['latest', "image 'postgres:latest' uses the tag 'latest'"],
      ['', "image 'postgres:' uses the tag ''"],
      ['16 beta', "image 'postgres:16 beta' contains white space"],
    ])('fails when version is %p', (version, expected) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      const message = errorOf(() => new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, version }));

      // THEN
      expect(message).toContain(`StatefulDatabase 'postgres': ${expected}`);
    });

    test('fails at synthesis when an app of the same name lives in the same namespace', () => {
      // GIVEN
      const { app, ns } = zeroTrust('production');
      new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES });
      new ExposedApp(ns, 'postgres-app', { image: IMAGE, name: 'postgres' });

      // WHEN
      const message = errorOf(() => app.synth());

      // THEN
      expectOneConflict(message, { path: 'production/postgres-app', owner: "ExposedApp 'postgres'", key: 'Service production/postgres', first: "StatefulDatabase 'postgres' at production/postgres" });
      expect(message).toContain("ExposedApp 'postgres'");
    });
  });
});
