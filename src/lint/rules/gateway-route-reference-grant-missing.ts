/**
 * Rule `gateway-route-reference-grant-missing`.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/referencegrant/
 */
import type { LintContext } from '../_context';
import { routeModel } from '../_routes';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';

/** The rule. */
export const gatewayRouteReferenceGrantMissing: LintRule = {
  id: 'gateway-route-reference-grant-missing',
  severity: Severity.ERROR,
  summary: 'A route whose backend Service is in another namespace without a ReferenceGrant there',
  explanation:
    'A route may name a Service in another namespace only if a ReferenceGrant in that namespace allows it: from the route\'s kind '
    + 'and namespace, to Services (all, or that one by name). Without it the implementation refuses the backend '
    + '(ResolvedRefs false, RefNotPermitted) and answers 500. Add the ReferenceGrant in the backend\'s namespace.',
  check(context: LintContext): Violation[] {
    return routeModel(context).ungranted.map(({ route, backend }) => ({
      object: `${route.kind}/${route.namespace}/${route.name}`,
      message: `${route.kind} ${route.namespace}/${route.name} sends traffic to Service ${backend.namespace}/${backend.name}, but no ReferenceGrant `
        + `in ${backend.namespace} allows ${route.kind}s from ${route.namespace} to reach it; add a ReferenceGrant in ${backend.namespace} `
        + `(from: ${route.kind} in ${route.namespace}, to: Service ${backend.name})`,
    }));
  },
};
