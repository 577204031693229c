/**
 * Port and protocol sets for NetworkPolicy rules.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-range-of-ports
 */

import { IANA_SVC_NAME } from '../_vocabulary';

/** The protocols a NetworkPolicyPort may name ("TCP", "UDP" or "SCTP"; the API is case-sensitive). */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

const MIN_PORT = 1;
const MAX_PORT = 65535;

export function isProtocol(value: unknown): value is Protocol {
  return typeof value === 'string' && (PROTOCOLS as readonly string[]).includes(value);
}

export function isPortNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_PORT && value <= MAX_PORT;
}

/**
 * An IANA_SVC_NAME, the syntax of a named port: at most 15 characters, lowercase letters, digits
 * and '-', at least one letter, no leading, trailing or doubled '-'.
 */
export function isPortName(value: string): boolean {
  return value.length >= 1 && value.length <= 15
    && IANA_SVC_NAME.test(value)
    && /[a-z]/.test(value)
    && !value.includes('--');
}

/** A port a container declares (`spec.containers[].ports[]`). */
export interface ContainerPort {
  readonly port: number;
  readonly protocol: Protocol;
  readonly name?: string;
}

/** An inclusive range of port numbers. */
type Range = readonly [number, number];

/**
 * A set of (protocol, port) pairs plus named ports, which match only once resolved against the
 * destination pod's container ports.
 *
 * Invariants (kept by every constructor and operation, relied on by `has` and `toString`):
 * - for each protocol, `ranges` is sorted by start, its ranges are disjoint and non-adjacent
 *   (touching ranges are merged), and every bound is within 1-65535;
 * - `named` holds `PROTOCOL/name` keys, sorted;
 * - a PortSet is immutable.
 */
export class PortSet {
  /** Every port of every protocol: a rule with no `ports`. */
  public static all(): PortSet {
    return new PortSet(new Map(PROTOCOLS.map((p) => [p, [[MIN_PORT, MAX_PORT]]])), []);
  }

  public static none(): PortSet {
    return new PortSet(new Map(), []);
  }

  /** Ports `from`..`to` (inclusive) of one protocol; the caller checks 1 <= from <= to <= 65535. */
  public static range(protocol: Protocol, from: number, to: number): PortSet {
    return new PortSet(new Map([[protocol, [[from, to]]]]), []);
  }

  /** A named port of one protocol, to be resolved on the destination pod. */
  public static named(protocol: Protocol, name: string): PortSet {
    return new PortSet(new Map(), [`${protocol}/${name}`]);
  }

  private constructor(
    private readonly ranges: ReadonlyMap<Protocol, readonly Range[]>,
    private readonly named: readonly string[],
  ) {}

  public union(other: PortSet): PortSet {
    const ranges = new Map<Protocol, readonly Range[]>();
    for (const p of PROTOCOLS) {
      const merged = normalize([...(this.ranges.get(p) ?? []), ...(other.ranges.get(p) ?? [])]);
      if (merged.length > 0) ranges.set(p, merged);
    }
    const named = [...new Set([...this.named, ...other.named])].sort();
    return new PortSet(ranges, named);
  }

  /**
   * Whether the set holds `port`/`protocol` on a destination pod that declares `destPorts`.
   *
   * "port: The port on the given protocol. This can either be a numerical or named port on a pod."
   * A named port matches the destination pod's container port of that name and protocol, if the
   * pod declares one; for an address outside the cluster (`destPorts` undefined) it never matches.
   */
  public has(port: number, protocol: Protocol, destPorts?: readonly ContainerPort[]): boolean {
    return this.hasNumeric(port, protocol) || this.namedMatch(port, protocol, destPorts) !== undefined;
  }

  /**
   * How the set holds `port`/`protocol` for `destPorts`, in words (`TCP 8000-8080`, `named port
   * 'http' (TCP 8080)`), or undefined when it does not.
   */
  public describeMatch(port: number, protocol: Protocol, destPorts?: readonly ContainerPort[]): string | undefined {
    const range = (this.ranges.get(protocol) ?? []).find(([lo, hi]) => lo <= port && port <= hi);
    if (range) return range[0] === MIN_PORT && range[1] === MAX_PORT ? `any ${protocol} port` : formatRange(protocol, range);
    const name = this.namedMatch(port, protocol, destPorts);
    return name === undefined ? undefined : `named port '${name}' (${protocol} ${port})`;
  }

  /**
   * The numeric ranges of the set as `[protocol, from, to]`, plus its named ports resolved on
   * `destPorts` (each container port of that name and protocol, as one-port ranges); named ports
   * resolve to nothing without `destPorts` (an address outside the cluster).
   */
  public resolve(destPorts?: readonly ContainerPort[]): Array<[Protocol, number, number]> {
    const out: Array<[Protocol, number, number]> = [];
    for (const [protocol, ranges] of this.ranges) for (const [lo, hi] of ranges) out.push([protocol, lo, hi]);
    if (destPorts && this.named.length > 0) {
      for (const dp of destPorts) {
        if (dp.name !== undefined && this.named.includes(`${dp.protocol}/${dp.name}`)) out.push([dp.protocol, dp.port, dp.port]);
      }
    }
    return out;
  }

  /** Whether the set names ports (whose meaning depends on the destination pod). */
  public hasNamedPorts(): boolean {
    return this.named.length > 0;
  }

  public isAll(): boolean {
    return PROTOCOLS.every((p) => {
      const r = this.ranges.get(p);
      return r !== undefined && r.length === 1 && r[0][0] === MIN_PORT && r[0][1] === MAX_PORT;
    });
  }

  /** `all ports`, or a list such as `TCP 80, TCP 8000-8080, all UDP ports, TCP named 'http'`. */
  public toString(): string {
    if (this.isAll()) return 'all ports';
    const parts: string[] = [];
    for (const p of PROTOCOLS) {
      for (const r of this.ranges.get(p) ?? []) parts.push(formatRange(p, r));
    }
    for (const key of this.named) {
      const [protocol, name] = splitNamed(key);
      parts.push(`${protocol} named '${name}'`);
    }
    return parts.length === 0 ? 'no ports' : parts.join(', ');
  }

  private hasNumeric(port: number, protocol: Protocol): boolean {
    const ranges = this.ranges.get(protocol);
    return ranges !== undefined && rangesHold(ranges, port);
  }

  /** The name under which `destPorts` resolves one of our named ports to `port`/`protocol`. */
  private namedMatch(port: number, protocol: Protocol, destPorts?: readonly ContainerPort[]): string | undefined {
    if (this.named.length === 0 || !destPorts) return undefined;
    for (const dp of destPorts) {
      if (dp.name !== undefined && dp.port === port && dp.protocol === protocol && this.named.includes(`${protocol}/${dp.name}`)) {
        return dp.name;
      }
    }
    return undefined;
  }
}

function splitNamed(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

function formatRange(protocol: Protocol, [lo, hi]: Range): string {
  if (lo === MIN_PORT && hi === MAX_PORT) return `all ${protocol} ports`;
  return lo === hi ? `${protocol} ${lo}` : `${protocol} ${lo}-${hi}`;
}

/** Whether sorted, disjoint ranges hold `port` (a binary search). */
export function rangesHold(ranges: ReadonlyArray<readonly [number, number]>, port: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1; // eslint-disable-line no-bitwise
    const [a, b] = ranges[mid];
    if (port < a) hi = mid - 1;
    else if (port > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Sorts and merges overlapping or adjacent ranges (restores the PortSet and ConnectionSet invariant). */
export function normalize(ranges: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Array<[number, number]> = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}
