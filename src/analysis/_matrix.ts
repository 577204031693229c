/**
 * The connection matrix over every protocol and port: for each destination workload, which
 * source identity groups may open which connections to it, and for each workload, what it may
 * send to and receive from the addresses outside the cluster.
 *
 * Representation (memory linear in the input): a destination's column is a short list of rows
 * `(source groups, connection set)` with disjoint source bitsets; columns that nothing can tell
 * apart (same isolating policies, same egress rules aimed at them, same named ports) are one
 * shared object. "Everything allowed" is a single row `(every group, All Connections)`, so
 * 10,000 workloads that no policy selects cost one column, not 10,000².
 *
 * How a column is decided ("a connection is allowed when the source's egress and the
 * destination's ingress both allow it"):
 * - ingress: "If a pod is isolated for ingress, the only allowed connections into the pod are
 *   those [...] allowed by the ingress list of some NetworkPolicy that applies to the pod for
 *   ingress" — entries `(rule peers, rule ports resolved on the destination)`; not isolated: all;
 * - egress: "If a pod is isolated for egress, the only allowed connections from the pod are
 *   those allowed by the egress list of some NetworkPolicy that applies to the pod for egress" —
 *   entries `(groups the policy selects, ports)` for every egress rule whose peers hold the
 *   destination; sources not isolated for egress: all.
 * The source groups are split into regions that every entry holds wholly or not at all; each
 * region gets (union of its ingress entries, or all) ∩ (union of its egress entries, or all).
 * A cluster-tier step (AdminNetworkPolicy before NetworkPolicy, BaselineAdminNetworkPolicy
 * after) plugs in as more entry kinds and a different `decideRegion`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import { Bitset } from './_bitset';
import { CompiledPolicy, CompiledRule } from './_compile';
import { ConnectionSet } from './_connections';
import { Engine, FlowRecord } from './_evaluate';
import { WorkloadModel } from './_model';
import { AddressRange, everything, Family, ipBlockRanges, NO_CUTS, OutsideCuts, OutsideRun, piecewise, splitRun } from './_outside';
import { ContainerPort, Protocol } from './_ports';
import { pushTo } from '../_collections';

/** One row of a column: the source groups that may open `conn` to the destination. */
export interface Row {
  readonly sources: Bitset;
  readonly conn: ConnectionSet;
}

/** A destination's column: disjoint rows, none with an empty set. */
export interface Column {
  readonly rows: readonly Row[];
}

/** What one side contributes to a region: an entry's source groups and the ports it allows. */
interface Entry {
  readonly side: 'ingress' | 'egress';
  readonly bits: Bitset;
  readonly conn: ConnectionSet;
}

/** A set of source groups that every entry holds wholly or not at all. */
interface Region {
  readonly bits: Bitset;
  /** Whether the region's sources are not isolated for egress. */
  readonly egressFree: boolean;
  readonly ingress: ConnectionSet;
  readonly egress: ConnectionSet;
}

/** How many columns built for one-off questions (`reachedOn`) are kept. */
const ONE_OFF_COLUMNS = 16;

/** Above this many entries a column is split source by source instead of entry by entry. */
const REFINE_LIMIT = 24;

/** A rule with its policy and a number unique in the matrix. */
interface NumberedRule {
  readonly id: number;
  readonly policy: CompiledPolicy;
  readonly position: number;
  readonly rule: CompiledRule;
}

export class ConnectionMatrix {
  private readonly size: number;
  /** Per group: the positions (in `engine.policyList`) of the policies isolating it for ingress. */
  private readonly ingressPolicies: number[][];
  private readonly ingressSignature: string[];
  /** Per group: the positions of the policies isolating it for egress. */
  private readonly egressPolicies: number[][];
  /** Per group: the egress rules aimed at it through their peers (rules without peers excluded). */
  private readonly egressAimed: NumberedRule[][];
  /** Egress rules without peers: aimed at every group. */
  private readonly egressEverywhere: NumberedRule[] = [];
  private readonly egressIsolated: Bitset;
  private readonly egressFree: Bitset;
  private readonly namedPortsUsed: boolean;
  private readonly columns = new Map<string, Column>();
  private readonly columnOfWorkload = new Map<string, Column>();
  private readonly resolved = new Map<CompiledRule, Map<string, ConnectionSet>>();
  private readonly portsKeys = new WeakMap<readonly ContainerPort[], string>();
  private readonly outsideCache = new Map<string, OutsideRun[]>();
  /** Columns built for one-off questions, oldest first (see `oneOffColumn`). */
  private readonly recentColumns = new Map<string, Column>();

