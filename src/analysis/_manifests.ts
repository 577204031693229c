/**
 * The one manifest model (internal): how the analyzer, lint and the CLI read Kubernetes objects.
 *
 * One pass over plain JSON objects flattens lists as kubectl does, identifies every object by
 * group, kind, namespace and name, reads the workloads (objects that run pods) with their pod
 * template, and groups them under the controller that owns their pods. The analyzer
 * (`_model.ts`) and lint (`lint/_context.ts`) both build on it, so they agree on what a workload
 * is and on every name.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/
 */
import { parseAddress } from './_ipblock';
import { isPortName, isPortNumber, isProtocol, Protocol } from './_ports';
import { describe, isLabelKey, isLabelValue, isPlainObject } from './_selector';
import { hasOwn, pushTo } from '../_collections';
import {
  apiGroup, ASSUMED_NODE_LABELS, compare, DEFAULT_NAMESPACE, DNS1035_LABEL, DNS1123_LABEL, DNS1123_SUBDOMAIN, isClusterScoped,
  NAMESPACE_NAME_LABEL, objectRef, POD_TEMPLATE_HASH_LABEL, workloadTemplatePath,
} from '../_vocabulary';

/** A label map. */
export type Labels = { readonly [key: string]: string };

/** An entry of the input that is not a Kubernetes object, and why. */
export interface SkippedEntry {
  /** Where it is: `object #3`, `deploy.yaml (document 2)`, `… items[4]`. */
  readonly where: string;
  /** `is not a mapping (got a list)`, `has no apiVersion`, … */
  readonly reason: string;
  /** Its kind, when it has one (an object without apiVersion). */
  readonly kind?: string;
  /** `Kind/namespace/name`, when it has a kind. */
  readonly ref?: string;
}

/** Something the API server would reject, or that the analysis cannot use, in one object. */
export interface ManifestProblem {
  /** `Kind/namespace/name` or `Kind/name` (or the `where` of a skipped entry). */
  readonly object: string;
  /** What is wrong, without the object. */
  readonly message: string;
  /**
   * `invalid`: the API server would reject the object (lint reports it at error level);
   * `note`: the object is valid but the analysis reads it in a way worth saying.
   */
  readonly level: 'invalid' | 'note';
}

/** One Kubernetes object of the input. */
export interface ObjectEntry {
  /** The JSON as given (list items that lacked kind/apiVersion get the list's). */
  readonly raw: any;
  readonly apiVersion: string;
  /** API group ('' for core). */
  readonly group: string;
  readonly kind: string;
  /** `metadata.name` (or `metadata.generateName`); '' when the object has neither. */
  readonly name: string;
  /** The namespace (defaulted to `default`), or undefined for cluster-scoped objects. */
  readonly namespace?: string;
  /** `Kind/namespace/name` or `Kind/name`. */
  readonly ref: string;
  /** Position among the objects, for stable "first one wins" choices. */
  readonly index: number;
}

/** A namespaced object. */
export type NamespacedEntry = ObjectEntry & { readonly namespace: string };

/** A container of a pod template, with where it sits. */
export interface ContainerEntry {
  /** The container JSON. */
  readonly raw: any;
  readonly name: string;
  /** `container`, `init container` or `ephemeral container`. */
  readonly role: string;
}

/** A declared container port, valid as the API server checks it. */
export interface DeclaredPort {
  readonly container: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly name?: string;
}

/** The controller of an object (its `ownerReferences` entry with `controller: true`). */
export interface OwnerEntry {
  readonly apiVersion?: string;
  /** Its kind; `Pod` when the reference names none (see `kindless`). */
  readonly kind: string;
  readonly name: string;
  /**
   * The reference has no `kind` (the API server requires one, but hand-written and generated
   * manifests omit it): the pods are still grouped under the owner's name, shown as `[Pod]` as
   * np-guard's netpol-analyzer shows them, and never matched with an object of the input.
   */
  readonly kindless?: boolean;
}

/** An object that runs pods, with its pod template. */
export interface WorkloadEntry extends NamespacedEntry {
  /** `namespace/name` of the workload it belongs to (its own, or its controller's). */
  readonly workload: string;
  /** The pod template metadata (labels, annotations); `{}` when absent. */
  readonly podMetadata: any;
  /** The pod spec; `{}` when absent. */
  readonly podSpec: any;
  /** The valid pod template labels. */
  readonly podLabels: Labels;
  /** All containers: regular, init and ephemeral. */
  readonly containers: ContainerEntry[];
  /** The valid ports of the containers that serve traffic (regular and sidecar init containers). */
  readonly ports: DeclaredPort[];
  /** Its controller, if any. */
  readonly controller?: OwnerEntry;
  /**
   * Labels its controller gives each pod on top of `podLabels`, one entry per pod, when they differ
   * from pod to pod: a StatefulSet of several replicas names each pod
   * (`statefulset.kubernetes.io/pod-name: web-0`, `apps.kubernetes.io/pod-index: '0'`). Undefined
   * otherwise.
   */
  readonly perPodLabels?: readonly Labels[];
}

/**
 * A workload as the analysis sees it: a set of pods named after the object that controls them.
 *
 * Pods grouped under a controller that is not in the input keep the controller's kind and name
 * (`production/cog-agents`, kind `DaemonSet`), as a dump of a live namespace describes them.
 */
export interface WorkloadGroup {
  /** `namespace/name` */
  readonly id: string;
  /** The kind that names the workload: `Deployment`, `DaemonSet`, `Pod`, … */
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** The objects of the input that make it up, the first being the representative one. */
  readonly members: WorkloadEntry[];
  /** True when the object of `kind`/`name` itself is in the input. */
  readonly ownerPresent: boolean;
  /** Labels every member's pods carry. */
  readonly podLabels: Labels;
  /**
   * The labels the members' pods do not all carry with one value: per key, the distinct values
   * (`null`: a member without it), sorted. Undefined when every member carries the same labels.
   */
  readonly labelGaps?: Readonly<Record<string, readonly (string | null)[]>>;
  /** Every member's ports, without duplicates, sorted by port, protocol, name. */
  readonly ports: DeclaredPort[];
  readonly hostNetwork: boolean;
  /**
   * For a host-network workload, the labels the nodes of all its pods are known to carry (see
   * `nodeLabelsOf`); undefined otherwise.
   */
  readonly nodeLabels?: Labels;
  /**
   * The addresses of its pods, one list per Pod object of the input that has any
   * (`status.podIPs`, else `status.podIP`, as a live dump holds them), in canonical text; undefined
   * when the input holds no Pod object of it with an address (manifests, pending pods).
   */
  readonly podIps?: readonly (readonly string[])[];
}

