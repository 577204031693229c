/**
 * Runs one variant at one N in this process and prints one result line (`BENCH_RESULT {json}`).
 *
 *   TS_NODE_PROJECT=scripts/tsconfig.json node -r ts-node/register/transpile-only bench/worker.ts \
 *     --variant library --n 1000 --outdir /tmp/out [--fixture objects.json] [--dump-objects objects.json]
 *
 * The clock covers only the variant's work (from just before the constructs are built to after the
 * YAML is written): ts-node start-up, module loading and fixture loading happen before it, and
 * counting the objects written or dumping them happens after it. Peak RSS is read right after the
 * work, from `process.resourceUsage().maxRSS`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { argsToRequest, RESULT_PREFIX, WorkerResult } from './_protocol';
import { loadVariant, variantNamed } from './variants';

function main(): void {
  const request = argsToRequest(process.argv.slice(2));
  const info = variantNamed(request.variant);
  const work = loadVariant(info.name).prepare({ n: request.n, outdir: request.outdir, fixture: request.fixture });
  const rssBeforeKiB = Math.round(process.memoryUsage.rss() / 1024);

  const start = process.hrtime.bigint();
  const report = work() ?? {};
  const end = process.hrtime.bigint();
  const maxRssKiB = process.resourceUsage().maxRSS;

  const files = info.writesYaml || request.dumpObjects ? yamlFiles(request.outdir) : [];
  if (request.dumpObjects) {
    const perFile = files.map(f => YAML.parseAllDocuments(fs.readFileSync(f, 'utf8'), { version: '1.1' }).map(d => d.toJS())
      .filter(o => o !== null && o !== undefined));
    fs.writeFileSync(request.dumpObjects, JSON.stringify(perFile.flat()));
    fs.writeFileSync(`${request.dumpObjects}.files.json`, JSON.stringify(perFile));
  }
  const result: WorkerResult = {
    variant: info.name,
    n: request.n,
    pid: process.pid,
    seconds: Number(end - start) / 1e9,
    phases: report.phases ?? {},
    maxRssKiB,
    rssBeforeKiB,
    windowUs: { start: Number(start / 1000n), end: Number(end / 1000n) },
    ...(info.writesYaml ? { objects: countKinds(files) } : {}),
    ...(report.info ? { info: report.info } : {}),
  };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** The YAML files under `dir`, sorted by path. */
function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith('.yaml'))
    .map(f => path.join(dir, f))
    .sort();
}

/** Top-level `kind:` lines (column 0 — nested ones are indented) per kind, over `files`. */
function countKinds(files: string[]): { [kind: string]: number } {
  const counts: { [kind: string]: number } = {};
  for (const file of files) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/^kind: (\S+)$/gm)) {
      counts[match[1]] = (counts[match[1]] ?? 0) + 1;
    }
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

main();
