/**
 * Rule `ingress-class-unknown`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class
 */
import { namedIngressClass } from '../../analysis/_ingress-class';
import { nearestName } from '../../analysis/_suggest';
import type { LintContext } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { listWords } from '../_services';
import { Severity } from '../finding';

/**
 * Ingress class names of widely used controllers, from their documentation: ingress-nginx
 * (`nginx`), Traefik (`traefik`), HAProxy (`haproxy`), Kong (`kong`), Contour (`contour`), Istio
 * (`istio`), Cilium (`cilium`), AWS Load Balancer Controller (`alb`), GKE (`gce`, `gce-internal`),
 * AKS application routing (`webapprouting.kubernetes.azure.com`), Application Gateway
 * (`azure-application-gateway`), OpenShift (`openshift-default`).
 */
export const WELL_KNOWN_INGRESS_CLASSES = [
  'nginx', 'traefik', 'haproxy', 'kong', 'contour', 'istio', 'cilium', 'alb', 'gce', 'gce-internal',
  'webapprouting.kubernetes.azure.com', 'azure-application-gateway', 'openshift-default',
];

/** The rule. */
export const ingressClassUnknown: LintRule = {
  id: 'ingress-class-unknown',
  severity: Severity.WARNING,
  summary: 'An Ingress whose class (ingressClassName) no IngressClass of the manifests has, or a near miss of a well-known class name such as ngnix',
  explanation:
    'A controller serves only the Ingresses of its own class; an Ingress of a class no controller owns is ignored, and its hosts answer '
    + 'nothing. When the manifests hold IngressClass objects, an Ingress naming another class is reported. When they hold none (the '
    + 'classes live in the cluster), only a name one or two letters away from a well-known class (nginx, traefik, haproxy, alb, gce, …) '
    + 'is reported, since any other name may be a class of the cluster. The legacy kubernetes.io/ingress.class annotation needs no '
    + 'IngressClass object (controllers match its value themselves), so only its near misses are reported. A name that adds a suffix '
    + 'to a well-known class (nginx2, traefik-internal) is a second controller\'s class, not a near miss. Fix spec.ingressClassName (or '
    + 'the annotation).',
  check(context: LintContext): Violation[] {
    const classes = context.objects
      .filter(o => o.kind === 'IngressClass' && o.group === 'networking.k8s.io')
      .map(o => o.name);
    const out: Violation[] = [];
    for (const ingress of context.ingresses) {
      const name = namedIngressClass(ingress.raw);
      if (name === undefined) continue;
      const self = `Ingress ${ingress.namespace}/${ingress.name}`;
      // Controllers match the legacy annotation's value themselves (Istio serves `istio` without any
      // IngressClass object), so only spec.ingressClassName must name an IngressClass.
      if (classes.length > 0 && typeof ingress.raw?.spec?.ingressClassName === 'string') {
        if (classes.includes(name)) continue;
        const near = nearestName(name, classes);
        out.push({
          object: ingress.ref,
          message: `${self} has class '${name}', but the IngressClasses of the manifests are ${listWords(classes.map(c => `'${c}'`))}; `
            + `so no controller serves it; ${near ? `did you mean '${near}'? ` : ''}use one of the IngressClass names`,
        });
        continue;
      }
      if (WELL_KNOWN_INGRESS_CLASSES.includes(name)) continue;
      const near = nearestName(name, WELL_KNOWN_INGRESS_CLASSES);
      // A suffix added to a controller's class (nginx2, nginx-a, traefik-internal) is how clusters
      // name their second controller, not a typo.
      if (!near || name.toLowerCase().startsWith(near)) continue;
      const field = typeof ingress.raw?.spec?.ingressClassName === 'string' ? 'spec.ingressClassName' : 'the kubernetes.io/ingress.class annotation';
      out.push({
        object: ingress.ref,
        message: `${self} has class '${name}', a near miss of the well-known class '${near}', so no controller would serve it; did you mean '${near}'? fix ${field}`,
      });
    }
    return out;
  },
};


