import { App, AppProps, Chart } from 'cdk8s';
import { checkProps } from '../_check';
import { withFastYaml } from '../_yaml-writer';
import { SPECS } from './_inputs';
import { LINT_ID, setLintMode, SynthesisLint } from './_synth-lint';
import { inDependencyOrder, inSynthesisSession, renderObjects, sessionOf } from './_synthesis';
import { ZeroTrustNamespace } from './zero-trust-namespace';

/**
 * Props for {@link NetworkPatternsApp}: cdk8s's `AppProps` plus how the library checks and writes.
 */
export interface NetworkPatternsAppProps extends AppProps {
  /**
   * What the synthesis-time lint does with its findings. It runs once per synthesis over every
   * object of the App (a Service in one chart may select pods of another); findings are reported
   * for the charts holding this library's constructs.
   *
   * The environment variable `NETPATTERNS_LINT` (`error`, `warn` or `off`) overrides it, for CI.
   *
   * @default LintMode.ERROR
   */
  readonly lint?: LintMode;

  /**
   * Write the YAML with the library's block writer, which prints exactly the bytes cdk8s's
   * `Yaml.stringify` prints, about twice as fast. cdk8s's `Yaml.stringify` is swapped only for the
   * span of this App's own `synth()` / `synthYaml()` and put back after (also on error); any
   * document the writer is unsure of goes to cdk8s's writer, and the writer checks itself against
   * cdk8s's before its first use in a process.
   *
   * The environment variable `NETPATTERNS_FAST_YAML=off` turns it off, for CI.
   *
   * @default true
   */
  readonly fastYaml?: boolean;
}

/**
 * What the synthesis-time lint does with its findings.
 */
export enum LintMode {
  /** Error findings fail synthesis; warnings are printed once to stderr. */
  ERROR = 'error',
  /** Every finding is printed once to stderr; nothing fails synthesis. */
  WARN = 'warn',
  /** The synthesis-time lint does not run (`netpatterns lint` on the YAML still can). */
  OFF = 'off',
}

/**
 * A cdk8s `App` that synthesizes this library's constructs on the fast path: it validates and
 * resolves the App once, renders each object once, lints exactly those renderings (what is linted
 * is what is written) and writes the YAML with a byte-identical faster writer.
 *
 * Opt-in: a plain cdk8s `App` synthesizes the same constructs to the same bytes, exactly as cdk8s
 * does (it validates the whole App again inside every `chart.toJson()`, so many charts cost more).
 * Everything this class does lives in its own `synth()` / `synthYaml()` methods — the ones the jsii
 * kernel calls — so Python, Java, Go and .NET programs get the same bytes at the same cost. Other
 * libraries' charts in the App are synthesized by cdk8s as usual.
 *
 * In a plain `App`, set the lint mode with the construct context
 * `cdk8s-network-patterns:lint` (`error`, `warn` or `off`).
 *
 * @example
 * const app = new NetworkPatternsApp();
 * const prod = new ZeroTrustNamespace(app, 'production');
 * new ExposedApp(prod, 'api', { image: 'ghcr.io/acme/api:1.4.2' });
 * app.synth();
 */
export class NetworkPatternsApp extends App {
  /** What the synthesis-time lint does with its findings. */
  public readonly lintMode: LintMode;
  /** Whether the YAML is written with the library's byte-identical block writer. */
  public readonly fastYaml: boolean;

  constructor(props: NetworkPatternsAppProps = {}) {
    checkAppProps(props);
    super(props);
    this.lintMode = props.lint ?? LintMode.ERROR;
    this.fastYaml = props.fastYaml ?? true;
    setLintMode(this, this.lintMode);
  }

  /**
   * Synthesizes all manifests to the output directory: one validation and dependency resolution of
   * the App, one rendering of each object, one lint of those renderings, then the YAML of every
   * chart. Nothing is written when the lint fails.
   */
  public synth(): void {
    this.inOwnSynthesis(() => super.synth());
  }

  /**
   * Synthesizes the App into one YAML string (the same documents `synth()` writes).
   *
   * @returns all YAML documents across all charts of this App
   */
  public synthYaml(): string {
    return this.inOwnSynthesis(() => super.synthYaml());
  }

  /**
   * The charts of this App, sorted topologically (as `App.charts`).
   *
   * When this App's own `synth()` / `synthYaml()` reads them — after every validation has run and
   * the dependencies are resolved, before any YAML is written — every object of the App is rendered
   * once and linted; lint errors fail the synthesis here (under `LintMode.ERROR`), and this
   * library's charts write those same renderings.
   */
  public get charts(): Chart[] {
    const session = sessionOf(this);
    if (!session) {
      return super.charts;
    }
    // The order of `App.charts`, without cdk8s's graph of every construct when nothing can reorder.
    const constructs = this.node.findAll();
    const charts = inDependencyOrder(this, constructs).filter((c): c is Chart => c instanceof Chart);
    if (!session.rendered) {
      session.rendered = renderObjects(constructs);
      const lint = this.node.tryFindChild(LINT_ID);
      const errors = lint instanceof SynthesisLint ? lint.lintRendered(session.rendered) : [];
      if (errors.length > 0) {
        // The words and layout of cdk8s's own validation failure, as a plain App reports the lint.
        throw new Error(`Validation failed with the following errors:\n  ${errors.map(e => `[${lint!.node.path}] ${e}`).join('\n  ')}`);
      }
      // Other charts render their objects themselves (cdk8s's Chart.toJson): keep only the
      // renderings this library's charts will write.
      for (const o of session.rendered.keys()) {
        if (!(Chart.of(o) instanceof ZeroTrustNamespace)) session.rendered.delete(o);
      }
    }
    return charts;
  }

  private inOwnSynthesis<T>(run: () => T): T {
    const lint = this.node.tryFindChild(LINT_ID);
    if (lint instanceof SynthesisLint) {
      // Lint the tree as it is now, once for this synthesis.
      lint.forget();
    }
    return inSynthesisSession(this, () => (this.fastYaml ? withFastYaml(run) : run()));
  }
}

/** Run-time checks of the props (for plain-JavaScript callers and values read from files). */
function checkAppProps(props: NetworkPatternsAppProps): void {
  checkProps('NetworkPatternsApp', props, SPECS.NetworkPatternsApp);
}
