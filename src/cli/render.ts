/**
 * Renderings of a filtered audit (internal): `netpatterns audit --from/--to` shows the flows of
 * some workloads only. Without filters the CLI prints the analyzer's own `toMarkdown()` /
 * `toMermaid()`; these functions produce the same formats for a subset of rows and columns.
 */
import type { Flow } from '../analysis/reachability';

/** Allowed `port/protocol` lists per ordered pair, in flow order. */
function cells(flows: readonly Flow[]): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const f of flows) {
    const row = out.get(f.from) ?? new Map<string, string[]>();
    out.set(f.from, row);
    row.set(f.to, [...(row.get(f.to) ?? []), `${f.port}/${f.protocol}`]);
  }
  return out;
}

/**
 * A Markdown matrix with `sources` as rows and `destinations` as columns; each cell lists the
 * allowed `port/protocol` or `—`.
 */
export function markdownMatrix(sources: readonly string[], destinations: readonly string[], flows: readonly Flow[]): string {
  if (sources.length === 0 || destinations.length === 0) return '_No workloads._\n';
  const matrix = cells(flows);
  const lines = [
    `| from \\ to | ${destinations.join(' | ')} |`,
    `| --- |${' --- |'.repeat(destinations.length)}`,
  ];
  for (const from of sources) {
    const row = matrix.get(from);
    lines.push(`| **${from}** | ${destinations.map(to => row?.get(to)?.join(', ') ?? '—').join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

/**
 * A Mermaid `flowchart LR` of `flows` over `workloads` (one subgraph per namespace, one node per
 * workload, one edge per allowed pair labelled with its ports).
 */
export function mermaidFlowchart(workloads: readonly string[], flows: readonly Flow[]): string {
  const ids = new Map(workloads.map((w, i) => [w, `w${i}`]));
  const namespaceOf = (w: string) => w.slice(0, w.indexOf('/'));
  const lines = ['flowchart LR'];
  [...new Set(workloads.map(namespaceOf))].forEach((ns, i) => {
    lines.push(`  subgraph ns${i}["${quote(ns)}"]`);
    for (const w of workloads) if (namespaceOf(w) === ns) lines.push(`    ${ids.get(w)}["${quote(w)}"]`);
    lines.push('  end');
  });
  for (const [from, row] of cells(flows)) {
    for (const [to, ports] of row) lines.push(`  ${ids.get(from)} -->|"${quote(ports.join(', '))}"| ${ids.get(to)}`);
  }
  return lines.join('\n') + '\n';
}

function quote(text: string): string {
  return text.replace(/"/g, '#quot;');
}
