/**
 * Gateway API in the analysis model (internal): parses Gateways, their listeners and the data
 * plane they declare, HTTPRoutes / GRPCRoutes / TLSRoutes, ReferenceGrants and Services from plain
 * JSON manifests, and decides which listener each route attaches to, the way the Gateway API
 * specification says an implementation must:
 *
 * - "ParentRefs ... SectionName ... the name of a section within the target resource": a
 *   parentRef with `sectionName` attaches to that listener only; without it, to every listener of
 *   the Gateway that accepts the route (and `port`, when given, must equal the listener port);
 * - a listener accepts a route when its protocol serves the route kind (HTTP / HTTPS: HTTPRoute,
 *   GRPCRoute; TLS: TLSRoute; `allowedRoutes.kinds` when given), its `allowedRoutes.namespaces`
 *   admits the route's namespace (`Same` is the default) and its hostname intersects one of the
 *   route's hostnames (a listener or route without hostnames matches any);
 * - "a reference to a resource in another namespace is only valid if a ReferenceGrant in the
 *   target namespace allows it": a backendRef to a Service in another namespace needs a
 *   ReferenceGrant there `from` the route's kind and namespace `to` Services (of that name or all).
 *
 * The data plane: a Gateway the library writes carries the annotation
 * `netpatterns.dev/gateway-data-plane` (JSON: `namespace`, `podLabels`, `ports`: listener →
 * container port), from which the analyzer assumes the proxy pods unless the manifests hold them.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/
 */
import { isPlainObject, parseSelector, selectorMatches as matchesParsed } from './_selector';
import { hasOwn } from '../_collections';
import { GATEWAY_DATA_PLANE_ANNOTATION, hostnamesIntersect } from '../_vocabulary';

const GROUP = 'gateway.networking.k8s.io';
const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** The route kinds each listener protocol accepts. */
export const PROTOCOL_ROUTE_KINDS: Record<string, readonly string[]> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

/** The data plane a Gateway declares. */
export interface DeclaredDataPlane {
  readonly namespace: string;
  readonly podLabels: Record<string, string>;
  /** Listener port → container port. */
  readonly ports: ReadonlyMap<number, number>;
}

export interface ListenerModel {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly hostname?: string;
  /** `Same`, `All` or `Selector`. */
  readonly from: string;
  readonly selector?: Record<string, unknown>;
  /**
   * Route kinds allowed: those of `allowedRoutes.kinds` (group gateway.networking.k8s.io, the
   * default) that suit the protocol, or every kind that suits it when the list is absent or empty.
   */
  readonly kinds: readonly string[];
  /** `allowedRoutes.kinds` as written (`HTTPRoute`, `example.com/HTTPRoute`), when given. */
  readonly declaredKinds?: readonly string[];
  /** `tls.mode` (Terminate when `tls` has none); undefined without `tls`. */
  readonly tlsMode?: string;
}

export interface GatewayModel {
  /** `namespace/name`. */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly listeners: readonly ListenerModel[];
  readonly dataPlane?: DeclaredDataPlane;
  readonly sourceRanges: readonly string[];
  /** Whether cert-manager issues its listener certificates (`cert-manager.io/(cluster-)issuer`). */
  readonly certManager: boolean;
  /**
   * Why the API server refuses the Gateway (its CRD's validation rules), if it does: a refused
   * Gateway serves no route.
   */
  readonly invalid: readonly string[];
}

export interface BackendModel {
  readonly namespace: string;
  readonly name: string;
  readonly port?: number;
}

export interface RouteModel {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** `HTTPRoute/ns/name`. */
  readonly ref: string;
  readonly hostnames: readonly string[];
  readonly parentRefs: ReadonlyArray<{ name: string; namespace: string; sectionName?: string; port?: number }>;
  /**
   * The Services among its parentRefs (`kind: Service`, core group): a mesh (GAMMA) route, which
   * the mesh applies to traffic sent to those Services.
   *
   * @see https://gateway-api.sigs.k8s.io/mesh/
   */
  readonly serviceParents: ReadonlyArray<{ name: string; namespace: string }>;
  readonly backends: readonly BackendModel[];
}

