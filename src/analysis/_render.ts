/**
 * Text renderings of the analysis: the explanation of one verdict, the Markdown matrix and the
 * Mermaid flowchart.
 */
import { DirectionVerdict } from './_evaluate';
import { WorkloadModel } from './_model';
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

/** The label used for a workload in explanations: `namespace/name[Kind]`. */
export function workloadLabel(w: WorkloadModel): string {
  return `${w.id}[${w.kind}]`;
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

/**
 * A Markdown table: one row per source workload, one column per destination workload, each cell
 * the allowed `port/protocol` list or `—`. Without `destinations`, the columns are the sources.
 */
export function renderMarkdown(sources: readonly string[], flows: readonly RenderedFlow[], destinations: readonly string[] = sources): string {
  if (sources.length === 0 || destinations.length === 0) return '_No workloads._\n';
  const matrix = cells(flows);
  const lines = [
    `| from \\ to | ${destinations.join(' | ')} |`,
    `| --- |${' --- |'.repeat(destinations.length)}`,
  ];
  for (const from of sources) {
    const row = matrix.get(from);
    const values = destinations.map((to) => row?.get(to)?.join(', ') ?? '—');
    lines.push(`| **${from}** | ${values.join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

/**
 * A Mermaid `flowchart LR`: one subgraph per namespace, one node per workload (`namespace/name`
 * ids; node ids `w0`, `w1`, …; labels quoted), one edge per allowed pair labelled with its ports.
 * Renders on GitHub.
 */
export function renderMermaid(workloads: readonly string[], flows: readonly RenderedFlow[]): string {
  const ids = new Map(workloads.map((w, i) => [w, `w${i}`]));
  const namespaceOf = (w: string) => w.slice(0, w.indexOf('/'));
  const lines = ['flowchart LR'];
  const namespaces = [...new Set(workloads.map(namespaceOf))];
  namespaces.forEach((ns, i) => {
    lines.push(`  subgraph ns${i}["${quote(ns)}"]`);
    for (const w of workloads) {
      if (namespaceOf(w) === ns) lines.push(`    ${ids.get(w)}["${quote(w)}"]`);
    }
    lines.push('  end');
  });
  for (const [from, row] of cells(flows)) {
    for (const [to, ports] of row) {
      lines.push(`  ${ids.get(from)} -->|"${quote(ports.join(', '))}"| ${ids.get(to)}`);
    }
  }
  return lines.join('\n') + '\n';
}

function quote(text: string): string {
  return text.replace(/"/g, '#quot;');
}
