/**
 * Internal Gateway API route helpers shared by `ExposedApp` (per-app routes) and `Gateway`
 * (shared routes): route API versions, rule rendering, ReferenceGrants, hostname matching and a
 * hook that tells Gateways about `ZeroTrustNamespace`s created after them.
 */
import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { standardLabels } from '../_names';
import type { BackendRef, HttpRouteRule, ReferenceGrantFrom, ReferenceGrantSpec } from './_crd-types';
import { Registry } from './_registry';
import { pushTo } from '../_collections';

/** Route kinds the library writes. */
export type RouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute';

/**
 * API versions written: HTTPRoute and GRPCRoute are v1 (standard channel; GRPCRoute since Gateway
 * API v1.1); TLSRoute v1, the version the standard channel serves since Gateway API v1.5 (its
 * CRD there serves v1alpha2 no more; earlier releases had TLSRoute in the experimental channel
 * only, as v1alpha2); ReferenceGrant v1beta1, served since v0.6.
 *
 * @see https://github.com/kubernetes-sigs/gateway-api/blob/v1.5.0/config/crd/standard/gateway.networking.k8s.io_tlsroutes.yaml
 */
export const ROUTE_API_VERSIONS: { readonly [kind in RouteKind]: string } = {
  HTTPRoute: 'gateway.networking.k8s.io/v1',
  GRPCRoute: 'gateway.networking.k8s.io/v1',
  TLSRoute: 'gateway.networking.k8s.io/v1',
};
export const REFERENCE_GRANT_API_VERSION = 'gateway.networking.k8s.io/v1beta1';


/** An HTTPRoute rule: PathPrefix match, one backend, an optional URLRewrite of the prefix. */
export function httpRule(path: string, backend: { name: string; namespace?: string; port: number }, rewritePath?: string): HttpRouteRule {
  return {
    matches: [{ path: { type: 'PathPrefix', value: path } }],
    ...(rewritePath !== undefined ? {
      filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: rewritePath } } }],
    } : {}),
    backendRefs: [backendRef(backend)],
  };
}

/** A Service backendRef (namespace only when given). */
export function backendRef(backend: { name: string; namespace?: string; port: number }): BackendRef {
  return {
    group: '',
    kind: 'Service',
    name: backend.name,
    ...(backend.namespace !== undefined ? { namespace: backend.namespace } : {}),
    port: backend.port,
  };
}

/**
 * The ReferenceGrant in the backend's namespace that lets routes of `kind` in `fromNamespace`
 * name Service `serviceName` — created once per (Service, route namespace, kind), named
 * `<service>-from-<namespace>`.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/referencegrant/
 */
export function grantBackend(scope: IConstruct, serviceName: string, kind: RouteKind, fromNamespace: string): ApiObject {
  const namespace = Chart.of(scope).namespace ?? 'default';
  const key = `${fromNamespace}/${kind}`;
  const kinds = grantedKinds.get(scope) ?? new Set<string>();
  grantedKinds.set(scope, kinds);
  kinds.add(key);
  const id = `ReferenceGrant-${fromNamespace}`;
  const existing = scope.node.tryFindChild(id);
  if (existing instanceof ApiObject) {
    return existing;
  }
  const name = `${serviceName}-from-${fromNamespace}`.slice(0, 253);
  Registry.of(scope).claim(`ReferenceGrant ${namespace}/${name}`, `ReferenceGrant for Service ${namespace}/${serviceName}`, scope);
  const fromKinds = (): ReferenceGrantFrom[] => [...kinds]
    .filter(k => k.startsWith(`${fromNamespace}/`))
    .map(k => k.slice(fromNamespace.length + 1))
    .sort()
    .map(k => ({ group: 'gateway.networking.k8s.io', kind: k, namespace: fromNamespace }));
  return new ApiObject(scope as Construct, id, {
    apiVersion: REFERENCE_GRANT_API_VERSION,
    kind: 'ReferenceGrant',
    metadata: { name, labels: standardLabels(serviceName, 'reference-grant') },
    spec: {
      from: Lazy.any({ produce: fromKinds }),
      to: [{ group: '', kind: 'Service', name: serviceName }],
    } satisfies ReferenceGrantSpec,
  });
}

const grantedKinds = new WeakMap<IConstruct, Set<string>>();

/** Callbacks run for every `ZeroTrustNamespace` of an App, including those created later. */
const namespaceWatchers = new WeakMap<IConstruct, Array<(chart: Chart) => void>>();
const announced = new WeakMap<IConstruct, Chart[]>();

/** Runs `callback` for every ZeroTrustNamespace of `scope`'s App: those created so far and later ones. */
export function onZeroTrustNamespace(scope: IConstruct, callback: (chart: Chart) => void): void {
  const root = scope.node.root;
  const list = namespaceWatchers.get(root) ?? [];
  list.push(callback);
  namespaceWatchers.set(root, list);
  // A copy: a callback that creates a namespace is told about it by the announcement itself.
  for (const chart of [...(announced.get(root) ?? [])]) {
    callback(chart);
  }
}

/** The ZeroTrustNamespaces of `scope`'s App constructed so far, in order. */
export function zeroTrustNamespacesSoFar(scope: IConstruct): Chart[] {
  return [...(announced.get(scope.node.root) ?? [])];
}

/** Called by each ZeroTrustNamespace once constructed. */
export function announceZeroTrustNamespace(chart: Chart): void {
  const root = chart.node.root;
  pushTo(announced, root, chart);
  for (const callback of namespaceWatchers.get(root) ?? []) {
    callback(chart);
  }
}
