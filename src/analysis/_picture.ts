/**
 * The model behind the reachability pictures (Mermaid, Graphviz DOT, the Markdown matrix): nodes
 * (workloads, assumed platform workloads, outside address ranges), edges with their ports, and
 * the view a reader is shown — assumed platform edges collapsed into a legend, one neighbourhood
 * when focused, ports merged per pair.
 *
 * Renderers take any edge list (`PictureEdge`), so the allowed flows between declared container
 * ports and connections over every port and address range feed them alike.
 */
import { createHash } from 'crypto';
import { GRAMMAR_PROTOCOLS } from './_connections';
import { compare } from './_model';
import { AddressRange, OutsideRun } from './_outside';
import { pushTo } from '../_collections';

/** A workload, or a range of addresses outside the cluster. */
export interface PictureNode {
  /** `namespace/name` for a workload; the range text (`0.0.0.0/0`, `10.0.0.0-10.255.255.255`) for outside. */
  readonly key: string;
  /** The namespace of a workload; undefined for an outside range. */
  readonly namespace?: string;
  /** The name shown in the picture (the workload name without its namespace, or the range). */
  readonly name: string;
  /** A workload the cluster is assumed to run (CoreDNS, the ingress controller, …). */
  readonly assumed: boolean;
  /** An address range outside the cluster. */
  readonly outside: boolean;
  /**
   * The ports a workload listens on (`8080/TCP`), which edges to a namespace's box account for.
   *
   * @default - none
   */
  readonly declared?: readonly string[];
}

/** An allowed connection between two nodes, with its destination ports. */
export interface PictureEdge {
  /** The key of the source node. */
  readonly from: string;
  /** The key of the destination node. */
  readonly to: string;
  /**
   * The ports, each `8080/TCP`, `30000-32767/TCP`, or free text (`all ports`); merged and
   * de-duplicated per pair.
   */
  readonly ports: readonly string[];
}

/** What to draw. */
export interface PictureOptions {
  /** Draw assumed platform workloads and their edges instead of one legend line. */
  readonly showAssumed: boolean;
  /** Only this node (a key) and its neighbours: the edges from and to it. */
  readonly focus?: string;
}

/** One end of a drawn edge: a node, or every workload of a namespace (the namespace's box). */
export interface PictureEnd {
  readonly node?: PictureNode;
  readonly namespace?: string;
}

/** A drawn edge. */
export interface PictureViewEdge {
  readonly from: PictureEnd;
  readonly to: PictureEnd;
  /** The merged ports. */
  readonly label: string;
}

/** A namespace's box is drawn as one end of an edge when at least this many of its workloads are reached (or reach). */
export const COLLAPSE_MIN_WORKLOADS = 3;

/** What a reader is shown. */
export interface PictureView {
  /** Visible nodes: workloads sorted by namespace then name, then outside ranges. */
  readonly nodes: readonly PictureNode[];
  /**
   * Visible edges sorted by from then to, `label` merging the ports of a pair. Where one end
   * reaches every workload of a namespace (of at least `COLLAPSE_MIN_WORKLOADS`) on the same
   * ports, or every workload of a namespace reaches it, the namespace's box is the other end
   * (a scraper reaching 30 workloads is 3 edges, not 30).
   */
  readonly edges: readonly PictureViewEdge[];
  /** Namespaces of the visible workloads, sorted. */
  readonly namespaces: readonly string[];
  /**
   * The collapsed assumed edges, one entry per assumed workload:
   * `kube-system/coredns: reached on TCP 53; UDP 53`.
   * Empty when nothing is collapsed.
   */
  readonly legend: readonly string[];
  /** Namespaces drawn "(open inside)": every workload reaches every workload of it (their edges inside are not drawn). */
  readonly open: readonly string[];
  /** The focused node, if any. */
  readonly focus?: PictureNode;
}

