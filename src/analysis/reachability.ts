import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { describeRanges } from './_address-text';
import { CompiledPolicy } from './_compile';
import { checkArg, checkProps, DIAGRAM_OPTIONS, instance, REACHABILITY_OPTIONS, required, show } from '../_check';
import { ConnectionSet } from './_connections';
import { connectionLine, ConnectionRecord, connectionRecords, UNKNOWN_INGRESS_CONTROLLER, UNKNOWN_INGRESS_CONTROLLER_POD } from './_connlist';
import { diffConnections, diffExposure, recordRenames, renameRecords, rolloutRenames } from './_diff';
import { Endpoint, Engine, FlowRecord } from './_evaluate';
import { explainOutside, planExplain, Question } from './_explain';
import { admittedFromPod, EntryPath, exposure, ExposureInput, reachedFromUnlistedNamespaces } from './_exposure';
import { declaredDataPlanes, gatewayApiModel, routePaths } from './_gateway';
import { ingressPaths } from './_ingress-paths';
import { IpBlock, parseAddress, parseCidr } from './_ipblock';
import { ConnectionMatrix } from './_matrix';
import { buildModel, compare, Model, policyCompilerFor, workloadLabel, WorkloadModel } from './_model';
import { AddressRange, cutPoints, everything, Family, formatAddress, ipBlockRanges, OutsideCuts } from './_outside';
import { mergePorts, outsideEdges, PictureEdge, PictureNode, pictureView, PictureView } from './_picture';
import { isPortNumber, isProtocol, Protocol } from './_ports';
import { checkMarkdownSize, ExplainedEnd, OutsideCells, renderExplanation, renderMarkdown } from './_render';
import { renderDotView, renderMermaidView } from './_render-diagram';
import { renderTieredExplanation } from './_render-tiers';
import { readServices, ServiceModel } from './_services';
import { didYouMean } from './_suggest';
import { TieredMatrix } from './_tier-matrix';
import { compileAdminPolicies, Tiers } from './_tiers';
import { lookupWorkload } from './_workload-names';
import { ConnectionDiff } from './connection-diff';
import { ExposureReport } from './exposure';
import { pushTo } from '../_collections';
import { hostnamesIntersect } from '../_vocabulary';
import { absentWorkloads, annotatedAbsentWorkloads, mergeWorkloads } from '../lint/_annotations';

/**
 * Options for `Reachability`: which workloads the cluster is assumed to run besides the manifests.
 *
 * Policies are usually written against pods the manifests do not hold — the cluster DNS, the
 * ingress controller, cert-manager's solver pods. Assumed workloads make those connections
 * visible; each one is a workload like any other (it appears in `workloads` and in flows).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name
 */
export interface ReachabilityOptions {
  /**
   * Assume the cluster DNS: CoreDNS pods labelled `k8s-app=kube-dns` in namespace `kube-system`,
   * workload `kube-system/coredns`, container ports 53/UDP (`dns`) and 53/TCP (`dns-tcp`) —
   * unless the manifests already hold a workload in `kube-system` whose pods carry
   * `k8s-app=kube-dns`.
   *
   * @default true
   */
  readonly assumeDns?: boolean;

  /**
   * Assume the ingress-nginx controller when the manifests hold any Ingress: workload
   * `ingress-nginx/ingress-nginx-controller` in namespace `ingress-nginx`, pod labels
   * `app.kubernetes.io/name=ingress-nginx` and `app.kubernetes.io/component=controller`, container
   * ports 80/TCP (`http`) and 443/TCP (`https`) — unless the manifests already hold a workload
   * whose pods carry both labels, in any namespace (a chart installed under a namespace of one's own).
   *
   * @default true
   */
  readonly assumeIngressController?: boolean;

  /**
   * Assume cert-manager's ACME HTTP-01 solver pod in every namespace holding an Ingress annotated
   * `cert-manager.io/cluster-issuer` or `cert-manager.io/issuer`: workload
   * `<namespace>/cm-acme-http-solver`, pod label `acme.cert-manager.io/http01-solver=true`,
   * container port 8089/TCP (`http`) — unless that namespace already holds a workload whose pods
   * carry the label. The ingress controller must reach it, or certificates never issue.
   *
   * @default true
   */
  readonly assumeAcmeSolvers?: boolean;

  /**
   * More workloads the manifests do not hold, e.g. a Gateway implementation's proxies or a
   * monitoring agent installed by another team.
   *
   * @default - none
   */
  readonly extraWorkloads?: AssumedWorkload[];

  /**
   * The cluster's pod CIDRs, for network plugins that also match pod IPs against ipBlock peers.
   *
   * The NetworkPolicy specification leaves it open whether an ipBlock matches traffic between
   * pods ("cluster-external" addresses are what ipBlocks are meant for, but "cluster ingress and
   * egress mechanisms often require rewriting the source or destination IP of packets"), and
   * plugins differ: some (Calico among them) also match the IP of a pod against an ipBlock, so a
   * rule `ipBlock: { cidr: 0.0.0.0/0 }` then admits in-cluster pods too. Given the pod CIDRs, the
   * analysis models that: an ipBlock (cidr minus except) that holds the whole of one of these
   * CIDRs matches every pod, in any namespace. A block that holds only part of a pod CIDR would
   * match some pods and not others (it depends on addresses the manifests do not hold); it is
   * counted as matching none.
   *
   * @default - ipBlocks never match pods: traffic between pods is decided by pod and namespace selectors only
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource
   */
  readonly podCidrs?: string[];

  /**
   * List IPv6 address ranges among the outside endpoints of `connections()`.
   *
   * @default - IPv6 ranges are listed when some NetworkPolicy ipBlock or AdminNetworkPolicy networks peer in effect (in a direction the policy's types include) is an IPv6 CIDR (a dual-stack cluster); otherwise the outside world is IPv4 only
   */
  readonly outsideIpv6?: boolean;
}

/**
 * A workload the cluster runs that the manifests do not hold.
 *
 * Its pods are matched by podSelectors through `podLabels` and by namespaceSelectors through the
 * labels of `namespace`; named ports in rules resolve on its `ports`.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/
 */
export interface AssumedWorkload {
  /**
   * The namespace the pods run in.
   */
  readonly namespace: string;

  /**
   * The workload name; the workload is known as `namespace/name`.
   */
  readonly name: string;

  /**
   * The labels of its pods, matched by podSelectors.
   */
  readonly podLabels: { [key: string]: string };

  /**
   * Labels of its namespace, matched by namespaceSelectors, added to those of a Namespace object
   * in the manifests (a contradicting value is an error). `kubernetes.io/metadata.name` is always
   * set.
   *
   * @default - only the labels the manifests give the namespace
   */
  readonly namespaceLabels?: { [key: string]: string };

  /**
   * The container ports its pods declare (used for named ports and for flows).
   *
   * @default - no declared ports: the workload receives no flows, though `canReach` still answers
   */
  readonly ports?: WorkloadPort[];
}

/**
 * A container port a workload declares.
 *
 * Named ports in NetworkPolicy rules resolve against `name` and `protocol`; flows list the
 * declared ports that are allowed.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports
 */
export interface WorkloadPort {
  /**
   * The port number, 1-65535.
   */
  readonly port: number;

  /**
   * TCP, UDP or SCTP.
   *
   * @default 'TCP'
   */
  readonly protocol?: string;

  /**
   * The port name, which named ports in NetworkPolicy rules resolve against.
   *
   * @default - unnamed
   */
  readonly name?: string;
}

/**
 * What a picture of the analysis shows (`toMermaid`, `toDot`, `toMarkdown`).
 *
 * By default a picture is the whole cluster with the edges of assumed platform workloads (the
 * cluster DNS, the ingress controller, cert-manager's solvers, `extraWorkloads`) collapsed into
 * one legend line: every workload talks to CoreDNS, and drawing it buries the edges a reviewer
 * looks for.
 *
 * @see https://mermaid.js.org/syntax/flowchart.html
 */
export interface DiagramOptions {
  /**
   * Draw the assumed platform workloads and their edges (Mermaid and DOT) instead of one legend
   * line. The Markdown matrix always has their rows and columns.
   *
   * @default false
   */
  readonly showAssumed?: boolean;

  /**
   * Draw only this workload (`namespace/name`) and its neighbourhood: the edges from and to it
   * and the workloads and outside ranges at their other ends. Focusing on an assumed workload
   * draws its edges.
   *
   * @default - the whole cluster
   */
  readonly focus?: string;
}

