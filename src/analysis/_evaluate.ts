/**
 * The evaluator: which connections the compiled NetworkPolicies allow, and why.
 *
 * Scale: pods are never compared pairwise against policies. Workloads with the same namespace and
 * pod labels form one identity group (no selector can tell their pods apart); every selector is
 * evaluated once over all groups through a label index (bitsets), so a policy's selected groups
 * and a rule's peer groups are bitsets computed once and cached. A single verdict tests one bit
 * per policy to find those that select each end, then matches their rules against the other end's
 * labels directly. The full matrix is computed per destination port as two bitsets of source
 * groups (ingress side, egress side) whose intersection is the answer, cached by what decides them
 * (the destination's policy signature, the port, the names it has there).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import { Bitset } from './_bitset';
import { CompiledPeer, CompiledPolicy, CompiledRule, Direction } from './_compile';
import { Address, IpBlock, ipBlockContains } from './_ipblock';
import { compare, NamespaceModel, selectorLabelsOf, WorkloadModel } from './_model';
import { AddressRange, ipBlockRanges, rangeCovers } from './_outside';
import { ContainerPort, Protocol } from './_ports';
import { hasGaps, Labels, Selector, selectorMatches } from './_selector';
import { pushTo } from '../_collections';

/** Pods that no selector can tell apart: one namespace, one label set. */
export interface Group {
  readonly index: number;
  readonly namespace: string;
  readonly labels: Labels;
}

/** The other end of a connection: a workload, or an address outside the cluster. */
export type Endpoint =
  | { readonly kind: 'workload'; readonly workload: WorkloadModel }
  | { readonly kind: 'address'; readonly address: Address };

/** A rule that allows the connection. */
export interface RuleMatch {
  readonly policy: CompiledPolicy;
  readonly rule: CompiledRule;
  /** Which peer matched, in words. */
  readonly peer: string;
  /** Which port entry matched, in words. */
  readonly port: string;
}

/** The decision of one side (the source's egress, or the destination's ingress). */
export interface DirectionVerdict {
  readonly direction: Direction;
  readonly allowed: boolean;
  /** The policies that isolate the pod in this direction; empty when it is not isolated. */
  readonly isolatedBy: readonly CompiledPolicy[];
  readonly allowedBy: readonly RuleMatch[];
  /** Rules that come close (right peer, wrong port; ipBlock vs pod), in words. */
  readonly nearMisses: readonly string[];
}

/** An allowed connection to a declared container port. */
export interface FlowRecord {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/**
 * Items by label key and value, answering selectors with set operations. Members are kept as
 * lists (most label values, such as an app's name, belong to one item: a bitset per value would
 * cost items² bits); a selector's answer is a bitset, computed once per selector.
 */
class LabelIndex {
  private readonly byKey = new Map<string, Map<string, number[]>>();
  private readonly withKey = new Map<string, Bitset>();
  private readonly cache = new Map<string, Bitset>();
  /** Items whose labels hold a gap (see `labelsWithGaps`), decided one by one. */
  private readonly gapItems: Array<{ readonly index: number; readonly labels: Labels }> = [];

  public constructor(private readonly size: number, labelSets: readonly Labels[]) {
    labelSets.forEach((labels, i) => {
      if (hasGaps(labels)) this.gapItems.push({ index: i, labels });
      for (const [key, value] of Object.entries(labels)) {
        let values = this.byKey.get(key);
        if (!values) {
          values = new Map();
          this.byKey.set(key, values);
        }
        pushTo(values, value, i);
      }
    });
  }

  /** The items the selector matches; the result is shared, never mutate it. */
  public select(selector: Selector): Bitset {
    const cached = this.cache.get(selector.key);
    if (cached) return cached;
    const result = Bitset.full(this.size);
    for (const r of selector.requirements) {
      const values = this.byKey.get(r.key);
      const withValue = Bitset.empty(this.size);
      for (const v of r.values) {
        for (const i of values?.get(v) ?? []) withValue.add(i);
      }
      const has = this.itemsWithKey(r.key);
      switch (r.operator) {
        case 'In':
          result.andInPlace(withValue);
          break;
        case 'NotIn': // matches items without the key, too
          result.andInPlace(withValue.not());
          break;
        case 'Exists':
          result.andInPlace(has);
          break;
        case 'DoesNotExist':
          result.andInPlace(has.not());
          break;
      }
    }
    for (const item of this.gapItems) {
      if (selectorMatches(selector, item.labels)) result.add(item.index);
      else result.delete(item.index);
    }
    this.cache.set(selector.key, result);
    return result;
  }

