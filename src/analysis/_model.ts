/**
 * Parses Kubernetes manifests (plain JSON objects) into the analysis model: namespaces with their
 * labels, workloads with their pod labels and container ports, and the NetworkPolicy objects to
 * compile; adds the workloads the cluster is assumed to run.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/
 */
import { PolicyCompiler } from './_compile';
import { certManagerGatewayNamespaces, declaredDataPlanes } from './_gateway';
import { Manifests, problemText, readManifests } from './_manifests';
import { operatorWorkloads } from './_operators';
import { ContainerPort, isPortName, isPortNumber, isProtocol, Protocol } from './_ports';
import { describe, isLabelKey, isLabelValue, isPlainObject, Labels, labelsWithGaps, makeSelector, selectorMatches } from './_selector';
import { pushTo } from '../_collections';
import {
  ACME_SOLVER_LABELS, CERT_MANAGER_ISSUER_ANNOTATIONS, compare, DNS_LABELS, DNS_NAMESPACE, DNS1123_LABEL, DNS1123_SUBDOMAIN,
  GATEWAY_DATA_PLANE_ANNOTATION, INGRESS_LABELS,
  INGRESS_NAMESPACE, NAMESPACE_NAME_LABEL,
} from '../_vocabulary';

/**
 * The name of a workload in lists and explanations: `namespace/name[Kind]` (its id itself when the
 * id carries the kind already, as for workloads of several kinds sharing one name).
 */
export function workloadLabel(w: { readonly id: string; readonly kind: string }): string {
  return w.id.endsWith(']') ? w.id : `${w.id}[${w.kind}]`;
}

/** A workload: every pod it runs carries `podLabels` and declares `ports`. */
export interface WorkloadModel {
  /** `namespace/name` */
  readonly id: string;
  /** The manifest kind, or `assumed` for a workload added by an assumption. */
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly podLabels: Labels;
  /** Sorted by port, then protocol; without duplicates. */
  readonly ports: readonly ContainerPort[];
  readonly hostNetwork: boolean;
  /**
   * For a host-network workload: the labels of the nodes its pods run on, as far as the manifests
   * tell (the assumed `kubernetes.io/os: linux`, and the pods' `nodeSelector`), which AdminNetworkPolicy
   * `nodes` peers match.
   */
  readonly nodeLabels?: Labels;
  /** Why the workload was assumed; undefined for workloads from the manifests. */
  readonly assumption?: string;
  /**
   * Set on assumed cluster components that run whatever the manifests hold (CoreDNS, the ingress
   * controller): two analyses compared (`diff`) both assume them when either does.
   */
  readonly clusterComponent?: boolean;
  /**
   * The manifest objects that make it up (`Pod/production/cog-agents-d54st`, …); empty for an
   * assumed workload.
   */
  readonly objects?: readonly string[];
  /**
   * False when the workload is named after a controller that is not in the manifests (pods grouped
   * under their DaemonSet, or under the Deployment of their ReplicaSet); true otherwise.
   */
  readonly ownerPresent?: boolean;
  /**
   * When its pods differ in some labels: `podLabels` plus those labels' values per pod (see
   * `labelsWithGaps`), for selector matching — a selector selects the workload only when it
   * selects every one of its pods. Undefined otherwise (then `podLabels` is matched).
   */
  readonly selectorLabels?: Labels;
  /**
   * The addresses of its pods when the manifests hold them (Pod objects of a live dump), one list
   * per pod: what AdminNetworkPolicy `networks` peers match pods by. Undefined otherwise.
   */
  readonly podIps?: readonly (readonly string[])[];
}

/** The labels selectors are matched against (see `WorkloadModel.selectorLabels`). */
export function selectorLabelsOf(w: WorkloadModel): Labels {
  return w.selectorLabels ?? w.podLabels;
}

export interface NamespaceModel {
  readonly name: string;
  /** Includes the automatic `kubernetes.io/metadata.name` label. */
  readonly labels: Labels;
}

