/**
 * The reachability pictures: a Mermaid flowchart (renders on GitHub and GitLab) and a Graphviz
 * DOT digraph, both drawn from a `PictureView`.
 *
 * Both formats: one box per namespace holding its workloads (labelled by name only), outside
 * address ranges in one "outside the cluster" box, one edge per ordered pair labelled with the
 * merged ports, and the collapsed assumed platform edges as one legend node. Lines depend only on
 * the names they draw, so adding a workload adds its own lines and changes no other.
 *
 * @see https://mermaid.js.org/syntax/flowchart.html
 * @see https://graphviz.org/doc/info/lang.html
 */
import { legendLines, namespaceId, nodeId, OPEN_INSIDE, PictureEnd, PictureNode, PictureView } from './_picture';

const OUTSIDE_TITLE = 'outside the cluster';

/**
 * A Mermaid `flowchart LR`. Node ids are derived from names (`production___api`), labels are
 * quoted and escaped (`"`, `#`, `<`, `>`, `|`, backticks and newlines never reach the parser
 * raw), assumed workloads are dashed, outside ranges and the legend have their own style.
 */
export function renderMermaidView(view: PictureView): string {
  // Wider labels than Mermaid's default 200 px, so that the legend and range names stay on one line.
  const lines = ['%%{init: {"flowchart": {"wrappingWidth": 400}}}%%', 'flowchart LR'];
  const node = (n: PictureNode) => {
    const cls = view.focus === n ? 'focus' : n.outside ? 'outside' : n.assumed ? 'assumed' : undefined;
    return `${nodeId(n.key)}["${mermaidText(n.name)}"]${cls ? `:::${cls}` : ''}`;
  };
  for (const ns of view.namespaces) {
    // `direction LR` inside: a box Mermaid lays out on its own (one linked as a whole) stacks its
    // workloads in a column instead of a row as wide as the page.
    lines.push(`  subgraph ${namespaceId(ns)}["${mermaidText(boxTitle(view, ns))}"]`, '    direction LR');
    for (const n of view.nodes) if (!n.outside && n.namespace === ns) lines.push(`    ${node(n)}`);
    lines.push('  end');
  }
  const outside = view.nodes.filter((n) => n.outside);
  if (outside.length > 0) {
    lines.push(`  subgraph outside_world["${OUTSIDE_TITLE}"]`, '    direction LR');
    for (const n of outside) lines.push(`    ${node(n)}`);
    lines.push('  end');
  }
  for (const e of view.edges) {
    lines.push(`  ${endId(e.from)} -->|"${mermaidText(e.label)}"| ${endId(e.to)}`);
  }
  const legend = legendLines(view);
  if (legend.length > 0) lines.push(`  legend["${legend.map(mermaidText).join('<br/>')}"]:::legend`);
  if (view.nodes.some((n) => n.assumed)) lines.push('  classDef assumed stroke-dasharray: 5 3');
  if (outside.length > 0) lines.push('  classDef outside fill:#fff4e5,stroke:#c77700');
  if (view.focus) lines.push('  classDef focus stroke-width:3px');
  if (legend.length > 0) lines.push('  classDef legend fill:#f6f8fa,stroke:#8c959f,color:#424a53');
  return lines.join('\n') + '\n';
}

/**
 * A Graphviz `digraph`: one `cluster_` subgraph per namespace, node ids as in Mermaid, labels in
 * DOT strings (`"` and `\` escaped, a newline shown as `\n`).
 */
export function renderDotView(view: PictureView): string {
  const lines = [
    'digraph reachability {',
    '  rankdir=LR;',
    '  compound=true;',
    '  fontname="Helvetica";',
    '  node [shape=box, style=rounded, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  const node = (n: PictureNode) => {
    const attrs = [`label=${dotString(n.name)}`];
    if (n.outside) attrs.push('shape=ellipse', 'style=filled', 'fillcolor="#fff4e5"');
    else if (n.assumed) attrs.push('style="rounded,dashed"');
    if (view.focus === n) attrs.push('penwidth=3');
    return `${nodeId(n.key)} [${attrs.join(', ')}];`;
  };
  for (const ns of view.namespaces) {
    lines.push(`  subgraph cluster_${namespaceId(ns)} {`, `    label=${dotString(boxTitle(view, ns))};`);
    for (const n of view.nodes) if (!n.outside && n.namespace === ns) lines.push(`    ${node(n)}`);
    lines.push('  }');
  }
  const outside = view.nodes.filter((n) => n.outside);
  if (outside.length > 0) {
    lines.push('  subgraph cluster_outside_world {', `    label=${dotString(OUTSIDE_TITLE)};`, '    style=dashed;');
    for (const n of outside) lines.push(`    ${node(n)}`);
    lines.push('  }');
  }
  // An edge to a namespace's box: Graphviz draws edges between nodes, so it is drawn to the first
  // workload of the cluster and clipped at the cluster's border (`compound`, `lhead` / `ltail`).
  const anchor = (end: PictureEnd) => (end.node
    ? nodeId(end.node.key)
    : nodeId(view.nodes.find((n) => !n.outside && n.namespace === end.namespace)!.key));
  for (const e of view.edges) {
    const attrs = [`label=${dotString(e.label)}`];
    if (e.from.namespace !== undefined) attrs.push(`ltail=cluster_${namespaceId(e.from.namespace)}`);
    if (e.to.namespace !== undefined) attrs.push(`lhead=cluster_${namespaceId(e.to.namespace)}`);
    lines.push(`  ${anchor(e.from)} -> ${anchor(e.to)} [${attrs.join(', ')}];`);
  }
  const legend = legendLines(view);
  if (legend.length > 0) {
    // `\l` ends a left-justified line in a DOT label.
    const text = legend.map((l) => dotString(l).slice(1, -1)).join('\\l') + '\\l';
    lines.push(`  legend [shape=note, fontsize=10, label="${text}"];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** A namespace box's title: its name, and "(open inside)" when every workload reaches every other. */
function boxTitle(view: PictureView, namespace: string): string {
  return view.open.includes(namespace) ? `${namespace} (${OPEN_INSIDE})` : namespace;
}

/** The Mermaid id of an edge end: a node's, or a namespace subgraph's. */
function endId(end: PictureEnd): string {
  return end.node ? nodeId(end.node.key) : namespaceId(end.namespace!);
}

/**
 * Text for a quoted Mermaid label: entity codes for the characters the parser or the HTML label
 * would read (`#` first, since entities start with it), a newline shown as `\n`.
 */
export function mermaidText(text: string): string {
  return text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/`/g, '#96;')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/** A DOT double-quoted string: `"` and `\` escaped, a newline shown as the two characters `\n`. */
export function dotString(text: string): string {
  const body = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|\r|\n/g, '\\\\n')
    .replace(/[\u0000-\u001f\u007f]/g, ' ');
  return `"${body}"`;
}
