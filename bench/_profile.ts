/**
 * Reading V8 CPU profiles (`--cpu-prof`): self time per function, optionally only inside the
 * worker's measured window (so ts-node start-up and module loading are left out).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: number[];
}

interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** Self time of one function (functionName + file). */
export interface SelfTime {
  readonly functionName: string;
  /** The file, relative to the repository root (`node_modules/...`, `src/...`), or `(native)`. */
  readonly file: string;
  /** 1-based line of the function's heaviest node. */
  readonly line: number;
  readonly selfMs: number;
  /** Share of the sampled time considered. */
  readonly percent: number;
}

/** Time of one function including its callees (recursion counted once). */
export interface InclusiveTime {
  readonly functionName: string;
  readonly file: string;
  readonly line: number;
  readonly totalMs: number;
  readonly percent: number;
}

/** The self-time summary of one profile. */
export interface ProfileSummary {
  readonly file: string;
  /** The sampled time considered, ms. */
  readonly totalMs: number;
  /** Whether the summary is cut to the measured window. */
  readonly windowed: boolean;
  /** The functions with the most self time. */
  readonly top: SelfTime[];
  /** Self time per file (or package area), most first. */
  readonly byFile: Array<{ readonly file: string; readonly selfMs: number; readonly percent: number }>;
  /** The functions of the project and of cdk8s with the most inclusive time. */
  readonly inclusive: InclusiveTime[];
}

/** Files whose functions are listed by inclusive time: the project's own code and cdk8s's. */
const INCLUSIVE_FILES = /^(src\/|bench\/variants\/|node_modules\/cdk8s\/lib\/|node_modules\/cdk8s-plus-28\/lib\/)/;

/**
 * Aggregates self time by function name + file over the samples inside `window` (monotonic clock,
 * µs — V8's profile clock and `process.hrtime` are both CLOCK_MONOTONIC on Linux) or over the
 * whole profile. A sample's time is the interval up to the next sample.
 */
export function summarizeProfile(file: string, root: string, window?: { start: number; end: number }, top = 15): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inWindow = window !== undefined && window.start >= profile.startTime && window.end <= profile.endTime;
  const self = new Map<string, Group>();
  const inclusive = new Map<string, Group>();
  const files = new Map<string, number>();
  const keyOf = (node: ProfileNode): { key: string; functionName: string; fileName: string } => {
    const functionName = node.callFrame.functionName || '(anonymous)';
    const fileName = shortFile(node.callFrame.url, root);
    return { key: `${functionName}\u0000${fileName}`, functionName, fileName };
  };
  let totalUs = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const weight = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0;
    if (inWindow && (t < window.start || t > window.end)) continue;
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    totalUs += weight;
    const { key, functionName, fileName } = keyOf(node);
    add(self, key, functionName, fileName, node.callFrame.lineNumber, weight);
    files.set(fileName, (files.get(fileName) ?? 0) + weight);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!;
      const k = keyOf(frame);
      if (seen.has(k.key) || !INCLUSIVE_FILES.test(k.fileName)) continue;
      seen.add(k.key);
      add(inclusive, k.key, k.functionName, k.fileName, frame.callFrame.lineNumber, weight);
    }
  }
  const percent = (us: number): number => (totalUs > 0 ? (100 * us) / totalUs : 0);
  const ranked = (groups: Map<string, Group>): Group[] => [...groups.values()].sort((a, b) => b.us - a.us).slice(0, top);
  return {
    file,
    totalMs: totalUs / 1000,
    windowed: inWindow,
    top: ranked(self).map(g => ({
      functionName: g.functionName, file: g.file, line: heaviestLine(g), selfMs: g.us / 1000, percent: percent(g.us),
    })),
    byFile: [...files.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
      .map(([f, us]) => ({ file: f, selfMs: us / 1000, percent: percent(us) })),
    inclusive: ranked(inclusive).map(g => ({
      functionName: g.functionName, file: g.file, line: heaviestLine(g), totalMs: g.us / 1000, percent: percent(g.us),
    })),
  };
}

interface Group {
  readonly functionName: string;
  readonly file: string;
  us: number;
  readonly lines: Map<number, number>;
}

function add(groups: Map<string, Group>, key: string, functionName: string, file: string, line: number, us: number): void {
  let group = groups.get(key);
  if (!group) {
    group = { functionName, file, us: 0, lines: new Map() };
    groups.set(key, group);
  }
  group.us += us;
  group.lines.set(line, (group.lines.get(line) ?? 0) + us);
}

/** The 1-based line of the group's node with the most time. */
function heaviestLine(group: Group): number {
  return [...group.lines.entries()].sort((a, b) => b[1] - a[1])[0][0] + 1;
}

/** Markdown tables of a summary: self time by function, by file, and inclusive time. */
export function profileTables(summary: ProfileSummary): string {
  const where = (file: string, line: number): string => (file === '(native)' ? file : `${file}:${line}`);
  return [
    'Self time by function:',
    '',
    '| # | self ms | self % | function | file:line |',
    '| ---: | ---: | ---: | --- | --- |',
    ...summary.top.map((r, i) => `| ${i + 1} | ${r.selfMs.toFixed(0)} | ${r.percent.toFixed(1)} | \`${r.functionName}\` | ${where(r.file, r.line)} |`),
    '',
    'Self time by file:',
    '',
    '| # | self ms | self % | file |',
    '| ---: | ---: | ---: | --- |',
    ...summary.byFile.map((r, i) => `| ${i + 1} | ${r.selfMs.toFixed(0)} | ${r.percent.toFixed(1)} | ${r.file} |`),
    '',
    'Inclusive time (callees included) of functions in src/, bench/variants/, cdk8s and cdk8s-plus-28:',
    '',
    '| # | total ms | total % | function | file:line |',
    '| ---: | ---: | ---: | --- | --- |',
    ...summary.inclusive.map((r, i) => `| ${i + 1} | ${r.totalMs.toFixed(0)} | ${r.percent.toFixed(1)} | \`${r.functionName}\` | ${where(r.file, r.line)} |`),
  ].join('\n');
}

function shortFile(url: string, root: string): string {
  if (!url) return '(native)';
  const file = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  if (!path.isAbsolute(file)) return file;
  const relative = path.relative(root, file);
  if (relative.startsWith('..')) return file;
  // `--compiled` workers run tsc output from bench/results/.build/{src,bench}: name the sources.
  return relative.replace(/^bench\/results\/\.build\/(?=src\/|bench\/)/, '').replace(/^(src|bench)\/(.*)\.js$/, '$1/$2.ts');
}
