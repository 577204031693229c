/**
 * The ways in from outside through an Ingress or an OpenShift Route (internal): Ingress / Route →
 * backend Service → the pods it selects, served by the ingress controller's pods. The controller
 * is the one the analysis knows: ingress-nginx's pods (`app.kubernetes.io/name=ingress-nginx`,
 * `app.kubernetes.io/component=controller`, in any namespace of the manifests, or assumed in
 * `ingress-nginx`) for
 * Ingresses of a class ingress-nginx serves — `nginx`, or an IngressClass of the manifests with
 * controller `k8s.io/ingress-nginx`; an Ingress without a class (`spec.ingressClassName` or the
 * legacy annotation) has the manifests' default IngressClass, and is taken as nginx's when they
 * hold none — and a custom controller the library declared for the Ingress's namespace
 * (`ingress-controller-for-<namespace>`). The OpenShift router is never
 * known: a Route's paths have no controller.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/
 * @see https://docs.openshift.com/container-platform/4.14/rest_api/network_apis/route-route-openshift-io-v1.html
 */
import { defaultIngressClass, namedIngressClass, nginxServesClass } from './_ingress-class';
import { INGRESS_LABELS, WorkloadModel } from './_model';
import { isPortNumber } from './_ports';
import { isPlainObject } from './_selector';
import { ServiceModel, targetPortOn, WorkloadSelection } from './_services';

/** One Ingress or Route backend reaching one workload. */
export interface IngressPath {
  /** `Ingress namespace/name (host/path)` or `Route namespace/name (host)`. */
  readonly ingress: string;
  readonly service: ServiceModel;
  readonly servicePort: number;
  readonly workload: WorkloadModel;
  readonly podPort: number;
  /** The controllers that serve it (possibly none the analysis knows). */
  readonly controllers: readonly WorkloadModel[];
}

interface Backend {
  readonly where: string;
  readonly name: string;
  readonly port: number | string;
}

/**
 * Every Ingress backend (networking.k8s.io/v1: `spec.rules[].http.paths[].backend.service` and
 * `spec.defaultBackend.service`) that names a Service of the manifests with a selector, per
 * workload the Service selects, on the container port its targetPort reaches; then every OpenShift
 * Route backend. With `unservedOnly`, only the paths no controller the analysis knows serves.
 */
export function ingressPaths(
  objects: readonly unknown[],
  services: readonly ServiceModel[],
  workloads: readonly WorkloadModel[],
  unservedOnly = false,
): IngressPath[] {
  const out: IngressPath[] = [];
  const byName = serviceIndex(services);
  const defaultClass = defaultIngressClass(objects);
  const nginxServes = nginxServesClass(objects);
  // Indexed once: every Ingress looking through every workload is Ingresses × workloads.
  const candidates = workloads.filter((w) => isNginx(w) || isDeclaredController(w));
  const selection = new WorkloadSelection(workloads);
  for (const { name, namespace, spec, object } of objectsOf(objects, 'networking.k8s.io/v1', 'Ingress')) {
    // The class the admission controller gives it; none (no default class in the manifests) is taken as nginx.
    const className = namedIngressClass(object) ?? defaultClass;
    const controllers = controllersFor(namespace, className === undefined || nginxServes(className), candidates);
    // Only the paths no known controller serves (the `{ingress-controller}` lines need no others).
    if (unservedOnly && controllers.length > 0) continue;
    for (const backend of backendsOf(spec)) {
      const service = byName.get(`${namespace}/${backend.name}`);
      const port = service?.ports.find((p) => (typeof backend.port === 'number' ? p.port === backend.port : p.name === backend.port));
      if (!service || !port || port.protocol !== 'TCP') continue;
      for (const workload of selection.of(service)) {
        const podPort = targetPortOn(port, workload);
        if (podPort === undefined) continue;
        out.push({ ingress: `Ingress ${namespace}/${name} (${backend.where})`, service, servicePort: port.port, workload, podPort, controllers });
      }
    }
  }
  return [...out, ...openShiftRoutePaths(objects, byName, selection)];
}


/** The named objects of `apiVersion` and `kind`, with their namespace (`default` when absent) and spec. */
function* objectsOf(
  objects: readonly unknown[],
  apiVersion: string,
  kind: string,
): Generator<{ name: string; namespace: string; spec: Record<string, unknown>; object: Record<string, unknown> }> {
  for (const o of objects) {
    if (!isPlainObject(o) || o.kind !== kind || o.apiVersion !== apiVersion || !isPlainObject(o.metadata)) continue;
    const name = o.metadata.name;
    if (typeof name !== 'string') continue;
    const namespace = typeof o.metadata.namespace === 'string' && o.metadata.namespace !== '' ? o.metadata.namespace : 'default';
    yield { name, namespace, spec: isPlainObject(o.spec) ? o.spec : {}, object: o };
  }
}