/** Why a parentRef does not attach, or the listeners it attaches to. */
export interface Attachment {
  readonly route: RouteModel;
  readonly gateway?: GatewayModel;
  /** `namespace/name` of the Gateway the parentRef names. */
  readonly gatewayId: string;
  readonly sectionName?: string;
  /** The parentRef's `port`, if given. */
  readonly port?: number;
  readonly listeners: readonly ListenerModel[];
  /** Set when nothing attaches: what the first blocking check was. */
  readonly failure?: 'no-gateway' | 'invalid-gateway' | 'no-listener' | 'protocol' | 'namespace' | 'hostname';
  /** Listeners that got furthest (for messages). */
  readonly near: readonly ListenerModel[];
}

export interface ServiceModel {
  /** `protocol`: TCP unless stated. */
  readonly ports: ReadonlyArray<{ port: number; protocol: string; name?: string; targetPort?: unknown }>;
  readonly selector?: Record<string, string>;
}

export interface GatewayApiModel {
  readonly gateways: readonly GatewayModel[];
  readonly routes: readonly RouteModel[];
  readonly attachments: readonly Attachment[];
  readonly services: ReadonlyMap<string, ServiceModel>;
  /** `namespace/name` of backends a route may not use for want of a ReferenceGrant. */
  readonly ungranted: ReadonlyArray<{ route: RouteModel; backend: BackendModel }>;
}

const cache = new WeakMap<readonly unknown[], GatewayApiModel>();

/** Whether `obj` is an object of the Gateway API group. */
function isGatewayApiObject(obj: unknown): boolean {
  return isPlainObject(obj) && typeof obj.apiVersion === 'string' && obj.apiVersion.startsWith(`${GROUP}/`);
}