/** Builds the view: focus, collapse, merge. Throws on an unknown `focus` (the caller words it). */
export function pictureView(nodes: readonly PictureNode[], edges: readonly PictureEdge[], options: PictureOptions): PictureView {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const focus = options.focus === undefined ? undefined : byKey.get(options.focus);
  if (options.focus !== undefined && !focus) throw new Error(`unknown node '${options.focus}'`);

  // Merge the ports of each ordered pair first: the input may repeat a pair.
  const pairs = new Map<string, { from: PictureNode; to: PictureNode; ports: Set<string> }>();
  for (const e of edges) {
    const from = byKey.get(e.from);
    const to = byKey.get(e.to);
    if (!from || !to) continue;
    const key = `${e.from}\u0000${e.to}`;
    let pair = pairs.get(key);
    if (!pair) {
      pair = { from, to, ports: new Set() };
      pairs.set(key, pair);
    }
    for (const p of e.ports) pair.ports.add(p);
  }

  let candidates = [...pairs.values()];
  if (focus) candidates = candidates.filter((p) => p.from === focus || p.to === focus);
  // Focusing on an assumed workload asks for its edges: draw them.
  const showAssumed = options.showAssumed || focus?.assumed === true;
  const hidden = (n: PictureNode) => n.assumed && !showAssumed;

  const legendPorts = new Map<string, { node: PictureNode; incoming: Set<string>; outgoing: Set<string> }>();
  const visibleEdges: Array<{ from: PictureNode; to: PictureNode; ports: readonly string[] }> = [];
  for (const p of candidates) {
    if (hidden(p.from) || hidden(p.to)) {
      // One legend entry per assumed end; edges between an assumed workload and another or the
      // outside world say nothing about the manifests.
      if ((hidden(p.from) || p.from.outside) && (hidden(p.to) || p.to.outside)) continue;
      const assumed = hidden(p.from) ? p.from : p.to;
      let entry = legendPorts.get(assumed.key);
      if (!entry) {
        entry = { node: assumed, incoming: new Set(), outgoing: new Set() };
        legendPorts.set(assumed.key, entry);
      }
      for (const port of p.ports) (assumed === p.to ? entry.incoming : entry.outgoing).add(port);
      continue;
    }
    visibleEdges.push({ from: p.from, to: p.to, ports: [...p.ports].sort(compare) });
  }

  let visibleNodes: PictureNode[];
  if (focus) {
    const keys = new Set<string>([focus.key]);
    for (const e of visibleEdges) {
      keys.add(e.from.key);
      keys.add(e.to.key);
    }
    visibleNodes = nodes.filter((n) => keys.has(n.key));
  } else {
    // Every workload of the manifests, reached or not; outside ranges only when an edge touches them.
    const touched = new Set(visibleEdges.flatMap((e) => [e.from.key, e.to.key]));
    visibleNodes = nodes.filter((n) => !hidden(n) && (!n.outside || touched.has(n.key)));
  }
  visibleNodes.sort(compareNodes);

  // Every (drawn) workload of each namespace, whatever the focus: a namespace's box stands for all of them.
  const members = new Map<string, PictureNode[]>();
  for (const n of nodes) {
    if (n.outside || hidden(n) || n.namespace === undefined) continue;
    pushTo(members, n.namespace, n);
  }

  const legend = [...legendPorts.values()]
    .sort((a, b) => compareNodes(a.node, b.node))
    .map(({ node, incoming, outgoing }) => {
      // Ports only, no list or count of workloads: nearly every workload uses the DNS, and a
      // name or a count here would change this line with every workload added. Focusing on the
      // assumed workload (`focus`) draws its edges.
      const parts: string[] = [];
      if (incoming.size > 0) parts.push(`reached on ${mergePorts([...incoming])}`);
      if (outgoing.size > 0) parts.push(`reaches workloads on ${mergePorts([...outgoing])}`);
      return `${node.key}: ${parts.join('; ')}`;
    });

  // A namespace whose workloads all reach each other is said once, on its box (not with focus:
  // the neighbourhood shows one workload's edges, one by one).
  const open = focus ? [] : openNamespaces(visibleEdges, members);
  const closed = visibleEdges.filter((e) => !(open.includes(e.from.namespace!) && e.from.namespace === e.to.namespace && !e.to.outside));
  return {
    nodes: visibleNodes,
    edges: collapseNamespaces(closed, members),
    namespaces: [...new Set(visibleNodes.filter((n) => n.namespace !== undefined).map((n) => n.namespace!))].sort(compare),
    legend,
    open,
    focus,
  };
}

