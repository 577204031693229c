/**
 * The shape of a lint rule (internal).
 *
 * Rules are data in the cdk-nag manner: an id, a severity, a one-line summary, an explanation, and
 * a pure `check` over the parsed manifests. The engine adds the rule id and severity to each
 * violation, so a rule cannot report under another rule's name or level.
 */
import type { LintContext } from './_context';
import type { Severity } from './finding';

/** One violation reported by a rule: the object it concerns and what to change. */
export interface Violation {
  /** `Kind/namespace/name` or `Kind/name`. */
  readonly object: string;
  /** What is wrong and what to change. */
  readonly message: string;
}

/** A lint rule. */
export interface LintRule {
  /** kebab-case id, unique among the rules. */
  readonly id: string;
  /** Severity of every violation of the rule. */
  readonly severity: Severity;
  /** One line: what the rule catches. */
  readonly summary: string;
  /** Why it matters and how to fix it. */
  readonly explanation: string;
  /** Reports the violations found in the manifests; must not modify the context. */
  check(context: LintContext): Violation[];
}
