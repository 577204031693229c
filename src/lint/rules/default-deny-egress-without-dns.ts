/**
 * Rule `default-deny-egress-without-dns`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic
 */
import { DNS_LABELS, DNS_NAMESPACE } from '../../analysis/_model';
import type { LintContext, WorkloadEntry } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { matchesLabelMap } from '../_selectors';
import { describeWorkload, listWords } from '../_services';
import { Severity } from '../finding';

/** The link-local address NodeLocal DNSCache listens on. */
const NODE_LOCAL_DNS = '169.254.20.10';

/** The rule. */
export const defaultDenyEgressWithoutDns: LintRule = {
  id: 'default-deny-egress-without-dns',
  severity: Severity.ERROR,
  summary: 'A namespace whose egress-isolated pods cannot reach the cluster DNS',
  explanation:
    'A NetworkPolicy with Egress in policyTypes isolates the pods it selects for egress: they may then send only what some policy allows. '
    + 'Name lookups are egress too (UDP, and TCP for large answers, to port 53 of the CoreDNS pods), so a default-deny egress policy '
    + 'without a DNS allowance breaks every connection made by name. Add an egress policy that lets the pods send UDP and TCP 53 to '
    + 'pods k8s-app=kube-dns in namespace kube-system (namespaceSelector AND podSelector in one peer), as ZeroTrustNamespace does. '
    + `Reaching a NodeLocal DNSCache (${NODE_LOCAL_DNS}) on UDP 53 counts as reaching DNS. `
    + 'Checked with the reachability analyzer against the CoreDNS it assumes (or a kube-dns workload of the manifests).',
  check(context: LintContext): Violation[] {
    const r = context.reachability;
    const dns: string[] = r.workloads.filter(id => id === `${DNS_NAMESPACE}/coredns`);
    for (const w of context.workloadsIn(DNS_NAMESPACE)) {
      if (matchesLabelMap(DNS_LABELS, w.podLabels)) dns.push(w.workload);
    }
    if (dns.length === 0) return [];
    const failing = new Map<string, WorkloadEntry[]>();
    for (const w of context.workloads) {
      if (dns.includes(w.workload)) continue;
      const resolves = dns.some(target => r.canReach(w.workload, target, 53, 'UDP')) || r.canReachAddress(w.workload, NODE_LOCAL_DNS, 53, 'UDP');
      if (resolves) continue;
      const list = failing.get(w.namespace) ?? [];
      list.push(w);
      failing.set(w.namespace, list);
    }
    const out: Violation[] = [];
    for (const [namespace, workloads] of failing) {
      const names = workloads.map(describeWorkload);
      out.push({
        object: context.namespaces.get(namespace)?.object?.ref ?? `Namespace/${namespace}`,
        message: `Namespace ${namespace}: ${listWords(names)} cannot reach DNS (${dns[0]} UDP 53) under the egress policies of ${namespace}, so name lookups fail; `
          + `add an egress NetworkPolicy allowing UDP and TCP 53 to pods ${Object.entries(DNS_LABELS).map(([k, v]) => `${k}=${v}`).join(', ')} in namespace ${DNS_NAMESPACE}`,
      });
    }
    return out;
  },
};
