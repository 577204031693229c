/**
 * The connectivity diff: two connectivity lists compared pair by pair (workload pairs) and
 * address by address (outside ranges), and its text and Markdown renderings.
 */
import { ConnectionSet } from './_connections';
import { ConnectionRecord } from './_connlist';
import { compare, workloadLabel, WorkloadModel } from './_model';
import { AddressRange, Family, formatRange } from './_outside';
import type { ConnectionChange, ExposureChange } from './connection-diff';
import { ExposureCategory, ExposureFinding } from './exposure';
import { pushTo } from '../_collections';
import { escapeControl } from '../_text';
import { POD_TEMPLATE_HASH_LABEL } from '../_vocabulary';

/** The entry kinds, as the wire values of `ConnectionChangeKind` (a type-only import above avoids a cycle). */
const KIND = { ADDED: 'added', REMOVED: 'removed', WIDENED: 'widened', NARROWED: 'narrowed', CHANGED: 'changed' } as const;

type Runs = Map<string, Array<{ range: AddressRange; conn: ConnectionSet }>>;

/** Files a record with an outside range under `direction\0workload`. */
function addRun(runs: Runs, r: ConnectionRecord): void {
  const key = r.fromWorkload ? `egress\u0000${r.from}` : `ingress\u0000${r.to}`;
  const list = runs.get(key);
  if (list) list.push({ range: r.range!, conn: r.conn });
  else runs.set(key, [{ range: r.range!, conn: r.conn }]);
}

/**
 * The diff from `before` to `after`, two connectivity lists sorted by (from, to) as the list
 * generator yields them. Pairs of workloads are merged in step, one record of each side at a
 * time, so a list quadratic in the workloads is never held; the outside ranges (a few per
 * workload) are gathered and compared address by address.
 */
export function diffConnections(before: Iterable<ConnectionRecord>, after: Iterable<ConnectionRecord>): ConnectionChange[] {
  const changes: ConnectionChange[] = [];
  const runsBefore: Runs = new Map();
  const runsAfter: Runs = new Map();
  const b = pairsOnly(before, runsBefore);
  const a = pairsOnly(after, runsAfter);
  let x = b.next();
  let y = a.next();
  while (!x.done || !y.done) {
    const order = x.done ? 1 : y.done ? -1 : compare(x.value.from, y.value.from) || compare(x.value.to, y.value.to);
    const was = order <= 0 ? x.value! : undefined;
    const is = order >= 0 ? y.value! : undefined;
    const change = entry((was ?? is)!.from, (was ?? is)!.to, was?.conn ?? ConnectionSet.NONE, is?.conn ?? ConnectionSet.NONE, false, false);
    if (change) changes.push(change);
    if (order <= 0) x = b.next();
    if (order >= 0) y = a.next();
  }
  for (const key of new Set([...runsBefore.keys(), ...runsAfter.keys()])) {
    const [direction, workload] = key.split('\u0000');
    for (const piece of comparePieces(runsBefore.get(key) ?? [], runsAfter.get(key) ?? [])) {
      const range = formatRange(piece.range);
      const change = direction === 'ingress'
        ? entry(range, workload, piece.before, piece.after, true, false)
        : entry(workload, range, piece.before, piece.after, false, true);
      if (change) changes.push(change);
    }
  }
  return changes.sort((p, q) => compareEndpoints(p.from, q.from) || compareEndpoints(p.to, q.to));
}

/**
 * The workloads of `before` that are, after a rollout, workloads of `after` under another name, by
 * id (`shop/web-7d4b9c8f6` → `shop/web-84f6c9d7b5`): in a dump of Pods alone, the pods of a
 * Deployment are named after their ReplicaSet `<deployment>-<pod-template-hash>` and those of a
 * CronJob after their Job `<cronjob>-<scheduled minutes>`, which a rollout or the next schedule
 * renames though the pods play the same part. Each is paired by that stem, when the stem names one
 * such workload on each side (mid-rollout, two ReplicaSets of one stem are left as they are).
 */
export function rolloutRenames(before: readonly WorkloadModel[], after: readonly WorkloadModel[]): Map<string, string> {
  const stems = (workloads: readonly WorkloadModel[]) => {
    const byStem = new Map<string, WorkloadModel[]>();
    for (const w of workloads) {
      const stem = rolloutStem(w);
      if (stem !== undefined) pushTo(byStem, stem, w);
    }
    return byStem;
  };
  const was = stems(before);
  const is = stems(after);
  const renames = new Map<string, string>();
  for (const [stem, olds] of was) {
    const news = is.get(stem);
    if (olds.length === 1 && news?.length === 1 && olds[0].id !== news[0].id) renames.set(olds[0].id, news[0].id);
  }
  return renames;
}

