/**
 * The connection matrix through the cluster tiers: the columns and outside runs of
 * `ConnectionMatrix`, decided by AdminNetworkPolicy rules (in priority and rule order), then
 * NetworkPolicy, then the BaselineAdminNetworkPolicy, then allow — over every protocol and port.
 *
 * How a column is decided: the source groups are split into regions that every rule touching
 * the destination holds wholly or not at all (AdminNetworkPolicy ingress rules of the ANPs
 * selecting the destination, its NetworkPolicy ingress rules, the BANP's ingress rules; egress
 * rules of every tier whose peers hold the destination, held by the groups their policy
 * selects). Each region's set is then its ingress side ∩ its egress side, each side computed in
 * tier order on connection sets:
 *
 * ```
 * remaining = All; allowed = None; passed = None
 * for each ANP rule holding the region, by priority, name, rule index:
 *   m = remaining ∩ rule ports; Allow: allowed ∪= m; Pass: passed ∪= m; remaining -= m
 * rest = remaining ∪ passed
 * isolated by NetworkPolicy: allowed ∪= rest ∩ (union of the NetworkPolicy rules holding it)
 * otherwise: for each BANP rule holding it, in order: m = rest ∩ rule ports;
 *            Allow: allowed ∪= m; rest -= m
 *            then allowed ∪= rest
 * ```
 *
 * which is, port by port, "the first matching rule decides" in the order the upstream API gives:
 * ANP "Policies with lower priority values have higher precedence", rules "determined by the
 * order in which the rule is written", Pass "skip[s] any remaining ANP rules, and then pass[es]
 * execution to any NetworkPolicies that select the pod. If the pod is not selected by any
 * NetworkPolicies then execution is passed to any BaselineAdminNetworkPolicies".
 *
 * @see https://github.com/kubernetes-sigs/network-policy-api/blob/v0.1.7/apis/v1alpha1/adminnetworkpolicy_types.go
 */
import { Bitset } from './_bitset';
import { CompiledRule } from './_compile';
import { ConnectionSet } from './_connections';
import { Engine } from './_evaluate';
import { Column, ConnectionMatrix } from './_matrix';
import { WorkloadModel } from './_model';
import { everything, Family, ipBlockRanges, OutsideRun, piecewise } from './_outside';
import { ContainerPort, PortSet } from './_ports';
import { AdminAction, AdminRule, admits, CompiledAdminPolicy, PodShape, Tiers } from './_tiers';

type Stage = 'admin' | 'networkpolicy' | 'baseline';

/** A rule as the matrix sees it: the source groups it holds, its ports towards the destination, its tier and action. */
interface Entry {
  readonly side: 'ingress' | 'egress';
  readonly stage: Stage;
  /** Evaluation order within the stage (ANP priority, name, rule; BANP rule). */
  readonly order: number;
  readonly action: AdminAction;
  readonly bits: Bitset;
  readonly conn: ConnectionSet;
}

/** An ANP or BANP rule numbered in evaluation order. */
interface TierRule {
  readonly order: number;
  readonly stage: Stage;
  readonly policy: CompiledAdminPolicy;
  readonly rule: AdminRule;
  /** The groups the rule's peers hold. */
  readonly peers: Bitset;
  /** The groups the policy's subject selects. */
  readonly subject: Bitset;
}

/** Above this many distinct source sets a column is split source by source instead of set by set. */
const REFINE_LIMIT = 64;

/** How many partitions of the source groups are kept for reuse (each is linear in the groups). */
const PARTITION_CACHE = 512;

/** Disjoint source regions, each with the ids of the bitsets holding it. */
type Partition = ReadonlyArray<{ readonly bits: Bitset; readonly held: ReadonlySet<number> }>;