  /** The items that carry label `key`, whatever its value (shared, never mutate). */
  private itemsWithKey(key: string): Bitset {
    let bits = this.withKey.get(key);
    if (!bits) {
      bits = Bitset.empty(this.size);
      for (const list of this.byKey.get(key)?.values() ?? []) for (const i of list) bits.add(i);
      this.withKey.set(key, bits);
    }
    return bits;
  }
}

/** Choices of the evaluation where network plugins differ. */
export interface EngineOptions {
  /**
   * The cluster's pod address ranges, for plugins that also match pod IPs against ipBlock peers:
   * an ipBlock holding the whole of one of them matches every pod. Undefined: ipBlocks never
   * match pods.
   */
  readonly podRanges?: readonly AddressRange[];
}

/**
 * `podsIn` tests a namespace's groups one by one when the namespace holds fewer than 1/SPARSE of
 * all groups (the label index answers over every group of the cluster: one word per 32 groups).
 */
const SPARSE_NAMESPACE = 32;

/** Groups asked about one by one before `Engine.isolating` indexes every group at once. */
const ISOLATING_INDEX_AFTER = 32;

export class Engine {
  private readonly groups: readonly Group[];
  private readonly groupOfWorkload = new Map<string, Group>();
  private readonly namespaceIndex = new Map<string, number>();
  private readonly namespaceLabels = new Map<string, Labels>();
  private readonly groupsInNamespace: readonly Bitset[];
  /** The same groups as lists of indexes, in index order. */
  private readonly groupListsInNamespace: readonly (readonly number[])[];
  private readonly podIndex: LabelIndex;
  private readonly namespaceLabelIndex: LabelIndex;
  private readonly all: Bitset;
  /** Sorted by id. */
  private readonly policies: readonly CompiledPolicy[];
  /** The groups each policy selects, by position in `policies`. */
  private readonly selected: readonly Bitset[];
  private readonly peerCache = new Map<string, Bitset>();
  private readonly ruleCache = new Map<CompiledRule, Bitset>();
  /** The isolating policies of the groups asked about so far, by direction and group index. */
  private readonly isolatingOfGroup = new Map<string, readonly CompiledPolicy[]>();
  /** Per direction, per group index: the isolating policies of every group (built once many groups were asked about). */
  private isolatingIndex?: { readonly ingress: CompiledPolicy[][]; readonly egress: CompiledPolicy[][] };