/** A Service. */
export interface ServiceEntry extends NamespacedEntry {
  /** `ClusterIP` unless stated. */
  readonly type: string;
  /** The selector, undefined when absent or empty (a selector-less Service). */
  readonly selector?: Labels;
  /** `spec.ports` entries that are objects. */
  readonly ports: any[];
}

/** A namespace the manifests describe (by a Namespace object or by objects in it). */
export interface NamespaceEntry {
  readonly name: string;
  /** The Namespace object, when the manifests hold one. */
  readonly object?: ObjectEntry;
  /** The Namespace's valid labels, including `kubernetes.io/metadata.name`. */
  readonly labels: Labels;
}

/** The manifests, read. */
export interface Manifests {
  /** Every named Kubernetes object, in input order (duplicates included). */
  readonly objects: ObjectEntry[];
  /** The last definition of every object (as `kubectl apply` keeps), in order of first appearance. */
  readonly latest: ObjectEntry[];
  /**
   * The objects of `latest`, as given (one array for every reader, so that what is derived from it
   * — the Gateway API model — is derived once).
   */
  readonly latestObjects: readonly unknown[];
  /** Entries that are not Kubernetes objects. */
  readonly skipped: SkippedEntry[];
  /** Objects with a kind and apiVersion but no name (the API server rejects them). */
  readonly unnamed: ObjectEntry[];
  /** Every workload object of `latest`. */
  readonly workloadObjects: WorkloadEntry[];
  /** The workloads, by id, in order of first appearance. */
  readonly workloads: WorkloadGroup[];
  /** The Services of `latest`. */
  readonly services: ServiceEntry[];
  /** The namespaces the objects are in or describe, by name. */
  readonly namespaces: Map<string, NamespaceEntry>;
  readonly problems: ManifestProblem[];
}

/**
 * Where the objects read from files come from (`k8s/app.yaml (document 2)`), for the messages of
 * the model that reads them later; weak, so it holds no object alive.
 */
const LOCATIONS = new WeakMap<object, string>();

/** Records that `object` was read at `where` (the file loader does, for each object it reads). */
export function rememberLocation(object: object, where: string): void {
  LOCATIONS.set(object, where);
}

/** One input value with where it comes from (for messages). */
export interface Located {
  readonly value: unknown;
  readonly where: string;
}

/**
 * Flattens values into Kubernetes objects, as kubectl reads them.
 *
 * - `null` and `undefined` (empty YAML documents) are skipped silently; a top-level array is
 *   flattened.
 * - A list — `kind: List` or a typed list such as `PodList` from `kubectl get -o yaml`, i.e. a kind
 *   ending in `List` with an `items` array — is replaced by its items (a `kind: List` whose items
 *   are null or absent by none); an item without `kind`
 *   takes the list's kind minus `List` (for a typed list) and one without `apiVersion` the list's.
 * - A Kubernetes object is a mapping with a non-empty string `kind` and `apiVersion` ("apiVersion
 *   not set" / "kind not set" is what the API machinery answers otherwise); anything else is
 *   skipped with a reason — except, with `keepWithoutApiVersion`, a mapping with a kind and no
 *   apiVersion: a Kubernetes object all the same, only a broken one, kept for the reader of the
 *   objects to report (lint's `object-invalid`; the file loader of the CLI keeps them).
 *
 * Iterative (no recursion, no spread of the input as call arguments): safe for any size and depth.
 */
export function flattenObjects(values: readonly Located[], keepWithoutApiVersion = false): { objects: Located[]; skipped: SkippedEntry[] } {
  const objects: Located[] = [];
  const skipped: SkippedEntry[] = [];
  // A stack of pending values, pushed in reverse so that they come out in input order.
  const stack: Located[] = [];
  for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
  while (stack.length > 0) {
    const { value, where } = stack.pop()!;
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], where: `${where}[${i}]` });
      continue;
    }
    if (!isPlainObject(value)) {
      skipped.push({ where, reason: `is not a Kubernetes object: expected a mapping with apiVersion and kind, got ${describeValue(value)}` });
      continue;
    }
    const kind = value.kind;
    // `kind: List` with `items: null` (or none) is an empty list to kubectl, not an object.
    if (kind === 'List' && (value.items === null || value.items === undefined)) continue;
    if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(value.items)) {
      const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
      const listVersion = typeof value.apiVersion === 'string' && value.apiVersion !== '' ? value.apiVersion : undefined;
      const items = value.items;
      for (let i = items.length - 1; i >= 0; i--) {
        let item = items[i];
        if (isPlainObject(item) && ((item.kind === undefined && itemKind) || (item.apiVersion === undefined && listVersion))) {
          item = {
            ...(item.apiVersion === undefined && listVersion ? { apiVersion: listVersion } : {}),
            ...(item.kind === undefined && itemKind ? { kind: itemKind } : {}),
            ...item,
          };
        }
        stack.push({ value: item, where: `${where} items[${i}]` });
      }
      continue;
    }
    if (typeof kind !== 'string' || kind === '') {
      skipped.push({ where, reason: 'is not a Kubernetes object: it has no kind' });
      continue;
    }
    if (isKustomizeFile(value.apiVersion)) {
      skipped.push({ where, reason: `is a kustomize ${kind} (kustomization.yaml), not a Kubernetes object; render it with kubectl kustomize and check the output` });
      continue;
    }
    if (isKubeconfig(value)) {
      skipped.push({ where, reason: 'is a kubeconfig (apiVersion v1, kind Config: client settings), not a Kubernetes object' });
      continue;
    }
    if ((typeof value.apiVersion !== 'string' || value.apiVersion === '') && !keepWithoutApiVersion) {
      const metadata = isPlainObject(value.metadata) ? value.metadata : {};
      const name = typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : UNNAMED;
      const namespace = isClusterScoped('', kind) ? undefined
        : typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : DEFAULT_NAMESPACE;
      skipped.push({ where, reason: `is a ${kind} without apiVersion, which kubectl refuses ("apiVersion not set")`, kind, ref: objectRef(kind, name, namespace) });
      continue;
    }
    objects.push({ value, where });
  }
  return { objects, skipped };
}

