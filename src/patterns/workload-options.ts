import { checkArg, required, str } from '../_check';
import { fail, isObjectName } from '../_validate';
import { checkOptions } from './_inputs';
import type { EnvFromSource as EnvFromSourceSpec } from './_k8s-types';

/**
 * Metrics a workload serves, for Prometheus.
 */
export interface MetricsOptions {
  /**
   * The container port serving metrics. When no port of the workload has it as its container
   * port, the library adds a port named `metrics` to the container and the Service (not to a
   * NodePort or LoadBalancer Service, or one with externalIPs: list it in `ports` there); clients
   * that connect without naming ports do not get it.
   */
  readonly port: number;

  /**
   * The HTTP path of the metrics.
   *
   * @default '/metrics'
   */
  readonly path?: string;

  /**
   * Also create a prometheus-operator `monitoring.coreos.com/v1` ServiceMonitor named after the
   * workload, selecting its Service (a database's headless Service, which lists every replica) —
   * or a PodMonitor when the workload has no Service (`Exposure.none()`).
   *
   * @default false
   * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ServiceMonitor
   */
  readonly serviceMonitor?: boolean;
}

/**
 * One key of a Secret, as an environment variable.
 */
export interface SecretKeyReference {
  /** The Secret's name (a DNS-1123 subdomain). */
  readonly secretName: string;

  /** The key in the Secret (letters, digits, '-', '_' and '.'). */
  readonly key: string;

  /**
   * Start the pod even when the Secret or the key is missing.
   *
   * @default false
   */
  readonly optional?: boolean;
}

/**
 * Options of {@link EnvFromSource}.
 */
export interface EnvFromSourceOptions {
  /**
   * A prefix added to every variable name (a C identifier prefix such as `DB_`).
   *
   * @default - none
   */
  readonly prefix?: string;

  /**
   * Start the pod even when the Secret or ConfigMap is missing.
   *
   * @default false
   */
  readonly optional?: boolean;
}

/**
 * Every key of a Secret or a ConfigMap as environment variables (`envFrom`).
 *
 * @see https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/#configure-all-key-value-pairs-in-a-secret-as-container-environment-variables
 */
export class EnvFromSource {
  /** Every key of the Secret `name`. */
  public static secret(name: string, options: EnvFromSourceOptions = {}): EnvFromSource {
    return new EnvFromSource('EnvFromSource.secret', 'secretRef', name, options);
  }

  /** Every key of the ConfigMap `name`. */
  public static configMap(name: string, options: EnvFromSourceOptions = {}): EnvFromSource {
    return new EnvFromSource('EnvFromSource.configMap', 'configMapRef', name, options);
  }

  /** The Secret or ConfigMap name. */
  public readonly name: string;
  /** The prefix, if any. */
  public readonly prefix?: string;
  /** Whether the source is optional. */
  public readonly optional: boolean;
  private readonly field: 'secretRef' | 'configMapRef';

  private constructor(owner: string, field: 'secretRef' | 'configMapRef', name: string, options: EnvFromSourceOptions) {
    checkArg(owner, 'name', name, required(str()));
    checkOptions('EnvFromSource', options, owner);
    if (typeof name !== 'string' || !isObjectName(name)) {
      fail(owner, `name ${JSON.stringify(name)} is not a valid object name (a lowercase DNS-1123 subdomain)`);
    }
    if (options.prefix !== undefined && (typeof options.prefix !== 'string' || !/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(options.prefix))) {
      fail(owner, `prefix ${JSON.stringify(options.prefix)} is not a valid environment variable prefix (letters, digits, '_', '-' and '.', not starting with a digit)`);
    }
    this.field = field;
    this.name = name;
    this.prefix = options.prefix;
    this.optional = options.optional ?? false;
  }

  /** The `envFrom` entry. @internal */
  public _toKube(): EnvFromSourceSpec {
    const ref = { name: this.name, ...(this.optional ? { optional: true } : {}) };
    return {
      ...(this.prefix !== undefined ? { prefix: this.prefix } : {}),
      ...(this.field === 'secretRef' ? { secretRef: ref } : { configMapRef: ref }),
    };
  }
}

/**
 * Pod settings `ExposedApp` and `StatefulDatabase` share: labels and annotations, identity,
 * configuration from Secrets and ConfigMaps, metrics and admission webhooks.
 */
export interface WorkloadPodProps {
  /**
   * Extra labels on the pods (e.g. `version: stable`), added to the selector labels
   * (`app.kubernetes.io/name` + `instance`), which they may not change.
   *
   * @default - the selector and standard labels only
   */
  readonly podLabels?: { [key: string]: string };

  /**
   * Annotations on the pods.
   *
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * The ServiceAccount the pods run as.
   *
   * @default - the namespace's `default` ServiceAccount
   */
  readonly serviceAccountName?: string;

  /**
   * Mount the ServiceAccount token into the pods (needed to call the Kubernetes API; give the pod a
   * `serviceAccountName` with just the RBAC it needs, and `connectTo(Peer.kubeApiServer(…))`).
   *
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;

  /**
   * Secrets and ConfigMaps whose keys all become environment variables.
   *
   * @default - none
   */
  readonly envFrom?: EnvFromSource[];

  /**
   * Environment variables read from single Secret keys: `{ API_TOKEN: { secretName: 'api', key:
   * 'token' } }`.
   *
   * @default - none
   */
  readonly secretEnv?: { [name: string]: SecretKeyReference };

  /**
   * The metrics the workload serves. In a `ZeroTrustNamespace` with `monitoring`, the scrapers are
   * admitted to `metrics.port`.
   *
   * @default - no metrics
   */
  readonly metrics?: MetricsOptions;

  /**
   * The container port of an admission webhook server in the pods. In a `ZeroTrustNamespace`, the
   * namespace's `controlPlane` is admitted to it (which the namespace must then set). When no port
   * of the workload has it as its container port, the library adds a port named `webhook` on
   * Service port 443 (the container port if 443 is taken), as for `metrics.port`. The API server
   * calls a webhook through a Service, so an `ExposedApp` with `Exposure.none()` refuses it.
   *
   * @default - not a webhook server
   */
  readonly admissionWebhookPort?: number;
}