/** A NetworkPolicy object, not yet validated. */
export interface PolicySource {
  /** `namespace/name` */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly object: Record<string, unknown>;
}

/**
 * An AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy object (cluster-scoped),
 * not yet validated.
 *
 * @see https://network-policy-api.sigs.k8s.io/api-overview/
 */
export interface AdminPolicySource {
  readonly kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy';
  readonly name: string;
  readonly object: Record<string, unknown>;
}

/** A Service object, not yet validated (read by the exposure analysis). */
export interface ServiceSource {
  readonly namespace: string;
  readonly name: string;
  readonly object: Record<string, unknown>;
}

export interface Model {
  /**
   * The objects the model was read from, as kubectl applies them: flat (lists replaced by their
   * items), the last definition of each object (see `Manifests.latestObjects`).
   */
  readonly objects: readonly unknown[];
  /** Sorted by id. */
  readonly workloads: readonly WorkloadModel[];
  /** Sorted by name. */
  readonly namespaces: readonly NamespaceModel[];
  /** In input order (a later object with the same namespace/name replaces an earlier one). */
  readonly policies: readonly PolicySource[];
  /** AdminNetworkPolicies and BaselineAdminNetworkPolicies, in input order (a later object of the same kind and name replaces an earlier one). */
  readonly adminPolicies: readonly AdminPolicySource[];
  /** Services, in input order (a later object with the same namespace/name replaces an earlier one). */
  readonly services: readonly ServiceSource[];
  readonly problems: string[];
}

/** A workload given by the caller (structurally the public `AssumedWorkload`). */
export interface ExtraWorkload {
  readonly namespace: string;
  readonly name: string;
  readonly podLabels: { [key: string]: string };
  readonly namespaceLabels?: { [key: string]: string };
  readonly ports?: ReadonlyArray<{ readonly port: number; readonly protocol?: string; readonly name?: string }>;
}

export interface ModelOptions {
  readonly assumeDns: boolean;
  readonly assumeIngressController: boolean;
  readonly assumeAcmeSolvers: boolean;
  readonly extraWorkloads: readonly ExtraWorkload[];
  /** Prefix of thrown messages, e.g. `Reachability.fromManifests`. */
  readonly caller: string;
}

export { NAMESPACE_NAME_LABEL };

/** What the assumptions assume (shared with the lint rules, which check policies against them). */
export { ACME_SOLVER_LABELS, DNS_LABELS, DNS_NAMESPACE, INGRESS_LABELS, INGRESS_NAMESPACE };
const ISSUER_ANNOTATIONS = CERT_MANAGER_ISSUER_ANNOTATIONS;

/** Kinds that also decide traffic but that this analysis does not evaluate. */
const UNEVALUATED_POLICY_KINDS = new Set([
  'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy',
  'GlobalNetworkPolicy', 'ClusterNetworkPolicy',
]);

/** The manifests a caller has already read, for the span of `withManifests`. */
let currentRead: { readonly objects: readonly unknown[]; readonly manifests: Manifests; readonly policies?: PolicyCompiler } | undefined;

/**
 * Runs `fn` with `manifests` standing for the read of `objects`, so that a model built from the
 * same array inside `fn` does not read it again (lint reads once, then asks the analyzer), and
 * compiles its NetworkPolicies with `policies` (compiled once for lint and analysis alike).
 */
export function withManifests<T>(objects: readonly unknown[], manifests: Manifests, fn: () => T, policies?: PolicyCompiler): T {
  const before = currentRead;
  currentRead = { objects, manifests, policies };
  try {
    return fn();
  } finally {
    currentRead = before;
  }
}

/** The policy compiler for `objects`: the caller's (see `withManifests`), or a fresh one. */
export function policyCompilerFor(objects: readonly unknown[]): PolicyCompiler {
  return (currentRead?.objects === objects ? currentRead.policies : undefined) ?? new PolicyCompiler();
}

