/**
 * The lint engine: runs every rule over a set of manifests.
 */
import type { IConstruct } from 'constructs';
import { arrayOf, checkArg, checkProps, construct, LINT_OPTIONS, required } from '../_check';
import { acknowledges, recordAcknowledgement, validateAcknowledgement, writeAcknowledgementAnnotations } from './_acknowledgements';
import { annotatedReason } from './_annotations';
import { LintContext, ObjectEntry } from './_context';
import { Acknowledgement, Finding, LintRuleInfo, Severity } from './finding';
import { RULES } from './rules';
import { pushTo } from '../_collections';
import { compare } from '../_vocabulary';
import type { ReachabilityOptions } from '../analysis/reachability';

/**
 * Options for `lint()` and `Linter.run()`.
 */
export interface LintOptions {
  /**
   * Findings to leave out, each with the reason why.
   *
   * @default - none
   */
  readonly acknowledgements?: Acknowledgement[];

  /**
   * Options of the NetworkPolicy analysis behind the reachability rules
   * (`default-deny-egress-without-dns`, `workload-unreachable-behind-service`,
   * `network-policy-peer-selects-nothing`): which cluster components to assume.
   *
   * @default - the analyzer's defaults: CoreDNS, the ingress-nginx controller and ACME solvers are assumed
   */
  readonly reachability?: ReachabilityOptions;

  /**
   * Rules not to run, by id (e.g. `missing-readiness-probe`).
   *
   * @default - every rule runs
   */
  readonly disabledRules?: string[];

  /**
   * A severity per rule id, replacing the rule's own (e.g. `{ 'image-latest-or-untagged':
   * Severity.WARNING }`): `lint` then reports every finding of that rule at that severity.
   *
   * @default - each rule's own severity (see `Linter.rules()`)
   */
  readonly severityOverrides?: { [rule: string]: Severity };
}

const SEVERITY_ORDER: { [s: string]: number } = { [Severity.ERROR]: 0, [Severity.WARNING]: 1 };

/**
 * Checks Kubernetes manifests for the classic Service, Ingress, NetworkPolicy and pod mistakes.
 *
 * Returns the findings of every rule that is not disabled, without the acknowledged ones, sorted
 * by severity (errors first), rule, object and message. The objects are plain JSON (as
 * `ApiObject.toJson()` returns them or as parsed from YAML); they are not modified.
 *
 * What the objects themselves say is honoured (see `Linter.acknowledge` and the README section
 * "Annotations"): a finding is acknowledged when its object carries the annotation
 * `netpatterns.dev/acknowledge.<rule>` with a reason (a finding on a namespace without a
 * Namespace object: when an object of that namespace carries it), and the workloads of
 * `netpatterns.dev/assume-workloads` annotations are added to `reachability.extraWorkloads`.
 *
 * @param objects Kubernetes objects; anything without a `kind` is ignored
 * @throws when an acknowledgement names an unknown rule or has no reason, or when
 * `disabledRules` or `severityOverrides` name an unknown rule or severity
 */
export function lint(objects: any[], options: LintOptions = {}): Finding[] {
  checkArg('lint', 'objects', objects, required(arrayOf(() => {}, { noun: 'Kubernetes objects' })));
  checkProps('lint', options, LINT_OPTIONS, 'options');
  const ruleIds = RULES.map(r => r.id);
  const acks = options.acknowledgements ?? [];
  for (const ack of acks) validateAcknowledgement('lint', ack, ruleIds);
  const disabled = validateDisabledRules('lint', options.disabledRules, ruleIds);
  const severities = validateSeverityOverrides('lint', options.severityOverrides, ruleIds);

  const input = objects ?? [];
  const context = new LintContext(input, options.reachability, { declaredInAnnotations: true });
  const annotated = annotationAcknowledger(context);
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (disabled.has(rule.id)) continue;
    const severity = severities[rule.id] ?? rule.severity;
    for (const violation of rule.check(context)) {
      const finding: Finding = { severity, rule: rule.id, object: violation.object, message: violation.message };
      const key = `${finding.rule}\u0000${finding.object}\u0000${finding.message}`;
      if (seen.has(key) || acks.some(ack => acknowledges(ack, finding)) || annotated(finding)) continue;
      seen.add(key);
      findings.push(finding);
    }
  }
  return findings.sort(compareFindings);
}

/** The ids of `disabledRules`, checked. */
function validateDisabledRules(owner: string, rules: unknown, ruleIds: readonly string[]): Set<string> {
  if (rules === undefined || rules === null) return new Set();
  if (!Array.isArray(rules)) {
    throw new Error(`${owner}: disabledRules must be a list of rule ids, got ${JSON.stringify(rules)}`);
  }
  for (const rule of rules) {
    if (typeof rule !== 'string' || !ruleIds.includes(rule)) {
      throw new Error(`${owner}: disabledRules names unknown rule ${JSON.stringify(rule)}; use one of ${ruleIds.join(', ')}`);
    }
  }
  return new Set(rules as string[]);
}

