/**
 * The parsed view of a set of manifests that every lint rule reads (internal).
 *
 * Built on the analyzer's manifest model (`analysis/_manifests.ts`): lint and the analyzer read the
 * same objects, the same workloads (group-aware kinds, grouped under their controller) and the same
 * names, so every workload a rule sees is one the analyzer knows. This class adds the indexes the
 * rules need, so that each rule runs in O(objects). The raw JSON is never modified.
 */
import { absentWorkloads, annotatedWorkloads, mergeWorkloads } from './_annotations';
import { asLabels, Labels, matchesLabelMap } from './_selectors';
import { pushTo } from '../_collections';
import { apiGroup, DEFAULT_NAMESPACE, isClusterScoped, NAMESPACE_NAME_LABEL, objectRef } from '../_vocabulary';
import { PolicyCompiler } from '../analysis/_compile';
import {
  ContainerEntry, DeclaredPort, Manifests, NamespaceEntry, NamespacedEntry, ObjectEntry, readManifests, ServiceEntry,
  WorkloadEntry,
} from '../analysis/_manifests';
import { withManifests } from '../analysis/_model';
import { Reachability, ReachabilityOptions } from '../analysis/reachability';

export { apiGroup, DEFAULT_NAMESPACE, isClusterScoped, NAMESPACE_NAME_LABEL, objectRef };
export type { ContainerEntry, DeclaredPort, NamespaceEntry, NamespacedEntry, ObjectEntry, ServiceEntry, WorkloadEntry };

/** A workload the analyzer assumes the cluster runs (CoreDNS, the ingress controller, …). */
export interface AssumedEntry {
  /** `namespace/name`. */
  readonly workload: string;
  readonly namespace: string;
  readonly podLabels: Labels;
  /** Labels its namespace carries besides `kubernetes.io/metadata.name`. */
  readonly namespaceLabels: Labels;
}

/**
 * The manifests, parsed and indexed.
 */
export class LintContext {
  /** Every named object with a kind and apiVersion, in input order (duplicates included). */
  public readonly objects: ObjectEntry[];
  /**
   * One entry per workload the analyzer knows (Deployment, StatefulSet, DaemonSet, ReplicaSet,
   * ReplicationController, Job, CronJob, Pod — group-aware): objects whose controller is in the
   * input are represented by it, and pods grouped under an absent controller by the first of them
   * (its `workload` is the group's `namespace/name`).
   */
  public readonly workloads: WorkloadEntry[];
  public readonly services: ServiceEntry[];
  public readonly ingresses: NamespacedEntry[] = [];
  public readonly networkPolicies: NamespacedEntry[] = [];
  public readonly endpointSlices: NamespacedEntry[] = [];
  public readonly endpoints: NamespacedEntry[] = [];
  /** The namespaces the manifests describe, by name. */
  public readonly namespaces: Map<string, NamespaceEntry>;
  /** The manifest model the context is built on (with its problems and skipped entries). */
  public readonly manifests: Manifests;

  private readonly workloadsByNs = new Map<string, WorkloadEntry[]>();
  /** Workloads by `namespace NUL key=value` of their pod labels. */
  private readonly workloadsByLabel = new Map<string, WorkloadEntry[]>();
  private readonly selections = new Map<string, WorkloadEntry[]>();
  private readonly servicesByNs = new Map<string, Map<string, ServiceEntry>>();
  private readonly servicesByName = new Map<string, ServiceEntry[]>();
  private readonly input: readonly unknown[];
  private readonly reachabilityOptions: ReachabilityOptions;
  /** NetworkPolicies compiled once, for lint's rules and the analysis behind them. */
  public readonly policies = new PolicyCompiler();
  private analysis?: Reachability;
  private assumedEntries?: AssumedEntry[];

  /**
   * Reads `objects` with the analyzer's manifest model: lists are flattened, entries that are not
   * Kubernetes objects are left out (`manifests.skipped`).
   */
  constructor(objects: readonly any[], reachabilityOptions: ReachabilityOptions = {}, options: { declaredInAnnotations?: boolean } = {}) {
    this.input = Array.isArray(objects) ? objects : [];
    this.manifests = readManifests(this.input);
    this.objects = this.manifests.objects;
    this.services = this.manifests.services;
    this.namespaces = this.manifests.namespaces;
    // A group of pods is seen through its first pod, with the labels and ports the analyzer gives
    // the group (the labels all its pods share, the union of their ports).
    this.workloads = this.manifests.workloads.map(g => (g.members.length === 1 ? g.members[0]
      : { ...g.members[0], podLabels: g.podLabels, ports: g.ports }));
    for (const w of this.workloads) {
      pushTo(this.workloadsByNs, w.namespace, w);
      for (const [k, v] of Object.entries(w.podLabels)) pushTo(this.workloadsByLabel, `${w.namespace}\u0000${k}=${v}`, w);
      // Labels that name one pod (a StatefulSet's pod-name) find the workload too.
      for (const pod of w.perPodLabels ?? []) {
        for (const [k, v] of Object.entries(pod)) pushTo(this.workloadsByLabel, `${w.namespace}\u0000${k}=${v}`, w);
      }
    }
    for (const service of this.services) {
      let byName = this.servicesByNs.get(service.namespace);
      if (!byName) this.servicesByNs.set(service.namespace, byName = new Map());
      if (!byName.has(service.name)) byName.set(service.name, service);
      pushTo(this.servicesByName, service.name, service);
    }
    for (const entry of this.manifests.latest) this.index(entry);
    // The pods the manifests' `netpatterns.dev/assume-workloads` annotations declare and do not hold.
    const declared = options.declaredInAnnotations ? absentWorkloads(annotatedWorkloads(this.input), this.workloads) : [];
    this.reachabilityOptions = declared.length === 0 ? reachabilityOptions : {
      ...reachabilityOptions,
      extraWorkloads: mergeWorkloads(reachabilityOptions.extraWorkloads ?? [], declared),
    };
  }

  /**
   * The NetworkPolicy analysis of the manifests, built on first use (only the rules that need it
   * pay for it).
   */
  public get reachability(): Reachability {
    if (!this.analysis) {
      const build = () => Reachability._build(this.input as any[], this.reachabilityOptions, 'lint');
      this.analysis = withManifests(this.input, this.manifests, build, this.policies);
    }
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
    for (const w of this.reachability._assumedPods()) {
      if (known.has(w.id)) continue;
      const extra = extras.get(w.id);
      out.push({ workload: w.id, namespace: w.namespace, podLabels: asLabels(w.podLabels), namespaceLabels: asLabels(extra?.namespaceLabels) });
    }
    this.assumedEntries = out;
    return out;
  }

  /** The workloads of a namespace, in input order. */
  public workloadsIn(namespace: string): WorkloadEntry[] {
    return this.workloadsByNs.get(namespace) ?? [];
  }

  /**
   * The workloads of `namespace` some pod of which (template and controller labels) matches a Service-style selector, in
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
      // Some pod of the workload: a Service selecting `statefulset.kubernetes.io/pod-name: db-0` has an endpoint.
      selected = candidates.filter(w => matchesLabelMap(selector, w.podLabels)
        || (w.perPodLabels ?? []).some(pod => matchesLabelMap(selector, Object.assign({}, w.podLabels, pod))));
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
    if (entry.namespace === undefined) return;
    const namespaced = entry as NamespacedEntry;
    switch (`${entry.group}/${entry.kind}`) {
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