/** The Gateway API objects of `objects` (flat, `*List` already flattened), parsed and attached. */
export function gatewayApiModel(objects: readonly unknown[]): GatewayApiModel {
  const cached = cache.get(objects);
  if (cached) return cached;
  // Most manifests hold no Gateway API object: then there is nothing to parse (the Services and
  // Namespaces are read only for routes).
  if (!objects.some(isGatewayApiObject)) {
    const empty: GatewayApiModel = { gateways: [], routes: [], attachments: [], services: new Map(), ungranted: [] };
    cache.set(objects, empty);
    return empty;
  }
  const gateways: GatewayModel[] = [];
  const routes: RouteModel[] = [];
  const grants: Array<{ namespace: string; from: Array<{ kind: string; namespace: string }>; to: Array<{ kind: string; name?: string }> }> = [];
  const namespaceLabels = new Map<string, Record<string, string>>();
  const services = new Map<string, ServiceModel>();
  const core: Array<{ kind: string; namespace: string; name: string; metadata: Record<string, any>; spec: Record<string, any> }> = [];

  for (const obj of objects) {
    if (!isPlainObject(obj) || typeof obj.kind !== 'string') continue;
    const metadata = isPlainObject(obj.metadata) ? obj.metadata : {};
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : 'default';
    const group = typeof obj.apiVersion === 'string' && obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
    const spec = isPlainObject(obj.spec) ? obj.spec : {};
    if ((obj.kind === 'Namespace' || obj.kind === 'Service') && group === '') {
      core.push({ kind: obj.kind, namespace, name, metadata, spec });
    } else if (group === GROUP && obj.kind === 'Gateway') {
      gateways.push(parseGateway(namespace, name, metadata, spec));
    } else if (group === GROUP && ROUTE_KINDS.includes(obj.kind)) {
      routes.push(parseRoute(obj.kind, namespace, name, spec));
    } else if (group === GROUP && obj.kind === 'ReferenceGrant') {
      grants.push({
        namespace,
        // A grant names groups too: routes are in gateway.networking.k8s.io, Services in the core
        // group (""); a grant for another group allows nothing here.
        from: (Array.isArray(spec.from) ? spec.from : []).filter(isPlainObject).filter(f => f.group === GROUP)
          .map(f => ({ kind: String(f.kind), namespace: String(f.namespace) })),
        to: (Array.isArray(spec.to) ? spec.to : []).filter(isPlainObject).filter(t => t.group === '' || t.group === undefined || t.group === null)
          .map(t => ({ kind: String(t.kind), name: typeof t.name === 'string' ? t.name : undefined })),
      });
    }
  }

  // Namespaces and Services matter only to routes (their parents' namespaces, their backends).
  if (routes.length > 0) {
    for (const { kind, namespace, name, metadata, spec } of core) {
      if (kind === 'Namespace') {
        namespaceLabels.set(name, stringMap(metadata.labels));
      } else {
        services.set(`${namespace}/${name}`, {
          ports: (Array.isArray(spec.ports) ? spec.ports : []).filter(isPlainObject).map(p => ({
            port: Number(p.port), protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP', name: typeof p.name === 'string' ? p.name : undefined, targetPort: p.targetPort,
          })),
          selector: isPlainObject(spec.selector) ? stringMap(spec.selector) : undefined,
        });
      }
    }
  }
  const byId = new Map(gateways.map(g => [g.id, g]));
  // A namespace without a Namespace object in the manifests: only its name label is known.
  const labelsOf = (ns: string) => (namespaceLabels.has(ns) ? { ...namespaceLabels.get(ns), [NAMESPACE_NAME_LABEL]: ns } : undefined);
  const attachments: Attachment[] = [];
  for (const route of routes) {
    for (const ref of route.parentRefs) {
      attachments.push(attach(route, ref, byId.get(`${ref.namespace}/${ref.name}`), labelsOf));
    }
  }
  const ungranted: Array<{ route: RouteModel; backend: BackendModel }> = [];
  for (const route of routes) {
    // Mesh routes (parents that are all Services) may send traffic to backendRefs in any namespace
    // without a ReferenceGrant, unlike Gateway-bound routes (GEP-1294, xRoutes Mesh Binding).
    // https://gateway-api.sigs.k8s.io/geps/gep-1294/
    if (route.parentRefs.length === 0 && route.serviceParents.length > 0) continue;
    for (const backend of route.backends) {
      if (backend.namespace === route.namespace) continue;
      const granted = grants.some(g => g.namespace === backend.namespace
        && g.from.some(f => f.kind === route.kind && f.namespace === route.namespace)
        && g.to.some(t => t.kind === 'Service' && (t.name === undefined || t.name === backend.name)));
      if (!granted) ungranted.push({ route, backend });
    }
  }
  const model = { gateways, routes, attachments, services, ungranted };
  cache.set(objects, model);
  return model;
}

/** A declared data plane as a workload. */
export interface DataPlaneWorkload {
  readonly gateway: GatewayModel;
  readonly namespace: string;
  readonly name: string;
  readonly podLabels: Record<string, string>;
  /** The proxies' container ports, UDP for UDP listeners, TCP otherwise; sorted by port. */
  readonly ports: ReadonlyArray<{ readonly port: number; readonly protocol: string }>;
}

/** The data-plane workloads the Gateways declare, by `namespace/name` (the analyzer's naming). */
export function declaredDataPlanes(objects: readonly unknown[]): DataPlaneWorkload[] {
  const out: DataPlaneWorkload[] = [];
  const taken = new Set<string>();
  for (const gateway of gatewayApiModel(objects).gateways) {
    const plane = gateway.dataPlane;
    if (!plane) continue;
    let name = `${gateway.name}-data-plane`;
    if (taken.has(`${plane.namespace}/${name}`)) name = `${gateway.namespace}-${gateway.name}-data-plane`;
    taken.add(`${plane.namespace}/${name}`);
    const ports = new Map<string, { port: number; protocol: string }>();
    for (const l of gateway.listeners) {
      const port = { port: plane.ports.get(l.port) ?? l.port, protocol: listenerTransport(l) };
      ports.set(`${port.port}/${port.protocol}`, port);
    }
    const sorted = [...ports.values()].sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : 1));
    out.push({ gateway, namespace: plane.namespace, name, podLabels: plane.podLabels, ports: sorted });
  }
  return out;
}

