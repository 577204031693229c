/**
 * Parses Kubernetes manifests (plain JSON objects) into the analysis model: namespaces with their
 * labels, workloads with their pod labels and container ports, and the NetworkPolicy objects to
 * compile; adds the workloads the cluster is assumed to run.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/
 */
import { ContainerPort, isPortName, isPortNumber, isProtocol, Protocol } from './_ports';
import { describe, isLabelKey, isLabelValue, isPlainObject, Labels, makeSelector, selectorMatches } from './_selector';

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
  /** Why the workload was assumed; undefined for workloads from the manifests. */
  readonly assumption?: string;
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
 * An AdminNetworkPolicy or BaselineAdminNetworkPolicy object (cluster-scoped), not yet validated.
 *
 * @see https://network-policy-api.sigs.k8s.io/api-overview/
 */
export interface AdminPolicySource {
  readonly kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
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

/** The namespace label every namespace carries: "the value of the label is the namespace name". */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** What the assumptions assume (shared with the lint rules, which check policies against them). */
export const DNS_NAMESPACE = 'kube-system';
export const DNS_LABELS: Labels = { 'k8s-app': 'kube-dns' };
export const INGRESS_NAMESPACE = 'ingress-nginx';
export const INGRESS_LABELS: Labels = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };
export const ACME_SOLVER_LABELS: Labels = { 'acme.cert-manager.io/http01-solver': 'true' };
const ISSUER_ANNOTATIONS = ['cert-manager.io/cluster-issuer', 'cert-manager.io/issuer'];

/** Where each workload kind keeps its pod template. */
const TEMPLATE_PATHS: Record<string, readonly string[] | undefined> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
};

/** Kinds that also decide traffic but that this analysis does not evaluate. */
const UNEVALUATED_POLICY_KINDS = new Set([
  'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy',
  'GlobalNetworkPolicy', 'ClusterNetworkPolicy',
]);

interface Meta {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly ref: string;
}

interface ParsedWorkload {
  readonly model: WorkloadModel;
  readonly owners: readonly string[];
}

/**
 * Builds the model. Input problems are collected, never thrown; invalid options throw.
 *
 * Decisions where Kubernetes leaves room:
 * - `kind: List` (and any `*List` kind with `items`) is flattened; `null` entries (empty YAML
 *   documents) are skipped.
 * - An object without `metadata.namespace` is in `default`.
 * - A later object of the same kind, namespace and name replaces the earlier one (as `kubectl
 *   apply` would); two workloads of different kinds with one `namespace/name` keep the first.
 * - A workload whose controller (an `ownerReferences` entry with `controller: true`) is also in
 *   the input is left out: its pods are the owner's (a `kubectl get -o yaml` dump lists a
 *   Deployment, its ReplicaSet and their Pods).
 * - Container ports come from `containers` and from restartable init containers
 *   (`restartPolicy: Always`, the sidecar form), which serve traffic while the pod runs.
 */
