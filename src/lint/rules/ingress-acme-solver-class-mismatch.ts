/**
 * Rule `ingress-acme-solver-class-mismatch`.
 *
 * @see https://cert-manager.io/docs/usage/ingress/
 * @see https://cert-manager.io/docs/configuration/acme/http01/
 * @see https://cert-manager.io/docs/configuration/acme/#adding-multiple-solver-types
 * @see https://cert-manager.io/docs/reference/annotations/
 */
import { acmeIssuers, issuerOf, judgeableSolvers, pickSolver, solverPath } from '../_acme';
import type { LintContext, ObjectEntry } from '../_context';
import { defaultIngressClass, ingressClass } from '../_ingress';
import type { LintRule, Violation } from '../_rule';
import { asArray, asLabels } from '../_selectors';
import { Severity } from '../finding';

/** Ingress annotations of cert-manager's ingress-shim that decide where an HTTP-01 challenge is answered. */
const EDIT_IN_PLACE = 'acme.cert-manager.io/http01-edit-in-place';
const CLASS_OVERRIDES = ['acme.cert-manager.io/http01-ingress-ingressclassname', 'acme.cert-manager.io/http01-ingress-class'];

/** The rule. */
export const ingressAcmeSolverClassMismatch: LintRule = {
  id: 'ingress-acme-solver-class-mismatch',
  severity: Severity.WARNING,
  summary: 'An Ingress whose cert-manager ACME issuer answers HTTP-01 challenges through another ingress class or a Gateway',
  explanation:
    'For an Ingress annotated with a cert-manager issuer, the CA checks each TLS host by fetching '
    + 'http://<host>/.well-known/acme-challenge/<token>, and the host resolves to whatever serves the Ingress. cert-manager answers '
    + 'through the solver the issuer picks for the host (a dnsNames selector first, then the longest dnsZones match, then a solver '
    + 'without selector): an http01.ingress solver creates a temporary Ingress of its ingressClassName (or class), an '
    + 'http01.gatewayHTTPRoute solver a temporary HTTPRoute on a Gateway. When that is another controller than the one of the '
    + 'Ingress, the challenge request never reaches the solver and the certificate is never issued. Give the issuer\'s solver the '
    + 'Ingress\'s class (AcmeClusterIssuer ingressClassName), add a solver selected for these hosts, or annotate the Ingress with '
    + `${CLASS_OVERRIDES[0]} (or ${EDIT_IN_PLACE}: "true"). Checked when the issuer is in the manifests and both classes are `
    + 'known (an Ingress or solver without class takes the default IngressClass of the manifests); two classes whose '
    + 'IngressClass objects name the same controller and parameters count as one. Solvers selected by '
    + 'matchLabels are not judged. If the hosts resolve to the solver\'s controller on purpose (an internal Ingress certified '
    + 'through the public controller), acknowledge the finding.',
  check(context: LintContext): Violation[] {
    const issuers = acmeIssuers(context);
    if (issuers.size === 0) return [];
    const defaultClass = defaultIngressClass(context);
    const sameController = servedAlike(context.objects);
    const out: Violation[] = [];
    for (const ingress of context.ingresses) {
      const annotations = asLabels(ingress.raw.metadata?.annotations);
      if (annotations[EDIT_IN_PLACE] === 'true') continue;
      const issuer = issuerOf(ingress, issuers);
      const solvers = issuer && judgeableSolvers(issuer);
      if (!issuer || !solvers) continue;
      const className = ingressClass(ingress.raw, defaultClass);
      if (className === '(default)') continue;
      const override = CLASS_OVERRIDES.map(a => annotations[a]).find(v => typeof v === 'string' && v !== '');
      const mismatched = new Map<string, string[]>();
      for (const host of tlsHosts(ingress.raw)) {
        const solver = pickSolver(solvers, host);
        const path = solver === undefined ? undefined : solverPath(solver, override, defaultClass, ingress.namespace);
        if (!path || (path.kind === 'ingress-class' && sameController(path.className, className))) continue;
        const where = path.kind === 'ingress-class' ? `a temporary Ingress of class '${path.className}'` : `a temporary HTTPRoute on Gateway ${path.gateway}`;
        mismatched.set(where, [...(mismatched.get(where) ?? []), host]);
      }
      for (const [where, hosts] of mismatched) {
        out.push({
          object: ingress.ref,
          message: `Ingress ${ingress.namespace}/${ingress.name} (class '${className}') asks ${issuer.kind} ${issuer.name} for a certificate for ${hosts.join(', ')}, `
            + `but the issuer answers their HTTP-01 challenges through ${where}; the CA's request to http://${hosts[0]}/.well-known/acme-challenge/ `
            + `reaches the controller of class '${className}', which has no route for it, so the certificate is never issued: `
            + `give the issuer's solver ingressClassName '${className}', or annotate the Ingress ${CLASS_OVERRIDES[0]}: ${className}`,
        });
      }
    }
    return out;
  },
};

/**
 * Whether two ingress classes are served by one controller: the same name, or two IngressClass
 * objects of the manifests with the same `spec.controller` and `spec.parameters` (one controller
 * deployment answering both, behind one address).
 */
function servedAlike(objects: readonly ObjectEntry[]): (a: string, b: string) => boolean {
  const controllers = new Map<string, string>();
  for (const o of objects) {
    if (o.kind !== 'IngressClass' || o.group !== 'networking.k8s.io' || typeof o.raw.spec?.controller !== 'string') continue;
    controllers.set(o.name, JSON.stringify([o.raw.spec.controller, o.raw.spec.parameters ?? null]));
  }
  return (a, b) => a === b || (controllers.has(a) && controllers.get(a) === controllers.get(b));
}

/** The hosts of the TLS entries cert-manager issues a Certificate for (those with a secretName), wildcards left out (HTTP-01 cannot solve them). */
function tlsHosts(ingress: any): string[] {
  const hosts = new Set<string>();
  for (const tls of asArray(ingress?.spec?.tls)) {
    if (typeof tls?.secretName !== 'string' || tls.secretName === '') continue;
    for (const h of asArray(tls.hosts)) if (typeof h === 'string' && h !== '' && !h.startsWith('*.')) hosts.add(h);
  }
  return [...hosts];
}
