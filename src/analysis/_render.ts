/**
 * Text renderings of the analysis: the explanation of one verdict and the Markdown matrix (the
 * pictures are in `_render-diagram.ts`).
 */
import { DirectionVerdict } from './_evaluate';
import { Protocol } from './_ports';

/** One end of an explained connection. */
export interface ExplainedEnd {
  /** `production/api[Deployment]`, `kube-system/coredns[assumed]` */
  readonly label: string;
  /** `production/api` */
  readonly name: string;
  readonly namespace: string;
}

/**
 * The explanation of one connection, one paragraph per side:
 *
 * ```
 * production/web[Deployment] => production/api[Deployment] : TCP 8080 : allowed
 * egress of production/web: allowed
 *   isolated for egress by production/default-deny, production/web-egress
 *   allowed by production/web-egress spec.egress[0] (to[0] podSelector app=api; TCP 8080)
 * ingress of production/api: allowed
 *   ...
 * ```
 */
export function renderExplanation(
  from: ExplainedEnd,
  to: ExplainedEnd,
  port: number,
  protocol: Protocol,
  egress: DirectionVerdict,
  ingress: DirectionVerdict,
  notes: readonly string[],
): string {
  const allowed = egress.allowed && ingress.allowed;
  const lines = [`${from.label} => ${to.label} : ${protocol} ${port} : ${allowed ? 'allowed' : 'denied'}`];
  lines.push(...renderSide(egress, from, to, port, protocol));
  lines.push(...renderSide(ingress, to, from, port, protocol));
  for (const note of notes) lines.push(`note: ${note}`);
  return lines.join('\n') + '\n';
}

/** One direction's paragraph: isolation, the allowing rules, or the near misses. */
export function renderSide(v: DirectionVerdict, self: ExplainedEnd, other: ExplainedEnd, port: number, protocol: Protocol): string[] {
  const lines = [`${v.direction} of ${self.name}: ${v.allowed ? 'allowed' : 'denied'}`];
  if (v.isolatedBy.length === 0) {
    const kind = v.direction === 'ingress' ? 'Ingress' : 'Egress';
    lines.push(`  not isolated for ${v.direction}: no NetworkPolicy in namespace ${self.namespace} selects its pods with ${kind} `
      + `in its policyTypes, so every ${v.direction === 'ingress' ? 'incoming' : 'outgoing'} connection is allowed`);
    return lines;
  }
  lines.push(`  isolated for ${v.direction} by ${v.isolatedBy.map((p) => p.id).join(', ')}`);
  for (const m of v.allowedBy) {
    lines.push(`  allowed by ${m.policy.id} spec.${v.direction}[${m.rule.index}] (${m.peer}; ${m.port})`);
  }
  if (!v.allowed) {
    const preposition = v.direction === 'ingress' ? 'from' : 'to';
    lines.push(`  none of their ${v.direction} rules allows traffic ${preposition} ${other.name} on ${protocol} ${port}`);
    for (const miss of v.nearMisses) lines.push(`  ${miss}`);
  }
  return lines;
}

/** Allowed ports per ordered pair, `8080/TCP` style, in flow order. */
function cells(flows: readonly RenderedFlow[]): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const f of flows) {
    let row = out.get(f.from);
    if (!row) {
      row = new Map();
      out.set(f.from, row);
    }
    let cell = row.get(f.to);
    if (!cell) {
      cell = [];
      row.set(f.to, cell);
    }
    cell.push(`${f.port}/${f.protocol}`);
  }
  return out;
}

/** A flow as the renderers need it (engine records and public `Flow`s both fit). */
export interface RenderedFlow {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: string;
}

/** Rows and columns of address ranges outside the cluster, and their cells' text. */
export interface OutsideCells {
  /** Keys of the ranges (as in the pictures), in order. */
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** What each key is called in the table. */
  readonly names: ReadonlyMap<string, string>;
  readonly cells: ReadonlyArray<{ readonly from: string; readonly to: string; readonly text: string }>;
}

