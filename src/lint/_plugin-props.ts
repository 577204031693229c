/**
 * The run-time spec of `NetworkPatternsValidation`'s properties (internal; `_config.ts` then checks
 * rule ids, severities and workloads).
 */
import { arrayOf, bool, Checker, LINT_OPTIONS, show, Spec, str, struct } from '../_check';

/** An entry of `assumeWorkloads`: the `<namespace>[/<name>]:<labels>` shorthand or an object. */
const assumedWorkload: Checker = (owner, what, value) => {
  if (typeof value !== 'string' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    throw new Error(`${owner}: ${what} must be a '<namespace>[/<name>]:<key>=<value>' string or a { namespace, name, podLabels } object, got ${show(value)}`);
  }
};

/** The types of the plugin's properties (`_config.ts` then checks rule ids, severities and workloads). */
export const PLUGIN_PROPS: Spec = {
  lint: struct({
    disable: LINT_OPTIONS.disabledRules,
    severity: LINT_OPTIONS.severityOverrides,
    acknowledgements: LINT_OPTIONS.acknowledgements,
  }),
  assumeWorkloads: arrayOf(assumedWorkload, { noun: 'assumed workloads' }),
  failOnWarnings: bool,
  logFlows: bool,
  config: str({ nonEmpty: true, hint: 'give the file name of a .netpatterns.yaml' }),
};