/** `ns/web[ReplicaSet]` for pods grouped under an absent ReplicaSet `web-<pod-template-hash>`; `ns/report[Job]` for an absent Job `report-<digits>`. */
function rolloutStem(w: WorkloadModel): string | undefined {
  if (w.ownerPresent !== false || w.id.endsWith(']')) return undefined;
  const hash = w.podLabels[POD_TEMPLATE_HASH_LABEL];
  if (w.kind === 'ReplicaSet' && hash && w.name.endsWith(`-${hash}`) && w.name.length > hash.length + 1) {
    return `${w.namespace}/${w.name.slice(0, -(hash.length + 1))}[ReplicaSet]`;
  }
  const scheduled = w.kind === 'Job' ? /^(.+)-\d+$/.exec(w.name) : null;
  return scheduled ? `${w.namespace}/${scheduled[1]}[Job]` : undefined;
}

/**
 * The labels of `before`'s connectivity list to compare under `after`'s: the workloads of
 * `renames` (by id, see `rolloutRenames`), and the cluster components one side assumes and the
 * other side's manifests hold (`kube-system/coredns[assumed]` ↔ `kube-system/coredns[Deployment]`:
 * the same pods, the manifests now describing them).
 */
export function recordRenames(
  before: readonly WorkloadModel[],
  after: readonly WorkloadModel[],
  renames: ReadonlyMap<string, string>,
): Map<string, string> {
  const labels = new Map<string, string>();
  for (const w of before) {
    const to = renames.get(w.id);
    if (to !== undefined) labels.set(workloadLabel(w), workloadLabel({ id: to, kind: w.kind }));
  }
  const afterById = new Map(after.map((w) => [w.id, w]));
  for (const w of before) {
    const other = afterById.get(w.id);
    if (other && other.kind !== w.kind && (w.kind === 'assumed' || other.kind === 'assumed')) labels.set(workloadLabel(w), workloadLabel(other));
  }
  return labels;
}

/** `records` with the endpoints `labels` renames under their new labels, sorted again as connectivity lists are (by from, then to). */
export function renameRecords(records: Iterable<ConnectionRecord>, labels: ReadonlyMap<string, string>): ConnectionRecord[] {
  const out: ConnectionRecord[] = [];
  for (const r of records) out.push({ ...r, from: labels.get(r.from) ?? r.from, to: labels.get(r.to) ?? r.to });
  return out.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));
}

/**
 * Outside ranges first, by address (IPv4 before IPv6), as connectivity lists put them; then
 * workloads by name.
 */
function compareEndpoints(a: string, b: string): number {
  const ra = rangeStart(a);
  const rb = rangeStart(b);
  if (ra === undefined || rb === undefined) return ra === undefined && rb === undefined ? compare(a, b) : ra === undefined ? 1 : -1;
  return ra.family !== rb.family ? compare(ra.family, rb.family) : ra.start < rb.start ? -1 : ra.start > rb.start ? 1 : compare(a, b);
}

/** The first address of an outside range `first-last`, as a number per family; undefined for a workload. */
function rangeStart(endpoint: string): { family: string; start: bigint } | undefined {
  const first = endpoint.split('-')[0];
  if (/^\d+\.\d+\.\d+\.\d+$/.test(first)) {
    return { family: 'ipv4', start: first.split('.').reduce((n, octet) => n * 256n + BigInt(octet), 0n) };
  }
  if (first.includes(':')) {
    const [head, tail = ''] = first.split('::');
    const groups = (text: string) => (text === '' ? [] : text.split(':'));
    const h = groups(head);
    const t = groups(tail);
    const all = first.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
    return { family: 'ipv6', start: all.reduce((n, g) => n * 65536n + BigInt(parseInt(g || '0', 16)), 0n) };
  }
  return undefined;
}

/**
 * What `exposure()` lists after and did not before, per workload and audience: through a Service
 * or a proxy from outside (per way in), from any namespace, from unlisted namespaces (which any
 * namespace covers). An unisolated workload is reached by every audience on every port. Direct
 * exposure to outside addresses is the connection diff's (its outside ranges); assumed workloads
 * are the cluster's, not the change's.
 */
