/**
 * Rule `ingress-nginx-rewrite-strips-prefix`.
 *
 * @see https://kubernetes.github.io/ingress-nginx/examples/rewrite/
 */
import type { LintContext } from '../_context';
import { defaultIngressClass, ingressClass, ingressPaths, nginxMayServe } from '../_ingress';
import type { LintRule, Violation } from '../_rule';
import { asLabels } from '../_selectors';
import { Severity } from '../finding';
import { WELL_KNOWN_INGRESS_CLASSES } from './ingress-class-unknown';

/** The ingress-nginx annotation that rewrites the request path. */
const REWRITE_TARGET = 'nginx.ingress.kubernetes.io/rewrite-target';

/** The rule. */
export const ingressNginxRewriteStripsPrefix: LintRule = {
  id: 'ingress-nginx-rewrite-strips-prefix',
  severity: Severity.WARNING,
  summary: 'An ingress-nginx rewrite-target without a capture group on a path other than /, which rewrites every request under the path to the same URI',
  explanation:
    'ingress-nginx turns each path of an Ingress with nginx.ingress.kubernetes.io/rewrite-target into a regular expression and '
    + 'replaces the whole request URI with the target when it matches: with rewrite-target: / on path /api, /api/users/7 reaches the '
    + 'backend as /, not /users/7. To strip only the prefix, capture the rest and use it in the target: path /api(/|$)(.*) with '
    + 'pathType ImplementationSpecific and rewrite-target: /$2 (IngressGateway.addRoute({ rewriteTarget }) writes this form). '
    + 'Ingresses of a class another controller serves (an IngressClass of the manifests with another spec.controller, or a '
    + 'well-known class such as traefik) are not checked: ingress-nginx never reads them.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    // ingress-nginx ignores the annotations of classes another controller serves.
    const nginx = nginxMayServe(context, WELL_KNOWN_INGRESS_CLASSES);
    const defaultClass = defaultIngressClass(context);
    const servedElsewhere = (name: string) => !nginx(name);
    for (const ingress of context.ingresses) {
      const target = asLabels(ingress.raw.metadata?.annotations)[REWRITE_TARGET];
      if (target === undefined || /\$\d/.test(target)) continue;
      if (servedElsewhere(ingressClass(ingress.raw, defaultClass))) continue;
      for (const p of ingressPaths(ingress.raw)) {
        if (p.path === '/' || /[()]/.test(p.path)) continue;
        const prefix = p.path.replace(/\/+$/, '');
        out.push({
          object: ingress.ref,
          message: `Ingress ${ingress.namespace}/${ingress.name} rewrites ${p.host ?? '*'}${p.path} to '${target}' with no capture group, so every request under `
            + `${p.path} (e.g. ${prefix}/users/7) reaches the backend as '${target}'; to strip only the prefix use path ${prefix}(/|$)(.*) `
            + `with pathType ImplementationSpecific and rewrite-target ${target.replace(/\/+$/, '')}/$2`,
        });
      }
    }
    return out;
  },
};
