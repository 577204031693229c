/**
 * The parsed view of a set of manifests that every lint rule reads (internal).
 *
 * Built once per `lint()` call in one pass over the objects, with per-namespace indexes, so that
 * each rule runs in O(objects). The raw JSON is never modified.
 */
import { asArray, asLabels, Labels, matchesLabelMap } from './_selectors';
import { declaredDataPlanes } from '../analysis/_gateway';
import { ACME_SOLVER_LABELS, DNS_LABELS, INGRESS_LABELS } from '../analysis/_model';
import { Reachability, ReachabilityOptions } from '../analysis/reachability';

/** The label Kubernetes (≥ 1.21) puts on every Namespace: its name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** The namespace of a namespaced object that does not say (what `kubectl apply` uses by default). */
export const DEFAULT_NAMESPACE = 'default';

/** Kinds (group/kind) that are cluster-scoped; everything else with a namespace is namespaced. */
const CLUSTER_SCOPED = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'networking.k8s.io/IngressClass', 'scheduling.k8s.io/PriorityClass', 'node.k8s.io/RuntimeClass',
  'certificates.k8s.io/CertificateSigningRequest', 'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration', 'policy/PodSecurityPolicy',
  'cert-manager.io/ClusterIssuer', 'gateway.networking.k8s.io/GatewayClass',
  'snapshot.storage.k8s.io/VolumeSnapshotClass', 'snapshot.storage.k8s.io/VolumeSnapshotContent',
]);

/** Where each workload kind keeps its pod template. */
const WORKLOAD_KINDS: { [groupKind: string]: (o: any) => any } = {
  'apps/Deployment': o => o?.spec?.template,
  'apps/StatefulSet': o => o?.spec?.template,
  'apps/DaemonSet': o => o?.spec?.template,
  'apps/ReplicaSet': o => o?.spec?.template,
  '/ReplicationController': o => o?.spec?.template,
  'batch/Job': o => o?.spec?.template,
  'batch/CronJob': o => o?.spec?.jobTemplate?.spec?.template,
  '/Pod': o => ({ metadata: o?.metadata, spec: o?.spec }),
  // Older API groups still found in manifests in the wild.
  'extensions/Deployment': o => o?.spec?.template,
  'extensions/DaemonSet': o => o?.spec?.template,
  'extensions/ReplicaSet': o => o?.spec?.template,
};

/** Any object of the manifests. */
export interface ObjectEntry {
  /** The JSON as given. */
  readonly raw: any;
  /** API group ('' for core). */
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** The namespace (defaulted to `default`), or undefined for cluster-scoped objects. */
  readonly namespace?: string;
  /** `Kind/namespace/name` or `Kind/name`. */
  readonly ref: string;
  /** Position in the input, for stable "first one wins" choices. */
  readonly index: number;
}

/** A container of a pod template, with where it sits. */
export interface ContainerEntry {
  /** The container JSON. */
  readonly raw: any;
  readonly name: string;
  /** `container`, `init container` or `ephemeral container`. */
  readonly role: string;
}

/** A declared container port. */
export interface DeclaredPort {
  readonly container: string;
  readonly port: number;
  readonly protocol: string;
  readonly name?: string;
}

/** An object that runs pods, with its pod template. */
export interface WorkloadEntry extends ObjectEntry {
  readonly namespace: string;
  /** `namespace/name`, the analyzer's workload name. */
  readonly workload: string;
  /** The pod template metadata (labels, annotations). */
  readonly podMetadata: any;
  /** The pod spec. */
  readonly podSpec: any;
  /** The pod template labels. */
  readonly podLabels: Labels;
  /** All containers: regular, init and ephemeral. */
  readonly containers: ContainerEntry[];
  /** The ports declared by the regular containers. */
  readonly ports: DeclaredPort[];
}

/** A Service. */
export interface ServiceEntry extends ObjectEntry {
  readonly namespace: string;
  /** `ClusterIP` unless stated. */
  readonly type: string;
  /** The selector, undefined when absent or empty (a selector-less Service). */
  readonly selector?: Labels;
  /** `spec.ports`. */
  readonly ports: any[];
}

