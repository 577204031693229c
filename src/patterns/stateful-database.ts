import { ApiObject, Lazy, Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkArg, num, required } from '../_check';
import { serviceFqdn, standardLabels } from '../_names';
import { fail, isObjectName, validateDns1035Label, validateImage, validateReplicas } from '../_validate';
import { checkConstruct } from './_inputs';
import type { PodDisruptionBudgetSpec, ServiceSpec, StatefulSetSpec } from './_k8s-types';
import { containerSecurityContext, renderResources, replicatedPodsSpec, sizeToQuantity, writableVolumes } from './_pod';
import { podPeer } from './_policy';
import { Registry } from './_registry';
import { DatabaseEngine } from './database-engine';
import { Protocol, Workload } from './workload';
import { WorkloadPodProps } from './workload-options';
import { copyRecord } from '../_collections';

/**
 * Props for {@link StatefulDatabase}.
 */
export interface StatefulDatabaseProps extends WorkloadPodProps {
  /** The engine preset (`DatabaseEngine.POSTGRES`, `MYSQL`, `REDIS`, `MONGODB`) or `DatabaseEngine.custom(…)`. */
  readonly engine: DatabaseEngine;

  /**
   * Name of the StatefulSet and the headless Service (a DNS-1035 label of at most 52 characters,
   * so the StatefulSet controller's `controller-revision-hash` label fits 63).
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * The image tag.
   *
   * @default - the engine's default tag
   */
  readonly version?: string;

  /**
   * Number of pods (`<name>-0` … `<name>-N-1`), each with its own PVC and stable DNS name. The
   * library does not configure replication: the engine's image/env must.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Size of each replica's PersistentVolumeClaim.
   *
   * @default Size.gibibytes(10)
   */
  readonly storage?: Size;

  /**
   * StorageClass of the PVCs.
   *
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;

  /**
   * Name of an existing Secret holding the credentials (the keys the engine reads, see
   * `DatabaseEngine`). The library never creates a Secret holding a password.
   *
   * @default '<name>-credentials'
   */
  readonly credentialsSecret?: string;

  /**
   * Also create a ClusterIP Service `<name>-read` load-balancing over all replicas.
   *
   * @default false
   */
  readonly readService?: boolean;

  /**
   * Resources of the container; fields left out take the defaults.
   *
   * @default - requests cpu 250m and memory 256Mi, limit memory 1Gi (no CPU limit)
   */
  readonly resources?: kplus.ContainerResources;
}

