/**
 * The command line of `npm run bench` and the plan it makes: which variants at which N, how many
 * rounds.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { VARIANTS, variantNamed } from './variants';

/** The parsed command line. */
export interface BenchOptions {
  /** `--quick`: N = 100 and 1000, fewer rounds (under 2 minutes on 2 idle cores). */
  readonly quick: boolean;
  /** The N values, ascending. */
  readonly sizes: number[];
  /** Whether `--sizes` was given (then it applies to every variant, even those with their own sizes). */
  readonly sizesGiven: boolean;
  /** `--rounds R`: the same number of rounds at every N (otherwise `roundsFor`). */
  readonly rounds?: number;
  /** The variants, in round order (the catalogue's order). */
  readonly variants: string[];
  /** `--profile`: workers run with `--cpu-prof --cpu-prof-dir bench/results/profiles`. */
  readonly profile: boolean;
  /** `--compiled`: run workers on tsc output (no ts-node in the worker's memory). */
  readonly compiled: boolean;
  /** `--no-caps`: run slow variants at every N too. */
  readonly noCaps: boolean;
  /** `--timeout S`: per worker, seconds. */
  readonly timeoutSeconds: number;
  /** `--disk`: workers write their YAML under `os.tmpdir()` instead of a tmpfs (see `outputBase`). */
  readonly disk: boolean;
}

/** Variants too slow to run at every N by default, their limit and why. */
export interface SizeCap {
  readonly variant: string;
  readonly maxN: number;
  readonly reason: string;
}

export const USAGE = `usage: npm run bench -- [options]

Runs each variant in its own process (worker), round-robin over several rounds, and prints medians,
ratios to the library variant and peak RSS as a Markdown table (stdout; progress goes to stderr).
Raw results: bench/results/<timestamp>.json.

options:
  --quick              N = 100 and 1000, 3 / 2 rounds (a smoke run: under 2 minutes on 2 idle cores)
  --sizes 100,1000     the N values (default 100,1000,3000; analyzer-policies 5000, analyzer-unpoliced 10000
                       unless --sizes is given)
  --rounds R           rounds at every N (default 5 at N <= 1000, 3 above; --quick: 3 at 100, 2 above)
  --variants a,b       the variants (default all): ${VARIANTS.map(v => v.name).join(', ')}
  --profile            pass --cpu-prof --cpu-prof-dir bench/results/profiles to the workers and print
                       the top self-time functions of each profile (inside the measured window)
  --compiled           compile src/ and bench/ with tsc first and run workers on plain JS (no ts-node
                       in the workers: peak RSS as users of the compiled package see it)
  --no-caps            also run the plain-App one-chart-per-app variants above their default limit
  --timeout S          per-worker time limit in seconds (default 1200)
  --disk               write the workers' YAML under the system temporary directory (on this machine:
                       the ext4 disk) instead of /dev/shm (tmpfs); see bench/README.md, "Output"
  --help               this text`;

/** Parses the command line (the arguments after `--`). */
export function parseOptions(argv: string[]): BenchOptions | 'help' {
  let quick = false;
  let profile = false;
  let compiled = false;
  let noCaps = false;
  let disk = false;
  let sizes: number[] | undefined;
  let rounds: number | undefined;
  let variants: string[] | undefined;
  let timeoutSeconds = 1200;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value\n\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--help': case '-h': return 'help';
      case '--quick': quick = true; break;
      case '--profile': profile = true; break;
      case '--compiled': compiled = true; break;
      case '--no-caps': noCaps = true; break;
      case '--disk': disk = true; break;
      case '--sizes': sizes = value().split(',').map(s => positiveInteger('--sizes', s.replace(/_/g, ''))); break;
      case '--rounds': rounds = positiveInteger('--rounds', value()); break;
      case '--timeout': timeoutSeconds = positiveInteger('--timeout', value()); break;
      case '--variants': variants = value().split(',').map(s => s.trim()).filter(s => s.length > 0); break;
      default: throw new Error(`unknown option '${arg}'\n\n${USAGE}`);
    }
  }
  const chosen = new Set((variants ?? VARIANTS.map(v => v.name)).map(name => variantNamed(name).name));
  return {
    quick,
    sizes: [...new Set(sizes ?? (quick ? [100, 1000] : [100, 1000, 3000]))].sort((a, b) => a - b),
    sizesGiven: sizes !== undefined,
    rounds,
    variants: VARIANTS.map(v => v.name).filter(name => chosen.has(name)),
    profile,
    compiled,
    noCaps,
    timeoutSeconds,
    disk,
  };
}