export class TieredMatrix extends ConnectionMatrix {
  private readonly groupTotal: number;
  private readonly shapes: PodShape[];
  private readonly ingressRules: TierRule[];
  private readonly egressRules: TierRule[];
  /** Per destination group: the NetworkPolicy egress rules whose peers hold it (rules without peers included). */
  private readonly npEgressAimed: Array<Array<{ readonly position: number; readonly rule: CompiledRule; readonly id: number }>>;
  /** Per group: the positions of the NetworkPolicies isolating it for ingress. */
  private readonly npIngress: number[][];
  private readonly npEgressIsolated: Bitset;
  private readonly tierColumns = new Map<string, Column>();
  private readonly tierColumnOf = new Map<string, Column>();
  private readonly tierOutside = new Map<string, OutsideRun[]>();
  private readonly resolvedPorts = new Map<string, ConnectionSet>();
  private readonly portKeys = new Map<PortSet, number>();
  private readonly bitsIds = new Map<Bitset, number>();
  private readonly bitsById: Bitset[] = [];
  private readonly bitsByKey = new Map<string, number>();
  private readonly partitions = new Map<string, Partition>();
  /** Peer bitsets by the peers' text: rules that name the same peers share one bitset (and partitions). */
  private readonly peerBits = new Map<string, Bitset>();

  public constructor(
    private readonly nps: Engine,
    private readonly outsideFamilies: readonly Family[],
    private readonly tiers: Tiers,
    workloads: readonly WorkloadModel[],
  ) {
    super(nps, outsideFamilies);
    const size = nps.groupCount;
    this.groupTotal = size;
    this.shapes = new Array(size);
    for (const w of workloads) this.shapes[nps.groupIndex(w)] = w;

    this.ingressRules = [];
    this.egressRules = [];
    let order = 0;
    const number = (policy: CompiledAdminPolicy, stage: Stage) => {
      const subject = this.groupsWhere((s) => tiers.subjectSelects(policy, s));
      for (const [rules, out] of [[policy.ingress, this.ingressRules], [policy.egress, this.egressRules]] as const) {
        for (const rule of rules) {
          const peerKey = rule.peers.map((p) => p.text).sort().join('\u0000');
          let peers = this.peerBits.get(peerKey);
          if (!peers) this.peerBits.set(peerKey, peers = this.groupsWhere((s) => rule.peers.some((p) => tiers.peerMatchesPod(p, s))));
          out.push({ order: order++, stage, policy, rule, peers, subject });
        }
      }
    };
    for (const policy of tiers.admin) number(policy, 'admin');
    for (const policy of tiers.baselines) number(policy, 'baseline');

    this.npIngress = Array.from({ length: size }, () => []);
    this.npEgressAimed = Array.from({ length: size }, () => []);
    this.npEgressIsolated = Bitset.empty(size);
    let id = 0;
    nps.policyList.forEach((policy, position) => {
      const selected = nps.selectedGroups(position);
      if (policy.ingress) selected.forEach((g) => this.npIngress[g].push(position));
      if (policy.egress) {
        this.npEgressIsolated.orInPlace(selected);
        for (const rule of policy.egress) {
          const entry = { position, rule, id: id++ };
          const aimed = rule.peers ? nps.ruleGroups(policy, rule) : nps.allGroups;
          aimed.forEach((g) => this.npEgressAimed[g].push(entry));
        }
      }
    });
  }

  public column(destination: WorkloadModel): Column {
    if (!this.tiers.active) return super.column(destination);
    let column = this.tierColumnOf.get(destination.id);
    if (column) return column;
    const g = this.nps.groupIndex(destination);
    const ingress = this.ingressRules.filter((r) => r.subject.has(g));
    const egress = this.egressRules.filter((r) => r.peers.has(g));
    const key = [
      this.npIngress[g].join(','),
      this.npEgressAimed[g].map((r) => r.id).join(','),
      ingress.map((r) => r.order).join(','),
      egress.map((r) => r.order).join(','),
      destination.ports.filter((p) => p.name !== undefined).map((p) => `${p.name}/${p.protocol}/${p.port}`).join(','),
    ].join('|');
    column = this.tierColumns.get(key);
    if (!column) {
      column = this.computeTierColumn(g, destination.ports, ingress, egress);
      this.tierColumns.set(key, column);
    }
    this.tierColumnOf.set(destination.id, column);
    return column;
  }