/**
 * Builds the model. Input problems are collected, never thrown; invalid options throw.
 *
 * The objects are read by the one manifest model (`readManifests`, shared with lint): lists are
 * flattened as kubectl does, workloads are the group-aware workload kinds, grouped under the
 * controller of their pods (see `_manifests.ts`). Decisions where Kubernetes leaves room:
 * - An object without `metadata.namespace` is in `default`.
 * - A later object of the same kind, namespace and name replaces the earlier one (as `kubectl
 *   apply` would); workloads of different kinds with one `namespace/name` are analyzed apart,
 *   named `namespace/name[Kind]`.
 * - Container ports come from `containers` and from restartable init containers
 *   (`restartPolicy: Always`, the sidecar form), which serve traffic while the pod runs.
 */
export function buildModel(objects: readonly unknown[], options: ModelOptions): Model {
  const manifests = currentRead?.objects === objects ? currentRead.manifests : readManifests(objects);
  const problems: string[] = manifests.problems.map(problemText);

  const namespaceLabels = new Map<string, Labels>();
  const referencedNamespaces = new Set<string>();
  const policies = new Map<string, PolicySource>();
  const adminPolicies = new Map<string, AdminPolicySource>();
  const services = new Map<string, ServiceSource>();
  const ingresses: Array<{ namespace: string; annotations: Record<string, unknown> }> = [];

  for (const entry of manifests.latest) {
    if (entry.group === '' && entry.kind === 'Namespace') {
      namespaceLabels.set(entry.name, manifests.namespaces.get(entry.name)!.labels);
    } else if (entry.kind === 'NetworkPolicy') {
      if (entry.apiVersion !== 'networking.k8s.io/v1') {
        problems.push(`${entry.ref}: apiVersion '${entry.apiVersion}' is not networking.k8s.io/v1; only Kubernetes NetworkPolicy is evaluated, this object is not`);
        continue;
      }
      policies.set(entry.ref, { id: `${entry.namespace}/${entry.name}`, namespace: entry.namespace!, name: entry.name, object: entry.raw });
      referencedNamespaces.add(entry.namespace!);
    } else if (entry.kind === 'AdminNetworkPolicy' || entry.kind === 'BaselineAdminNetworkPolicy') {
      // Cluster-scoped: a metadata.namespace is ignored, as the API server does. The apiVersion is
      // checked when the policy is compiled (a wrong one is listed in problems).
      adminPolicies.set(`${entry.kind}/${entry.name}`, { kind: entry.kind, name: entry.name, object: entry.raw });
    } else if (entry.kind === 'Service' && entry.group === '' && entry.namespace !== undefined) {
      services.set(entry.ref, { namespace: entry.namespace, name: entry.name, object: entry.raw });
    } else if (entry.kind === 'ClusterNetworkPolicy' && entry.group === 'policy.networking.k8s.io') {
      // v1alpha2 ClusterNetworkPolicy: the Admin and Baseline tiers in one kind, which replaces
      // AdminNetworkPolicy and BaselineAdminNetworkPolicy upstream (Antrea's ClusterNetworkPolicy,
      // crd.antrea.io, is another kind and is not evaluated).
      adminPolicies.set(`${entry.kind}/${entry.name}`, { kind: entry.kind, name: entry.name, object: entry.raw });
    } else if (UNEVALUATED_POLICY_KINDS.has(entry.kind)) {
      problems.push(`${entry.ref}: only networking.k8s.io/v1 NetworkPolicy is evaluated; the rules of this ${entry.kind} are not taken into account`);
    } else if (entry.kind === 'Ingress' && (entry.group === 'networking.k8s.io' || entry.group === 'extensions') && entry.namespace !== undefined) {
      const annotations = entry.raw.metadata?.annotations;
      ingresses.push({ namespace: entry.namespace, annotations: isPlainObject(annotations) ? annotations : {} });
    }
  }

  const workloads = new Map<string, WorkloadModel>();
  for (const g of manifests.workloads) {
    referencedNamespaces.add(g.namespace);
    workloads.set(g.id, {
      id: g.id,
      kind: g.kind,
      namespace: g.namespace,
      name: g.name,
      podLabels: g.podLabels,
      ports: uniquePorts(g.ports.map((p): ContainerPort => (p.name === undefined
        ? { port: p.port, protocol: p.protocol }
        : { port: p.port, protocol: p.protocol, name: p.name }))),
      hostNetwork: g.hostNetwork,
      nodeLabels: g.nodeLabels,
      objects: g.members.map((m) => m.ref),
      ownerPresent: g.ownerPresent,
      selectorLabels: g.labelGaps ? labelsWithGaps(g.podLabels, g.labelGaps) : undefined,
      podIps: g.podIps,
    });
  }

  addAssumptions(workloads, ingresses, options, problems);
  addDeclaredDataPlanes(workloads, manifests.latestObjects, options, problems);
  addOperatorWorkloads(workloads, manifests.latestObjects, problems);

  const extraNamespaceLabels = addExtraWorkloads(workloads, options, namespaceLabels);
  for (const w of workloads.values()) referencedNamespaces.add(w.namespace);
  for (const name of namespaceLabels.keys()) referencedNamespaces.add(name);

  const namespaces = [...referencedNamespaces].sort().map((name): NamespaceModel => ({
    name,
    labels: {
      ...extraNamespaceLabels.get(name),
      ...namespaceLabels.get(name),
      // "The Kubernetes control plane sets an immutable label kubernetes.io/metadata.name on all
      // namespaces, the value of the label is the namespace name."
      [NAMESPACE_NAME_LABEL]: name,
    },
  }));

  return {
    objects: manifests.latestObjects,
    workloads: [...workloads.values()].sort((a, b) => compare(a.id, b.id)),
    namespaces,
    policies: [...policies.values()],
    adminPolicies: [...adminPolicies.values()],
    services: [...services.values()],
    problems,
  };
}