/** Where workers write their YAML: the directory and how the report names it. */
export interface OutputBase {
  readonly dir: string;
  readonly description: string;
}

/** The tmpfs the workers write to unless `--disk`. */
const TMPFS = '/dev/shm';

/**
 * Where the workers write their YAML. By default a tmpfs (`/dev/shm`), so that the timings measure
 * synthesis rather than the disk: on this VM, creating 1,000 files of 3 KB on the ext4 disk took
 * from 0.07 s to 0.85 s depending on the hour, which would decide the namespace-per-app rows (one
 * file per namespace). `--disk`, or a machine without `/dev/shm`, writes under `os.tmpdir()`.
 */
export function outputBase(options: BenchOptions): OutputBase {
  if (!options.disk && isWritableDirectory(TMPFS)) {
    return { dir: TMPFS, description: `${TMPFS} (tmpfs)` };
  }
  return { dir: os.tmpdir(), description: `${os.tmpdir()} (the system temporary directory${options.disk ? ', --disk' : `: no writable ${TMPFS}`})` };
}

function isWritableDirectory(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** The rounds at size `n`. */
export function roundsFor(options: BenchOptions, n: number): number {
  if (options.rounds !== undefined) return options.rounds;
  if (options.quick) return n <= 100 ? 3 : 2;
  return n <= 1000 ? 5 : 3;
}

/**
 * The size limits of this plan. cdk8s-plus-28 with one Chart per app grows much faster than
 * linearly (about 80 s per run at N = 1000 on 2 busy cores), so it runs up to N = 1000 (N = 100
 * with --quick, to stay under 2 minutes) unless --no-caps.
 */
export function sizeCaps(options: BenchOptions): SizeCap[] {
  if (options.noCaps) return [];
  // Both variants with one Chart per app in a plain cdk8s App: cdk8s validates the whole App inside
  // every chart.toJson(), so their cost grows with charts × constructs.
  const quadratic = ['cdk8s-plus-28-ns-per-app', 'library-plain-app-ns-per-app'];
  return quadratic.map(variant => options.quick
    ? { variant, maxN: 100, reason: 'one Chart per app in a plain App takes about a minute per run at N = 1000, which does not fit a 2-minute --quick run; run without --quick for N = 1000' }
    : { variant, maxN: 1000, reason: 'one Chart per app in a plain App grows much faster than linearly (about a minute per run at N = 1000, so many minutes per run at 3000); --no-caps runs it anyway' });
}

/** The N values `variant` runs at: its own (`defaultSizes`, `quickSizes`) unless `--sizes` was given. */
export function sizesOf(options: BenchOptions, variant: string): number[] {
  const info = variantNamed(variant);
  const own = options.quick ? info.quickSizes : info.defaultSizes;
  return options.sizesGiven || !own ? options.sizes : own;
}

/** Every N of the plan, ascending. */
export function planSizes(options: BenchOptions): number[] {
  return [...new Set(options.variants.flatMap(v => sizesOf(options, v)))].sort((a, b) => a - b);
}

/** Whether `variant` runs at `n` in this plan. */
export function runsAt(caps: SizeCap[], variant: string, n: number): boolean {
  const cap = caps.find(c => c.variant === variant);
  return cap === undefined || n <= cap.maxN;
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${flag}: '${text}' is not a positive integer`);
  }
  return value;
}
