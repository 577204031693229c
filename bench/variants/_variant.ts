/**
 * What a benchmark variant is: facts the orchestrator needs (the catalogue in `index.ts`) and an
 * untimed set-up that returns the measured work (`prepare`, exported by the variant's own file,
 * which is loaded only by the worker that runs it).
 */

/** The inputs of one run of a variant. */
export interface VariantContext {
  /** The number of apps. */
  readonly n: number;
  /** A fresh, empty directory to write YAML to. */
  readonly outdir: string;
  /**
   * The JSON file holding the synthesized objects of the fixture variant (a flat array), for
   * variants with `needsFixture`; `<fixture>.files.json` holds the same objects grouped per YAML
   * file (chart).
   */
  readonly fixture?: string;
}

/** What the measured work may report besides its total time. */
export interface WorkReport {
  /** Sub-phases it timed itself, seconds. */
  readonly phases?: { [phase: string]: number };
  /** Facts worth keeping (counts, the pair explained, …). */
  readonly info?: { [key: string]: string | number };
}

/** The measured work of a variant; the worker times the whole call. */
export type MeasuredWork = () => WorkReport | void;

/**
 * A variant's set-up: runs untimed (load fixtures, build inputs) and returns the work to measure.
 * Module imports happen before it, when the worker loads the variant's file.
 */
export type Prepare = (context: VariantContext) => MeasuredWork;

/** A variant's file: `bench/variants/<name>.ts` exports `prepare`. */
export interface VariantModule {
  readonly prepare: Prepare;
}

/** What the orchestrator knows of a variant without loading it. */
export interface VariantInfo {
  /** The name on the command line and in the table; also its file name. */
  readonly name: string;
  /** One line saying what is measured. */
  readonly description: string;
  /** Whether the variant reads the library's synthesized objects (`VariantContext.fixture`). */
  readonly needsFixture: boolean;
  /**
   * The variant whose synthesized objects the fixture holds.
   *
   * @default 'library'
   */
  readonly fixtureVariant?: string;
  /** Whether the variant writes YAML to `outdir` (its objects are counted after the clock stops). */
  readonly writesYaml: boolean;
  /** Phases reported as their own table rows instead of the total, in this order. */
  readonly reportedPhases?: string[];
  /**
   * The N values the variant runs at when `--sizes` is not given (its targets are stated at
   * those sizes); `--sizes` overrides them.
   *
   * @default - the run's sizes
   */
  readonly defaultSizes?: number[];
  /**
   * The same under `--quick`.
   *
   * @default - the run's sizes
   */
  readonly quickSizes?: number[];
}

/** Seconds since `start` (a `process.hrtime.bigint()` reading). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Runs `work` and returns its result with the seconds it took. */
export function timed<T>(work: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const result = work();
  return [result, secondsSince(start)];
}