function uniquePorts(ports: readonly ContainerPort[]): ContainerPort[] {
  const seen = new Map<string, ContainerPort>();
  for (const p of ports) {
    const key = `${p.port}/${p.protocol}/${p.name ?? ''}`;
    if (!seen.has(key)) seen.set(key, p.name === undefined ? { port: p.port, protocol: p.protocol } : p);
  }
  return [...seen.values()].sort((a, b) => a.port - b.port || compare(a.protocol, b.protocol) || compare(a.name ?? '', b.name ?? ''));
}

/** Whether a pod of `namespace` carries every label of `labels`. */
function anyMatches(byNamespace: ReadonlyMap<string, readonly WorkloadModel[]>, namespace: string, labels: Labels): boolean {
  const selector = makeSelector(Object.entries(labels).map(([key, value]) => ({ key, operator: 'In' as const, values: [value] })));
  return (byNamespace.get(namespace) ?? []).some((w) => selectorMatches(selector, selectorLabelsOf(w)));
}

/** Adds an assumed workload (unless its name is taken) to `workloads` and to `byNamespace`. */
function assume(
  workloads: Map<string, WorkloadModel>,
  byNamespace: Map<string, WorkloadModel[]>,
  w: Pick<WorkloadModel, 'namespace' | 'name' | 'podLabels' | 'ports' | 'assumption' | 'clusterComponent'>,
  option: string,
  problems: string[],
): void {
  const id = `${w.namespace}/${w.name}`;
  const existing = workloads.get(id);
  if (existing) {
    problems.push(`${option}: '${id}' is a ${existing.kind} in the manifests whose pods do not carry ${labelText(w.podLabels)}; nothing assumed`);
    return;
  }
  // A fixed-shape literal, not `{ ...w, … }`: in the V8 of Node 20 a spread gives every object a
  // hidden class of its own, and a thousand assumed workloads (one ACME solver per namespace) would
  // make every access to a workload model megamorphic.
  const added: WorkloadModel = {
    id,
    kind: 'assumed',
    namespace: w.namespace,
    name: w.name,
    podLabels: w.podLabels,
    ports: w.ports,
    hostNetwork: false,
    assumption: w.assumption,
    clusterComponent: w.clusterComponent,
  };
  workloads.set(id, added);
  pushTo(byNamespace, w.namespace, added);
}

