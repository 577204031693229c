import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { show } from '../_check';
import { CLUSTER_DOMAIN, envPrefix, selectorLabels, serviceFqdn } from '../_names';
import { fail, isObjectName, validateCidr, validateEnvName, validatePath, validatePort, validatePortName } from '../_validate';
import { registerTarget, targetBehaviour } from './_connect';
import type { MonitorSpec } from './_crd-types';
import { checkOptions } from './_inputs';
import type { EnvFromSource as EnvFromSourceSpec, EnvVar } from './_k8s-types';
import { validateAnnotations, validateLabels } from './_labels';
import { assumePeerForLint, forEachPeerSide } from './_peer-sides';
import { podPeer, policyLabels, PolicyPeer, PolicyPort, WorkloadPolicy } from './_policy';
import { addPlatformPorts } from './_ports';
import { Registry, touch } from './_registry';
import { AllowFromOptions, ConnectOptions, IConnectable, IConnectionTarget } from './connection';
import { Peer } from './peer';
import { MetricsOptions, WorkloadPodProps } from './workload-options';
import { findZeroTrustNamespace, ZeroTrustNamespace } from './zero-trust-namespace';
import { copyRecord } from '../_collections';

/**
 * A network protocol.
 */
export enum Protocol {
  /** TCP. */
  TCP = 'TCP',
  /** UDP. */
  UDP = 'UDP',
  /** SCTP. */
  SCTP = 'SCTP',
}

/**
 * A named port of a workload: the Service port and the container port behind it.
 */
export interface AppPort {
  /** Port name (an IANA service name: at most 15 characters, lowercase, e.g. `http`, `grpc`). */
  readonly name: string;
  /** The Service port clients connect to. */
  readonly port: number;
  /**
   * The container port.
   *
   * @default - same as `port`
   */
  readonly containerPort?: number;
  /**
   * The protocol.
   *
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/**
 * Props of the {@link Workload} base class (for the subclasses of this library).
 */
export interface WorkloadProps {
  /** The workload's name. */
  readonly name: string;
  /** The workload's ports. */
  readonly ports: AppPort[];

  /**
   * Why the library may not add ports for `metrics.port` / `admissionWebhookPort` (see
   * `addPlatformPorts`); undefined when it may. @internal
   */
  readonly _platformPortsRefused?: string;
  /**
   * Environment variables of the main container.
   *
   * @default - none
   */
  readonly env?: { [name: string]: string };

  /**
   * Pod settings shared by the workloads (labels, identity, env sources, metrics, webhooks).
   *
   * @default - none
   */
  readonly pod?: WorkloadPodProps;
}

/** A port with every default filled in. @internal */
export interface ResolvedPort {
  readonly name: string;
  readonly port: number;
  readonly containerPort: number;
  readonly protocol: Protocol;
}

/**
 * Base class of the workloads this library creates (`ExposedApp`, `StatefulDatabase`): a set of
 * pods with a stable selector, NetworkPolicies named after the workload (`<name>-ingress`,
 * `<name>-egress`) that grow as connections are declared, and `connectTo` / `allowFrom`.
 *
 * Not for direct use: it is abstract, so `new Workload(...)` fails, and subclassing it outside this
 * library is not supported (its protected constructor relies on internal wiring the generated API
 * reference lists but does not describe). Create an `ExposedApp` or a `StatefulDatabase`; wire
 * workloads this library did not create with `Peer.workload(...)` or `Peer.pods(...)`.
 */
export abstract class Workload extends Construct implements IConnectionTarget {
  /** The workload's name (Deployment/StatefulSet and Service name). */
  public readonly name: string;
  /** The namespace the workload's objects land in (`default` when the chart sets none). */
  public readonly namespace: string;
  /** Whether the workload lives in a {@link ZeroTrustNamespace}. */
  public readonly inZeroTrustNamespace: boolean;
  /** The pod labels the workload's Services and policies select (`app.kubernetes.io/name` + `instance`). */
  public readonly selector: { [key: string]: string };

  /** The cluster DNS domain of the workload's FQDNs (its `ZeroTrustNamespace`'s, else `cluster.local`). */
  public readonly clusterDomain: string;
  /** The metrics the workload serves, if any. */
  public readonly metrics?: MetricsOptions;
  /** The container port of the admission webhook server, if any. */
  public readonly admissionWebhookPort?: number;

