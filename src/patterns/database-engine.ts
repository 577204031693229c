import { checkOptions } from './_inputs';
import { validateWritablePaths } from './_pod';
import { fail, validateDns1035Label, validateEnvName, validateImage, validatePath, validatePort, validatePortName, validateRunAsUser } from '../_validate';

/**
 * Options for {@link DatabaseEngine.custom}.
 */
export interface CustomDatabaseEngineOptions {
  /**
   * A short engine name, used as the container name (e.g. `cockroachdb`).
   *
   * @default - the image's repository name (`ghcr.io/acme/keydb:6.3.4` → `keydb`)
   */
  readonly name?: string;
  /** The image, with a tag or digest (a `version` prop on the database replaces the tag). */
  readonly image: string;
  /** The port the engine listens on. */
  readonly port: number;
  /** Where the engine keeps its data (mounted from the per-replica PVC). */
  readonly dataPath: string;
  /**
   * Name of the port.
   *
   * @default 'db'
   */
  readonly portName?: string;
  /**
   * The non-root UID the image runs as; also the pod's fsGroup so the PVC is writable.
   *
   * @default 65532
   */
  readonly runAsUser?: number;
  /**
   * Environment variables read from the credentials Secret: env var name → Secret key.
   *
   * @default - none
   */
  readonly secretEnv?: { [envName: string]: string };
  /**
   * Plain environment variables.
   *
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Arguments to the image's entrypoint.
   *
   * @default - the image's CMD
   */
  readonly args?: string[];
  /**
   * The readiness (and liveness) check: a command run in the container that exits 0 when the
   * engine serves requests.
   *
   * @default - a TCP check on the port
   */
  readonly healthCommand?: string[];
  /**
   * Paths outside the data volume the engine writes to (each gets an emptyDir; the root
   * filesystem is read-only).
   *
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];
}

/**
 * A database engine: image, port, data path, probes, the non-root UID it runs as and the Secret
 * keys it reads.
 *
 * Presets (each reads its password from the credentials Secret; none generates one):
 * | preset | image | port | data path | Secret keys |
 * | --- | --- | --- | --- | --- |
 * | `POSTGRES` | `postgres:16.4` (UID 999) | 5432 | `/var/lib/postgresql/data` (PGDATA in `pgdata/`) | `password` → `POSTGRES_PASSWORD` |
 * | `MYSQL` | `mysql:8.4.2` (UID 999) | 3306 | `/var/lib/mysql` | `password` → `MYSQL_ROOT_PASSWORD` |
 * | `REDIS` | `redis:7.4.0` (UID 999) | 6379 | `/data` | `password` → `REDIS_PASSWORD` (`--requirepass`) |
 * | `MONGODB` | `mongo:7.0.14` (UID 999) | 27017 | `/data/db` | `username`, `password` → `MONGO_INITDB_ROOT_USERNAME`/`_PASSWORD` |
 */
export class DatabaseEngine {
  /** PostgreSQL (official image, Debian variant, UID 999). Reads Secret key `password`. */
  public static readonly POSTGRES = new DatabaseEngine({
    name: 'postgres',
    image: 'postgres:16.4',
    port: 5432,
    portName: 'postgres',
    dataPath: '/var/lib/postgresql/data',
    runAsUser: 999,
    env: { PGDATA: '/var/lib/postgresql/data/pgdata' },
    secretEnv: { POSTGRES_PASSWORD: 'password' },
    healthCommand: ['pg_isready', '--host', '127.0.0.1', '--port', '5432'],
    writablePaths: ['/var/run/postgresql', '/tmp'],
  });

  /** MySQL (official image, UID 999). Reads Secret key `password` (the root password). */
  public static readonly MYSQL = new DatabaseEngine({
    name: 'mysql',
    image: 'mysql:8.4.2',
    port: 3306,
    portName: 'mysql',
    dataPath: '/var/lib/mysql',
    runAsUser: 999,
    secretEnv: { MYSQL_ROOT_PASSWORD: 'password' },
    healthCommand: ['mysqladmin', 'ping', '--host', '127.0.0.1', '--silent'],
    writablePaths: ['/var/run/mysqld', '/var/lib/mysql-files', '/tmp'],
  });

  /** Redis (official image, UID 999, append-only persistence). Reads Secret key `password`. */
  public static readonly REDIS = new DatabaseEngine({
    name: 'redis',
    image: 'redis:7.4.0',
    port: 6379,
    portName: 'redis',
    dataPath: '/data',
    runAsUser: 999,
    secretEnv: { REDIS_PASSWORD: 'password' },
    args: ['--appendonly', 'yes', '--dir', '/data', '--requirepass', '$(REDIS_PASSWORD)'],
    healthCommand: ['sh', '-c', 'redis-cli -a "$REDIS_PASSWORD" --no-auth-warning ping | grep -q PONG'],
    writablePaths: ['/tmp'],
  });