/**
 * Reads plain JSON values (an array as `Reachability.fromManifests` and `lint` take it) into the
 * manifest model.
 */
export function readManifests(values: readonly unknown[]): Manifests {
  const whereOf = (value: unknown, i: number) => (typeof value === 'object' && value !== null ? LOCATIONS.get(value) : undefined) ?? `object #${i}`;
  // The objects in input order, with where each came from (`object #i`, or a list item's place);
  // a plain object is taken as is, without building its `where` until a message needs it.
  const flat: unknown[] = [];
  const places = new Map<number, string>();
  const skipped: SkippedEntry[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (isKubernetesObject(value)) {
      if (flat.length !== i) places.set(flat.length, whereOf(value, i)); // after a list or a skipped entry
      flat.push(value);
      continue;
    }
    const some = flattenObjects([{ value, where: whereOf(value, i) }]);
    for (const o of some.objects) {
      places.set(flat.length, o.where);
      flat.push(o.value);
    }
    skipped.push(...some.skipped);
  }
  // Aligned: flat index k is input index k. A file's object is named by file and document.
  const placeOf = (k: number) => LOCATIONS.get(flat[k] as object) ?? places.get(k) ?? `object #${k}`;
  const problems: ManifestProblem[] = [];
  for (const s of skipped) {
    problems.push({ object: s.where, message: `${s.reason}; skipped`, level: s.kind === undefined ? 'note' : 'invalid' });
  }

  const objects: ObjectEntry[] = [];
  const unnamed: ObjectEntry[] = [];
  const byRef = new Map<string, ObjectEntry>();
  for (let i = 0; i < flat.length; i++) {
    const entry = identify(flat[i] as Record<string, unknown>, i);
    const rawNamespace = (flat[i] as { metadata?: { namespace?: unknown } }).metadata?.namespace;
    if (rawNamespace !== undefined && rawNamespace !== null && typeof rawNamespace !== 'string') {
      // kubectl refuses it ("cannot unmarshal bool into Go struct field .metadata.namespace of type
      // string"); read as `default`, a policy would isolate the pods of another namespace.
      problems.push({
        object: entry.ref,
        message: `${placeOf(i)}: metadata.namespace is ${describeValue(rawNamespace)}, not a string, which the API server rejects (YAML 1.1 reads on, yes, y and no as booleans and 0123 as a number: quote it); skipped`,
        level: 'invalid',
      });
      continue;
    }
    if (entry.name === '') {
      unnamed.push(entry);
      const rawName = (flat[i] as { metadata?: { name?: unknown } }).metadata?.name;
      problems.push({
        object: entry.ref,
        message: rawName !== undefined && rawName !== null && typeof rawName !== 'string'
          ? `${placeOf(i)}: metadata.name of a ${entry.kind} is ${describeValue(rawName)}, not a string, which the API server rejects (YAML 1.1 reads on, yes, y and no as booleans and 0123 as a number: quote it); skipped`
          : `${placeOf(i)}: a ${entry.kind} without metadata.name, which the API server rejects; skipped`,
        level: 'invalid',
      });
      continue;
    }
    const badName = invalidName(entry);
    if (badName) problems.push({ object: entry.ref, message: `${badName}; ${AS_WRITTEN}`, level: 'invalid' });
    if (hasGeneratedName(entry)) {
      problems.push({
        object: entry.ref,
        message: `has no metadata.name, only metadata.generateName '${entry.name}', which the API server completes with random characters `
          + `(kubectl create; kubectl apply refuses it: "cannot use generate name with apply"); analyzed as '${entry.name}'`,
        level: 'note',
      });
    }
    objects.push(entry);
    const earlier = byRef.get(entry.ref);
    if (earlier && sameLiveObject(earlier, entry)) {
      // A copy of one live object (overlapping `kubectl get` dumps): nothing to say.
    } else if (earlier && entry.kind !== 'Namespace') {
      problems.push({ object: entry.ref, message: 'defined more than once; the last definition is used (as kubectl apply would)', level: 'note' });
    } else if (byRef.has(entry.ref)) {
      problems.push({ object: entry.ref, message: 'defined more than once; the last definition is used', level: 'note' });
    }
    byRef.set(entry.ref, entry);
  }
  const latest = [...byRef.values()];

  const namespaces = new Map<string, NamespaceEntry>();
  const workloadObjects: WorkloadEntry[] = [];
  const services: ServiceEntry[] = [];
  for (const entry of latest) {
    const template = workloadTemplatePath(entry.group, entry.kind);
    if (template !== undefined && entry.namespace !== undefined) {
      const workload = readWorkload(entry as NamespacedEntry, template, problems);
      if (workload) workloadObjects.push(workload);
    } else if (entry.group === '' && entry.kind === 'Namespace') {
      const labels = readLabels(entry.raw.metadata?.labels, entry.ref, 'metadata.labels', problems);
      namespaces.set(entry.name, { name: entry.name, object: entry, labels: Object.assign({}, labels, { [NAMESPACE_NAME_LABEL]: entry.name }) });
    } else if (entry.group === '' && entry.kind === 'Service' && entry.namespace !== undefined) {
      services.push(readService(entry as NamespacedEntry, problems));
    }
  }
  for (const entry of objects) {
    if (entry.namespace !== undefined && !namespaces.has(entry.namespace)) {
      namespaces.set(entry.namespace, { name: entry.namespace, labels: { [NAMESPACE_NAME_LABEL]: entry.namespace } });
    }
  }

  const workloads = groupWorkloads(workloadObjects, problems);
  return { objects, latest, latestObjects: latest.map((e) => e.raw), skipped, unnamed, workloadObjects, workloads, services, namespaces, problems };
}