  public constructor(
    workloads: readonly WorkloadModel[],
    namespaces: readonly NamespaceModel[],
    policies: readonly CompiledPolicy[],
    private readonly options: EngineOptions = {},
  ) {
    const groups: Group[] = [];
    const byKey = new Map<string, Group>();
    for (const w of workloads) {
      // Host-network pods form their own groups (per node labels): AdminNetworkPolicy selectors never
      // select them, `nodes` peers match their node's labels.
      const labels = selectorLabelsOf(w);
      const host = w.hostNetwork ? `host\u0000${JSON.stringify(Object.entries(w.nodeLabels ?? {}).sort(([a], [b]) => compare(a, b)))}\u0000` : '';
      // Pods with known addresses form their own groups too: AdminNetworkPolicy `networks` peers match them by address.
      const ips = w.podIps ? `ips\u0000${JSON.stringify(w.podIps)}\u0000` : '';
      const key = `${w.namespace}\u0000${host}${ips}${JSON.stringify(Object.entries(labels).sort(([a], [b]) => compare(a, b)))}`;
      let g = byKey.get(key);
      if (!g) {
        g = { index: groups.length, namespace: w.namespace, labels };
        groups.push(g);
        byKey.set(key, g);
      }
      this.groupOfWorkload.set(w.id, g);
    }
    this.groups = groups;
    const size = groups.length;
    this.all = Bitset.full(size);

    namespaces.forEach((ns, i) => {
      this.namespaceIndex.set(ns.name, i);
      this.namespaceLabels.set(ns.name, ns.labels);
    });
    const listsInNs: number[][] = namespaces.map(() => []);
    for (const g of groups) listsInNs[this.namespaceIndex.get(g.namespace)!].push(g.index);
    // Each as wide as its own groups (numbered together when workloads come sorted by id).
    const inNs = listsInNs.map((list) => {
      const bits = Bitset.window(size, list[0] ?? 0, list[list.length - 1] ?? -1);
      for (const g of list) bits.add(g);
      return bits;
    });
    this.groupsInNamespace = inNs;
    this.groupListsInNamespace = listsInNs;
    this.podIndex = new LabelIndex(size, groups.map((g) => g.labels));
    this.namespaceLabelIndex = new LabelIndex(namespaces.length, namespaces.map((ns) => ns.labels));

    this.policies = [...policies].sort((a, b) => compare(a.id, b.id));
    // "podSelector selects the pods to which this NetworkPolicy object applies": pods of the
    // policy's own namespace.
    this.selected = this.policies.map((p) => this.podsIn(p.namespace, p.podSelector));
  }

  private groupOf(workload: WorkloadModel): Group {
    return this.groupOfWorkload.get(workload.id)!;
  }

  /** The number of identity groups (the size of every group bitset). */
  public get groupCount(): number {
    return this.groups.length;
  }

  /** The index of a workload's identity group. */
  public groupIndex(workload: WorkloadModel): number {
    return this.groupOf(workload).index;
  }

  /** The compiled policies, sorted by id (positions match `selectedGroups`). */
  public get policyList(): readonly CompiledPolicy[] {
    return this.policies;
  }

  /** The groups the policy at `position` of `policyList` selects; shared, never mutate. */
  public selectedGroups(position: number): Bitset {
    return this.selected[position];
  }

  /** Every group; shared, never mutate. */
  public get allGroups(): Bitset {
    return this.all;
  }

  /**
   * The policies that isolate a group in one direction, sorted by id. "A pod is isolated for
   * ingress if there is any NetworkPolicy that both selects the pod and has "Ingress" in its
   * policyTypes"; likewise for egress.
   */
  public isolating(group: Group, direction: Direction): readonly CompiledPolicy[] {
    if (this.isolatingIndex) return this.isolatingIndex[direction][group.index];
    const key = `${direction}${group.index}`;
    let list = this.isolatingOfGroup.get(key);
    if (list) return list;
    if (this.isolatingOfGroup.size < ISOLATING_INDEX_AFTER) {
      // A few questions (one explain): filter the policies for this group only.
      list = this.policies.filter((p, i) => p[direction] !== undefined && this.selected[i].has(group.index));
      this.isolatingOfGroup.set(key, list);
      return list;
    }
    // Many questions (a lint rule over every workload): one pass over the policies (in id order)
    // and the groups each selects — O(sum of selections) rather than O(groups × policies).
    const ingress: CompiledPolicy[][] = this.groups.map(() => []);
    const egress: CompiledPolicy[][] = this.groups.map(() => []);
    this.policies.forEach((p, i) => {
      if (p.ingress === undefined && p.egress === undefined) return;
      this.selected[i].forEach((g) => {
        if (p.ingress !== undefined) ingress[g].push(p);
        if (p.egress !== undefined) egress[g].push(p);
      });
    });
    this.isolatingIndex = { ingress, egress };
    return this.isolatingIndex[direction][group.index];
  }


  /**
   * The source side: whether `source`'s egress allows a connection to `target` on port/protocol.
   *
   * "If a pod is isolated for egress, the only allowed connections from the pod are those allowed
   * by the egress list of some NetworkPolicy that applies to the pod for egress." A named port
   * resolves on the destination pod, whichever side the rule is on.
   */
  public egress(source: WorkloadModel, target: Endpoint, port: number, protocol: Protocol): DirectionVerdict {
    const policies = this.isolating(this.groupOf(source), 'egress');
    const destPorts = target.kind === 'workload' ? target.workload.ports : undefined;
    return this.decide('egress', policies, target, port, protocol, destPorts);
  }

