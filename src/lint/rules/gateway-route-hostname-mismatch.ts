/**
 * Rule `gateway-route-hostname-mismatch`.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.HTTPRouteSpec
 */
import type { LintContext } from '../_context';
import { listenersText, routeModel, routeName } from '../_routes';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';

/** The rule. */
export const gatewayRouteHostnameMismatch: LintRule = {
  id: 'gateway-route-hostname-mismatch',
  severity: Severity.ERROR,
  summary: 'A route none of whose hostnames a listener of its Gateway serves',
  explanation:
    'A route attaches to a listener only when one of its hostnames intersects the listener\'s hostname (a listener without a '
    + 'hostname serves any; *.example.com serves every name under example.com but not example.com itself). Otherwise the '
    + 'route is not attached. Fix the route\'s hostnames or add a listener for them.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const a of routeModel(context).attachments) {
      if (a.failure !== 'hostname') continue;
      out.push({
        object: `${a.route.kind}/${a.route.namespace}/${a.route.name}`,
        message: `${routeName(a)} matches hostnames ${a.route.hostnames.join(', ')}, which no listener of Gateway ${a.gatewayId} serves `
          + `(${listenersText(a.near)}); the route is not attached — add a listener for the hostname or fix the route's hostnames`,
      });
    }
    return out;
  },
};
