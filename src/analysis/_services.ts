/**
 * Services as `explain` needs them: the pods a Service selects, its ports and targetPorts, the
 * DNS name of an ExternalName Service, the addresses and ports of a selector-less Service's
 * EndpointSlices (or Endpoints). People think in Service names and ports; NetworkPolicy decides
 * on pods and container ports. This module translates.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/
 */
import { compare, WorkloadModel } from './_model';
import { isProtocol, Protocol } from './_ports';
import { isPlainObject, Labels } from './_selector';
import { pushTo } from '../_collections';

/** One entry of `spec.ports`. */
export interface ServicePortModel {
  readonly port: number;
  readonly name?: string;
  readonly protocol: Protocol;
  /**
   * "Number or name of the port to access on the pods targeted by the service [...] If this is
   * not specified, the value of the 'port' field is used." A quoted number is a number.
   */
  readonly targetPort: number | string;
}

/** A Service of the manifests. */
export interface ServiceModel {
  /** `namespace/name` */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  /** `spec.type`, `ClusterIP` when absent. */
  readonly type: string;
  /**
   * `spec.selector`; undefined when absent or empty ("If empty or not present, the service is
   * assumed to have an external process managing its endpoints").
   */
  readonly selector?: Labels;
  /** `spec.externalName` of an ExternalName Service. */
  readonly externalName?: string;
  readonly ports: readonly ServicePortModel[];
  /**
   * The addresses of `endpoints`, sorted: where kube-proxy sends the connections of a Service
   * without a selector.
   */
  readonly addresses: readonly string[];
  /**
   * Its endpoints as the manifests hold them: the EndpointSlices labelled
   * `kubernetes.io/service-name` with its name, or, when it has none, the subsets of the legacy
   * Endpoints object named after it (kube-proxy reads EndpointSlices; the API server mirrors a
   * hand-made Endpoints object into them). Empty when the manifests hold neither.
   */
  readonly endpoints: readonly EndpointSetModel[];
}

