/**
 * Rule `gateway-route-kind-conflict`.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.GRPCRouteSpec
 */
import { hostnamesIntersect } from '../../_vocabulary';
import type { Attachment } from '../../analysis/_gateway';
import type { LintContext } from '../_context';
import { listenerText, routeModel, routeName } from '../_routes';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';

/** The rule. */
export const gatewayRouteKindConflict: LintRule = {
  id: 'gateway-route-kind-conflict',
  severity: Severity.ERROR,
  summary: 'An HTTPRoute and a GRPCRoute attached to one listener for intersecting hostnames',
  explanation:
    'When an HTTPRoute and a GRPCRoute attach to the same listener and their hostnames intersect (the same name, a wildcard covering '
    + 'the other\'s name, or a route without hostnames, which serves every hostname of the listener), the implementation must accept exactly '
    + 'one of them — the older by creation time, or the first by namespace/name when they are as old — and reject the other '
    + '(Accepted: False): one of the two services is silently unreachable. Give the gRPC service a hostname of its own, or put it '
    + 'on another listener.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    const attached = routeModel(context).attachments.filter(a => a.failure === undefined && a.gateway !== undefined);
    const grpc = attached.filter(a => a.route.kind === 'GRPCRoute');
    for (const g of grpc) {
      const clashes = attached.filter(a => a.route.kind === 'HTTPRoute' && a.gatewayId === g.gatewayId)
        .map(h => ({ h, clash: firstClash(g, h) }))
        .filter((c): c is { h: Attachment; clash: NonNullable<ReturnType<typeof firstClash>> } => c.clash !== undefined);
      if (clashes.length === 0) continue;
      const { listener, hostname } = clashes[0].clash;
      const names = [...new Set(clashes.map(c => routeName(c.h)))];
      const [first] = [routeName(g), ...names].sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : 1));
      out.push({
        object: `${g.route.kind}/${g.route.namespace}/${g.route.name}`,
        message: `${routeName(g)} and ${names.join(', ')} attach to Gateway ${g.gatewayId} ${listenerText(listener)} for hostname ${hostname}; `
          + `an implementation accepts only the oldest of them (of routes as old, the first by namespace/name: ${first}) — give the gRPC `
          + 'service a hostname of its own, or put it on another listener',
      });
    }
    return out;
  },
};

/** `shop/web` of `HTTPRoute shop/web`. */
function nameOf(routeText: string): string {
  return routeText.slice(routeText.indexOf(' ') + 1);
}

/**
 * A listener both attach to and a hostname both serve there, if any: "the intersection of the
 * hostnames of A and B is non-empty". A route without hostnames serves every hostname of the
 * listener; wildcards intersect names and wildcards they cover.
 */
function firstClash(a: Attachment, b: Attachment): { listener: Attachment['listeners'][number]; hostname: string } | undefined {
  for (const listener of a.listeners) {
    if (!b.listeners.some(m => m.name === listener.name)) continue;
    for (const ha of servedOn(a, listener.hostname)) {
      for (const hb of servedOn(b, listener.hostname)) {
        if (hb === undefined || hostnamesIntersect(ha, hb)) return { listener, hostname: narrower(ha, hb) ?? 'any hostname' };
      }
    }
  }
  return undefined;
}

/** The route's hostnames the listener serves; `[undefined]` (any) for a route without hostnames. */
function servedOn(a: Attachment, listenerHostname: string | undefined): Array<string | undefined> {
  if (a.route.hostnames.length === 0) return [listenerHostname];
  return a.route.hostnames.filter(h => hostnamesIntersect(listenerHostname, h));
}

/** Of two intersecting hostnames (undefined: any), the one naming fewer hosts. */
function narrower(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (!a.startsWith('*.')) return a;
  if (!b.startsWith('*.')) return b;
  return a.length >= b.length ? a : b;
}
