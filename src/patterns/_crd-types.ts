/**
 * Internal: type-only shapes of the custom resources the library writes — Gateway API,
 * cert-manager and prometheus-operator objects. They cover exactly the fields the constructs
 * emit (not the whole CRD schemas), under their wire names, so a misspelled field is a compile
 * error. Nothing here exists at run time.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/
 * @see https://cert-manager.io/docs/reference/api-docs/
 * @see https://prometheus-operator.dev/docs/api-reference/api/
 */
import type { LabelSelector, StringMap } from './_k8s-types';

/** A route's `parentRefs` entry (Gateway API `ParentReference`). */
export interface ParentReference {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  sectionName?: string;
}

/** A route's `backendRefs` entry (Gateway API `BackendRef`, a Service here). */
export interface BackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
}

/** An HTTPRoute rule filter: the URLRewrite and RequestRedirect filters the library uses. */
export interface HttpRouteFilter {
  type: 'URLRewrite' | 'RequestRedirect';
  urlRewrite?: { path: { type: 'ReplacePrefixMatch'; replacePrefixMatch: string } };
  requestRedirect?: { scheme?: string; statusCode?: number };
}

/** An HTTPRoute match (path only). */
export interface HttpRouteMatch {
  path?: { type: 'PathPrefix' | 'Exact'; value?: string };
}

/** An HTTPRoute rule. */
export interface HttpRouteRule {
  matches?: HttpRouteMatch[];
  filters?: HttpRouteFilter[];
  backendRefs?: BackendRef[];
}

/** A GRPCRoute or TLSRoute rule (backends only). */
export interface BackendsRule {
  backendRefs: BackendRef[];
}

/** `spec` of an HTTPRoute, GRPCRoute or TLSRoute. */
export interface RouteSpec {
  parentRefs?: ParentReference[];
  hostnames?: string[];
  rules?: Array<HttpRouteRule | BackendsRule>;
}

/** A ReferenceGrant `from` entry. */
export interface ReferenceGrantFrom {
  group: string;
  kind: string;
  namespace: string;
}

/** A ReferenceGrant `to` entry. */
export interface ReferenceGrantTo {
  group: string;
  kind: string;
  name?: string;
}

/** `spec` of a ReferenceGrant. */
export interface ReferenceGrantSpec {
  from: ReferenceGrantFrom[];
  to: ReferenceGrantTo[];
}

/** A listener's `allowedRoutes`. */
export interface AllowedRoutesSpec {
  namespaces?: { from: 'All' | 'Same' | 'Selector'; selector?: LabelSelector };
  kinds?: Array<{ group?: string; kind: string }>;
}

/** A Gateway listener. */
export interface GatewayListener {
  name: string;
  hostname?: string;
  port: number;
  protocol: string;
  tls?: {
    mode?: 'Terminate' | 'Passthrough';
    certificateRefs?: Array<{ group?: string; kind?: string; name: string; namespace?: string }>;
  };
  allowedRoutes?: AllowedRoutesSpec;
}

/** `spec` of a Gateway. */
export interface GatewaySpec {
  gatewayClassName: string;
  infrastructure?: { annotations?: StringMap; labels?: StringMap };
  listeners: GatewayListener[];
}

/** A cert-manager ACME solver: HTTP-01 through an Ingress class or a Gateway. */
export interface AcmeSolverSpec {
  http01: {
    ingress?: { ingressClassName?: string };
    gatewayHTTPRoute?: { parentRefs: ParentReference[] };
  };
}

/** `spec` of a cert-manager ClusterIssuer (ACME only). */
export interface ClusterIssuerSpec {
  acme: {
    server: string;
    email: string;
    privateKeySecretRef: { name: string };
    solvers: AcmeSolverSpec[];
  };
}

/** A scrape endpoint of a ServiceMonitor (`endpoints`) or PodMonitor (`podMetricsEndpoints`). */
export interface MonitorEndpoint {
  port: string;
  path?: string;
}

/** `spec` of a prometheus-operator ServiceMonitor or PodMonitor. */
export interface MonitorSpec {
  selector: LabelSelector;
  endpoints?: MonitorEndpoint[];
  podMetricsEndpoints?: MonitorEndpoint[];
}
