/**
 * Rule `gateway-route-without-listener`.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.ParentReference
 */
import { Attachment, ListenerModel, PROTOCOL_ROUTE_KINDS } from '../../analysis/_gateway';
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
    + 'accepts its kind: HTTP and HTTPS listeners accept HTTPRoutes and GRPCRoutes, TLS listeners TLSRoutes, TCP listeners '
    + 'TCPRoutes, UDP listeners UDPRoutes, unless the listener\'s allowedRoutes.kinds leaves the kind out. A sectionName (or port) the Gateway lacks, or a '
    + 'listener of another protocol, leaves the route unattached: its traffic is never served. '
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
      // A Gateway the API server refuses is reported by object-invalid.
      if (a.failure !== 'no-listener' && a.failure !== 'protocol') continue;
      const gateway = a.gateway!;
      const message = a.failure === 'no-listener'
        ? `${routeName(a)} attaches to ${wanted(a.sectionName, a.port)} of Gateway ${a.gatewayId}, which has ${listenersText(gateway.listeners)}; `
          + `the route is not attached — ${a.sectionName !== undefined && a.port !== undefined
            ? 'a listener must match both the sectionName and the port; fix either, or leave the port out'
            : 'name one of its listeners or add the listener to the Gateway'}`
        : protocolMessage(a);
      out.push({ object: `${a.route.kind}/${a.route.namespace}/${a.route.name}`, message });
    }
    return out;
  },
};

/** `listener 'https' on port 8443`, `a listener on port 9090`, `any listener`. */
function wanted(sectionName: string | undefined, port: number | undefined): string {
  if (sectionName !== undefined) return `listener '${sectionName}'${port !== undefined ? ` on port ${port}` : ''}`;
  return port !== undefined ? `a listener on port ${port}` : 'any listener';
}

/** Why listeners of the right name and port do not accept the route's kind. */
function protocolMessage(a: Attachment): string {
  const head = `${routeName(a)} attaches to Gateway ${a.gatewayId} ${listenersText(a.near)}`;
  const suiting = (l: ListenerModel) => PROTOCOL_ROUTE_KINDS[l.protocol]?.includes(a.route.kind) ?? false;
  const excluded = a.near.filter(l => suiting(l) && l.declaredKinds !== undefined);
  if (excluded.length > 0) {
    return `${head}, whose allowedRoutes.kinds (${[...new Set(excluded.flatMap(l => l.declaredKinds!))].join(', ')}) leave out ${a.route.kind} `
      + `(group gateway.networking.k8s.io); the route is not attached — add kind ${a.route.kind} to allowedRoutes.kinds`;
  }
  return `${head}, which does not accept ${a.route.kind}s (protocol ${a.near.map(l => l.protocol).join('/')}); `
    + `use a listener of protocol ${ROUTE_PROTOCOLS[a.route.kind] ?? 'HTTP or HTTPS'}`;
}

/** The listener protocols each route kind attaches to. */
const ROUTE_PROTOCOLS: Record<string, string> = { HTTPRoute: 'HTTP or HTTPS', GRPCRoute: 'HTTP or HTTPS', TLSRoute: 'TLS', TCPRoute: 'TCP', UDPRoute: 'UDP' };

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
