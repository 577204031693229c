/**
 * Turning worker results into the README table, the key ratios of issue 6 and the raw JSON.
 */
import { SizeCap } from './_options';
import { WorkerResult } from './_protocol';
import { median, SeriesSummary, summarize } from './_stats';
import { VARIANTS, variantNamed } from './variants';

/** One worker run of the benchmark. */
export interface Measurement {
  /** 1-based round. */
  readonly round: number;
  readonly result: WorkerResult;
  /** The worker process's whole life, seconds (start-up included; not used for the table). */
  readonly wallSeconds: number;
}

/** One row of the table. */
export interface TableRow {
  readonly n: number;
  readonly variant: string;
  /** A phase of the variant reported on its own (the analyzer's matrix, explain, lint). */
  readonly phase?: string;
  /** `variant` or `variant: phase`. */
  readonly label: string;
  readonly seconds: SeriesSummary;
  /** median(row) / median(library) at this N; for whole-variant rows only. */
  readonly ratioToLibrary?: number;
  /** The median over rounds of row / library within one round (robust to a busy machine). */
  readonly pairedRatio?: number;
  /** Max over rounds of the worker's peak RSS, MiB. */
  readonly peakRssMiB: number;
  /** Median RSS just before the clock started (runtime, modules, fixture), MiB. */
  readonly rssBeforeMiB: number;
}

/** Builds the rows: per N (ascending), per variant in round order; the analyzer split by phase. */
export function tableRows(measurements: Measurement[], sizes: number[], variants: string[]): TableRow[] {
  const rows: TableRow[] = [];
  for (const n of sizes) {
    const library = measurements.filter(m => m.result.n === n && m.result.variant === 'library');
    for (const variant of variants) {
      const runs = measurements.filter(m => m.result.n === n && m.result.variant === variant);
      if (runs.length === 0) continue;
      const peakRssMiB = Math.max(...runs.map(m => m.result.maxRssKiB)) / 1024;
      const rssBeforeMiB = median(runs.map(m => m.result.rssBeforeKiB)) / 1024;
      const phases = variantNamed(variant).reportedPhases;
      if (phases) {
        for (const phase of phases) {
          const values = runs.map(m => m.result.phases[phase]).filter(v => typeof v === 'number');
          rows.push({ n, variant, phase, label: `${variant}: ${phase}`, seconds: summarize(values), peakRssMiB, rssBeforeMiB });
        }
        continue;
      }
      const series = summarize(runs.map(m => m.result.seconds));
      rows.push({
        n,
        variant,
        label: variant,
        seconds: series,
        peakRssMiB,
        rssBeforeMiB,
        ...(library.length > 0 ? {
          ratioToLibrary: series.median / median(library.map(m => m.result.seconds)),
          pairedRatio: pairedRatio(runs, library),
        } : {}),
      });
    }
  }
  return rows;
}

/** The Markdown table for the README. */
export function markdownTable(rows: TableRow[]): string {
  return [
    '| N | variant | median s | ratio to library | peak RSS MB |',
    '| ---: | --- | ---: | ---: | ---: |',
    ...rows.map(r => `| ${r.n.toLocaleString('en-US')} | ${r.label} | ${seconds(r.seconds.median)} | ${r.ratioToLibrary === undefined ? '—' : r.ratioToLibrary.toFixed(2)} | ${r.peakRssMiB.toFixed(0)} |`),
  ].join('\n');
}

