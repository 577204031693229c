/**
 * Internal: named ports (`AppPort`) checked and resolved, for the library's apps and for peers.
 */
import { fail, validatePort, validatePortName } from '../_validate';
import { AppPort, Protocol, ResolvedPort } from './workload';

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