/**
 * A stateful backend with stable identity: StatefulSet + headless Service (stable per-pod DNS) +
 * optional ClusterIP read Service + a PVC per replica + credentials from a Secret +
 * PodDisruptionBudget + an ingress NetworkPolicy.
 *
 * `db.podHost(0)` is `postgres-0.postgres.production.svc.cluster.local`.
 *
 * Security considerations: the database is always isolated for ingress — whatever namespace it is
 * in, only its own replicas and workloads that `connectTo` it reach it, on its port (policy
 * `<name>-ingress`). Pods meet Pod Security Standards `restricted` (the engine's non-root UID,
 * fsGroup for the volume, read-only root filesystem with emptyDirs where the engine writes outside
 * its data). Credentials come only from an existing Secret, never inline and never generated
 * (generated passwords would change on every synth). PVCs survive `kubectl delete` of the
 * StatefulSet: data is deleted only by deleting the PVCs.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
export class StatefulDatabase extends Workload {
  /** The StatefulSet (escape hatch). */
  public readonly statefulSet: ApiObject;
  /** The headless Service `<name>` (clusterIP None, publishNotReadyAddresses). */
  public readonly headlessService: ApiObject;
  /** The ClusterIP Service `<name>-read`, with `readService`. */
  public readonly readService?: ApiObject;
  /** The PodDisruptionBudget. */
  public readonly podDisruptionBudget: ApiObject;
  /** The engine. */
  public readonly engine: DatabaseEngine;
  /** Number of replicas. */
  public readonly replicas: number;
  /** Name of the credentials Secret. */
  public readonly credentialsSecret: string;
  /** The headless Service FQDN: `<name>.<namespace>.svc.cluster.local`. */
  public readonly host: string;

  constructor(scope: Construct, id: string, props: StatefulDatabaseProps) {
    const owner = checkConstruct('StatefulDatabase', scope, id, props);
    const name = props.name ?? id;
    if (name.length > 52) {
      fail(owner, `name '${name}' is ${name.length} characters; at most 52 so the StatefulSet controller's controller-revision-hash label fits 63`);
    }
    validateDns1035Label(owner, 'name', name, 52);
    const engine = props.engine;
    super(scope, id, {
      name,
      ports: [{ name: engine.portName, port: engine.port, containerPort: engine.port, protocol: Protocol.TCP }],
      // The engine's plain env goes through the workload's env, so connections cannot reuse its names.
      env: engine.env,
      pod: props,
    });
    for (const envName of Object.keys(props.secretEnv ?? {})) {
      if (envName in engine.secretEnv) {
        fail(owner, `secretEnv ${envName} is set by the engine already, from key '${engine.secretEnv[envName]}' of the credentials Secret; a container may hold each variable once — put your value in that Secret (credentialsSecret) or use DatabaseEngine.custom()`);
      }
    }

    const replicas = props.replicas ?? 1;
    validateReplicas(owner, replicas, 1);
    const storage = props.storage ?? Size.gibibytes(10);
    const storageKibibytes = storage.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
    if (!(storageKibibytes >= 1)) {
      fail(owner, `storage ${storageKibibytes}Ki must be at least 1Ki`);
    }
    if (props.storageClassName !== undefined && !isObjectName(props.storageClassName)) {
      fail(owner, `storageClassName '${props.storageClassName}' is not a valid object name (a lowercase DNS-1123 subdomain)`);
    }
    const credentialsSecret = props.credentialsSecret ?? `${name}-credentials`;
    if (!isObjectName(credentialsSecret)) {
      fail(owner, `credentialsSecret '${credentialsSecret}' is not a valid Secret name (a lowercase DNS-1123 subdomain)`);
    }
    const image = engine._imageFor(props.version);
    if (props.version !== undefined) {
      validateImage(owner, image);
      if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(props.version)) {
        fail(owner, `version '${props.version}' is not an image tag (at most 128 letters, digits, '_', '.' or '-', not starting with '.' or '-')`);
      }
    }

    this.engine = engine;
    this.replicas = replicas;
    this.credentialsSecret = credentialsSecret;
    this.host = serviceFqdn(name, this.namespace, this.clusterDomain);

    const labels = standardLabels(name, 'database');
    const ports = [{ name: engine.portName, port: engine.port, targetPort: engine.port, protocol: 'TCP' }];
    // The headless Service also lists the ports added for metrics / webhooks (a ServiceMonitor names one).
    const headlessPorts = this._ports.map(p => ({ name: p.name, port: p.port, targetPort: p.containerPort, protocol: p.protocol }));
    this.headlessService = new ApiObject(this, 'HeadlessService', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels },
      spec: {
        clusterIP: 'None',
        publishNotReadyAddresses: true,
        selector: copyRecord(this.selector),
        ports: headlessPorts,
      } satisfies ServiceSpec,
    });

    if (props.readService) {
      const readName = `${name}-read`;
      Registry.of(this).claim(`Service ${this.namespace}/${readName}`, owner, this);
      this.readService = new ApiObject(this, 'ReadService', {
        apiVersion: 'v1',
        kind: 'Service',
        // Its own component label, so a ServiceMonitor selects the headless Service only.
        metadata: { name: readName, labels: copyRecord(labels, { 'app.kubernetes.io/component': 'database-read' }) },
        spec: { type: 'ClusterIP', selector: copyRecord(this.selector), ports } satisfies ServiceSpec,
      });
    }

    this.statefulSet = this.createStatefulSet(props, image, labels, sizeToQuantity(storage));

    this.podDisruptionBudget = new ApiObject(this, 'PodDisruptionBudget', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, labels },
      spec: {
        maxUnavailable: 1,
        selector: { matchLabels: copyRecord(this.selector) },
      } satisfies PodDisruptionBudgetSpec,
    });

    // Always isolated for ingress: its own replicas, then each connected client.
    const ownPods = podPeer(this.selector, this.namespace, this.namespace);
    this._admit([ownPods]);
    if (this.inZeroTrustNamespace) {
      this._egress().addRule({ peers: [ownPods], ports: this._policyPorts(this._servingPorts) });
    }
    // The ServiceMonitor selects the headless Service (it lists every replica, ready or not).
    this._wirePlatform(labels, copyRecord(this.selector, { 'app.kubernetes.io/component': 'database' }));
  }

  /**
   * The stable DNS name of replica `ordinal`: `<name>-<ordinal>.<name>.<namespace>.svc.cluster.local`.
   */
  public podHost(ordinal: number): string {
    checkArg(this._description, 'ordinal', ordinal, required(num));
    if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= this.replicas) {
      fail(this._description, `podHost(${ordinal}) is outside 0-${this.replicas - 1} (replicas ${this.replicas})`);
    }
    return `${this.name}-${ordinal}.${this.name}.${this.namespace}.svc.${this.clusterDomain}`;
  }

  /** The DNS name of replica 0 (`podHost(0)`), where clients connect by default. */
  public get primaryHost(): string {
    return this.podHost(0);
  }

  /** The primary's DNS name (`<TARGET>_HOST` for connected clients). */
  public get connectionHost(): string {
    return this.primaryHost;
  }

  /** The engine port (`<TARGET>_PORT`). */
  public get connectionPort(): number {
    return this.engine.port;
  }

  /** @internal */
  protected get _kind(): string {
    return 'StatefulDatabase';
  }

  /** @internal */
  protected get _isolatesIngress(): boolean {
    return true;
  }

  /** The env vars read from the credentials Secret. @internal */
  protected _reservedEnvNames(): string[] {
    return [...Object.keys(this.engine.secretEnv), ...super._reservedEnvNames()];
  }

  private createStatefulSet(props: StatefulDatabaseProps, image: string, labels: { [key: string]: string }, storage: string): ApiObject {
    const engine = this.engine;
    const writable = writableVolumes(engine.writablePaths, ['data']);
    const probe = engine.healthCommand
      ? { exec: { command: [...engine.healthCommand] } }
      : { tcpSocket: { port: engine.portName } };
    const sources = this._renderEnvSources();
    const secretEnv = [...Object.entries(engine.secretEnv).map(([envName, key]) => ({
      name: envName,
      valueFrom: { secretKeyRef: { name: this.credentialsSecret, key } },
    })), ...sources.secretEnv];
    return new ApiObject(this, 'StatefulSet', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: this.name, labels },
      spec: {
        serviceName: this.name,
        ...replicatedPodsSpec({
          labels,
          selector: this.selector,
          replicas: this.replicas,
          user: engine.runAsUser,
          fsGroup: engine.runAsUser,
          container: {
            name: engine.name,
            image,
            ...(engine.args ? { args: [...engine.args] } : {}),
            ports: this._ports.map(p => ({ name: p.name, containerPort: p.containerPort, protocol: p.protocol })),
            ...(sources.envFrom ? { envFrom: sources.envFrom } : {}),
            env: Lazy.any({ produce: () => [...secretEnv, ...(this._renderEnv() ?? [])] }),
            resources: renderResources(props.resources, { cpuRequest: '250m', memoryRequest: '256Mi', memoryLimit: '1Gi' }, this._description),
            readinessProbe: { ...probe, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
            livenessProbe: { ...probe, initialDelaySeconds: 30, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 6 },
            securityContext: containerSecurityContext(true),
            volumeMounts: [{ name: 'data', mountPath: engine.dataPath }, ...writable.mounts],
          },
          volumes: writable.volumes,
          ...this._podTemplateProps(),
        }),
        volumeClaimTemplates: [{
          metadata: { name: 'data', labels: copyRecord(this.selector) },
          spec: {
            accessModes: ['ReadWriteOnce'],
            ...(props.storageClassName ? { storageClassName: props.storageClassName } : {}),
            resources: { requests: { storage } },
          },
        }],
      } satisfies StatefulSetSpec,
    });
  }
}