/** `severityOverrides`, checked. */
function validateSeverityOverrides(owner: string, overrides: unknown, ruleIds: readonly string[]): { [rule: string]: Severity } {
  if (overrides === undefined || overrides === null) return {};
  if (typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new Error(`${owner}: severityOverrides must map rule ids to 'error' or 'warning', got ${JSON.stringify(overrides)}`);
  }
  const levels: string[] = Object.values(Severity);
  for (const [rule, level] of Object.entries(overrides as object)) {
    if (!ruleIds.includes(rule)) {
      throw new Error(`${owner}: severityOverrides names unknown rule '${rule}'; use one of ${ruleIds.join(', ')}`);
    }
    if (typeof level !== 'string' || !levels.includes(level)) {
      throw new Error(`${owner}: severityOverrides of rule '${rule}' is ${JSON.stringify(level)}; use 'error' or 'warning'`);
    }
  }
  return overrides as { [rule: string]: Severity };
}

/**
 * Whether the manifests acknowledge a finding through a `netpatterns.dev/acknowledge.<rule>`
 * annotation on its object — or, for a finding on a namespace the manifests hold no Namespace
 * object for, on an object of that namespace.
 */
function annotationAcknowledger(context: LintContext): (finding: Finding) => boolean {
  let byRef: Map<string, ObjectEntry[]> | undefined;
  let byNamespace: Map<string, ObjectEntry[]> | undefined;
  const index = () => {
    byRef = new Map();
    byNamespace = new Map();
    for (const o of context.objects) {
      pushTo(byRef, o.ref, o);
      if (o.namespace !== undefined) pushTo(byNamespace, o.namespace, o);
    }
  };
  return (finding) => {
    if (!byRef || !byNamespace) index();
    let owners = byRef!.get(finding.object) ?? [];
    if (owners.length === 0 && finding.object.startsWith('Namespace/')) {
      owners = byNamespace!.get(finding.object.slice('Namespace/'.length)) ?? [];
    }
    return owners.some(o => annotatedReason(o.raw, finding.rule) !== undefined);
  };
}

/** The order of `lint()` results: severity (errors first), rule, object, message. */
function compareFindings(a: Finding, b: Finding): number {
  return (SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
    || compare(a.rule, b.rule) || compare(a.object, b.object) || compare(a.message, b.message);
}

/**
 * Synth-time checks of Kubernetes manifests, in class form (for jsii languages).
 *
 * @example
 * const findings = Linter.run(objects);
 * Linter.acknowledge(chart, 'missing-readiness-probe', 'the batch worker serves no traffic');
 */
export class Linter {
  /**
   * Runs every rule over `objects`; the same as `lint(objects, options)`.
   *
   * @param objects Kubernetes objects as plain JSON
   */
  public static run(objects: any[], options: LintOptions = {}): Finding[] {
    return lint(objects, options);
  }

  /** The id, severity, summary and explanation of every rule. */
  public static rules(): LintRuleInfo[] {
    return RULES.map(r => ({ id: r.id, severity: r.severity, summary: r.summary, explanation: r.explanation }));
  }

  /**
   * Acknowledges the findings of `rule` for the objects synthesized under `scope`.
   *
   * The chart validation of this library's constructs honours it: such findings neither fail
   * synthesis nor print a warning. It is also written into the synthesized YAML, so that
   * `netpatterns lint` and `NetworkPatternsValidation` honour it there: every `ApiObject` under
   * `scope` (the one named by `object`, when given) gets the annotation
   * `netpatterns.dev/acknowledge.<rule>: <reason>` (several reasons for one rule are joined with
   * `; `). The annotations are written when the App validates, before it renders, so objects
   * created under `scope` after this call are covered too.
   *
   * @param scope the construct whose `ApiObject`s (itself and everything under it) are covered
   * @param rule the rule id, e.g. `missing-readiness-probe`
   * @param reason why the finding is acceptable; required
   * @param object only this object (`Kind/namespace/name` or `Kind/name`); default: every object under `scope`
   * @throws when the reason is empty or the rule does not exist
   */
  public static acknowledge(scope: IConstruct, rule: string, reason: string, object?: string): void {
    checkArg('Linter.acknowledge', 'scope', scope, required(construct));
    const ack: Acknowledgement = object === undefined ? { rule, reason } : { rule, reason, object };
    validateAcknowledgement('Linter.acknowledge', ack, RULES.map(r => r.id));
    recordAcknowledgement(scope, ack);
    writeAcknowledgementAnnotations(scope);
  }

  private constructor() {}
}
