/**
 * Rule `ingress-host-path-conflict`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types
 */
import type { LintContext, NamespacedEntry } from '../_context';
import { ingressClass, ingressPaths } from '../_ingress';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';

/** "Prefix … trailing slash ignored": `/api/` and `/api` are the same Prefix path. */
function normalizePath(path: string, pathType: string): string {
  return pathType === 'Prefix' && path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
}

/** The rule. */
export const ingressHostPathConflict: LintRule = {
  id: 'ingress-host-path-conflict',
  severity: Severity.ERROR,
  summary: 'One host and path routed by two Ingresses of one class',
  explanation:
    'An ingress controller merges the rules of every Ingress of its class, across namespaces, into one configuration per host. '
    + 'When two Ingresses route the same host, path and pathType, the controller keeps one of them (ingress-nginx: the oldest) '
    + 'and the other app silently gets no traffic. Give each route its own host or path, or merge them into one Ingress.',
  check(context: LintContext): Violation[] {
    const claims = new Map<string, NamespacedEntry>();
    const ingresses = [...context.ingresses].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : a.index - b.index));
    const out: Violation[] = [];
    for (const ingress of ingresses) {
      const className = ingressClass(ingress.raw);
      const own = new Set<string>();
      for (const p of ingressPaths(ingress.raw)) {
        const pathType = p.pathType;
        const key = `${className}\u0000${p.host ?? '*'}\u0000${normalizePath(p.path, pathType)}\u0000${pathType}`;
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
