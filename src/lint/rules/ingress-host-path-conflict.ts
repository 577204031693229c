/**
 * Rule `ingress-host-path-conflict`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types
 */
import type { LintContext, NamespacedEntry } from '../_context';
import { defaultIngressClass, ingressClass, ingressPaths, nginxMayServe } from '../_ingress';
import type { LintRule, Violation } from '../_rule';
import { asLabels } from '../_selectors';
import { Severity } from '../finding';
import { WELL_KNOWN_INGRESS_CLASSES } from './ingress-class-unknown';

/** "Prefix … trailing slash ignored": `/api/` and `/api` are the same Prefix path. */
function normalizePath(path: string, pathType: string): string {
  return pathType === 'Prefix' && path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
}

/**
 * ingress-nginx's canary annotation: "the Ingress with the canary annotation [...] will be
 * considered as the canary Ingress" of the main Ingress with the same host and path.
 *
 * @see https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#canary
 */
const NGINX_CANARY_ANNOTATION = 'nginx.ingress.kubernetes.io/canary';

/** The rule. */
export const ingressHostPathConflict: LintRule = {
  id: 'ingress-host-path-conflict',
  severity: Severity.ERROR,
  summary: 'One host and path routed by two Ingresses of one class',
  explanation:
    'An ingress controller merges the rules of every Ingress of its class, across namespaces, into one configuration per host. '
    + 'When two Ingresses route the same host, path and pathType, the controller keeps one of them (ingress-nginx: the oldest) '
    + 'and the other app silently gets no traffic. Give each route its own host or path, or merge them into one Ingress. '
    + 'An Ingress without a class counts in the default IngressClass of the manifests (annotated '
    + 'ingressclass.kubernetes.io/is-default-class: "true"), as the admission controller gives it that class; an ingress-nginx '
    + 'canary Ingress (nginx.ingress.kubernetes.io/canary: "true") shares its main Ingress\'s host and path by design.',
  check(context: LintContext): Violation[] {
    const claims = new Map<string, NamespacedEntry>();
    const ingresses = [...context.ingresses].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : a.index - b.index));
    const defaultClass = defaultIngressClass(context);
    const nginx = nginxMayServe(context, WELL_KNOWN_INGRESS_CLASSES);
    const out: Violation[] = [];
    for (const ingress of ingresses) {
      const className = ingressClass(ingress.raw, defaultClass);
      // ingress-nginx's canary Ingress routes a host and path its main Ingress routes, by design; at
      // most one canary per rule, so canaries claim among themselves.
      const canary = asLabels(ingress.raw?.metadata?.annotations)[NGINX_CANARY_ANNOTATION] === 'true' && nginx(className);
      const own = new Set<string>();
      for (const p of ingressPaths(ingress.raw)) {
        const pathType = p.pathType;
        const key = `${canary ? 'canary\u0000' : ''}${className}\u0000${p.host ?? '*'}\u0000${normalizePath(p.path, pathType)}\u0000${pathType}`;
        if (own.has(key)) continue; // a path repeated within one Ingress routes one app: not a conflict between apps
        own.add(key);
        const first = claims.get(key);
        if (!first) {
          claims.set(key, ingress);
          continue;
        }
        out.push({
          object: ingress.ref,
          message: `Ingress ${ingress.namespace}/${ingress.name} routes ${p.host ?? '*'}${p.path} (${pathType}, class ${className}) which `
            + `Ingress ${first.namespace}/${first.name} already routes; the controller serves only one of them: change the host or path of one route or merge the Ingresses`,
        });
      }
    }
    return out;
  },
};