function addAssumptions(
  workloads: Map<string, WorkloadModel>,
  ingresses: ReadonlyArray<{ namespace: string; annotations: Record<string, unknown> }>,
  options: ModelOptions,
  problems: string[],
): void {
  const byNamespace = new Map<string, WorkloadModel[]>();
  for (const w of workloads.values()) {
    const list = byNamespace.get(w.namespace);
    if (list) list.push(w);
    else byNamespace.set(w.namespace, [w]);
  }
  if (options.assumeDns && !anyMatches(byNamespace, DNS_NAMESPACE, DNS_LABELS)) {
    assume(workloads, byNamespace, {
      namespace: DNS_NAMESPACE,
      name: 'coredns',
      podLabels: DNS_LABELS,
      ports: [{ port: 53, protocol: 'TCP', name: 'dns-tcp' }, { port: 53, protocol: 'UDP', name: 'dns' }],
      assumption: 'assumeDns: the cluster DNS (CoreDNS, k8s-app=kube-dns in kube-system) is not in the manifests',
      clusterComponent: true,
    }, 'assumeDns', problems);
  }
  // ingress-nginx's controller is recognized by its pod labels in any namespace (charts install it
  // in `ingress-nginx` by default, but a release name and namespace of one's own are common).
  const controllerPresent = [...byNamespace.keys()].some((ns) => anyMatches(byNamespace, ns, INGRESS_LABELS));
  if (options.assumeIngressController && ingresses.length > 0 && !controllerPresent) {
    assume(workloads, byNamespace, {
      namespace: INGRESS_NAMESPACE,
      name: 'ingress-nginx-controller',
      podLabels: INGRESS_LABELS,
      ports: [{ port: 80, protocol: 'TCP', name: 'http' }, { port: 443, protocol: 'TCP', name: 'https' }],
      assumption: 'assumeIngressController: the manifests hold an Ingress but not the ingress-nginx controller that serves it',
      clusterComponent: true,
    }, 'assumeIngressController', problems);
  }
  if (options.assumeAcmeSolvers) {
    const namespaces = new Set(ingresses
      .filter((i) => ISSUER_ANNOTATIONS.some((a) => typeof i.annotations[a] === 'string' && i.annotations[a] !== ''))
      .map((i) => i.namespace));
    for (const namespace of [...namespaces].sort()) {
      assumeAcmeSolver(workloads, byNamespace, namespace, `an Ingress in ${namespace} asks cert-manager for a certificate`, problems);
    }
  }
}

/** Assumes cert-manager's HTTP-01 solver pod in `namespace` unless the manifests hold one; `why` says who asks. */
function assumeAcmeSolver(
  workloads: Map<string, WorkloadModel>,
  byNamespace: Map<string, WorkloadModel[]>,
  namespace: string,
  why: string,
  problems: string[],
): void {
  if (anyMatches(byNamespace, namespace, ACME_SOLVER_LABELS)) return;
  assume(workloads, byNamespace, {
    namespace,
    name: 'cm-acme-http-solver',
    podLabels: ACME_SOLVER_LABELS,
    ports: [{ port: 8089, protocol: 'TCP', name: 'http' }],
    assumption: `assumeAcmeSolvers: ${why}, whose ACME HTTP-01 solver pod runs there while an order is pending`,
  }, 'assumeAcmeSolvers', problems);
}