  public constructor(private readonly engine: Engine, private readonly families: readonly Family[]) {
    const size = engine.groupCount;
    this.size = size;
    const policies = engine.policyList;
    this.ingressPolicies = Array.from({ length: size }, () => []);
    this.egressAimed = Array.from({ length: size }, () => []);
    this.egressPolicies = Array.from({ length: size }, () => []);
    this.egressIsolated = Bitset.empty(size);
    let id = 0;
    let named = false;
    policies.forEach((policy, position) => {
      const selected = engine.selectedGroups(position);
      if (policy.ingress) {
        selected.forEach((g) => this.ingressPolicies[g].push(position));
        for (const rule of policy.ingress) named = named || rule.ports.hasNamedPorts();
      }
      if (policy.egress) {
        this.egressIsolated.orInPlace(selected);
        selected.forEach((g) => this.egressPolicies[g].push(position));
        for (const rule of policy.egress) {
          named = named || rule.ports.hasNamedPorts();
          const numbered: NumberedRule = { id: id++, policy, position, rule };
          if (!rule.peers) this.egressEverywhere.push(numbered);
          else engine.ruleGroups(policy, rule).forEach((g) => this.egressAimed[g].push(numbered));
        }
      }
    });
    this.egressFree = this.egressIsolated.not();
    this.ingressSignature = this.ingressPolicies.map((list) => list.join(','));
    this.namedPortsUsed = named;
  }

  /** The column of a destination workload (shared with every workload nothing tells apart). */
  public column(destination: WorkloadModel): Column {
    let column = this.columnOfWorkload.get(destination.id);
    if (column) return column;
    const key = this.columnKey(destination);
    column = this.columns.get(key);
    if (!column) {
      column = this.computeColumn(this.engine.groupIndex(destination), destination.ports);
      this.columns.set(key, column);
    }
    this.columnOfWorkload.set(destination.id, column);
    return column;
  }

  /**
   * The column of a destination for a one-off question: a column already built is used; one built
   * here is kept only among the last few (`ONE_OFF_COLUMNS`). Asking once about every workload
   * (what lint does) then holds a handful of columns instead of one per workload, while workloads
   * that share a column (nothing tells them apart) still share one computation.
   */
  private oneOffColumn(destination: WorkloadModel): Column {
    const known = this.columnOfWorkload.get(destination.id);
    if (known) return known;
    const key = this.columnKey(destination);
    let column = this.columns.get(key) ?? this.recentColumns.get(key);
    if (!column) {
      column = this.computeColumn(this.engine.groupIndex(destination), destination.ports);
      if (this.recentColumns.size >= ONE_OFF_COLUMNS) this.recentColumns.delete(this.recentColumns.keys().next().value!);
      this.recentColumns.set(key, column);
    }
    return column;
  }

  /** Destinations with one key have one column: same ingress policies, same egress rules aimed at them, same ports. */
  private columnKey(destination: WorkloadModel): string {
    const g = this.engine.groupIndex(destination);
    return `${this.ingressSignature[g]}|${this.egressAimed[g].map((r) => r.id).join(',')}|${this.portsKey(destination.ports)}`;
  }

  /** What a pod of `source` may open to a pod of `destination` (empty when nothing). */
  public between(source: WorkloadModel, destination: WorkloadModel): ConnectionSet {
    return rowConn(this.column(destination), this.engine.groupIndex(source));
  }

  /** Whether any workload (`destination` itself included) may reach it on `port`/`protocol`. */
  public reachedOn(destination: WorkloadModel, port: number, protocol: ContainerPort['protocol']): boolean {
    return this.oneOffColumn(destination).rows.some((r) => r.conn.has(port, protocol));
  }

  /**
   * The number of records the connectivity list of `workloads` holds (pairs of distinct workloads
   * that may connect, plus outside ranges both ways), counted on the columns without listing them.
   */
  public recordCount(workloads: readonly WorkloadModel[], cuts: OutsideCuts = NO_CUTS): number {
    const perGroup = new Array<number>(this.size).fill(0);
    for (const w of workloads) perGroup[this.engine.groupIndex(w)]++;
    const weight = new Map<Column, number>();
    let total = 0;
    for (const w of workloads) {
      const column = this.column(w);
      let sum = weight.get(column);
      if (sum === undefined) {
        sum = 0;
        for (const row of column.rows) row.sources.forEach((g) => { sum! += perGroup[g]; });
        weight.set(column, sum);
      }
      // The workload itself is in its own group's count: a self-pair is not listed.
      total += sum - (rowConn(column, this.engine.groupIndex(w)).isEmpty() ? 0 : 1);
      for (const run of this.outside(w, 'ingress')) total += splitRun(run, cuts.ingress).length;
      for (const run of this.outside(w, 'egress')) total += splitRun(run, cuts.egress).length;
    }
    return total;
  }