/** A namespace the manifests describe (by a Namespace object or by objects in it). */
export interface NamespaceEntry {
  readonly name: string;
  /** The Namespace object, when the manifests hold one. */
  readonly object?: ObjectEntry;
  /** The Namespace's labels, including `kubernetes.io/metadata.name`. */
  readonly labels: Labels;
}

/** A workload the analyzer assumes the cluster runs (CoreDNS, the ingress controller, …). */
export interface AssumedEntry {
  /** `namespace/name`. */
  readonly workload: string;
  readonly namespace: string;
  readonly podLabels: Labels;
  /** Labels its namespace carries besides `kubernetes.io/metadata.name`. */
  readonly namespaceLabels: Labels;
}

/** A namespaced object of a kind the rules index. */
export type NamespacedEntry = ObjectEntry & { readonly namespace: string };

/**
 * The manifests, parsed and indexed.
 */
export class LintContext {
  /** Every object with a `kind`, in input order. */
  public readonly objects: ObjectEntry[] = [];
  /**
   * Every workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
   * CronJob, Pod), except those whose controller is also in the input.
   */
  public readonly workloads: WorkloadEntry[];
  public readonly services: ServiceEntry[] = [];
  public readonly ingresses: NamespacedEntry[] = [];
  public readonly networkPolicies: NamespacedEntry[] = [];
  public readonly endpointSlices: NamespacedEntry[] = [];
  public readonly endpoints: NamespacedEntry[] = [];
  /** The namespaces the manifests describe, by name. */
  public readonly namespaces = new Map<string, NamespaceEntry>();

  private readonly parsedWorkloads: WorkloadEntry[] = [];
  private readonly workloadsByNs = new Map<string, WorkloadEntry[]>();
  /** Workloads by `namespace NUL key=value` of their pod labels. */
  private readonly workloadsByLabel = new Map<string, WorkloadEntry[]>();
  private readonly selections = new Map<string, WorkloadEntry[]>();
  private readonly servicesByNs = new Map<string, Map<string, ServiceEntry>>();
  private readonly servicesByName = new Map<string, ServiceEntry[]>();
  private readonly flat: any[];
  private readonly reachabilityOptions: ReachabilityOptions;
  private analysis?: Reachability;
  private assumedEntries?: AssumedEntry[];

  /**
   * Parses `objects`; `kind: List` (any `*List` with `items`) is flattened, and entries that are
   * not objects with a `kind` are ignored.
   */
  constructor(objects: readonly any[], reachabilityOptions: ReachabilityOptions = {}) {
    this.reachabilityOptions = reachabilityOptions;
    this.flat = flatten(objects);
    this.flat.forEach((raw, index) => {
      const entry = parseObject(raw, index);
      this.objects.push(entry);
      this.index(entry);
    });
    // A workload whose controller is also in the input (a dump of a live namespace lists the
    // Deployment, its ReplicaSets and their Pods) is represented by the controller, as the
    // analyzer does: otherwise one mistake would be reported three times.
    const present = new Set(this.parsedWorkloads.map(w => `${w.namespace}/${w.kind}/${w.name}`));
    const owned = (w: WorkloadEntry) => asArray(w.raw.metadata?.ownerReferences)
      .some(o => o?.controller === true && present.has(`${w.namespace}/${o.kind}/${o.name}`));
    this.workloads = this.parsedWorkloads.filter(w => !owned(w));
    for (const w of this.workloads) {
      push(this.workloadsByNs, w.namespace, w);
      for (const [k, v] of Object.entries(w.podLabels)) push(this.workloadsByLabel, `${w.namespace}\u0000${k}=${v}`, w);
    }
    for (const entry of this.objects) {
      if (entry.namespace !== undefined && !this.namespaces.has(entry.namespace)) {
        this.namespaces.set(entry.namespace, { name: entry.namespace, labels: { [NAMESPACE_NAME_LABEL]: entry.namespace } });
      }
    }
  }