/**
 * Adds the proxy pods each Gateway declares in its `netpatterns.dev/gateway-data-plane`
 * annotation (see `_gateway.ts`), unless the manifests hold pods with those labels there: workload
 * `<data-plane namespace>/<gateway>-data-plane`, container ports = the listeners' mapped ports.
 */
function addDeclaredDataPlanes(workloads: Map<string, WorkloadModel>, objects: readonly unknown[], options: ModelOptions, problems: string[]): void {
  const byNamespace = new Map<string, WorkloadModel[]>();
  for (const w of workloads.values()) pushTo(byNamespace, w.namespace, w);
  if (options.assumeAcmeSolvers) {
    // cert-manager's gateway-shim creates the Certificates of a Gateway annotated with an issuer in
    // the Gateway's namespace; their HTTP-01 solver pods run there too.
    for (const namespace of certManagerGatewayNamespaces(objects)) {
      assumeAcmeSolver(workloads, byNamespace, namespace, `a Gateway in ${namespace} asks cert-manager for certificates`, problems);
    }
  }
  for (const plane of declaredDataPlanes(objects)) {
    if (Object.keys(plane.podLabels).length === 0 || anyMatches(byNamespace, plane.namespace, plane.podLabels)) continue;
    assume(workloads, byNamespace, {
      namespace: plane.namespace,
      name: plane.name,
      podLabels: plane.podLabels,
      ports: plane.ports.map((p): ContainerPort => ({ port: p.port, protocol: p.protocol as Protocol })),
      assumption: `Gateway ${plane.gateway.id} declares its proxies (annotation ${GATEWAY_DATA_PLANE_ANNOTATION})`,
    }, `Gateway ${plane.gateway.id}`, problems);
  }
}

/**
 * Adds the pods an operator runs for a custom resource of the manifests (a prometheus-operator
 * `Prometheus` or `Alertmanager`, see `_operators.ts`), named after the StatefulSet it creates,
 * unless the manifests hold that workload or pods with those labels in that namespace (a dump of
 * a live namespace holds the StatefulSet and its pods).
 */
function addOperatorWorkloads(workloads: Map<string, WorkloadModel>, objects: readonly unknown[], problems: string[]): void {
  const byNamespace = new Map<string, WorkloadModel[]>();
  for (const w of workloads.values()) pushTo(byNamespace, w.namespace, w);
  for (const run of operatorWorkloads(objects)) {
    if (workloads.has(`${run.namespace}/${run.name}`) || anyMatches(byNamespace, run.namespace, run.podLabels)) continue;
    assume(workloads, byNamespace, {
      namespace: run.namespace,
      name: run.name,
      podLabels: run.podLabels,
      ports: uniquePorts(run.ports.map((p): ContainerPort => ({ port: p.port, protocol: p.protocol, name: p.name }))),
      assumption: `${run.owner}: prometheus-operator runs its pods (StatefulSet ${run.name})`,
    }, run.owner, problems);
  }
}

