/**
 * Service port helpers shared by the Service rules (internal).
 */
import type { DeclaredPort, ServiceEntry, WorkloadEntry } from './_context';

/** A Service port's target: a container port number or a container port name. */
export interface ServiceTarget {
  /** `spec.ports[].port`. */
  readonly port: number;
  /** `spec.ports[].name`, if any. */
  readonly portName?: string;
  readonly protocol: string;
  /** The targetPort: a number, or a named container port. */
  readonly target: number | string;
}

/**
 * The targets of a Service's ports. "targetPort: Number or name of the port to access on the
 * pods targeted by the service … If this is not specified, the value of the 'port' field is used."
 * A quoted number ("8080") is read as a number, as it cannot be a port name.
 */
export function serviceTargets(service: ServiceEntry): ServiceTarget[] {
  const out: ServiceTarget[] = [];
  for (const p of service.ports) {
    if (!p || typeof p !== 'object') continue;
    const port = Number(p.port);
    if (!Number.isInteger(port)) continue;
    let target: number | string = port;
    if (typeof p.targetPort === 'number') target = p.targetPort;
    else if (typeof p.targetPort === 'string' && p.targetPort.length > 0) target = /^\d+$/.test(p.targetPort) ? Number(p.targetPort) : p.targetPort;
    out.push({
      port,
      portName: typeof p.name === 'string' && p.name.length > 0 ? p.name : undefined,
      protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
      target,
    });
  }
  return out;
}

/** The declared container ports of a workload that a Service target reaches. */
export function portsMatching(workload: WorkloadEntry, target: ServiceTarget): DeclaredPort[] {
  return workload.ports.filter(p => p.protocol === target.protocol
    && (typeof target.target === 'number' ? p.port === target.target : p.name === target.target));
}

/** `80 (http)` or `80`. */
export function describeServicePort(target: ServiceTarget): string {
  return target.portName ? `${target.port} (${target.portName})` : `${target.port}`;
}

/** `8080/TCP` or `port name 'http'/TCP`. */
export function describeTarget(target: ServiceTarget): string {
  return typeof target.target === 'number' ? `${target.target}/${target.protocol}` : `port name '${target.target}'/${target.protocol}`;
}

/** `8080/TCP (http)`. */
export function describeDeclared(port: DeclaredPort): string {
  return port.name ? `${port.port}/${port.protocol} (${port.name})` : `${port.port}/${port.protocol}`;
}

/** `Deployment production/api`. */
export function describeWorkload(workload: WorkloadEntry): string {
  // Workloads of several kinds sharing one name carry their kind in the id already.
  return `${workload.kind} ${workload.workload.replace(/\[[^\]]*\]$/, '')}`;
}

/** `a, b and c`. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