export function diffExposure(
  before: readonly ExposureFinding[], after: readonly ExposureFinding[], skip: ReadonlySet<string> = new Set(),
): ExposureChange[] {
  const reach = (findings: readonly ExposureFinding[]) => {
    const map = new Map<string, { conn: ConnectionSet; finding: ExposureFinding }>();
    const add = (key: string, conn: ConnectionSet, finding: ExposureFinding) => {
      const had = map.get(key);
      map.set(key, { conn: had ? had.conn.union(conn) : conn, finding: had?.finding ?? finding });
    };
    for (const f of findings) {
      if (f.direction !== 'ingress' || f.kind === 'assumed' || skip.has(f.workload.replace(/\[[^\]]*\]$/, ''))) continue;
      // Keyed by the workload's label (`ns/web[Deployment]`): a kind collision that appears or goes
      // away renames the id (`ns/web` ↔ `ns/web[Deployment]`), not the workload.
      const workload = workloadLabel({ id: f.workload, kind: f.kind });
      const conn = ConnectionSet.parse(f.connections);
      if (f.category === ExposureCategory.NOT_ISOLATED) {
        add(`${workload}\u0000${ExposureCategory.ANY_NAMESPACE}\u0000`, conn, f);
      } else if (f.category !== ExposureCategory.OUTSIDE_CLUSTER || f.via !== undefined) {
        add(`${workload}\u0000${f.category}\u0000${f.via ?? ''}`, conn, f);
      }
    }
    return map;
  };
  const was = reach(before);
  const is = reach(after);
  const out: ExposureChange[] = [];
  for (const [key, { conn, finding }] of is) {
    const [label, category] = key.split('\u0000');
    const workload = label;
    const anyNamespace = (m: typeof was) => m.get(`${workload}\u0000${ExposureCategory.ANY_NAMESPACE}\u0000`)?.conn ?? ConnectionSet.NONE;
    let covered = was.get(key)?.conn ?? ConnectionSet.NONE;
    if (category === ExposureCategory.UNLISTED_NAMESPACES) covered = covered.union(anyNamespace(was)).union(anyNamespace(is));
    const gained = conn.subtract(covered);
    if (gained.isEmpty()) continue;
    out.push({
      workload: finding.workload,
      kind: finding.kind,
      category: category as ExposureCategory,
      ...(finding.via !== undefined && category === ExposureCategory.OUTSIDE_CLUSTER ? { via: finding.via } : {}),
      peer: finding.category === ExposureCategory.NOT_ISOLATED ? 'not isolated' : finding.peer,
      gained: gained.toString(),
      after: conn.toString(),
    });
  }
  return out.sort((a, b) => compare(a.workload, b.workload) || compare(a.category, b.category) || compare(a.via ?? '', b.via ?? ''));
}

/** The records between two workloads, in order; records with an outside range go to `runs`. */
function* pairsOnly(records: Iterable<ConnectionRecord>, runs: Runs): Generator<ConnectionRecord, undefined> {
  for (const r of records) {
    if (r.range) addRun(runs, r);
    else yield r;
  }
  return undefined;
}

function entry(
  from: string, to: string, before: ConnectionSet, after: ConnectionSet, fromOutside: boolean, toOutside: boolean,
): ConnectionChange | undefined {
  if (before.equals(after)) return undefined;
  const gained = after.subtract(before);
  const lost = before.subtract(after);
  const kind = before.isEmpty() ? KIND.ADDED
    : after.isEmpty() ? KIND.REMOVED
      : lost.isEmpty() ? KIND.WIDENED
        : gained.isEmpty() ? KIND.NARROWED : KIND.CHANGED;
  return {
    kind: kind as ConnectionChange['kind'],
    from,
    to,
    before: before.toString(),
    after: after.toString(),
    gained: gained.toString(),
    lost: lost.toString(),
    fromOutside,
    toOutside,
  };
}

interface Piece {
  readonly range: AddressRange;
  readonly before: ConnectionSet;
  readonly after: ConnectionSet;
}

/**
 * The two sides' ranges compared address by address: cut at every boundary of either side;
 * pieces whose sets differ, neighbours with the same before and after merged.
 */