/** One port of an EndpointSlice (`ports[]`) or of an Endpoints subset (`subsets[].ports[]`). */
export interface EndpointPortModel {
  /** Matches the `name` of the Service port it serves; undefined for a Service's one unnamed port. */
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** One EndpointSlice, or one subset of an Endpoints object: addresses that all serve `ports`. */
export interface EndpointSetModel {
  /** Which object held it, as people name it: `EndpointSlice` or `Endpoints`. */
  readonly kind: 'EndpointSlice' | 'Endpoints';
  readonly addresses: readonly string[];
  readonly ports: readonly EndpointPortModel[];
}

/**
 * The port a Service port reaches on `set`, as kube-proxy resolves it for a Service without a
 * selector: the endpoint port with the Service port's name and protocol (the one unnamed port
 * for a Service of one unnamed port); undefined when the set names no such port.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
 */
export function endpointPortOf(port: ServicePortModel, set: EndpointSetModel): EndpointPortModel | undefined {
  const sameProtocol = set.ports.filter((p) => p.protocol === port.protocol);
  return sameProtocol.find((p) => (p.name ?? '') === (port.name ?? ''))
    ?? (port.name === undefined && sameProtocol.length === 1 && set.ports.length === 1 ? sameProtocol[0] : undefined);
}

/** The label an EndpointSlice carries to say which Service it belongs to. */
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** Reads the Services of the manifests (Lists flattened; unusable entries ignored), sorted by id. */
export function readServices(objects: readonly unknown[]): ServiceModel[] {
  const flat: Array<Record<string, unknown>> = [];
  const walk = (items: readonly unknown[]) => {
    for (const item of items) {
      if (!isPlainObject(item)) continue;
      if (typeof item.kind === 'string' && item.kind.endsWith('List') && Array.isArray(item.items)) walk(item.items);
      else flat.push(item);
    }
  };
  walk(objects);

  const slices = new Map<string, EndpointSetModel[]>();
  const subsets = new Map<string, EndpointSetModel[]>();
  const addSet = (into: Map<string, EndpointSetModel[]>, key: string, kind: EndpointSetModel['kind'], list: readonly unknown[], ports: unknown) => {
    const set: EndpointSetModel = {
      kind,
      addresses: [...new Set(list.filter((a): a is string => typeof a === 'string' && a !== ''))],
      ports: readEndpointPorts(ports),
    };
    into.set(key, [...into.get(key) ?? [], set]);
  };
  const services: ServiceModel[] = [];
  for (const obj of flat) {
    const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
    if (typeof meta.name !== 'string' || meta.name === '') continue;
    const namespace = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : 'default';
    if (obj.kind === 'EndpointSlice') {
      const labels = isPlainObject(meta.labels) ? meta.labels : {};
      const owner = labels[SERVICE_NAME_LABEL];
      if (typeof owner !== 'string' || !Array.isArray(obj.endpoints)) continue;
      const list = obj.endpoints.flatMap((e) => (isPlainObject(e) && Array.isArray(e.addresses) ? e.addresses : []));
      addSet(slices, `${namespace}/${owner}`, 'EndpointSlice', list, obj.ports);
    } else if (obj.kind === 'Endpoints' && Array.isArray(obj.subsets)) {
      for (const subset of obj.subsets) {
        if (!isPlainObject(subset) || !Array.isArray(subset.addresses)) continue;
        addSet(subsets, `${namespace}/${meta.name}`, 'Endpoints', subset.addresses.map((a) => (isPlainObject(a) ? a.ip : undefined)), subset.ports);
      }
    } else if (obj.kind === 'Service') {
      const spec = isPlainObject(obj.spec) ? obj.spec : {};
      const selector = readSelector(spec.selector);
      services.push({
        id: `${namespace}/${meta.name}`,
        namespace,
        name: meta.name,
        type: typeof spec.type === 'string' ? spec.type : 'ClusterIP',
        selector,
        externalName: spec.type === 'ExternalName' && typeof spec.externalName === 'string' ? spec.externalName : undefined,
        ports: readPorts(spec.ports),
        addresses: [],
        endpoints: [],
      });
    }
  }
  return services
    .map((s): ServiceModel => {
      const endpoints = slices.get(s.id) ?? subsets.get(s.id) ?? [];
      return {
        id: s.id,
        namespace: s.namespace,
        name: s.name,
        type: s.type,
        selector: s.selector,
        externalName: s.externalName,
        ports: s.ports,
        addresses: [...new Set(endpoints.flatMap((e) => e.addresses))].sort(compare),
        endpoints,
      };
    })
    .sort((a, b) => compare(a.id, b.id));
}

/** The ports of an EndpointSlice or Endpoints subset; entries without a port number (all ports) are left out. */
function readEndpointPorts(raw: unknown): EndpointPortModel[] {
  if (!Array.isArray(raw)) return [];
  const out: EndpointPortModel[] = [];
  for (const p of raw) {
    if (!isPlainObject(p) || typeof p.port !== 'number' || !Number.isInteger(p.port)) continue;
    const protocol = p.protocol ?? 'TCP';
    if (!isProtocol(protocol)) continue;
    out.push(typeof p.name === 'string' && p.name !== '' ? { name: p.name, port: p.port, protocol } : { port: p.port, protocol });
  }
  return out;
}

function readSelector(raw: unknown): Labels | undefined {
  if (!isPlainObject(raw)) return undefined;
  const entries = Object.entries(raw).filter(([, v]) => typeof v === 'string') as Array<[string, string]>;
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

function readPorts(raw: unknown): ServicePortModel[] {
  if (!Array.isArray(raw)) return [];
  const out: ServicePortModel[] = [];
  for (const p of raw) {
    if (!isPlainObject(p)) continue;
    // As the API server reads them: `port` is an integer (the string '80' is refused), a string
    // targetPort is a port name (digits alone are refused); lint reports both (object-invalid).
    const port = p.port;
    if (typeof port !== 'number' || !Number.isInteger(port)) continue;
    const protocol = p.protocol ?? 'TCP';
    if (!isProtocol(protocol)) continue;
    let targetPort: number | string = port;
    if (typeof p.targetPort === 'number') {targetPort = p.targetPort;} else if (typeof p.targetPort === 'string' && p.targetPort !== '') {
      if (/^\d+$/.test(p.targetPort)) continue;
      targetPort = p.targetPort;
    }
    out.push({ port, name: typeof p.name === 'string' && p.name !== '' ? p.name : undefined, protocol, targetPort });
  }
  return out;
}

/**
 * The workloads Services select, found through an index of the workloads' pod labels: a caller
 * asking for many Services (every Ingress backend) does not read every workload for each.
 */
export class WorkloadSelection {
  /** By `namespace`, `key` and `value` of one pod label; each list in the workloads' order. */
  private readonly byLabel = new Map<string, WorkloadModel[]>();
  /** By namespace, in the workloads' order. */
  private readonly byNamespace = new Map<string, WorkloadModel[]>();

  public constructor(workloads: readonly WorkloadModel[]) {
    for (const w of workloads) {
      pushTo(this.byNamespace, w.namespace, w);
      for (const key of Object.keys(w.podLabels)) pushTo(this.byLabel, labelKey(w.namespace, key, w.podLabels[key]), w);
    }
  }

  /** The workloads of a namespace, in their order. */
  public inNamespace(namespace: string): readonly WorkloadModel[] {
    return this.byNamespace.get(namespace) ?? [];
  }

  /** `selectedWorkloads(service, workloads)`, in the same order. */
  public of(service: ServiceModel): WorkloadModel[] {
    const selector = service.selector;
    if (!selector) return [];
    // Every workload selected carries the selector's first label: only those are read.
    const first = Object.keys(selector)[0];
    const candidates = first === undefined
      ? this.inNamespace(service.namespace)
      : this.byLabel.get(labelKey(service.namespace, first, selector[first])) ?? [];
    return selectedWorkloads(service, candidates);
  }
}

function labelKey(namespace: string, key: string, value: unknown): string {
  return `${namespace}\u0000${key}\u0000${String(value)}`;
}

/** The workloads whose pods a Service selects: same namespace, every selector label on the pods. */
export function selectedWorkloads(service: ServiceModel, workloads: readonly WorkloadModel[]): WorkloadModel[] {
  const selector = service.selector;
  if (!selector) return [];
  return workloads.filter((w) => w.namespace === service.namespace
    && Object.entries(selector).every(([k, v]) => w.podLabels[k] === v));
}

/**
 * The container port a Service port reaches on a workload: the targetPort number, or the
 * workload's container port with the targetPort's name and the Service port's protocol.
 */
export function targetPortOn(port: ServicePortModel, workload: WorkloadModel): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  return workload.ports.find((p) => p.name === port.targetPort && p.protocol === port.protocol)?.port;
}

/** `80/TCP (http) → targetPort 8080` or `80/TCP → targetPort 'http'`. */
export function describeServicePort(port: ServicePortModel): string {
  const target = typeof port.targetPort === 'number' ? `${port.targetPort}` : `'${port.targetPort}'`;
  return `${port.port}/${port.protocol}${port.name ? ` (${port.name})` : ''} → targetPort ${target}`;
}
