/**
 * Rule `service-target-port-not-exposed`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports
 */
import type { LintContext } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { describeDeclared, describeServicePort, describeTarget, describeWorkload, listWords, portsMatching, serviceTargets } from '../_services';
import { Severity } from '../finding';

/** The rule. */
export const serviceTargetPortNotExposed: LintRule = {
  id: 'service-target-port-not-exposed',
  severity: Severity.ERROR,
  summary: 'A Service targetPort (number or name) that no container of the selected pods exposes',
  explanation:
    'A Service forwards each port to its targetPort on the selected pods (the port itself when targetPort is omitted). '
    + 'A named targetPort resolves only against a container port of that name, so a pod without it gets no endpoint; '
    + 'a number that no container declares, when the containers declare others, usually means the Service points at the wrong '
    + 'port (80 instead of 8080), and NetworkPolicies written for the container port will not match. Point targetPort at a '
    + 'declared container port (and protocol), or declare the port on the container. A number is not reported when the selected '
    + 'pods declare no container port at all: declaring ports is optional ("Not specifying a port here DOES NOT prevent that '
    + 'port from being exposed"), so there is nothing to compare it with. Services whose selector matches no pod are left to '
    + 'service-selector-matches-nothing.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const service of context.services) {
      if (!service.selector || service.type === 'ExternalName') continue;
      const selected = context.workloadsSelectedBy(service.namespace, service.selector);
      if (selected.length === 0) continue;
      const declared = [...new Set(selected.flatMap(w => w.ports.map(describeDeclared)))];
      for (const target of serviceTargets(service)) {
        if (selected.some(w => portsMatching(w, target).length > 0)) continue;
        // Container ports are optional: with none declared, a numbered target may well be served.
        if (typeof target.target === 'number' && declared.length === 0) continue;
        const pods = listWords(selected.map(describeWorkload));
        const exposes = declared.length > 0 ? `they expose ${listWords(declared)}` : 'they declare no container ports';
        out.push({
          object: service.ref,
          message: `Service ${service.namespace}/${service.name} port ${describeServicePort(target)} targets ${describeTarget(target)} `
            + `but no container of the selected pods (${pods}) exposes it; ${exposes}: set targetPort to an exposed port or add the port to the container`,
        });
      }
    }
    return out;
  },
};
