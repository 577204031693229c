import { Testing } from 'cdk8s';
import { containerOf, errorOf, find, findAll, objectsOf, podSpecOf, restrictedViolations, zeroTrust } from './_helpers';
import { CustomDatabaseEngineOptions, DatabaseEngine, StatefulDatabase } from '../../src';

/** What each preset must be, straight from the DatabaseEngine docs. */
const PRESETS: Array<{
  engine: DatabaseEngine;
  name: string;
  image: string;
  port: number;
  portName: string;
  dataPath: string;
  secretEnv: { [envName: string]: string };
  probe: string;
  writablePaths: string[];
}> = [
  {
    engine: DatabaseEngine.POSTGRES,
    name: 'postgres',
    image: 'postgres:16.4',
    port: 5432,
    portName: 'postgres',
    dataPath: '/var/lib/postgresql/data',
    secretEnv: { POSTGRES_PASSWORD: 'password' },
    probe: 'pg_isready',
    writablePaths: ['/var/run/postgresql', '/tmp'],
  },
  {
    engine: DatabaseEngine.MYSQL,
    name: 'mysql',
    image: 'mysql:8.4.2',
    port: 3306,
    portName: 'mysql',
    dataPath: '/var/lib/mysql',
    secretEnv: { MYSQL_ROOT_PASSWORD: 'password' },
    probe: 'mysqladmin',
    writablePaths: ['/var/run/mysqld', '/var/lib/mysql-files', '/tmp'],
  },
  {
    engine: DatabaseEngine.REDIS,
    name: 'redis',
    image: 'redis:7.4.0',
    port: 6379,
    portName: 'redis',
    dataPath: '/data',
    secretEnv: { REDIS_PASSWORD: 'password' },
    probe: 'redis-cli',
    writablePaths: ['/tmp'],
  },
  {
    engine: DatabaseEngine.MONGODB,
    name: 'mongodb',
    image: 'mongo:7.0.14',
    port: 27017,
    portName: 'mongodb',
    dataPath: '/data/db',
    secretEnv: { MONGO_INITDB_ROOT_USERNAME: 'username', MONGO_INITDB_ROOT_PASSWORD: 'password' },
    probe: 'mongosh',
    writablePaths: ['/tmp', '/data/configdb'],
  },
];

const COCKROACH: CustomDatabaseEngineOptions = {
  name: 'cockroachdb',
  image: 'cockroachdb/cockroach:v24.1.0',
  port: 26257,
  dataPath: '/cockroach/cockroach-data',
};

/** The StatefulSet of a database `db` with `engine` in a fresh ZeroTrustNamespace. */
function statefulSetOf(engine: DatabaseEngine, version?: string): any {
  const { ns } = zeroTrust('production');
  new StatefulDatabase(ns, 'db', { engine, version });
  return find(objectsOf(ns), 'StatefulSet', 'db');
}

