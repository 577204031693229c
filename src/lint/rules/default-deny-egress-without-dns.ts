/**
 * Rule `default-deny-egress-without-dns`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic
 */
import { isIpAddress } from '../../_validate';
import { DNS_LABELS, DNS_NAMESPACE } from '../../analysis/_model';
import type { LintContext, WorkloadEntry } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { asArray, matchesLabelMap } from '../_selectors';
import { describeWorkload, listWords } from '../_services';
import { Severity } from '../finding';

/**
 * The link-local addresses NodeLocal DNSCache listens on: the documented default, and Kubespray's.
 *
 * @see https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/
 */
const NODE_LOCAL_DNS = ['169.254.20.10', '169.254.25.10'];

/** The IP addresses of a pod spec's `dnsConfig.nameservers`. */
function ownNameservers(podSpec: any): string[] {
  const servers = podSpec?.dnsConfig?.nameservers;
  return Array.isArray(servers) ? servers.filter((ip): ip is string => typeof ip === 'string' && isIpAddress(ip)) : [];
}

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
    + `Reaching a NodeLocal DNSCache (${NODE_LOCAL_DNS.join(' or ')}) on UDP 53 counts as reaching DNS. Pods with dnsPolicy None `
    + 'must reach one of their own dnsConfig.nameservers instead; pods with dnsPolicy Default (the node\'s resolver) and host-network '
    + 'pods (which NetworkPolicy implementations commonly leave out) are not checked. '
    + 'Checked with the reachability analyzer against the CoreDNS it assumes (or a kube-dns workload of the manifests).',
  check(context: LintContext): Violation[] {
    const r = context.reachability;
    const dns: string[] = r.workloads.filter(id => id === `${DNS_NAMESPACE}/coredns`);
    for (const w of context.workloadsIn(DNS_NAMESPACE)) {
      if (matchesLabelMap(DNS_LABELS, w.podLabels)) dns.push(w.workload);
    }
    if (dns.length === 0) return [];
    const failing = new Map<string, WorkloadEntry[]>();
    const serviceIps = new Set(context.services.filter(svc => svc.namespace === DNS_NAMESPACE)
      .flatMap(svc => [svc.raw.spec?.clusterIP, ...asArray(svc.raw.spec?.clusterIPs)]).filter((ip): ip is string => typeof ip === 'string'));
    for (const w of context.workloads) {
      if (dns.includes(w.workload)) continue;
      // Host-network pods: "the most common implementation" leaves them out of NetworkPolicy.
      if (w.podSpec?.hostNetwork === true) continue;
      const dnsPolicy = w.podSpec?.dnsPolicy;
      // dnsPolicy Default: the node's resolver, which the manifests do not tell.
      if (dnsPolicy === 'Default') continue;
      const clusterDns = () => dns.some(target => r.canReach(w.workload, target, 53, 'UDP'));
      const resolves = dnsPolicy === 'None'
        // dnsPolicy None: only the pod's own dnsConfig.nameservers are asked; a Service's cluster IP
        // among them (the kube-dns Service's) reaches that Service's pods, which NetworkPolicy sees.
        ? ownNameservers(w.podSpec).some(ip => (serviceIps.has(ip) ? clusterDns() : r.canReachAddress(w.workload, ip, 53, 'UDP')))
        : clusterDns() || NODE_LOCAL_DNS.some(ip => r.canReachAddress(w.workload, ip, 53, 'UDP'));
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
