/**
 * The Gateway API view of a LintContext (internal), built once per context from its objects.
 */
import type { LintContext } from './_context';
import { Attachment, GatewayApiModel, gatewayApiModel, ListenerModel } from '../analysis/_gateway';

const models = new WeakMap<LintContext, GatewayApiModel>();

/** Gateways, routes, attachments and ReferenceGrants of the context's objects. */
export function routeModel(context: LintContext): GatewayApiModel {
  let model = models.get(context);
  if (!model) {
    // Without duplicate definitions the objects are the latest ones, whose model the analyzer built already.
    const { objects, latest, latestObjects } = context.manifests;
    model = gatewayApiModel(objects.length === latest.length ? latestObjects : context.objects.map(o => o.raw));
    models.set(context, model);
  }
  return model;
}

/** `HTTPRoute shop/api`, for messages. */
export function routeName(a: Attachment): string {
  return `${a.route.kind} ${a.route.namespace}/${a.route.name}`;
}

/** `listener 'https' (HTTPS 443, hostname shop.example.com)`, for messages. */
export function listenerText(l: ListenerModel): string {
  return `listener '${l.name}' (${l.protocol} ${l.port}${l.hostname !== undefined ? `, hostname ${l.hostname}` : ''})`;
}

/** The listeners named, in words. */
export function listenersText(listeners: readonly ListenerModel[]): string {
  return listeners.length === 0 ? 'no listeners' : listeners.map(listenerText).join(', ');
}