/**
 * An allowed connection from one workload to a declared container port of another (or itself).
 *
 * Allowed means the source's egress and the destination's ingress both allow it.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export interface Flow {
  /**
   * The source workload, `namespace/name`.
   */
  readonly from: string;

  /**
   * The destination workload, `namespace/name`.
   */
  readonly to: string;

  /**
   * The destination container port.
   */
  readonly port: number;

  /**
   * TCP, UDP or SCTP.
   */
  readonly protocol: string;
}

/**
 * One line of the connectivity list: what one endpoint may open to another, over every protocol
 * and port.
 *
 * Endpoints are workloads, `namespace/name[Kind]`, address ranges outside the cluster,
 * `first-last` (`0.0.0.0-9.255.255.255`, `::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff`), and
 * `{ingress-controller}`, an ingress controller the analysis does not know (see
 * `Reachability.connections`); a workload name always holds `/`, a range and
 * `{ingress-controller}` never do. `conn` is `All Connections` or the allowed
 * ports per protocol, protocols in alphabetical order: `SCTP 9003,TCP 80,8080-8090,UDP 53`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export interface Connection {
  /**
   * The source: `namespace/name[Kind]`, an outside address range, or `{ingress-controller}`.
   */
  readonly from: string;

  /**
   * The destination: `namespace/name[Kind]` or an outside address range.
   */
  readonly to: string;

  /**
   * What is allowed: `All Connections`, or e.g. `TCP 80,8080-8090,UDP 53`.
   */
  readonly conn: string;
}

/**
 * The machine-readable result of an analysis (`Reachability.toJson()`).
 *
 * The workloads, the allowed flows to declared container ports, and the connections over every
 * port (outside ranges included), each sorted, so that two analyses of the same manifests give
 * byte-identical JSON.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export interface ReachabilityReport {
  /**
   * Every workload, `namespace/name`, sorted.
   */
  readonly workloads: string[];

  /**
   * Every allowed flow, sorted by from, to, port, protocol.
   */
  readonly flows: Flow[];

  /**
   * Every allowed connection over every protocol and port, as `connections()` lists it (one
   * entry per line, same order), with outside address ranges as endpoints.
   */
  readonly connections: Connection[];
}

/**
 * One way in from outside the cluster through the Gateway API: a Gateway listener, a route
 * attached to it, the backend Service and a workload the Service selects, with the verdicts of the
 * NetworkPolicies on the two hops that pass through pods (client → proxy, proxy → app).
 *
 * @see https://gateway-api.sigs.k8s.io/concepts/api-overview/
 */
export interface GatewayRoutePath {
  /** The Gateway, `namespace/name`. */
  readonly gateway: string;
  /** The listener name. */
  readonly listener: string;
  /** The listener port clients use. */
  readonly listenerPort: number;
  /** The route, `Kind/namespace/name`. */
  readonly route: string;
  /** The route's hostnames. */
  readonly hostnames: string[];
  /** The backend Service, `namespace/name`. */
  readonly service: string;
  /** The Service port the route names. */
  readonly servicePort: number;
  /** The workload behind the Service, `namespace/name`. */
  readonly workload: string;
  /** The container port of the workload the Service forwards to. */
  readonly podPort: number;
  /** `TCP`, or `UDP` for a UDPRoute on a UDP listener. */
  readonly protocol: string;
  /**
   * The proxy workload, `namespace/name`, when the Gateway declares its data plane.
   *
   * @default - undeclared
   */
  readonly dataPlane?: string;
  /**
   * The container port the proxies serve the listener on (differs from `listenerPort` on some
   * implementations, e.g. Envoy Gateway's 80 → 10080).
   *
   * @default - undeclared data plane
   */
  readonly proxyPort?: number;
  /** Whether a client outside the cluster may reach the proxies (from the Gateway's source ranges, or any address). */
  readonly fromOutside: boolean;
  /** Whether the proxies may reach the workload's container port. */
  readonly toWorkload: boolean;
}

