/**
 * The data of the synth-time checks: severities, findings, acknowledgements and rule metadata.
 */

/**
 * How serious a lint finding is.
 *
 * An `ERROR` is a mistake that breaks traffic, fails admission or makes the manifests ambiguous:
 * it fails synthesis of this library's constructs and makes `netpatterns lint` exit 1. A `WARNING`
 * is very likely a mistake but can be intended.
 */
export enum Severity {
  /** Fails synthesis and `netpatterns lint`. */
  ERROR = 'error',
  /** Reported, but does not fail. */
  WARNING = 'warning',
}

/**
 * One problem found by a lint rule in a set of Kubernetes manifests.
 */
export interface Finding {
  /** How serious the problem is (the rule's severity). */
  readonly severity: Severity;
  /** The kebab-case id of the rule that found it, e.g. `service-selector-matches-nothing`. */
  readonly rule: string;
  /**
   * The object the problem is reported on: `Kind/namespace/name`, or `Kind/name` for
   * cluster-scoped objects (`Namespace/production`).
   */
  readonly object: string;
  /** What is wrong and what to change. */
  readonly message: string;
}

/**
 * A decision to accept the findings of one rule, with the reason why.
 *
 * As in cdk-nag, a finding can only be silenced with a written reason, so a reviewer can judge it.
 */
export interface Acknowledgement {
  /** The id of the rule to acknowledge, e.g. `missing-readiness-probe`. */
  readonly rule: string;
  /**
   * The object whose findings are acknowledged (`Kind/namespace/name`, or `Kind/name`).
   *
   * @default - every object
   */
  readonly object?: string;
  /** Why the finding is acceptable; must not be empty. */
  readonly reason: string;
}

/**
 * What a lint rule checks, for documentation and tooling.
 */
export interface LintRuleInfo {
  /** The kebab-case id of the rule. */
  readonly id: string;
  /** The severity of every finding of the rule. */
  readonly severity: Severity;
  /** One line: what the rule catches. */
  readonly summary: string;
  /** Why it matters and how to fix it. */
  readonly explanation: string;
}
