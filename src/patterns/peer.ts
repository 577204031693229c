import { Chart } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { checkArg, required, str, strings } from '../_check';
import { envPrefix, NAMESPACE_NAME_LABEL } from '../_names';
import { fail, validateCidr, validateDns1123Label, validatePort } from '../_validate';
import { checkOptions } from './_inputs';
import type { LabelSelector } from './_k8s-types';
import { loadKplus } from './_kplus';
import { validateLabels } from './_labels';
import { PeerKind, ResolvedPeer } from './_peers';
import { cidrPeer, podPeer } from './_policy';
import { resolveAppPorts } from './_ports';
import { IConnectable } from './connection';
import { AppPort, Protocol, ResolvedPort } from './workload';
import { copyRecord } from '../_collections';

/**
 * Options of {@link Peer.pods}: pods the library did not create (a Helm release, an operator).
 */
export interface PodsPeerOptions {
  /**
   * A name for the pods (a DNS-1123 label). Their own NetworkPolicies, written when they live in a
   * `ZeroTrustNamespace` of this App, are `<name>-ingress` / `<name>-egress`; `<NAME>_HOST` /
   * `<NAME>_PORT` derive from it.
   */
  readonly name: string;

  /**
   * Labels of the pods (at least one): the podSelector of every rule that names them, e.g.
   * `{ 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'cache' }`.
   */
  readonly podLabels: { [key: string]: string };

  /**
   * The namespace the pods run in.
   *
   * @default - the namespace of the workload the peer is connected to
   */
  readonly namespace?: string;

  /**
   * The pods' ports. `connectTo` opens them (or those named in its `ports`); without ports only
   * `allowFrom` works (the ports are then the app's own).
   *
   * @default - none
   */
  readonly ports?: AppPort[];

  /**
   * The Service in front of the pods. With it, `connectTo` injects `<NAME>_HOST` (the Service's
   * FQDN) and `<NAME>_PORT` (the Service port of the first port connected).
   *
   * @default - no Service: no environment variables
   */
  readonly serviceName?: string;
}

/**
 * The ports of a peer given by numbers: every pod of a namespace, or addresses outside the cluster.
 */
export interface PeerPortOptions {
  /**
   * The ports `connectTo` opens to the peer, named `<protocol>-<port>` (e.g. `tcp-9090`) for
   * `ConnectOptions.ports`. `allowFrom` opens the app's own ports instead.
   *
   * @default - none: only `allowFrom` works
   */
  readonly ports?: number[];

  /**
   * The protocol of `ports`.
   *
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/**
 * Options of {@link Peer.namespace}.
 */
export interface NamespacePeerOptions extends PeerPortOptions {}

/**
 * Options of {@link Peer.namespaces}.
 */
export interface NamespacesPeerOptions extends PeerPortOptions {
  /** Labels the namespaces carry (at least one), e.g. `{ 'team': 'platform' }`. */
  readonly labels: { [key: string]: string };
}

/**
 * Options of {@link Peer.addresses}.
 */
export interface AddressesPeerOptions extends PeerPortOptions {}

/**
 * Options of {@link Peer.kubeApiServer}.
 */
export interface KubeApiServerPeerOptions {
  /**
   * The API server's endpoint addresses as CIDRs (`kubectl get endpointslices -n default -l
   * kubernetes.io/service-name=kubernetes`, e.g. `['172.18.0.2/32']`, or the control plane's
   * subnet). Required: the API server runs on the host network, where only an ipBlock matches it.
   */
  readonly cidrs: string[];