/**
 * Which workload may open a connection to which, on which port, under Kubernetes NetworkPolicy
 * (networking.k8s.io/v1) semantics — computed from manifests, without a cluster.
 *
 * Semantics:
 * - Workloads are `apps` Deployments, StatefulSets, DaemonSets and ReplicaSets, `batch` Jobs and
 *   CronJobs, ReplicationControllers and bare Pods (by API group: a CRD that happens to be called
 *   `Job` is none), named `namespace/name` (objects without a namespace are in `default`). Pod
 *   labels are the pod template's labels (labels the controllers add, such as `pod-template-hash`,
 *   are not modeled); container ports come from the containers and from sidecar init containers.
 *   A workload whose controller is also in the input (a Pod of a ReplicaSet of a Deployment) is
 *   represented by it; pods whose controller is not in the input (a live-cluster dump) are grouped
 *   under it (`monitoring/cog-agents`, a DaemonSet), and pods of an absent ReplicaSet
 *   `<name>-<pod-template-hash>` under Deployment `<name>`.
 * - A pod is isolated for ingress (egress) when a policy in its namespace selects it and has
 *   Ingress (Egress) in its effective policyTypes (omitted: Ingress always, Egress when the policy
 *   has egress rules). A connection is allowed when the source's egress and the destination's
 *   ingress both allow it; a side that is not isolated allows everything; allows are the union of
 *   every policy that selects the pod.
 * - Peers: podSelector (pods of the policy's namespace), namespaceSelector (all pods of matching
 *   namespaces, which carry `kubernetes.io/metadata.name`), both in one element (AND), ipBlock
 *   (cidr minus except, IPv4 and IPv6). Named ports resolve on the destination pod's container
 *   ports with the rule's protocol — for egress rules too; `endPort` gives a range.
 * - Invalid policies (what the API server would reject) and unusable objects are listed in
 *   `problems` and not evaluated: an invalid policy neither isolates nor allows.
 * - Cluster tiers (`policy.networking.k8s.io` v1alpha1 AdminNetworkPolicy and
 *   BaselineAdminNetworkPolicy, v1alpha2 ClusterNetworkPolicy), in the upstream order: the admin
 *   tier (ANPs and `tier: Admin` ClusterNetworkPolicies) by priority (lowest first) and rule order,
 *   the first matching rule deciding (`Allow` / `Accept`, `Deny`; `Pass` goes on to NetworkPolicy);
 *   then NetworkPolicy (a pod isolated for a direction is decided there and never reaches the
 *   baseline); then the baseline tier — the BaselineAdminNetworkPolicy `default`, then `tier:
 *   Baseline` ClusterNetworkPolicies by priority (`Allow` / `Accept`, `Deny`; a `Pass` goes on to
 *   the default) —; then allow. Subjects and peers by `namespaces` or `pods`, egress `networks`
 *   and `nodes`; ports `portNumber`, `portRange`, `namedPort` (ClusterNetworkPolicy `protocols`).
 *   Invalid ANP/BANP/ClusterNetworkPolicy objects are listed
 *   in `problems` and not evaluated. Two ANPs of one priority are applied in name order (the API
 *   leaves the order to the plugin; `problems` lists the shared priority); a `networks` CIDR
 *   matches the pods of a workload whose Pod objects carry their addresses (`status.podIPs`, as in
 *   a live dump) when it holds an address of every one of them, and other pods only when it holds
 *   a whole address family (or, with `podCidrs`, a pod CIDR);
 *   a `nodes` peer matches host-network pods whose node labels it selects (`{}` always; node labels
 *   are the assumed `kubernetes.io/os: linux` and the pods' `nodeSelector`); host-network pods are
 *   never ANP subjects nor pods/namespaces peers.
 *
 * Implementation-defined points, decided here:
 * - ipBlocks never match pods: traffic between pods is decided by selectors only, and traffic
 *   to or from an outside address by ipBlocks (and rules without peers) only. The specification
 *   leaves open whether cluster-internal addresses inside an ipBlock are matched; for plugins
 *   that match pod IPs too, `podCidrs` models it.
 * - Connections (`connections()`, `toJson().connections`) cover every protocol and port; their
 *   outside endpoints are address ranges cut at every ipBlock boundary.
 * - A named port never matches an outside address (there is no pod to resolve it on).
 * - A workload to itself is evaluated like any other pair: it stands for traffic between its pods
 *   (or a pod to its own pod IP). Loopback inside a pod is never subject to NetworkPolicy and is
 *   not modeled.
 * - Host-network pods are analyzed as if they were on the pod network; how NetworkPolicy applies
 *   to them is implementation-defined (`explain` says so when one is involved).
 * - Traffic from the node to its pods (always allowed) and reply traffic are not modeled.
 * - Flows (`toJson`, `toMarkdown`, `toMermaid`) list, for every ordered pair of workloads
 *   (including a workload and itself), each declared container port of the destination that is
 *   allowed. A destination that declares no ports gets no flows; `canReach` still answers for any
 *   port.
 *
 * @example
 * const r = Reachability.fromManifests(objects);
 * r.canReach('production/web', 'production/api', 8080); // true
 * console.log(r.explain('production/web', 'production/postgres', 5432));
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class Reachability {
  /**
   * Analyzes Kubernetes manifests given as plain JSON objects (e.g. parsed YAML documents).
   *
   * Read as kubectl reads objects, by the manifest model lint shares: entries that are `null`
   * (empty YAML documents) are skipped; `kind: List` and typed lists (`PodList`, items without
   * kind taking the list's) are flattened; entries that are not Kubernetes objects (no kind or no
   * apiVersion) are skipped and listed in `problems`; objects of kinds that do not matter here
   * (Services, ConfigMaps, …) are ignored.
   *
   * @param objects the manifests
   * @param options assumed workloads
   */
  public static fromManifests(objects: any[], options: ReachabilityOptions = {}): Reachability {
    return Reachability._build(objects, options, 'Reachability.fromManifests');
  }

  /**
   * Analyzes the objects a cdk8s Chart synthesizes (`chart.toJson()`).
   *
   * Pods the library declares but the objects do not hold (a `Peer.pods` the chart admits or
   * reaches, a custom ingress controller, a Gateway's proxies: the `netpatterns.dev/assume-workloads`
   * annotation of a `ZeroTrustNamespace`) are assumed, as `netpatterns audit` assumes them on the
   * YAML, after `options.extraWorkloads`.
   *
   * @param chart the chart
   * @param options assumed workloads
   */
  public static fromChart(chart: Chart, options: ReachabilityOptions = {}): Reachability {
    checkArg('Reachability.fromChart', 'chart', chart, required(instance(() => Chart, 'a cdk8s Chart')));
    const objects = chart.toJson();
    return Reachability._build(objects, withDeclaredWorkloads(objects, options), 'Reachability.fromChart');
  }

  /**
   * Analyzes the objects of every chart in a cdk8s App, together.
   *
   * Pods the library declares but the objects do not hold are assumed, as in `fromChart`.
   *
   * @param app the app
   * @param options assumed workloads
   */
  public static fromApp(app: App, options: ReachabilityOptions = {}): Reachability {
    checkArg('Reachability.fromApp', 'app', app, required(instance(() => App, 'a cdk8s App')));
    const [first, ...rest] = app.charts;
    // `chart.toJson()` validates the whole App every time; validate once (through the first chart)
    // and read the other charts' objects directly, in the order cdk8s renders them.
    const objects = first === undefined ? [] : [...first.toJson(), ...rest.flatMap(chartObjects)];
    return Reachability._build(objects, withDeclaredWorkloads(objects, options), 'Reachability.fromApp');
  }

  /**
   * Builds the analysis of `objects`; `caller` names the public entry point in error messages
   * (`lint` passes its own name). @internal
   */
  public static _build(objects: unknown, options: ReachabilityOptions, caller: string): Reachability {
    if (!Array.isArray(objects)) {
      throw new Error(`${caller}: objects must be a list of Kubernetes objects, got ${objects === null ? 'null' : typeof objects}`);
    }
    checkProps(caller, options, REACHABILITY_OPTIONS, 'options');
    if (options.extraWorkloads !== undefined && !Array.isArray(options.extraWorkloads)) {
      throw new Error(`${caller}: extraWorkloads must be a list of workloads`);
    }
    const model = buildModel(objects, {
      assumeDns: options.assumeDns ?? true,
      assumeIngressController: options.assumeIngressController ?? true,
      assumeAcmeSolvers: options.assumeAcmeSolvers ?? true,
      extraWorkloads: options.extraWorkloads ?? [],
      caller,
    });
    const compiled: CompiledPolicy[] = [];
    const invalid = new Map<string, string[]>();
    const compiler = policyCompilerFor(objects);
    for (const source of model.policies) {
      const errors: string[] = [];
      const policy = compiler.compile(source, errors);
      if (policy) {
        compiled.push(policy);
        // Only the name is wrong: evaluated as written (see compilePolicy).
        for (const e of errors) model.problems.push(`NetworkPolicy/${source.id}: ${e}; the API server refuses the policy, evaluated here as written`);
      } else {
        for (const e of errors) model.problems.push(`NetworkPolicy/${source.id}: ${e}; the policy is not evaluated`);
        pushTo(invalid, source.namespace, source.id);
      }
    }
    const podRanges = options.podCidrs === undefined ? undefined : checkCidrs(caller, options.podCidrs);
    const admin = compileAdminPolicies(model.adminPolicies, model.problems);
    const ipv6 = options.outsideIpv6 ?? (compiled.some((p) => [...p.ingress ?? [], ...p.egress ?? []]
      .some((rule) => (rule.peers ?? []).some((peer) => peer.ipBlock !== undefined && peer.ipBlock.cidr[0].kind() === 'ipv6')))
      || admin.some((p) => p.egress.some((rule) => rule.peers.some((peer) => (peer.networks ?? []).some((n) => n.cidr[0].kind() === 'ipv6')))));
    const families: Family[] = ipv6 ? ['ipv4', 'ipv6'] : ['ipv4'];
    const engine = new Engine(model.workloads, model.namespaces, compiled, { podRanges });
    const tiers = new Tiers(engine, model.namespaces, admin.filter((p) => p.tier === 'admin'), admin.filter((p) => p.tier === 'baseline'), podRanges);
    const r = new Reachability(model, engine, tiers, invalid, families);
    r.sources = objects;
    r.built = { options, caller };
    return r;
  }

  /**
   * Every workload, `namespace/name`, sorted (assumed workloads included).
   */
  public readonly workloads: string[];

  /**
   * What could not be analyzed, one sentence each: policies the API server would reject (skipped
   * entirely: they neither isolate nor allow) — NetworkPolicies, AdminNetworkPolicies and
   * BaselineAdminNetworkPolicies —, AdminNetworkPolicies that share a priority, objects without a
   * name or pod template, invalid container ports, duplicate definitions, and policy kinds the
   * analysis does not evaluate (Cilium, Calico, …).
   */
  public readonly problems: string[];

  private readonly model: Model;
  private readonly engine: Engine;
  private readonly tiers: Tiers;
  private readonly byId: Map<string, WorkloadModel>;
  private readonly invalidPolicies: ReadonlyMap<string, readonly string[]>;
  /** The manifests, for the Services `explain` resolves (read on first use). */
  private sources: readonly unknown[] = [];
  /** How this analysis was built, to build it again with more assumed workloads (`diff`). */
  private built: { readonly options: ReachabilityOptions; readonly caller: string } = { options: {}, caller: 'Reachability.fromManifests' };
  private servicesCache?: readonly ServiceModel[];

  private paths?: GatewayRoutePath[];

  private readonly families: readonly Family[];
  private matrixCache?: ConnectionMatrix;
  private flowCache?: FlowRecord[];
  private connectionCache?: ConnectionRecord[];
  private unknownControllerCache?: ConnectionRecord[];
  private readonly sourceRangeCache = new Map<string, boolean>();
  private cutsCache?: OutsideCuts;

  private constructor(
    model: Model,
    engine: Engine,
    tiers: Tiers,
    invalidPolicies: ReadonlyMap<string, readonly string[]>,
    families: readonly Family[],
  ) {
    this.model = model;
    this.engine = engine;
    this.tiers = tiers;
    this.families = families;
    this.invalidPolicies = invalidPolicies;
    this.byId = new Map(model.workloads.map((w) => [w.id, w]));
    this.workloads = model.workloads.map((w) => w.id);
    this.problems = [...model.problems];
  }

  /**
   * Whether a pod of `from` may open a connection to a pod of `to` on `port`/`protocol`: the
   * egress of `from` and the ingress of `to` must both allow it.
   *
   * @param from the source workload, `namespace/name`
   * @param to the destination workload, `namespace/name` (may equal `from`)
   * @param port the destination port, 1-65535 (need not be declared by a container)
   * @param protocol TCP, UDP or SCTP, in any case; TCP when omitted
   */
  public canReach(from: string, to: string, port: number, protocol?: string): boolean {
    const method = 'Reachability.canReach';
    const source = this.workload(from, method, 'from');
    const target = this.workload(to, method, 'to');
    const proto = checkPortAndProtocol(method, port, protocol);
    return this.tiers.egress(source, { kind: 'workload', workload: target }, port, proto).allowed
      && this.tiers.ingress(target, { kind: 'workload', workload: source }, port, proto).allowed;
  }

  /**
   * Whether a pod of `from` may open a connection to an address outside the cluster: only the
   * egress of `from` decides (egress rules without `to`, or with an ipBlock holding the address).
   *
   * @param from the source workload, `namespace/name`
   * @param address an IPv4 or IPv6 address (not a CIDR)
   * @param port the destination port, 1-65535
   * @param protocol TCP, UDP or SCTP, in any case; TCP when omitted
   */
  public canReachAddress(from: string, address: string, port: number, protocol?: string): boolean {
    const method = 'Reachability.canReachAddress';
    const source = this.workload(from, method, 'from');
    const outside = checkAddress(method, address);
    const proto = checkPortAndProtocol(method, port, protocol);
    return this.tiers.egress(source, outside, port, proto).allowed;
  }

  /**
   * Whether a client at an address outside the cluster may open a connection to a pod of `to`:
   * only the ingress of `to` decides (ingress rules without `from`, or with an ipBlock holding the
   * address). Whether the address survives the load balancer (`externalTrafficPolicy: Local`) is
   * not modeled.
   *
   * @param address an IPv4 or IPv6 address (not a CIDR)
   * @param to the destination workload, `namespace/name`
   * @param port the destination port, 1-65535
   * @param protocol TCP, UDP or SCTP, in any case; TCP when omitted
   */
  public canBeReachedFrom(address: string, to: string, port: number, protocol?: string): boolean {
    const method = 'Reachability.canBeReachedFrom';
    const outside = checkAddress(method, address);
    const target = this.workload(to, method, 'to');
    const proto = checkPortAndProtocol(method, port, protocol);
    return this.tiers.ingress(target, outside, port, proto).allowed;
  }

  /**
   * Why a connection is allowed or denied, in words: for each direction, whether the pod is
   * isolated and by which policies (`namespace/name`), which rules (`spec.ingress[0]`) allow the
   * connection and through which peer and port, or that none does and which rules came close.
   * With AdminNetworkPolicies or a BaselineAdminNetworkPolicy, each direction also names the tier
   * that decided (admin, NetworkPolicy, baseline, or none), the policy and its priority, and the
   * rule (`AdminNetworkPolicy/x (priority 10) spec.ingress[0] 'rule-name'`).
   *
   * The ends are named as people name them, and the explanation first says how each name was
   * resolved:
   * - a workload, `namespace/name` (or `name` alone when one namespace has it), or as lists
   *   print it, `namespace/name[Kind]` (`[assumed]` for an assumed workload), or the name of a Pod
   *   the manifests hold grouped under it (its owner absent); a port the workload does not
   *   declare but a Service in front of it does (`production/api` on 80) is explained on that
   *   Service port's targetPort;
   * - a Service, `namespace/name`, with its port in `to` (`production/api-service:80`,
   *   `production/api-service:http`, `production/dns:53/udp`): its pods and the targetPort
   *   (named targetPorts resolved on each pod);
   * - an IP address or a CIDR outside the cluster, with the well-known piece of the address space
   *   it falls in (only one side decides: the egress of `from` or the ingress of `to`);
   * - an ExternalName Service in `to`: NetworkPolicy cannot match DNS names, so the egress rules
   *   of `from` that allow the port toward outside addresses are what decides;
   * - a Service without selector in `to`: the addresses of its EndpointSlices (or, without any,
   *   its Endpoints), on the port they list under the Service port's name — where kube-proxy
   *   sends the connection — else on the numeric targetPort, else on the Service port.
   * An unknown name fails with the closest known names ("did you mean 'production/api-service'?").
   *
   * @param from the source: a workload, a Service, an IP address or a CIDR
   * @param to the destination: a workload, a Service (with `:port`), an IP address, a CIDR or an ExternalName Service
   * @param port the destination port, 1-65535 (for a Service named without `:port`, a Service port); may be omitted when `to` carries it
   * @param protocol TCP, UDP or SCTP, in any case; TCP when omitted (or the protocol of the Service port)
   */
  public explain(from: string, to: string, port?: number, protocol?: string): string {
    const method = 'Reachability.explain';
    const plan = planExplain({ method, workloads: this.model.workloads, byId: this.byId, services: this.services }, from, to, port, protocol);
    const blocks = plan.questions.map((q) => this.answer(q));
    const head = plan.lines.map((l) => `${l}\n`).join('');
    if (blocks.length === 0) return `${head}nothing to explain: no pod answers on that port\n`;
    return head + blocks.join('\n');
  }

  private get services(): readonly ServiceModel[] {
    if (!this.servicesCache) this.servicesCache = readServices(this.model.objects);
    return this.servicesCache;
  }

  /** The explanation of one resolved question. */
  private answer(q: Question): string {
    if (q.kind === 'pair') return this.explainPair(q.source, q.target, q.port, q.protocol);
    if (q.kind === 'to-external-name') {
      const host = q.service.externalName ?? '(no externalName)';
      return explainOutside({
        ...this.outsideQuestion(q.source, 'egress', q.port, q.protocol),
        within: [everything('ipv4'), everything('ipv6')],
        text: 'every outside address',
        pieceName: (piece) => `${q.service.id} (${host}) at ${piece}`,
      }) + `whether ${q.source.id} reaches ${host} depends on the addresses it resolves to, which NetworkPolicy never sees\n`;
    }
    const w = q.kind === 'from-outside' ? q.target : q.source;
    return explainOutside({
      ...this.outsideQuestion(w, q.kind === 'from-outside' ? 'ingress' : 'egress', q.port, q.protocol),
      within: ipBlockRanges({ cidr: q.outside.cidr, except: [], text: q.outside.text }),
      text: q.outside.text,
    });
  }

  private outsideQuestion(workload: WorkloadModel, direction: 'ingress' | 'egress', port: number, protocol: Protocol) {
    const runs = this.matrix.outside(workload, direction);
    return { engine: this.engine, tiers: this.tiers, workload, direction, runs, families: this.families, port, protocol };
  }

  private explainPair(source: WorkloadModel, target: WorkloadModel, port: number, proto: Protocol): string {
    const egress = this.tiers.egress(source, { kind: 'workload', workload: target }, port, proto);
    const ingress = this.tiers.ingress(target, { kind: 'workload', workload: source }, port, proto);
    const notes = this.notes(source, target, port, proto);
    if (this.tiers.active) return renderTieredExplanation(end(source), end(target), port, proto, egress, ingress, notes);
    return renderExplanation(end(source), end(target), port, proto, egress.networkPolicy, ingress.networkPolicy, notes);
  }

  /**
   * Every way in from outside through the Gateway API: for each Gateway listener, route attached
   * to it (by the specification's attachment rules: sectionName, protocol, allowedRoutes,
   * hostnames), backend Service (cross-namespace only with a ReferenceGrant) and selected workload,
   * whether outside clients reach the proxies and the proxies reach the workload. Sorted by
   * gateway, listener, route, workload.
   */
  public gatewayRoutes(): GatewayRoutePath[] {
    if (this.paths) return this.paths.map((p) => ({ ...p, hostnames: [...p.hostnames] }));
    const flat = this.model.objects;
    const planes = declaredDataPlanes(flat);
    const paths = routePaths(gatewayApiModel(flat), this.model.workloads).map((p): GatewayRoutePath => {
      const plane = planes.find((d) => d.gateway === p.gateway);
      const proxy = plane ? this.byId.get(`${plane.namespace}/${plane.name}`) ?? this.model.workloads.find((w) => w.namespace === plane.namespace
        && Object.entries(plane.podLabels).every(([k, v]) => w.podLabels[k] === v)) : undefined;
      const proxyPort = p.gateway.dataPlane ? p.gateway.dataPlane.ports.get(p.listener.port) ?? p.listener.port : undefined;
      const target = this.byId.get(p.workload)!;
      const fromOutside = proxy === undefined || proxyPort === undefined
        ? true
        : this.reachedFromSourceRanges(proxy, proxyPort, p.protocol, p.gateway.sourceRanges);
      const toWorkload = proxy === undefined
        ? this.reachedFromSourceRanges(target, p.podPort, p.protocol, p.gateway.sourceRanges)
        : this.tiers.egress(proxy, { kind: 'workload', workload: target }, p.podPort, p.protocol).allowed
          && this.tiers.ingress(target, { kind: 'workload', workload: proxy }, p.podPort, p.protocol).allowed;
      return {
        gateway: p.gateway.id,
        listener: p.listener.name,
        listenerPort: p.listener.port,
        route: p.route.ref,
        // "any HTTPRoute hostnames that do not match the Listener hostname MUST be ignored"
        hostnames: p.route.hostnames.filter((h) => hostnamesIntersect(p.listener.hostname, h)),
        service: p.service,
        servicePort: p.servicePort,
        workload: p.workload,
        podPort: p.podPort,
        protocol: p.protocol,
        ...(proxy ? { dataPlane: proxy.id } : {}),
        ...(proxyPort !== undefined ? { proxyPort } : {}),
        fromOutside,
        toWorkload,
      };
    });
    const key = (p: GatewayRoutePath) => `${p.gateway}\u0000${p.listener}\u0000${p.route}\u0000${p.workload}\u0000${p.podPort}\u0000${p.protocol}`;
    this.paths = paths.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    return this.paths.map((p) => ({ ...p, hostnames: [...p.hostnames] }));
  }

  /**
   * The analysis as data: `{ workloads, flows, connections }`, each sorted.
   */
  public toJson(): ReachabilityReport {
    return {
      workloads: this.model.workloads.map((w) => w.id),
      flows: this.allFlows().map((f) => ({ from: f.from, to: f.to, port: f.port, protocol: f.protocol })),
      connections: this.allConnections().map((c) => ({ from: c.from, to: c.to, conn: c.conn.toString() })),
    };
  }

  /**
   * The connectivity list: one line per ordered pair of endpoints that may connect, with
   * everything the pair allows over every protocol (TCP, UDP, SCTP) and every port 1-65535 —
   * not only declared container ports — sorted:
   *
   * ```
   * 0.0.0.0-9.255.255.255 => shop/web[Deployment] : TCP 8080
   * shop/web[Deployment] => kube-system/coredns[assumed] : TCP 53,UDP 53
   * shop/web[Deployment] => shop/api[Deployment] : TCP 80,8080-8090
   * shop/worker[Deployment] => 0.0.0.0-255.255.255.255 : All Connections
   * ```
   *
   * Endpoints are workloads (`namespace/name[Kind]`) and address ranges outside the cluster, in
   * both directions. The outside world is cut at every boundary of every ipBlock of the
   * manifests — sources at those of ingress rules (`from`), destinations at those of egress rules
   * (`to`, and `networks` of AdminNetworkPolicies); cidr and except; IPv4, and IPv6 when a policy
   * names IPv6 — for every workload, and each piece is a line of its own: the grammar of
   * np-guard's connlist. Outside addresses are matched by ipBlock peers and by rules without
   * peers only.
   * A workload and itself are left out (see `canReach` for traffic between one workload's pods).
   *
   * `{ingress-controller} => shop/web[Deployment] : TCP 8080` lines, last, stand for an ingress
   * controller the analysis does not know, as np-guard's connlist writes them: for each workload
   * an Ingress or an OpenShift Route reaches (through a Service with a selector) while no known
   * controller serves it — `assumeIngressController: false`, an Ingress class ingress-nginx does not serve
   * without a controller the library declared, any Route — the TCP ports the routes reach on its
   * pods that its ingress side (every tier) admits from a pod without labels in a namespace of its
   * own, `ingress-controller-ns`: only selectors of every namespace and every pod, and rules
   * without `from`, admit it. Its egress is not evaluated.
   *
   * The list is quadratic in the workloads when everything is open: the analysis itself keeps
   * "everything allowed" as one entry, but this list spells every pair out.
   */
  public connections(): string[] {
    return this.allConnections().map(connectionLine);
  }

  /**
   * The number of lines `connections()` lists, counted on the analysis's compact form without
   * listing them: cheap even when everything is open between thousands of workloads.
   */
  public connectionCount(): number {
    return this.connectionCache?.length ?? this.matrix.recordCount(this.model.workloads, this.outsideCuts) + this.unknownControllerRecords().length;
  }

  /**
   * What changed from this analysis (before) to `other` (after): connections added, removed, and
   * changed (ports widened, narrowed, or both), outside address ranges included. Workloads are
   * matched by `namespace/name[Kind]` — pods of a dump grouped under an absent ReplicaSet
   * `<deployment>-<pod-template-hash>` or Job `<cronjob>-<digits>` are matched by that stem, so a
   * rollout between two dumps renames nothing; outside ranges are compared address by address, so
   * a range cut differently on the two sides reports only the addresses whose connections changed.
   *
   * @param other the analysis after the change
   */
  public diff(other: Reachability): ConnectionDiff {
    if (!(other instanceof Reachability)) {
      throw new Error(`Reachability.diff: other must be a Reachability, got ${other === null ? 'null' : typeof other}`);
    }
    // Both sides assume the same cluster: a workload one side assumes (the ingress controller once
    // an Ingress exists, CoreDNS) runs in the cluster before and after the change alike.
    const before = this.assuming(other);
    const after = other.assuming(this);
    // Both sides over the same address families: when only one side's policies name an IPv6 block,
    // the other side's IPv6 reachability is listed too, so nothing it already allowed shows as new.
    const families = before.families.length >= after.families.length ? before.families : after.families;
    // Pods of a dump named after their ReplicaSet or Job are the same workload after a rollout or
    // the next schedule (`shop/web-7d4b9c8f6` → `shop/web-84f6c9d7b5`): compared under the new name.
    // CoreDNS assumed on one side and in the other side's manifests is the same pods.
    const renames = rolloutRenames(before.model.workloads, after.model.workloads);
    const labels = recordRenames(before.model.workloads, after.model.workloads, renames);
    const beforeRecords = before.overFamilies(families)._connectionRecords();
    const beforeFindings = before.exposure().findings;
    return ConnectionDiff._of(
      diffConnections(labels.size > 0 ? renameRecords(beforeRecords, labels) : beforeRecords, after.overFamilies(families)._connectionRecords()),
      // A workload either side assumes (CoreDNS, an ingress controller) that the other side's
      // manifests hold is the same pods, not new exposure.
      diffExposure(renames.size > 0 ? beforeFindings.map((f) => ({ ...f, workload: renames.get(f.workload) ?? f.workload })) : beforeFindings,
        after.exposure().findings,
        new Set([...before.model.workloads, ...after.model.workloads].filter((w) => w.kind === 'assumed').map((w) => w.id))),
    );
  }

  /**
   * This analysis with the cluster components `other` assumes and this one lacks (CoreDNS, the
   * ingress controller: they run whatever the manifests hold) assumed too; itself when none is
   * missing. Workloads assumed because of the manifests (an ACME solver for an Ingress) are not shared.
   */
  private assuming(other: Reachability): Reachability {
    const missing = other.model.workloads.filter((w) => w.clusterComponent === true && !this.byId.has(w.id));
    if (missing.length === 0) return this;
    const extra: AssumedWorkload[] = missing.map((w) => ({
      namespace: w.namespace,
      name: w.name,
      podLabels: { ...w.podLabels },
      ports: w.ports.map((p) => ({ port: p.port, protocol: p.protocol, ...(p.name !== undefined ? { name: p.name } : {}) })),
    }));
    const options = this.built.options;
    return Reachability._build(this.sources, { ...options, extraWorkloads: [...options.extraWorkloads ?? [], ...extra] }, this.built.caller);
  }

  /** This analysis with its outside endpoints over `families` (itself when they are its own). */
  private overFamilies(families: readonly Family[]): Reachability {
    if (families.length === this.families.length) return this;
    const widened = new Reachability(this.model, this.engine, this.tiers, this.invalidPolicies, families);
    widened.sources = this.sources;
    return widened;
  }

  /**
   * Whether any workload of the analysis (`to` itself included) may open a connection to `to` on
   * `port`/`protocol`. Asks one column of the matrix: cheap even when everything is open.
   *
   * @param to the destination workload, `namespace/name`
   * @param port the destination port, 1-65535
   * @param protocol TCP, UDP or SCTP, in any case; TCP when omitted
   */
  public reachableFromAnyWorkload(to: string, port: number, protocol?: string): boolean {
    const method = 'Reachability.reachableFromAnyWorkload';
    const target = this.workload(to, method, 'to');
    return this.matrix.reachedOn(target, port, checkPortAndProtocol(method, port, protocol));
  }

  /**
   * Whether some address outside the cluster may open a connection to `to` on `port`/`protocol`
   * (an ingress rule without `from`, or with an ipBlock, allows it; or `to` is not isolated for
   * ingress).
   *
   * @param to the destination workload, `namespace/name`
   * @param port the destination port, 1-65535
   * @param protocol TCP, UDP or SCTP, in any case; TCP when omitted
   */
  public reachableFromOutside(to: string, port: number, protocol?: string): boolean {
    const method = 'Reachability.reachableFromOutside';
    const target = this.workload(to, method, 'to');
    const proto = checkPortAndProtocol(method, port, protocol);
    return this.matrix.outside(target, 'ingress').some((run) => run.conn.has(port, proto));
  }

  /**
   * The connectivity list as records, generated in order without building the list (for the CLI,
   * which streams lists quadratic in the workloads).
   *
   * @internal
   */
  public _connectionRecords(): Iterable<ConnectionRecord> {
    return this.connectionCache ?? this.streamedRecords();
  }

  /** The records, generated in order: the workloads' and outside ranges', then `{ingress-controller}`'s (which sort last). */
  private* streamedRecords(): Generator<ConnectionRecord> {
    yield* connectionRecords(this.matrix, this.engine, this.model.workloads, this.outsideCuts);
    yield* this.unknownControllerRecords();
  }

  /**
   * The `{ingress-controller}` lines: for each workload an Ingress or OpenShift Route routes to
   * with no ingress controller the analysis knows to serve it (`assumeIngressController: false`,
   * an Ingress class ingress-nginx does not serve, any Route), the TCP ports the routes reach on its pods
   * that its ingress side — every tier — admits from an unknown controller: a pod without labels
   * in a namespace the manifests do not hold (`ingress-controller-ns`), which only selectors of
   * every namespace and every pod (or rules without `from`) admit. This is how np-guard's
   * connlist represents the cluster's ingress controller; its egress is not evaluated.
   *
   * @see https://github.com/np-guard/netpol-analyzer/blob/main/docs/connlist_output.md
   */
  private unknownControllerRecords(): ConnectionRecord[] {
    if (this.unknownControllerCache) return this.unknownControllerCache;
    const ports = new Map<WorkloadModel, ConnectionSet>();
    for (const p of ingressPaths(this.model.objects, this.services, this.model.workloads, true)) {
      if (p.controllers.length > 0) continue;
      ports.set(p.workload, (ports.get(p.workload) ?? ConnectionSet.NONE).union(ConnectionSet.range('TCP', p.podPort, p.podPort)));
    }
    const input = this.exposureInput();
    const records: ConnectionRecord[] = [];
    for (const [workload, routed] of ports) {
      const conn = admittedFromPod(input, workload, UNKNOWN_INGRESS_CONTROLLER_POD).intersect(routed);
      if (!conn.isEmpty()) records.push({ from: UNKNOWN_INGRESS_CONTROLLER, to: workloadLabel(workload), conn, toWorkload: workload });
    }
    return this.unknownControllerCache = records.sort((a, b) => compare(a.to, b.to));
  }

  /**
   * The flows, generated in order without building the list.
   *
   * @internal
   */
  public _flowRecords(): Iterable<FlowRecord> {
    return this.flowCache ?? this.matrix.flows(this.model.workloads);
  }

  /**
   * Where the connectivity list cuts the outside world: at the boundaries of every ipBlock of the
   * valid NetworkPolicies and every `networks` peer of the AdminNetworkPolicies (see `cutPoints`).
   */
  private get outsideCuts(): OutsideCuts {
    if (!this.cutsCache) {
      const ingress: IpBlock[] = [];
      const egress: IpBlock[] = [];
      for (const policy of this.engine.policyList) {
        ingress.push(...policy.ipBlocks.ingress);
        egress.push(...policy.ipBlocks.egress);
      }
      for (const policy of this.tiers.policies()) {
        for (const rule of policy.egress) {
          for (const peer of rule.peers) egress.push(...(peer.networks ?? []));
        }
      }
      this.cutsCache = { ingress: cutPoints(ingress), egress: cutPoints(egress) };
    }
    return this.cutsCache;
  }

  private get matrix(): ConnectionMatrix {
    if (!this.matrixCache) {
      this.matrixCache = this.tiers.active
        ? new TieredMatrix(this.engine, this.families, this.tiers, this.model.workloads)
        : new ConnectionMatrix(this.engine, this.families);
    }
    return this.matrixCache;
  }

  private allFlows(): FlowRecord[] {
    if (!this.flowCache) this.flowCache = [...this.matrix.flows(this.model.workloads)];
    return this.flowCache;
  }

  private allConnections(): ConnectionRecord[] {
    if (!this.connectionCache) this.connectionCache = [...this.streamedRecords()];
    return this.connectionCache;
  }

  /**
   * How far each workload is exposed, in both directions, with the policy and rule of the tier
   * that allows it:
   * - `outside-cluster`: addresses outside the cluster (ipBlock peers, rules without peers,
   *   AdminNetworkPolicy `networks` peers), and LoadBalancer / NodePort / externalIPs Services
   *   whose target port those addresses may reach (`via`);
   * - `any-namespace`: pods of every namespace, those not in the manifests included
   *   (`namespaceSelector: {}`, rules without peers, `namespaces: {}`);
   * - `unlisted-namespaces`: namespaces selected by labels that a namespace not in the manifests
   *   could carry (any selector that does not pin `kubernetes.io/metadata.name` to listed names);
   * - `not-isolated`: no policy of any tier restricts the direction at all.
   *
   * Connections are given over every protocol and port. A rule that a higher tier overrides (an
   * AdminNetworkPolicy Deny over a NetworkPolicy allow) exposes nothing and is not listed. Egress
   * towards pods of namespaces not in the manifests resolves no named ports (their container
   * ports are unknown).
   */
  public exposure(): ExposureReport {
    return { findings: exposure({ ...this.exposureInput(), entries: this.entryPaths() }) };
  }

  /**
   * The workloads the analysis assumes (the cluster components, declared data planes,
   * operator-run pods, extra workloads), with their pod labels. For lint. @internal
   */
  public _assumedPods(): ReadonlyArray<{ readonly id: string; readonly namespace: string; readonly podLabels: { readonly [key: string]: string } }> {
    return this.model.workloads.filter((w) => w.assumption !== undefined);
  }

  /**
   * Whether pods of namespaces the manifests do not hold may open a connection to `to` on
   * `port`/`protocol` (what `exposure()` lists as `any-namespace` or `unlisted-namespaces`). For
   * lint. @internal
   */
  public _reachableFromUnlistedNamespaces(to: string, port: number, protocol: string): boolean {
    const method = 'Reachability.reachableFromUnlistedNamespaces';
    return reachedFromUnlistedNamespaces(this.exposureInput(), this.workload(to, method, 'to'), port, checkPortAndProtocol(method, port, protocol));
  }

  private exposureInput(): ExposureInput {
    return {
      workloads: this.model.workloads,
      namespaces: this.model.namespaces,
      services: this.model.services,
      engine: this.engine,
      tiers: this.tiers,
      families: this.families,
      podRanges: this.tiers.podRanges,
    };
  }

  /**
   * The ways in through a proxy, for `exposure()`: every Ingress backend with each controller that
   * may serve it (or none known: then the pods must admit outside addresses themselves), and every
   * Gateway API route path (see `gatewayRoutes()`).
   */
  private entryPaths(): EntryPath[] {
    const out: EntryPath[] = [];
    const flat = this.model.objects;
    for (const p of ingressPaths(flat, this.services, this.model.workloads)) {
      const via = (controller?: WorkloadModel) => `${p.ingress} -> Service ${p.service.id} ${p.servicePort} -> ${p.podPort}`
        + (controller ? `, served by the ingress controller ${controller.id}` : '');
      if (p.controllers.length === 0) {
        out.push({ workload: p.workload, podPort: p.podPort, protocol: 'TCP', fromOutside: true, via: via() });
      }
      for (const controller of p.controllers) {
        const fromOutside = controllerPorts(controller).some((port) => this.tiers.ingress(controller, { kind: 'address', address: parseAddress(OUTSIDE_CLIENT)! }, port, 'TCP').allowed);
        out.push({ workload: p.workload, podPort: p.podPort, protocol: 'TCP', proxy: controller, fromOutside, via: via(controller) });
      }
    }
    for (const p of this.gatewayRoutes()) {
      const proxy = p.dataPlane ? this.byId.get(p.dataPlane) : undefined;
      out.push({
        workload: this.byId.get(p.workload)!,
        podPort: p.podPort,
        protocol: p.protocol as Protocol,
        ...(proxy ? { proxy } : {}),
        fromOutside: p.fromOutside,
        via: `${p.route.replace('/', ' ')} (${p.hostnames.join(', ') || '*'}) on Gateway ${p.gateway} listener ${p.listener} (${p.listenerPort}) -> Service ${p.service} ${p.servicePort} -> ${p.podPort}`
          + (proxy ? `, served by ${proxy.id}` : ''),
      });
    }
    return out;
  }

  /**
   * Whether some address outside the cluster — within `sourceRanges` (CIDRs), or any when none is
   * valid — may send to `target` on `port`/`protocol`, through every tier. The verdict can
   * change only where an ipBlock or a source range starts or ends, so one address per piece between
   * those boundaries is asked.
   */
  private reachedFromSourceRanges(target: WorkloadModel, port: number, protocol: Protocol, sourceRanges: readonly string[]): boolean {
    const key = `${target.id}\u0000${port}/${protocol}\u0000${sourceRanges.join(',')}`;
    let reached = this.sourceRangeCache.get(key);
    if (reached === undefined) this.sourceRangeCache.set(key, reached = this.anySourceRangeAddress(target, port, protocol, sourceRanges));
    return reached;
  }

  private anySourceRangeAddress(target: WorkloadModel, port: number, protocol: Protocol, sourceRanges: readonly string[]): boolean {
    const ranges = sourceRanges.flatMap((text) => {
      const cidr = parseCidr(text);
      return cidr ? ipBlockRanges({ cidr, except: [], text }) : [];
    });
    for (const range of ranges.length > 0 ? ranges : this.families.map(everything)) {
      const starts = [range.start, ...(this.outsideCuts.ingress.get(range.family) ?? []).filter((p) => p > range.start && p <= range.end)];
      for (const start of starts) {
        const address = parseAddress(formatAddress(range.family, start))!;
        if (this.tiers.ingress(target, { kind: 'address', address }, port, protocol).allowed) return true;
      }
    }
    return false;
  }

  /**
   * A Markdown matrix: one row per source workload, one column per destination workload, each
   * cell the allowed `port/protocol` list (declared container ports of the destination) or `—`.
   * Address ranges outside the cluster follow: a row per range that reaches a workload, a column
   * per range a workload reaches, their cells every allowed port (`TCP 8443`, `all ports and
   * protocols`). With `focus`, the rows are the workload and its sources, the columns the workload
   * and its destinations. Names are escaped for Markdown (`|`, newlines, `*`, …). A matrix of more
   * than 50 million cells (about 7,000 workloads without `focus`) is refused with an error, since
   * no string can hold it: draw a `focus`, or list `connections()` instead.
   *
   * @param options what to show
   * @throws when the matrix would have more than 50 million cells
   */
  public toMarkdown(options: DiagramOptions = {}): string {
    const focus = this.checkDiagramOptions('Reachability.toMarkdown', options);
    const ids = this.model.workloads.map((w) => w.id);
    // Before listing the flows: a matrix too large to draw fails at once.
    if (focus === undefined) checkMarkdownSize('Reachability.toMarkdown', ids.length, ids.length);
    // With a focus, only the flows from and to it are kept (never the list of every flow, which
    // is quadratic in the workloads where nothing is isolated).
    const flows = focus === undefined ? this.allFlows() : this._flowsTouching(focus);
    // The outside world: a row per address range that reaches a workload, a column per range a
    // workload reaches (every allowed port), as in the pictures.
    const picture = this._picture(focus);
    const outsideName = new Map(picture.nodes.filter((n) => n.outside).map((n) => [n.key, n.name]));
    const rangeEdges = picture.edges.filter((e) => (outsideName.has(e.from) || outsideName.has(e.to))
      && (focus === undefined || e.from === focus || e.to === focus));
    const outside: OutsideCells = {
      rows: [...new Set(rangeEdges.filter((e) => outsideName.has(e.from)).map((e) => e.from))].sort(compare),
      columns: [...new Set(rangeEdges.filter((e) => outsideName.has(e.to)).map((e) => e.to))].sort(compare),
      names: outsideName,
      cells: rangeEdges.map((e) => ({ from: e.from, to: e.to, text: mergePorts(e.ports) })),
    };
    if (focus === undefined) return renderMarkdown(ids, flows, ids, outside);
    const reachFocus = new Set(flows.filter((f) => f.to === focus).map((f) => f.from));
    const reachedFromFocus = new Set(flows.filter((f) => f.from === focus).map((f) => f.to));
    const sources = ids.filter((id) => id === focus || reachFocus.has(id));
    const destinations = ids.filter((id) => id === focus || reachedFromFocus.has(id));
    return renderMarkdown(sources, flows, destinations, outside);
  }

  /**
   * The flows from or to the workload `focus` (its id), in flow order, without listing every flow
   * of the cluster.
   *
   * @internal
   */
  public _flowsTouching(focus: string): FlowRecord[] {
    if (this.flowCache) return this.flowCache.filter((f) => f.from === focus || f.to === focus);
    return [...this.matrix.flowsTouching(this.model.workloads, this.byId.get(focus)!)];
  }

  /**
   * A Mermaid diagram (`flowchart LR`) of the allowed flows: one subgraph per namespace holding
   * its workloads (labelled by name), one edge per allowed pair labelled with its ports merged
   * (`TCP 8080, 9090; UDP 53`), outside address ranges in an "outside the cluster" subgraph, the
   * edges of assumed platform workloads collapsed into one legend node unless `showAssumed`.
   * Where a workload reaches every workload of a namespace on the ports each listens on (a
   * metrics scraper), or every workload of a namespace reaches it (on the same ports), and at
   * least three are involved, one edge joins it to the namespace's box instead; a namespace whose
   * workloads all reach each other is titled "(open inside)" instead of drawing its N² edges.
   * Node ids derive from names (`production/api` → `production___api`), so adding a workload
   * changes only its own lines. Renders on GitHub.
   *
   * @param options what to show
   */
  public toMermaid(options: DiagramOptions = {}): string {
    return renderMermaidView(this.view('Reachability.toMermaid', options));
  }

  /**
   * The same picture as `toMermaid` in Graphviz DOT (`dot -Tsvg`): one `cluster_` subgraph per
   * namespace, the same node ids, edges, outside ranges and legend.
   *
   * @param options what to show
   * @see https://graphviz.org/doc/info/lang.html
   */
  public toDot(options: DiagramOptions = {}): string {
    return renderDotView(this.view('Reachability.toDot', options));
  }

  /**
   * The nodes and edges every picture is drawn from (the CLI filters them). With `focus`, only the
   * edges from and to that workload: all a focused picture draws.
   *
   * @internal
   */
  public _picture(focus?: string): { readonly nodes: PictureNode[]; readonly edges: PictureEdge[] } {
    const nodes: PictureNode[] = this.model.workloads.map((w) => ({
      key: w.id,
      namespace: w.namespace,
      name: w.name,
      assumed: w.assumption !== undefined,
      outside: false,
      declared: w.ports.map((p) => `${p.port}/${p.protocol}`),
    }));
    const edges: PictureEdge[] = (focus === undefined ? this.allFlows() : this._flowsTouching(focus))
      .map((f) => ({ from: f.from, to: f.to, ports: [`${f.port}/${f.protocol}`] }));
    // The outside world: per workload and direction, the addresses allowing the same ports are
    // one node (`0.0.0.0/0 except 10.0.0.0/8`), shared by every workload with that set.
    const outside = new Map<string, PictureNode>();
    for (const w of this.model.workloads) {
      if (focus !== undefined && w.id !== focus) continue;
      for (const direction of ['ingress', 'egress'] as const) {
        for (const { ranges, ports } of outsideEdges(this.matrix.outside(w, direction))) {
          const { key, name } = describeRanges(ranges);
          if (!outside.has(key)) outside.set(key, { key, name, assumed: false, outside: true });
          edges.push(direction === 'ingress' ? { from: key, to: w.id, ports } : { from: w.id, to: key, ports });
        }
      }
    }
    return { nodes: [...nodes, ...outside.values()], edges };
  }

  private view(method: string, options: DiagramOptions): PictureView {
    const focus = this.checkDiagramOptions(method, options);
    const { nodes, edges } = this._picture(focus);
    return pictureView(nodes, edges, { showAssumed: options.showAssumed === true, focus });
  }

  /** Checks the options at run time (plain-JavaScript callers); returns the focused workload. */
  private checkDiagramOptions(method: string, options: unknown): string | undefined {
    checkProps(method, options, DIAGRAM_OPTIONS, 'options');
    const { focus } = options as DiagramOptions;
    if (focus === undefined) return undefined;
    const found = typeof focus === 'string' ? lookupWorkload(focus, "'focus'", this.model.workloads, this.byId) : {};
    if (found.workload) return found.workload.id;
    if (found.problem) throw new Error(`${method}: ${found.problem}`);
    throw new Error(`${method}: focus '${focus}' is not a workload; give one of the workloads, 'namespace/name'${didYouMean(String(focus), this.workloads)}`);
  }

  /**
   * The workload `value` names: its id, the name lists print (`ns/name[Kind]`, `ns/name[assumed]`)
   * or a Pod the workload groups (see `lookupWorkload`); throws in `method`'s voice otherwise.
   */
  private workload(value: unknown, method: string, role: string): WorkloadModel {
    if (typeof value === 'string') {
      const found = lookupWorkload(value, `'${role}'`, this.model.workloads, this.byId);
      if (found.workload) return found.workload;
      if (found.problem) throw new Error(`${method}: ${found.problem}`);
    }
    throw new Error(`${method}: unknown workload ${typeof value === 'string' ? `'${value}'` : show(value)} for '${role}'; `
      + `workloads are named 'namespace/name', e.g. ${this.suggest(value)}`);
  }

  /**
   * The id of the workload `value` names, as every method taking a workload resolves it; or why
   * the name is refused (a wrong kind, a name several kinds share); neither for an unknown name.
   * `role` is the argument as the caller names it in messages (`--from`). For the CLI.
   *
   * @internal
   */
  public _lookupWorkload(value: string, role: string): { readonly id?: string; readonly problem?: string } {
    const found = lookupWorkload(value, role, this.model.workloads, this.byId);
    return found.workload ? { id: found.workload.id } : { problem: found.problem };
  }

  /** A few known workloads, those that look like `value` first. */
  private suggest(value: unknown): string {
    const known = this.model.workloads.map((w) => w.id);
    if (known.length === 0) return 'none: the manifests hold no workloads';
    const text = typeof value === 'string' ? value : '';
    const name = text.includes('/') ? text.slice(text.indexOf('/') + 1) : text;
    const ns = text.includes('/') ? text.slice(0, text.indexOf('/')) : '';
    const score = (id: string) => {
      const [wNs, wName] = id.split('/');
      return (wName === name ? 2 : 0) + (wNs === ns ? 1 : 0);
    };
    const picked = known.sort((a, b) => score(b) - score(a) || (a < b ? -1 : a > b ? 1 : 0)).slice(0, 5);
    const more = known.length - picked.length;
    return picked.map((id) => `'${id}'`).join(', ') + (more > 0 ? ` (and ${more} more)` : '');
  }

  private notes(source: WorkloadModel, target: WorkloadModel, port: number, protocol: Protocol): string[] {
    const notes: string[] = [];
    if (source.id === target.id) {
      notes.push('source and destination are the same workload: this is traffic between its pods (or a pod to its own IP), '
        + 'decided by the policies like any other pair; loopback inside a pod is never subject to NetworkPolicy');
    }
    for (const w of source.id === target.id ? [source] : [source, target]) {
      if (w.hostNetwork) {
        notes.push(`${w.id} uses hostNetwork: how NetworkPolicy applies to host-network pods is implementation-defined; `
          + 'this analysis treats its pods as pod-network pods');
        if (this.tiers.active) {
          notes.push(`${w.id} uses hostNetwork: "host-networked pods are not included in subject selection" of AdminNetworkPolicy, `
            + 'BaselineAdminNetworkPolicy and ClusterNetworkPolicy, nor in their pods/namespaces peers (a nodes peer or a networks peer holding every address matches them)');
        }
      }
      if (w.assumption) notes.push(`${w.id} is assumed (${w.assumption})`);
    }
    if (!target.ports.some((p) => p.port === port && p.protocol === protocol)) {
      notes.push(`${target.id} declares no container port ${protocol} ${port}; the verdict is what the policies allow, `
        + 'whether or not anything listens there');
    }
    for (const path of this.gatewayRoutes()) {
      if (path.dataPlane === source.id && path.workload === target.id && path.podPort === port && protocol === path.protocol) {
        notes.push(`outside → Gateway ${path.gateway} listener ${path.listener} (port ${path.listenerPort}${path.proxyPort !== undefined ? ` → proxy container port ${path.proxyPort}` : ''}) `
          + `→ ${path.route} → Service ${path.service}:${path.servicePort} → ${path.workload}:${path.podPort}; `
          + `outside clients ${path.fromOutside ? 'may' : 'may not'} reach the proxies`);
      }
    }
    for (const ns of [...new Set([source.namespace, target.namespace])]) {
      for (const id of this.invalidPolicies.get(ns) ?? []) {
        notes.push(`NetworkPolicy ${id} is invalid and was not evaluated (see problems)`);
      }
    }
    return notes;
  }
}

