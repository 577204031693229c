/**
 * Rule `gateway-route-backend-port-missing`.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.BackendRef
 */
import type { LintContext } from '../_context';
import { routeModel } from '../_routes';
import type { LintRule, Violation } from '../_rule';
import { listWords } from '../_services';
import { Severity } from '../finding';

/** The rule. */
export const gatewayRouteBackendPortMissing: LintRule = {
  id: 'gateway-route-backend-port-missing',
  severity: Severity.ERROR,
  summary: 'A route backend naming a Service that is not in the manifests, no port, or a port the Service does not have',
  explanation:
    'A backendRef names a Service and one of its ports by number (the Service port, not the container port; a UDP port for a '
    + 'UDPRoute, a TCP port for the other kinds); the port is required for a Service. A missing Service or port leaves the rule without a backend: the implementation answers 500 for it. Fix the backend name or port, or '
    + 'create the Service.',
  check(context: LintContext): Violation[] {
    const model = routeModel(context);
    const out: Violation[] = [];
    for (const route of model.routes) {
      for (const backend of route.backends) {
        const self = `${route.kind} ${route.namespace}/${route.name}`;
        const service = model.services.get(`${backend.namespace}/${backend.name}`);
        if (!service) {
          out.push({
            object: `${route.kind}/${route.namespace}/${route.name}`,
            message: `${self} sends traffic to Service ${backend.namespace}/${backend.name}, which is not in the manifests; create it or fix the backend name`,
          });
          continue;
        }
        if (backend.port === undefined) {
          // "Port is required when the referent is a Kubernetes Service" (a CEL rule of the route CRDs).
          out.push({
            object: `${route.kind}/${route.namespace}/${route.name}`,
            message: `${self} sends traffic to Service ${backend.namespace}/${backend.name} without a port, which the API server refuses `
              + `("Must have port for Service reference"); ${service.ports.length > 0 ? `give one of its Service ports (${listWords(service.ports.map(p => String(p.port)))})` : 'give it a port'}`,
          });
          continue;
        }
        // A UDPRoute's backends receive UDP: its Service port must be a UDP one (TCP for every other kind).
        const protocol = route.kind === 'UDPRoute' ? 'UDP' : 'TCP';
        if (service.ports.some(p => p.port === backend.port && p.protocol === protocol)) continue;
        if (service.ports.some(p => p.port === backend.port)) {
          out.push({
            object: `${route.kind}/${route.namespace}/${route.name}`,
            message: `${self} sends ${protocol} traffic to Service ${backend.namespace}/${backend.name} port ${backend.port}, but the Service serves that port `
              + `over ${listWords(service.ports.filter(p => p.port === backend.port).map(p => p.protocol))} only; add a ${protocol} port to the Service`,
          });
          continue;
        }
        const has = service.ports.length > 0 ? `has ports ${listWords(service.ports.map(p => String(p.port)))}` : 'has no ports';
        out.push({
          object: `${route.kind}/${route.namespace}/${route.name}`,
          message: `${self} sends traffic to Service ${backend.namespace}/${backend.name} port ${backend.port}, but the Service ${has}; `
            + 'use one of its Service ports, not the container port',
        });
      }
    }
    return out;
  },
};