/** Adds `extraWorkloads` (throwing on invalid input); returns the namespace labels they ask for. */
function addExtraWorkloads(
  workloads: Map<string, WorkloadModel>,
  options: ModelOptions,
  manifestNamespaceLabels: ReadonlyMap<string, Record<string, string>>,
): Map<string, Record<string, string>> {
  const nsLabels = new Map<string, Record<string, string>>();
  options.extraWorkloads.forEach((extra, i) => {
    const where = `${options.caller}: extraWorkloads[${i}]`;
    if (!isPlainObject(extra)) throw new Error(`${where} must be an object with namespace, name and podLabels`);
    if (typeof extra.namespace !== 'string' || extra.namespace.length > 63 || !DNS1123_LABEL.test(extra.namespace)) {
      throw new Error(`${where}: namespace ${describe(extra.namespace)} is not a valid namespace name (a DNS-1123 label: at most 63 lowercase letters, digits and '-')`);
    }
    if (typeof extra.name !== 'string' || extra.name.length > 253 || !DNS1123_SUBDOMAIN.test(extra.name)) {
      throw new Error(`${where}: name ${describe(extra.name)} is not a valid Kubernetes name (at most 253 lowercase letters, digits, '-' and '.')`);
    }
    const id = `${extra.namespace}/${extra.name}`;
    // Workloads of several kinds sharing the name hold it too (`ns/web[Deployment]`).
    const taken = workloads.get(id) ?? [...workloads.values()].find((w) => w.id.startsWith(`${id}[`));
    if (taken) {
      throw new Error(`${where}: '${id}' is already a workload (${taken.kind}); give extra workloads names the manifests do not use`);
    }
    const podLabels = checkLabels(extra.podLabels, `${where}.podLabels`);
    const namespaceLabels = extra.namespaceLabels === undefined ? {} : checkLabels(extra.namespaceLabels, `${where}.namespaceLabels`);
    const merged = { ...nsLabels.get(extra.namespace) };
    for (const [key, value] of Object.entries(namespaceLabels)) {
      const fromManifest = manifestNamespaceLabels.get(extra.namespace)?.[key] ?? merged[key];
      if (fromManifest !== undefined && fromManifest !== value) {
        throw new Error(`${where}.namespaceLabels: ${key}=${value} contradicts ${key}=${fromManifest} already set on namespace '${extra.namespace}'`);
      }
      merged[key] = value;
    }
    nsLabels.set(extra.namespace, merged);
    if (extra.ports !== undefined && !Array.isArray(extra.ports)) {
      throw new Error(`${where}.ports must be a list of { port, name?, protocol? }, got ${describe(extra.ports)}`);
    }
    const ports = (extra.ports ?? []).map((p, j): ContainerPort => {
      if (!isPlainObject(p as unknown)) throw new Error(`${where}.ports[${j}] must be an object { port, name?, protocol? }, got ${describe(p)}`);
      if (p.protocol !== undefined && typeof p.protocol !== 'string') {
        throw new Error(`${where}.ports[${j}]: protocol ${describe(p.protocol)} is not one of TCP, UDP, SCTP`);
      }
      const protocol = (p.protocol ?? 'TCP').toUpperCase();
      if (!isPortNumber(p.port)) throw new Error(`${where}.ports[${j}]: port must be a port number in 1-65535, got ${describe(p.port)}`);
      if (!isProtocol(protocol)) throw new Error(`${where}.ports[${j}]: protocol ${describe(p.protocol)} is not one of TCP, UDP, SCTP`);
      if (p.name !== undefined && (typeof p.name !== 'string' || !isPortName(p.name))) {
        throw new Error(`${where}.ports[${j}]: name ${describe(p.name)} is not a valid port name (at most 15 lowercase letters, digits and '-', with a letter)`);
      }
      return { port: p.port, protocol: protocol as Protocol, name: p.name };
    });
    workloads.set(id, {
      id,
      kind: 'assumed',
      namespace: extra.namespace,
      name: extra.name,
      podLabels,
      ports: uniquePorts(ports),
      hostNetwork: false,
      assumption: 'extraWorkloads: given in the options, not in the manifests',
    });
  });
  return nsLabels;
}

function checkLabels(raw: unknown, where: string): Record<string, string> {
  const proto = isPlainObject(raw) ? Object.getPrototypeOf(raw) : undefined;
  if (!isPlainObject(raw) || (proto !== Object.prototype && proto !== null)) {
    throw new Error(`${where} must be a map of label keys to values, got ${describe(raw)}`);
  }
  for (const [key, value] of Object.entries(raw)) {
    if (!isLabelKey(key)) throw new Error(`${where}: '${key}' is not a valid label key`);
    if (typeof value !== 'string' || !isLabelValue(value)) throw new Error(`${where}: ${key}=${describe(value)} is not a valid label value`);
  }
  return { ...(raw as Record<string, string>) };
}

function labelText(labels: Labels): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
}

export { compare };