/** The key figures issue 6 asks for, one per line, each with its target and verdict. */
export function keyLines(rows: TableRow[], measurements: Measurement[], caps: SizeCap[]): string[] {
  const row = (variant: string, n: number, phase?: string): TableRow | undefined =>
    rows.find(r => r.variant === variant && r.n === n && r.phase === phase);
  const missing = (what: string, variant: string, n: number): string => {
    const cap = caps.find(c => c.variant === variant && n > c.maxN);
    const measured = [...new Set(rows.filter(r => r.variant === variant).map(r => r.n))];
    return `${what} = not measured (${cap ? `${variant} is limited to N ≤ ${cap.maxN}: ${cap.reason}` : `sizes measured for ${variant}: ${measured.join(', ') || 'none'}`})`;
  };
  const ratio = (a: string, b: string, n: number, target: string, verdict?: (x: number) => string): string => {
    const what = `${a} / ${b} @${n}`;
    const ra = row(a, n);
    const rb = row(b, n);
    if (!ra) return missing(what, a, n);
    if (!rb) return missing(what, b, n);
    const value = ra.seconds.median / rb.seconds.median;
    const runsOf = (variant: string): Measurement[] => measurements.filter(m => m.result.n === n && m.result.variant === variant);
    const paired = pairedRatio(runsOf(a), runsOf(b));
    return `${what} = ${value.toFixed(2)}${target ? ` (${target})` : ''}${verdict ? ` — ${verdict(value)}` : ''}`
      + `; medians ${seconds(ra.seconds.median)} s / ${seconds(rb.seconds.median)} s${paired === undefined ? '' : `, paired per-round ${paired.toFixed(2)}`}`;
  };
  const atMost = (limit: number) => (x: number) => (x <= limit ? 'meets target' : 'MISSES target');
  const phaseLine = (phase: string, n: number, limitSeconds: number, unit: 's' | 'ms'): string => {
    const what = `analyzer ${phase} @${n}`;
    const r = row('analyzer', n, phase);
    if (!r) return missing(what, 'analyzer', n);
    const value = unit === 'ms' ? `${(r.seconds.median * 1000).toFixed(1)} ms` : `${seconds(r.seconds.median)} s`;
    const target = unit === 'ms' ? `${limitSeconds * 1000} ms` : `${limitSeconds} s`;
    return `${what} = ${value} (target < ${target}) — ${r.seconds.median < limitSeconds ? 'meets target' : 'MISSES target'}`;
  };

  const lines = [
    ratio('library', 'cdk8s-plus-28', 1000, 'NetworkPatternsApp: target ≤ 0.5', atMost(0.5)),
    ratio('library', 'floor', 1000, 'NetworkPatternsApp: target ≤ 1.5', atMost(1.5)),
    ratio('library-ns-per-app', 'library', 1000, 'NetworkPatternsApp: target ≤ 1.5', atMost(1.5)),
    ratio('library-plain-app', 'cdk8s-plus-28', 1000, 'plain App, one chart: target ≤ 1.0', atMost(1.0)),
    ratio('library-plain-app-ns-per-app', 'cdk8s-plus-28-ns-per-app', 1000, 'plain App, one chart per app: target ≤ 1.0 (no slower than cdk8s-plus-28 in that layout)', atMost(1.0)),
    ratio('floor-ns-per-app', 'floor', 1000, 'no target: the same ratio for the YAML alone — the serialization floor of the namespace-per-app layout'),
    ratio('library-ns-per-app', 'floor-ns-per-app', 1000, 'no target: the namespace-per-app layout against its own floor'),
    ratio('cdk8s-plus-28-ns-per-app', 'cdk8s-plus-28', 1000, 'no target: what one Chart per app costs with cdk8s-plus-28'),
  ];
  const rss = row('library', 3000);
  lines.push(rss
    ? `peak RSS library @3000 = ${rss.peakRssMiB.toFixed(0)} MB (target ≤ 250) — ${rss.peakRssMiB <= 250 ? 'meets target' : 'MISSES target'}; ${rss.rssBeforeMiB.toFixed(0)} MB of it before the clock (runtime + modules)`
    : missing('peak RSS library @3000', 'library', 3000));
  lines.push(phaseLine('matrix', 1000, 5, 's'));
  lines.push(phaseLine('explain', 1000, 0.05, 'ms'));
  if (row('analyzer', 3000, 'explain')) lines.push(phaseLine('explain', 3000, 0.05, 'ms'));
  lines.push(phaseLine('lint', 3000, 5, 's'));
  if (!row('analyzer', 3000, 'lint')) {
    const largest = rows.filter(r => r.variant === 'analyzer' && r.phase === 'lint').pop();
    if (largest) lines.push(`(largest measured: ${phaseLine('lint', largest.n, 5, 's')})`);
  }
  lines.push(...scaleLines(rows));
  return lines;
}

/** The analyzer's scale targets (issue 12): time of the connections phase and peak RSS of the worker. */
function scaleLines(rows: TableRow[]): string[] {
  const targets = [
    { variant: 'analyzer-policies', n: 5000, seconds: 10, rssMiB: 1536, what: 'all-ports connections, 5,000 workloads × 5,000 policies' },
    { variant: 'analyzer-unpoliced', n: 10000, seconds: 5, rssMiB: 500, what: '10,000 pods without any policy' },
  ];
  return targets.flatMap(t => {
    const measured = rows.filter(r => r.variant === t.variant && r.phase === 'connections');
    if (measured.length === 0) return [];
    const r = measured.find(m => m.n === t.n);
    if (!r) {
      return [`${t.variant} connections @${t.n} = not measured (sizes measured: ${measured.map(m => m.n).join(', ')}; run without --sizes or --quick for N = ${t.n})`];
    }
    const ok = r.seconds.median < t.seconds && r.peakRssMiB < t.rssMiB;
    return [`${t.variant} connections @${t.n} = ${seconds(r.seconds.median)} s, peak RSS ${r.peakRssMiB.toFixed(0)} MB (${t.what}: target < ${t.seconds} s and < ${t.rssMiB} MB) — ${ok ? 'meets target' : 'MISSES target'}`];
  });
}