function comparePieces(
  before: ReadonlyArray<{ range: AddressRange; conn: ConnectionSet }>,
  after: ReadonlyArray<{ range: AddressRange; conn: ConnectionSet }>,
): Piece[] {
  const out: Piece[] = [];
  const families: Family[] = ['ipv4', 'ipv6'];
  for (const family of families) {
    const b = before.filter((r) => r.range.family === family);
    const a = after.filter((r) => r.range.family === family);
    const cuts = new Set<bigint>();
    for (const r of [...b, ...a]) {
      cuts.add(r.range.start);
      cuts.add(r.range.end + 1n);
    }
    const points = [...cuts].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    for (let i = 0; i + 1 < points.length; i++) {
      const start = points[i];
      const end = points[i + 1] - 1n;
      const at = (list: typeof b) => list.find((r) => r.range.start <= start && end <= r.range.end)?.conn ?? ConnectionSet.NONE;
      const was = at(b);
      const is = at(a);
      if (was.equals(is)) continue;
      const last = out[out.length - 1];
      if (last && last.range.family === family && last.range.end + 1n === start && last.before.equals(was) && last.after.equals(is)) {
        out[out.length - 1] = { range: { family, start: last.range.start, end }, before: was, after: is };
      } else {
        out.push({ range: { family, start, end }, before: was, after: is });
      }
    }
  }
  return out;
}

/**
 * `2 connections added, 1 removed, 2 changed (1 widened, 1 widened and narrowed); new exposure to
 * outside addresses: 1` or `no connection changed`, then `; newly reachable through Services,
 * proxies or from namespaces beyond the manifests: 2` when `exposure` has entries.
 */
export function summarize(changes: readonly ConnectionChange[], exposure: readonly ExposureChange[] = []): string {
  const beyond = exposure.length === 0 ? '' : `; newly reachable through Services, proxies or from namespaces beyond the manifests: ${exposure.length}`;
  if (changes.length === 0) return `no connection changed${beyond}`;
  const count = (kind: string) => changes.filter((c) => c.kind === kind).length;
  const added = count(KIND.ADDED);
  const removed = count(KIND.REMOVED);
  const changed = changes.length - added - removed;
  const widened = count(KIND.WIDENED);
  const narrowed = count(KIND.NARROWED);
  const both = count(KIND.CHANGED);
  const detail = [
    widened > 0 ? `${widened} widened` : '',
    narrowed > 0 ? `${narrowed} narrowed` : '',
    both > 0 ? `${both} widened and narrowed` : '',
  ].filter((x) => x !== '').join(', ');
  const outside = changes.filter((c) => c.fromOutside && c.kind !== KIND.REMOVED && c.kind !== KIND.NARROWED).length;
  const parts = [
    `${added} connection${added === 1 ? '' : 's'} added`,
    `${removed} removed`,
    `${changed} changed${detail === '' ? '' : ` (${detail})`}`,
  ];
  return `${parts.join(', ')}; ${outside === 0 ? 'no new exposure to outside addresses' : `new exposure to outside addresses: ${outside}`}${beyond}`;
}

/** `from outside through <via>`, `from any pod in any namespace`, …: who newly reaches the workload. */
function audience(e: ExposureChange): string {
  if (e.category === ExposureCategory.OUTSIDE_CLUSTER) return `from outside the cluster through ${e.via}`;
  if (e.category === ExposureCategory.ANY_NAMESPACE) return `from any pod in any namespace (${e.peer})`;
  return `from namespaces beyond the manifests (${e.peer})`;
}

const SIGN: Record<string, string> = { added: '+', removed: '-', widened: '~', narrowed: '~', changed: '~' };

/** One line per change (control characters in names escaped: a name cannot forge a line). */
function textLine(c: ConnectionChange): string {
  const head = `${SIGN[c.kind]} ${escapeControl(c.from)} => ${escapeControl(c.to)} : `;
  if (c.kind === KIND.ADDED) return `${head}${c.after}`;
  if (c.kind === KIND.REMOVED) return `${head}${c.before}`;
  const delta = [c.gained !== 'No Connections' ? `+${c.gained}` : '', c.lost !== 'No Connections' ? `-${c.lost}` : ''].filter((x) => x !== '').join(' ');
  return `${head}${c.before} -> ${c.after} (${c.kind}: ${delta})`;
}

/** One line per new exposure: `! shop/api[Deployment] newly reachable from any pod in any namespace : TCP 9090`. */
function exposureLine(e: ExposureChange): string {
  return `! ${escapeControl(workloadLabel({ id: e.workload, kind: e.kind }))} newly reachable ${escapeControl(audience(e))} : ${e.gained}`;
}

export function renderDiffText(changes: readonly ConnectionChange[], exposure: readonly ExposureChange[] = []): string {
  return [summarize(changes, exposure), ...changes.map(textLine), ...exposure.map(exposureLine)].join('\n') + '\n';
}

