/**
 * Rule `gateway-route-without-listener`.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.ParentReference
 */
import type { LintContext } from '../_context';
import { listenersText, routeModel, routeName } from '../_routes';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';

/** The rule. */
export const gatewayRouteWithoutListener: LintRule = {
  id: 'gateway-route-without-listener',
  severity: Severity.ERROR,
  summary: 'A route whose parentRef names no listener of its Gateway, or only listeners of another protocol',
  explanation:
    'A route attaches to the listener its parentRef names by sectionName (and port), or to every listener of the Gateway that '
    + 'accepts its kind: HTTP and HTTPS listeners accept HTTPRoutes and GRPCRoutes, TLS listeners TLSRoutes. A sectionName the '
    + 'Gateway lacks, or a listener of another protocol, leaves the route unattached: its traffic is never served. '
    + 'Name an existing listener of the right protocol, or add one to the Gateway.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const a of routeModel(context).attachments) {
      if (a.failure !== 'no-listener' && a.failure !== 'protocol') continue;
      const gateway = a.gateway!;
      const named = a.sectionName !== undefined ? `listener '${a.sectionName}'` : 'any listener';
      const message = a.failure === 'no-listener'
        ? `${routeName(a)} attaches to ${named} of Gateway ${a.gatewayId}, which has ${listenersText(gateway.listeners)}; `
          + 'the route is not attached — name one of its listeners or add the listener to the Gateway'
        : `${routeName(a)} attaches to Gateway ${a.gatewayId} ${listenersText(a.near)}, which does not accept ${a.route.kind}s `
          + `(protocol ${a.near.map(l => l.protocol).join('/')}); use a listener of protocol ${a.route.kind === 'TLSRoute' ? 'TLS' : 'HTTP or HTTPS'}`;
      out.push({ object: `${a.route.kind}/${a.route.namespace}/${a.route.name}`, message });
    }
    return out;
  },
};