  /** MongoDB (official image, UID 999). Reads Secret keys `username` and `password`. */
  public static readonly MONGODB = new DatabaseEngine({
    name: 'mongodb',
    image: 'mongo:7.0.14',
    port: 27017,
    portName: 'mongodb',
    dataPath: '/data/db',
    runAsUser: 999,
    secretEnv: { MONGO_INITDB_ROOT_USERNAME: 'username', MONGO_INITDB_ROOT_PASSWORD: 'password' },
    healthCommand: ['mongosh', '--quiet', '--eval', 'db.adminCommand("ping").ok'],
    writablePaths: ['/tmp', '/data/configdb'],
  });

  /** An engine described by hand. */
  public static custom(options: CustomDatabaseEngineOptions): DatabaseEngine {
    const owner = 'DatabaseEngine.custom';
    checkOptions(owner, options);
    validateImage(owner, options.image);
    const name = options.name ?? engineNameFromImage(options.image);
    validateDns1035Label(owner, 'name', name);
    validatePort(owner, 'port', options.port);
    validatePath(owner, options.dataPath, 'dataPath');
    if (options.portName !== undefined) {
      validatePortName(owner, options.portName);
    }
    const user = options.runAsUser ?? 65532;
    validateRunAsUser(owner, user);
    for (const prop of ['secretEnv', 'env'] as const) {
      for (const envName of Object.keys(options[prop] ?? {})) {
        validateEnvName(owner, envName, prop);
      }
    }
    for (const envName of Object.keys(options.env ?? {})) {
      if (envName in (options.secretEnv ?? {})) {
        fail(owner, `environment variable ${envName} is in both env and secretEnv; set it in one of them`);
      }
    }
    validateWritablePaths(owner, options.writablePaths ?? ['/tmp'], { path: options.dataPath, what: 'dataPath' });
    for (const [envName, key] of Object.entries(options.secretEnv ?? {})) {
      if (!/^[-._a-zA-Z0-9]+$/.test(key) || key.length > 253) {
        fail(owner, `secretEnv['${envName}'] '${key}' is not a Secret key (at most 253 letters, digits, '-', '_' or '.')`);
      }
    }
    return new DatabaseEngine({ ...options, name, portName: options.portName ?? 'db', runAsUser: user, writablePaths: options.writablePaths ?? ['/tmp'] });
  }

  /** Engine name (`postgres`, `mysql`, …). */
  public readonly name: string;
  /** Image with its default tag. */
  public readonly image: string;
  /** Port the engine listens on. */
  public readonly port: number;
  /** Name of the port. */
  public readonly portName: string;
  /** Where the engine keeps its data. */
  public readonly dataPath: string;
  /** The non-root UID (and GID, fsGroup) it runs as. */
  public readonly runAsUser: number;
  /** Env var name → credentials Secret key. */
  public readonly secretEnv: { [envName: string]: string };
  /** Plain env vars. */
  public readonly env: { [name: string]: string };
  /** Entrypoint arguments. */
  public readonly args?: string[];
  /** Readiness/liveness command, if any (else a TCP check). */
  public readonly healthCommand?: string[];
  /** Writable paths outside the data volume. */
  public readonly writablePaths: string[];

  private constructor(props: CustomDatabaseEngineOptions & { readonly name: string }) {
    this.name = props.name;
    this.image = props.image;
    this.port = props.port;
    this.portName = props.portName ?? 'db';
    this.dataPath = props.dataPath;
    this.runAsUser = props.runAsUser ?? 65532;
    // Spreads, not copyRecord: an environment variable may be named __proto__.
    this.secretEnv = { ...props.secretEnv };
    this.env = { ...props.env };
    this.args = props.args ? [...props.args] : undefined;
    this.healthCommand = props.healthCommand ? [...props.healthCommand] : undefined;
    this.writablePaths = [...(props.writablePaths ?? ['/tmp'])];
  }

  /** The Secret keys this engine reads. */
  public get secretKeys(): string[] {
    return [...new Set(Object.values(this.secretEnv))].sort();
  }

  /** The image with `version` as its tag (or the default tag). @internal */
  public _imageFor(version: string | undefined): string {
    if (version === undefined) {
      return this.image;
    }
    const at = this.image.indexOf('@');
    const base = at >= 0 ? this.image.slice(0, at) : this.image;
    const lastSlash = base.lastIndexOf('/');
    const colon = base.lastIndexOf(':');
    const repository = colon > lastSlash ? base.slice(0, colon) : base;
    return `${repository}:${version}`;
  }
}

/** `ghcr.io/acme/keydb:6.3.4` → `keydb` (lowercase, DNS-label characters only). */
function engineNameFromImage(image: string): string {
  const withoutDigest = image.split('@')[0];
  const repository = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1).split(':')[0];
  const name = repository.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '');
  return name.length > 0 ? name.slice(0, 63).replace(/-+$/, '') : 'db';
}
