/**
 * Rule `service-port-conflict`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#multi-port-services
 */
import type { LintContext } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';

/** The rule. */
export const servicePortConflict: LintRule = {
  id: 'service-port-conflict',
  severity: Severity.ERROR,
  summary: 'A multi-port Service with an unnamed port, a port name used twice, or one port/protocol listed twice',
  explanation:
    '"When using multiple ports for a Service, you must give all of your ports names so that these are unambiguous", and port names '
    + 'and port/protocol pairs must be unique within a Service; the API server rejects the Service otherwise. '
    + 'Ingress backends, EndpointSlices and SRV records refer to Service ports by these names. Name every port uniquely '
    + '(http, grpc, metrics) and list each port/protocol once.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const service of context.services) {
      const ports = service.ports.filter(p => p && typeof p === 'object');
      const self = `Service ${service.namespace}/${service.name}`;
      const problems: string[] = [];
      if (ports.length > 1) {
        const unnamed = ports.filter(p => typeof p.name !== 'string' || p.name.length === 0).map(p => String(p.port));
        if (unnamed.length > 0) problems.push(`port${unnamed.length > 1 ? 's' : ''} ${unnamed.join(', ')} ${unnamed.length > 1 ? 'have' : 'has'} no name`);
      }
      const names = new Map<string, number>();
      const pairs = new Map<string, number>();
      for (const p of ports) {
        if (typeof p.name === 'string' && p.name.length > 0) names.set(p.name, (names.get(p.name) ?? 0) + 1);
        const pair = `${p.port}/${typeof p.protocol === 'string' ? p.protocol : 'TCP'}`;
        pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
      }
      for (const [name, n] of names) if (n > 1) problems.push(`port name '${name}' is used ${n} times`);
      for (const [pair, n] of pairs) if (n > 1) problems.push(`port ${pair} is listed ${n} times`);
      if (problems.length === 0) continue;
      out.push({
        object: service.ref,
        message: `${self}: ${problems.join('; ')}; give every port of a multi-port Service a unique name and list each port/protocol once`,
      });
    }
    return out;
  },
};