  /** The in-cluster DNS name clients use (`<TARGET>_HOST`). */
  public abstract readonly connectionHost: string;
  /** The port clients connect to (`<TARGET>_PORT`). */
  public abstract readonly connectionPort: number;

  /** Every port of the workload: its own, then those added for metrics and webhooks. @internal */
  protected readonly _ports: ResolvedPort[];
  /** The ports added for `metrics.port` / `admissionWebhookPort` (see `addPlatformPorts`). @internal */
  protected readonly _platformPorts: ResolvedPort[];
  /** Pod settings shared by the workloads. @internal */
  protected readonly _podProps: WorkloadPodProps;
  private readonly envVars: Array<{ name: string; value: string }> = [];
  private ingressPolicy?: WorkloadPolicy;
  private egressPolicy?: WorkloadPolicy;
  /** Port names connected so far, per connection (`undefined`: every port). */
  private readonly connectedPorts = new Map<string, { ports?: string[]; env: boolean }>();
  /** The ports opened to each peer selection by `connectTo` so far, and whether its env is set. */
  private readonly peerConnections = new Map<string, { ports: ResolvedPort[]; env: boolean }>();

  protected constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id);
    this.name = props.name;
    const chart = Chart.of(this);
    this.namespace = chart.namespace ?? 'default';
    this.inZeroTrustNamespace = ZeroTrustNamespace.isZeroTrustNamespace(chart);
    this.clusterDomain = this.inZeroTrustNamespace ? (chart as ZeroTrustNamespace).clusterDomain : CLUSTER_DOMAIN;
    if (!this.inZeroTrustNamespace) {
      // Another chart of the namespace of a ZeroTrustNamespace (created before or after this one):
      // default-deny would cut the pods off, and none of the namespace's rules would be written here.
      const conflict = this.outsideZeroTrustNamespace(chart);
      if (conflict) fail(this._description, conflict);
      this.node.addValidation({
        validate: () => {
          const later = this.outsideZeroTrustNamespace(chart);
          return later ? [`${this._description}: ${later}`] : [];
        },
      });
    }
    this.selector = selectorLabels(props.name);
    this._ports = props.ports.map(p => ({
      name: p.name,
      port: p.port,
      containerPort: p.containerPort ?? p.port,
      protocol: p.protocol ?? Protocol.TCP,
    }));
    this._platformPorts = addPlatformPorts(this._description, this._ports, props.pod ?? {}, props._platformPortsRefused);
    for (const [name, value] of Object.entries(props.env ?? {})) {
      validateEnvName(this._description, name, 'env');
      this.envVars.push({ name, value });
    }
    this._podProps = checkPodProps(this._description, props.pod ?? {}, this.selector, Object.keys(props.env ?? {}));
    this.metrics = this._podProps.metrics;
    this.admissionWebhookPort = this._podProps.admissionWebhookPort;
    Registry.of(this).claim(`Service ${this.namespace}/${this.name}`, this._description, this);

