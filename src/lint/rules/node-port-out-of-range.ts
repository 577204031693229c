/**
 * Rule `node-port-out-of-range`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
 */
import type { LintContext } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';

/** The default `--service-node-port-range` of the API server. */
export const NODE_PORT_MIN = 30000;
/** The default `--service-node-port-range` of the API server. */
export const NODE_PORT_MAX = 32767;

/** The nodePorts a Service asks for, with their protocol and Service port. */
export function requestedNodePorts(raw: any): Array<{ nodePort: number; protocol: string; port: unknown }> {
  const ports = Array.isArray(raw?.spec?.ports) ? raw.spec.ports : [];
  return ports
    .filter((p: any) => p && p.nodePort !== undefined && p.nodePort !== null && Number(p.nodePort) !== 0)
    .map((p: any) => ({ nodePort: Number(p.nodePort), protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP', port: p.port }));
}

/** The rule. */
export const nodePortOutOfRange: LintRule = {
  id: 'node-port-out-of-range',
  severity: Severity.ERROR,
  summary: `A Service nodePort outside the default NodePort range ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
  explanation:
    `The API server allocates NodePorts from --service-node-port-range, ${NODE_PORT_MIN}-${NODE_PORT_MAX} by default, and rejects a Service `
    + 'that asks for a nodePort outside it. Pick a port in the range, or omit nodePort and let the cluster choose one '
    + '(clusters with a custom range: acknowledge the rule with the range as the reason).',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const service of context.services) {
      for (const { nodePort, port } of requestedNodePorts(service.raw)) {
        if (Number.isInteger(nodePort) && nodePort >= NODE_PORT_MIN && nodePort <= NODE_PORT_MAX) continue;
        out.push({
          object: service.ref,
          message: `Service ${service.namespace}/${service.name} port ${String(port)} asks for nodePort ${nodePort}, outside ${NODE_PORT_MIN}-${NODE_PORT_MAX}; `
            + 'choose a nodePort in the range or omit it to let the cluster pick one',
        });
      }
    }
    return out;
  },
};