  /**
   * Outside ranges through the tiers. Ingress: ANP and BANP ingress peers (pods, namespaces) never
   * match an address, so NetworkPolicy alone decides, as without tiers. Egress: ANP and BANP
   * `networks` peers match addresses, in tier order with the NetworkPolicy ipBlocks.
   */
  public outside(workload: WorkloadModel, direction: 'ingress' | 'egress'): OutsideRun[] {
    if (!this.tiers.active || direction === 'ingress') return super.outside(workload, direction);
    const g = this.nps.groupIndex(workload);
    const rules = this.egressRules.filter((r) => r.subject.has(g) && r.rule.peers.some((p) => p.networks));
    if (rules.length === 0) return super.outside(workload, direction);
    const positions = this.nps.policyList.map((p, i) => (p.egress && this.nps.selectedGroups(i).has(g) ? i : -1)).filter((i) => i >= 0);
    const key = `${positions.join(',')}|${rules.map((r) => r.order).join(',')}`;
    let runs = this.tierOutside.get(key);
    if (runs) return runs;
    // Cut the address space at every boundary of every block that matters, then decide each
    // elementary range (which every block holds wholly or not at all) through the tiers.
    const blocks: OutsideRun[] = [];
    const npRules = positions.flatMap((i) => this.nps.policyList[i].egress!);
    for (const rule of npRules) {
      if (!rule.peers) continue;
      for (const peer of rule.peers) if (peer.ipBlock) for (const r of ipBlockRanges(peer.ipBlock)) blocks.push({ ...r, conn: ConnectionSet.ALL });
    }
    for (const r of rules) {
      for (const peer of r.rule.peers) {
        for (const n of peer.networks ?? []) for (const range of ipBlockRanges(n)) blocks.push({ ...range, conn: ConnectionSet.ALL });
      }
    }
    const cuts = piecewiseCuts(blocks, this.outsideFamilies);
    const pieces: OutsideRun[] = [];
    for (const piece of cuts) {
      const holds = (ranges: ReadonlyArray<{ family: Family; start: bigint; end: bigint }>) =>
        ranges.some((r) => r.family === piece.family && r.start <= piece.start && piece.end <= r.end);
      const entries: Entry[] = [];
      for (const r of rules) {
        if (r.rule.peers.some((p) => (p.networks ?? []).some((n) => holds(ipBlockRanges(n))))) {
          entries.push({ side: 'egress', stage: r.stage, order: r.order, action: r.rule.action, bits: Bitset.empty(0), conn: this.ports(r.rule.ports, undefined) });
        }
      }
      for (const rule of npRules) {
        if (!rule.peers || rule.peers.some((p) => p.ipBlock && holds(ipBlockRanges(p.ipBlock)))) {
          entries.push({ side: 'egress', stage: 'networkpolicy', order: 0, action: 'Allow', bits: Bitset.empty(0), conn: this.ports(rule.ports, undefined) });
        }
      }
      const conn = decideSide(entries.sort(byOrder), positions.length > 0);
      if (!conn.isEmpty()) pieces.push({ family: piece.family, start: piece.start, end: piece.end, conn });
    }
    runs = piecewise(pieces, this.outsideFamilies);
    this.tierOutside.set(key, runs);
    return runs;
  }

