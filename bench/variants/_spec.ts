/**
 * The one app every synthesizing variant builds N times, so the variants produce the same objects:
 * an HTTP server behind an nginx Ingress with cert-manager TLS, three replicas, a health check.
 */

/** The container image (tagged: the library rejects untagged and `latest` images). */
export const IMAGE = 'ghcr.io/acme/app:1.4.2';
/** The cert-manager ClusterIssuer of every Ingress. */
export const CLUSTER_ISSUER = 'letsencrypt-prod';
/** The readiness and liveness HTTP path. */
export const HEALTH_CHECK_PATH = '/healthz';
/** Replicas per app. */
export const REPLICAS = 3;
/** The container port (the library's default). */
export const CONTAINER_PORT = 8080;
/** The Service port (the library's default). */
export const SERVICE_PORT = 80;
/** The namespace of the one-namespace variants. */
export const NAMESPACE = 'bench';
/** The UID/GID pods run as (the library's default). */
export const RUN_AS_USER = 65532;

/** The name of app `i`. */
export function appName(i: number): string {
  return `app-${i}`;
}

/** The Ingress host of app `i`. */
export function appHost(i: number): string {
  return `app-${i}.example.com`;
}

/** The namespace of app `i` in the namespace-per-app variants. */
export function namespaceOf(i: number): string {
  return `ns-${i}`;
}
