/**
 * Services as `explain` needs them: the pods a Service selects, its ports and targetPorts, the
 * DNS name of an ExternalName Service, the addresses of a selector-less Service's EndpointSlices
 * (or Endpoints). People think in Service names and ports; NetworkPolicy decides on pods and
 * container ports. This module translates.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/
 */
import { compare, WorkloadModel } from './_model';
import { isProtocol, Protocol } from './_ports';
import { isPlainObject, Labels } from './_selector';

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
  /** Addresses of the EndpointSlices (label `kubernetes.io/service-name`) or Endpoints named after it, sorted. */
  readonly addresses: readonly string[];
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

  const addresses = new Map<string, Set<string>>();
  const addAddresses = (key: string, list: unknown) => {
    if (!Array.isArray(list)) return;
    const set = addresses.get(key) ?? new Set<string>();
    for (const a of list) if (typeof a === 'string' && a !== '') set.add(a);
    addresses.set(key, set);
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
      for (const e of obj.endpoints) if (isPlainObject(e)) addAddresses(`${namespace}/${owner}`, e.addresses);
    } else if (obj.kind === 'Endpoints' && Array.isArray(obj.subsets)) {
      for (const subset of obj.subsets) {
        if (!isPlainObject(subset) || !Array.isArray(subset.addresses)) continue;
        addAddresses(`${namespace}/${meta.name}`, subset.addresses.map((a) => (isPlainObject(a) ? a.ip : undefined)));
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
      });
    }
  }
  return services
    .map((s): ServiceModel => ({
      id: s.id,
      namespace: s.namespace,
      name: s.name,
      type: s.type,
      selector: s.selector,
      externalName: s.externalName,
      ports: s.ports,
      addresses: [...(addresses.get(s.id) ?? [])].sort(compare),
    }))
    .sort((a, b) => compare(a.id, b.id));
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
