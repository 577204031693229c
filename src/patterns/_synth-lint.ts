/**
 * The synthesis-time lint (internal): lint as an ordinary cdk8s validation of the App.
 *
 * One hidden construct under the App's root (`NetworkPatternsLint`) carries the validation, so it
 * runs once per validation pass, whatever the number of charts. A plain cdk8s `App` validates the
 * whole App once in `synth()` and again inside every `chart.toJson()`; the findings are therefore
 * memoized on what can change them and is cheap to observe: the number of constructs in the tree,
 * the number of construct metadata entries (acknowledgements are metadata) and the library's own
 * mutation count (`touch()`: a rule added to a policy, an env var, a route).
 *
 * A `NetworkPatternsApp` does not lint during validation: once every validation has run it renders
 * the App's objects for its output and lints exactly those (`lintRendered`), once per synthesis
 * (see `_synthesis.ts`).
 *
 * What the memo cannot see: an object changed in place only through a cdk8s escape hatch
 * (`addJsonPatch`, `metadata.addLabel`) between two synths of one plain `App`, with no construct
 * added. Such a change is linted by the next synthesis that adds a construct, and always by a
 * `NetworkPatternsApp`.
 */
import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { lintConstructTree } from './_lint-tree';
import { sessionOf } from './_synthesis';
import { AssumedWorkload } from '../analysis/reachability';

/** The id of the hidden construct; it appears in the validation messages of lint errors. */
export const LINT_ID = 'NetworkPatternsLint';

/**
 * Environment override of the lint mode for CI (`error`, `warn` or `off`); wins over the
 * `NetworkPatternsApp` prop and the construct context.
 */
export const LINT_MODE_ENV = 'NETPATTERNS_LINT';

/** Set to `off` to keep lint warnings off stderr (they are still computed; errors still fail). */
export const LINT_WARNINGS_ENV = 'NETPATTERNS_LINT_WARNINGS';

/** The construct context key a plain `App` sets the lint mode with (`error`, `warn` or `off`). */
export const LINT_MODE_CONTEXT = 'cdk8s-network-patterns:lint';

/** The lint modes, as their wire values (see `LintMode`). */
export type LintModeValue = 'error' | 'warn' | 'off';

const LINT_MODES: readonly LintModeValue[] = ['error', 'warn', 'off'];

/** Lint modes set by `NetworkPatternsApp` on its own root. */
const appModes = new WeakMap<IConstruct, LintModeValue>();

/** The library's mutation count: any change of a construct of this library bumps it. */
let generation = 0;

/** Marks that a construct of this library changed what it renders (invalidates memoized findings). */
export function touch(): void {
  generation++;
}

/** Sets the lint mode of a `NetworkPatternsApp` (its prop). */
export function setLintMode(root: IConstruct, mode: LintModeValue): void {
  appModes.set(root, mode);
}

/** The lint mode of the App holding `scope`: env override, then the App's prop, then context. */
export function lintModeOf(scope: IConstruct): LintModeValue {
  const root = scope.node.root;
  const fromEnv = process.env[LINT_MODE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    return parseLintMode(`environment variable ${LINT_MODE_ENV}`, fromEnv);
  }
  const fromApp = appModes.get(root);
  if (fromApp !== undefined) {
    return fromApp;
  }
  const fromContext = root.node.tryGetContext(LINT_MODE_CONTEXT);
  return fromContext === undefined ? 'error' : parseLintMode(`context '${LINT_MODE_CONTEXT}'`, fromContext);
}