export function buildModel(objects: readonly unknown[], options: ModelOptions): Model {
  const problems: string[] = [];
  const flat: Array<Record<string, unknown>> = [];
  flatten(objects, 'object', flat, problems);

  const namespaceLabels = new Map<string, Record<string, string>>();
  const referencedNamespaces = new Set<string>();
  const byRef = new Map<string, ParsedWorkload>();
  const policies = new Map<string, PolicySource>();
  const adminPolicies = new Map<string, AdminPolicySource>();
  const services = new Map<string, ServiceSource>();
  const ingresses: Array<{ namespace: string; annotations: Record<string, unknown> }> = [];
  const seenRefs = new Set<string>();

  for (const obj of flat) {
    const meta = readMeta(obj, problems);
    if (!meta) continue;
    if (meta.kind !== 'Namespace' && seenRefs.has(meta.ref)) {
      problems.push(`${meta.ref}: defined more than once; the last definition is used (as kubectl apply would)`);
    }
    seenRefs.add(meta.ref);
    const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : undefined;

    if (meta.kind === 'Namespace') {
      if (namespaceLabels.has(meta.name)) problems.push(`Namespace/${meta.name}: defined more than once; the last definition is used`);
      namespaceLabels.set(meta.name, readLabels((obj.metadata as Record<string, unknown>).labels, `Namespace/${meta.name}: metadata.labels`, problems));
    } else if (TEMPLATE_PATHS[meta.kind] !== undefined) {
      const parsed = readWorkload(obj, meta, problems);
      if (parsed) {
        byRef.set(meta.ref, parsed);
        referencedNamespaces.add(meta.namespace);
      }
    } else if (meta.kind === 'NetworkPolicy') {
      if (apiVersion !== undefined && apiVersion !== 'networking.k8s.io/v1') {
        problems.push(`${meta.ref}: apiVersion '${apiVersion}' is not networking.k8s.io/v1; only Kubernetes NetworkPolicy is evaluated, this object is not`);
        continue;
      }
      policies.set(meta.ref, { id: `${meta.namespace}/${meta.name}`, namespace: meta.namespace, name: meta.name, object: obj });
      referencedNamespaces.add(meta.namespace);
    } else if (meta.kind === 'AdminNetworkPolicy' || meta.kind === 'BaselineAdminNetworkPolicy') {
      // Cluster-scoped: a metadata.namespace is ignored, as the API server does.
      adminPolicies.set(`${meta.kind}/${meta.name}`, { kind: meta.kind, name: meta.name, object: obj });
    } else if (meta.kind === 'Service') {
      services.set(meta.ref, { namespace: meta.namespace, name: meta.name, object: obj });
    } else if (UNEVALUATED_POLICY_KINDS.has(meta.kind)) {
      problems.push(`${meta.ref}: only networking.k8s.io/v1 NetworkPolicy is evaluated; the rules of this ${meta.kind} are not taken into account`);
    } else if (meta.kind === 'Ingress') {
      const annotations = (obj.metadata as Record<string, unknown>).annotations;
      ingresses.push({ namespace: meta.namespace, annotations: isPlainObject(annotations) ? annotations : {} });
    }
  }

  const workloads = new Map<string, WorkloadModel>();
  for (const [ref, parsed] of byRef) {
    if (parsed.owners.some((owner) => byRef.has(owner))) continue;
    const w = parsed.model;
    const existing = workloads.get(w.id);
    if (existing) {
      problems.push(`${ref}: workload name '${w.id}' is already used by a ${existing.kind}; only the ${existing.kind} is analyzed`);
      continue;
    }
    workloads.set(w.id, w);
  }

  addAssumptions(workloads, ingresses, options, problems);

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
    workloads: [...workloads.values()].sort((a, b) => compare(a.id, b.id)),
    namespaces,
    policies: [...policies.values()],
    adminPolicies: [...adminPolicies.values()],
    services: [...services.values()],
    problems,
  };
}

function flatten(items: readonly unknown[], path: string, out: Array<Record<string, unknown>>, problems: string[]): void {
  items.forEach((item, i) => {
    const here = `${path} #${i}`;
    if (item === null || item === undefined) return;
    if (!isPlainObject(item)) {
      problems.push(`${here}: not a Kubernetes object (got ${describe(item)}); skipped`);
      return;
    }
    if (typeof item.kind === 'string' && item.kind.endsWith('List') && Array.isArray(item.items)) {
      flatten(item.items, `${here} items`, out, problems);
      return;
    }
    if (typeof item.kind !== 'string' || item.kind === '') {
      problems.push(`${here}: has no kind; skipped`);
      return;
    }
    out.push(item);
  });
}

function readMeta(obj: Record<string, unknown>, problems: string[]): Meta | undefined {
  const kind = obj.kind as string;
  const metadata = obj.metadata;
  const name = isPlainObject(metadata) ? metadata.name : undefined;
  if (typeof name !== 'string' || name === '') {
    problems.push(`${kind}: an object without metadata.name; skipped`);
    return undefined;
  }
  const ns = (metadata as Record<string, unknown>).namespace;
  const namespace = typeof ns === 'string' && ns !== '' ? ns : 'default';
  return { kind, name, namespace, ref: kind === 'Namespace' ? `Namespace/${name}` : `${kind}/${namespace}/${name}` };
}

function readLabels(raw: unknown, path: string, problems: string[]): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) {
    problems.push(`${path}: must be a map of strings, got ${describe(raw)}; labels ignored`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string' || !isLabelKey(key) || !isLabelValue(value)) {
      problems.push(`${path}: label ${key}=${describe(value)} is not a valid label; ignored`);
      continue;
    }
    out[key] = value;
  }
  return out;
}

