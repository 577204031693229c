/**
 * Rule `workload-unreachable-behind-service`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
import type { LintContext, ServiceEntry, WorkloadEntry } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { describeServicePort, describeWorkload, listWords, portsMatching, serviceTargets } from '../_services';
import { Severity } from '../finding';

/** The rule. */
export const workloadUnreachableBehindService: LintRule = {
  id: 'workload-unreachable-behind-service',
  severity: Severity.WARNING,
  summary: 'A workload exposed by a Service that, under its namespace\'s NetworkPolicies, nothing may reach on the Service\'s target port',
  explanation:
    'When a NetworkPolicy isolates pods for ingress (a default-deny namespace), only what some policy allows reaches them, whatever Services exist. '
    + 'A Service in front of pods that no workload of the manifests (nor the assumed cluster DNS, ingress controller or ACME solvers) '
    + 'and no outside address (nor pods of namespaces the manifests do not hold, which a namespaceSelector may admit) may reach on the '
    + 'target port is dead weight, or a missing allow rule: add an ingress rule for the clients '
    + '(ExposedApp connectTo, an ingress or load-balancer exposure), or remove the Service. '
    + 'Checked with the reachability analyzer on the declared container ports the Service targets, from every workload '
    + 'and from every address outside the cluster.',
  check(context: LintContext): Violation[] {
    const r = context.reachability;
    // One question per Service target port — "may any workload, or any outside address, open a
    // connection to this workload on this port?" — answered from one column of the analyzer's
    // matrix: no list of every flow (quadratic when nothing is isolated) is built.
    const reachable = (workload: string, port: number, protocol: string) =>
      r.reachableFromAnyWorkload(workload, port, protocol) || r.reachableFromOutside(workload, port, protocol)
      // Pods of namespaces the manifests do not hold (a rule admitting Peer.namespace('monitoring')).
      || r._reachableFromUnlistedNamespaces(workload, port, protocol);
    const found = new Map<string, { workload: WorkloadEntry; service: ServiceEntry; ports: string[] }>();
    for (const service of context.services) {
      if (!service.selector || service.type === 'ExternalName') continue;
      for (const workload of context.workloadsSelectedBy(service.namespace, service.selector)) {
        for (const target of serviceTargets(service)) {
          const ports = portsMatching(workload, target);
          if (ports.length === 0) continue; // service-target-port-not-exposed reports it
          const open = ports.some(p => reachable(workload.workload, p.port, p.protocol));
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
