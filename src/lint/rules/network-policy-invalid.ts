/**
 * Rule `network-policy-invalid`.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
 */
import type { LintContext } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';

/** The rule. */
export const networkPolicyInvalid: LintRule = {
  id: 'network-policy-invalid',
  severity: Severity.ERROR,
  summary: 'A NetworkPolicy the API server (or kubectl) would reject: an invalid value, an unknown field, an unknown apiVersion',
  explanation:
    'The API server validates every NetworkPolicy: label selectors, CIDRs and except blocks, ports and endPort, policyTypes, the name. '
    + 'kubectl also refuses unknown fields (strict field validation since 1.27), so a typo such as `form:` for `from:` or '
    + '`podSelecter:` never applies — and, read leniently, it would turn a rule into allow-all or a selector into select-all. '
    + 'NetworkPolicy is served as networking.k8s.io/v1 only. Such a policy is not evaluated by the reachability analyzer '
    + '(it neither isolates nor allows), unless only its name is invalid: the name changes nothing the policy selects or allows, '
    + 'so it is evaluated as written; fix the field the message names.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const policy of context.networkPolicies) {
      const id = `${policy.namespace}/${policy.name}`;
      if (policy.raw.apiVersion !== 'networking.k8s.io/v1') {
        out.push({
          object: policy.ref,
          message: `NetworkPolicy ${id}: apiVersion '${policy.raw.apiVersion}' is not served (NetworkPolicy is networking.k8s.io/v1); use apiVersion networking.k8s.io/v1`,
        });
        continue;
      }
      const errors: string[] = [];
      const evaluated = context.policies.compile({ id, namespace: policy.namespace, name: policy.name, object: policy.raw }, errors) !== undefined;
      const consequence = evaluated ? 'the analyzer evaluates it as written' : 'the analyzer does not evaluate it';
      for (const error of errors) {
        out.push({ object: policy.ref, message: `NetworkPolicy ${id} ${error}; fix it: the API server rejects the policy, and ${consequence}` });
      }
    }
    return out;
  },
};
