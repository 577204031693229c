/**
 * Rule `network-policy-peer-selects-nothing`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors
 */
import { hasOwn } from '../../_collections';
import { LintContext, NAMESPACE_NAME_LABEL } from '../_context';
import { peerPath, policyPeers } from '../_policies';
import type { LintRule, Violation } from '../_rule';
import { asLabels, formatSelector, isEmptySelector, Labels, matchesLabelSelector, pinnedValues } from '../_selectors';
import { listWords } from '../_services';
import { Severity } from '../finding';

interface Pod {
  readonly namespace: string;
  readonly labels: Labels;
  /** `Deployment`, or `assumed` for a workload the analyzer assumes. */
  readonly kind: string;
  /** `production/api`: the object's own namespace and name (a Pod of a dump: `production/api-7d4b9c8f6-x7k2p`). */
  readonly object: string;
}

/** The rule. */
export const networkPolicyPeerSelectsNothing: LintRule = {
  id: 'network-policy-peer-selects-nothing',
  severity: Severity.WARNING,
  summary: 'A NetworkPolicy peer (podSelector / namespaceSelector) that matches no pod or namespace of the manifests',
  explanation:
    'A peer that selects nothing allows nothing: the connection it was written for stays denied, usually because of a label typo, '
    + 'a selector on a label the namespace does not carry (name=production instead of kubernetes.io/metadata.name=production), '
    + 'or pods that moved. A podSelector alone selects pods of the policy\'s namespace; with a namespaceSelector, pods of the '
    + 'matching namespaces. Only what the manifests describe is judged: a peer into a namespace the manifests do not describe is '
    + 'skipped, and the cluster components the reachability analyzer assumes (CoreDNS in kube-system, the ingress controller, '
    + 'cert-manager\'s ACME solvers, extra workloads of the options) count as pods.',
  check(context: LintContext): Violation[] {
    const podsByNs = new Map<string, Pod[]>();
    const addPod = (p: Pod) => {
      const list = podsByNs.get(p.namespace);
      if (list) list.push(p);
      else podsByNs.set(p.namespace, [p]);
    };
    for (const w of context.workloads) addPod({ namespace: w.namespace, labels: w.podLabels, kind: w.kind, object: `${w.namespace}/${w.name}` });
    const extraNsLabels = new Map<string, Labels>();
    if (context.networkPolicies.length > 0) {
      for (const a of context.assumed) {
        addPod({ namespace: a.namespace, labels: a.podLabels, kind: 'assumed', object: a.workload });
        extraNsLabels.set(a.namespace, Object.assign({}, extraNsLabels.get(a.namespace), a.namespaceLabels));
      }
    }
    // Object.assign, not a spread: see copyRecord on hidden classes (the keys are valid label keys).
    const nsLabels = (ns: string): Labels =>
      Object.assign({}, context.namespaces.get(ns)?.labels, extraNsLabels.get(ns), { [NAMESPACE_NAME_LABEL]: ns });
    const labelsKnown = (ns: string) => context.namespaces.get(ns)?.object !== undefined;
    const podsIn = (ns: string) => podsByNs.get(ns) ?? [];

    const matchCache = new Map<string, boolean>();
    const anyPodMatches = (podSelector: any, ns: string): boolean => {
      const key = `${ns}\u0000${JSON.stringify(podSelector)}`;
      let hit = matchCache.get(key);
      if (hit === undefined) {
        hit = podsIn(ns).some(p => matchesLabelSelector(podSelector, p.labels));
        matchCache.set(key, hit);
      }
      return hit;
    };

    const judgePods = (podSelector: any, namespaces: string[]): string | undefined => {
      if (isEmptySelector(podSelector)) return undefined;
      if (namespaces.some(ns => anyPodMatches(podSelector, ns))) return undefined;
      const matchLabels = asLabels(podSelector?.matchLabels);
      const keys = Object.keys(matchLabels);
      const near = namespaces.flatMap(podsIn).find(p => keys.some(k => k in p.labels));
      const hint = near ? ` (${near.kind} ${near.object} has ${keys.filter(k => hasOwn(near.labels, k)).map(k => `${k}=${near.labels[k]}`).join(', ')})` : '';
      return `podSelector ${formatSelector(podSelector)} matches no pod in ${listWords(namespaces)}${hint}; fix the selector or the pod labels`;
    };

    const judge = (peer: any, policyNs: string): string | undefined => {
      if (!peer || typeof peer !== 'object' || peer.ipBlock) return undefined;
      const nsSel = peer.namespaceSelector;
      if (nsSel === undefined || nsSel === null) return judgePods(peer.podSelector, [policyNs]);
      const pinned = pinnedValues(nsSel, NAMESPACE_NAME_LABEL);
      if (!pinned) {
        // Not pinned to names: namespaces outside the manifests may match, except for the classic
        // mistake of selecting a namespace of the manifests by its name under another label key.
        const described = [...context.namespaces.keys()].filter(labelsKnown);
        if (described.some(ns => matchesLabelSelector(nsSel, nsLabels(ns)))) return undefined;
        const byName = Object.entries(asLabels(nsSel.matchLabels))
          .find(([k, v]) => k !== NAMESPACE_NAME_LABEL && labelsKnown(v) && !(k in nsLabels(v)));
        if (!byName) return undefined;
        const [key, value] = byName;
        return `namespaceSelector ${formatSelector(nsSel)} matches no namespace: Namespace ${value} has no label ${key}; `
          + `select it with ${NAMESPACE_NAME_LABEL}=${value} or add the label to the Namespace`;
      }
      if (pinned.length === 0) {
        return `namespaceSelector ${formatSelector(nsSel)} contradicts itself on ${NAMESPACE_NAME_LABEL} and matches no namespace; fix the selector`;
      }
      if (pinned.some(ns => !context.namespaces.has(ns))) return undefined; // a namespace the manifests do not describe
      const matched: string[] = [];
      const missing: string[] = [];
      for (const ns of pinned) {
        if (matchesLabelSelector(nsSel, nsLabels(ns))) matched.push(ns);
        else if (!labelsKnown(ns)) return undefined; // its labels are not in the manifests
        else missing.push(ns);
      }
      if (matched.length === 0) {
        return `namespaceSelector ${formatSelector(nsSel)} matches no namespace: Namespace ${listWords(missing)} lacks the other labels it requires; `
          + 'fix the selector or label the Namespace';
      }
      return judgePods(peer.podSelector, matched);
    };

    const out: Violation[] = [];
    for (const policy of context.networkPolicies) {
      for (const at of policyPeers(policy.raw)) {
        const peer = at.peer;
        const problem = judge(peer, policy.namespace);
        if (problem) out.push({ object: policy.ref, message: `NetworkPolicy ${policy.namespace}/${policy.name} ${peerPath(at)}: ${problem}` });
      }
    }
    return out;
  },
};