describe('DatabaseEngine', () => {
  describe('presets', () => {
    test.each(PRESETS)('$name runs $image on port $port with its data in $dataPath', (preset) => {
      // GIVEN
      const engine = preset.engine;

      // WHEN
      const statefulSet = statefulSetOf(engine);

      // THEN
      expect(engine.name).toBe(preset.name);
      expect(engine.image).toBe(preset.image);
      expect(engine.port).toBe(preset.port);
      expect(engine.portName).toBe(preset.portName);
      expect(engine.dataPath).toBe(preset.dataPath);
      const container = containerOf(statefulSet);
      expect(container.image).toBe(preset.image);
      expect(container.name).toBe(preset.name);
      expect(container.ports).toEqual([{ name: preset.portName, containerPort: preset.port, protocol: 'TCP' }]);
      expect(container.volumeMounts[0]).toEqual({ name: 'data', mountPath: preset.dataPath });
    });

    test.each(PRESETS)('$name runs as the image\'s non-root UID 999 with fsGroup 999', (preset) => {
      // GIVEN
      const engine = preset.engine;

      // WHEN
      const statefulSet = statefulSetOf(engine);

      // THEN
      expect(engine.runAsUser).toBe(999);
      expect(podSpecOf(statefulSet).securityContext).toEqual({
        runAsNonRoot: true,
        runAsUser: 999,
        runAsGroup: 999,
        fsGroup: 999,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(restrictedViolations(statefulSet)).toEqual([]);
    });

    test.each(PRESETS)('$name probes readiness and liveness with a $probe command that talks to the engine', (preset) => {
      // GIVEN
      const engine = preset.engine;

      // WHEN
      const container = containerOf(statefulSetOf(engine));

      // THEN
      expect(engine.healthCommand?.join(' ')).toContain(preset.probe);
      expect(container.readinessProbe.exec).toEqual({ command: engine.healthCommand });
      expect(container.livenessProbe.exec).toEqual({ command: engine.healthCommand });
      expect(container.readinessProbe).not.toHaveProperty('tcpSocket');
      expect(container.livenessProbe.failureThreshold).toBeGreaterThan(container.readinessProbe.failureThreshold);
    });

    test.each(PRESETS)('$name mounts emptyDirs on $writablePaths under a read-only root filesystem', (preset) => {
      // GIVEN
      const engine = preset.engine;

      // WHEN
      const statefulSet = statefulSetOf(engine);

      // THEN
      expect(engine.writablePaths).toEqual(preset.writablePaths);
      const container = containerOf(statefulSet);
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      const mounts = container.volumeMounts.slice(1);
      expect(mounts.map((m: any) => m.mountPath)).toEqual(preset.writablePaths);
      const emptyDirs = podSpecOf(statefulSet).volumes.filter((v: any) => v.emptyDir !== undefined).map((v: any) => v.name);
      expect(mounts.map((m: any) => m.name)).toEqual(emptyDirs);
    });

    test.each(PRESETS)('$name reads only the documented keys of the credentials Secret', (preset) => {
      // GIVEN
      const engine = preset.engine;

      // WHEN
      const container = containerOf(statefulSetOf(engine));

      // THEN
      expect(engine.secretEnv).toEqual(preset.secretEnv);
      expect(engine.secretKeys).toEqual([...new Set(Object.values(preset.secretEnv))].sort());
      const fromSecret = container.env.filter((e: any) => e.valueFrom !== undefined);
      expect(fromSecret).toEqual(Object.entries(preset.secretEnv).map(([name, key]) => ({
        name,
        valueFrom: { secretKeyRef: { name: 'db-credentials', key } },
      })));
      for (const name of Object.keys(preset.secretEnv)) {
        expect(container.env.filter((e: any) => e.name === name)).toEqual([expect.not.objectContaining({ value: expect.anything() })]);
      }
    });

    test.each(PRESETS)('$name synthesizes its canonical StatefulSet', (preset) => {
      // GIVEN
      const { ns } = zeroTrust('production');

      // WHEN
      new StatefulDatabase(ns, preset.name, { engine: preset.engine });
      const objects = objectsOf(ns);

      // THEN
      expect(find(objects, 'StatefulSet', preset.name).spec.template.spec.containers[0].image).toBe(preset.image);
      expect(findAll(objects, 'Secret')).toEqual([]);
      expect(Testing.synth(ns)).toMatchSnapshot();
    });

    test('keeps PostgreSQL data in a subdirectory of the volume, since initdb refuses a non-empty mount point', () => {
      // GIVEN
      const engine = DatabaseEngine.POSTGRES;

      // WHEN
      const container = containerOf(statefulSetOf(engine));

      // THEN
      expect(container.env).toContainEqual({ name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' });
    });

    test('probes PostgreSQL and MySQL over TCP on localhost, not through a socket file', () => {
      // GIVEN
      const postgres = DatabaseEngine.POSTGRES.healthCommand;
      const mysql = DatabaseEngine.MYSQL.healthCommand;

      // THEN
      expect(postgres).toEqual(['pg_isready', '--host', '127.0.0.1', '--port', '5432']);
      expect(mysql).toEqual(['mysqladmin', 'ping', '--host', '127.0.0.1', '--silent']);
    });

    test('makes Redis require the password from the Secret and checks it answers PONG', () => {
      // GIVEN
      const engine = DatabaseEngine.REDIS;

      // WHEN
      const container = containerOf(statefulSetOf(engine));

      // THEN
      expect(container.args).toEqual(['--appendonly', 'yes', '--dir', '/data', '--requirepass', '$(REDIS_PASSWORD)']);
      expect(container.env.map((e: any) => e.name)).toContain('REDIS_PASSWORD');
      expect(container.readinessProbe.exec.command).toEqual(['sh', '-c', 'redis-cli -a "$REDIS_PASSWORD" --no-auth-warning ping | grep -q PONG']);
    });

    test('replaces the tag of a preset with version', () => {
      // GIVEN
      const engine = DatabaseEngine.POSTGRES;

      // WHEN
      const container = containerOf(statefulSetOf(engine, '15.8-bookworm'));

      // THEN
      expect(container.image).toBe('postgres:15.8-bookworm');
      expect(engine.image).toBe('postgres:16.4');
    });
  });

  describe('custom', () => {
    test('fills the defaults: port name db, UID 65532, a writable /tmp, no env and a TCP probe', () => {
      // GIVEN
      const engine = DatabaseEngine.custom(COCKROACH);

      // WHEN
      const statefulSet = statefulSetOf(engine);

      // THEN
      expect(engine.portName).toBe('db');
      expect(engine.runAsUser).toBe(65532);
      expect(engine.writablePaths).toEqual(['/tmp']);
      expect(engine.secretEnv).toEqual({});
      expect(engine.secretKeys).toEqual([]);
      expect(engine.env).toEqual({});
      expect(engine.healthCommand).toBeUndefined();
      expect(engine.args).toBeUndefined();
      const container = containerOf(statefulSet);
      expect(container.image).toBe('cockroachdb/cockroach:v24.1.0');
      expect(container.name).toBe('cockroachdb');
      expect(container.ports).toEqual([{ name: 'db', containerPort: 26257, protocol: 'TCP' }]);
      expect(container.readinessProbe.tcpSocket).toEqual({ port: 'db' });
      expect(container.livenessProbe.tcpSocket).toEqual({ port: 'db' });
      expect(container.volumeMounts).toEqual([
        { name: 'data', mountPath: '/cockroach/cockroach-data' },
        { name: 'tmp', mountPath: '/tmp' },
      ]);
      expect(podSpecOf(statefulSet).securityContext).toMatchObject({ runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532 });
      expect(restrictedViolations(statefulSet)).toEqual([]);
    });

    test('names the engine after the image repository when no name is given', () => {
      // GIVEN / WHEN
      const engine = DatabaseEngine.custom({ image: 'ghcr.io/acme/KeyDB_server:6.3.4', port: 6379, dataPath: '/data' });
      // THEN
      expect(engine.name).toBe('keydb-server');
      expect(containerOf(statefulSetOf(engine)).name).toBe('keydb-server');
    });

    test('uses every option given', () => {
      // GIVEN
      const engine = DatabaseEngine.custom({
        ...COCKROACH,
        portName: 'sql',
        runAsUser: 1000,
        secretEnv: { COCKROACH_PASSWORD: 'password', COCKROACH_USER: 'username' },
        env: { COCKROACH_DATABASE: 'shop' },
        args: ['start-single-node', '--insecure=false'],
        healthCommand: ['cockroach', 'node', 'status', '--host', '127.0.0.1:26257'],
        writablePaths: ['/tmp', '/cockroach/certs'],
      });

      // WHEN
      const statefulSet = statefulSetOf(engine);

      // THEN
      expect(engine.secretKeys).toEqual(['password', 'username']);
      const container = containerOf(statefulSet);
      expect(container.ports).toEqual([{ name: 'sql', containerPort: 26257, protocol: 'TCP' }]);
      expect(container.args).toEqual(['start-single-node', '--insecure=false']);
      expect(container.env).toEqual([
        { name: 'COCKROACH_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
        { name: 'COCKROACH_USER', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'username' } } },
        { name: 'COCKROACH_DATABASE', value: 'shop' },
      ]);
      expect(container.readinessProbe.exec).toEqual({ command: ['cockroach', 'node', 'status', '--host', '127.0.0.1:26257'] });
      expect(container.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/cockroach/cockroach-data', '/tmp', '/cockroach/certs']);
      expect(podSpecOf(statefulSet).securityContext).toMatchObject({ runAsUser: 1000, fsGroup: 1000 });
      expect(restrictedViolations(statefulSet)).toEqual([]);
    });

    test('copies its inputs, so later changes to them do not leak into the engine', () => {
      // GIVEN
      const args = ['--flag'];
      const env: { [name: string]: string } = { A: '1' };
      const engine = DatabaseEngine.custom({ ...COCKROACH, args, env });

      // WHEN
      args.push('--other');
      env.B = '2';

      // THEN
      expect(engine.args).toEqual(['--flag']);
      expect(engine.env).toEqual({ A: '1' });
    });

    test.each([
      ['registry.example.com:5000/team/db:1.0.0', '2.0.0', 'registry.example.com:5000/team/db:2.0.0'],
      [`ghcr.io/acme/db:1.0.0@sha256:${'0'.repeat(64)}`, '2.0.0', 'ghcr.io/acme/db:2.0.0'],
      [`ghcr.io/acme/db@sha256:${'0'.repeat(64)}`, '2.0.0', 'ghcr.io/acme/db:2.0.0'],
    ])('replaces the tag of %s with version %s', (image, version, expected) => {
      // GIVEN
      const engine = DatabaseEngine.custom({ ...COCKROACH, image });

      // WHEN
      const container = containerOf(statefulSetOf(engine, version));

      // THEN
      expect(container.image).toBe(expected);
    });

    test.each<[string, Partial<CustomDatabaseEngineOptions>, string]>([
      ['name is not a DNS label', { name: 'Cockroach_DB' }, "name 'Cockroach_DB' is not a valid DNS-1035 label"],
      ['image has no tag', { image: 'cockroachdb/cockroach' }, "image 'cockroachdb/cockroach' has no tag or digest"],
      ['image uses latest', { image: 'cockroachdb/cockroach:latest' }, "image 'cockroachdb/cockroach:latest' uses the tag 'latest'"],
      ['port is 0', { port: 0 }, 'port must be a port number in 1-65535, got 0'],
      ['port is 65536', { port: 65536 }, 'port must be a port number in 1-65535, got 65536'],
      ['dataPath is relative', { dataPath: 'data' }, "dataPath 'data' must start with '/'"],
      ['portName is too long', { portName: 'cockroach-sql-port' }, "port name 'cockroach-sql-port' is not an IANA service name"],
      ['runAsUser is root', { runAsUser: 0 }, 'runAsUser 0 must be a non-zero UID'],
      ['an env name is invalid', { env: { 'BAD NAME': 'x' } }, "environment variable name 'BAD NAME' is not valid"],
      ['a secretEnv name is invalid', { secretEnv: { '1PASSWORD': 'password' } }, "environment variable name '1PASSWORD' is not valid"],
      ['a writable path is relative', { writablePaths: ['tmp'] }, "writablePaths[0] 'tmp' must start with '/'"],
      ['a name is in both env and secretEnv', { env: { PASSWORD: 'x' }, secretEnv: { PASSWORD: 'password' } }, 'environment variable PASSWORD is in both env and secretEnv'],
    ])('fails when %s', (_, options, expected) => {
      // WHEN
      const message = errorOf(() => DatabaseEngine.custom({ ...COCKROACH, ...options }));

      // THEN
      expect(message).toContain(`DatabaseEngine.custom: ${expected}`);
    });
  });
});
