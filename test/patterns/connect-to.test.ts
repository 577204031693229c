import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  containerOf,
  envOf,
  errorOf,
  find,
  findAll,
  IMAGE,
  objectsOf,
  plainChart,
  podSpecOf,
  policyNames,
  zeroTrust,
} from './_helpers';
import {
  DatabaseEngine,
  ExposedApp,
  ExternalDependency,
  IConnectionTarget,
  Protocol,
  Reachability,
  StatefulDatabase,
  ZeroTrustNamespace,
} from '../../src';

/** The pod selector of a workload of this library named `name`. */
function pods(name: string): { podSelector: { matchLabels: { [key: string]: string } } } {
  return { podSelector: { matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name } } };
}

/** The peer for pods of workload `name` in another namespace: namespaceSelector AND podSelector, one element. */
function podsIn(namespace: string, name: string): any {
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } }, ...pods(name) };
}

function tcp(...ports: number[]): Array<{ protocol: string; port: number }> {
  return ports.map(port => ({ protocol: 'TCP', port }));
}

/** The public internet an ExternalName dependency opens by default. */
const PUBLIC_INTERNET = [
  {
    ipBlock: {
      cidr: '0.0.0.0/0',
      except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16', '127.0.0.0/8'],
    },
  },
  { ipBlock: { cidr: '::/0', except: ['fc00::/7', 'fe80::/10', '::1/128', '64:ff9b::/96', '64:ff9b:1::/48'] } },
];