  /**
   * The ports of the API server endpoints. The `kubernetes` Service listens on 443 and forwards to
   * the endpoints' port (6443 on kubeadm, kind and k3s; 443 on most managed control planes);
   * NetworkPolicies see the endpoint's port after the Service translation, so both are open by
   * default.
   *
   * @default [443, 6443]
   */
  readonly ports?: number[];
}

const KUBE_API_DEFAULT_PORTS = [443, 6443];

/**
 * Workloads and addresses the library did not create, for `connectTo` and `allowFrom`.
 *
 * A peer is a NetworkPolicy peer with the ports it serves: pods selected by labels (a Helm
 * release, an operator, a cdk8s-plus workload), every pod of one or more namespaces, or addresses
 * outside the cluster (including the Kubernetes API server, which runs on the host network where
 * only an ipBlock matches it).
 *
 * Security considerations: a peer opens only what is asked for — `connectTo(peer)` its ports (or
 * those named), `allowFrom(peer)` the app's ports (or those named). When the peer's pods live in a
 * `ZeroTrustNamespace` of the same App, the peer gets the matching rule on its side too, in
 * policies named after it (`<name>-ingress` / `<name>-egress`).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
 * @example
 * const redis = Peer.pods({ name: 'redis', podLabels: { 'app.kubernetes.io/name': 'redis' },
 *   ports: [{ name: 'redis', port: 6379 }], serviceName: 'redis-master' });
 * api.connectTo(redis);
 * api.allowFrom(Peer.namespace('monitoring'), { ports: ['metrics'] });
 */
export class Peer implements IConnectable {
  /**
   * Pods the library did not create, selected by labels (e.g. a Helm-installed Redis).
   */
  public static pods(options: PodsPeerOptions): Peer {
    const owner = 'Peer.pods';
    checkOptions(owner, options);
    validateDns1123Label(owner, 'name', options.name);
    const who = `Peer.pods '${options.name}'`;
    if (options.podLabels === undefined || options.podLabels === null || Object.keys(options.podLabels).length === 0) {
      fail(who, `podLabels is empty, got ${JSON.stringify(options.podLabels)}; give the labels of the pods (an empty selector would select every pod of the namespace: use Peer.namespace for that)`);
    }
    validateLabels(who, 'podLabels', options.podLabels);
    if (options.namespace !== undefined) {
      validateDns1123Label(who, 'namespace', options.namespace);
    }
    if (options.serviceName !== undefined) {
      validateDns1123Label(who, 'serviceName', options.serviceName);
      if (/^[0-9]/.test(options.name)) {
        // Environment variable names may not start with a digit (the API server refuses the Pod).
        fail(who, `name '${options.name}' starts with a digit, so connectTo's ${envPrefix(options.name)}_HOST / _PORT would not be valid environment variable names; start the name with a letter`);
      }
    }
    const ports = resolveAppPorts(who, options.ports ?? []);
    if (options.serviceName !== undefined && ports.length === 0) {
      fail(who, `serviceName '${options.serviceName}' needs ports, got none; list the Service's ports so <NAME>_PORT and the rules can name them`);
    }
    return new Peer(PeerKind.PODS, options.name, {
      namespace: options.namespace,
      podLabels: copyRecord(options.podLabels),
      ports,
      serviceName: options.serviceName,
    });
  }

  /**
   * A cdk8s-plus-28 workload or pod (Deployment, StatefulSet, DaemonSet, Job, Pod): its selector,
   * namespace and container ports, as they are when the peer is connected. Its name is the
   * object's `metadata.name` (give it one, e.g. `metadata: { name: 'web' }`, so its own policies
   * are readable).
   *
   * A cdk8s-plus workload in a `ZeroTrustNamespace` with `podSecurity` restricted must meet the
   * restricted profile: the namespace adds what cdk8s-plus leaves out (seccomp RuntimeDefault,
   * capabilities dropped) and fails synthesis naming whatever else is missing.
   */
  public static workload(workload: kplus.AbstractPod): Peer {
    const owner = 'Peer.workload';
    if (!(workload instanceof loadKplus().AbstractPod)) {
      fail(owner, `workload must be a cdk8s-plus-28 Deployment, StatefulSet, DaemonSet, Job or Pod, got ${describeValue(workload)}; use Peer.pods for pods selected by labels`);
    }
    return new Peer(PeerKind.WORKLOAD, workload.name, { workload });
  }

