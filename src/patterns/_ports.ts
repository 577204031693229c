/**
 * Internal: named ports (`AppPort`) checked and resolved, for the library's apps and for peers.
 */
import { fail, validatePort, validatePortName } from '../_validate';
import { AppPort, Protocol, ResolvedPort } from './workload';
import type { WorkloadPodProps } from './workload-options';

/**
 * Checks named ports — IANA names, unique, ports and container ports in 1-65535 — and fills in
 * the defaults (container port = port, TCP).
 */
export function resolveAppPorts(owner: string, ports: AppPort[]): ResolvedPort[] {
  if (!Array.isArray(ports)) {
    fail(owner, `ports must be a list of ports ({ name, port }), got ${JSON.stringify(ports)}`);
  }
  const seen = new Set<string>();
  const servicePorts = new Map<string, string>();
  return ports.map(p => {
    validatePortName(owner, p.name);
    if (seen.has(p.name)) {
      fail(owner, `port name '${p.name}' is used twice; port names must be unique`);
    }
    seen.add(p.name);
    validatePort(owner, `port '${p.name}'`, p.port);
    const containerPort = p.containerPort ?? p.port;
    validatePort(owner, `containerPort of '${p.name}'`, containerPort);
    const protocol = p.protocol ?? Protocol.TCP;
    // The API server refuses a Service listing one port and protocol twice (spec.ports: Duplicate value).
    const other = servicePorts.get(`${p.port}/${protocol}`);
    if (other !== undefined) {
      fail(owner, `ports '${other}' and '${p.name}' are both Service port ${p.port}/${protocol}, which the API server refuses; give each port its own number`);
    }
    servicePorts.set(`${p.port}/${protocol}`, p.name);
    return { name: p.name, port: p.port, containerPort, protocol };
  });
}

/** A port a platform service calls on a workload: its prop, the name the library gives it, the Service ports it may take. */
interface PlatformPortRole {
  readonly prop: string;
  readonly name: string;
  readonly containerPort: unknown;
  readonly servicePorts: (containerPort: number) => number[];
  readonly serves: string;
}

/**
 * Adds a port for `metrics.port` (named `metrics`, Service port = the container port) and for
 * `admissionWebhookPort` (named `webhook`, Service port 443, the port a webhook configuration's
 * service reference calls by default, else the container port) when none of `ports` has that
 * container port, so `metrics: { port: 9090 }` works without repeating the port in `ports`. The
 * Service gets the port too: a ServiceMonitor names a Service port, and the API server calls a
 * webhook through a Service port. Values that are not port numbers are left to `checkPodProps`.
 *
 * @param refusal why the library may not add a port (a Service published outside the cluster
 *   would publish it), or undefined
 * @returns the ports added, appended to `ports`
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.Endpoint
 * @see https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#service-reference
 */
export function addPlatformPorts(owner: string, ports: ResolvedPort[], pod: WorkloadPodProps, refusal: string | undefined): ResolvedPort[] {
  const metrics = pod.metrics !== null && typeof pod.metrics === 'object' ? pod.metrics.port : undefined;
  const roles: PlatformPortRole[] = [
    { prop: 'metrics.port', name: 'metrics', containerPort: metrics, servicePorts: p => [p], serves: 'metrics' },
    { prop: 'admissionWebhookPort', name: 'webhook', containerPort: pod.admissionWebhookPort, servicePorts: p => [443, p], serves: 'the webhook' },
  ];
  const added: ResolvedPort[] = [];
  for (const role of roles) {
    const containerPort = role.containerPort;
    if (typeof containerPort !== 'number' || !Number.isInteger(containerPort) || containerPort < 1 || containerPort > 65535) continue;
    if (ports.some(p => p.containerPort === containerPort)) continue;
    const known = `its container ports are ${ports.map(p => p.containerPort).join(', ')}`;
    if (refusal !== undefined) {
      fail(owner, `${role.prop} ${containerPort} is not a container port of the workload (${known}), and the library adds no port for it because ${refusal}; serve ${role.serves} on one of the ports, or add a port for it to ports yourself`);
    }
    const sameName = ports.find(p => p.name === role.name);
    if (sameName !== undefined) {
      fail(owner, `${role.prop} ${containerPort} is not a container port of the workload (${known}), and the port name '${role.name}' the library would give it is taken by the port of container port ${sameName.containerPort}; serve ${role.serves} on that port, or rename it`);
    }
    const taken = (n: number) => ports.some(p => p.port === n && p.protocol === Protocol.TCP);
    const port = role.servicePorts(containerPort).find(n => !taken(n));
    if (port === undefined) {
      fail(owner, `${role.prop} ${containerPort} is not a container port of the workload (${known}), and Service port ${containerPort}/TCP, which the library would give it, is taken by another port; serve ${role.serves} on that port, or add a port for it to ports yourself`);
    }
    const resolved: ResolvedPort = { name: role.name, port, containerPort, protocol: Protocol.TCP };
    ports.push(resolved);
    added.push(resolved);
  }
  return added;
}
