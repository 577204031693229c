/**
 * `npm run bench [-- --quick | --sizes 100,1000 | --rounds R | --variants a,b | --profile | --compiled]`
 *
 * The orchestrator: makes the plan, prepares the fixtures (the library's objects at each N, for
 * floor and analyzer), runs one worker process per variant per N, round-robin over the rounds,
 * then prints the Markdown table and the key ratios on stdout (progress on stderr) and writes the
 * raw results to bench/results/<timestamp>.json. See bench/README.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BenchOptions, outputBase, parseOptions, planSizes, roundsFor, runsAt, sizeCaps, sizesOf, USAGE } from './_options';
import { profileTables, summarizeProfile } from './_profile';
import { keyLines, markdownTable, Measurement, notes, objectChecks, seconds, tableRows } from './_report';
import { compiledLauncher, fileWriteProbe, PROFILES_DIR, RESULTS_DIR, ROOT, runWorker, tsNodeLauncher, WorkerLauncher } from './_workers';
import { variantNamed } from './variants';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function main(): void {
  const parsed = parseOptions(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const options: BenchOptions = parsed;
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const loadStart = os.loadavg();
  const caps = sizeCaps(options);
  const sizes = planSizes(options);
  const plan = sizes
    .map(n => ({ n, rounds: roundsFor(options, n), variants: options.variants.filter(v => sizesOf(options, v).includes(n) && runsAt(caps, v, n)) }))
    .filter(p => p.variants.length > 0);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  if (options.profile) fs.mkdirSync(PROFILES_DIR, { recursive: true });

  const launcher: WorkerLauncher = options.compiled ? compiledLauncher(log) : tsNodeLauncher();
  const output = outputBase(options);
  // Every worker's output stays until the run is over (see runWorker), then goes at once.
  const outputRoot = fs.mkdtempSync(path.join(output.dir, 'np-bench-output-'));
  const run = { launcher, timeoutSeconds: options.timeoutSeconds, outputBase: outputRoot };
  // The cost of a new file where the workers write and, for comparison, in the system temporary directory.
  const probeRoots = [{ name: output.dir, dir: outputRoot }];
  if (path.resolve(output.dir) !== path.resolve(os.tmpdir())) {
    probeRoots.push({ name: os.tmpdir(), dir: fs.mkdtempSync(path.join(os.tmpdir(), 'np-bench-probe-')) });
  }
  const writeProbe = (when: string) => probeRoots.map(p => `${p.name} ${fileWriteProbe(p.dir).toFixed(3)} ms`).join(', ') + ` (${when})`;
  const probes = [writeProbe('start')];
  log(`bench: workers write their YAML under ${output.description}; one new 3 KB file costs ${probes[0]}`);
  log(`bench: ${plan.map(p => `N=${p.n} × ${p.rounds} rounds [${p.variants.join(', ')}]`).join('; ')}; workers: ${launcher.mode}`);
  for (const cap of caps.filter(c => options.variants.includes(c.variant) && options.sizes.some(n => n > c.maxN))) {
    log(`bench: ${cap.variant} runs at N ≤ ${cap.maxN} only: ${cap.reason}`);
  }

  // Fixtures: a variant's own output objects at each N (the library's, unless a variant names
  // another), synthesized once before any round.
  const fixtures = new Map<string, string>();
  const fixtureKey = (variant: string, n: number) => `${variantNamed(variant).fixtureVariant ?? 'library'}-${n}`;
  const fixtureDir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-bench-fixtures-'));
  const measurements: Measurement[] = [];
  const stderrSeen = new Set<string>();
  try {
    for (const { n, variants } of plan) {
      for (const variant of variants.filter(v => variantNamed(v).needsFixture)) {
        const key = fixtureKey(variant, n);
        if (fixtures.has(key)) continue;
        const source = variantNamed(variant).fixtureVariant ?? 'library';
        const file = path.join(fixtureDir, `${key}.json`);
        log(`bench: fixture N=${n}: synthesizing the ${source} variant's objects (untimed)`);
        runWorker({ variant: source, n, dumpObjects: file }, run);
        fixtures.set(key, file);
      }
    }

    for (const { n, rounds, variants } of plan) {
      for (let round = 1; round <= rounds; round++) {
        for (const variant of variants) {
          const profileName = options.profile ? `${variant}-n${n}-r${round}-${stamp}.cpuprofile` : undefined;
          const { result, wallSeconds, stderr } = runWorker({ variant, n, fixture: fixtures.get(fixtureKey(variant, n)) }, { ...run, profileName });
          measurements.push({ round, result, wallSeconds });
          const phases = Object.entries(result.phases).map(([k, v]) => `${k} ${seconds(v)}`).join(', ');
          log(`  N=${n} round ${round}/${rounds} ${variant}: ${seconds(result.seconds)} s${phases ? ` (${phases})` : ''}, peak RSS ${(result.maxRssKiB / 1024).toFixed(0)} MB [process ${seconds(wallSeconds)} s]`);
          const trimmed = stderr.trim();
          if (trimmed && !stderrSeen.has(`${variant}\u0000${trimmed}`)) {
            stderrSeen.add(`${variant}\u0000${trimmed}`);
            log(`    ${variant} wrote to stderr (shown once):\n${trimmed.split('\n').slice(0, 8).map(l => `      ${l}`).join('\n')}`);
          }
        }
      }
    }
    probes.push(writeProbe('end'));
  } finally {
    fs.rmSync(fixtureDir, { recursive: true, force: true });
    for (const dir of [outputRoot, ...probeRoots.map(p => p.dir)]) fs.rmSync(dir, { recursive: true, force: true });
  }

  const rows = tableRows(measurements, sizes, options.variants);
  const keys = keyLines(rows, measurements, caps);
  const checks = objectChecks(measurements);
  const loadEnd = os.loadavg();
  const load = `load average ${loadStart.map(l => l.toFixed(1)).join(' ')} at start, ${loadEnd.map(l => l.toFixed(1)).join(' ')} at end on ${os.cpus().length} CPUs`;
  const report = [
    `### Benchmark${options.quick ? ' (--quick)' : ''}: ${startedAt.toISOString()}, node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}`,
    '',
    markdownTable(rows),
    '',
    ...keys,
    '',
    ...notes(rows, measurements, launcher.mode),
    `- Machine: ${load}${options.profile ? '; --profile: timings include profiler overhead' : ''}.`,
    `- Output: each worker writes its YAML into a fresh directory under ${output.description}. One new 3 KB file costs ${probes.join('; ')}.`,
    ...caps.filter(c => options.variants.includes(c.variant) && options.sizes.some(n => n > c.maxN))
      .map(c => `- ${c.variant} ran at N ≤ ${c.maxN} only: ${c.reason}.`),
    ...(checks.length > 0 ? ['- Objects written:', ...checks.map(c => `  - ${c}`)] : []),
  ];

  const file = path.join(RESULTS_DIR, `${stamp}.json`);
  const profiles = options.profile ? measurements.map(m => {
    const profileFile = path.join(PROFILES_DIR, `${m.result.variant}-n${m.result.n}-r${m.round}-${stamp}.cpuprofile`);
    return { variant: m.result.variant, n: m.result.n, round: m.round, summary: summarizeProfile(profileFile, ROOT, m.result.windowUs) };
  }) : [];
  fs.writeFileSync(file, `${JSON.stringify({
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options,
    caps,
    workers: launcher.mode,
    output: { ...output, fileWriteMs: probes },
    machine: { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, totalMemMiB: Math.round(os.totalmem() / 1048576), loadStart, loadEnd },
    table: rows,
    keyLines: keys,
    objectChecks: checks,
    measurements,
    profiles,
  }, null, 2)}\n`);

  process.stdout.write(`${report.join('\n')}\n`);
  for (const p of profiles) {
    const scope = p.summary.windowed ? 'measured window only' : 'whole process: the measured window was not inside the profile';
    process.stdout.write(`\n#### CPU profile: ${p.variant} N=${p.n} round ${p.round} (${scope}, ${p.summary.totalMs.toFixed(0)} ms sampled)\n`
      + `${path.relative(ROOT, p.summary.file)}\n\n${profileTables(p.summary)}\n`);
  }
  log(`bench: raw results in ${path.relative(ROOT, file)}`);
}

try {
  main();
} catch (e) {
  log(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