  /**
   * Every pod of one namespace (namespaceSelector on `kubernetes.io/metadata.name`). `allowFrom`
   * admits them to the app's ports; `connectTo` needs `ports` (e.g. `Peer.namespace('monitoring',
   * { ports: [9090] })`), since a namespace declares none.
   */
  public static namespace(name: string, options: NamespacePeerOptions = {}): Peer {
    const owner = 'Peer.namespace';
    checkArg(owner, 'name', name, required(str()));
    validateDns1123Label(owner, 'name', name);
    checkOptions(owner, options);
    const ports = numberedPorts(owner, options.ports ?? [], options.protocol ?? Protocol.TCP);
    return new Peer(PeerKind.NAMESPACE, name, { namespace: name, podLabels: {}, ports });
  }

  /**
   * Every pod of the namespaces carrying `labels` (a namespaceSelector). `connectTo` needs
   * `ports`, as for {@link Peer.namespace}.
   */
  public static namespaces(options: NamespacesPeerOptions): Peer {
    const owner = 'Peer.namespaces';
    checkOptions(owner, options);
    if (Object.keys(options.labels).length === 0) {
      fail(owner, `labels is empty, got ${JSON.stringify(options?.labels)}; give the labels of the namespaces (an empty selector would select every namespace)`);
    }
    validateLabels(owner, 'labels', options.labels);
    const name = Object.entries(options.labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',');
    const ports = numberedPorts(owner, options.ports ?? [], options.protocol ?? Protocol.TCP);
    return new Peer(PeerKind.NAMESPACES, name, { namespaceLabels: copyRecord(options.labels), ports });
  }

  /**
   * Addresses outside the cluster (IPv4 and/or IPv6 CIDRs), e.g. an office network admitted with
   * `allowFrom`, or a partner range reached with `connectTo` (then give `ports`).
   */
  public static addresses(cidrs: string[], options: AddressesPeerOptions = {}): Peer {
    const owner = 'Peer.addresses';
    checkArg(owner, 'cidrs', cidrs, required(strings()));
    checkOptions(owner, options);
    const checked = validateCidrList(owner, cidrs);
    const protocol = options.protocol ?? Protocol.TCP;
    const ports = numberedPorts(owner, options.ports ?? [], protocol);
    return new Peer(PeerKind.ADDRESSES, checked.join(','), { cidrs: checked, ports });
  }

  /**
   * The Kubernetes API server: its endpoint addresses (host network: only an ipBlock can match
   * it) on 443 and 6443. For controllers and operators: `operator.connectTo(Peer.kubeApiServer(
   * { cidrs: ['172.18.0.2/32'] }))`; the pod also needs `automountServiceAccountToken: true`.
   *
   * @see https://kubernetes.io/docs/tasks/run-application/access-api-from-pod/
   */
  public static kubeApiServer(options: KubeApiServerPeerOptions): Peer {
    const owner = 'Peer.kubeApiServer';
    checkOptions(owner, options);
    const checked = validateCidrList(owner, options.cidrs);
    const ports = numberedPorts(owner, options.ports ?? KUBE_API_DEFAULT_PORTS, Protocol.TCP);
    return new Peer(PeerKind.KUBE_API_SERVER, 'kube-apiserver', { cidrs: checked, ports });
  }

  /** The peer's name: its own policies are `<name>-ingress` / `<name>-egress`. */
  public readonly name: string;
  /** @internal */
  public readonly _kind: PeerKind;
  private readonly props: {
    readonly namespace?: string;
    readonly podLabels?: { [key: string]: string };
    readonly namespaceLabels?: { [key: string]: string };
    readonly cidrs?: string[];
    readonly ports?: ResolvedPort[];
    readonly serviceName?: string;
    readonly workload?: kplus.AbstractPod;
  };

  private constructor(kind: PeerKind, name: string, props: Peer['props']) {
    this._kind = kind;
    this.name = name;
    this.props = props;
  }