/** What "(open inside)" on a namespace's box means, for the legend. */
export const OPEN_INSIDE = 'open inside';
const OPEN_NOTE = `(${OPEN_INSIDE}): every workload of the namespace may reach every workload of it, itself included, on every port it listens on`;

/** The legend's lines, or none: the collapsed assumed edges, then what "(open inside)" means. */
export function legendLines(view: PictureView): string[] {
  return [
    ...(view.legend.length > 0 ? [LEGEND_TITLE, ...view.legend] : []),
    ...(view.open.length > 0 ? [OPEN_NOTE] : []),
  ];
}

/**
 * The namespaces (of at least `COLLAPSE_MIN_WORKLOADS` workloads) whose every workload may reach
 * every workload of the namespace, itself included, on exactly the ports it listens on — a
 * namespace without NetworkPolicies, or with an allow-all inside. Their N² edges say one thing.
 */
function openNamespaces(
  edges: ReadonlyArray<{ readonly from: PictureNode; readonly to: PictureNode; readonly ports: readonly string[] }>,
  members: ReadonlyMap<string, readonly PictureNode[]>,
): string[] {
  const inside = new Map<string, readonly string[]>();
  for (const e of edges) if (!e.to.outside && e.from.namespace === e.to.namespace) inside.set(`${e.from.key}\u0000${e.to.key}`, e.ports);
  const out: string[] = [];
  for (const [namespace, all] of members) {
    if (all.length < COLLAPSE_MIN_WORKLOADS) continue;
    const complete = all.every((from) => all.every((to) => {
      const declared = [...new Set(to.declared ?? [])].sort(compare);
      const ports = inside.get(`${from.key}\u0000${to.key}`) ?? [];
      return ports.length === declared.length && ports.every((p, i) => p === declared[i]);
    }));
    if (complete) out.push(namespace);
  }
  return out.sort(compare);
}

/**
 * Fans collapsed into a namespace's box, so that a scraper reaching 30 workloads is 3 edges:
 * - fan-out: a source whose edges to the workloads of a namespace carry ports P, where every
 *   workload of the namespace is reached on exactly those of P it listens on (ranges and other
 *   texts: on all of them) — one edge to the box, labelled P;
 * - fan-in: a destination every workload of a namespace reaches on the same ports — one edge from
 *   the box (after fan-out this also joins a whole namespace to a whole namespace).
 * Only where at least `COLLAPSE_MIN_WORKLOADS` workloads of the namespace are reached (or reach);
 * never a box to itself.
 */