/** The outside client `exposure()` sends to an ingress controller (a documentation address, RFC 5737). */
const OUTSIDE_CLIENT = '203.0.113.1';

/** The ports an ingress controller serves clients on: its declared container ports, else 80 and 443. */
function controllerPorts(controller: WorkloadModel): number[] {
  const declared = controller.ports.filter((p) => p.protocol === 'TCP').map((p) => p.port);
  return declared.length > 0 ? declared : [80, 443];
}

function end(w: WorkloadModel): ExplainedEnd {
  return { label: workloadLabel(w), name: w.id, namespace: w.namespace };
}

function checkPortAndProtocol(method: string, port: unknown, protocol: unknown): Protocol {
  if (!isPortNumber(port)) {
    throw new Error(`${method}: port must be an integer in 1-65535, got ${show(port)}`);
  }
  if (protocol === undefined || protocol === null) return 'TCP';
  const upper = typeof protocol === 'string' ? protocol.toUpperCase() : '';
  if (!isProtocol(upper)) {
    throw new Error(`${method}: protocol ${typeof protocol === 'string' ? `'${protocol}'` : show(protocol)} is not one of TCP, UDP, SCTP`);
  }
  return upper;
}

function checkCidrs(caller: string, cidrs: unknown): AddressRange[] {
  if (!Array.isArray(cidrs)) {
    throw new Error(`${caller}: podCidrs must be a list of CIDRs, got ${cidrs === null ? 'null' : typeof cidrs}; e.g. ['10.244.0.0/16']`);
  }
  return cidrs.flatMap((cidr, i) => {
    const parsed = typeof cidr === 'string' ? parseCidr(cidr) : undefined;
    if (!parsed) throw new Error(`${caller}: podCidrs[${i}] ${JSON.stringify(cidr) ?? String(cidr)} is not a CIDR; give e.g. '10.244.0.0/16' or 'fd00:10:244::/56'`);
    return ipBlockRanges({ cidr: parsed, except: [], text: cidr });
  });
}