  /**
   * The destination side: whether `target`'s ingress allows a connection from `source`.
   *
   * "If a pod is isolated for ingress, the only allowed connections into the pod are those from
   * the pod's node and those allowed by the ingress list of some NetworkPolicy that applies to the
   * pod for ingress." Allows are additive: "the union of the rules".
   */
  public ingress(target: WorkloadModel, source: Endpoint, port: number, protocol: Protocol): DirectionVerdict {
    const policies = this.isolating(this.groupOf(target), 'ingress');
    return this.decide('ingress', policies, source, port, protocol, target.ports);
  }

  private decide(
    direction: Direction,
    policies: readonly CompiledPolicy[],
    other: Endpoint,
    port: number,
    protocol: Protocol,
    destPorts: readonly ContainerPort[] | undefined,
  ): DirectionVerdict {
    if (policies.length === 0) {
      return { direction, allowed: true, isolatedBy: [], allowedBy: [], nearMisses: [] };
    }
    const rulesOf = (p: CompiledPolicy) => (direction === 'ingress' ? p.ingress : p.egress)!;
    const allowedBy: RuleMatch[] = [];
    for (const policy of policies) {
      for (const rule of rulesOf(policy)) {
        const portMatch = rule.ports.describeMatch(port, protocol, destPorts);
        const peer = portMatch === undefined ? undefined : this.matchPeer(policy, rule, other);
        if (peer !== undefined) allowedBy.push({ policy, rule, peer, port: portMatch! });
      }
    }
    const nearMisses: string[] = [];
    if (allowedBy.length > 0) return { direction, allowed: true, isolatedBy: policies, allowedBy, nearMisses };
    for (const policy of policies) {
      for (const rule of rulesOf(policy)) {
        const where = `${policy.id} spec.${direction}[${rule.index}]`;
        const peer = this.matchPeer(policy, rule, other);
        const portMatch = rule.ports.describeMatch(port, protocol, destPorts);
        if (peer !== undefined) {
          nearMisses.push(`${where} matches ${peer} but allows only ${rule.ports}`);
        } else if (portMatch !== undefined && rule.peers) {
          const blocks = rule.peers.filter((p) => p.ipBlock);
          if (other.kind === 'workload' && blocks.length > 0 && !this.options.podRanges) {
            nearMisses.push(`${where} allows ${portMatch} for ${blocks.map((p) => p.text).join(', ')}, but ipBlock peers never match `
              + 'pods: traffic between pods is decided by pod and namespace selectors only');
          } else if (other.kind === 'address' && blocks.length < rule.peers.length) {
            nearMisses.push(`${where} allows ${portMatch} for pod/namespace selectors, which never match an address outside the cluster`);
          }
        }
      }
    }
    return { direction, allowed: false, isolatedBy: policies, allowedBy, nearMisses };
  }

  /** The peer of `rule` that matches `other`, in words, or undefined. */
  private matchPeer(policy: CompiledPolicy, rule: CompiledRule, other: Endpoint): string | undefined {
    const field = rule.direction === 'ingress' ? 'from' : 'to';
    if (!rule.peers) return `any peer (no ${field})`;
    for (const peer of rule.peers) {
      if (other.kind === 'address') {
        // An address outside the cluster matches ipBlock peers only; selectors select pods.
        if (peer.ipBlock && ipBlockContains(peer.ipBlock, other.address)) return `${field}[${peer.index}] ${peer.text}`;
      } else if (peer.ipBlock ? this.ipBlockMatchesPods(peer.ipBlock) : this.peerMatchesWorkload(policy.namespace, peer, other.workload)) {
        return `${field}[${peer.index}] ${peer.text}`;
      }
    }
    return undefined;
  }