/** Namespaces of Gateways annotated with a cert-manager issuer (gateway-shim), sorted. */
export function certManagerGatewayNamespaces(objects: readonly unknown[]): string[] {
  return [...new Set(gatewayApiModel(objects).gateways.filter(g => g.certManager).map(g => g.namespace))].sort();
}

function attach(
  route: RouteModel,
  ref: { name: string; namespace: string; sectionName?: string; port?: number },
  gateway: GatewayModel | undefined,
  labelsOf: (ns: string) => Record<string, string> | undefined,
): Attachment {
  const base = { route, gateway, gatewayId: `${ref.namespace}/${ref.name}`, sectionName: ref.sectionName, port: ref.port };
  if (!gateway) return { ...base, listeners: [], failure: 'no-gateway', near: [] };
  // The API server refuses the Gateway (see `invalidListeners`): nothing attaches to it.
  if (gateway.invalid.length > 0) return { ...base, listeners: [], failure: 'invalid-gateway', near: [] };
  let candidates = gateway.listeners
    .filter(l => (ref.sectionName === undefined || l.name === ref.sectionName) && (ref.port === undefined || l.port === ref.port));
  if (candidates.length === 0) return { ...base, listeners: [], failure: 'no-listener', near: [] };
  const byKind = candidates.filter(l => l.kinds.includes(route.kind));
  if (byKind.length === 0) return { ...base, listeners: [], failure: 'protocol', near: candidates };
  candidates = byKind;
  const serves = (l: ListenerModel) => route.hostnames.length === 0 || route.hostnames.some(h => hostnamesIntersect(l.hostname, h));
  const admitted = (l: ListenerModel) => admits(l, route.namespace, gateway.namespace, labelsOf(route.namespace));
  const attached = candidates.filter(l => serves(l) && admitted(l));
  if (attached.length > 0) return { ...base, listeners: attached, near: attached };
  // Nothing attaches. Name the check to fix: the namespace when some listener serves a hostname
  // of the route (or none admits it), the hostname when listeners admit the namespace only.
  const serving = candidates.filter(serves);
  if (serving.length > 0) return { ...base, listeners: [], failure: 'namespace', near: serving };
  const admitting = candidates.filter(admitted);
  if (admitting.length > 0) return { ...base, listeners: [], failure: 'hostname', near: admitting };
  return { ...base, listeners: [], failure: 'namespace', near: candidates };
}

/**
 * Whether `listener` admits routes from `namespace`. `labels` are undefined for a namespace the
 * manifests hold no Namespace object for: a selector then admits it unless its requirements on
 * `kubernetes.io/metadata.name` (the one label known) refuse it — its other labels could match.
 */
function admits(listener: ListenerModel, namespace: string, gatewayNamespace: string, labels: Record<string, string> | undefined): boolean {
  if (listener.from === 'All') return true;
  if (listener.from === 'Selector') {
    if (labels) return selectorMatches(listener.selector, labels);
    return listener.selector !== undefined && selectorMatches(onNameOnly(listener.selector), { [NAMESPACE_NAME_LABEL]: namespace });
  }
  return namespace === gatewayNamespace;
}

/** The requirements of `selector` on `kubernetes.io/metadata.name` alone. */
function onNameOnly(selector: Record<string, unknown>): Record<string, unknown> {
  const matchLabels = stringMap(selector.matchLabels);
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isPlainObject) : [];
  return {
    matchLabels: hasOwn(matchLabels, NAMESPACE_NAME_LABEL) ? { [NAMESPACE_NAME_LABEL]: matchLabels[NAMESPACE_NAME_LABEL] } : {},
    matchExpressions: expressions.filter(e => e.key === NAMESPACE_NAME_LABEL),
  };
}