  private computeTierColumn(g: number, destPorts: readonly ContainerPort[], ingress: readonly TierRule[], egress: readonly TierRule[]): Column {
    const entries: Entry[] = [];
    for (const r of ingress) {
      entries.push({ side: 'ingress', stage: r.stage, order: r.order, action: r.rule.action, bits: r.peers, conn: this.ports(r.rule.ports, destPorts) });
    }
    for (const position of this.npIngress[g]) {
      const policy = this.nps.policyList[position];
      for (const rule of policy.ingress!) {
        entries.push({ side: 'ingress', stage: 'networkpolicy', order: 0, action: 'Allow', bits: this.nps.ruleGroups(policy, rule), conn: this.ports(rule.ports, destPorts) });
      }
    }
    for (const r of egress) {
      entries.push({ side: 'egress', stage: r.stage, order: r.order, action: r.rule.action, bits: r.subject, conn: this.ports(r.rule.ports, destPorts) });
    }
    for (const { position, rule } of this.npEgressAimed[g]) {
      entries.push({ side: 'egress', stage: 'networkpolicy', order: 0, action: 'Allow', bits: this.nps.selectedGroups(position), conn: this.ports(rule.ports, destPorts) });
    }
    entries.sort(byOrder);
    const ingressIsolated = this.npIngress[g].length > 0;
    const byConn = new Map<string, { bits: Bitset; conn: ConnectionSet }>();
    for (const region of this.regions(entries)) {
      const held = region.held.map((i) => entries[i]);
      const conn = decideSide(held.filter((e) => e.side === 'ingress'), ingressIsolated)
        .intersect(decideSide(held.filter((e) => e.side === 'egress'), region.bits.intersects(this.npEgressIsolated)));
      if (conn.isEmpty()) continue;
      const existing = byConn.get(conn.key);
      if (existing) existing.bits.orInPlace(region.bits);
      else byConn.set(conn.key, { bits: region.bits.clone(), conn });
    }
    return { rows: [...byConn.values()].map((r) => ({ sources: r.bits, conn: r.conn })) };
  }

  /**
   * Source regions that every entry (and NetworkPolicy egress isolation) holds wholly or not at
   * all, each with the entries holding it (indexes into `entries`, in order). The partition
   * depends only on the distinct source bitsets, which columns share (the same rules aim at many
   * destinations), so it is computed once per set of bitsets.
   */
  private regions(entries: readonly Entry[]): Array<{ bits: Bitset; held: number[] }> {
    const ids = entries.map((e) => this.bitsId(e.bits));
    const distinct = [...new Set(ids)].sort((a, b) => a - b);
    const key = distinct.join(',');
    let partition = this.partitions.get(key);
    if (!partition) {
      partition = this.partition(distinct.map((id) => this.bitsById[id]), distinct);
      if (this.partitions.size < PARTITION_CACHE) this.partitions.set(key, partition);
    }
    return partition.map((region) => ({ bits: region.bits, held: entries.map((_, i) => i).filter((i) => region.held.has(ids[i])) }));
  }

  /** The partition of the source groups by the bitsets `sets` (with ids `ids`) and by egress isolation. */
  private partition(sets: readonly Bitset[], ids: readonly number[]): Partition {
    const start = [this.npEgressIsolated, this.npEgressIsolated.not()].filter((b) => !b.isEmpty()).map((bits) => ({ bits, held: new Set<number>() }));
    if (sets.length <= REFINE_LIMIT) {
      let regions: Partition = start;
      sets.forEach((set, k) => {
        const next: Array<{ bits: Bitset; held: ReadonlySet<number> }> = [];
        for (const r of regions) {
          if (!r.bits.intersects(set)) {
            next.push(r);
            continue;
          }
          next.push({ bits: r.bits.and(set), held: new Set([...r.held, ids[k]]) });
          const rest = r.bits.andNot(set);
          if (!rest.isEmpty()) next.push({ bits: rest, held: r.held });
        }
        regions = next;
      });
      return regions;
    }
    const holding: number[][] = Array.from({ length: this.groupTotal }, () => []);
    sets.forEach((set, k) => set.forEach((g) => holding[g].push(ids[k])));
    const bySignature = new Map<string, { bits: Bitset; held: Set<number> }>();
    holding.forEach((held, g) => {
      const key = `${this.npEgressIsolated.has(g) ? 1 : 0}|${held.join(',')}`;
      let region = bySignature.get(key);
      if (!region) bySignature.set(key, region = { bits: Bitset.empty(this.groupTotal), held: new Set(held) });
      region.bits.add(g);
    });
    return [...bySignature.values()];
  }

