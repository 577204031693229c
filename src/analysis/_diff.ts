/**
 * The connectivity diff: two connectivity lists compared pair by pair (workload pairs) and
 * address by address (outside ranges), and its text and Markdown renderings.
 */
import { ConnectionSet } from './_connections';
import { ConnectionRecord } from './_connlist';
import { compare } from './_model';
import { AddressRange, Family, formatRange } from './_outside';
import type { ConnectionChange } from './connection-diff';

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
  return changes.sort((p, q) => compare(p.from, q.from) || compare(p.to, q.to));
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
 * outside addresses: 1` or `no connection changed`.
 */
export function summarize(changes: readonly ConnectionChange[]): string {
  if (changes.length === 0) return 'no connection changed';
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
  const exposure = changes.filter((c) => c.fromOutside && c.kind !== KIND.REMOVED && c.kind !== KIND.NARROWED).length;
  const parts = [
    `${added} connection${added === 1 ? '' : 's'} added`,
    `${removed} removed`,
    `${changed} changed${detail === '' ? '' : ` (${detail})`}`,
  ];
  return `${parts.join(', ')}; ${exposure === 0 ? 'no new exposure to outside addresses' : `new exposure to outside addresses: ${exposure}`}`;
}

const SIGN: Record<string, string> = { added: '+', removed: '-', widened: '~', narrowed: '~', changed: '~' };

/** One line per change. */
function textLine(c: ConnectionChange): string {
  const head = `${SIGN[c.kind]} ${c.from} => ${c.to} : `;
  if (c.kind === KIND.ADDED) return `${head}${c.after}`;
  if (c.kind === KIND.REMOVED) return `${head}${c.before}`;
  const delta = [c.gained !== 'No Connections' ? `+${c.gained}` : '', c.lost !== 'No Connections' ? `-${c.lost}` : ''].filter((x) => x !== '').join(' ');
  return `${head}${c.before} -> ${c.after} (${c.kind}: ${delta})`;
}

export function renderDiffText(changes: readonly ConnectionChange[]): string {
  return [summarize(changes), ...changes.map(textLine)].join('\n') + '\n';
}

/** A Markdown table cell: `|` and line breaks cannot break the table. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A table: with the change kind and before/after (`full`), or only what is now allowed (added) or was (removed). */
function table(changes: readonly ConnectionChange[], columns: 'full' | 'added' | 'removed'): string[] {
  const code = (text: string) => `\`${cell(text)}\``;
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

/**
 * The pull-request comment: a bold summary line, then one table per section that has entries —
 * exposure to outside addresses (changes from outside ranges) first, then added, removed and
 * changed connections.
 */
export function renderDiffMarkdown(changes: readonly ConnectionChange[]): string {
  const lines = [`**Connectivity diff:** ${summarize(changes)}`];
  const exposure = changes.filter((c) => c.fromOutside);
  const rest = changes.filter((c) => !c.fromOutside);
  const sections: Array<[string, readonly ConnectionChange[], 'full' | 'added' | 'removed']> = [
    ['Exposure to outside addresses', exposure, 'full'],
    ['Added', rest.filter((c) => c.kind === KIND.ADDED), 'added'],
    ['Removed', rest.filter((c) => c.kind === KIND.REMOVED), 'removed'],
    ['Changed', rest.filter((c) => c.kind !== KIND.ADDED && c.kind !== KIND.REMOVED), 'full'],
  ];
  for (const [title, list, columns] of sections) {
    if (list.length === 0) continue;
    lines.push('', `#### ${title} (${list.length})`, '', ...table(list, columns));
  }
  return lines.join('\n') + '\n';
}