/**
 * A LabelSelector (matchLabels AND matchExpressions) against `labels`, parsed and matched as
 * NetworkPolicy selectors are; a selector the API server would refuse matches nothing.
 */
function selectorMatches(selector: Record<string, unknown> | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const parsed = parseSelector(selector, 'selector', []);
  return parsed !== undefined && matchesParsed(parsed, labels);
}

function parseGateway(namespace: string, name: string, metadata: Record<string, unknown>, spec: Record<string, unknown>): GatewayModel {
  const listeners: ListenerModel[] = (Array.isArray(spec.listeners) ? spec.listeners : []).filter(isPlainObject).map(l => {
    const protocol = String(l.protocol ?? '');
    const allowed = isPlainObject(l.allowedRoutes) ? l.allowedRoutes : {};
    const namespaces = isPlainObject(allowed.namespaces) ? allowed.namespaces : {};
    // "A RouteGroupKind MUST correspond to kinds of Routes that are compatible with the
    // application protocol specified in the Listener's Protocol field"; its group defaults to
    // gateway.networking.k8s.io.
    const suits = PROTOCOL_ROUTE_KINDS[protocol] ?? [];
    const declared = Array.isArray(allowed.kinds) && allowed.kinds.length > 0
      ? allowed.kinds.filter(isPlainObject).map(k => ({ group: typeof k.group === 'string' ? k.group : GROUP, kind: String(k.kind) }))
      : undefined;
    const kinds = declared ? suits.filter(kind => declared.some(d => d.group === GROUP && d.kind === kind)) : [...suits];
    return {
      name: String(l.name ?? ''),
      port: Number(l.port),
      protocol,
      hostname: typeof l.hostname === 'string' ? l.hostname : undefined,
      from: typeof namespaces.from === 'string' ? namespaces.from : 'Same',
      selector: isPlainObject(namespaces.selector) ? namespaces.selector : undefined,
      kinds,
      ...(declared ? { declaredKinds: declared.map(d => (d.group === GROUP ? d.kind : `${d.group || 'core'}/${d.kind}`)) } : {}),
      tlsMode: isPlainObject(l.tls) ? (typeof l.tls.mode === 'string' ? l.tls.mode : 'Terminate') : undefined,
    };
  });
  const annotations = stringMap(metadata.annotations);
  let dataPlane: DeclaredDataPlane | undefined;
  const declared = annotations[GATEWAY_DATA_PLANE_ANNOTATION];
  if (declared !== undefined) {
    try {
      const parsed = JSON.parse(declared) as { namespace?: unknown; podLabels?: unknown; ports?: unknown };
      if (typeof parsed.namespace === 'string' && isPlainObject(parsed.podLabels)) {
        const ports = new Map<number, number>();
        for (const p of Array.isArray(parsed.ports) ? parsed.ports : []) {
          if (isPlainObject(p) && Number.isInteger(p.listenerPort) && Number.isInteger(p.containerPort)) {
            ports.set(p.listenerPort as number, p.containerPort as number);
          }
        }
        dataPlane = { namespace: parsed.namespace, podLabels: stringMap(parsed.podLabels), ports };
      }
    } catch {
      // not JSON: no declared data plane
    }
  }
  const infrastructure = isPlainObject(spec.infrastructure) ? spec.infrastructure : {};
  const ranges = stringMap(infrastructure.annotations)['service.beta.kubernetes.io/load-balancer-source-ranges'];
  return {
    id: `${namespace}/${name}`,
    namespace,
    name,
    listeners,
    dataPlane,
    sourceRanges: ranges ? ranges.split(',').map(r => r.trim()).filter(r => r !== '') : [],
    certManager: ['cert-manager.io/cluster-issuer', 'cert-manager.io/issuer'].some(a => (annotations[a] ?? '') !== ''),
    invalid: invalidListeners(listeners),
  };
}

