/**
 * Rule `gateway-acme-solver-mismatch`.
 *
 * @see https://cert-manager.io/docs/usage/gateway/
 * @see https://cert-manager.io/docs/configuration/acme/http01/#configuring-the-http-01-gateway-api-solver
 * @see https://cert-manager.io/docs/configuration/acme/#adding-multiple-solver-types
 */
import { acmeIssuers, issuerOf, judgeableSolvers, pickSolver, solverPath } from '../_acme';
import type { LintContext, NamespacedEntry } from '../_context';
import { defaultIngressClass } from '../_ingress';
import type { LintRule, Violation } from '../_rule';
import { asArray } from '../_selectors';
import { Severity } from '../finding';

/** The rule. */
export const gatewayAcmeSolverMismatch: LintRule = {
  id: 'gateway-acme-solver-mismatch',
  severity: Severity.WARNING,
  summary: 'A Gateway whose cert-manager ACME issuer answers HTTP-01 challenges through an Ingress or another Gateway',
  explanation:
    'For a Gateway annotated with a cert-manager issuer, gateway-shim requests a certificate for the hostname of each listener '
    + 'that terminates TLS with certificateRefs. The CA checks each hostname by fetching '
    + 'http://<hostname>/.well-known/acme-challenge/<token>, and a hostname the Gateway serves resolves to the Gateway. When the '
    + 'solver the issuer picks for the hostname (a dnsNames selector first, then the longest dnsZones match, then a solver '
    + 'without selector) is an http01.ingress solver, cert-manager answers through a temporary Ingress of an ingress '
    + 'controller, and with an http01.gatewayHTTPRoute solver whose parentRef names another Gateway, through that Gateway: '
    + 'the request reaches this Gateway, which has no route for it, so the certificate is not issued — or, while DNS still '
    + 'points at the old controller during a move to the Gateway API, issued once and then never renewed. Give the issuer an '
    + 'http01.gatewayHTTPRoute solver whose parentRefs name this Gateway (AcmeSolver.gatewayHttpRoute(gw)), selected for these '
    + 'hostnames. Checked when the issuer is in the manifests; solvers selected by matchLabels are not judged, nor wildcard '
    + 'hostnames (HTTP-01 cannot solve them). If the hostnames resolve to the solver\'s controller on purpose, acknowledge the finding.',
  check(context: LintContext): Violation[] {
    const issuers = acmeIssuers(context);
    if (issuers.size === 0) return [];
    const defaultClass = defaultIngressClass(context);
    const out: Violation[] = [];
    for (const o of context.objects) {
      if (o.kind !== 'Gateway' || o.group !== 'gateway.networking.k8s.io' || o.namespace === undefined) continue;
      const gateway = o as NamespacedEntry;
      const issuer = issuerOf(gateway, issuers);
      const solvers = issuer && judgeableSolvers(issuer);
      if (!issuer || !solvers) continue;
      const self = `${gateway.namespace}/${gateway.name}`;
      const mismatched = new Map<string, string[]>();
      for (const host of certifiedHostnames(gateway.raw)) {
        const solver = pickSolver(solvers, host);
        // The Certificate, and so the challenge's Ingress or HTTPRoute, is in the Gateway's namespace.
        const path = solver === undefined ? undefined : solverPath(solver, undefined, defaultClass, gateway.namespace);
        if (!path || (path.kind === 'gateway' && path.gateway === self)) continue;
        const where = path.kind === 'ingress-class' ? `a temporary Ingress of class '${path.className}'` : `a temporary HTTPRoute on Gateway ${path.gateway}`;
        mismatched.set(where, [...(mismatched.get(where) ?? []), host]);
      }
      for (const [where, hosts] of mismatched) {
        out.push({
          object: gateway.ref,
          message: `Gateway ${self} asks ${issuer.kind} ${issuer.name} for certificates for ${hosts.join(', ')}, but the issuer answers their `
            + `HTTP-01 challenges through ${where}; the CA's request to http://${hosts[0]}/.well-known/acme-challenge/ reaches Gateway ${self}, `
            + 'which serves that hostname and has no route for the challenge, so the certificate is not issued (or not renewed once DNS '
            + `points at the Gateway): give the issuer an http01.gatewayHTTPRoute solver whose parentRefs name Gateway ${self} `
            + '(AcmeSolver.gatewayHttpRoute(gw)), selected for these hostnames',
        });
      }
    }
    return out;
  },
};

/**
 * The listener hostnames gateway-shim requests certificates for: listeners with a hostname that
 * terminate TLS (HTTPS, or TLS in mode Terminate, the default) with certificateRefs; wildcards left
 * out (HTTP-01 cannot solve them).
 */
function certifiedHostnames(gateway: any): string[] {
  const hosts = new Set<string>();
  for (const listener of asArray(gateway?.spec?.listeners)) {
    const host = listener?.hostname;
    if (typeof host !== 'string' || host === '' || host.startsWith('*.')) continue;
    if (listener.protocol !== 'HTTPS' && listener.protocol !== 'TLS') continue;
    const tls = listener.tls;
    if (!tls || (tls.mode !== undefined && tls.mode !== 'Terminate') || asArray(tls.certificateRefs).length === 0) continue;
    hosts.add(host);
  }
  return [...hosts];
}