    registerTarget(this, {
      description: this._description,
      namespace: this.namespace,
      selectPorts: (owner, names) => this.selectPorts(owner, names),
      egressPeers: sourceNamespace => [podPeer(this.selector, this.namespace, sourceNamespace)],
      admit: (key, peer, ports) => {
        if (this._isolatesIngress) {
          this._ingress().setRule(key, { peers: [peer(this.namespace)], ports });
        }
      },
      hasService: () => this._hasService,
    });
  }

  /** Why `chart` cannot hold this workload: its namespace is a `ZeroTrustNamespace` of the App; undefined when it can. */
  private outsideZeroTrustNamespace(chart: Chart): string | undefined {
    const zeroTrust = findZeroTrustNamespace(this, this.namespace);
    if (!zeroTrust) return undefined;
    return `its namespace '${this.namespace}' is ZeroTrustNamespace '${zeroTrust.node.path}' of this App, but it is created in chart `
      + `'${chart.node.path}', where none of that namespace's rules for it are written and default-deny cuts its pods off; create it inside the `
      + `ZeroTrustNamespace (scope '${zeroTrust.node.path}')`;
  }

  /** The target's name; `connectTo` derives `<NAME>_HOST` / `<NAME>_PORT` from it. */
  public get connectionName(): string {
    return this.name;
  }

  /**
   * Lets this workload open connections to `target` — least privilege, on both ends:
   * - an egress rule on this workload (policy `<name>-egress`) when its namespace is a
   *   `ZeroTrustNamespace`;
   * - an ingress rule on the target (policy `<target>-ingress`) when the target's namespace is one
   *   or the target is a `StatefulDatabase` — never isolating a pod that was not isolated before;
   *   for a `Peer` whose pods live in a `ZeroTrustNamespace` of this App, in the peer's own policy
   *   `<peer name>-ingress`;
   * - across namespaces the peer is a namespaceSelector on `kubernetes.io/metadata.name` AND a
   *   podSelector, in one peer element;
   * - `<TARGET>_HOST` / `<TARGET>_PORT` environment variables unless `options.env` is false (for a
   *   `Peer`, only when it names a Service).
   *
   * Connecting the same pair twice is idempotent; with other `ports`, the ports are merged into
   * one rule (`<TARGET>_PORT` stays the first connection's port).
   */
  public connectTo(target: IConnectable, options: ConnectOptions = {}): void {
    const owner = this._description;
    checkOptions('connectTo', options, owner);
    if ((target as unknown) === this) {
      fail(owner, 'cannot connectTo itself; replicas of one workload reach each other only where the pattern allows it (StatefulDatabase)');
    }
    if (target instanceof Peer) {
      this.connectToPeer(target, options);
      return;
    }
    const behaviour = targetBehaviour(owner, target as IConnectionTarget);
    if (options.egressCidrs !== undefined) {
      if (!(behaviour.takesEgressCidrs?.() ?? false)) {
        fail(owner, `egressCidrs only apply to an ExternalName dependency; ${behaviour.description} is reached at its own addresses, which connectTo opens exactly — omit egressCidrs`);
      }
      if (options.egressCidrs.length === 0) {
        fail(owner, `egressCidrs for ${behaviour.description} is empty, which would open nothing; omit it for the public internet or list the provider's CIDRs`);
      }
      // Checked here too, not only where the policy is written (a source outside a ZeroTrustNamespace writes none).
      options.egressCidrs.forEach(c => validateCidr(owner, 'egress CIDR', c));
    }
    const key = `${(target as IConnectionTarget).node.path}${options.egressCidrs ? `|${JSON.stringify(options.egressCidrs)}` : ''}`;
    const { names, envDone } = this.mergePorts(`to:${key}`, options.ports);
    const { policyPorts, envPort } = behaviour.selectPorts(owner, names);

    if (this.inZeroTrustNamespace) {
      const peers = behaviour.egressPeers(this.namespace, options.egressCidrs, owner);
      this._egress().setRule(`to:${key}`, { peers, ports: policyPorts });
    }
    behaviour.admit(`from:${this.node.path}`, targetNamespace => podPeer(this.selector, this.namespace, targetNamespace), policyPorts);
    const withEnv = (options.env ?? true) && !envDone && (behaviour.hasService?.() ?? true);
    if (withEnv) {
      const prefix = envPrefix(target.connectionName);
      this.addConnectionEnv(`${prefix}_HOST`, (target as IConnectionTarget).connectionHost, behaviour.description);
      this.addConnectionEnv(`${prefix}_PORT`, String(envPort), behaviour.description);
    }
    this.commitPorts(`to:${key}`, names, envDone || withEnv);
  }

  /**
   * Lets `peer` open connections to this workload — least privilege, on both ends:
   * - an ingress rule on this workload (policy `<name>-ingress`) on its ports (or those named in
   *   `options.ports`) when its pods are isolated for ingress (in a `ZeroTrustNamespace`, or a
   *   `StatefulDatabase`);
   * - an egress rule on the peer's side (policy `<peer name>-egress`) when the peer's pods live in
   *   a `ZeroTrustNamespace` of this App.
   *
   * Allowing one peer twice merges the ports; connections are kept per what the peer selects, so
   * two peers of one name that select other pods or addresses keep rules of their own.
   */
  public allowFrom(peer: Peer, options: AllowFromOptions = {}): void {
    const owner = this._description;
    if (!(peer instanceof Peer)) {
      const name = (peer as any)?.connectionName;
      fail(owner, `allowFrom takes a Peer (Peer.pods, Peer.workload, Peer.namespace, Peer.namespaces, Peer.addresses, Peer.kubeApiServer), got ${typeof name === 'string' ? `'${name}'` : show(peer)}; for a workload of this library, call its connectTo(${this.name}) instead`);
    }
    checkOptions('allowFrom', options, owner);
    const resolved = peer._resolve(this.namespace, this);
    const key = `from:${resolved.key}`;
    const { names, envDone } = this.mergePorts(key, options.ports);
    const { policyPorts } = this.selectPorts(owner, names);
    if (this._isolatesIngress) {
      this._ingress().setRule(key, { peers: resolved.policyPeer(this.namespace), ports: policyPorts });
    }
    forEachPeerSide(this, resolved, side => {
      side.policy('Egress', owner, this).setRule(`to:${this.node.path}`, { peers: [podPeer(this.selector, this.namespace, side.namespace)], ports: policyPorts });
    });
    assumePeerForLint(this, resolved, 'client');
    this.commitPorts(key, names, envDone);
  }

  private connectToPeer(peer: Peer, options: ConnectOptions): void {
    const owner = this._description;
    const resolved = peer._resolve(this.namespace, this);
    if (options.egressCidrs !== undefined) {
      fail(owner, `egressCidrs only apply to an ExternalName dependency; ${resolved.description} names its own addresses`);
    }
    if (resolved.ports.length === 0) {
      fail(owner, `${resolved.description} declares no ports, so connectTo cannot open only its ports; give the peer ports (the ports option of Peer.pods, Peer.namespace, Peer.namespaces or Peer.addresses) or use allowFrom for connections in the other direction`);
    }
    const key = `to:${resolved.key}`;
    if (options.ports !== undefined && !Array.isArray(options.ports)) {
      fail(owner, `ports must be a list of port names, got ${JSON.stringify(options.ports)}`);
    }
    // Names refer to this peer's ports; what earlier connections to the same selection opened
    // (another Peer object may name other ports) is kept as ports.
    const before = this.peerConnections.get(key);
    const names = options.ports;
    const chosen = names === undefined ? resolved.ports : names.map(n => {
      validatePortName(owner, n);
      const port = resolved.ports.find(p => p.name === n);
      if (!port) {
        return fail(owner, `port '${n}' is not a port of ${resolved.description}; its ports are ${resolved.ports.map(p => p.name).join(', ')}`);
      }
      return port;
    });
    if (chosen.length === 0) {
      fail(owner, `ports for ${resolved.description} is empty; omit it to open every port`);
    }
    const selected = [...before?.ports ?? []];
    for (const p of chosen) {
      if (!selected.some(q => q.containerPort === p.containerPort && q.protocol === p.protocol)) selected.push(p);
    }
    const envDone = before?.env ?? false;
    const policyPorts = this._policyPorts(selected);
    if (this.inZeroTrustNamespace) {
      this._egress().setRule(key, { peers: resolved.policyPeer(this.namespace), ports: policyPorts });
    }
    forEachPeerSide(this, resolved, side => {
      side.policy('Ingress', owner, this).setRule(`from:${this.node.path}`, { peers: [podPeer(this.selector, this.namespace, side.namespace)], ports: policyPorts });
    });
    assumePeerForLint(this, resolved, 'server');
    const withEnv = (options.env ?? true) && !envDone && resolved.serviceName !== undefined && resolved.namespace !== undefined;
    if (withEnv) {
      const prefix = envPrefix(peer.connectionName);
      this.addConnectionEnv(`${prefix}_HOST`, serviceFqdn(resolved.serviceName!, resolved.namespace!, this.clusterDomain), resolved.description);
      this.addConnectionEnv(`${prefix}_PORT`, String(chosen[0].port), resolved.description);
    }
    this.peerConnections.set(key, { ports: selected, env: envDone || withEnv });
  }

  /**
   * The port names of a connection merged with those connected before under `key` (`undefined`:
   * every port), and whether this is the first connection under `key`.
   */
  private mergePorts(key: string, names: string[] | undefined): { names?: string[]; envDone: boolean } {
    if (names !== undefined && !Array.isArray(names)) {
      fail(this._description, `ports must be a list of port names, got ${JSON.stringify(names)}`);
    }
    const before = this.connectedPorts.get(key);
    if (!before) {
      return { names: names === undefined ? undefined : [...names], envDone: false };
    }
    if (before.ports === undefined || names === undefined) {
      return { names: undefined, envDone: before.env };
    }
    return { names: [...before.ports, ...names.filter(n => !before.ports!.includes(n))], envDone: before.env };
  }

  private commitPorts(key: string, names: string[] | undefined, env: boolean): void {
    this.connectedPorts.set(key, { ports: names, env });
  }

  /** Whether the workload has a Service clients can name (`<NAME>_HOST`). @internal */
  protected get _hasService(): boolean {
    return true;
  }

  /**
   * Admits the namespace's `monitoring` peer to the metrics port and its `controlPlane` to the
   * admission webhook port, and creates the ServiceMonitor / PodMonitor. Called by subclasses
   * once their objects exist. @internal
   */
  protected _wirePlatform(labels: { [key: string]: string }, monitorServiceSelector?: { [key: string]: string }): void {
    const zeroTrust = this.inZeroTrustNamespace ? Chart.of(this) as ZeroTrustNamespace : undefined;
    const metricsPort = this.metrics ? this._ports.find(p => p.containerPort === this.metrics!.port)! : undefined;
    if (metricsPort && zeroTrust?.monitoring) {
      this.allowFrom(zeroTrust.monitoring, { ports: [metricsPort.name] });
    }
    if (this.admissionWebhookPort !== undefined && zeroTrust) {
      const webhookPort = this._ports.find(p => p.containerPort === this.admissionWebhookPort)!;
      if (!zeroTrust.controlPlane) {
        fail(this._description, `admissionWebhookPort ${this.admissionWebhookPort} needs the controlPlane prop of ZeroTrustNamespace '${zeroTrust.name}' (the API server calls webhooks from the control plane, which default-deny blocks); set it, e.g. controlPlane: Peer.kubeApiServer({ cidrs: ['172.18.0.2/32'] })`);
      }
      this.allowFrom(zeroTrust.controlPlane, { ports: [webhookPort.name] });
    }
    if (metricsPort && this.metrics!.serviceMonitor) {
      const endpoint = { port: metricsPort.name, path: this.metrics!.path ?? '/metrics' };
      new ApiObject(this, monitorServiceSelector ? 'ServiceMonitor' : 'PodMonitor', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: monitorServiceSelector ? 'ServiceMonitor' : 'PodMonitor',
        metadata: { name: this.name, labels },
        spec: (monitorServiceSelector
          ? { selector: { matchLabels: copyRecord(monitorServiceSelector) }, endpoints: [endpoint] }
          : { selector: { matchLabels: copyRecord(this.selector) }, podMetricsEndpoints: [endpoint] }) satisfies MonitorSpec,
      });
    }
  }

  /**
   * The pod-template settings of `WorkloadPodProps`: labels, annotations, identity. @internal
   */
  protected _podTemplateProps(): {
    podLabels: { [key: string]: string };
    annotations?: { [key: string]: string };
    serviceAccountName?: string;
    automountServiceAccountToken: boolean;
  } {
    const p = this._podProps;
    return {
      podLabels: copyRecord(p.podLabels),
      annotations: p.podAnnotations && Object.keys(p.podAnnotations).length > 0 ? copyRecord(p.podAnnotations) : undefined,
      serviceAccountName: p.serviceAccountName,
      automountServiceAccountToken: p.automountServiceAccountToken ?? false,
    };
  }

  /** The `envFrom` and `secretEnv` entries of the container. @internal */
  protected _renderEnvSources(): { envFrom?: EnvFromSourceSpec[]; secretEnv: EnvVar[] } {
    const p = this._podProps;
    return {
      envFrom: p.envFrom && p.envFrom.length > 0 ? p.envFrom.map(e => e._toKube()) : undefined,
      secretEnv: Object.entries(p.secretEnv ?? {}).map(([name, ref]) => ({
        name,
        valueFrom: { secretKeyRef: { name: ref.secretName, key: ref.key, ...(ref.optional ? { optional: true } : {}) } },
      })),
    };
  }

  /** `ExposedApp 'api'`, for messages. @internal */
  protected get _description(): string {
    return `${this._kind} '${this.name}'`;
  }

  /** The kind name used in messages (`ExposedApp`). @internal */
  protected abstract get _kind(): string;

  /** Whether the workload's pods are isolated for ingress (policies admit each client). @internal */
  protected abstract get _isolatesIngress(): boolean;

  /** The `<name>-ingress` policy, created on first use. @internal */
  public _ingress(): WorkloadPolicy {
    if (!this.ingressPolicy) {
      this.ingressPolicy = this.newPolicy('IngressPolicy', 'Ingress');
    }
    return this.ingressPolicy;
  }

  /** The `<name>-egress` policy, created on first use. @internal */
  public _egress(): WorkloadPolicy {
    if (!this.egressPolicy) {
      this.egressPolicy = this.newPolicy('EgressPolicy', 'Egress');
    }
    return this.egressPolicy;
  }

  /** Admits `peers` to every port of this workload (exposures). @internal */
  protected _admit(peers: PolicyPeer[], ports?: PolicyPort[]): void {
    this._ingress().addRule({ peers, ports: ports ?? this._policyPorts(this._servingPorts) });
  }

  /**
   * The ports clients get when they name none (exposures, `connectTo`): every port but those the
   * library added for the metrics scrapers and the API server, which only they are admitted to.
   * @internal
   */
  protected get _servingPorts(): ResolvedPort[] {
    return this._platformPorts.length === 0 ? this._ports : this._ports.filter(p => !this._platformPorts.includes(p));
  }

  /**
   * Admits `peers` to the container port behind the port named `portName` (or the first port);
   * for constructs outside the workload that route traffic to it (`IngressGateway`). @internal
   */
  public _admitFrom(peers: PolicyPeer[], portName?: string): void {
    this._admit(peers, this._policyPorts([this._port(this._description, portName)]));
  }

  /** The pod ports of `ports`, as policies see them. @internal */
  protected _policyPorts(ports: ResolvedPort[]): PolicyPort[] {
    return ports.map(p => ({ port: p.containerPort, protocol: p.protocol }));
  }

  /** The port named `name`, or the first port. @internal */
  protected _port(owner: string, name: string | undefined): ResolvedPort {
    if (name === undefined) {
      return this._ports[0];
    }
    const port = this._ports.find(p => p.name === name);
    if (!port) {
      return fail(owner, `port '${name}' is not a port of ${this._description}; its ports are ${this._ports.map(p => p.name).join(', ')}`);
    }
    return port;
  }

  /**
   * Names of env vars the container sets outside `env` (e.g. from a Secret), which connections must
   * not reuse. @internal
   */
  protected _reservedEnvNames(): string[] {
    return Object.keys(this._podProps.secretEnv ?? {});
  }

  /** The env vars of the container, props first then connections, in order. @internal */
  protected _renderEnv(): EnvVar[] | undefined {
    return this.envVars.length > 0 ? this.envVars.map(e => ({ name: e.name, value: e.value })) : undefined;
  }

  private selectPorts(owner: string, names: string[] | undefined): { policyPorts: PolicyPort[]; envPort: number } {
    const selected = names === undefined ? this._servingPorts : names.map(n => {
      validatePortName(owner, n);
      return this._port(owner, n);
    });
    if (selected.length === 0) {
      fail(owner, `ports for ${this._description} is empty; omit it to open every port`);
    }
    return { policyPorts: this._policyPorts(selected), envPort: selected[0].port };
  }

  private addConnectionEnv(name: string, value: string, targetDescription: string): void {
    if (this._reservedEnvNames().includes(name)) {
      fail(this._description, `environment variable ${name} is already set from a Secret, so connectTo(${targetDescription}) cannot set it to '${value}'; pass { env: false } to connectTo or rename the variable`);
    }
    const existing = this.envVars.find(e => e.name === name);
    if (existing) {
      if (existing.value === value) {
        return;
      }
      fail(this._description, `environment variable ${name} is already '${existing.value}', so connectTo(${targetDescription}) cannot set it to '${value}'; pass { env: false } to connectTo or rename the variable`);
    }
    this.envVars.push({ name, value });
    touch();
  }

  private newPolicy(id: string, direction: 'Ingress' | 'Egress'): WorkloadPolicy {
    const name = `${this.name}-${direction.toLowerCase()}`;
    Registry.of(this).claim(`NetworkPolicy ${this.namespace}/${name}`, this._description, this);
    const chart = Chart.of(this);
    return new WorkloadPolicy(this, id, {
      name,
      direction,
      podSelector: this.selector,
      labels: policyLabels(this.name),
      clusterCidrs: ZeroTrustNamespace.isZeroTrustNamespace(chart) ? chart.clusterCidrs : [],
    });
  }
}

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** Checks the shared pod props of a workload; returns them unchanged. */
/** The labels `standardLabels` gives every pod besides the selector labels. */
const LIBRARY_POD_LABELS = ['app.kubernetes.io/component', 'app.kubernetes.io/managed-by'];