function readWorkload(obj: Record<string, unknown>, meta: Meta, problems: string[]): ParsedWorkload | undefined {
  let template: unknown = obj;
  for (const step of TEMPLATE_PATHS[meta.kind] ?? []) {
    template = isPlainObject(template) ? template[step] : undefined;
  }
  const path = meta.kind === 'CronJob' ? 'spec.jobTemplate.spec.template' : meta.kind === 'Pod' ? '' : 'spec.template';
  if (!isPlainObject(template)) {
    problems.push(`${meta.ref}: has no pod template at ${path}; skipped`);
    return undefined;
  }
  const templateMeta = template.metadata;
  const podLabels = readLabels(isPlainObject(templateMeta) ? templateMeta.labels : undefined,
    `${meta.ref}: ${path === '' ? '' : `${path}.`}metadata.labels`, problems);
  const podSpec = template.spec;
  const spec = isPlainObject(podSpec) ? podSpec : {};
  const specPath = path === '' ? 'spec' : `${path}.spec`;

  const ports: ContainerPort[] = [];
  const containers = Array.isArray(spec.containers) ? spec.containers : [];
  const inits = Array.isArray(spec.initContainers) ? spec.initContainers : [];
  const sources: Array<[unknown, string]> = [
    ...containers.map((c, i): [unknown, string] => [c, `${specPath}.containers[${i}]`]),
    ...inits.map((c, i): [unknown, string] => [c, `${specPath}.initContainers[${i}]`])
      .filter(([c]) => isPlainObject(c) && c.restartPolicy === 'Always'),
  ];
  for (const [container, cPath] of sources) {
    if (!isPlainObject(container) || !Array.isArray(container.ports)) continue;
    container.ports.forEach((p, i) => {
      const port = readContainerPort(p, `${meta.ref}: ${cPath}.ports[${i}]`, problems);
      if (port) ports.push(port);
    });
  }

  const owners: string[] = [];
  const refs = isPlainObject(obj.metadata) ? obj.metadata.ownerReferences : undefined;
  if (Array.isArray(refs)) {
    for (const r of refs) {
      if (isPlainObject(r) && r.controller === true && typeof r.kind === 'string' && typeof r.name === 'string') {
        owners.push(`${r.kind}/${meta.namespace}/${r.name}`);
      }
    }
  }

  return {
    owners,
    model: {
      id: `${meta.namespace}/${meta.name}`,
      kind: meta.kind,
      namespace: meta.namespace,
      name: meta.name,
      podLabels,
      ports: uniquePorts(ports),
      hostNetwork: spec.hostNetwork === true,
    },
  };
}

function readContainerPort(raw: unknown, path: string, problems: string[]): ContainerPort | undefined {
  if (!isPlainObject(raw)) {
    problems.push(`${path}: must be an object with containerPort; ignored`);
    return undefined;
  }
  const protocol = raw.protocol ?? 'TCP';
  if (!isPortNumber(raw.containerPort)) {
    problems.push(`${path}.containerPort: ${describe(raw.containerPort)} is not a port number 1-65535; ignored`);
    return undefined;
  }
  if (!isProtocol(protocol)) {
    problems.push(`${path}.protocol: ${describe(protocol)} is not one of TCP, UDP, SCTP; ignored`);
    return undefined;
  }
  if (raw.name !== undefined && (typeof raw.name !== 'string' || !isPortName(raw.name))) {
    problems.push(`${path}.name: ${describe(raw.name)} is not a valid port name (IANA_SVC_NAME: at most 15 lowercase letters, digits and '-'); ignored`);
    return undefined;
  }
  return { port: raw.containerPort, protocol, name: raw.name as string | undefined };
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
  return (byNamespace.get(namespace) ?? []).some((w) => selectorMatches(selector, w.podLabels));
}