  /**
   * A number per distinct bitset content (bitsets are shared and never mutated): equal sets from
   * different rules get one number, so their columns share partitions.
   */
  private bitsId(bits: Bitset): number {
    let id = this.bitsIds.get(bits);
    if (id === undefined) {
      const key = bits.key();
      id = this.bitsByKey.get(key);
      if (id === undefined) {
        this.bitsByKey.set(key, id = this.bitsById.length);
        this.bitsById.push(bits);
      }
      this.bitsIds.set(bits, id);
    }
    return id;
  }

  /** The groups whose pod shape satisfies `test`. */
  private groupsWhere(test: (s: PodShape) => boolean): Bitset {
    const bits = Bitset.empty(this.groupTotal);
    this.shapes.forEach((s, g) => {
      if (test(s)) bits.add(g);
    });
    return bits;
  }

  /** A port list towards a destination with `destPorts`: all ports when undefined (cached). */
  private ports(ports: PortSet | undefined, destPorts: readonly ContainerPort[] | undefined): ConnectionSet {
    if (ports === undefined) return ConnectionSet.ALL;
    if (!ports.hasNamedPorts()) destPorts = undefined;
    let id = this.portKeys.get(ports);
    if (id === undefined) this.portKeys.set(ports, id = this.portKeys.size);
    const key = `${id}|${destPorts ? destPorts.filter((p) => p.name !== undefined).map((p) => `${p.name}/${p.protocol}/${p.port}`).join(',') : '-'}`;
    let conn = this.resolvedPorts.get(key);
    if (!conn) this.resolvedPorts.set(key, conn = ConnectionSet.fromPortSet(ports, destPorts));
    return conn;
  }
}

/** Stages in tier order, then the order within the stage. */
function byOrder(a: Entry, b: Entry): number {
  const rank = { admin: 0, networkpolicy: 1, baseline: 2 };
  return rank[a.stage] - rank[b.stage] || a.order - b.order;
}

/**
 * One side of a region through the tiers (see the file comment); `entries` hold the region and
 * are in tier order; `isolated`: a NetworkPolicy isolates the side.
 */
function decideSide(entries: readonly Entry[], isolated: boolean): ConnectionSet {
  let remaining = ConnectionSet.ALL;
  let allowed = ConnectionSet.NONE;
  let passed = ConnectionSet.NONE;
  let networkPolicy = ConnectionSet.NONE;
  let rest: ConnectionSet | undefined;
  for (const e of entries) {
    if (e.stage === 'admin') {
      const m = remaining.intersect(e.conn);
      if (admits(e.action)) allowed = allowed.union(m);
      else if (e.action === 'Pass') passed = passed.union(m);
      remaining = remaining.subtract(m);
    } else if (e.stage === 'networkpolicy') {
      networkPolicy = networkPolicy.union(e.conn);
    } else if (!isolated) {
      rest ??= remaining.union(passed);
      const m = rest.intersect(e.conn);
      // A baseline Pass hands the connection to the default, which allows it.
      if (e.action !== 'Deny') allowed = allowed.union(m);
      rest = rest.subtract(m);
    }
  }
  rest ??= remaining.union(passed);
  return isolated ? allowed.union(rest.intersect(networkPolicy)) : allowed.union(rest);
}

/** The elementary ranges of the address space of `families`, cut at every boundary of `blocks`. */
function piecewiseCuts(blocks: readonly OutsideRun[], families: readonly Family[]): Array<{ family: Family; start: bigint; end: bigint }> {
  const out: Array<{ family: Family; start: bigint; end: bigint }> = [];
  for (const family of families) {
    const all = everything(family);
    const cuts = new Set<bigint>([all.start]);
    for (const b of blocks) {
      if (b.family !== family) continue;
      cuts.add(b.start);
      if (b.end < all.end) cuts.add(b.end + 1n);
    }
    const starts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    starts.forEach((start, i) => out.push({ family, start, end: i + 1 < starts.length ? starts[i + 1] - 1n : all.end }));
  }
  return out;
}
