/**
 * cert-manager's ACME issuers as lint reads them (internal): which issuer an annotated object asks,
 * and where the solver it picks for a host answers HTTP-01 challenges.
 *
 * @see https://cert-manager.io/docs/configuration/acme/#adding-multiple-solver-types
 * @see https://cert-manager.io/docs/configuration/acme/http01/
 * @see https://cert-manager.io/docs/reference/annotations/
 */
import type { LintContext, NamespacedEntry, ObjectEntry } from './_context';
import { asArray, asLabels } from './_selectors';

/** Where the solver cert-manager picks for a host answers HTTP-01 challenges. */
export type SolverPath =
  | { readonly kind: 'ingress-class'; readonly className: string }
  | { readonly kind: 'gateway'; readonly gateway: string };

/** The ClusterIssuers and Issuers of the manifests, by `issuerKey`. */
export function acmeIssuers(context: LintContext): Map<string, ObjectEntry> {
  const issuers = new Map<string, ObjectEntry>();
  for (const o of context.objects) {
    if (o.group === 'cert-manager.io' && (o.kind === 'ClusterIssuer' || o.kind === 'Issuer')) issuers.set(issuerKey(o.kind, o.name, o.namespace), o);
  }
  return issuers;
}

function issuerKey(kind: string, name: string, namespace: string | undefined): string {
  return kind === 'ClusterIssuer' ? `ClusterIssuer/${name}` : `Issuer/${namespace}/${name}`;
}

/**
 * The issuer object the cert-manager annotation of `object` (an Ingress, or a Gateway for
 * gateway-shim) names, when the manifests hold it.
 */
export function issuerOf(object: NamespacedEntry, issuers: ReadonlyMap<string, ObjectEntry>): ObjectEntry | undefined {
  const annotations = asLabels(object.raw.metadata?.annotations);
  const cluster = annotations['cert-manager.io/cluster-issuer'];
  if (cluster) return issuers.get(issuerKey('ClusterIssuer', cluster, undefined));
  const namespaced = annotations['cert-manager.io/issuer'];
  // cert-manager.io/issuer-kind names an external issuer kind; only cert-manager's own Issuer is read here.
  const kind = annotations['cert-manager.io/issuer-kind'];
  if (namespaced && (kind === undefined || kind === 'Issuer')) return issuers.get(issuerKey('Issuer', namespaced, object.namespace));
  return undefined;
}

/**
 * The ACME solvers of `issuer`, or undefined when lint cannot tell which one a host gets: a
 * `matchLabels` selector matches the Certificate's labels, which the manifests do not hold.
 */
export function judgeableSolvers(issuer: ObjectEntry): any[] | undefined {
  const solvers = asArray(issuer.raw.spec?.acme?.solvers);
  return solvers.some(s => Object.keys(asLabels(s?.selector?.matchLabels)).length > 0) ? undefined : solvers;
}

/**
 * The solver cert-manager uses for `host`: a solver whose `dnsNames` list it, else the one with the
 * longest `dnsZones` entry the host is in, else the first solver without selector; earlier solvers win ties.
 */
export function pickSolver(solvers: readonly any[], host: string): any {
  const byName = solvers.find(s => asArray(s?.selector?.dnsNames).includes(host));
  if (byName) return byName;
  let best: any;
  let bestLength = -1;
  for (const s of solvers) {
    for (const zone of asArray(s?.selector?.dnsZones)) {
      if (typeof zone === 'string' && (host === zone || host.endsWith(`.${zone}`)) && zone.length > bestLength) {
        best = s;
        bestLength = zone.length;
      }
    }
  }
  if (best) return best;
  return solvers.find(s => s?.selector === undefined || s?.selector === null
    || (asArray(s.selector.dnsNames).length === 0 && asArray(s.selector.dnsZones).length === 0));
}

/**
 * Where an HTTP-01 solver answers; undefined for a DNS-01 solver, an in-place edit (`name`) or an
 * unknown class. `override` is an Ingress's class override annotation. A Gateway parentRef without
 * namespace is in the namespace of the challenge's HTTPRoute, the Certificate's: `namespace`.
 */
export function solverPath(solver: any, override: string | undefined, defaultClass: string | undefined, namespace: string): SolverPath | undefined {
  const http01 = solver?.http01;
  if (!http01 || typeof http01 !== 'object') return undefined;
  if (http01.ingress && typeof http01.ingress === 'object') {
    if (typeof http01.ingress.name === 'string' && http01.ingress.name !== '') return undefined;
    const named = override ?? http01.ingress.ingressClassName ?? http01.ingress.class;
    const className = typeof named === 'string' && named !== '' ? named : defaultClass;
    return className === undefined ? undefined : { kind: 'ingress-class', className };
  }
  const parents = asArray(http01.gatewayHTTPRoute?.parentRefs);
  if (parents.length > 0) {
    const gateway = parents[0];
    return { kind: 'gateway', gateway: `${typeof gateway?.namespace === 'string' ? gateway.namespace : namespace}/${String(gateway?.name)}` };
  }
  return undefined;
}