  /**
   * Every allowed connection from a workload to a declared container port of a workload (itself
   * included), in `workloads` order for the source, then the destination, then port and protocol.
   * A generator: the caller may stream what is quadratic in the workloads.
   */
  public *flows(workloads: readonly WorkloadModel[]): Generator<FlowRecord> {
    const targets = new Map<string, ReadonlyArray<{ port: number; protocol: Protocol }>>();
    for (const w of workloads) targets.set(w.id, uniqueTargets(w.ports));
    const withPorts = workloads.filter((w) => targets.get(w.id)!.length > 0);
    // Destinations first, read from their columns' rows: what each source group reaches (not every
    // source against every destination, which costs workloads² where policies isolate). A row
    // holding every group — a destination nothing isolates — is kept once, in `open`.
    const reached = new Map<number, Reach[]>();
    const open: Reach[] = [];
    withPorts.forEach((to, index) => {
      const ports = targets.get(to.id)!;
      for (const row of this.column(to).rows) {
        if (!ports.some((t) => row.conn.has(t.port, t.protocol))) continue;
        const reach: Reach = { index, to, conn: row.conn };
        if (row.sources.count() === this.size) open.push(reach);
        else row.sources.forEach((g) => pushTo(reached, g, reach));
      }
    });
    for (const from of workloads) {
      // Both lists are in destination order, and a destination is in one of them at most (the rows
      // of a column are disjoint): merged, they give the destinations in order.
      const own = reached.get(this.engine.groupIndex(from)) ?? [];
      for (let i = 0, j = 0; i < own.length || j < open.length;) {
        const reach = j >= open.length || (i < own.length && own[i].index < open[j].index) ? own[i++] : open[j++];
        for (const t of targets.get(reach.to.id)!) {
          if (reach.conn.has(t.port, t.protocol)) yield { from: from.id, to: reach.to.id, port: t.port, protocol: t.protocol };
        }
      }
    }
  }
  /**
   * The flows from or to `focus`, in the order `flows` gives them, reading one row per workload
   * (not every pair of workloads).
   */
  public *flowsTouching(workloads: readonly WorkloadModel[], focus: WorkloadModel): Generator<FlowRecord> {
    const targets = new Map<string, ReadonlyArray<{ port: number; protocol: Protocol }>>();
    for (const w of workloads) targets.set(w.id, uniqueTargets(w.ports));
    const focusGroup = this.engine.groupIndex(focus);
    const focusPorts = targets.get(focus.id) ?? [];
    const focusColumn = focusPorts.length > 0 ? this.column(focus) : undefined;
    for (const from of workloads) {
      if (from.id === focus.id) {
        for (const to of workloads) {
          const ports = targets.get(to.id)!;
          if (ports.length === 0) continue;
          const conn = rowConn(this.column(to), focusGroup);
          for (const t of ports) if (conn.has(t.port, t.protocol)) yield { from: from.id, to: to.id, port: t.port, protocol: t.protocol };
        }
      } else if (focusColumn) {
        const conn = rowConn(focusColumn, this.engine.groupIndex(from));
        for (const t of focusPorts) if (conn.has(t.port, t.protocol)) yield { from: from.id, to: focus.id, port: t.port, protocol: t.protocol };
      }
    }
  }


  /**
   * What a pod of `workload` may send to the addresses outside the cluster ("egress") or receive
   * from them ("ingress"), as sorted address ranges. Only ipBlock peers and rules without peers
   * match outside addresses; named ports resolve on the destination pod (for ingress, the
   * workload itself; for egress there is no pod to resolve them on).
   */
  public outside(workload: WorkloadModel, direction: 'ingress' | 'egress'): OutsideRun[] {
    const g = this.engine.groupIndex(workload);
    const positions = direction === 'ingress' ? this.ingressPolicies[g] : this.egressPolicies[g];
    const destPorts = direction === 'ingress' ? workload.ports : undefined;
    const key = `${direction}|${positions.join(',')}|${destPorts ? this.portsKey(destPorts) : ''}`;
    let runs = this.outsideCache.get(key);
    if (runs) return runs;
    if (positions.length === 0) {
      runs = this.families.map((f) => outsideRun(everything(f), ConnectionSet.ALL));
    } else {
      const pieces: OutsideRun[] = [];
      for (const position of positions) {
        const policy = this.engine.policyList[position];
        for (const rule of (direction === 'ingress' ? policy.ingress : policy.egress) ?? []) {
          const conn = this.resolve(rule, destPorts);
          if (conn.isEmpty()) continue;
          if (!rule.peers) {
            // "If this field is empty or missing, this rule matches all sources" / "destinations".
            for (const f of this.families) pieces.push(outsideRun(everything(f), conn));
            continue;
          }
          for (const peer of rule.peers) {
            if (peer.ipBlock) for (const range of ipBlockRanges(peer.ipBlock)) pieces.push(outsideRun(range, conn));
          }
        }
      }
      runs = piecewise(pieces, this.families);
    }
    this.outsideCache.set(key, runs);
    return runs;
  }

