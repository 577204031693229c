/**
 * The lint engine: runs every rule over a set of manifests.
 */
import type { IConstruct } from 'constructs';
import { acknowledges, recordAcknowledgement, validateAcknowledgement } from './_acknowledgements';
import { LintContext } from './_context';
import { Acknowledgement, Finding, LintRuleInfo, Severity } from './finding';
import { RULES } from './rules';
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
}

const SEVERITY_ORDER: { [s: string]: number } = { [Severity.ERROR]: 0, [Severity.WARNING]: 1 };

/**
 * Checks Kubernetes manifests for the classic Service, Ingress, NetworkPolicy and pod mistakes.
 *
 * Returns the findings of every rule, without the acknowledged ones, sorted by severity (errors
 * first), rule, object and message. The objects are plain JSON (as `ApiObject.toJson()` returns
 * them or as parsed from YAML); they are not modified.
 *
 * @param objects Kubernetes objects; anything without a `kind` is ignored
 * @throws when an acknowledgement names an unknown rule or has no reason
 */
export function lint(objects: any[], options: LintOptions = {}): Finding[] {
  const ruleIds = RULES.map(r => r.id);
  const acks = options.acknowledgements ?? [];
  for (const ack of acks) validateAcknowledgement('lint', ack, ruleIds);

  const context = new LintContext(objects ?? [], options.reachability);
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const rule of RULES) {
    for (const violation of rule.check(context)) {
      const finding: Finding = { severity: rule.severity, rule: rule.id, object: violation.object, message: violation.message };
      const key = `${finding.rule}\u0000${finding.object}\u0000${finding.message}`;
      if (seen.has(key) || acks.some(ack => acknowledges(ack, finding))) continue;
      seen.add(key);
      findings.push(finding);
    }
  }
  return findings.sort(compareFindings);
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
   * synthesis nor print a warning.
   *
   * @param scope the construct whose `ApiObject`s (itself and everything under it) are covered
   * @param rule the rule id, e.g. `missing-readiness-probe`
   * @param reason why the finding is acceptable; required
   * @param object only this object (`Kind/namespace/name` or `Kind/name`); default: every object under `scope`
   * @throws when the reason is empty or the rule does not exist
   */
  public static acknowledge(scope: IConstruct, rule: string, reason: string, object?: string): void {
    const ack: Acknowledgement = object === undefined ? { rule, reason } : { rule, reason, object };
    validateAcknowledgement('Linter.acknowledge', ack, RULES.map(r => r.id));
    recordAcknowledgement(scope, ack);
  }

  private constructor() {}
}