/** A mapping with a non-empty string kind and apiVersion that is not a list: one object as it stands. */
function isKubernetesObject(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const kind = value.kind;
  return typeof kind === 'string' && kind !== '' && typeof value.apiVersion === 'string' && value.apiVersion !== ''
    && !(kind.endsWith('List') && Array.isArray(value.items)) && !isKustomizeFile(value.apiVersion) && !isKubeconfig(value);
}

/**
 * A kubeconfig file (`apiVersion: v1`, `kind: Config`): kubectl's client settings, which the API
 * server does not serve (the core group has no kind `Config`).
 *
 * @see https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/
 */
function isKubeconfig(value: Record<string, unknown>): boolean {
  return value.apiVersion === 'v1' && value.kind === 'Config';
}

/** kustomize's build files (kustomization.yaml) sit next to manifests but are not API objects. */
function isKustomizeFile(apiVersion: unknown): boolean {
  return apiGroup(apiVersion) === 'kustomize.config.k8s.io';
}

/** `Kind/namespace/name: message`, the one-line form of a problem. */
export function problemText(p: ManifestProblem): string {
  return `${p.object}: ${p.message}`;
}

function identify(raw: Record<string, unknown>, index: number): ObjectEntry {
  const apiVersion = raw.apiVersion as string;
  const kind = raw.kind as string;
  const group = apiGroup(apiVersion);
  const metadata = isPlainObject(raw.metadata) ? raw.metadata : {};
  const rawName = typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : metadata.generateName;
  const name = typeof rawName === 'string' ? rawName : '';
  let namespace: string | undefined;
  if (!isClusterScoped(group, kind)) {
    namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : DEFAULT_NAMESPACE;
  }
  return { raw, apiVersion, group, kind, name, namespace, ref: objectRef(kind, name === '' ? UNNAMED : name, namespace), index };
}

function readLabels(raw: unknown, ref: string, path: string, problems: ManifestProblem[]): Labels {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) {
    problems.push({ object: ref, message: `${path}: must be a map of strings, got ${describe(raw)}; labels ignored`, level: 'invalid' });
    return {};
  }
  const out: Record<string, string> = {};
  for (const key of Object.keys(raw)) {
    const value = raw[key];
    if ((typeof value === 'boolean' || typeof value === 'number') && isLabelKey(key)) {
      // `public: yes` or `version: 1.10` unquoted: YAML 1.1 reads a boolean or a number, and label values are strings.
      problems.push({
        object: ref,
        message: `${path}: label ${key} is the ${typeof value} ${String(value)}, not a string, which the API server rejects `
          + '(YAML 1.1 reads yes, no, on and off as booleans and 1.10 as the number 1.1): quote the value; ignored',
        level: 'invalid',
      });
      continue;
    }
    if (typeof value !== 'string' || !isLabelKey(key) || !isLabelValue(value)) {
      problems.push({ object: ref, message: `${path}: label ${key}=${describe(value)} is not a valid label; ignored`, level: 'invalid' });
      continue;
    }
    out[key] = value;
  }
  return out;
}

function readWorkload(entry: NamespacedEntry, templatePath: readonly string[], problems: ManifestProblem[]): WorkloadEntry | undefined {
  let template: unknown = entry.raw;
  for (const step of templatePath) template = isPlainObject(template) ? template[step] : undefined;
  const path = templatePath.length === 0 ? '' : `${templatePath.join('.')}.`;
  if (!isPlainObject(template)) {
    problems.push({ object: entry.ref, message: `has no pod template at ${templatePath.join('.')}; skipped`, level: 'invalid' });
    return undefined;
  }
  const t = template;
  const podMetadata = isPlainObject(t.metadata) ? t.metadata : {};
  const podSpec = isPlainObject(t.spec) ? t.spec : {};
  const podLabels = readLabels(podMetadata.labels, entry.ref, `${path}metadata.labels`, problems);

  const containers: ContainerEntry[] = [];
  const ports: DeclaredPort[] = [];
  const roles: Array<[string, string]> = [['containers', 'container'], ['initContainers', 'init container'], ['ephemeralContainers', 'ephemeral container']];
  for (const [field, role] of roles) {
    const list = Array.isArray(podSpec[field]) ? podSpec[field] as unknown[] : [];
    list.forEach((c, i) => {
      if (!isPlainObject(c)) return;
      const container: ContainerEntry = { raw: c, name: typeof c.name === 'string' ? c.name : '', role };
      containers.push(container);
      // Init containers that keep running (restartPolicy: Always, "sidecars") serve traffic too.
      const serves = role === 'container' || (role === 'init container' && c.restartPolicy === 'Always');
      if (!serves || !Array.isArray(c.ports)) return;
      c.ports.forEach((p, j) => {
        const port = readContainerPort(p, entry.ref, `${path}spec.${field}[${i}].ports[${j}]`, container.name, problems);
        if (port) ports.push(port);
      });
    });
  }

  let controller: OwnerEntry | undefined;
  const refs = isPlainObject(entry.raw.metadata) ? entry.raw.metadata.ownerReferences : undefined;
  if (Array.isArray(refs)) {
    for (const r of refs) {
      if (isPlainObject(r) && r.controller === true && typeof r.name === 'string' && r.name !== '') {
        const kindless = typeof r.kind !== 'string' || r.kind === '';
        if (kindless) {
          problems.push({
            object: entry.ref,
            message: `its controller ownerReference '${r.name}' has no kind (the API server requires one); its pods are grouped under '${r.name}' as [Pod]`,
            level: 'note',
          });
        }
        controller = { kind: kindless ? 'Pod' : r.kind as string, name: r.name, apiVersion: typeof r.apiVersion === 'string' ? r.apiVersion : undefined, kindless };
        break;
      }
    }
  }

  const { shared, perPod } = controllerLabels(entry);
  const labels = shared ? Object.assign({}, shared, podLabels) : podLabels;
  return workloadEntry(entry, `${entry.namespace}/${entry.name}`, { podMetadata, podSpec, podLabels: labels, containers, ports, controller, perPodLabels: perPod });
}