/**
 * Checks that the variants meant to write the same objects did (kinds and counts at each N):
 * cdk8s-plus-28 and floor against library, cdk8s-plus-28-ns-per-app against library-ns-per-app.
 */
export function objectChecks(measurements: Measurement[]): string[] {
  const pairs: Array<[string, string]> = [
    ['cdk8s-plus-28', 'library'], ['floor', 'library'],
    ['cdk8s-plus-28-ns-per-app', 'library-ns-per-app'], ['floor-ns-per-app', 'library-ns-per-app'],
  ];
  const lines: string[] = [];
  const sizes = [...new Set(measurements.map(m => m.result.n))].sort((a, b) => a - b);
  for (const [variant, reference] of pairs) {
    for (const n of sizes) {
      const a = measurements.find(m => m.result.n === n && m.result.variant === variant)?.result.objects;
      const b = measurements.find(m => m.result.n === n && m.result.variant === reference)?.result.objects;
      if (!a || !b) continue;
      const same = JSON.stringify(a) === JSON.stringify(b);
      lines.push(`${variant} vs ${reference} @${n}: ${same ? 'same kinds and counts' : `DIFFERENT: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`} (${describeObjects(b)})`);
    }
  }
  return lines;
}

/** Notes on how to read the table: method, noise, what RSS holds. */
export function notes(rows: TableRow[], measurements: Measurement[], mode: string): string[] {
  const rounds = [...new Set(rows.map(r => r.n))].map(n => `${Math.max(...rows.filter(r => r.n === n).map(r => r.seconds.count))} at ${n}`);
  const noisy = rows.filter(r => r.seconds.spread > 0.2).map(r => `${r.label} @${r.n} ±${(100 * r.seconds.spread / 2).toFixed(0)}%`);
  const before = VARIANTS.map(v => v.name)
    .map(v => [v, median(measurements.filter(m => m.result.variant === v).map(m => m.result.rssBeforeKiB)) / 1024] as const)
    .filter(([, mib]) => !Number.isNaN(mib))
    .map(([v, mib]) => `${v} ${mib.toFixed(0)}`);
  const analyzer = measurements.filter(m => m.result.variant === 'analyzer' && m.round === 1 && m.result.info)
    .map(m => `@${m.result.n}: ${m.result.info!.workloads} workloads, ${m.result.info!.flows} flows, ${m.result.info!.findings} lint findings; explain ${m.result.info!.explainPair} (allowed: ${m.result.info!.explainAllowed})`);
  return [
    `- Rounds: ${rounds.join(', ')}, variants alternating round-robin, each run its own \`node\` process (${mode}).`,
    '- median s: the worker\'s own `process.hrtime` around the work only (building the constructs → YAML written); start-up, module loading and fixtures are outside the clock.',
    '- ratio to library: ratio of medians at the same N; the key lines also give the median of per-round ratios (paired, robust to load changes between rounds).',
    `- peak RSS MB: max over rounds of \`process.resourceUsage().maxRSS\` (KiB / 1024) of the worker, runtime included. RSS before the clock (MB): ${before.join(', ')}.`,
    ...(noisy.length > 0 ? [`- Noisy rows (half of (max − min) / median > 10%): ${noisy.join(', ')}.`] : []),
    ...(analyzer.length > 0 ? [`- analyzer input: the library variant's objects; ${analyzer.join('; ')}.`] : []),
    ...['analyzer-policies', 'analyzer-unpoliced'].flatMap(v => measurements.filter(m => m.result.variant === v && m.round === 1 && m.result.info)
      .map(m => `- ${v} @${m.result.n}: ${Object.entries(m.result.info!).map(([k, x]) => `${k} ${typeof x === 'number' ? x.toLocaleString('en-US') : x}`).join(', ')}.`)),
  ];
}

/** Seconds with three significant digits, no exponent. */
export function seconds(value: number): string {
  if (Number.isNaN(value)) return '—';
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

/** The median over rounds of a / b within the same round; undefined without a common round. */
function pairedRatio(a: Measurement[], b: Measurement[]): number | undefined {
  const ratios = a.flatMap(m => {
    const ref = b.find(l => l.round === m.round);
    return ref ? [m.result.seconds / ref.result.seconds] : [];
  });
  return ratios.length > 0 ? median(ratios) : undefined;
}

function describeObjects(objects: { [kind: string]: number }): string {
  return Object.entries(objects).map(([kind, count]) => `${count} ${kind}`).join(', ');
}
