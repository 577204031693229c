/**
 * The contract between the orchestrator (`run.ts`) and one worker process (`worker.ts`): the
 * command line a worker takes and the one JSON line it prints.
 */

/** What one worker process does: one variant, one N. */
export interface WorkerRequest {
  /** The variant name, e.g. `library`. */
  readonly variant: string;
  /** The number of apps. */
  readonly n: number;
  /** A fresh, empty directory the variant may write its YAML to. */
  readonly outdir: string;
  /** The JSON file holding the library's synthesized objects (floor, analyzer). */
  readonly fixture?: string;
  /**
   * Prepare mode: run the variant, then (untimed) parse the YAML it wrote and save the objects as
   * a JSON array to this file — the fixture of the floor and analyzer variants.
   */
  readonly dumpObjects?: string;
}

/** The one JSON line a worker prints on stdout. */
export interface WorkerResult {
  readonly variant: string;
  readonly n: number;
  /** The worker's pid (profiles are matched to runs by it). */
  readonly pid: number;
  /** Wall time of the measured work (`process.hrtime`), seconds. */
  readonly seconds: number;
  /** Sub-phases of the measured work, seconds (the analyzer: matrix, explain, lint). */
  readonly phases: { [phase: string]: number };
  /** `process.resourceUsage().maxRSS` after the work: the process's peak RSS, KiB. */
  readonly maxRssKiB: number;
  /** RSS just before the clock started (modules and fixture loaded), KiB. */
  readonly rssBeforeKiB: number;
  /** The measured window on the monotonic clock, microseconds (to cut CPU profiles to it). */
  readonly windowUs: { readonly start: number; readonly end: number };
  /** Objects written, by kind (synthesizing variants; counted after the clock stopped). */
  readonly objects?: { [kind: string]: number };
  /** Facts about the run worth keeping (e.g. the analyzer's workload and flow counts). */
  readonly info?: { [key: string]: string | number };
}

/** The marker that starts the result line, so stray output of the code under test is ignored. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

/** Serializes a request as worker arguments. */
export function requestToArgs(request: WorkerRequest): string[] {
  return [
    '--variant', request.variant,
    '--n', String(request.n),
    '--outdir', request.outdir,
    ...(request.fixture ? ['--fixture', request.fixture] : []),
    ...(request.dumpObjects ? ['--dump-objects', request.dumpObjects] : []),
  ];
}

/** Parses worker arguments. */
export function argsToRequest(argv: string[]): WorkerRequest {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 && i + 1 < argv.length ? argv[i + 1] : undefined;
  };
  const variant = value('--variant');
  const n = Number(value('--n'));
  const outdir = value('--outdir');
  if (!variant || !Number.isInteger(n) || n < 1 || !outdir) {
    throw new Error(`worker: usage: worker.ts --variant <name> --n <apps> --outdir <dir> [--fixture <json>] [--dump-objects <json>]; got ${argv.join(' ')}`);
  }
  return { variant, n, outdir, fixture: value('--fixture'), dumpObjects: value('--dump-objects') };
}