function checkPodProps(
  owner: string, props: WorkloadPodProps, selector: { [key: string]: string }, envNames: string[],
): WorkloadPodProps {
  if (props.podLabels !== undefined) {
    validateLabels(owner, 'podLabels', props.podLabels);
    for (const [key, value] of Object.entries(props.podLabels)) {
      if (key in selector && selector[key] !== value) {
        fail(owner, `podLabels ${key}=${value} would replace the selector label ${key}=${selector[key]}; pod labels are added to the selector labels, never replace them — choose another key`);
      }
      if (LIBRARY_POD_LABELS.includes(key)) {
        fail(owner, `podLabels ${key}=${value} would replace the label ${key} the library sets on every pod it writes; pod labels are added to the library's labels, never replace them — choose another key`);
      }
    }
  }
  if (props.podAnnotations !== undefined) {
    validateAnnotations(owner, 'podAnnotations', props.podAnnotations);
  }
  if (props.serviceAccountName !== undefined && (typeof props.serviceAccountName !== 'string' || !isObjectName(props.serviceAccountName))) {
    fail(owner, `serviceAccountName ${JSON.stringify(props.serviceAccountName)} is not a valid ServiceAccount name (a lowercase DNS-1123 subdomain)`);
  }
  for (const [name, ref] of Object.entries(props.secretEnv ?? {})) {
    validateEnvName(owner, name, 'secretEnv');
    if (envNames.includes(name)) {
      fail(owner, `environment variable ${name} is set both in env and in secretEnv; keep one`);
    }
    if (ref === null || typeof ref !== 'object' || typeof ref.secretName !== 'string' || !isObjectName(ref.secretName)) {
      fail(owner, `secretEnv ${name}: secretName ${JSON.stringify(ref?.secretName)} is not a valid Secret name (a lowercase DNS-1123 subdomain)`);
    }
    if (typeof ref.key !== 'string' || ref.key.length > 253 || !SECRET_KEY.test(ref.key)) {
      fail(owner, `secretEnv ${name}: key ${JSON.stringify(ref.key)} is not a Secret key (letters, digits, '-', '_' and '.')`);
    }
  }
  if (props.metrics !== undefined) {
    const metrics = props.metrics;
    if (metrics === null || typeof metrics !== 'object') {
      fail(owner, `metrics must be an object { port, path?, serviceMonitor? }, got ${JSON.stringify(metrics)}`);
    }
    // A valid port that no port of the workload has was added by addPlatformPorts already.
    validatePort(owner, 'metrics.port', metrics.port);
    if (metrics.path !== undefined) {
      validatePath(owner, metrics.path);
    }
    if (metrics.serviceMonitor !== undefined && typeof metrics.serviceMonitor !== 'boolean') {
      fail(owner, `metrics.serviceMonitor must be true or false, got ${JSON.stringify(metrics.serviceMonitor)}`);
    }
  }
  if (props.admissionWebhookPort !== undefined) {
    validatePort(owner, 'admissionWebhookPort', props.admissionWebhookPort);
  }
  return props;
}