/** The Services by `namespace/name`. */
function serviceIndex(services: readonly ServiceModel[]): Map<string, ServiceModel> {
  const byName = new Map<string, ServiceModel>();
  for (const s of services) if (!byName.has(`${s.namespace}/${s.name}`)) byName.set(`${s.namespace}/${s.name}`, s);
  return byName;
}

/**
 * Every OpenShift Route (route.openshift.io/v1) backend: `spec.to` and `spec.alternateBackends`
 * of kind Service (the default kind), on the Service port `spec.port.targetPort` names — "If this
 * is a string, it will be looked up as a named port in the target endpoints port list" (the
 * Service's port names); a number is the port on the pods (a Service port whose targetPort, or,
 * as np-guard's netpol-analyzer also reads it, whose port, is that number) — or on every TCP port
 * of the Service when `spec.port` is absent.
 */
function openShiftRoutePaths(
  objects: readonly unknown[],
  services: ReadonlyMap<string, ServiceModel>,
  selection: WorkloadSelection,
): IngressPath[] {
  const out: IngressPath[] = [];
  for (const { name, namespace, spec } of objectsOf(objects, 'route.openshift.io/v1', 'Route')) {
    const wanted = isPlainObject(spec.port) ? spec.port.targetPort : undefined;
    const host = typeof spec.host === 'string' && spec.host !== '' ? spec.host : '*';
    const targets = [spec.to, ...(Array.isArray(spec.alternateBackends) ? spec.alternateBackends : [])];
    for (const target of targets) {
      if (!isPlainObject(target) || typeof target.name !== 'string' || (target.kind !== undefined && target.kind !== 'Service')) continue;
      const service = services.get(`${namespace}/${target.name}`);
      if (!service) continue;
      const ports = service.ports.filter((p) => p.protocol === 'TCP');
      const chosen = wanted === undefined ? ports
        : ports.filter((p) => (typeof wanted === 'string' ? p.name === wanted : p.targetPort === wanted || p.port === wanted)).slice(0, 1);
      for (const port of chosen) {
        for (const workload of selection.of(service)) {
          const podPort = targetPortOn(port, workload);
          if (podPort === undefined) continue;
          out.push({ ingress: `Route ${namespace}/${name} (${host})`, service, servicePort: port.port, workload, podPort, controllers: [] });
        }
      }
    }
  }
  return out;
}

/**
 * The controllers that may serve an Ingress of `namespace`: ingress-nginx's pods when it serves the
 * Ingress's class (see `nginxServesClass`), and the custom controller the library declared for the
 * namespace, whatever the class.
 */
function controllersFor(namespace: string, nginx: boolean, workloads: readonly WorkloadModel[]): WorkloadModel[] {
  return workloads.filter((w) => (nginx && isNginx(w)) || (isDeclaredController(w) && w.name === `${DECLARED_CONTROLLER_PREFIX}${namespace}`));
}

/** The name prefix of the custom ingress controller the library declares for a namespace. */
const DECLARED_CONTROLLER_PREFIX = 'ingress-controller-for-';

/** Whether the pods are ingress-nginx's controller pods (see `INGRESS_LABELS`). */
function isNginx(w: WorkloadModel): boolean {
  for (const key in INGRESS_LABELS) if (w.podLabels[key] !== INGRESS_LABELS[key]) return false;
  return true;
}

/** Whether the workload is a custom ingress controller the library declared for some namespace. */
function isDeclaredController(w: WorkloadModel): boolean {
  return w.assumption !== undefined && w.name.startsWith(DECLARED_CONTROLLER_PREFIX);
}

/** The Service backends of an Ingress spec, with where they are (`shop.example.com/api`, `default backend`). */
function backendsOf(spec: Record<string, unknown>): Backend[] {
  const out: Backend[] = [];
  const add = (raw: unknown, where: string) => {
    const service = isPlainObject(raw) && isPlainObject(raw.service) ? raw.service : undefined;
    if (!service || typeof service.name !== 'string' || !isPlainObject(service.port)) return;
    const port = isPortNumber(service.port.number) ? service.port.number : typeof service.port.name === 'string' ? service.port.name : undefined;
    if (port !== undefined) out.push({ where, name: service.name, port });
  };
  add(spec.defaultBackend, 'default backend');
  for (const rule of Array.isArray(spec.rules) ? spec.rules : []) {
    if (!isPlainObject(rule) || !isPlainObject(rule.http) || !Array.isArray(rule.http.paths)) continue;
    const host = typeof rule.host === 'string' && rule.host !== '' ? rule.host : '*';
    for (const path of rule.http.paths) {
      if (isPlainObject(path)) add(path.backend, `${host}${typeof path.path === 'string' ? path.path : '/'}`);
    }
  }
  return out;
}