  /** The peer's name; `connectTo` derives `<NAME>_HOST` / `<NAME>_PORT` from it. */
  public get connectionName(): string {
    return this.name;
  }

  /** The Service in front of the peer's pods, if it names one. */
  public get serviceName(): string | undefined {
    return this.props.serviceName;
  }

  /**
   * The peer as seen from a workload in `namespace`: its namespace, labels, ports and policy peer.
   * @internal
   */
  public _resolve(namespace: string, from?: IConstruct): ResolvedPeer {
    const p = this.props;
    if (from !== undefined && p.workload !== undefined && p.workload.node.root !== from.node.root) {
      // Its own side (`<name>-ingress` / `-egress`) belongs to another App's synthesis.
      fail(`Peer.workload '${this.name}'`, `the workload is in another App (at ${p.workload.node.path}), whose policies this App does not write, so its side of the connection would stay closed; use Peer.pods with its namespace and labels, and open its side in that App`);
    }
    switch (this._kind) {
      case PeerKind.PODS:
      case PeerKind.WORKLOAD: {
        const pods = this._kind === PeerKind.WORKLOAD ? workloadPods(p.workload!) : {
          namespace: p.namespace ?? namespace,
          podLabels: p.podLabels!,
          ports: p.ports!,
        };
        return {
          name: this.name,
          description: this._kind === PeerKind.WORKLOAD ? `Peer.workload '${this.name}'` : `Peer.pods '${this.name}'`,
          key: `pods:${pods.namespace}/${selectionKey(pods.podLabels)}`,
          namespace: pods.namespace,
          podLabels: pods.podLabels,
          cidrs: [],
          ports: pods.ports,
          serviceName: p.serviceName,
          assume: this._kind === PeerKind.PODS,
          policyPeer: policyNamespace => [podPeer(pods.podLabels, pods.namespace, policyNamespace)],
        };
      }
      case PeerKind.NAMESPACE:
        return {
          name: this.name,
          description: `Peer.namespace '${this.name}'`,
          key: `namespace:${this.name}`,
          namespace: this.name,
          podLabels: {},
          cidrs: [],
          ports: p.ports ?? [],
          assume: false,
          policyPeer: () => [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: this.name } } }],
        };
      case PeerKind.NAMESPACES:
        return {
          name: this.name,
          description: `Peer.namespaces '${this.name}'`,
          key: `namespaces:${selectionKey(p.namespaceLabels!)}`,
          namespaceLabels: p.namespaceLabels,
          cidrs: [],
          ports: p.ports ?? [],
          assume: false,
          policyPeer: () => [{ namespaceSelector: { matchLabels: copyRecord(p.namespaceLabels!) } }],
        };
      default:
        return {
          name: this.name,
          description: this._kind === PeerKind.KUBE_API_SERVER ? 'Peer.kubeApiServer' : `Peer.addresses '${this.name}'`,
          key: `${this._kind}:${[...p.cidrs!].sort().join(',')}`,
          cidrs: p.cidrs!,
          ports: p.ports!,
          assume: false,
          policyPeer: () => p.cidrs!.map(c => cidrPeer(c)),
        };
    }
  }
}

/**
 * What a peer selects, as a key: connections are merged per selection, not per peer name — two
 * peers of one name that select other pods or addresses (two `Peer.kubeApiServer` endpoints, two
 * `Peer.pods` called `cache`) keep rules of their own.
 */
function selectionKey(labels: { [key: string]: string }): string {
  return JSON.stringify(Object.keys(labels).sort().map(k => [k, labels[k]]));
}

