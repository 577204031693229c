/**
 * Rule `network-policy-peer-any-namespace`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
 */
import { NAMESPACE_NAME_LABEL } from '../_context';
import type { LintContext } from '../_context';
import { peerPath, policyPeers } from '../_policies';
import type { LintRule, Violation } from '../_rule';
import { formatSelector, isEmptySelector } from '../_selectors';
import { Severity } from '../finding';

/** The rule. */
export const networkPolicyPeerAnyNamespace: LintRule = {
  id: 'network-policy-peer-any-namespace',
  severity: Severity.WARNING,
  summary: 'A NetworkPolicy peer with namespaceSelector: {} and pod labels, which admits pods carrying those labels in any namespace',
  explanation:
    'An empty namespaceSelector selects every namespace, so the peer matches every pod of the cluster that carries the podSelector\'s '
    + 'labels. Anyone who may create a pod in any namespace can give it those labels and pass the policy. Pin the namespace: '
    + `namespaceSelector.matchLabels ${NAMESPACE_NAME_LABEL}: <namespace> (AND the podSelector, in the same peer element).`,
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const policy of context.networkPolicies) {
      for (const at of policyPeers(policy.raw)) {
        const peer = at.peer;
        if (!peer || typeof peer !== 'object' || !peer.namespaceSelector || typeof peer.namespaceSelector !== 'object') continue;
        if (!isEmptySelector(peer.namespaceSelector) || isEmptySelector(peer.podSelector)) continue;
        out.push({
          object: policy.ref,
          message: `NetworkPolicy ${policy.namespace}/${policy.name} ${peerPath(at)}: namespaceSelector {} with podSelector `
            + `${formatSelector(peer.podSelector)} matches pods with those labels in every namespace, which anyone creating pods can copy; `
            + `pin the namespace with namespaceSelector.matchLabels ${NAMESPACE_NAME_LABEL}: <namespace>`,
        });
      }
    }
    return out;
  },
};