  /**
   * The NetworkPolicy analysis of the manifests, built on first use (only the rules that need it
   * pay for it).
   */
  public get reachability(): Reachability {
    if (!this.analysis) this.analysis = Reachability.fromManifests(this.flat, this.reachabilityOptions);
    return this.analysis;
  }

  /**
   * The workloads the analyzer assumes besides the manifests (see `ReachabilityOptions`), with
   * the labels it gives them.
   */
  public get assumed(): AssumedEntry[] {
    if (this.assumedEntries) return this.assumedEntries;
    const known = new Set(this.workloads.map(w => w.workload));
    const extras = new Map((this.reachabilityOptions.extraWorkloads ?? []).map(e => [`${e.namespace}/${e.name}`, e]));
    const out: AssumedEntry[] = [];
    for (const id of this.reachability.workloads) {
      if (known.has(id)) continue;
      const namespace = id.slice(0, id.indexOf('/'));
      const name = id.slice(id.indexOf('/') + 1);
      const extra = extras.get(id);
      let podLabels: Labels | undefined;
      if (extra) podLabels = extra.podLabels;
      else if (id === 'kube-system/coredns') podLabels = DNS_LABELS;
      else if (id === 'ingress-nginx/ingress-nginx-controller') podLabels = INGRESS_LABELS;
      else if (name === 'cm-acme-http-solver') podLabels = ACME_SOLVER_LABELS;
      else podLabels = declaredDataPlanes(this.flat).find(p => `${p.namespace}/${p.name}` === id)?.podLabels;
      if (!podLabels) continue;
      out.push({ workload: id, namespace, podLabels: asLabels(podLabels), namespaceLabels: asLabels(extra?.namespaceLabels) });
    }
    this.assumedEntries = out;
    return out;
  }

  /** The workloads of a namespace, in input order. */
  public workloadsIn(namespace: string): WorkloadEntry[] {
    return this.workloadsByNs.get(namespace) ?? [];
  }

  /**
   * The workloads of `namespace` whose pod template labels match a Service-style selector, in
   * input order. Indexed by label and memoized: several rules ask for the same selectors.
   */
  public workloadsSelectedBy(namespace: string, selector: Labels): WorkloadEntry[] {
    const pairs = Object.entries(selector).map(([k, v]) => `${k}=${v}`).sort();
    const key = `${namespace}\u0000${pairs.join('\u0000')}`;
    let selected = this.selections.get(key);
    if (!selected) {
      let candidates = this.workloadsIn(namespace);
      for (const pair of pairs) {
        const list = this.workloadsByLabel.get(`${namespace}\u0000${pair}`) ?? [];
        if (list.length < candidates.length) candidates = list;
      }
      selected = candidates.filter(w => matchesLabelMap(selector, w.podLabels));
      this.selections.set(key, selected);
    }
    return selected;
  }

  /** The Service `name` in `namespace` (the first one, if defined twice). */
  public service(namespace: string, name: string): ServiceEntry | undefined {
    return this.servicesByNs.get(namespace)?.get(name);
  }

  /** Every Service named `name`, in any namespace. */
  public servicesNamed(name: string): ServiceEntry[] {
    return this.servicesByName.get(name) ?? [];
  }

