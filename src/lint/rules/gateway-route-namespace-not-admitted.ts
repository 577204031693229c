/**
 * Rule `gateway-route-namespace-not-admitted`.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/gateway/#allowedroutes
 */
import type { LintContext } from '../_context';
import { listenersText, routeModel, routeName } from '../_routes';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';

/** The rule. */
export const gatewayRouteNamespaceNotAdmitted: LintRule = {
  id: 'gateway-route-namespace-not-admitted',
  severity: Severity.ERROR,
  summary: 'A route in a namespace the allowedRoutes of its Gateway\'s listeners do not admit',
  explanation:
    'Each listener admits routes from the namespaces its allowedRoutes.namespaces names: Same (the default: the Gateway\'s own '
    + 'namespace), All, or a Selector on namespace labels. A route from another namespace is silently not attached. Add the '
    + 'route\'s namespace to the listener\'s allowedRoutes (e.g. a Selector on kubernetes.io/metadata.name), or move the route. '
    + 'A namespace the manifests hold no Namespace object for has unknown labels: a Selector is taken to admit it unless its '
    + 'requirements on kubernetes.io/metadata.name refuse it.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const a of routeModel(context).attachments) {
      if (a.failure !== 'namespace') continue;
      out.push({
        object: `${a.route.kind}/${a.route.namespace}/${a.route.name}`,
        message: `${routeName(a)} is in namespace ${a.route.namespace}, which ${listenersText(a.near)} of Gateway ${a.gatewayId} `
          + `do${a.near.length === 1 ? 'es' : ''} not admit; the route is not attached — add ${a.route.namespace} to the listener's allowedRoutes.namespaces`,
      });
    }
    return out;
  },
};
