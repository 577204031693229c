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
  summary: 'A route whose parentRef names no Gateway of the manifests, no listener of its Gateway, or only listeners of another protocol',
  explanation:
    'A route attaches to the listener its parentRef names by sectionName (and port), or to every listener of the Gateway that '
    + 'accepts its kind: HTTP and HTTPS listeners accept HTTPRoutes and GRPCRoutes, TLS listeners TLSRoutes. A sectionName the '
    + 'Gateway lacks, or a listener of another protocol, leaves the route unattached: its traffic is never served. '
    + 'Name an existing listener of the right protocol, or add one to the Gateway. A parentRef naming a Gateway the manifests '
    + 'do not hold is reported when they make a mistake likely: a Gateway of that name lives in another namespace (a parentRef '
    + 'without namespace means the route\'s own), or the manifests hold other Gateways in that namespace. A Gateway managed '
    + 'elsewhere (no Gateway of the manifests in its namespace, none of its name) is not reported.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    const model = routeModel(context);
    for (const a of model.attachments) {
      if (a.failure === 'no-gateway') {
        const message = missingGatewayMessage(a.gatewayId, model.gateways.map(g => g.id));
        if (message) out.push({ object: `${a.route.kind}/${a.route.namespace}/${a.route.name}`, message: `${routeName(a)} ${message}` });
        continue;
      }
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

/**
 * Why a parentRef to `gatewayId` (`namespace/name`), which the manifests do not hold, is probably
 * a mistake — or undefined when the Gateway may well be managed elsewhere.
 */
function missingGatewayMessage(gatewayId: string, gateways: readonly string[]): string | undefined {
  const [namespace, name] = gatewayId.split('/');
  const sameName = gateways.filter(g => g.split('/')[1] === name);
  if (sameName.length > 0) {
    return `names Gateway ${gatewayId}, which the manifests do not hold, but they hold ${sameName.join(', ')}: `
      + 'the route is not attached — give the parentRef the Gateway\'s namespace (without one it means the route\'s own)';
  }
  const sameNamespace = gateways.filter(g => g.split('/')[0] === namespace);
  if (sameNamespace.length > 0) {
    return `names Gateway ${gatewayId}, which the manifests do not hold (namespace ${namespace} holds ${sameNamespace.join(', ')}): `
      + 'the route is not attached — fix the parentRef\'s name';
  }
  return undefined;
}
