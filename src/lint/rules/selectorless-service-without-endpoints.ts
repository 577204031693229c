/**
 * Rule `selectorless-service-without-endpoints`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
 * @see https://kubernetes.io/docs/concepts/architecture/control-plane-node-communication/#node-to-control-plane
 */
import { DEFAULT_NAMESPACE } from '../../_vocabulary';
import type { LintContext, ServiceEntry } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { asLabels } from '../_selectors';
import { Severity } from '../finding';

/** The label that ties an EndpointSlice to its Service. */
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/**
 * Whether `service` is the API server's own Service, `default/kubernetes`: "the `kubernetes`
 * service (in `default` namespace) is configured with a virtual IP address that is redirected (via
 * `kube-proxy`) to the HTTPS endpoint on the API server". The API server creates it without a
 * selector, labelled `component: apiserver` and `provider: kubernetes`, and maintains its Endpoints
 * and EndpointSlice itself; `kubectl get all` lists the Service but never the EndpointSlice, so every
 * dump of a cluster holds it without endpoints. Both labels are required, so that a user's own
 * selector-less Service named `kubernetes` is still checked.
 *
 * @see https://kubernetes.io/docs/concepts/architecture/control-plane-node-communication/#node-to-control-plane
 * @see https://kubernetes.io/docs/tasks/run-application/access-api-from-pod/
 */
function isApiServerService(service: ServiceEntry): boolean {
  const labels = asLabels(service.raw.metadata?.labels);
  return service.namespace === DEFAULT_NAMESPACE && service.name === 'kubernetes'
    && labels.component === 'apiserver' && labels.provider === 'kubernetes';
}

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
    + 'Ignore (acknowledge) it when a controller manages the endpoints. '
    + 'The API server\'s own Service (default/kubernetes, labelled component=apiserver and provider=kubernetes, in every '
    + '`kubectl get all` dump) is not reported: the API server maintains its endpoints, which `kubectl get all` does not list.',
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
      if (isApiServerService(service)) continue;
      out.push({
        object: service.ref,
        message: `Service ${service.namespace}/${service.name} has no selector and no EndpointSlice labelled ${SERVICE_NAME_LABEL}=${service.name} `
          + `in ${service.namespace}, so it has no endpoints; add an EndpointSlice with the backend addresses or a selector`,
      });
    }
    return out;
  },
};