function parseLintMode(source: string, value: unknown): LintModeValue {
  if (typeof value !== 'string' || !LINT_MODES.includes(value as LintModeValue)) {
    throw new Error(`cdk8s-network-patterns: ${source} must be one of ${LINT_MODES.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as LintModeValue;
}

/** The memoized outcome of one lint of the tree. */
interface LintOutcome {
  /** Undefined for a `NetworkPatternsApp` synthesis, which is not memoized. */
  readonly key?: string;
  readonly errors: string[];
  readonly warnings: string[];
}

/** The hidden construct carrying the App-wide lint validation. */
export class SynthesisLint extends Construct {
  /** The synthesis-time lint of the App `scope` belongs to (created on first use). */
  public static of(scope: IConstruct): SynthesisLint {
    const root = scope.node.root;
    const existing = root.node.tryFindChild(LINT_ID);
    if (existing instanceof SynthesisLint) {
      return existing;
    }
    return new SynthesisLint(root as Construct, LINT_ID);
  }

  /** How many times this App's tree was linted (tests count it). */
  public runs = 0;

  /** Paths of the charts holding this library's constructs: findings there are reported. */
  private readonly chartPaths = new Set<string>();
  private readonly trackedCharts = new WeakSet<Chart>();
  /** Pods the manifests do not hold but policies admit (custom controllers, gateway proxies). */
  private readonly assumedWorkloads = new Map<string, AssumedWorkload>();
  private readonly reportedWarnings = new Set<string>();
  /** App-wide checks that run before the lint reads the objects, on every validation. */
  private readonly validators: Array<() => string[]> = [];
  private outcome?: LintOutcome;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.node.addValidation({ validate: () => this.findingsToReport() });
  }

  /** Reports the findings of the chart holding `construct` (a construct of this library). */
  public track(construct: IConstruct): void {
    const chart = Chart.of(construct);
    if (!this.trackedCharts.has(chart)) {
      this.trackedCharts.add(chart);
      this.chartPaths.add(chart.node.path);
    }
  }

  /**
   * Tells the analyzer behind the lint about pods the manifests do not hold (a custom ingress
   * controller, a Gateway API data plane), so policies admitting them are judged correctly.
   *
   * @returns the workload as the lint knows it (renamed when another one of its name selects other pods)
   */
  public assumeWorkload(workload: AssumedWorkload): AssumedWorkload {
    const key = `${workload.namespace}/${JSON.stringify(workload.podLabels)}`;
    if (!this.assumedWorkloads.has(key)) {
      // Two peers of one name with different pods (two `Peer.pods` named `cache`) are two assumed
      // workloads: the later one gets a numbered name.
      const taken = new Set([...this.assumedWorkloads.values()].filter(w => w.namespace === workload.namespace).map(w => w.name));
      let name = workload.name;
      for (let i = 2; taken.has(name); i++) {
        name = `${workload.name.slice(0, 60).replace(/-+$/, '')}-${i}`;
      }
      const renamed: AssumedWorkload = { namespace: workload.namespace, name, podLabels: workload.podLabels, ports: workload.ports };
      this.assumedWorkloads.set(key, name === workload.name ? workload : renamed);
      touch();
    }
    return this.assumedWorkloads.get(key)!;
  }

  /**
   * Adds an App-wide check that runs on every validation, before the lint reads the objects (it may
   * complete objects the lint then judges, e.g. the security context of a cdk8s-plus workload).
   */
  public addValidator(validator: () => string[]): void {
    this.validators.push(validator);
  }

  /** Forgets the memoized findings: the next validation lints the tree again. */
  public forget(): void {
    this.outcome = undefined;
  }

  /**
   * Lints the objects a `NetworkPatternsApp` rendered for its output, after every validation has
   * run, and reports the findings as the validation would: warnings (and errors under `WARN`) are
   * printed; the errors that fail synthesis are returned.
   */
  public lintRendered(rendered: ReadonlyMap<ApiObject, any>): string[] {
    const mode = lintModeOf(this);
    return mode === 'off' ? [] : this.report(mode, this.lintTree(undefined, rendered));
  }

  private findingsToReport(): string[] {
    const problems = this.validators.flatMap(validate => validate());
    const mode = lintModeOf(this);
    // In a NetworkPatternsApp synthesis the lint runs on the objects rendered for the output, once
    // every validation has run (`lintRendered`).
    if (mode === 'off' || sessionOf(this)) {
      return problems;
    }
    return [...problems, ...this.report(mode, this.lintOnce())];
  }

  /** Prints what `mode` prints (each line once per App) and returns the errors that fail synthesis. */
  private report(mode: LintModeValue, { errors, warnings }: LintOutcome): string[] {
    const printed = mode === 'warn' ? [...errors, ...warnings] : warnings;
    if (process.env[LINT_WARNINGS_ENV] !== 'off') {
      for (const line of printed) {
        if (!this.reportedWarnings.has(line)) {
          this.reportedWarnings.add(line);
          process.stderr.write(`cdk8s-network-patterns lint ${errors.includes(line) ? 'error (lint: WARN)' : 'warning'}: ${line}\n`);
        }
      }
    }
    return mode === 'error' ? errors : [];
  }

  /** The findings in this library's charts, linted again only when the memo key changed. */
  private lintOnce(): LintOutcome {
    // Acknowledgements are construct metadata, so the metadata count is part of the key.
    const constructs = this.node.root.node.findAll();
    let metadata = 0;
    for (const c of constructs) metadata += c.node.metadata.length;
    const key = `${constructs.length}/${metadata}/${generation}`;
    return this.outcome?.key === key ? this.outcome : this.lintTree(key);
  }

  /**
   * Lints the tree (the objects `rendered`, when given: a `NetworkPatternsApp` lints each synthesis
   * once, so no memo key is worked out) and keeps the outcome under `key`.
   */
  private lintTree(key: string | undefined, rendered?: ReadonlyMap<ApiObject, any>): LintOutcome {
    this.runs++;
    const { errors, warnings } = lintConstructTree(this.node.root, {
      reachability: { extraWorkloads: [...this.assumedWorkloads.values()] },
    }, rendered);
    const paths = [...this.chartPaths];
    const inOurCharts = (line: string) => paths.some(p => line.startsWith(`[${p}/`) || line.startsWith(`[${p}]`));
    const outcome = { key, errors: errors.filter(inOurCharts), warnings: warnings.filter(inOurCharts) };
    this.outcome = key === undefined ? undefined : outcome;
    return outcome;
  }
}
