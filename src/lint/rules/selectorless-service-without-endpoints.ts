/**
 * Rule `selectorless-service-without-endpoints`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
 */
import type { LintContext } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { asLabels } from '../_selectors';
import { Severity } from '../finding';

/** The label that ties an EndpointSlice to its Service. */
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** The rule. */
export const selectorlessServiceWithoutEndpoints: LintRule = {
  id: 'selectorless-service-without-endpoints',
  severity: Severity.WARNING,
  summary: 'A Service without selector for which the manifests hold no EndpointSlice or Endpoints',
  explanation:
    'Kubernetes creates endpoints only for Services with a selector. A Service without selector (and not of type ExternalName) '
    + 'gets its backends from EndpointSlices labelled kubernetes.io/service-name=<service> (or a legacy Endpoints object of the '
    + 'same name) that you create; without them the Service has no endpoints and connections fail. Add the EndpointSlice with '
    + 'the backend addresses (ExternalDependency with addresses does), or add a selector. '
    + 'Ignore (acknowledge) it when a controller manages the endpoints.',
  check(context: LintContext): Violation[] {
    const backed = new Set<string>();
    for (const slice of context.endpointSlices) {
      const service = asLabels(slice.raw.metadata?.labels)[SERVICE_NAME_LABEL];
      if (service) backed.add(`${slice.namespace}/${service}`);
    }
    for (const endpoints of context.endpoints) backed.add(`${endpoints.namespace}/${endpoints.name}`);
    const out: Violation[] = [];
    for (const service of context.services) {
      if (service.selector || service.type === 'ExternalName' || backed.has(`${service.namespace}/${service.name}`)) continue;
      out.push({
        object: service.ref,
        message: `Service ${service.namespace}/${service.name} has no selector and no EndpointSlice labelled ${SERVICE_NAME_LABEL}=${service.name} `
          + `in ${service.namespace}, so it has no endpoints; add an EndpointSlice with the backend addresses or a selector`,
      });
    }
    return out;
  },
};