/** Adds an assumed workload (unless its name is taken) to `workloads` and to `byNamespace`. */
function assume(
  workloads: Map<string, WorkloadModel>,
  byNamespace: Map<string, WorkloadModel[]>,
  w: Omit<WorkloadModel, 'id' | 'kind' | 'hostNetwork'>,
  option: string,
  problems: string[],
): void {
  const id = `${w.namespace}/${w.name}`;
  const existing = workloads.get(id);
  if (existing) {
    problems.push(`${option}: '${id}' is a ${existing.kind} in the manifests whose pods do not carry ${labelText(w.podLabels)}; nothing assumed`);
    return;
  }
  const added: WorkloadModel = { ...w, id, kind: 'assumed', hostNetwork: false };
  workloads.set(id, added);
  byNamespace.set(w.namespace, [...(byNamespace.get(w.namespace) ?? []), added]);
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
    }, 'assumeDns', problems);
  }
  if (options.assumeIngressController && ingresses.length > 0 && !anyMatches(byNamespace, INGRESS_NAMESPACE, INGRESS_LABELS)) {
    assume(workloads, byNamespace, {
      namespace: INGRESS_NAMESPACE,
      name: 'ingress-nginx-controller',
      podLabels: INGRESS_LABELS,
      ports: [{ port: 80, protocol: 'TCP', name: 'http' }, { port: 443, protocol: 'TCP', name: 'https' }],
      assumption: 'assumeIngressController: the manifests hold an Ingress but not the ingress-nginx controller that serves it',
    }, 'assumeIngressController', problems);
  }
  if (options.assumeAcmeSolvers) {
    const namespaces = new Set(ingresses
      .filter((i) => ISSUER_ANNOTATIONS.some((a) => typeof i.annotations[a] === 'string' && i.annotations[a] !== ''))
      .map((i) => i.namespace));
    for (const namespace of [...namespaces].sort()) {
      if (anyMatches(byNamespace, namespace, ACME_SOLVER_LABELS)) continue;
      assume(workloads, byNamespace, {
        namespace,
        name: 'cm-acme-http-solver',
        podLabels: ACME_SOLVER_LABELS,
        ports: [{ port: 8089, protocol: 'TCP', name: 'http' }],
        assumption: `assumeAcmeSolvers: an Ingress in ${namespace} asks cert-manager for a certificate, whose ACME HTTP-01 solver pod runs there while an order is pending`,
      }, 'assumeAcmeSolvers', problems);
    }
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
    for (const field of ['namespace', 'name'] as const) {
      if (typeof extra[field] !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(extra[field])) {
        throw new Error(`${where}: ${field} ${describe(extra[field])} is not a valid Kubernetes name (lowercase letters, digits, '-' and '.')`);
      }
    }
    const id = `${extra.namespace}/${extra.name}`;
    if (workloads.has(id)) {
      throw new Error(`${where}: '${id}' is already a workload (${workloads.get(id)!.kind}); give extra workloads names the manifests do not use`);
    }
    const podLabels = checkLabels(extra.podLabels, `${where}.podLabels`);
    const namespaceLabels = checkLabels(extra.namespaceLabels ?? {}, `${where}.namespaceLabels`);
    const merged = { ...nsLabels.get(extra.namespace) };
    for (const [key, value] of Object.entries(namespaceLabels)) {
      const fromManifest = manifestNamespaceLabels.get(extra.namespace)?.[key] ?? merged[key];
      if (fromManifest !== undefined && fromManifest !== value) {
        throw new Error(`${where}.namespaceLabels: ${key}=${value} contradicts ${key}=${fromManifest} already set on namespace '${extra.namespace}'`);
      }
      merged[key] = value;
    }
    nsLabels.set(extra.namespace, merged);
    const ports = (extra.ports ?? []).map((p, j): ContainerPort => {
      const protocol = (p.protocol ?? 'TCP').toUpperCase();
      if (!isPortNumber(p.port)) throw new Error(`${where}.ports[${j}]: port ${describe(p.port)} is outside 1-65535`);
      if (!isProtocol(protocol)) throw new Error(`${where}.ports[${j}]: protocol ${describe(p.protocol)} is not one of TCP, UDP, SCTP`);
      if (p.name !== undefined && !isPortName(p.name)) {
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
  if (!isPlainObject(raw)) throw new Error(`${where} must be a map of label keys to values`);
  for (const [key, value] of Object.entries(raw)) {
    if (!isLabelKey(key)) throw new Error(`${where}: '${key}' is not a valid label key`);
    if (typeof value !== 'string' || !isLabelValue(value)) throw new Error(`${where}: ${key}=${describe(value)} is not a valid label value`);
  }
  return { ...(raw as Record<string, string>) };
}

function labelText(labels: Labels): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
