/**
 * `NetworkPatternsValidation`: lint and a reachability summary as a cdk8s-cli validation plugin.
 *
 * cdk8s-cli loads a validation plugin by package and class name from `cdk8s.yaml`, constructs it
 * with the `properties` given there and calls `validate(context)` after `cdk8s synth`. The plugin
 * interface is structural: this file does not load cdk8s-cli; the interfaces below describe the
 * members of cdk8s-cli's `ValidationContext` it uses.
 *
 * @see https://cdk8s.io/docs/latest/cli/synth/#validation-plugins
 */
import * as fs from 'fs';
import { checkProps } from '../_check';
import { annotatedAbsentWorkloads, mergeWorkloads } from './_annotations';
import { findConfigFile, layerSettings, LintSettings, NO_SETTINGS, parseSettings, readConfigFile, TOOL_SEVERITY_DEFAULTS } from './_config';
import { apiGroup, DEFAULT_NAMESPACE, isClusterScoped, objectRef } from './_context';
import { PLUGIN_PROPS } from './_plugin-props';
import { Acknowledgement, Finding, LintRuleInfo, Severity } from './finding';
import { lint, Linter } from './linter';
import { pushTo } from '../_collections';
import { decodeText, LoadedManifests, ManifestInputError, parseManifestText } from '../analysis/_load';
import { UNNAMED } from '../analysis/_manifests';
import { AssumedWorkload, Reachability } from '../analysis/reachability';

/**
 * The lint settings of {@link NetworkPatternsValidation}, as in `.netpatterns.yaml`.
 */
export interface NetworkPatternsValidationLintProps {
  /**
   * Rule ids not to run.
   *
   * @default - every rule runs
   */
  readonly disable?: string[];

  /**
   * A severity per rule id (`warning` or `error`).
   *
   * @default - each rule's own severity, except `pod-security-restricted` and
   * `image-latest-or-untagged`, which are warnings (as in `netpatterns lint`)
   */
  readonly severity?: { [rule: string]: Severity };

  /**
   * Findings to leave out, each with the reason why.
   *
   * @default - only those the manifests' `netpatterns.dev/acknowledge.<rule>` annotations name
   */
  readonly acknowledgements?: Acknowledgement[];
}

/**
 * The `properties` of {@link NetworkPatternsValidation} in `cdk8s.yaml`.
 *
 * The same settings as `.netpatterns.yaml` (`lint`, `assumeWorkloads`), layered over that file:
 * the nearest `.netpatterns.yaml` from the working directory up (where `cdk8s synth` runs) is read
 * first, then these properties win.
 */
export interface NetworkPatternsValidationProps {
  /**
   * Lint settings.
   *
   * @default - the rules' severities, with the pod-hardening rules as warnings
   */
  readonly lint?: NetworkPatternsValidationLintProps;

  /**
   * Pods the cluster runs that the manifests do not hold (e.g. a Gateway implementation's
   * proxies), like `netpatterns --assume-workload`. Entries may also be strings in that flag's
   * syntax, `<namespace>[/<name>]:<key>=<value>[,...]`.
   *
   * @default - only those the manifests' `netpatterns.dev/assume-workloads` annotations declare
   */
  readonly assumeWorkloads?: AssumedWorkload[];

  /**
   * Fail the validation on warnings too.
   *
   * @default false
   */
  readonly failOnWarnings?: boolean;

  /**
   * List each allowed flow between two workloads in the log (`ns/a -> ns/b TCP 8080`); with
   * `false` only the report's counts are given (a large app has thousands of flows).
   *
   * @default true
   */
  readonly logFlows?: boolean;

  /**
   * The configuration file to read instead of looking for `.netpatterns.yaml`, relative to the
   * working directory.
   *
   * @default - the nearest `.netpatterns.yaml` from the working directory up, if any
   */
  readonly config?: string;
}

/**
 * One resource of a validation violation, as cdk8s-cli reports it.
 */
export interface ValidationViolatingResource {
  /** The resource's `metadata.name`; cdk8s-cli maps it to the construct path. */
  readonly resourceName: string;
  /** Where in the resource: here, the finding's message. */
  readonly locations: string[];
  /** The manifest file the resource is in. */
  readonly manifestPath: string;
}

/**
 * A violation of one rule, as cdk8s-cli's validation report takes it.
 */