/** StatefulSets of more replicas than this get no per-pod labels (the pods stay one workload). */
const MAX_NAMED_PODS = 1000;

/**
 * The labels a workload's controller adds to the pods it creates, beyond the template's (which
 * win): a Job's pods carry `batch.kubernetes.io/job-name` and `job-name`; a StatefulSet's pods
 * `statefulset.kubernetes.io/pod-name: <name>-<ordinal>` and `apps.kubernetes.io/pod-index:
 * <ordinal>` — shared by its one pod, or one entry per pod (`spec.replicas`, default 1).
 *
 * @see https://kubernetes.io/docs/reference/labels-annotations-taints/#batch-kubernetes-io-job-name
 * @see https://kubernetes.io/docs/reference/labels-annotations-taints/#statefulsetkubernetesiopod-name
 * @see https://kubernetes.io/docs/reference/labels-annotations-taints/#apps-kubernetes.io-pod-index
 */
function controllerLabels(entry: NamespacedEntry): { shared?: Labels; perPod?: Labels[] } {
  if (entry.group === 'batch' && entry.kind === 'Job') {
    return { shared: { 'batch.kubernetes.io/job-name': entry.name, 'job-name': entry.name } };
  }
  if (entry.group !== 'apps' || entry.kind !== 'StatefulSet') return {};
  const spec = isPlainObject(entry.raw.spec) ? entry.raw.spec : {};
  const replicas = spec.replicas === undefined || spec.replicas === null ? 1 : spec.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 1 || replicas > MAX_NAMED_PODS) return {};
  const pods = Array.from({ length: replicas }, (_, i) => ({ 'statefulset.kubernetes.io/pod-name': `${entry.name}-${i}`, 'apps.kubernetes.io/pod-index': String(i) }));
  return replicas === 1 ? { shared: pods[0] } : { perPod: pods };
}

/**
 * `entry` extended with more fields, as one object of a fixed shape. Not an object spread
 * (`{ ...entry, … }`): in the V8 of Node 20 that gives every entry a hidden class of its own,
 * about 600 bytes each; `Object.assign` onto one literal shares them.
 */
function extendEntry<T extends object>(entry: NamespacedEntry, more: T): NamespacedEntry & T {
  const fields: NamespacedEntry = {
    raw: entry.raw,
    apiVersion: entry.apiVersion,
    group: entry.group,
    kind: entry.kind,
    name: entry.name,
    namespace: entry.namespace,
    ref: entry.ref,
    index: entry.index,
  };
  return Object.assign(fields, more);
}

/** A workload entry: the object's entry with its pod template read. */
function workloadEntry(
  entry: NamespacedEntry,
  workload: string,
  pod: Pick<WorkloadEntry, 'podMetadata' | 'podSpec' | 'podLabels' | 'containers' | 'ports' | 'controller' | 'perPodLabels'>,
): WorkloadEntry {
  return extendEntry(entry, {
    workload,
    podMetadata: pod.podMetadata,
    podSpec: pod.podSpec,
    podLabels: pod.podLabels,
    containers: pod.containers,
    ports: pod.ports,
    controller: pod.controller,
    perPodLabels: pod.perPodLabels,
  });
}

function readContainerPort(raw: unknown, ref: string, path: string, container: string, problems: ManifestProblem[]): DeclaredPort | undefined {
  if (!isPlainObject(raw)) {
    problems.push({ object: ref, message: `${path}: must be an object with containerPort; ignored`, level: 'invalid' });
    return undefined;
  }
  const protocol = raw.protocol ?? 'TCP';
  if (!isPortNumber(raw.containerPort)) {
    problems.push({ object: ref, message: `${path}.containerPort: ${describe(raw.containerPort)} is not a port number 1-65535; ignored`, level: 'invalid' });
    return undefined;
  }
  if (!isProtocol(protocol)) {
    problems.push({ object: ref, message: `${path}.protocol: ${describe(protocol)} is not one of TCP, UDP, SCTP; ignored`, level: 'invalid' });
    return undefined;
  }
  if (raw.name !== undefined && (typeof raw.name !== 'string' || !isPortName(raw.name))) {
    problems.push({
      object: ref,
      message: `${path}.name: ${describe(raw.name)} is not a valid port name (IANA_SVC_NAME: at most 15 lowercase letters, digits and '-'); ignored`,
      level: 'invalid',
    });
    return undefined;
  }
  return raw.name === undefined
    ? { container, port: raw.containerPort, protocol }
    : { container, port: raw.containerPort, protocol, name: raw.name as string };
}

/**
 * A Service, with what the API server would reject in its ports reported: `port` must be
 * 1-65535, a numeric `targetPort` too, a named one an IANA_SVC_NAME.
 */
