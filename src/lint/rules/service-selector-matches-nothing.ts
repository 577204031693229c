/**
 * Rule `service-selector-matches-nothing`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
 */
import { hasOwn } from '../../_collections';
import { isPlainObject } from '../../analysis/_selector';
import type { LintContext } from '../_context';
import { routeModel } from '../_routes';
import type { LintRule, Violation } from '../_rule';
import { asLabels, formatLabels, matchesLabelMap } from '../_selectors';
import { describeWorkload } from '../_services';
import { Severity } from '../finding';

/** The rule. */
export const serviceSelectorMatchesNothing: LintRule = {
  id: 'service-selector-matches-nothing',
  severity: Severity.ERROR,
  summary: 'A Service whose selector matches no pod template in its namespace',
  explanation:
    'A Service sends traffic only to pods of its own namespace whose labels include every key/value of its selector. '
    + 'When no pod template carries those labels the Service has no endpoints and every connection to it fails. '
    + 'A typo in a label, or a selector copied from another app, is the usual cause: fix the selector or the pod template labels. '
    + 'Pods the analysis assumes (an operator\'s pods given with --assume-workload or extraWorkloads, the assumed CoreDNS) count as matching pods, '
    + 'and so does the pod template of any other object (spec.template: an Argo Rollout, an OpenKruise CloneSet). '
    + 'A Service that a mesh route (an HTTPRoute or GRPCRoute whose parentRef is the Service, Gateway API\'s GAMMA) is attached to '
    + 'is not judged: the mesh sends the traffic for its name and cluster IP to the route\'s backendRefs, not to its own endpoints.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    // Services with a mesh route attached: their frontend (name, cluster IP) is routed to the
    // route's backends, so their own endpoints are not needed (https://gateway-api.sigs.k8s.io/mesh/).
    const meshParents = new Set(routeModel(context).routes.flatMap(r => r.serviceParents.map(p => `${p.namespace}/${p.name}`)));
    for (const service of context.services) {
      if (!service.selector || service.type === 'ExternalName') continue;
      if (meshParents.has(`${service.namespace}/${service.name}`)) continue;
      if (context.workloadsSelectedBy(service.namespace, service.selector).length > 0) continue;
      const selector = service.selector;
      // Pods the manifests do not hold but the analysis assumes (`extraWorkloads`, `--assume-workload`:
      // an operator's pods, CoreDNS behind kube-dns) are endpoints as well.
      if (context.assumed.some(a => a.namespace === service.namespace && matchesLabelMap(selector, a.podLabels))) continue;
      // A custom resource with a pod template (an Argo Rollout, an OpenKruise CloneSet) makes pods its
      // operator runs: not a workload the analysis models, but its template's labels are there.
      if (context.objects.some(o => o.namespace === service.namespace && isPlainObject(o.raw?.spec?.template?.metadata?.labels)
        && matchesLabelMap(selector, asLabels(o.raw.spec.template.metadata.labels)))) continue;
      const keys = Object.keys(selector);
      // The closest pod template: the one that agrees on the most selector labels.
      let closest: { score: number; text: string } | undefined;
      for (const w of context.workloadsIn(service.namespace)) {
        const score = keys.filter(k => w.podLabels[k] === selector[k]).length;
        const shared = keys.filter(k => hasOwn(w.podLabels, k));
        if (shared.length === 0 || (closest && closest.score >= score)) continue;
        const labels = Object.fromEntries(shared.map(k => [k, w.podLabels[k]]));
        closest = { score, text: `${describeWorkload(w)} has ${formatLabels(labels)}` };
      }
      out.push({
        object: service.ref,
        message: `Service ${service.namespace}/${service.name} selects ${formatLabels(selector)} but no pod template in ${service.namespace} has those labels`
          + `${closest ? ` (${closest.text})` : ''}; fix the selector or the pod labels`,
      });
    }
    return out;
  },
};