  private computeColumn(g: number, destPorts: readonly ContainerPort[]): Column {
    const entries: Entry[] = [];
    const ingressIsolated = this.ingressPolicies[g].length > 0;
    for (const position of this.ingressPolicies[g]) {
      const policy = this.engine.policyList[position];
      for (const rule of policy.ingress!) {
        entries.push({ side: 'ingress', bits: this.engine.ruleGroups(policy, rule), conn: this.resolve(rule, destPorts) });
      }
    }
    for (const r of [...this.egressAimed[g], ...this.egressEverywhere]) {
      entries.push({ side: 'egress', bits: this.engine.selectedGroups(r.position), conn: this.resolve(r.rule, destPorts) });
    }
    const merged = mergeEntries(entries);
    const regions = merged.length > REFINE_LIMIT
      ? this.splitBySource(merged)
      : this.refine(merged);
    const byConn = new Map<string, { bits: Bitset; conn: ConnectionSet }>();
    for (const region of regions) {
      const conn = decideRegion(region, ingressIsolated);
      if (conn.isEmpty()) continue;
      const existing = byConn.get(conn.key);
      if (existing) existing.bits.orInPlace(region.bits);
      else byConn.set(conn.key, { bits: region.bits.clone(), conn });
    }
    return { rows: [...byConn.values()].map((r) => ({ sources: r.bits, conn: r.conn })) };
  }

  /** The two starting regions: sources not isolated for egress, and the others. */
  private startRegions(): Region[] {
    const start: Region[] = [];
    for (const [bits, egressFree] of [[this.egressFree, true], [this.egressIsolated, false]] as const) {
      if (!bits.isEmpty()) start.push({ bits, egressFree, ingress: ConnectionSet.NONE, egress: ConnectionSet.NONE });
    }
    return start;
  }

  /** Splits the regions entry by entry (few entries). */
  private refine(entries: readonly Entry[]): Region[] {
    let regions = this.startRegions();
    for (const e of entries) {
      const next: Region[] = [];
      for (const r of regions) {
        if (!r.bits.intersects(e.bits)) {
          next.push(r);
          continue;
        }
        next.push(withEntry(withBits(r, r.bits.and(e.bits)), e));
        const rest = r.bits.andNot(e.bits);
        if (!rest.isEmpty()) next.push(withBits(r, rest));
      }
      regions = next;
    }
    return regions;
  }

  /** Splits the sources by the set of entries holding each (many entries). */
  private splitBySource(entries: readonly Entry[]): Region[] {
    const holding = new Map<number, number[]>();
    entries.forEach((e, i) => e.bits.forEach((s) => {
      const list = holding.get(s);
      if (list) list.push(i);
      else holding.set(s, [i]);
    }));
    const touched = Bitset.empty(this.size);
    const bySignature = new Map<string, { bits: Bitset; entries: number[] }>();
    for (const [s, list] of holding) {
      touched.add(s);
      const key = `${this.egressFree.has(s) ? 1 : 0}|${list.join(',')}`;
      let group = bySignature.get(key);
      if (!group) bySignature.set(key, group = { bits: Bitset.empty(this.size), entries: list });
      group.bits.add(s);
    }
    const regions: Region[] = [];
    for (const { bits, entries: list } of bySignature.values()) {
      let region: Region = { bits, egressFree: bits.intersects(this.egressFree), ingress: ConnectionSet.NONE, egress: ConnectionSet.NONE };
      for (const i of list) region = withEntry(region, entries[i]);
      regions.push(region);
    }
    for (const r of this.startRegions()) {
      const rest = r.bits.andNot(touched);
      if (!rest.isEmpty()) regions.push(withBits(r, rest));
    }
    return regions;
  }

