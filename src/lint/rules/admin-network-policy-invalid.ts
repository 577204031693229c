/**
 * Rule `admin-network-policy-invalid`.
 *
 * @see https://network-policy-api.sigs.k8s.io/reference/spec/
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
 */
import { AdminKind, compileAdminPolicy, DOMAIN_NAMES_NOT_ALLOW_NOTE, MISSING_SELECTOR_NOTE, NAMED_PORT_TO_ADDRESS_NOTE, UNKNOWN_PROTOCOL_NOTE } from '../../analysis/_tiers';
import type { LintContext } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';

/** The rule. */
export const adminNetworkPolicyInvalid: LintRule = {
  id: 'admin-network-policy-invalid',
  severity: Severity.ERROR,
  summary: 'An AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy the API server would reject: an invalid value, an unknown field, an unknown apiVersion',
  explanation:
    'The policy.networking.k8s.io/v1alpha1 CRDs validate every AdminNetworkPolicy and BaselineAdminNetworkPolicy: the priority '
    + '(0-1000), the subject (exactly one of namespaces or pods), the rule actions (Allow, Deny, Pass; no Pass in a baseline), '
    + 'at most 100 rules a direction, peers and ports (exactly one field each), networks CIDRs, rule names; a '
    + 'BaselineAdminNetworkPolicy must be named `default`. The policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy CRD likewise '
    + 'checks its tier (Admin or Baseline), priority, subject, actions (Accept, Deny, Pass), at most 25 rules, peers and protocol '
    + 'entries a rule, and port ranges (start less than end). kubectl also refuses unknown fields (strict field validation), so '
    + 'a typo never applies. Such a policy is not evaluated by the reachability analyzer (it neither allows nor denies); '
    + 'fix the field the message names. Two exceptions, evaluated as other analyzers read them and still reported: a `pods` '
    + 'subject or peer without its namespaceSelector or podSelector (both required) is read as `{}` there, and a rule with '
    + '`networks` / `nodes` / `domainNames` peers and named ports (which the CRD refuses) is evaluated as written, its named '
    + 'ports matching pods only. Also reported, though the CRD accepts them: a port protocol other than TCP, UDP or SCTP '
    + '(`tcp`), which no traffic has, and a `domainNames` peer outside an Allow (Accept) rule ("only supported for ALLOW rules"); '
    + 'both are evaluated as matching nothing.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const entry of context.manifests.latest) {
      const clusterPolicy = entry.kind === 'ClusterNetworkPolicy' && entry.group === 'policy.networking.k8s.io';
      if (entry.kind !== 'AdminNetworkPolicy' && entry.kind !== 'BaselineAdminNetworkPolicy' && !clusterPolicy) continue;
      const errors: string[] = [];
      const notes: string[] = [];
      compileAdminPolicy({ kind: entry.kind as AdminKind, name: entry.name, object: entry.raw }, errors, notes);
      for (const error of errors) {
        out.push({
          object: entry.ref,
          message: `${entry.kind} ${entry.name} ${error}; fix it: the API server rejects the policy, and the analyzer does not evaluate it`,
        });
      }
      if (errors.length === 0) {
        for (const note of notes.filter(n => n.includes(MISSING_SELECTOR_NOTE))) {
          out.push({ object: entry.ref, message: `${entry.kind} ${entry.name} ${note}; fix it: write the selector ({} selects all)` });
        }
        for (const note of notes.filter(n => n.includes(NAMED_PORT_TO_ADDRESS_NOTE))) {
          out.push({ object: entry.ref, message: `${entry.kind} ${entry.name} ${note}; fix it: give the addresses port numbers in a rule of their own` });
        }
        for (const note of notes.filter(n => n.includes(UNKNOWN_PROTOCOL_NOTE))) {
          out.push({ object: entry.ref, message: `${entry.kind} ${entry.name} ${note}; fix it: write TCP, UDP or SCTP in capitals` });
        }
        for (const note of notes.filter(n => n.includes(DOMAIN_NAMES_NOT_ALLOW_NOTE))) {
          out.push({ object: entry.ref, message: `${entry.kind} ${entry.name} ${note}; fix it: deny the addresses with a networks peer, or allow the names in an ${clusterPolicy ? 'Accept' : 'Allow'} rule` });
        }
      }
    }
    return out;
  },
};
