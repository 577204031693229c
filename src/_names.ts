/**
 * Internal naming helpers: the labels, DNS names and derived names every construct shares.
 *
 * Names are the user's names, never hashes: a construct named `api` synthesizes objects named `api`
 * (and `api-ingress`, `api-egress`, …), so DNS names and `kubectl` commands stay predictable.
 */

/** The cluster DNS domain used for in-cluster FQDNs. */
export const CLUSTER_DOMAIN = 'cluster.local';

/** Value of `app.kubernetes.io/managed-by` on everything this library creates. */
export const MANAGED_BY = 'cdk8s-network-patterns';

/** The label every Namespace carries automatically (Kubernetes ≥ 1.21). */
export { NAMESPACE_NAME_LABEL } from './_vocabulary';

/**
 * The immutable pod selector of a workload: `app.kubernetes.io/name` + `app.kubernetes.io/instance`.
 * Never a construct path: selectors are immutable, so refactoring the construct tree must not
 * change them.
 */
export function selectorLabels(name: string): { [key: string]: string } {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': name,
  };
}

/** The standard labels of an object: the selector labels plus component and managed-by. */
export function standardLabels(name: string, component: string): { [key: string]: string } {
  // Written out (not `{ ...selectorLabels(name), … }`): see `copyRecord` on hidden classes.
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}

/** `name.namespace.svc.cluster.local` (or the given cluster domain). */
export function serviceFqdn(name: string, namespace: string, clusterDomain: string = CLUSTER_DOMAIN): string {
  return `${name}.${namespace}.svc.${clusterDomain}`;
}

/** `API_HOST` style environment variable prefix for a target named `api` (`-` → `_`). */
export function envPrefix(name: string): string {
  return name.toUpperCase().replace(/[-.]/g, '_');
}

/** The TLS secret name derived from a host: `api.example.com` → `api-example-com-tls`. */
export function tlsSecretNameForHost(host: string): string {
  const bare = host.startsWith('*.') ? `wildcard.${host.slice(2)}` : host;
  const name = `${bare.replace(/\./g, '-')}-tls`;
  // A host of 250-253 characters derives a name beyond the 253 a Secret name allows: the callers
  // check and ask for an explicit secretName (Exposure.ingress).
  return name;
}