  private index(entry: ObjectEntry): void {
    const groupKind = `${entry.group}/${entry.kind}`;
    const template = WORKLOAD_KINDS[groupKind];
    if (template && entry.namespace !== undefined) {
      this.parsedWorkloads.push(parseWorkload(entry as NamespacedEntry, template(entry.raw)));
      return;
    }
    const namespaced = entry as NamespacedEntry;
    switch (groupKind) {
      case '/Namespace':
        this.namespaces.set(entry.name, {
          name: entry.name,
          object: entry,
          labels: { ...asLabels(entry.raw.metadata?.labels), [NAMESPACE_NAME_LABEL]: entry.name },
        });
        break;
      case '/Service': {
        const spec = entry.raw.spec ?? {};
        const selector = asLabels(spec.selector);
        const service: ServiceEntry = {
          ...namespaced,
          type: typeof spec.type === 'string' ? spec.type : 'ClusterIP',
          selector: Object.keys(selector).length > 0 ? selector : undefined,
          ports: asArray(spec.ports),
        };
        this.services.push(service);
        let byName = this.servicesByNs.get(service.namespace);
        if (!byName) this.servicesByNs.set(service.namespace, byName = new Map());
        if (!byName.has(service.name)) byName.set(service.name, service);
        push(this.servicesByName, service.name, service);
        break;
      }
      case 'networking.k8s.io/Ingress':
      case 'extensions/Ingress':
        this.ingresses.push(namespaced);
        break;
      case 'networking.k8s.io/NetworkPolicy':
        this.networkPolicies.push(namespaced);
        break;
      case 'discovery.k8s.io/EndpointSlice':
        this.endpointSlices.push(namespaced);
        break;
      case '/Endpoints':
        this.endpoints.push(namespaced);
        break;
      default:
        break;
    }
  }
}

/** `Kind/namespace/name` or `Kind/name`. */
export function objectRef(kind: string, name: string, namespace?: string): string {
  return namespace === undefined ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
}

/** The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → ``). */
export function apiGroup(apiVersion: unknown): string {
  const v = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = v.indexOf('/');
  return slash < 0 ? '' : v.slice(0, slash);
}

/** True when objects of this group/kind live in no namespace. */
export function isClusterScoped(group: string, kind: string): boolean {
  return CLUSTER_SCOPED.has(`${group}/${kind}`);
}

/** The objects with a kind, `*List` objects replaced by their items (recursively). */
function flatten(objects: readonly any[]): any[] {
  const out: any[] = [];
  const visit = (o: any) => {
    if (!o || typeof o !== 'object' || Array.isArray(o) || typeof o.kind !== 'string') return;
    if (o.kind.endsWith('List') && Array.isArray(o.items)) o.items.forEach(visit);
    else out.push(o);
  };
  (Array.isArray(objects) ? objects : []).forEach(visit);
  return out;
}

function parseObject(raw: any, index: number): ObjectEntry {
  const group = apiGroup(raw.apiVersion);
  const kind: string = raw.kind;
  const name = String(raw.metadata?.name ?? raw.metadata?.generateName ?? '');
  const declared = raw.metadata?.namespace;
  let namespace: string | undefined;
  if (!isClusterScoped(group, kind)) {
    namespace = typeof declared === 'string' && declared.length > 0 ? declared : DEFAULT_NAMESPACE;
  }
  return { raw, group, kind, name, namespace, ref: objectRef(kind, name, namespace), index };
}

function parseWorkload(entry: NamespacedEntry, template: any): WorkloadEntry {
  const podSpec = template?.spec ?? {};
  const podMetadata = template?.metadata ?? {};
  const containers: ContainerEntry[] = [];
  const roles: Array<[string, string]> = [['containers', 'container'], ['initContainers', 'init container'], ['ephemeralContainers', 'ephemeral container']];
  for (const [field, role] of roles) {
    for (const c of asArray(podSpec[field])) {
      if (c && typeof c === 'object') containers.push({ raw: c, name: String(c.name ?? ''), role });
    }
  }
  const ports: DeclaredPort[] = [];
  for (const c of containers) {
    // Init containers that keep running (restartPolicy: Always, "sidecars") serve traffic too.
    const serves = c.role === 'container' || (c.role === 'init container' && c.raw.restartPolicy === 'Always');
    if (!serves) continue;
    for (const p of asArray(c.raw.ports)) {
      const port = Number(p?.containerPort);
      if (!Number.isInteger(port)) continue;
      ports.push({
        container: c.name,
        port,
        protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
        name: typeof p.name === 'string' ? p.name : undefined,
      });
    }
  }
  return {
    ...entry,
    workload: `${entry.namespace}/${entry.name}`,
    podMetadata,
    podSpec,
    podLabels: asLabels(podMetadata.labels),
    containers,
    ports,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