/** The pods of a cdk8s-plus workload: selector, namespace and container ports. */
function workloadPods(workload: kplus.AbstractPod): { namespace: string; podLabels: { [key: string]: string }; ports: ResolvedPort[] } {
  const who = `Peer.workload '${workload.name}'`;
  // A controller's own selector (`workload.select(...)`, or cdk8s-plus's construct-path label by
  // default); a bare Pod's pod-selector label.
  // A Job's (and a CronJob's) selector is generated by the API server, and cdk8s-plus writes
  // neither its select(...) labels nor a selector: then its pods' address label, as for a Pod.
  const { Deployment, StatefulSet, DaemonSet } = loadKplus();
  const controller = workload instanceof Deployment || workload instanceof StatefulSet || workload instanceof DaemonSet;
  const own = controller && Object.keys((workload as kplus.Workload).matchLabels).length > 0;
  if (workload.hostNetwork === true) {
    // "the most common implementation" leaves host-network pods out of pod selectors: a policy
    // naming them by labels would neither open nor close anything for them.
    fail(who, 'runs on the host network (hostNetwork: true), where NetworkPolicy pod selectors do not reliably match its pods; use Peer.addresses with the nodes\' CIDRs');
  }
  const selector: { matchLabels?: { [key: string]: string }; matchExpressions?: unknown[] } = own
    ? { matchLabels: (workload as kplus.Workload).matchLabels, matchExpressions: (workload as kplus.Workload).matchExpressions }
    : (workload.toPodSelectorConfig().labelSelector as unknown as { _toKube(): LabelSelector | undefined })._toKube() ?? {};
  if (selector.matchExpressions && selector.matchExpressions.length > 0) {
    fail(who, `its selector has matchExpressions ${JSON.stringify(selector.matchExpressions)}, which the library's policies do not write; select by labels, or use Peer.pods`);
  }
  if (!own && controller) {
    // "selector ... must match the pod template's labels"; an empty one is refused for apps/v1.
    fail(who, `its selector is empty (select: false and no select(...) call), which the API server refuses for a ${workload.constructor.name}; call select(LabelSelector.of({ labels })) with its pod labels, or leave select on`);
  }
  const podLabels = copyRecord(selector.matchLabels);
  if (Object.keys(podLabels).length === 0) {
    fail(who, 'has no selector labels; give it some (workload.select or podMetadata labels) or use Peer.pods');
  }
  const namespace = workload.metadata.namespace ?? Chart.of(workload).namespace ?? 'default';
  const ports: ResolvedPort[] = [];
  for (const container of workload.containers) {
    for (const port of container.ports ?? []) {
      const protocol = (port.protocol as unknown as Protocol | undefined) ?? Protocol.TCP;
      ports.push({
        name: port.name ?? `${protocol.toLowerCase()}-${port.number}`,
        port: port.number,
        containerPort: port.number,
        protocol,
      });
    }
  }
  return { namespace, podLabels, ports };
}

function numberedPorts(owner: string, ports: number[], protocol: Protocol): ResolvedPort[] {
  if (!Array.isArray(ports)) {
    fail(owner, `ports must be a list of port numbers, got ${describeValue(ports)}`);
  }
  const seen = new Set<number>();
  return ports.map(port => {
    validatePort(owner, 'port', port);
    if (seen.has(port)) {
      fail(owner, `port ${port} is listed twice`);
    }
    seen.add(port);
    return { name: `${protocol.toLowerCase()}-${port}`, port, containerPort: port, protocol };
  });
}

function validateCidrList(owner: string, cidrs: string[]): string[] {
  if (!Array.isArray(cidrs) || cidrs.length === 0) {
    fail(owner, `cidrs must be a non-empty list of CIDR blocks, got ${describeValue(cidrs)}; e.g. ['203.0.113.0/24']`);
  }
  for (const cidr of cidrs) {
    if (typeof cidr !== 'string') {
      fail(owner, `cidr must be a string such as '203.0.113.0/24', got ${describeValue(cidr)}`);
    }
    validateCidr(owner, 'cidr', cidr);
  }
  return [...cidrs];
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `the string '${value}'`;
  if (Array.isArray(value)) return `[${value.map(v => String(v)).join(', ')}]`;
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'a plain object';
  }
  return String(value);
}