export interface ValidationViolation {
  /** The rule (`<rule id> (<severity>)`). */
  readonly ruleName: string;
  /** What the rule catches. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The resources that violate the rule. */
  readonly violatingResources: ValidationViolatingResource[];
}

/**
 * The report of a validation (cdk8s-cli's `ValidationReport`).
 */
export interface IValidationReport {
  /** Adds a violation. */
  addViolation(violation: ValidationViolation): void;
  /**
   * Completes the report.
   *
   * @param status `success` or `failure`
   * @param metadata summary lines
   */
  submit(status: string, metadata?: { [key: string]: string }): void;
}

/**
 * Where a validation logs (cdk8s-cli's `ValidationLogger`).
 */
export interface IValidationLogger {
  /** Logs a message. */
  log(message: string): void;
}

/**
 * What cdk8s-cli hands a validation plugin (its `ValidationContext`).
 */
export interface IValidationContext {
  /** The synthesized manifest files. */
  readonly manifests: string[];
  /** The report to fill and submit. */
  readonly report: IValidationReport;
  /** The logger. */
  readonly logger: IValidationLogger;
}

/** Who speaks in messages. */
const OWNER = 'NetworkPatternsValidation';


/**
 * Lint and a reachability summary of a cdk8s app, as a cdk8s-cli validation plugin.
 *
 * Any cdk8s app — cdk8s-plus only included — gets the checks of `netpatterns lint` on
 * `cdk8s synth` (validation runs by default; `--no-validate` skips it). Each finding becomes a
 * violation of its rule on the object's resource, which cdk8s-cli maps to its construct path;
 * the report's summary gives the number of workloads and allowed flows between workloads under
 * the NetworkPolicies, and the logger lists the flows (unless `logFlows: false`). Error findings
 * fail the synthesis.
 *
 * @example
 * // cdk8s.yaml
 * // validations:
 * //   - package: cdk8s-network-patterns
 * //     version: 1.2.3            # an exact version (cdk8s-cli refuses ranges)
 * //     class: NetworkPatternsValidation
 * //     properties:
 * //       lint: { disable: [missing-readiness-probe] }
 *
 * @see https://cdk8s.io/docs/latest/cli/synth/#validation-plugins
 */
export class NetworkPatternsValidation {
  private readonly settings: LintSettings;
  private readonly failOnWarnings: boolean;
  private readonly logFlows: boolean;
  private readonly config?: string;

  /**
   * @param props the `properties` of the plugin in `cdk8s.yaml`
   * @throws when a property is unknown or has a bad value, naming it
   */
  constructor(props: NetworkPatternsValidationProps = {}) {
    const ruleIds = Linter.rules().map(r => r.id);
    checkProps(OWNER, props, PLUGIN_PROPS);
    const { failOnWarnings, logFlows, config, ...rest } = props as any;
    this.settings = parseSettings(rest, OWNER, ruleIds);
    this.failOnWarnings = failOnWarnings ?? false;
    this.logFlows = logFlows ?? true;
    if (config !== undefined && !(fs.existsSync(config) && fs.statSync(config).isFile())) {
      const what = fs.existsSync(config) ? 'is a directory, not a file' : 'does not exist';
      throw new Error(`${OWNER}: config names the file '${config.length > 80 ? `${config.slice(0, 80)}…` : config}', which ${what} `
        + `(relative paths are read from ${process.cwd()}); give the path of a .netpatterns.yaml or omit config`);
    }
    this.config = config;
  }