  /** A rule's ports towards a destination with `destPorts` (cached per rule and named ports). */
  private resolve(rule: CompiledRule, destPorts: readonly ContainerPort[] | undefined): ConnectionSet {
    let perPorts = this.resolved.get(rule);
    if (!perPorts) this.resolved.set(rule, perPorts = new Map());
    const named = rule.ports.hasNamedPorts();
    const key = named && destPorts ? this.portsKey(destPorts) : '-';
    let conn = perPorts.get(key);
    if (!conn) {
      conn = ConnectionSet.fromPortSet(rule.ports, named ? destPorts : undefined);
      perPorts.set(key, conn);
    }
    return conn;
  }

  /** What of a workload's container ports matters to a column: its named ports, when rules name ports. */
  private portsKey(ports: readonly ContainerPort[]): string {
    if (!this.namedPortsUsed) return '';
    let key = this.portsKeys.get(ports);
    if (key === undefined) {
      key = ports.filter((p) => p.name !== undefined).map((p) => `${p.name}/${p.protocol}/${p.port}`).join(',');
      this.portsKeys.set(ports, key);
    }
    return key;
  }
}

/**
 * The set of a region: (its ingress allows, or all when not isolated) ∩ (its egress allows, or
 * all when free).
 *
 * Where a cluster tier plugs in (per direction, before the intersection): with AdminNetworkPolicy
 * entries folded into the region in priority order as `allowed`, `denied` and `passed` sets (a
 * port decided by a higher-priority rule is not decided again), the direction's set becomes
 * `allowed ∪ (undecided ∩ networkPolicy)`, where `networkPolicy` is what this function computes
 * today except that a side that is not isolated gives what BaselineAdminNetworkPolicy leaves
 * allowed instead of all.
 */
function decideRegion(region: Region, ingressIsolated: boolean): ConnectionSet {
  const ingress = ingressIsolated ? region.ingress : ConnectionSet.ALL;
  const egress = region.egressFree ? ConnectionSet.ALL : region.egress;
  return ingress.intersect(egress);
}

// Regions and runs are built as object literals of one fixed shape: an object spread would give
// every one of them a hidden class of its own (allocated in the old generation).

function withEntry(region: Region, e: Entry): Region {
  return e.side === 'ingress'
    ? { bits: region.bits, egressFree: region.egressFree, ingress: region.ingress.union(e.conn), egress: region.egress }
    : { bits: region.bits, egressFree: region.egressFree, ingress: region.ingress, egress: region.egress.union(e.conn) };
}

function withBits(region: Region, bits: Bitset): Region {
  return { bits, egressFree: region.egressFree, ingress: region.ingress, egress: region.egress };
}

function outsideRun(range: AddressRange, conn: ConnectionSet): OutsideRun {
  return { family: range.family, start: range.start, end: range.end, conn };
}

/**
 * Entries of one side that allow the same set become one (their source bitsets united: a region
 * in either gets the set, as before); entries allowing nothing go.
 */
function mergeEntries(entries: readonly Entry[]): Entry[] {
  const out = new Map<string, { side: Entry['side']; bits: Bitset; conn: ConnectionSet; shared: boolean }>();
  for (const e of entries) {
    if (e.conn.isEmpty()) continue;
    const key = `${e.side}${e.conn.key}`;
    const existing = out.get(key);
    if (!existing) {
      out.set(key, { side: e.side, bits: e.bits, conn: e.conn, shared: true });
    } else if (existing.bits !== e.bits) {
      // Copy before the first union: entry bitsets are the engine's shared, cached ones.
      if (existing.shared) existing.bits = existing.bits.clone();
      existing.shared = false;
      existing.bits.orInPlace(e.bits);
    }
  }
  return [...out.values()].map(({ side, bits, conn }) => ({ side, bits, conn }));
}

/** A destination a source group may reach on a declared port, with the connections (see `flows`). */
interface Reach {
  /** The destination's position among the workloads with ports. */
  readonly index: number;
  readonly to: WorkloadModel;
  readonly conn: ConnectionSet;
}

/** The set of the row holding group `g`, or the empty set. */
export function rowConn(column: Column, g: number): ConnectionSet {
  for (const row of column.rows) if (row.sources.has(g)) return row.conn;
  return ConnectionSet.NONE;
}

/** The distinct (port, protocol) pairs a workload declares, by port then protocol. */
function uniqueTargets(ports: readonly ContainerPort[]): Array<{ port: number; protocol: Protocol }> {
  const byKey = new Map<string, { port: number; protocol: Protocol }>();
  for (const p of ports) if (!byKey.has(`${p.port}/${p.protocol}`)) byKey.set(`${p.port}/${p.protocol}`, { port: p.port, protocol: p.protocol });
  return [...byKey.values()];
}
