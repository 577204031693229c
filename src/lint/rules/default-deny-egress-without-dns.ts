/**
 * Rule `default-deny-egress-without-dns`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-egress-traffic
 */
import { isIpAddress } from '../../_validate';
import { DNS_LABELS, DNS_NAMESPACE } from '../../analysis/_model';
import { selectorMatches } from '../../analysis/_selector';
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

/** The API server's secure port as kubeadm and most distributions serve it on the control-plane nodes. */
const API_SERVER_PORT = 6443;

/**
 * Whether the NetworkPolicies isolating `w` for egress allow it only the API server's ports — TCP
 * 6443, and 443 beside it — in every rule: an operator that talks to the API server alone, through
 * its in-cluster configuration (`KUBERNETES_SERVICE_HOST`, an IP address), and looks up no name
 * (MetalLB's controller ships such a policy). Port 443 alone is not taken as such: it is any
 * HTTPS server's port, usually reached by name.
 *
 * @see https://kubernetes.io/docs/tasks/run-application/access-api-from-pod/
 */
function talksToApiServerOnly(context: LintContext, w: WorkloadEntry): boolean {
  const ranges: Array<[string, number, number]> = [];
  for (const policy of context.networkPolicies) {
    if (policy.namespace !== w.namespace) continue;
    const compiled = context.policies.compile({ id: `${policy.namespace}/${policy.name}`, namespace: policy.namespace, name: policy.name, object: policy.raw }, []);
    if (!compiled?.egress || !selectorMatches(compiled.podSelector, w.podLabels)) continue;
    for (const rule of compiled.egress) {
      if (rule.ports.hasNamedPorts()) return false;
      ranges.push(...rule.ports.resolve());
    }
  }
  const apiPort = (port: number) => ([proto, from, to]: [string, number, number]) => proto === 'TCP' && from === port && to === port;
  return ranges.some(apiPort(API_SERVER_PORT)) && ranges.every(r => apiPort(API_SERVER_PORT)(r) || apiPort(443)(r));
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
    + 'pods (which NetworkPolicy implementations commonly leave out) are not checked, nor are pods whose egress policies allow them '
    + `only the API server's port (TCP ${API_SERVER_PORT}, with 443 beside it): an operator that reaches the API server by the address `
    + 'of its in-cluster configuration looks up no name. '
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
      if (resolves || talksToApiServerOnly(context, w)) continue;
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
