/**
 * Rule `workload-unreachable-behind-service`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import * as ipaddr from 'ipaddr.js';
import type { LintContext, ServiceEntry, WorkloadEntry } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { asArray } from '../_selectors';
import { describeServicePort, describeWorkload, listWords, portsMatching, serviceTargets } from '../_services';
import { Severity } from '../finding';

/** Addresses standing for "anywhere outside the cluster". */
const ANYWHERE = ['0.0.0.0', '::', '203.0.113.1', '2001:db8::1'];

/**
 * Addresses to try for an ipBlock: its first and last address, and the addresses just outside
 * each `except` block (the first or last address may lie in an except).
 */
export function ipBlockProbes(ipBlock: any): string[] {
  const out: string[] = [];
  try {
    const cidr = String(ipBlock?.cidr ?? '');
    const kind = ipaddr.parseCIDR(cidr)[0].kind();
    const family = kind === 'ipv4' ? ipaddr.IPv4 : ipaddr.IPv6;
    out.push(family.networkAddressFromCIDR(cidr).toString(), family.broadcastAddressFromCIDR(cidr).toString());
    for (const except of asArray(ipBlock?.except).map(String)) {
      if (!family.isValidCIDR(except)) continue;
      const around = [step(family.networkAddressFromCIDR(except), -1), step(family.broadcastAddressFromCIDR(except), +1)];
      out.push(...around.filter((a): a is string => a !== undefined));
    }
  } catch {
    // An invalid cidr: the analyzer reports the policy in its problems.
  }
  return out;
}

/** The address one below or above `address`, or undefined at the edge of the address space. */
function step(address: ipaddr.IPv4 | ipaddr.IPv6, delta: 1 | -1): string | undefined {
  const bytes = address.toByteArray();
  for (let i = bytes.length - 1; i >= 0; i--) {
    const v = bytes[i] + delta;
    if (v >= 0 && v <= 255) {
      bytes[i] = v;
      return ipaddr.fromByteArray(bytes).toString();
    }
    bytes[i] = delta > 0 ? 0 : 255;
  }
  return undefined;
}

/** The rule. */
export const workloadUnreachableBehindService: LintRule = {
  id: 'workload-unreachable-behind-service',
  severity: Severity.WARNING,
  summary: 'A workload exposed by a Service that, under its namespace\'s NetworkPolicies, nothing may reach on the Service\'s target port',
  explanation:
    'When a NetworkPolicy isolates pods for ingress (a default-deny namespace), only what some policy allows reaches them, whatever Services exist. '
    + 'A Service in front of pods that no workload of the manifests (nor the assumed cluster DNS, ingress controller or ACME solvers) '
    + 'and no outside address may reach on the target port is dead weight, or a missing allow rule: add an ingress rule for the clients '
    + '(ExposedApp connectTo, an ingress or load-balancer exposure), or remove the Service. '
    + 'Checked with the reachability analyzer on the declared container ports the Service targets, from every workload, '
    + 'from outside addresses and from the addresses of the ipBlocks of the policies.',
  check(context: LintContext): Violation[] {
    const r = context.reachability;
    const reached = new Set(r.toJson().flows.map(f => `${f.to}|${f.port}|${f.protocol}`));
    const probes = new Map<string, string[]>();
    const policiesByNamespace = new Map<string, typeof context.networkPolicies>();
    for (const policy of context.networkPolicies) {
      const list = policiesByNamespace.get(policy.namespace) ?? [];
      list.push(policy);
      policiesByNamespace.set(policy.namespace, list);
    }
    const addressesFor = (namespace: string): string[] => {
      let list = probes.get(namespace);
      if (!list) {
        const set = new Set(ANYWHERE);
        for (const policy of policiesByNamespace.get(namespace) ?? []) {
          for (const rule of asArray(policy.raw.spec?.ingress)) {
            for (const peer of asArray(rule?.from)) if (peer?.ipBlock) ipBlockProbes(peer.ipBlock).forEach(a => set.add(a));
          }
        }
        probes.set(namespace, list = [...set]);
      }
      return list;
    };
    const found = new Map<string, { workload: WorkloadEntry; service: ServiceEntry; ports: string[] }>();
    for (const service of context.services) {
      if (!service.selector || service.type === 'ExternalName') continue;
      for (const workload of context.workloadsSelectedBy(service.namespace, service.selector)) {
        for (const target of serviceTargets(service)) {
          const ports = portsMatching(workload, target);
          if (ports.length === 0) continue; // service-target-port-not-exposed reports it
          const open = ports.some(p => reached.has(`${workload.workload}|${p.port}|${p.protocol}`)
            || addressesFor(workload.namespace).some(a => r.canBeReachedFrom(a, workload.workload, p.port, p.protocol)));
          if (open) continue;
          const key = `${workload.ref}|${service.ref}`;
          const entry = found.get(key) ?? { workload, service, ports: [] };
          entry.ports.push(`${describeServicePort(target)} → ${ports[0].port}/${ports[0].protocol}`);
          found.set(key, entry);
        }
      }
    }
    const out: Violation[] = [];
    for (const { workload, service, ports } of found.values()) {
      out.push({
        object: workload.ref,
        message: `${describeWorkload(workload)} is exposed by Service ${service.namespace}/${service.name} (port ${listWords(ports)}) `
          + `but no workload and no outside address may reach it there under the NetworkPolicies of ${workload.namespace}; `
          + 'allow its clients in an ingress rule (e.g. connectTo, or an ingress or load-balancer exposure) or remove the Service',
      });
    }
    return out;
  },
};