function checkAddress(method: string, address: unknown): Endpoint {
  const parsed = typeof address === 'string' ? parseAddress(address) : undefined;
  if (!parsed) {
    throw new Error(`${method}: address ${typeof address === 'string' ? `'${address}'` : show(address)} is not an IP address; give one IPv4 or IPv6 address, not a CIDR or a name`);
  }
  return { kind: 'address', address: parsed };
}

/** The objects of `chart` (not of nested charts) in cdk8s's rendering order, without validation. */
function chartObjects(chart: Chart): any[] {
  return new DependencyGraph(chart.node).topology()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === chart)
    .map((o) => o.toJson());
}

/**
 * `options` with the workloads the objects' `netpatterns.dev/assume-workloads` annotations declare
 * and do not hold added after its own `extraWorkloads` (which `_build` checks: options it would
 * refuse are passed on unchanged).
 */
function withDeclaredWorkloads(objects: readonly unknown[], options: ReachabilityOptions): ReachabilityOptions {
  const extra: unknown = options?.extraWorkloads;
  if (options === null || typeof options !== 'object'
    || (extra !== undefined && (!Array.isArray(extra) || extra.some((w) => w === null || typeof w !== 'object')))) {
    return options;
  }
  const given = options.extraWorkloads ?? [];
  // A declared workload whose pods a given one already stands for (same namespace and labels) is that one.
  const declared = absentWorkloads(annotatedAbsentWorkloads(objects as any[]),
    given.filter((w) => typeof w.namespace === 'string' && w.podLabels !== null && typeof w.podLabels === 'object'));
  return declared.length === 0 ? options : { ...options, extraWorkloads: mergeWorkloads(given, declared) };
}
