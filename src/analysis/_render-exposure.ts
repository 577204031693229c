/**
 * Text and Markdown renderings of the exposure findings (`netpatterns audit --exposure`).
 */
import { workloadLabel } from './_model';
import { ExposureCategory, ExposureFinding } from './exposure';

const CATEGORIES: readonly ExposureCategory[] = [
  ExposureCategory.NOT_ISOLATED, ExposureCategory.OUTSIDE_CLUSTER, ExposureCategory.ANY_NAMESPACE, ExposureCategory.UNLISTED_NAMESPACES,
];

/** `2 findings: 1 not-isolated, 1 outside-cluster (5 workloads)`, or `no exposure found (5 workloads)`. */
function summary(findings: readonly ExposureFinding[], workloadCount: number): string {
  const workloads = `${workloadCount} workload${workloadCount === 1 ? '' : 's'}`;
  if (findings.length === 0) return `no exposure found (${workloads})`;
  const counts = CATEGORIES.map((c) => [c, findings.filter((f) => f.category === c).length] as const).filter(([, n]) => n > 0);
  return `${findings.length} finding${findings.length === 1 ? '' : 's'}: ${counts.map(([c, n]) => `${n} ${c}`).join(', ')} (${workloads})`;
}

/**
 * One line per finding, `<category>  <direction>  <message>`, then a summary line:
 *
 * ```
 * not-isolated  ingress  ops/runner[Deployment] is not isolated for ingress: ...
 * outside-cluster  ingress  shop/web[Deployment] accepts TCP 8080 from addresses outside the cluster (...); allowed by ...
 * 2 findings: 1 not-isolated, 1 outside-cluster (5 workloads)
 * ```
 */
export function renderExposureText(findings: readonly ExposureFinding[], workloadCount: number): string {
  const lines = findings.map((f) => `${f.category}  ${f.direction}  ${f.message}`);
  lines.push(summary(findings, workloadCount));
  return lines.join('\n') + '\n';
}

/**
 * A Markdown section for a pull request or a review: a summary line, then one table row per
 * finding (workload, direction, exposure, connections, who, allowed by, via).
 */
export function renderExposureMarkdown(findings: readonly ExposureFinding[], workloadCount: number): string {
  const lines = ['## Exposure', '', `${summary(findings, workloadCount)}.`];
  if (findings.length === 0) return lines.join('\n') + '\n';
  lines.push('',
    '| workload | direction | exposure | connections | who | allowed by | via |',
    '| --- | --- | --- | --- | --- | --- | --- |');
  for (const f of findings) {
    const allowedBy = f.policy ? `${f.policy} ${f.rule}` : `_no policy (${f.tier === 'none' ? 'default allow' : f.tier})_`;
    const cells = [workloadLabel({ id: f.workload, kind: f.kind }), f.direction, f.category, f.connections, f.peer, allowedBy, f.via ?? '—'];
    lines.push(`| ${cells.map(cell).join(' | ')} |`);
  }
  return lines.join('\n') + '\n';
}

/** A table cell: `|` escaped, code spans for the technical parts left as text. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
