/**
 * Starting worker processes: one variant at one N per process, so no run inherits another's JIT
 * state, heap or caches, and peak RSS is per variant.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requestToArgs, RESULT_PREFIX, WorkerRequest, WorkerResult } from './_protocol';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '..');
/** Where results, profiles and the --compiled build go (gitignored). */
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');
/** Where --profile writes the workers' CPU profiles. */
export const PROFILES_DIR = path.join(RESULTS_DIR, 'profiles');
const BUILD_DIR = path.join(RESULTS_DIR, '.build');

/** How workers are started. */
export interface WorkerLauncher {
  /** The node arguments before the worker's own (flags and the script). */
  readonly nodeArgs: string[];
  /** Extra environment. */
  readonly env: { [name: string]: string };
  /** `ts-node (transpile-only)` or `compiled (tsc)`. */
  readonly mode: string;
}

/** Workers on the TypeScript sources through ts-node's transpile-only hook. */
export function tsNodeLauncher(): WorkerLauncher {
  return {
    nodeArgs: ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'bench', 'worker.ts')],
    env: { TS_NODE_PROJECT: path.join(ROOT, 'scripts', 'tsconfig.json') },
    mode: 'ts-node/register/transpile-only',
  };
}

/**
 * Workers on plain JavaScript: compiles src/ and bench/ with tsc into bench/results/.build (inside
 * the repository, so `node_modules` resolves). Type errors do not stop the build (as with ts-node's
 * transpile-only) but are reported.
 */
export function compiledLauncher(log: (line: string) => void): WorkerLauncher {
  fs.rmSync(BUILD_DIR, { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [
    tsc, '-p', path.join(ROOT, 'bench', 'tsconfig.json'),
    '--noEmit', 'false', '--noEmitOnError', 'false', '--outDir', BUILD_DIR,
    '--declaration', 'false', '--inlineSourceMap', 'false', '--inlineSources', 'false', '--incremental', 'false',
  ], { cwd: ROOT, encoding: 'utf8' });
  const worker = path.join(BUILD_DIR, 'bench', 'worker.js');
  if (!fs.existsSync(worker)) {
    throw new Error(`tsc did not produce ${worker}:\n${build.stdout}${build.stderr}`);
  }
  if (build.status !== 0) {
    log(`warning: tsc reported type errors (compiled anyway):\n${build.stdout.split('\n').slice(0, 10).join('\n')}`);
  }
  return { nodeArgs: [worker], env: {}, mode: 'compiled (tsc)' };
}

/** One finished worker. */
export interface WorkerRun {
  readonly result: WorkerResult;
  /** The process's whole life, seconds (start-up included). */
  readonly wallSeconds: number;
  /** What the worker wrote to stderr (warnings of the code under test). */
  readonly stderr: string;
}

/** Options of one worker run. */
export interface RunOptions {
  readonly launcher: WorkerLauncher;
  readonly timeoutSeconds: number;
  /** Run with `--cpu-prof`, writing `<PROFILES_DIR>/<name>`. */
  readonly profileName?: string;
  /** The directory the worker's fresh output directory is made in. */
  readonly outputBase: string;
}

/**
 * Runs one worker in a fresh output directory under `options.outputBase` and returns its result;
 * throws with the worker's stderr when it fails. The orchestrator removes the output directories
 * when the whole run is over: removing a thousand files between runs made the next run's file
 * creation on the disk up to ten times slower here (the file system discards freed blocks).
 */
export function runWorker(request: Omit<WorkerRequest, 'outdir'>, options: RunOptions): WorkerRun {
  const outdir = fs.mkdtempSync(path.join(options.outputBase, `${request.variant}-n${request.n}-`));
  const profileArgs = options.profileName
    ? ['--cpu-prof', '--cpu-prof-dir', PROFILES_DIR, '--cpu-prof-name', options.profileName]
    : [];
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [
    ...profileArgs, ...options.launcher.nodeArgs, ...requestToArgs({ ...request, outdir }),
  ], {
    cwd: ROOT,
    env: { ...process.env, ...options.launcher.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeoutSeconds * 1000,
    killSignal: 'SIGKILL',
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const line = (child.stdout ?? '').split('\n').find(l => l.startsWith(RESULT_PREFIX));
  if (child.error || child.status !== 0 || !line) {
    const why = child.error ? child.error.message : child.signal ? `killed by ${child.signal}` : `exit code ${child.status}`;
    const tail = `${child.stderr ?? ''}${child.stdout ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`worker ${request.variant} n=${request.n} failed (${why}):\n${tail}`);
  }
  return { result: JSON.parse(line.slice(RESULT_PREFIX.length)) as WorkerResult, wallSeconds, stderr: child.stderr ?? '' };
}

/**
 * Milliseconds per file to create, write (3 KB) and close `count` new files in a fresh directory
 * under `base` (left for the caller to remove with `base`): what one more YAML file costs on that
 * file system right now.
 */
export function fileWriteProbe(base: string, count = 300): number {
  const dir = fs.mkdtempSync(path.join(base, 'probe-'));
  const text = `${'x'.repeat(63)}\n`.repeat(48);
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, `probe-${i}.k8s.yaml`), text, { encoding: 'utf8' });
  return Number(process.hrtime.bigint() - started) / 1e6 / count;
}
