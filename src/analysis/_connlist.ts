/**
 * The connectivity list: one record per ordered pair of endpoints (workloads, outside address
 * ranges and `{ingress-controller}`; a workload and itself left out) with what the pair allows,
 * sorted by source then destination as the text lines `src => dst : connections` sort.
 */
import { ConnectionSet } from './_connections';
import { Engine } from './_evaluate';
import { ConnectionMatrix, Column } from './_matrix';
import { compare, workloadLabel, WorkloadModel } from './_model';
import { AddressRange, formatRange, NO_CUTS, OutsideCuts, splitRun } from './_outside';
import { NAMESPACE_NAME_LABEL } from '../_vocabulary';

/** One line of the list. */
export interface ConnectionRecord {
  /** `ns/name[Kind]`, an address range `first-last`, or `{ingress-controller}`. */
  readonly from: string;
  readonly to: string;
  readonly conn: ConnectionSet;
  /** The source workload; undefined for an outside range and for `{ingress-controller}`. */
  readonly fromWorkload?: WorkloadModel;
  /** The destination workload; undefined for an outside range. */
  readonly toWorkload?: WorkloadModel;
  /** The outside range at one end, if any. */
  readonly range?: AddressRange;
}

/**
 * The endpoint that stands for an ingress controller the analysis does not know, as np-guard's
 * connlist names it: `{ingress-controller} => ns/web[Deployment] : TCP 8080`.
 *
 * @see https://github.com/np-guard/netpol-analyzer/blob/main/docs/connlist_output.md
 */
export const UNKNOWN_INGRESS_CONTROLLER = '{ingress-controller}';

/**
 * The pod it is evaluated as: no labels, in a namespace of its own that the manifests do not hold
 * (np-guard's placeholder `ingress-controller-ns`), so only selectors of every namespace and every
 * pod admit it.
 */
export const UNKNOWN_INGRESS_CONTROLLER_POD = {
  namespace: 'ingress-controller-ns',
  namespaceLabels: { [NAMESPACE_NAME_LABEL]: 'ingress-controller-ns' },
  podLabels: {},
  hostNetwork: false,
} as const;

/** The text line of a record: `src => dst : TCP 80,UDP 53`. */
export function connectionLine(r: { readonly from: string; readonly to: string; readonly conn: ConnectionSet | string }): string {
  return `${r.from} => ${r.to} : ${r.conn.toString()}`;
}

/**
 * Every record, sorted, as a generator: a caller may stream a list that is quadratic in the
 * workloads (everything open) while holding only the matrix, which is linear.
 */
export function* connectionRecords(
  matrix: ConnectionMatrix,
  engine: Engine,
  workloads: readonly WorkloadModel[],
  cuts: OutsideCuts = NO_CUTS,
): Generator<ConnectionRecord> {
  const labelled = workloads.map((w) => ({ w, label: workloadLabel(w) })).sort((a, b) => compare(a.label, b.label));

  // The distinct columns and, for each, its destinations (positions in `labelled`, ascending).
  const columnIds = new Map<Column, number>();
  const destinations: number[][] = [];
  labelled.forEach(({ w }, position) => {
    const column = matrix.column(w);
    let id = columnIds.get(column);
    if (id === undefined) {
      columnIds.set(column, id = destinations.length);
      destinations.push([]);
    }
    destinations[id].push(position);
  });
  // Inverted: per source group, the columns whose rows hold it and what they allow. Its size is
  // the number of (group, distinct column) pairs that may connect: no source × destination scan.
  const bySource: Array<Array<[number, ConnectionSet]>> = Array.from({ length: engine.groupCount }, () => []);
  for (const [column, id] of columnIds) {
    for (const row of column.rows) row.sources.forEach((g) => bySource[g].push([id, row.conn]));
  }

  // Outside sources: linear in the workloads (a few ranges each), sorted up front.
  const fromOutside: ConnectionRecord[] = [];
  for (const { w, label } of labelled) {
    for (const run of matrix.outside(w, 'ingress')) {
      for (const piece of splitRun(run, cuts.ingress)) {
        fromOutside.push({ from: formatRange(piece), to: label, conn: piece.conn, toWorkload: w, range: piece });
      }
    }
  }
  fromOutside.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));

  let next = 0;
  for (const { w: source, label } of labelled) {
    while (next < fromOutside.length && compare(fromOutside[next].from, label) < 0) yield fromOutside[next++];
    const reached: Array<[number, ConnectionSet]> = [];
    for (const [id, conn] of bySource[engine.groupIndex(source)]) {
      for (const position of destinations[id]) if (labelled[position].w !== source) reached.push([position, conn]);
    }
    reached.sort((a, b) => a[0] - b[0]);
    const records = reached.map(([position, conn]): ConnectionRecord =>
      ({ from: label, to: labelled[position].label, conn, fromWorkload: source, toWorkload: labelled[position].w }));
    const outside = matrix.outside(source, 'egress').flatMap(run => splitRun(run, cuts.egress))
      .map((run): ConnectionRecord => ({ from: label, to: formatRange(run), conn: run.conn, fromWorkload: source, range: run }));
    yield* outside.length === 0 ? records : [...records, ...outside].sort((a, b) => compare(a.to, b.to));
  }
  while (next < fromOutside.length) yield fromOutside[next++];
}