/**
 * What the Gateway CRD's validation rules refuse in `listeners` (each a sentence):
 * "Listener name must be unique within the Gateway", "Combination of port, protocol and hostname
 * must be unique for each listener", "tls mode must be Terminate for protocol HTTPS", "tls must
 * not be specified for protocols ['HTTP', 'TCP', 'UDP']", "tls mode must be set for protocol TLS",
 * "hostname must not be specified for protocols ['TCP', 'UDP']"
 * (config/crd/standard/gateway.networking.k8s.io_gateways.yaml; `tls.mode` defaults to Terminate).
 */
function invalidListeners(listeners: readonly ListenerModel[]): string[] {
  const out: string[] = [];
  const seen = new Map<string, string>();
  const names = new Set<string>();
  for (const l of listeners) {
    if (names.has(l.name)) out.push(`listener name '${l.name}' is used twice (names must be unique within the Gateway)`);
    names.add(l.name);
    const key = `${l.port}/${l.protocol}/${l.hostname ?? ''}`;
    const other = seen.get(key);
    if (other !== undefined && other !== l.name) {
      out.push(`listeners '${other}' and '${l.name}' have the same port, protocol and hostname (${l.protocol} ${l.port} ${l.hostname ?? 'without hostname'}; the combination must be unique)`);
    }
    seen.set(key, l.name);
    if (l.protocol === 'HTTPS' && l.tlsMode !== undefined && l.tlsMode !== '' && l.tlsMode !== 'Terminate') {
      out.push(`listener '${l.name}' is HTTPS with tls.mode ${l.tlsMode} (HTTPS needs mode Terminate; use protocol TLS for Passthrough)`);
    }
    if (['HTTP', 'TCP', 'UDP'].includes(l.protocol) && l.tlsMode !== undefined) {
      out.push(`listener '${l.name}' is ${l.protocol} with tls (tls is not allowed for protocols HTTP, TCP and UDP)`);
    }
    if (l.protocol === 'TLS' && (l.tlsMode === undefined || l.tlsMode === '')) {
      out.push(`listener '${l.name}' is TLS without tls.mode (protocol TLS needs tls with mode Passthrough or Terminate)`);
    }
    if (['TCP', 'UDP'].includes(l.protocol) && l.hostname !== undefined && l.hostname !== '') {
      out.push(`listener '${l.name}' is ${l.protocol} with hostname ${l.hostname} (hostname is not allowed for protocols TCP and UDP)`);
    }
  }
  return out;
}