/** A Markdown table cell: `|` and line breaks cannot break the table. */
function cell(text: string): string {
  // `<` and `&` as entities: a path or a name cannot open an HTML tag or comment in the comment.
  return text.replace(/\\/g, '\\\\').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * A name as inline code in a table cell: a code span fenced by more backticks than the name holds
 * (a backtick in a name cannot end it early), `|` escaped for the table — inside a code span a
 * backslash is literal, so nothing else is escaped — and control characters as escapes.
 */
function code(text: string): string {
  const name = escapeControl(text).replace(/\|/g, '\\|');
  const ticks = '`'.repeat(Math.max(0, ...(name.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = name.startsWith('`') || name.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${name}${pad}${ticks}`;
}

/** A table: with the change kind and before/after (`full`), or only what is now allowed (added) or was (removed). */
function table(changes: readonly ConnectionChange[], columns: 'full' | 'added' | 'removed'): string[] {
  if (columns === 'full') {
    return [
      '| change | from | to | before | after |',
      '| --- | --- | --- | --- | --- |',
      ...changes.map((c) => `| ${c.kind} | ${code(c.from)} | ${code(c.to)} | ${c.kind === KIND.ADDED ? '—' : cell(c.before)} | ${c.kind === KIND.REMOVED ? '—' : cell(c.after)} |`),
    ];
  }
  return [
    `| from | to | ${columns === 'added' ? 'now allowed' : 'was allowed'} |`,
    '| --- | --- | --- |',
    ...changes.map((c) => `| ${code(c.from)} | ${code(c.to)} | ${cell(columns === 'added' ? c.after : c.before)} |`),
  ];
}

/** The rows one Markdown table holds; the rest are counted under it. */
const MARKDOWN_ROWS = 50;

/** The characters a Markdown comment may take (GitHub refuses comments over 65,536). */
const MARKDOWN_BUDGET = 60_000;

/**
 * The pull-request comment: a bold summary line, then one table per section that has entries —
 * new exposure through Services, proxies and other namespaces, exposure to outside addresses
 * (changes from outside ranges), then added, removed and changed connections. Each table holds at
 * most `MARKDOWN_ROWS` rows and the comment at most `MARKDOWN_BUDGET` characters; what is left out
 * is counted.
 */
export function renderDiffMarkdown(changes: readonly ConnectionChange[], exposure: readonly ExposureChange[] = []): string {
  const lines = [`**Connectivity diff:** ${summarize(changes, exposure)}`];
  let size = lines[0].length;
  const outside = changes.filter((c) => c.fromOutside);
  const rest = changes.filter((c) => !c.fromOutside);
  const sections: Array<[string, string[], string[]]> = [
    ['Newly reachable through Services, proxies or from namespaces beyond the manifests',
      ['| workload | newly reachable | now allowed |', '| --- | --- | --- |'],
      exposure.map((e) => `| ${code(workloadLabel({ id: e.workload, kind: e.kind }))} | ${cell(escapeControl(audience(e)))} | ${cell(e.gained)} |`)],
    ...([
      ['Exposure to outside addresses', outside, 'full'],
      ['Added', rest.filter((c) => c.kind === KIND.ADDED), 'added'],
      ['Removed', rest.filter((c) => c.kind === KIND.REMOVED), 'removed'],
      ['Changed', rest.filter((c) => c.kind !== KIND.ADDED && c.kind !== KIND.REMOVED), 'full'],
    ] as Array<[string, readonly ConnectionChange[], 'full' | 'added' | 'removed']>).map(([title, list, columns]): [string, string[], string[]] => {
      const [header, rule, ...rows] = table(list, columns);
      return [title, [header, rule], rows];
    }),
  ];
  for (const [title, head, rows] of sections) {
    if (rows.length === 0) continue;
    const block = ['', `#### ${title} (${rows.length})`, '', ...head];
    const shown: string[] = [];
    let used = size + block.reduce((n, l) => n + l.length + 1, 0);
    for (const row of rows.slice(0, MARKDOWN_ROWS)) {
      if (used + row.length + 1 > MARKDOWN_BUDGET) break;
      shown.push(row);
      used += row.length + 1;
    }
    if (shown.length === 0) {
      lines.push('', `#### ${title} (${rows.length})`, '', `_${rows.length} left out to keep the comment short: see \`netpatterns diff --format text\` or \`json\`._`);
      size += 120;
      continue;
    }
    lines.push(...block, ...shown);
    if (shown.length < rows.length) lines.push('', `_… and ${rows.length - shown.length} more: see \`netpatterns diff --format text\` or \`json\`._`);
    size = lines.reduce((n, l) => n + l.length + 1, 0);
  }
  return lines.join('\n') + '\n';
}
