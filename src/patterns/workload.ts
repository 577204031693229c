import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { envPrefix, selectorLabels } from '../_names';
import { fail, validateEnvName, validatePortName } from '../_validate';
import { registerTarget, targetBehaviour } from './_connect';
import { checkOptions } from './_inputs';
import { podPeer, policyLabels, PolicyPeer, PolicyPort, WorkloadPolicy } from './_policy';
import { Registry, touch } from './_registry';
import { ConnectOptions, IConnectionTarget } from './connection';
import { ZeroTrustNamespace } from './zero-trust-namespace';

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
   * Environment variables of the main container.
   *
   * @default - none
   */
  readonly env?: { [name: string]: string };
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
 * `<name>-egress`) that grow as connections are declared, and `connectTo`.
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

  /** The in-cluster DNS name clients use (`<TARGET>_HOST`). */
  public abstract readonly connectionHost: string;
  /** The port clients connect to (`<TARGET>_PORT`). */
  public abstract readonly connectionPort: number;

  /** @internal */
  protected readonly _ports: ResolvedPort[];
  private readonly envVars: Array<{ name: string; value: string }> = [];
  private ingressPolicy?: WorkloadPolicy;
  private egressPolicy?: WorkloadPolicy;

  protected constructor(scope: Construct, id: string, props: WorkloadProps) {
    super(scope, id);
    this.name = props.name;
    const chart = Chart.of(this);
    this.namespace = chart.namespace ?? 'default';
    this.inZeroTrustNamespace = ZeroTrustNamespace.isZeroTrustNamespace(chart);
    this.selector = selectorLabels(props.name);
    this._ports = props.ports.map(p => ({
      name: p.name,
      port: p.port,
      containerPort: p.containerPort ?? p.port,
      protocol: p.protocol ?? Protocol.TCP,
    }));
    for (const [name, value] of Object.entries(props.env ?? {})) {
      validateEnvName(this._description, name);
      this.envVars.push({ name, value });
    }
    Registry.of(this).claim(`Service ${this.namespace}/${this.name}`, this._description, this);

    registerTarget(this, {
      description: this._description,
      namespace: this.namespace,
      selectPorts: (owner, names) => this.selectPorts(owner, names),
      egressPeers: sourceNamespace => [podPeer(this.selector, this.namespace, sourceNamespace)],
      admit: (peer, ports) => {
        if (this._isolatesIngress) {
          this._ingress().addRule({ peers: [peer(this.namespace)], ports });
        }
      },
    });
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
   * - across namespaces the peer is a namespaceSelector on `kubernetes.io/metadata.name` AND a
   *   podSelector, in one peer element;
   * - `<TARGET>_HOST` / `<TARGET>_PORT` environment variables unless `options.env` is false.
   *
   * Connecting the same pair twice is idempotent.
   */
  public connectTo(target: IConnectionTarget, options: ConnectOptions = {}): void {
    const owner = this._description;
    checkOptions('connectTo', options, owner);
    if ((target as unknown) === this) {
      fail(owner, 'cannot connectTo itself; replicas of one workload reach each other only where the pattern allows it (StatefulDatabase)');
    }
    const behaviour = targetBehaviour(owner, target);
    if (options.egressCidrs !== undefined && options.egressCidrs.length === 0) {
      fail(owner, `egressCidrs for ${behaviour.description} is empty, which would open nothing; omit it for the public internet or list the provider's CIDRs`);
    }
    const { policyPorts, envPort } = behaviour.selectPorts(owner, options.ports);

    if (this.inZeroTrustNamespace) {
      const peers = behaviour.egressPeers(this.namespace, options.egressCidrs, owner);
      this._egress().addRule({ peers, ports: policyPorts });
    }
    behaviour.admit(targetNamespace => podPeer(this.selector, this.namespace, targetNamespace), policyPorts);

    if (options.env ?? true) {
      const prefix = envPrefix(target.connectionName);
      this.addConnectionEnv(`${prefix}_HOST`, target.connectionHost, behaviour.description);
      this.addConnectionEnv(`${prefix}_PORT`, String(envPort), behaviour.description);
    }
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
    this._ingress().addRule({ peers, ports: ports ?? this._policyPorts(this._ports) });
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
    return [];
  }

  /** The env vars of the container, props first then connections, in order. @internal */
  protected _renderEnv(): any[] | undefined {
    return this.envVars.length > 0 ? this.envVars.map(e => ({ name: e.name, value: e.value })) : undefined;
  }

  private selectPorts(owner: string, names: string[] | undefined): { policyPorts: PolicyPort[]; envPort: number } {
    const selected = names === undefined ? this._ports : names.map(n => {
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
    return new WorkloadPolicy(this, id, {
      name,
      direction,
      podSelector: this.selector,
      labels: policyLabels(this.name),
    });
  }
}