function collapseNamespaces(
  edges: ReadonlyArray<{ readonly from: PictureNode; readonly to: PictureNode; readonly ports: readonly string[] }>,
  members: ReadonlyMap<string, readonly PictureNode[]>,
): PictureViewEdge[] {
  type Work = { from: PictureEnd; to: PictureEnd; ports: readonly string[] };
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const listens = (n: PictureNode, port: string) => !/^\d+\/(TCP|UDP|SCTP)$/.test(port) || (n.declared ?? []).includes(port);

  // Fan-out: by source and destination namespace.
  let work: Work[] = [];
  const fanOut = new Map<string, Array<{ from: PictureNode; to: PictureNode; ports: readonly string[] }>>();
  for (const e of edges) {
    if (e.to.outside || e.to.namespace === undefined || e.from.namespace === e.to.namespace) {
      work.push({ from: { node: e.from }, to: { node: e.to }, ports: e.ports });
      continue;
    }
    const key = `${e.from.key}\u0000${e.to.namespace}`;
    pushTo(fanOut, key, e);
  }
  for (const group of fanOut.values()) {
    const namespace = group[0].to.namespace!;
    const all = members.get(namespace) ?? [];
    const union = [...new Set(group.flatMap((e) => e.ports))].sort(compare);
    const reached = new Map(group.map((e) => [e.to.key, e.ports]));
    const complete = group.length >= COLLAPSE_MIN_WORKLOADS
      && all.every((m) => same(reached.get(m.key) ?? [], union.filter((p) => listens(m, p))));
    if (complete) work.push({ from: { node: group[0].from }, to: { namespace }, ports: union });
    else for (const e of group) work.push({ from: { node: e.from }, to: { node: e.to }, ports: e.ports });
  }

  // Fan-in: by destination (a node or a box) and source namespace.
  const fanIn = new Map<string, Work[]>();
  const kept: Work[] = [];
  for (const e of work) {
    const source = e.from.node;
    const targetNamespace = e.to.node ? e.to.node.namespace : e.to.namespace;
    if (!source || source.outside || source.namespace === undefined || source.namespace === targetNamespace) {
      kept.push(e);
      continue;
    }
    const key = `${endKey(e.to)}\u0000${source.namespace}\u0000${e.ports.join(',')}`;
    pushTo(fanIn, key, e);
  }
  for (const group of fanIn.values()) {
    const namespace = group[0].from.node!.namespace!;
    const all = members.get(namespace) ?? [];
    if (all.length >= COLLAPSE_MIN_WORKLOADS && group.length === all.length) {
      kept.push({ from: { namespace }, to: group[0].to, ports: group[0].ports });
    } else {
      kept.push(...group);
    }
  }
  work = kept;
  return work
    .map((e) => ({ from: e.from, to: e.to, label: mergePorts(e.ports) }))
    .sort((a, b) => compareEnds(a.from, b.from) || compareEnds(a.to, b.to));
}

/** A sort key of an edge end: the node key, or the namespace followed by `/` (its workloads' keys start so). */
function endKey(end: PictureEnd): string {
  return end.node ? end.node.key : `${end.namespace}/`;
}

function compareEnds(a: PictureEnd, b: PictureEnd): number {
  const outside = (e: PictureEnd) => e.node?.outside === true;
  if (outside(a) !== outside(b)) return outside(a) ? 1 : -1;
  return compare(endKey(a), endKey(b));
}

/** The legend's first words, shared by every format. */
export const LEGEND_TITLE = 'Not drawn: assumed platform workloads (--show-assumed draws them)';

/** Workloads by namespace then name; outside ranges after every workload, in input-independent order. */
function compareNodes(a: PictureNode, b: PictureNode): number {
  if (a.outside !== b.outside) return a.outside ? 1 : -1;
  return compare(a.key, b.key);
}

const PORT_PATTERN = /^(\d+)(?:-(\d+))?\/(TCP|UDP|SCTP)$/;

/**
 * Merges port texts into one label: grouped by protocol (TCP, UDP, SCTP), ports in numeric order,
 * touching ranges joined — `TCP 53, 8080-8081; UDP 53`. Texts that are not `port/PROTOCOL` are
 * kept as they are, after the rest.
 */