function readService(entry: NamespacedEntry, problems: ManifestProblem[]): ServiceEntry {
  const spec = isPlainObject(entry.raw.spec) ? entry.raw.spec : {};
  const selector: Record<string, string> = {};
  if (isPlainObject(spec.selector)) {
    for (const key of Object.keys(spec.selector)) {
      const value = spec.selector[key];
      if (value !== undefined && value !== null) selector[key] = String(value);
    }
  }
  const ports: any[] = [];
  (Array.isArray(spec.ports) ? spec.ports : []).forEach((p: unknown, i: number) => {
    if (!isPlainObject(p)) return;
    const where = `spec.ports[${i}]`;
    // `port` is an integer field: the API server does not read the string '80' as 80.
    if (typeof p.port === 'string' && /^\d+$/.test(p.port)) {
      problems.push({ object: entry.ref, message: `${where}.port: ${describe(p.port)} is a string, and port is an integer field; the API server rejects the Service: write ${p.port} unquoted; ignored`, level: 'invalid' });
      return;
    }
    if (!isPortNumber(p.port)) {
      problems.push({ object: entry.ref, message: `${where}.port: ${describe(p.port)} is not a port number 1-65535; the API server rejects the Service; ignored`, level: 'invalid' });
      return;
    }
    const target = p.targetPort;
    // targetPort is an int-or-string: a string is a port name, and "must contain at least one letter"
    // (the API server: `Invalid value: "30014": must be an IANA_SVC_NAME`; "to specify a port number,
    // the value must be unquoted", openshift/origin#10072).
    if (typeof target === 'string' && /^\d+$/.test(target)) {
      problems.push({
        object: entry.ref,
        message: `${where}.targetPort: the string '${target}' is a port name, and a port name must contain a letter (IANA_SVC_NAME); the API server rejects the Service: write ${target} unquoted for the port number; ignored`,
        level: 'invalid',
      });
      return;
    }
    if (typeof target === 'number' && target !== 0 && !isPortNumber(target)) { // 0 is unset: defaulted to port
      problems.push({ object: entry.ref, message: `${where}.targetPort: ${target} is not a port number 1-65535; the API server rejects the Service; ignored`, level: 'invalid' });
      return;
    }
    if (typeof target === 'string' && target !== '' && !isPortName(target)) {
      problems.push({
        object: entry.ref,
        message: `${where}.targetPort: '${target}' is not a port name (IANA_SVC_NAME); the API server rejects the Service; ignored`,
        level: 'invalid',
      });
      return;
    }
    ports.push(p);
  });
  // "spec.ports: Required value" — every Service but an ExternalName or a headless one needs a port.
  const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
  if (type !== 'ExternalName' && spec.clusterIP !== 'None' && (!Array.isArray(spec.ports) || spec.ports.length === 0)) {
    problems.push({
      object: entry.ref,
      message: `spec.ports: a ${type} Service needs at least one port (only ExternalName and headless Services may have none), which the API server requires; ${AS_WRITTEN}`,
      level: 'invalid',
    });
  }
  return extendEntry(entry, {
    type: typeof spec.type === 'string' ? spec.type : 'ClusterIP',
    selector: Object.keys(selector).length > 0 ? selector : undefined,
    ports,
  });
}

/**
 * Groups workload objects under the object that controls their pods.
 *
 * - An object whose controller (an `ownerReferences` entry with `controller: true`) is in the
 *   input belongs to it: a `kubectl get -o yaml` dump lists a Deployment, its ReplicaSets and their
 *   Pods, and the Deployment stands for all of them.
 * - An object whose controller is not in the input is grouped under the controller's kind and name
 *   all the same (`cog-agents-d54st` and `cog-agents-js4qc` are `cog-agents`, a DaemonSet), as the
 *   established analyzers do with live-cluster dumps. A Node owner (static pods' mirror pods) is
 *   not a workload: such pods stay on their own.
 * - A ReplicaSet controller named `<name>-<hash>` whose pods carry `pod-template-hash=<hash>` was
 *   created by Deployment `<name>` (the Deployment controller names ReplicaSets so and adds that
 *   label): when that Deployment is in the input, it stands for the pods. Likewise a Job controller
 *   named `<name>-<digits>` (the CronJob controller's names: the scheduled time in minutes) when
 *   CronJob `<name>` is in the input. When it is not, the pods
 *   are grouped under the owner they name, the ReplicaSet (`ns/web-7d4b9c8f6[ReplicaSet]`), as
 *   the contract says and as np-guard's netpol-analyzer lists them — not under a Deployment the
 *   input does not hold.
 * - The pods of one workload have the labels common to all its objects (the template's labels;
 *   per-pod labels such as `statefulset.kubernetes.io/pod-name` are left out, with a note) and the
 *   union of their ports. When the input holds Pod objects of the workload (a live dump), their
 *   labels are the truth, whoever stands for them: a NetworkPolicy selects pods by the labels they
 *   carry, which add to the template's (`pod-template-hash`, `controller-revision-hash`) and, in a
 *   rollout, differ from it — the workload has the labels all its Pods share.
 * - Two workloads of different kinds with one `namespace/name` keep the first; the other is noted.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template-hash-label
 */