  /**
   * Lints the synthesized manifests and summarizes their reachability into `context.report`.
   *
   * @param context cdk8s-cli's validation context
   */
  public async validate(context: IValidationContext): Promise<void> {
    const ruleIds = Linter.rules().map(r => r.id);
    const file = this.config !== undefined ? this.config : findConfigFile(process.cwd());
    let fromFile = NO_SETTINGS;
    try {
      if (file !== undefined) fromFile = readConfigFile(file, ruleIds);
    } catch (e) {
      const message = (e as Error).message;
      throw new Error(message.startsWith(`${OWNER}:`) ? message : `${OWNER}: ${message}`);
    }
    const defaults: LintSettings = { ...NO_SETTINGS, severityOverrides: TOOL_SEVERITY_DEFAULTS };
    const settings = layerSettings(layerSettings(defaults, fromFile), this.settings);

    const objects: any[] = [];
    const sources = new Map<any, string>();
    for (const manifest of context.manifests ?? []) {
      // The library's one loader, as `netpatterns lint` reads files: YAML as kubectl reads it (1.1
      // booleans and numbers), lists (`kind: List`, `DeploymentList`) flattened so that a finding
      // on an item names the file it came from, a kind without apiVersion kept for lint to report.
      const { objects: flat, skipped, lenient } = readManifest(manifest);
      for (const value of flat) {
        objects.push(value);
        sources.set(value, manifest);
      }
      for (const s of skipped) context.logger.log(`note: ${s.where} ${s.reason}; skipped`);
      for (const s of lenient) context.logger.log(`note: ${s.where} ${s.reason}; read all the same`);
    }
    const findings = lint(objects, {
      disabledRules: settings.disabledRules,
      severityOverrides: settings.severityOverrides,
      acknowledgements: settings.acknowledgements,
      reachability: { extraWorkloads: settings.extraWorkloads },
    });
    for (const violation of violationsOf(findings, objects, sources)) context.report.addViolation(violation);

    const r = Reachability.fromManifests(objects, { extraWorkloads: mergeWorkloads(settings.extraWorkloads, annotatedAbsentWorkloads(objects)) });
    // Between two workloads (a workload to itself is traffic among its own pods, which connections() leaves out too).
    const flows = r.toJson().flows.filter(f => f.from !== f.to);
    if (this.logFlows) for (const f of flows) context.logger.log(`${f.from} -> ${f.to} ${f.protocol} ${f.port}`);
    for (const p of r.problems) context.logger.log(`note: ${p}`);

    const errors = findings.filter(f => f.severity === Severity.ERROR).length;
    const warnings = findings.length - errors;
    const failed = errors > 0 || (this.failOnWarnings && warnings > 0);
    context.report.submit(failed ? 'failure' : 'success', {
      'Objects': String(objects.length),
      'Workloads': String(r.workloads.length),
      'Allowed flows': String(flows.length),
      'Lint errors': String(errors),
      'Lint warnings': String(warnings),
      ...(file !== undefined ? { Configuration: file } : {}),
    });
  }
}

/** The Kubernetes objects of a manifest file (empty documents and non-objects left out). */
function readManifest(file: string): LoadedManifests {
  let text: string;
  try {
    text = decodeText(fs.readFileSync(file));
  } catch (e) {
    throw new Error(`${OWNER}: cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return parseManifestText(text, file, 'auto');
  } catch (e) {
    throw e instanceof ManifestInputError ? new Error(`${OWNER}: ${e.message}`) : e;
  }
}

/**
 * One violation per rule with findings, its resources the objects of the findings (for a finding
 * on a namespace the manifests hold no Namespace object for: the namespace's name, in the file of
 * its first object).
 */
function violationsOf(findings: readonly Finding[], objects: readonly any[], sources: Map<any, string>): ValidationViolation[] {
  const byRef = new Map<string, any>();
  const firstInNamespace = new Map<string, any>();
  for (const o of objects) {
    const kind = String(o.kind ?? '');
    const namespace = isClusterScoped(apiGroup(o.apiVersion), kind) ? undefined : (o.metadata?.namespace || DEFAULT_NAMESPACE);
    const name = typeof o.metadata?.name === 'string' && o.metadata.name !== '' ? o.metadata.name : UNNAMED;
    const ref = objectRef(kind, name, namespace);
    if (!byRef.has(ref)) byRef.set(ref, o);
    if (namespace !== undefined && !firstInNamespace.has(namespace)) firstInNamespace.set(namespace, o);
  }
  const rules = new Map<string, LintRuleInfo>(Linter.rules().map(r => [r.id, r]));
  const grouped = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.rule}\u0000${f.severity}`;
    pushTo(grouped, key, f);
  }
  const out: ValidationViolation[] = [];
  for (const list of grouped.values()) {
    const rule = rules.get(list[0].rule);
    out.push({
      ruleName: `${list[0].rule} (${list[0].severity})`,
      recommendation: rule?.summary ?? list[0].rule,
      fix: rule?.explanation ?? '',
      violatingResources: list.map(f => {
        let o = byRef.get(f.object);
        let resourceName = o?.metadata?.name;
        if (!o && f.object.startsWith('Namespace/')) {
          resourceName = f.object.slice('Namespace/'.length);
          o = firstInNamespace.get(resourceName);
        }
        return {
          resourceName: String(resourceName ?? f.object),
          locations: [f.message],
          manifestPath: (o && sources.get(o)) ?? '',
        };
      }),
    });
  }
  return out;
}