function parseRoute(kind: string, namespace: string, name: string, spec: Record<string, unknown>): RouteModel {
  const parentRefs = (Array.isArray(spec.parentRefs) ? spec.parentRefs : []).filter(isPlainObject)
    .filter(p => (p.kind === undefined || p.kind === 'Gateway') && (p.group === undefined || p.group === GROUP))
    .map(p => ({
      name: String(p.name),
      namespace: typeof p.namespace === 'string' ? p.namespace : namespace,
      sectionName: typeof p.sectionName === 'string' ? p.sectionName : undefined,
      port: typeof p.port === 'number' ? p.port : undefined,
    }));
  const serviceParents = (Array.isArray(spec.parentRefs) ? spec.parentRefs : []).filter(isPlainObject)
    .filter(p => p.kind === 'Service' && (p.group === '' || p.group === 'core') && typeof p.name === 'string')
    .map(p => ({ name: p.name as string, namespace: typeof p.namespace === 'string' ? p.namespace : namespace }));
  const backends: BackendModel[] = [];
  const add = (b: Record<string, unknown>) => {
    if ((b.kind !== undefined && b.kind !== 'Service') || (b.group !== undefined && b.group !== '')) return;
    backends.push({
      namespace: typeof b.namespace === 'string' ? b.namespace : namespace,
      name: String(b.name),
      port: typeof b.port === 'number' ? b.port : undefined,
    });
  };
  // "The RequestMirror filter [...] BackendRef references a resource where mirrored requests are
  // sent": mirrored requests reach their Service as routed ones do (a ReferenceGrant included).
  const mirrors = (filters: unknown) => (Array.isArray(filters) ? filters : []).filter(isPlainObject)
    .map(f => (isPlainObject(f.requestMirror) && isPlainObject(f.requestMirror.backendRef) ? f.requestMirror.backendRef : undefined))
    .filter((b): b is Record<string, unknown> => b !== undefined);
  for (const rule of (Array.isArray(spec.rules) ? spec.rules : []).filter(isPlainObject)) {
    for (const b of (Array.isArray(rule.backendRefs) ? rule.backendRefs : []).filter(isPlainObject)) {
      // "If weight is set to 0, no traffic should be forwarded for this entry."
      if (b.weight !== 0) add(b);
      mirrors(b.filters).forEach(add);
    }
    mirrors(rule.filters).forEach(add);
  }
  return {
    kind,
    namespace,
    name,
    ref: `${kind}/${namespace}/${name}`,
    hostnames: (Array.isArray(spec.hostnames) ? spec.hostnames : []).filter((h): h is string => typeof h === 'string'),
    parentRefs,
    serviceParents,
    backends,
  };
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string') out[k] = v;
    }
  }
  return out;
}

/** What `routePaths` needs of a workload. */
export interface PathWorkload {
  readonly id: string;
  readonly namespace: string;
  readonly podLabels: Record<string, string>;
  readonly ports: ReadonlyArray<{ port: number; protocol: string; name?: string }>;
}

/** The transport a listener's clients and its routes' backends use: UDP for a UDP listener, TCP otherwise. */
export function listenerTransport(listener: ListenerModel): 'TCP' | 'UDP' {
  return listener.protocol === 'UDP' ? 'UDP' : 'TCP';
}

/** One hop chain outside → listener → route → Service → pods, with its two policy verdicts. */
export interface RoutePath {
  readonly gateway: GatewayModel;
  readonly listener: ListenerModel;
  readonly route: RouteModel;
  readonly service: string;
  readonly servicePort: number;
  readonly workload: string;
  readonly podPort: number;
  /** TCP, or UDP for a UDPRoute on a UDP listener. */
  readonly protocol: 'TCP' | 'UDP';
}

/**
 * Every chain from a Gateway listener through an attached route and a backend Service to the
 * workloads the Service selects (`workloads`: id, namespace, pod labels, named container ports).
 */
export function routePaths(
  model: GatewayApiModel,
  workloads: ReadonlyArray<PathWorkload>,
): RoutePath[] {
  const out: RoutePath[] = [];
  for (const a of model.attachments) {
    if (!a.gateway) continue;
    for (const listener of a.listeners) {
      for (const backend of a.route.backends) {
        if (backend.namespace !== a.route.namespace && model.ungranted.some(u => u.route === a.route && u.backend === backend)) continue;
        const service = model.services.get(`${backend.namespace}/${backend.name}`);
        const protocol = listenerTransport(listener);
        const svcPort = service?.ports.find(p => p.port === backend.port && p.protocol === protocol);
        if (!service || !service.selector || !svcPort) continue;
        for (const w of workloads) {
          if (w.namespace !== backend.namespace || !Object.entries(service.selector).every(([k, v]) => w.podLabels[k] === v)) continue;
          const target = svcPort.targetPort ?? svcPort.port;
          const podPort = typeof target === 'number' ? target : w.ports.find(p => p.name === target && p.protocol === protocol)?.port;
          if (podPort === undefined) continue;
          out.push({
            gateway: a.gateway, listener, route: a.route, service: `${backend.namespace}/${backend.name}`, servicePort: svcPort.port, workload: w.id, podPort, protocol,
          });
        }
      }
    }
  }
  return out;
}