function groupWorkloads(objects: readonly WorkloadEntry[], problems: ManifestProblem[]): WorkloadGroup[] {
  const present = new Map<string, WorkloadEntry>();
  for (const o of objects) {
    present.set(`${o.group}/${o.kind}/${o.namespace}/${o.name}`, o);
    present.set(`*/${o.kind}/${o.namespace}/${o.name}`, o);
  }
  const find = (kind: string, apiVersion: string | undefined, namespace: string, name: string): WorkloadEntry | undefined =>
    present.get(apiVersion === undefined ? `*/${kind}/${namespace}/${name}` : `${apiGroup(apiVersion)}/${kind}/${namespace}/${name}`);

  interface Building {
    id: string; kind: string; namespace: string; name: string; ownerPresent: boolean; members: WorkloadEntry[];
  }
  /** The object of the input that stands for `o`: its controller, or the Deployment that made its ReplicaSet. */
  const standIn = (o: WorkloadEntry): WorkloadEntry | undefined => {
    const c = o.controller;
    if (!c || c.kind === 'Node') return undefined;
    const controller = c.kindless ? undefined : find(c.kind, c.apiVersion, o.namespace, c.name);
    if (controller) return controller;
    const hash = o.podLabels[POD_TEMPLATE_HASH_LABEL];
    if (c.kind === 'ReplicaSet' && hash && c.name.endsWith(`-${hash}`) && c.name.length > hash.length + 1) {
      return find('Deployment', undefined, o.namespace, c.name.slice(0, -(hash.length + 1)));
    }
    // The CronJob controller names each Job `<cronjob>-<scheduled time in minutes>`.
    const scheduled = c.kind === 'Job' ? /^(.+)-\d+$/.exec(c.name) : null;
    return scheduled ? find('CronJob', undefined, o.namespace, scheduled[1]) : undefined;
  };
  /** The object at the top of `o`'s chain of stand-ins (Pod → ReplicaSet → Deployment); ownership cycles stop where they close. */
  const topOf = (o: WorkloadEntry): WorkloadEntry => {
    const seen = new Set<WorkloadEntry>([o]);
    let top = o;
    for (let next = standIn(top); next && !seen.has(next); next = standIn(top)) {
      seen.add(next);
      top = next;
    }
    return top;
  };
  /** Pod objects another object stands for, by that object (the top of their chain). */
  const livePods = new Map<WorkloadEntry, WorkloadEntry[]>();

  const groups = new Map<string, Building>();
  const groupOf = new Map<WorkloadEntry, Building>();
  for (const o of objects) {
    let kind = o.kind;
    let name = o.name;
    let ownerPresent = true;
    const c = o.controller;
    if (c && c.kind !== 'Node') {
      if (standIn(o)) {
        // Its controller (or the Deployment that made its ReplicaSet) stands for it; a Pod's labels still count.
        if (isPodObject(o)) pushTo(livePods, topOf(o), o);
        continue;
      }
      kind = c.kind;
      name = c.name;
      ownerPresent = false;
    }
    const id = `${o.namespace}/${name}`;
    // Kubernetes names objects per kind: a Deployment and a StatefulSet may share a name.
    const key = `${id}\u0000${kind}`;
    const existing = groups.get(key);
    if (!existing) {
      const group = { id, kind, namespace: o.namespace, name, ownerPresent, members: [o] };
      groups.set(key, group);
      groupOf.set(o, group);
    } else if (!existing.ownerPresent && !ownerPresent) {
      existing.members.push(o);
      groupOf.set(o, existing);
    } else {
      problems.push({
        object: o.ref,
        message: `workload name '${id}' is already used by a ${existing.kind}; only the first is analyzed`,
        level: 'note',
      });
    }
  }
  // Workloads of several kinds under one name are told apart by their kind: `shop/web[StatefulSet]`.
  const byName = new Map<string, Building[]>();
  for (const g of groups.values()) pushTo(byName, g.id, g);
  for (const [id, sharing] of byName) {
    if (sharing.length < 2) continue;
    for (const g of sharing) g.id = `${id}[${g.kind}]`;
    problems.push({
      object: sharing[1].members[0].ref,
      message: `workload name '${id}' is used by ${sharing.length} kinds (${sharing.map(g => g.kind).join(', ')}); `
        + `they are analyzed as ${sharing.map(g => `'${g.id}'`).sort(compare).join(', ')}`,
      level: 'note',
    });
  }

  // The Pod objects of each group: its own members that are Pods, and those an object of it stands for.
  const podsOf = new Map<Building, WorkloadEntry[]>();
  for (const g of groups.values()) {
    const own = g.members.filter(isPodObject);
    if (own.length > 0) podsOf.set(g, own);
  }
  for (const [top, pods] of livePods) {
    const g = groupOf.get(top);
    if (g) podsOf.set(g, [...(podsOf.get(g) ?? []), ...pods]);
  }

  const out: WorkloadGroup[] = [];
  for (const g of groups.values()) {
    // The labels its pods carry: the Pod objects' when the input holds any, else the templates'.
    const labelled = podsOf.get(g) ?? g.members;
    // Object.assign, not a spread: copies share one hidden class (the keys are valid label keys).
    const podLabels: Record<string, string> = Object.assign({}, labelled[0].podLabels);
    const dropped = new Set<string>();
    for (let i = 1; i < labelled.length; i++) {
      const labels = labelled[i].podLabels;
      for (const key of Object.keys(podLabels)) {
        if (labels[key] !== podLabels[key]) {
          dropped.add(key);
          delete podLabels[key];
        }
      }
      for (const key of Object.keys(labels)) if (!hasOwn(podLabels, key)) dropped.add(key);
    }
    if (dropped.size > 0) {
      problems.push({
        object: `${g.kind}/${g.namespace}/${g.name}`,
        message: `its ${labelled.length} ${labelled[0].kind}s carry different values for ${[...dropped].sort(compare).join(', ')}; `
          + 'the workload is analyzed with the labels all of them share',
        level: 'note',
      });
    }
    const ports = new Map<string, DeclaredPort>();
    for (const m of g.members) {
      for (const p of m.ports) {
        const key = `${p.port}/${p.protocol}/${p.name ?? ''}`;
        if (!ports.has(key)) ports.set(key, p);
      }
    }
    const hostNetwork = g.members.some((m) => m.podSpec.hostNetwork === true);
    out.push({
      id: g.id,
      kind: g.kind,
      namespace: g.namespace,
      name: g.name,
      ownerPresent: g.ownerPresent,
      members: g.members.map((m) => (m.workload === g.id ? m : workloadEntry(m, g.id, m))),
      podLabels,
      labelGaps: dropped.size > 0 ? gapsOf(labelled, [...dropped].sort(compare)) : podsOf.has(g) ? undefined : perPodGaps(g.members),
      ports: [...ports.values()].sort((a, b) => a.port - b.port || compare(a.protocol, b.protocol) || compare(a.name ?? '', b.name ?? '')),
      hostNetwork,
      nodeLabels: hostNetwork ? nodeLabelsOf(g.members) : undefined,
      podIps: podsOf.has(g) ? podIpsOf(podsOf.get(g)!) : undefined,
    });
  }
  return out;
}

/**
 * The addresses of `pods` (Pod objects): per pod with any, its `status.podIPs[].ip` ("podIPs holds
 * the IP addresses allocated to the pod. If this field is specified, the 0th entry must match the
 * podIP field"), else its `status.podIP`; addresses that do not parse are left out. Undefined when
 * no pod has one.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#PodStatus
 */
function podIpsOf(pods: readonly WorkloadEntry[]): string[][] | undefined {
  const out: string[][] = [];
  for (const pod of pods) {
    const status = pod.raw.status;
    if (!isPlainObject(status)) continue;
    const listed = Array.isArray(status.podIPs) ? status.podIPs.map((e: any) => e?.ip) : [status.podIP];
    const ips = [...new Set(listed.filter((ip: unknown): ip is string => typeof ip === 'string')
      .map((ip: string) => parseAddress(ip)?.toString()).filter((ip: string | undefined): ip is string => ip !== undefined))].sort(compare);
    if (ips.length > 0) out.push(ips);
  }
  return out.length > 0 ? out : undefined;
}

