/**
 * Rule `node-port-duplicate`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#nodeport-custom-port
 */
import type { LintContext, ServiceEntry } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';
import { requestedNodePorts } from './node-port-out-of-range';

/** The rule. */
export const nodePortDuplicate: LintRule = {
  id: 'node-port-duplicate',
  severity: Severity.ERROR,
  summary: 'One nodePort requested by two Services (NodePorts are cluster-wide)',
  explanation:
    'A NodePort is opened on every node, so it is unique across the whole cluster, whatever the namespace: the API server '
    + 'rejects the second Service that asks for a taken nodePort ("provided port is already allocated"). '
    + 'One Service may use one nodePort for two protocols (TCP and UDP of DNS), but not twice for one protocol. '
    + 'Give each Service its own nodePort, or omit nodePort and let the cluster pick one.',
  check(context: LintContext): Violation[] {
    const owners = new Map<number, { service: ServiceEntry; protocols: Set<string> }>();
    const services = [...context.services].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : a.index - b.index));
    const out: Violation[] = [];
    for (const service of services) {
      for (const { nodePort, protocol } of requestedNodePorts(service.raw)) {
        const owner = owners.get(nodePort);
        if (!owner) {
          owners.set(nodePort, { service, protocols: new Set([protocol]) });
          continue;
        }
        if (owner.service === service && !owner.protocols.has(protocol)) {
          owner.protocols.add(protocol);
          continue;
        }
        const first = owner.service === service ? 'another port of the same Service' : `Service ${owner.service.namespace}/${owner.service.name}`;
        out.push({
          object: service.ref,
          message: `Service ${service.namespace}/${service.name} asks for nodePort ${nodePort}, which ${first} already uses; `
            + 'NodePorts are cluster-wide: give one of them another nodePort or omit it to let the cluster pick one',
        });
      }
    }
    return out;
  },
};