export function mergePorts(ports: readonly string[]): string {
  const ranges = new Map<string, Array<[number, number]>>();
  const other = new Set<string>();
  for (const p of ports) {
    const m = PORT_PATTERN.exec(p);
    if (!m) {
      other.add(p);
      continue;
    }
    const start = Number(m[1]);
    const end = m[2] === undefined ? start : Number(m[2]);
    const list = ranges.get(m[3]) ?? [];
    list.push([start, end]);
    ranges.set(m[3], list);
  }
  const parts: string[] = [];
  const everything = ['TCP', 'UDP', 'SCTP'].every((protocol) => {
    const list = ranges.get(protocol);
    return list !== undefined && list.some(([s, e]) => s === 1 && e === 65535);
  });
  if (everything) return ['all ports and protocols', ...[...other].sort(compare)].join('; ');
  for (const protocol of ['TCP', 'UDP', 'SCTP']) {
    const list = ranges.get(protocol);
    if (!list) continue;
    list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const merged: Array<[number, number]> = [];
    for (const [s, e] of list) {
      const last = merged[merged.length - 1];
      if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
    const text = merged.length === 1 && merged[0][0] === 1 && merged[0][1] === 65535
      ? 'all ports'
      : merged.map(([s, e]) => (s === e ? `${s}` : `${s}-${e}`)).join(', ');
    parts.push(`${protocol} ${text}`);
  }
  parts.push(...[...other].sort(compare));
  return parts.join('; ');
}

/**
 * The outside ranges of one workload and direction as edges a person reads: per port, the
 * addresses that allow it, ports with the same addresses on one edge. `mailer` may send 587 to
 * the public internet and 443 to a partner range: two edges (public internet: TCP 587;
 * 198.51.100.0/24: TCP 443), not the three pieces the address space is cut into.
 */
export function outsideEdges(runs: readonly OutsideRun[]): Array<{ readonly ranges: AddressRange[]; readonly ports: string[] }> {
  const groups = new Map<string, { ranges: AddressRange[]; ports: string[] }>();
  for (const protocol of GRAMMAR_PROTOCOLS) {
    // Cut the ports at every boundary of every run, so that each atom is in a run's set or not.
    const cuts = new Set<number>([1, 65536]);
    for (const run of runs) for (const [lo, hi] of run.conn.rangesOf(protocol)) cuts.add(lo).add(hi + 1);
    const bounds = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < bounds.length; i++) {
      const [lo, hi] = [bounds[i], bounds[i + 1] - 1];
      const holders = runs.filter((r) => r.conn.has(lo, protocol));
      if (holders.length === 0) continue;
      const key = holders.map((r) => `${r.family}:${r.start}`).join(',');
      const group = groups.get(key) ?? { ranges: holders.map((r) => ({ family: r.family, start: r.start, end: r.end })), ports: [] };
      group.ports.push(`${lo === hi ? lo : `${lo}-${hi}`}/${protocol}`);
      groups.set(key, group);
    }
  }
  return [...groups.values()];
}

/** Kubernetes names this id scheme maps readably (and injectively): no doubled, leading or trailing '-'. */
const LABEL = '[a-z0-9]+(?:-[a-z0-9]+)*';
const CANONICAL_WORKLOAD = new RegExp(`^${LABEL}/${LABEL}(?:\\.${LABEL})*$`);
const CANONICAL_NAMESPACE = new RegExp(`^${LABEL}$`);

/**
 * A Mermaid node id derived from the node's key alone, so that adding a node never changes the id
 * of another (a committed diagram then diffs line by line).
 *
 * - `production/api-service` → `production___api_service` (`-` → `_`, `.` → `__`, `/` → `___`;
 *   readable and injective for valid Kubernetes names, where `-` is never doubled nor next to `.`
 *   or `/`);
 * - anything else (an outside range, a name with upper case, a newline or `|`) →
 *   `q_<letters and digits>_<8 hex digits of SHA-256 of the key>`, which never contains `__`.
 */
export function nodeId(key: string): string {
  if (CANONICAL_WORKLOAD.test(key)) {
    return key.replace(/\//, '___').replace(/\./g, '__').replace(/-/g, '_');
  }
  return hashedId(key);
}

/** A Mermaid subgraph id for a namespace: `ns_<name>` (no `__`, so never a workload id). */
export function namespaceId(namespace: string): string {
  return CANONICAL_NAMESPACE.test(namespace) ? `ns_${namespace.replace(/-/g, '_')}` : hashedId(`namespace ${namespace}`);
}

function hashedId(key: string): string {
  const slug = key.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40).replace(/_+$/, '');
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 8);
  return slug === '' ? `q_${hash}` : `q_${slug}_${hash}`;
}