/**
 * The most cells a Markdown matrix is drawn with. A cell takes at least four characters, and a
 * JavaScript string holds at most about 536 million (V8's limit): beyond this the table could not
 * be built at all — and no reviewer reads a table of 50 million cells.
 */
export const MAX_MARKDOWN_CELLS = 50_000_000;

/** Throws when a matrix of `rows` × `columns` is too large to draw (see `MAX_MARKDOWN_CELLS`). */
export function checkMarkdownSize(owner: string, rows: number, columns: number): void {
  if (rows * columns <= MAX_MARKDOWN_CELLS) return;
  throw new Error(`${owner}: the Markdown matrix of ${rows} sources × ${columns} destinations would have ${rows * columns} cells, `
    + `more than ${MAX_MARKDOWN_CELLS} (beyond what one string can hold); draw one workload's neighbourhood (focus, --focus), `
    + 'filter the sources and destinations (--from, --to), or list the connections instead (connections(), --format connlist)');
}

/**
 * A Markdown table: one row per source workload, one column per destination workload, each cell
 * the allowed `port/protocol` list or `—`. Without `destinations`, the columns are the sources.
 * `outside` adds rows (ranges that reach workloads) and columns (ranges workloads reach) after them.
 * A table too large to draw fails in the voice of `owner` (see `checkMarkdownSize`).
 */
export function renderMarkdown(
  sources: readonly string[],
  flows: readonly RenderedFlow[],
  destinations: readonly string[] = sources,
  outside: OutsideCells = { rows: [], columns: [], names: new Map(), cells: [] },
  owner = 'Reachability.toMarkdown',
): string {
  if (sources.length === 0 || destinations.length === 0) return '_No workloads._\n';
  checkMarkdownSize(owner, sources.length + outside.rows.length, destinations.length + outside.columns.length);
  const matrix = cells(flows);
  const extra = new Map(outside.cells.map((c) => [`${c.from}\u0000${c.to}`, c.text]));
  const columns = [...destinations, ...outside.columns];
  const lines = [
    `| from \\ to | ${columns.map((c) => markdownText(outside.names.get(c) ?? c)).join(' | ')} |`,
    `| --- |${' --- |'.repeat(columns.length)}`,
  ];
  for (const from of [...sources, ...outside.rows]) {
    const row = matrix.get(from);
    const values = columns.map((to) => row?.get(to)?.join(', ') ?? extra.get(`${from}\u0000${to}`) ?? '—');
    lines.push(`| **${markdownText(outside.names.get(from) ?? from)}** | ${values.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Text for a Markdown table cell: ASCII punctuation Markdown reads (`|` ends a cell, `*` `_` and
 * backticks format, `<` opens HTML, `[` a link) escaped with a backslash, a newline shown as `\n`.
 * Valid Kubernetes names contain none of these, so they are shown unchanged.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\\|*_`[\]<>#&!]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/**
 * The explanation of a connection with one end outside the cluster: only the workload's side is
 * decided by NetworkPolicy (its egress toward the address, or its ingress from it).
 *
 * ```
 * production/worker[Deployment] => 203.0.113.10 : TCP 3306 : allowed
 * egress of production/worker: allowed
 *   ...
 * no NetworkPolicy applies on the side of 203.0.113.10, outside the cluster
 * ```
 */
export function renderOutside(
  from: ExplainedEnd,
  to: ExplainedEnd,
  port: number,
  protocol: Protocol,
  verdict: DirectionVerdict,
  outsideEnd: 'from' | 'to',
): string {
  const [self, other] = outsideEnd === 'from' ? [to, from] : [from, to];
  const lines = [`${from.label} => ${to.label} : ${protocol} ${port} : ${verdict.allowed ? 'allowed' : 'denied'}`];
  lines.push(...renderSide(verdict, self, other, port, protocol));
  lines.push(`no NetworkPolicy applies on the side of ${other.name}, outside the cluster`);
  return lines.join('\n') + '\n';
}