describe('connectTo', () => {
  describe('app to app', () => {
    // One namespace, both ends: asserted in full in exposed-app.test.ts ('opens web → api on both ends').

    test('uses one peer of namespaceSelector AND podSelector on both ends across namespaces', () => {
      // GIVEN
      const { app, ns: production } = zeroTrust('production');
      const staging = new ZeroTrustNamespace(app, 'staging');
      const api = new ExposedApp(production, 'api', { image: IMAGE });
      const web = new ExposedApp(staging, 'web', { image: IMAGE });

      // WHEN
      web.connectTo(api);
      const stagingObjects = objectsOf(staging);
      const productionObjects = objectsOf(production);

      // THEN
      const egress = find(stagingObjects, 'NetworkPolicy', 'web-egress');
      expect(egress.metadata.namespace).toBe('staging');
      expect(egress.spec.egress).toEqual([{ to: [podsIn('production', 'api')], ports: tcp(8080) }]);
      const ingress = find(productionObjects, 'NetworkPolicy', 'api-ingress');
      expect(ingress.metadata.namespace).toBe('production');
      expect(ingress.spec.ingress).toEqual([{ from: [podsIn('staging', 'web')], ports: tcp(8080) }]);
      expect(policyNames(stagingObjects)).toEqual(['allow-dns', 'default-deny', 'web-egress']);
      expect(policyNames(productionObjects)).toEqual(['allow-dns', 'api-ingress', 'default-deny']);
      expect(envOf(find(stagingObjects, 'Deployment', 'web')).API_HOST).toBe('api.production.svc.cluster.local');
      expect([Testing.synth(production), Testing.synth(staging)]).toMatchSnapshot();
    });

    test('opens only egress from a ZeroTrustNamespace to an app in a plain Chart, never isolating the target', () => {
      // GIVEN
      const { app, ns } = zeroTrust('production');
      const shop = new Chart(app, 'shop', { namespace: 'shop' });
      const api = new ExposedApp(shop, 'api', { image: IMAGE });
      const web = new ExposedApp(ns, 'web', { image: IMAGE });

      // WHEN
      web.connectTo(api);

      // THEN
      expect(find(objectsOf(ns), 'NetworkPolicy', 'web-egress').spec.egress).toEqual([{ to: [podsIn('shop', 'api')], ports: tcp(8080) }]);
      expect(findAll(objectsOf(shop), 'NetworkPolicy')).toEqual([]);
    });

    test('opens only ingress on a ZeroTrustNamespace target for a source in a plain Chart', () => {
      // GIVEN
      const { app, ns } = zeroTrust('production');
      const tools = new Chart(app, 'tools', { namespace: 'tools' });
      const api = new ExposedApp(ns, 'api', { image: IMAGE });
      const cron = new ExposedApp(tools, 'cron', { image: IMAGE });

      // WHEN
      cron.connectTo(api);

      // THEN
      expect(findAll(objectsOf(tools), 'NetworkPolicy')).toEqual([]);
      expect(find(objectsOf(ns), 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([{ from: [podsIn('tools', 'cron')], ports: tcp(8080) }]);
    });

    test('creates no NetworkPolicy between two apps of a plain Chart but still injects the variables', () => {
      // GIVEN
      const { chart } = plainChart();
      const api = new ExposedApp(chart, 'api', { image: IMAGE });
      const web = new ExposedApp(chart, 'web', { image: IMAGE });

      // WHEN
      web.connectTo(api);
      const objects = objectsOf(chart);

      // THEN
      expect(findAll(objects, 'NetworkPolicy')).toEqual([]);
      expect(envOf(find(objects, 'Deployment', 'web'))).toEqual({ API_HOST: 'api.default.svc.cluster.local', API_PORT: '80' });
    });
  });

  describe('to a StatefulDatabase', () => {
    test('admits the client next to the replicas and points it at the primary', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, replicas: 2 });
      const api = new ExposedApp(ns, 'api', { image: IMAGE });

      // WHEN
      api.connectTo(db);
      const objects = objectsOf(ns);

      // THEN
      expect(policyNames(objects)).toEqual(['allow-dns', 'api-egress', 'default-deny', 'postgres-egress', 'postgres-ingress']);
      expect(find(objects, 'NetworkPolicy', 'postgres-ingress').spec.ingress).toEqual([
        { from: [pods('postgres')], ports: tcp(5432) },
        { from: [pods('api')], ports: tcp(5432) },
      ]);
      expect(find(objects, 'NetworkPolicy', 'api-egress').spec.egress).toEqual([{ to: [pods('postgres')], ports: tcp(5432) }]);
      expect(envOf(find(objects, 'Deployment', 'api'))).toEqual({ POSTGRES_HOST: db.primaryHost, POSTGRES_PORT: '5432' });
      expect(db.primaryHost).toBe('postgres-0.postgres.production.svc.cluster.local');
      expect(Testing.synth(ns)).toMatchSnapshot();
    });

    test('admits a client of another namespace with one namespaceSelector AND podSelector peer', () => {
      // GIVEN
      const { app, ns: production } = zeroTrust('production');
      const staging = new ZeroTrustNamespace(app, 'staging');
      const db = new StatefulDatabase(production, 'postgres', { engine: DatabaseEngine.POSTGRES });
      const report = new ExposedApp(staging, 'report', { image: IMAGE });

      // WHEN
      report.connectTo(db);

      // THEN
      expect(find(objectsOf(production), 'NetworkPolicy', 'postgres-ingress').spec.ingress[1]).toEqual({
        from: [podsIn('staging', 'report')],
        ports: tcp(5432),
      });
      expect(find(objectsOf(staging), 'NetworkPolicy', 'report-egress').spec.egress).toEqual([{ to: [podsIn('production', 'postgres')], ports: tcp(5432) }]);
      expect(envOf(find(objectsOf(staging), 'Deployment', 'report')).POSTGRES_HOST).toBe('postgres-0.postgres.production.svc.cluster.local');
    });

    test('admits the client on the database in a plain Chart, without an egress policy', () => {
      // GIVEN
      const { chart } = plainChart();
      const db = new StatefulDatabase(chart, 'postgres', { engine: DatabaseEngine.POSTGRES });
      const api = new ExposedApp(chart, 'api', { image: IMAGE });

      // WHEN
      api.connectTo(db);
      const objects = objectsOf(chart);

      // THEN
      expect(policyNames(objects)).toEqual(['postgres-ingress']);
      expect(find(objects, 'NetworkPolicy', 'postgres-ingress').spec.ingress).toEqual([
        { from: [pods('postgres')], ports: tcp(5432) },
        { from: [pods('api')], ports: tcp(5432) },
      ]);
      expect(envOf(find(objects, 'Deployment', 'api'))).toEqual({
        POSTGRES_HOST: 'postgres-0.postgres.default.svc.cluster.local',
        POSTGRES_PORT: '5432',
      });
      expect(Testing.synth(chart)).toMatchSnapshot();
    });
  });

  describe('from a StatefulDatabase', () => {
    test('adds the connection to the egress policy that lets its replicas reach each other', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const primary = new StatefulDatabase(ns, 'mysql', { engine: DatabaseEngine.MYSQL });
      const replica = new StatefulDatabase(ns, 'mysql-replica', { engine: DatabaseEngine.MYSQL });

      // WHEN
      replica.connectTo(primary);
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'NetworkPolicy', 'mysql-replica-egress').spec.egress).toEqual([
        { to: [pods('mysql-replica')], ports: tcp(3306) },
        { to: [pods('mysql')], ports: tcp(3306) },
      ]);
      expect(find(objects, 'NetworkPolicy', 'mysql-ingress').spec.ingress).toEqual([
        { from: [pods('mysql')], ports: tcp(3306) },
        { from: [pods('mysql-replica')], ports: tcp(3306) },
      ]);
      expect(containerOf(find(objects, 'StatefulSet', 'mysql-replica')).env).toEqual([
        { name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'mysql-replica-credentials', key: 'password' } } },
        { name: 'MYSQL_HOST', value: 'mysql-0.mysql.production.svc.cluster.local' },
        { name: 'MYSQL_PORT', value: '3306' },
      ]);
    });

    test('opens egress from the database to an app', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES });
      const backup = new ExposedApp(ns, 'backup', { image: IMAGE });

      // WHEN
      db.connectTo(backup);
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'NetworkPolicy', 'postgres-egress').spec.egress[1]).toEqual({ to: [pods('backup')], ports: tcp(8080) });
      expect(find(objects, 'NetworkPolicy', 'backup-ingress').spec.ingress).toEqual([{ from: [pods('postgres')], ports: tcp(8080) }]);
      expect(envOf(find(objects, 'StatefulSet', 'postgres'))).toMatchObject({
        BACKUP_HOST: 'backup.production.svc.cluster.local',
        BACKUP_PORT: '80',
      });
    });
  });

  describe('to an ExternalDependency by addresses', () => {
    test('opens egress to exactly its addresses, /32 and /128, on its ports', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const legacy = new ExternalDependency(ns, 'legacy-db', { addresses: ['203.0.113.10', '2001:db8::10'], ports: [3306, 33060] });
      const api = new ExposedApp(ns, 'api', { image: IMAGE });

      // WHEN
      api.connectTo(legacy);
      const objects = objectsOf(ns);

      // THEN
      expect(policyNames(objects)).toEqual(['allow-dns', 'api-egress', 'default-deny']);
      expect(find(objects, 'NetworkPolicy', 'api-egress').spec.egress).toEqual([{
        to: [{ ipBlock: { cidr: '203.0.113.10/32' } }, { ipBlock: { cidr: '2001:db8::10/128' } }],
        ports: tcp(3306, 33060),
      }]);
      expect(envOf(find(objects, 'Deployment', 'api'))).toEqual({
        LEGACY_DB_HOST: 'legacy-db.production.svc.cluster.local',
        LEGACY_DB_PORT: '3306',
      });
      expect(Testing.synth(ns)).toMatchSnapshot();
    });

    test('opens its protocol', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const syslog = new ExternalDependency(ns, 'syslog', { addresses: ['203.0.113.20'], ports: [514], protocol: Protocol.UDP });
      const api = new ExposedApp(ns, 'api', { image: IMAGE });

      // WHEN
      api.connectTo(syslog);

      // THEN
      expect(find(objectsOf(ns), 'NetworkPolicy', 'api-egress').spec.egress).toEqual([{
        to: [{ ipBlock: { cidr: '203.0.113.20/32' } }],
        ports: [{ protocol: 'UDP', port: 514 }],
      }]);
    });

    test('uses the dependency\'s namespace in the host of a dependency declared elsewhere', () => {
      // GIVEN
      const { app, ns } = zeroTrust('production');
      const shared = new ZeroTrustNamespace(app, 'shared');
      const legacy = new ExternalDependency(shared, 'legacy-db', { addresses: ['203.0.113.10'], ports: [3306] });
      const api = new ExposedApp(ns, 'api', { image: IMAGE });

      // WHEN
      api.connectTo(legacy);

      // THEN
      const objects = objectsOf(ns);
      expect(envOf(find(objects, 'Deployment', 'api')).LEGACY_DB_HOST).toBe('legacy-db.shared.svc.cluster.local');
      expect(find(objects, 'NetworkPolicy', 'api-egress').spec.egress[0].to).toEqual([{ ipBlock: { cidr: '203.0.113.10/32' } }]);
      expect(findAll(objectsOf(shared), 'NetworkPolicy').map(p => p.metadata.name)).toEqual(['default-deny', 'allow-dns']);
    });

    test('fails with egressCidrs, which only apply to an ExternalName dependency', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const legacy = new ExternalDependency(ns, 'legacy-db', { addresses: ['203.0.113.10'], ports: [3306] });
      const api = new ExposedApp(ns, 'api', { image: IMAGE });

      // WHEN
      const message = errorOf(() => api.connectTo(legacy, { egressCidrs: ['203.0.113.0/24'] }));

      // THEN
      expect(message).toBe("ExposedApp 'api': egressCidrs only apply to an ExternalName dependency; ExternalDependency 'legacy-db' is reached at its own addresses, which connectTo opens exactly — omit egressCidrs");
    });
  });

  describe('to an ExternalDependency by DNS name', () => {
    test('opens egress to the public internet on its ports and points HOST at the Service', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const payments = new ExternalDependency(ns, 'payments', { externalName: 'api.partner.com', ports: [443] });
      const api = new ExposedApp(ns, 'api', { image: IMAGE });

      // WHEN
      api.connectTo(payments);
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'NetworkPolicy', 'api-egress').spec.egress).toEqual([{ to: PUBLIC_INTERNET, ports: tcp(443) }]);
      expect(envOf(find(objects, 'Deployment', 'api'))).toEqual({
        PAYMENTS_HOST: 'payments.production.svc.cluster.local',
        PAYMENTS_PORT: '443',
      });
      expect(Testing.synth(ns)).toMatchSnapshot();
    });

    test('opens egress to egressCidrs instead when given', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const payments = new ExternalDependency(ns, 'payments', { externalName: 'api.partner.com', ports: [443, 8443] });
      const api = new ExposedApp(ns, 'api', { image: IMAGE });

      // WHEN
      api.connectTo(payments, { egressCidrs: ['198.51.100.0/24', '2001:db8:100::/48'] });

      // THEN
      expect(find(objectsOf(ns), 'NetworkPolicy', 'api-egress').spec.egress).toEqual([{
        to: [{ ipBlock: { cidr: '198.51.100.0/24' } }, { ipBlock: { cidr: '2001:db8:100::/48' } }],
        ports: tcp(443, 8443),
      }]);
    });

    test.each([
      [[], "egressCidrs for ExternalDependency 'payments' is empty, which would open nothing"],
      [['198.51.100.7'], "egress CIDR '198.51.100.7' is not a CIDR block; write it with a prefix length"],
      [['198.51.100.7/24'], "egress CIDR '198.51.100.7/24' has host bits set; use 198.51.100.0/24"],
      [['api.partner.com/32'], "egress CIDR 'api.partner.com/32' is not a CIDR block"],
    ])('fails when egressCidrs is %j', (egressCidrs, expected) => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const payments = new ExternalDependency(ns, 'payments', { externalName: 'api.partner.com', ports: [443] });
      const api = new ExposedApp(ns, 'api', { image: IMAGE });

      // WHEN
      const message = errorOf(() => api.connectTo(payments, { egressCidrs }));

      // THEN
      expect(message).toContain(`ExposedApp 'api': ${expected}`);
    });

    test('creates no NetworkPolicy from a plain Chart', () => {
      // GIVEN
      const { chart } = plainChart();
      const payments = new ExternalDependency(chart, 'payments', { externalName: 'api.partner.com', ports: [443] });
      const api = new ExposedApp(chart, 'api', { image: IMAGE });

      // WHEN
      api.connectTo(payments);
      const objects = objectsOf(chart);

      // THEN
      expect(findAll(objects, 'NetworkPolicy')).toEqual([]);
      expect(envOf(find(objects, 'Deployment', 'api')).PAYMENTS_HOST).toBe('payments.default.svc.cluster.local');
    });
  });

  describe('environment variables and pods', () => {
    test('names the variables after the target, upper-cased with - replaced by _', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const legacy = new ExternalDependency(ns, 'legacy-db', { addresses: ['203.0.113.10'], ports: [3306] });
      const orders = new StatefulDatabase(ns, 'orders-db', { engine: DatabaseEngine.POSTGRES });
      const api = new ExposedApp(ns, 'api', { image: IMAGE });

      // WHEN
      api.connectTo(legacy);
      api.connectTo(orders);

      // THEN
      expect(envOf(find(objectsOf(ns), 'Deployment', 'api'))).toEqual({
        LEGACY_DB_HOST: 'legacy-db.production.svc.cluster.local',
        LEGACY_DB_PORT: '3306',
        ORDERS_DB_HOST: 'orders-db-0.orders-db.production.svc.cluster.local',
        ORDERS_DB_PORT: '5432',
      });
    });

    test('keeps the user\'s variables first and adds none with env: false', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES });
      const payments = new ExternalDependency(ns, 'payments', { externalName: 'api.partner.com', ports: [443] });
      const api = new ExposedApp(ns, 'api', { image: IMAGE, env: { LOG_LEVEL: 'info' } });

      // WHEN
      api.connectTo(db, { env: false });
      api.connectTo(payments);
      const objects = objectsOf(ns);

      // THEN
      expect(containerOf(find(objects, 'Deployment', 'api')).env).toEqual([
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'PAYMENTS_HOST', value: 'payments.production.svc.cluster.local' },
        { name: 'PAYMENTS_PORT', value: '443' },
      ]);
      expect(find(objects, 'NetworkPolicy', 'api-egress').spec.egress).toHaveLength(2);
      expect(find(objects, 'NetworkPolicy', 'postgres-ingress').spec.ingress).toHaveLength(2);
    });

    test('turns off service links on every pod, so Kubernetes\' <SVC>_PORT variables cannot collide', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES });
      const api = new ExposedApp(ns, 'api', { image: IMAGE });

      // WHEN
      api.connectTo(db);
      const objects = objectsOf(ns);

      // THEN
      expect(podSpecOf(find(objects, 'Deployment', 'api')).enableServiceLinks).toBe(false);
      expect(podSpecOf(find(objects, 'StatefulSet', 'postgres')).enableServiceLinks).toBe(false);
    });

    test('fails when the user\'s env already sets the variable, naming it', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE });
      const web = new ExposedApp(ns, 'web', { image: IMAGE, env: { API_HOST: 'api.example.com' } });

      // WHEN
      const message = errorOf(() => web.connectTo(api));

      // THEN
      expect(message).toBe("ExposedApp 'web': environment variable API_HOST is already 'api.example.com', so connectTo(ExposedApp 'api') cannot set it to 'api.production.svc.cluster.local'; pass { env: false } to connectTo or rename the variable");
    });

    test('accepts the user\'s env with env: false', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE });
      const web = new ExposedApp(ns, 'web', { image: IMAGE, env: { API_HOST: 'api.example.com' } });

      // WHEN
      web.connectTo(api, { env: false });

      // THEN
      expect(envOf(find(objectsOf(ns), 'Deployment', 'web'))).toEqual({ API_HOST: 'api.example.com' });
    });

    test('fails when two targets of one name in two namespaces would set the same variables', () => {
      // GIVEN
      const { app, ns: production } = zeroTrust('production');
      const staging = new ZeroTrustNamespace(app, 'staging');
      const web = new ExposedApp(production, 'web', { image: IMAGE });
      web.connectTo(new ExposedApp(production, 'api', { image: IMAGE }));

      // WHEN
      const message = errorOf(() => web.connectTo(new ExposedApp(staging, 'api', { image: IMAGE })));

      // THEN
      expect(message).toContain("ExposedApp 'web': environment variable API_HOST is already 'api.production.svc.cluster.local'");
      expect(message).toContain("cannot set it to 'api.staging.svc.cluster.local'");
    });

    test('fails when a database engine\'s env already sets the variable, naming it', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const engine = DatabaseEngine.custom({
        name: 'replicated', image: 'ghcr.io/acme/db:1.0.0', port: 7000, dataPath: '/data', env: { PRIMARY_HOST: 'primary.example.com' },
      });
      const db = new StatefulDatabase(ns, 'db', { engine });
      const primary = new StatefulDatabase(ns, 'primary', { engine });

      // WHEN
      const message = errorOf(() => db.connectTo(primary));

      // THEN
      expect(message).toContain("StatefulDatabase 'db': environment variable PRIMARY_HOST is already 'primary.example.com'");
    });

    test('fails when a database engine reads the variable from its Secret, naming it', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const engine = DatabaseEngine.custom({
        name: 'replicated', image: 'ghcr.io/acme/db:1.0.0', port: 7000, dataPath: '/data', secretEnv: { PRIMARY_PORT: 'port' },
      });
      const db = new StatefulDatabase(ns, 'db', { engine });
      const primary = new StatefulDatabase(ns, 'primary', { engine });

      // WHEN
      const message = errorOf(() => db.connectTo(primary));

      // THEN
      expect(message).toContain("StatefulDatabase 'db': environment variable PRIMARY_PORT is already set from a Secret");
    });
  });

  describe('named ports', () => {
    const PORTS = [
      { name: 'http', port: 80, containerPort: 8080 },
      { name: 'grpc', port: 9090 },
      { name: 'metrics', port: 9100 },
    ];

    test('opens every port of the target by default', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE, ports: PORTS });
      const web = new ExposedApp(ns, 'web', { image: IMAGE });

      // WHEN
      web.connectTo(api);
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'NetworkPolicy', 'web-egress').spec.egress[0].ports).toEqual(tcp(8080, 9090, 9100));
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress[0].ports).toEqual(tcp(8080, 9090, 9100));
      expect(envOf(find(objects, 'Deployment', 'web')).API_PORT).toBe('80');
    });

    test('opens only the named ports given, and PORT is the first of them', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE, ports: PORTS });
      const web = new ExposedApp(ns, 'web', { image: IMAGE });

      // WHEN
      web.connectTo(api, { ports: ['grpc', 'metrics'] });
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'NetworkPolicy', 'web-egress').spec.egress).toEqual([{ to: [pods('api')], ports: tcp(9090, 9100) }]);
      expect(find(objects, 'NetworkPolicy', 'api-ingress').spec.ingress).toEqual([{ from: [pods('web')], ports: tcp(9090, 9100) }]);
      expect(envOf(find(objects, 'Deployment', 'web')).API_PORT).toBe('9090');
    });

    test('opens the named port of a database', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES });
      const api = new ExposedApp(ns, 'api', { image: IMAGE });

      // WHEN
      api.connectTo(db, { ports: ['postgres'] });

      // THEN
      expect(find(objectsOf(ns), 'NetworkPolicy', 'api-egress').spec.egress).toEqual([{ to: [pods('postgres')], ports: tcp(5432) }]);
    });

    test.each([
      [['admin'], "port 'admin' is not a port of ExposedApp 'api'; its ports are http, grpc, metrics"],
      [['GRPC'], "port name 'GRPC' is not an IANA service name"],
      [[], "ports for ExposedApp 'api' is empty; omit it to open every port"],
    ])('fails when ports is %j', (ports, expected) => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE, ports: PORTS });
      const web = new ExposedApp(ns, 'web', { image: IMAGE });

      // WHEN
      const message = errorOf(() => web.connectTo(api, { ports }));

      // THEN
      expect(message).toContain(`ExposedApp 'web': ${expected}`);
    });

    test('fails when ports are chosen for an ExternalDependency, which opens all its ports', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const payments = new ExternalDependency(ns, 'payments', { externalName: 'api.partner.com', ports: [443, 8443] });
      const api = new ExposedApp(ns, 'api', { image: IMAGE });

      // WHEN
      const message = errorOf(() => api.connectTo(payments, { ports: ['https'] }));

      // THEN
      expect(message).toBe("ExposedApp 'api': ports [https] cannot be chosen for ExternalDependency 'payments'; a connection opens all its ports (443, 8443)");
    });
  });

  describe('idempotence', () => {
    /** Builds one App with every kind of connection, made `times` times. */
    function build(times: number): App {
      const { app, ns: production } = zeroTrust('production');
      const staging = new ZeroTrustNamespace(app, 'staging');
      const plain = new Chart(app, 'shop', { namespace: 'shop' });
      const api = new ExposedApp(production, 'api', { image: IMAGE });
      const web = new ExposedApp(staging, 'web', { image: IMAGE });
      const db = new StatefulDatabase(production, 'postgres', { engine: DatabaseEngine.POSTGRES, replicas: 2 });
      const plainDb = new StatefulDatabase(plain, 'orders', { engine: DatabaseEngine.MYSQL });
      const shopApi = new ExposedApp(plain, 'shop-api', { image: IMAGE });
      const legacy = new ExternalDependency(production, 'legacy-db', { addresses: ['203.0.113.10', '2001:db8::10'], ports: [3306] });
      const payments = new ExternalDependency(production, 'payments', { externalName: 'api.partner.com', ports: [443] });
      for (let i = 0; i < times; i++) {
        web.connectTo(api);
        api.connectTo(db);
        db.connectTo(api, { ports: ['http'] });
        api.connectTo(legacy);
        api.connectTo(payments);
        shopApi.connectTo(plainDb);
        shopApi.connectTo(payments);
      }
      return app;
    }

    test('gives the same YAML when every pair is connected twice', () => {
      // GIVEN
      const once = build(1);

      // WHEN
      const twice = build(2);

      // THEN
      expect(twice.synthYaml()).toBe(once.synthYaml());
      expect(once.synthYaml()).not.toBe(build(0).synthYaml());
    });
  });

  describe('bad targets', () => {
    test('fails when egressCidrs are given for an app, which is reached at its own pods', () => {
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE });
      const web = new ExposedApp(ns, 'web', { image: IMAGE });
      expect(errorOf(() => web.connectTo(api, { egressCidrs: ['10.0.0.0/8'] })))
        .toBe("ExposedApp 'web': egressCidrs only apply to an ExternalName dependency; ExposedApp 'api' is reached at its own addresses, which connectTo opens exactly — omit egressCidrs");
    });

    test('checks egressCidrs also where no policy is written (a source in a plain Chart)', () => {
      const { chart } = plainChart();
      const api = new ExposedApp(chart, 'api', { image: IMAGE });
      const saas = new ExternalDependency(chart, 'saas', { externalName: 'api.example.com', ports: [443] });
      expect(errorOf(() => api.connectTo(saas, { egressCidrs: ['nope'] }))).toMatch(/^ExposedApp 'api': egress CIDR 'nope' is not a CIDR block/);
    });

    test('fails when an app connects to itself', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE });

      // WHEN
      const message = errorOf(() => api.connectTo(api));

      // THEN
      expect(message).toMatch(/^ExposedApp 'api': cannot connectTo itself/);
    });

    test('fails when a database connects to itself', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const db = new StatefulDatabase(ns, 'postgres', { engine: DatabaseEngine.POSTGRES, replicas: 2 });

      // WHEN
      const message = errorOf(() => db.connectTo(db));

      // THEN
      expect(message).toMatch(/^StatefulDatabase 'postgres': cannot connectTo itself/);
    });

    test('fails for a target that is not one of the library\'s constructs', () => {
      // GIVEN
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE });
      const fake: IConnectionTarget = Object.assign(new Construct(ns, 'fake'), {
        connectionName: 'fake',
        connectionHost: 'fake.example.com',
        connectionPort: 443,
      });

      // WHEN
      const message = errorOf(() => api.connectTo(fake));

      // THEN
      expect(message).toBe("ExposedApp 'api': cannot connect to 'production/fake': the target must be an ExposedApp, a StatefulDatabase, an ExternalDependency or a Peer");
    });
  });

  describe('round trip through the analyzer', () => {
    describe('app to app in one namespace', () => {
      // GIVEN (built once for the table below)
      const { ns } = zeroTrust('production');
      const api = new ExposedApp(ns, 'api', { image: IMAGE });
      const web = new ExposedApp(ns, 'web', { image: IMAGE });
      new ExposedApp(ns, 'admin', { image: IMAGE });
      web.connectTo(api);
      const r = Reachability.fromChart(ns);

      test.each([
        ['production/web', 'production/api', 8080, 'TCP', true],
        ['production/web', 'production/api', 8080, 'UDP', false],
        ['production/web', 'production/api', 9090, 'TCP', false],
        ['production/admin', 'production/api', 8080, 'TCP', false],
        ['production/api', 'production/web', 8080, 'TCP', false],
        ['production/web', 'production/admin', 8080, 'TCP', false],
      ])('%s → %s on %d/%s is allowed: %p', (from, to, port, protocol, allowed) => {
        // WHEN
        const reachable = r.canReach(from, to, port, protocol);

        // THEN
        expect(reachable).toBe(allowed);
      });
    });

    describe('app to app across namespaces', () => {
      // GIVEN (built once for the table below)
      const { app, ns: production } = zeroTrust('production');
      const staging = new ZeroTrustNamespace(app, 'staging');
      const api = new ExposedApp(production, 'api', { image: IMAGE });
      new ExposedApp(production, 'web', { image: IMAGE });
      new ExposedApp(staging, 'admin', { image: IMAGE });
      new ExposedApp(staging, 'web', { image: IMAGE }).connectTo(api);
      const r = Reachability.fromApp(app);

      test.each([
        ['staging/web', 'production/api', 8080, 'TCP', true],
        ['staging/web', 'production/api', 9090, 'TCP', false],
        // same pod labels, other namespace: the namespaceSelector is ANDed with the podSelector
        ['production/web', 'production/api', 8080, 'TCP', false],
        ['staging/admin', 'production/api', 8080, 'TCP', false],
        ['production/api', 'staging/web', 8080, 'TCP', false],
      ])('%s → %s on %d/%s is allowed: %p', (from, to, port, protocol, allowed) => {
        // WHEN
        const reachable = r.canReach(from, to, port, protocol);

        // THEN
        expect(reachable).toBe(allowed);
      });
    });

    describe('app to database', () => {
      // GIVEN (built once for the table below)
      const { app, ns: production } = zeroTrust('production');
      const staging = new ZeroTrustNamespace(app, 'staging');
      const db = new StatefulDatabase(production, 'postgres', { engine: DatabaseEngine.POSTGRES, replicas: 2 });
      new ExposedApp(production, 'api', { image: IMAGE }).connectTo(db);
      new ExposedApp(production, 'web', { image: IMAGE });
      new ExposedApp(staging, 'report', { image: IMAGE }).connectTo(db);
      new ExposedApp(staging, 'api', { image: IMAGE });
      const r = Reachability.fromApp(app);

      test.each([
        ['production/api', 'production/postgres', 5432, 'TCP', true],
        ['production/api', 'production/postgres', 5433, 'TCP', false],
        ['production/web', 'production/postgres', 5432, 'TCP', false],
        ['staging/report', 'production/postgres', 5432, 'TCP', true],
        ['staging/api', 'production/postgres', 5432, 'TCP', false],
        ['production/postgres', 'production/api', 8080, 'TCP', false],
      ])('%s → %s on %d/%s is allowed: %p', (from, to, port, protocol, allowed) => {
        // WHEN
        const reachable = r.canReach(from, to, port, protocol);

        // THEN
        expect(reachable).toBe(allowed);
      });
    });

    describe('database to database', () => {
      // GIVEN (built once for the table below)
      const { ns } = zeroTrust('production');
      const primary = new StatefulDatabase(ns, 'mysql', { engine: DatabaseEngine.MYSQL, replicas: 3 });
      const replica = new StatefulDatabase(ns, 'mysql-replica', { engine: DatabaseEngine.MYSQL, replicas: 2 });
      replica.connectTo(primary);
      const r = Reachability.fromChart(ns);

      test.each([
        ['production/mysql', 'production/mysql', 3306, 'TCP', true],
        ['production/mysql', 'production/mysql', 33060, 'TCP', false],
        ['production/mysql-replica', 'production/mysql-replica', 3306, 'TCP', true],
        ['production/mysql-replica', 'production/mysql', 3306, 'TCP', true],
        ['production/mysql', 'production/mysql-replica', 3306, 'TCP', false],
      ])('%s → %s on %d/%s is allowed: %p', (from, to, port, protocol, allowed) => {
        // WHEN
        const reachable = r.canReach(from, to, port, protocol);

        // THEN
        expect(reachable).toBe(allowed);
      });
    });

    describe('app to an ExternalDependency by addresses', () => {
      // GIVEN (built once for the table below)
      const { ns } = zeroTrust('production');
      const legacy = new ExternalDependency(ns, 'legacy-db', { addresses: ['203.0.113.10', '2001:db8::10'], ports: [3306] });
      new ExposedApp(ns, 'api', { image: IMAGE }).connectTo(legacy);
      new ExposedApp(ns, 'web', { image: IMAGE });
      const r = Reachability.fromChart(ns);

      test.each([
        ['production/api', '203.0.113.10', 3306, 'TCP', true],
        ['production/api', '2001:db8::10', 3306, 'TCP', true],
        ['production/api', '203.0.113.11', 3306, 'TCP', false],
        ['production/api', '2001:db8::11', 3306, 'TCP', false],
        ['production/api', '203.0.113.10', 22, 'TCP', false],
        ['production/api', '203.0.113.10', 3306, 'UDP', false],
        ['production/web', '203.0.113.10', 3306, 'TCP', false],
      ])('%s → %s on %d/%s is allowed: %p', (from, address, port, protocol, allowed) => {
        // WHEN
        const reachable = r.canReachAddress(from, address, port, protocol);

        // THEN
        expect(reachable).toBe(allowed);
      });
    });

    describe('app to an ExternalDependency by DNS name', () => {
      // GIVEN (built once for the table below)
      const { ns } = zeroTrust('production');
      const payments = new ExternalDependency(ns, 'payments', { externalName: 'api.partner.com', ports: [443] });
      new ExposedApp(ns, 'api', { image: IMAGE }).connectTo(payments);
      new ExposedApp(ns, 'web', { image: IMAGE });
      const r = Reachability.fromChart(ns);

      test.each([
        ['production/api', '93.184.216.34', 443, true],
        ['production/api', '2606:2800:220:1::1', 443, true],
        ['production/api', '93.184.216.34', 80, false],
        ['production/api', '10.0.0.1', 443, false],
        ['production/api', '172.16.0.1', 443, false],
        ['production/api', '192.168.1.1', 443, false],
        ['production/api', '100.64.0.1', 443, false],
        ['production/api', '169.254.169.254', 443, false],
        ['production/api', '127.0.0.1', 443, false],
        ['production/api', 'fd00::1', 443, false],
        ['production/api', 'fe80::1', 443, false],
        ['production/api', '::1', 443, false],
        ['production/web', '93.184.216.34', 443, false],
      ])('%s → %s on %d/TCP is allowed: %p', (from, address, port, allowed) => {
        // WHEN
        const reachable = r.canReachAddress(from, address, port, 'TCP');

        // THEN
        expect(reachable).toBe(allowed);
      });
    });

    describe('app to an ExternalDependency by DNS name with egressCidrs', () => {
      // GIVEN (built once for the table below)
      const { ns } = zeroTrust('production');
      const payments = new ExternalDependency(ns, 'payments', { externalName: 'api.partner.com', ports: [443] });
      new ExposedApp(ns, 'api', { image: IMAGE }).connectTo(payments, { egressCidrs: ['198.51.100.0/24', '2001:db8:100::/48'] });
      const r = Reachability.fromChart(ns);

      test.each([
        ['production/api', '198.51.100.7', 443, true],
        ['production/api', '2001:db8:100::7', 443, true],
        ['production/api', '198.51.100.7', 80, false],
        ['production/api', '198.51.101.7', 443, false],
        ['production/api', '93.184.216.34', 443, false],
        ['production/api', '10.0.0.1', 443, false],
      ])('%s → %s on %d/TCP is allowed: %p', (from, address, port, allowed) => {
        // WHEN
        const reachable = r.canReachAddress(from, address, port, 'TCP');

        // THEN
        expect(reachable).toBe(allowed);
      });
    });

    describe('in a plain Chart', () => {
      // GIVEN (built once for the table below)
      const app = Testing.app();
      const shop = new Chart(app, 'shop', { namespace: 'shop' });
      const db = new StatefulDatabase(shop, 'postgres', { engine: DatabaseEngine.POSTGRES, replicas: 2 });
      const api = new ExposedApp(shop, 'api', { image: IMAGE });
      const web = new ExposedApp(shop, 'web', { image: IMAGE });
      new ExposedApp(shop, 'admin', { image: IMAGE });
      const legacy = new ExternalDependency(shop, 'legacy-db', { addresses: ['203.0.113.10'], ports: [3306] });
      web.connectTo(api);
      api.connectTo(db);
      api.connectTo(legacy);
      const r = Reachability.fromChart(shop);

      test.each([
        ['shop/web', 'shop/api', 8080, true],
        // an app target of a plain namespace is never isolated by a connection
        ['shop/admin', 'shop/api', 8080, true],
        ['shop/api', 'shop/postgres', 5432, true],
        ['shop/postgres', 'shop/postgres', 5432, true],
        // a database is isolated everywhere
        ['shop/web', 'shop/postgres', 5432, false],
        ['shop/admin', 'shop/postgres', 5432, false],
        ['shop/api', 'shop/postgres', 22, false],
      ])('%s → %s on %d/TCP is allowed: %p', (from, to, port, allowed) => {
        // WHEN
        const reachable = r.canReach(from, to, port, 'TCP');

        // THEN
        expect(reachable).toBe(allowed);
      });

      test.each([
        ['shop/api', '203.0.113.10', 3306, true],
        // a source of a plain namespace is never isolated for egress by a connection
        ['shop/api', '10.0.0.1', 22, true],
        ['shop/web', '203.0.113.10', 3306, true],
      ])('%s → %s on %d/TCP is allowed: %p', (from, address, port, allowed) => {
        // WHEN
        const reachable = r.canReachAddress(from, address, port, 'TCP');

        // THEN
        expect(reachable).toBe(allowed);
      });
    });

    describe('between a plain Chart and a ZeroTrustNamespace', () => {
      // GIVEN (built once for the table below)
      const { app, ns: production } = zeroTrust('production');
      const tools = new Chart(app, 'tools', { namespace: 'tools' });
      const api = new ExposedApp(production, 'api', { image: IMAGE });
      const web = new ExposedApp(production, 'web', { image: IMAGE });
      const cron = new ExposedApp(tools, 'cron', { image: IMAGE });
      const dashboard = new ExposedApp(tools, 'dashboard', { image: IMAGE });
      new ExposedApp(tools, 'other', { image: IMAGE });
      cron.connectTo(api);
      web.connectTo(dashboard);
      const r = Reachability.fromApp(app);

      test.each([
        ['tools/cron', 'production/api', 8080, true],
        ['tools/other', 'production/api', 8080, false],
        ['production/web', 'tools/dashboard', 8080, true],
        ['production/web', 'tools/other', 8080, false],
        ['tools/other', 'tools/dashboard', 8080, true],
      ])('%s → %s on %d/TCP is allowed: %p', (from, to, port, allowed) => {
        // WHEN
        const reachable = r.canReach(from, to, port, 'TCP');

        // THEN
        expect(reachable).toBe(allowed);
      });
    });
  });
});
