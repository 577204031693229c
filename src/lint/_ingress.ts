/**
 * Ingress helpers shared by the Ingress rules (internal). Reads networking.k8s.io/v1 and the
 * legacy extensions/v1beta1 backend shape (`serviceName`/`servicePort`).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/
 */
import { asArray, asLabels } from './_selectors';
import { defaultIngressClass as defaultClassOf, namedIngressClass, nginxServesClass } from '../analysis/_ingress-class';
import type { ObjectEntry } from '../analysis/_manifests';

/** A Service an Ingress routes to, and where in the Ingress. */
export interface IngressBackendRef {
  /** `default backend` or `host/path` (`*` for a rule without host). */
  readonly where: string;
  readonly service: string;
  /** The port number or name, when given. */
  readonly port?: number | string;
}

/** One path of one rule. */
export interface IngressPath {
  /** The host, or undefined for a rule that matches every host. */
  readonly host?: string;
  readonly path: string;
  readonly pathType: string;
  readonly backend?: IngressBackendRef;
}

/** The annotations under which cert-manager's ingress-shim issues a certificate for an Ingress. */
const CERT_MANAGER_ANNOTATIONS = ['cert-manager.io/cluster-issuer', 'cert-manager.io/issuer'];

/** The rule hosts and paths of an Ingress. */
export function ingressPaths(ingress: any): IngressPath[] {
  const out: IngressPath[] = [];
  for (const rule of asArray(ingress?.spec?.rules)) {
    const host = typeof rule?.host === 'string' && rule.host.length > 0 ? rule.host : undefined;
    for (const p of asArray(rule?.http?.paths)) {
      const path = typeof p?.path === 'string' && p.path.length > 0 ? p.path : '/';
      const pathType = typeof p?.pathType === 'string' ? p.pathType : 'ImplementationSpecific';
      out.push({ host, path, pathType, backend: backendOf(p?.backend, `${host ?? '*'}${path}`) });
    }
  }
  return out;
}

/** The rule hosts of an Ingress (undefined for a rule without host, which matches every host). */
export function ingressRuleHosts(ingress: any): Array<string | undefined> {
  return asArray(ingress?.spec?.rules).map(rule => (typeof rule?.host === 'string' && rule.host.length > 0 ? rule.host : undefined));
}

/** Every Service backend of an Ingress: the default backend and each path's. */
export function ingressBackends(ingress: any): IngressBackendRef[] {
  const out: IngressBackendRef[] = [];
  const spec = ingress?.spec ?? {};
  const defaultBackend = backendOf(spec.defaultBackend ?? spec.backend, 'default backend');
  if (defaultBackend) out.push(defaultBackend);
  for (const p of ingressPaths(ingress)) {
    if (p.backend) out.push(p.backend);
  }
  return out;
}

/**
 * The Ingress class: `spec.ingressClassName`, the legacy annotation, or `defaultClass` (the default
 * IngressClass of the manifests, which the admission controller gives an Ingress without a class),
 * else `(default)`.
 */
export function ingressClass(ingress: any, defaultClass?: string): string {
  return namedIngressClass(ingress) ?? defaultClass ?? '(default)';
}

/**
 * The one IngressClass of the manifests annotated `ingressclass.kubernetes.io/is-default-class:
 * "true"`, or undefined (none, or several: the admission controller then refuses Ingresses without
 * a class).
 */
export function defaultIngressClass(context: { readonly objects: readonly ObjectEntry[] }): string | undefined {
  return defaultClassOf(context.objects.map(o => o.raw));
}

/** Whether cert-manager issues the certificates of this Ingress (issuer annotation or `kubernetes.io/tls-acme`). */
export function hasCertManagerIssuer(ingress: any): boolean {
  const annotations = asLabels(ingress?.metadata?.annotations);
  return CERT_MANAGER_ANNOTATIONS.some(a => (annotations[a] ?? '').length > 0) || annotations['kubernetes.io/tls-acme'] === 'true';
}

/**
 * Whether an Ingress host pattern covers a host: equal, or a wildcard `*.example.com` covering
 * exactly one more label ("the wildcard only covers a single DNS label").
 */
export function hostCovers(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (pattern.startsWith('*.')) {
    const dot = host.indexOf('.');
    return dot > 0 && host.slice(dot) === pattern.slice(1);
  }
  return false;
}

function backendOf(backend: any, where: string): IngressBackendRef | undefined {
  if (!backend || typeof backend !== 'object') return undefined;
  if (backend.service && typeof backend.service.name === 'string') {
    const port = backend.service.port ?? {};
    const value = port.number !== undefined ? Number(port.number) : (typeof port.name === 'string' ? port.name : undefined);
    return { where, service: backend.service.name, port: value };
  }
  if (typeof backend.serviceName === 'string') {
    const sp = backend.servicePort;
    const value = typeof sp === 'number' ? sp : typeof sp === 'string' ? (/^\d+$/.test(sp) ? Number(sp) : sp) : undefined;
    return { where, service: backend.serviceName, port: value };
  }
  return undefined;
}

/**
 * Whether ingress-nginx may serve Ingresses of class `name` (and so reads their
 * `nginx.ingress.kubernetes.io/*` annotations): not when an IngressClass of the manifests names
 * another controller, nor for a well-known class of another controller (traefik, haproxy, …).
 */
export function nginxMayServe(context: { readonly objects: readonly ObjectEntry[] }, wellKnown: readonly string[]): (name: string) => boolean {
  return nginxServesClass(context.objects.map(o => o.raw), name => !wellKnown.includes(name));
}
