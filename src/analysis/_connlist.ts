/**
 * The connectivity list: one record per ordered pair of endpoints (workloads and outside
 * address ranges; a workload and itself left out) with what the pair allows, sorted by source
 * then destination as the text lines `src => dst : connections` sort.
 */
import { ConnectionSet } from './_connections';
import { Engine } from './_evaluate';
import { ConnectionMatrix, rowConn, Column } from './_matrix';
import { compare, WorkloadModel } from './_model';
import { AddressRange, formatRange } from './_outside';

/** One line of the list. */
export interface ConnectionRecord {
  /** `ns/name[Kind]` or an address range `first-last`. */
  readonly from: string;
  readonly to: string;
  readonly conn: ConnectionSet;
  /** The source workload; undefined for an outside range. */
  readonly fromWorkload?: WorkloadModel;
  /** The destination workload; undefined for an outside range. */
  readonly toWorkload?: WorkloadModel;
  /** The outside range at one end, if any. */
  readonly range?: AddressRange;
}

/** The endpoint name of a workload in connectivity lists: `namespace/name[Kind]`. */
export function endpointLabel(w: WorkloadModel): string {
  return `${w.id}[${w.kind}]`;
}

/** The text line of a record: `src => dst : TCP 80,UDP 53`. */
export function connectionLine(r: { readonly from: string; readonly to: string; readonly conn: ConnectionSet | string }): string {
  return `${r.from} => ${r.to} : ${r.conn.toString()}`;
}

/**
 * Every record, sorted, as a generator: a caller may stream a list that is quadratic in the
 * workloads (everything open) while holding only the matrix, which is linear.
 */
export function* connectionRecords(matrix: ConnectionMatrix, engine: Engine, workloads: readonly WorkloadModel[]): Generator<ConnectionRecord> {
  const columnIds = new Map<Column, number>();
  const columns: Column[] = [];
  const labelled = workloads.map((w) => {
    const column = matrix.column(w);
    let id = columnIds.get(column);
    if (id === undefined) {
      columnIds.set(column, id = columns.length);
      columns.push(column);
    }
    return { w, label: endpointLabel(w), column: id };
  }).sort((a, b) => compare(a.label, b.label));

  // Outside sources: linear in the workloads (a few ranges each), sorted up front.
  const fromOutside: ConnectionRecord[] = [];
  for (const { w, label } of labelled) {
    for (const run of matrix.outside(w, 'ingress')) {
      fromOutside.push({ from: formatRange(run), to: label, conn: run.conn, toWorkload: w, range: run });
    }
  }
  fromOutside.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));

  let next = 0;
  for (const { w: source, label } of labelled) {
    while (next < fromOutside.length && compare(fromOutside[next].from, label) < 0) yield fromOutside[next++];
    yield* sourceRecords(matrix, engine, labelled, columns, source, label);
  }
  while (next < fromOutside.length) yield fromOutside[next++];
}

/** The records of one source workload, sorted by destination. */
function sourceRecords(
  matrix: ConnectionMatrix,
  engine: Engine,
  labelled: ReadonlyArray<{ readonly w: WorkloadModel; readonly label: string; readonly column: number }>,
  columns: readonly Column[],
  source: WorkloadModel,
  sourceLabel: string,
): ConnectionRecord[] {
  const g = engine.groupIndex(source);
  const perColumn: Array<ConnectionSet | undefined> = new Array(columns.length);
  const out: ConnectionRecord[] = [];
  for (const { w, label, column } of labelled) {
    if (w === source) continue;
    let conn = perColumn[column];
    if (conn === undefined) perColumn[column] = conn = rowConn(columns[column], g);
    if (!conn.isEmpty()) out.push({ from: sourceLabel, to: label, conn, fromWorkload: source, toWorkload: w });
  }
  const outside = matrix.outside(source, 'egress')
    .map((run): ConnectionRecord => ({ from: sourceLabel, to: formatRange(run), conn: run.conn, fromWorkload: source, range: run }));
  if (outside.length === 0) return out;
  return [...out, ...outside].sort((a, b) => compare(a.to, b.to));
}