  /**
   * One selector peer against one workload, by direct label matching (a single verdict needs no
   * bitsets); `peerGroups` is the same rule over all groups at once.
   */
  private peerMatchesWorkload(policyNamespace: string, peer: CompiledPeer, w: WorkloadModel): boolean {
    if (peer.namespaceSelector) {
      if (!selectorMatches(peer.namespaceSelector, this.namespaceLabels.get(w.namespace) ?? {})) return false;
    } else if (w.namespace !== policyNamespace) {
      return false;
    }
    return !peer.podSelector || selectorMatches(peer.podSelector, selectorLabelsOf(w));
  }

  /**
   * Whether an ipBlock matches pods: only with `podRanges` (plugins that match pod IPs against
   * ipBlocks), when the block holds the whole of one pod range — then every pod IP is in it. A
   * block that holds part of a pod range matches some pods and not others; which ones depends on
   * addresses the manifests do not hold, so it counts as matching none.
   */
  private ipBlockMatchesPods(block: IpBlock): boolean {
    const pods = this.options.podRanges;
    if (!pods || pods.length === 0) return false;
    const ranges = ipBlockRanges(block);
    return pods.some((pod) => ranges.some((r) => rangeCovers(r, pod)));
  }

  /** Groups in `namespace` whose labels match `selector`; shared, never mutate. */
  private podsIn(namespace: string, selector: Selector): Bitset {
    const key = `${namespace}\u0000${selector.key}`;
    let bits = this.peerCache.get(key);
    if (!bits) {
      const ns = this.namespaceIndex.get(namespace);
      if (ns === undefined) {
        bits = Bitset.window(this.groups.length, 0, -1);
      } else if (this.groupListsInNamespace[ns].length * SPARSE_NAMESPACE < this.groups.length) {
        // A namespace holding a small share of the groups (one of many namespaces): test its own
        // groups rather than the selector over every group of the cluster.
        const list = this.groupListsInNamespace[ns];
        bits = Bitset.window(this.groups.length, list[0] ?? 0, list[list.length - 1] ?? -1);
        for (const g of list) {
          if (selectorMatches(selector, this.groups[g].labels)) bits.add(g);
        }
      } else {
        bits = this.groupsInNamespace[ns].and(this.podIndex.select(selector));
      }
      this.peerCache.set(key, bits);
    }
    return bits;
  }

  /**
   * The groups a selector peer matches. "podSelector [...] selects the Pods matching PodSelector in
   * the policy's own Namespace"; "namespaceSelector [...] selects all Pods in the Namespaces
   * selected"; both in one peer: "the Pods matching PodSelector in the Namespaces selected by
   * NamespaceSelector". An ipBlock peer matches no group (see `Reachability`).
   */
  private peerGroups(policyNamespace: string, peer: CompiledPeer): Bitset {
    if (peer.ipBlock) return this.ipBlockMatchesPods(peer.ipBlock) ? this.all : Bitset.empty(this.groups.length);
    if (!peer.namespaceSelector) return this.podsIn(policyNamespace, peer.podSelector!);
    const key = `\u0001${peer.namespaceSelector.key}\u0000${peer.podSelector ? peer.podSelector.key : '\u0002'}`;
    let bits = this.peerCache.get(key);
    if (!bits) {
      bits = Bitset.empty(this.groups.length);
      for (const ns of this.namespaceLabelIndex.select(peer.namespaceSelector).indexes()) bits.orInPlace(this.groupsInNamespace[ns]);
      if (peer.podSelector) bits.andInPlace(this.podIndex.select(peer.podSelector));
      this.peerCache.set(key, bits);
    }
    return bits;
  }

  /** The groups any peer of the rule matches; every group when the rule has no peers. */
  public ruleGroups(policy: CompiledPolicy, rule: CompiledRule): Bitset {
    let bits = this.ruleCache.get(rule);
    if (!bits) {
      if (!rule.peers) {
        bits = this.all;
      } else if (rule.peers.length === 1) {
        bits = this.peerGroups(policy.namespace, rule.peers[0]); // shared, like every answer here
      } else {
        bits = Bitset.empty(this.groups.length);
        for (const peer of rule.peers) bits.orInPlace(this.peerGroups(policy.namespace, peer));
      }
      this.ruleCache.set(rule, bits);
    }
    return bits;
  }
}