/**
 * Whether two entries of one reference are copies of one live object: the same non-empty
 * `metadata.uid` ("every object created over the whole lifetime of a Kubernetes cluster has a
 * distinct UID"), as overlapping `kubectl get -o yaml` dumps repeat it. Identical definitions
 * without a uid are not: in manifests they are usually one object copied where it should be
 * shared, and they stay duplicates.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#uids
 */
export function sameLiveObject(a: ObjectEntry, b: ObjectEntry): boolean {
  const uid = a.raw?.metadata?.uid;
  return typeof uid === 'string' && uid !== '' && uid === b.raw?.metadata?.uid;
}

/** Whether `o` is a Pod object (core `v1` Pod), not a template of pods. */
function isPodObject(o: WorkloadEntry): boolean {
  return o.kind === 'Pod' && o.group === '';
}

/**
 * The labels the nodes of every member's pods carry, as far as the manifests tell: the assumed
 * node labels (`ASSUMED_NODE_LABELS`) overridden by each pod's `nodeSelector` (the scheduler puts
 * a pod only on a node carrying them); of several members, the labels they all agree on.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodeselector
 */
function nodeLabelsOf(members: readonly WorkloadEntry[]): Labels {
  const perMember = members.map((m): Record<string, string> => {
    const labels: Record<string, string> = { ...ASSUMED_NODE_LABELS };
    const selector = m.podSpec.nodeSelector;
    if (isPlainObject(selector)) {
      for (const [k, v] of Object.entries(selector)) if (typeof v === 'string') labels[k] = v;
    }
    return labels;
  });
  const [first, ...rest] = perMember;
  const shared: Record<string, string> = {};
  for (const [k, v] of Object.entries(first ?? {})) if (rest.every((l) => l[k] === v)) shared[k] = v;
  return shared;
}

/**
 * The label gaps of a workload of one object whose controller labels each pod differently (a
 * StatefulSet of several replicas): per key, every pod's value.
 */
function perPodGaps(members: readonly WorkloadEntry[]): Record<string, string[]> | undefined {
  if (members.length !== 1 || !members[0].perPodLabels) return undefined;
  const gaps: Record<string, string[]> = {};
  for (const pod of members[0].perPodLabels) {
    for (const [key, value] of Object.entries(pod)) (gaps[key] ??= []).push(value);
  }
  for (const key of Object.keys(gaps)) gaps[key] = [...new Set(gaps[key])].sort(compare);
  return gaps;
}

/** Per label key, the distinct values the members' pods carry (`null`: not carried), sorted with `null` first. */
function gapsOf(members: readonly WorkloadEntry[], keys: readonly string[]): Record<string, (string | null)[]> {
  const gaps: Record<string, (string | null)[]> = {};
  for (const key of keys) {
    const values = new Set<string | null>(members.map((m) => (Object.prototype.hasOwnProperty.call(m.podLabels, key) ? m.podLabels[key] : null)));
    gaps[key] = [...values].sort((a, b) => (a === null ? -1 : b === null ? 1 : compare(a, b)));
  }
  return gaps;
}

/** The end of a problem the analysis reads past: the object is analyzed as written. */
export const AS_WRITTEN = 'analyzed as written';

/** The name in the reference (`Service/shop/(unnamed)`) of an object without metadata.name. */
export const UNNAMED = '(unnamed)';

/**
 * Why the API server would refuse the name or namespace of an object the analysis reads (a
 * Namespace, a Service, a workload, an Ingress), or undefined. NetworkPolicies and the cluster
 * tiers report their names themselves; other kinds (RBAC names allow `:`) are not judged.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */
function invalidName(entry: ObjectEntry): string | undefined {
  const readsName = entry.kind === 'Namespace' || entry.kind === 'Service' || entry.kind === 'Ingress'
    || workloadTemplatePath(entry.group, entry.kind) !== undefined;
  if (!readsName || (entry.group !== '' && entry.kind === 'Namespace') || (entry.group !== '' && entry.kind === 'Service')) return undefined;
  if (entry.namespace !== undefined && !(entry.namespace.length <= 63 && DNS1123_LABEL.test(entry.namespace))) {
    return `metadata.namespace '${entry.namespace}' is not a valid namespace name (a DNS-1123 label: lowercase letters, digits and '-', at most 63), which the API server rejects`;
  }
  // A generateName is a prefix: the API server validates it with a trailing '-' allowed.
  const generated = hasGeneratedName(entry);
  const name = generated ? entry.name.replace(/-$/, '0') : entry.name;
  const field = generated ? 'metadata.generateName' : 'metadata.name';
  if (entry.kind === 'Service' && !(name.length <= 63 && DNS1035_LABEL.test(name))) {
    return `${field} '${entry.name}' is not a valid Service name (a DNS-1035 label: lowercase letters, digits and '-', starting with a letter, at most 63), which the API server rejects`;
  }
  if (entry.kind === 'Namespace' && !(name.length <= 63 && DNS1123_LABEL.test(name))) {
    return `${field} '${entry.name}' is not a valid namespace name (a DNS-1123 label: lowercase letters, digits and '-', at most 63), which the API server rejects`;
  }
  if (!(name.length <= 253 && DNS1123_SUBDOMAIN.test(name))) {
    return `${field} '${entry.name}' is not a valid name (a DNS-1123 subdomain: lowercase letters, digits, '-' and '.'), which the API server rejects`;
  }
  return undefined;
}

/** Whether the object is named by `metadata.generateName` only (then `entry.name` is that prefix). */
function hasGeneratedName(entry: ObjectEntry): boolean {
  const metadata = isPlainObject(entry.raw.metadata) ? entry.raw.metadata : {};
  return !(typeof metadata.name === 'string' && metadata.name !== '') && typeof metadata.generateName === 'string' && metadata.generateName !== '';
}

/** `a list`, `the string 'x'`, `the number 1` — for "got …" in messages. */
function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string '${value.length > 40 ? `${value.slice(0, 37)}...` : value}'`;
  return `${typeof value} ${String(value)}`;
}
