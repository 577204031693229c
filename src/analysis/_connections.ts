/**
 * Connection sets: every (protocol, port) pair a connection may use, over TCP, UDP and SCTP and
 * ports 1-65535, with the golden text grammar of connectivity lists (`TCP 80,8080-8090,UDP 53`,
 * `All Connections`).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-range-of-ports
 */
import { ContainerPort, normalize, PortSet, Protocol, rangesHold } from './_ports';

/** The protocols in the order the text grammar lists them (alphabetical, as established connectivity lists do). */
export const GRAMMAR_PROTOCOLS: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

const MIN_PORT = 1;
const MAX_PORT = 65535;

/** An inclusive range of port numbers. */
type Range = readonly [number, number];

/** The text for a set that holds every port of every protocol. */
export const ALL_CONNECTIONS = 'All Connections';

/** The text for an empty set (never printed in a connectivity list: empty pairs are left out). */
export const NO_CONNECTIONS = 'No Connections';

/**
 * An immutable set of (protocol, port) pairs.
 *
 * Invariants (kept by every constructor and operation, relied on by `key`, `equals` and the text):
 * - `ranges[i]` holds the ranges of `GRAMMAR_PROTOCOLS[i]`, sorted by start, disjoint and
 *   non-adjacent (touching ranges are merged), every bound within 1-65535;
 * - two sets with the same members have the same `key` (the text grammar itself).
 */
export class ConnectionSet {
  /** Every port of every protocol. */
  public static readonly ALL = new ConnectionSet(GRAMMAR_PROTOCOLS.map(() => [[MIN_PORT, MAX_PORT]]));

  /** Nothing. */
  public static readonly NONE = new ConnectionSet(GRAMMAR_PROTOCOLS.map(() => []));

  /** Ports `from`..`to` (inclusive) of one protocol; the caller checks 1 <= from <= to <= 65535. */
  public static range(protocol: Protocol, from: number, to: number): ConnectionSet {
    return new ConnectionSet(GRAMMAR_PROTOCOLS.map((p) => (p === protocol ? [[from, to]] : [])));
  }

  /**
   * The ports a NetworkPolicy port list allows towards a destination pod that declares
   * `destPorts`: its numeric ranges, and its named ports resolved on the destination's container
   * ports ("a numerical or named port on a pod"). Without `destPorts` (an address outside the
   * cluster) named ports resolve to nothing.
   */
  public static fromPortSet(ports: PortSet, destPorts?: readonly ContainerPort[]): ConnectionSet {
    if (ports.isAll()) return ConnectionSet.ALL;
    const lists: Array<Array<[number, number]>> = GRAMMAR_PROTOCOLS.map(() => []);
    for (const [protocol, lo, hi] of ports.resolve(destPorts)) lists[GRAMMAR_PROTOCOLS.indexOf(protocol)].push([lo, hi]);
    return new ConnectionSet(lists.map(normalize));
  }

  /**
   * The set a text of the grammar stands for (`toString()` read back): `All Connections`,
   * `No Connections`, or `TCP 80,8080-8090,UDP 53`.
   */
  public static parse(text: string): ConnectionSet {
    if (text === ALL_CONNECTIONS) return ConnectionSet.ALL;
    if (text === NO_CONNECTIONS) return ConnectionSet.NONE;
    const lists: Array<Array<[number, number]>> = GRAMMAR_PROTOCOLS.map(() => []);
    let current = -1;
    for (const token of text.split(',')) {
      const [head, rest] = token.includes(' ') ? token.split(' ') : [undefined, token];
      if (head !== undefined) current = GRAMMAR_PROTOCOLS.indexOf(head as Protocol);
      const [lo, hi] = rest.split('-').map(Number);
      if (current < 0 || !Number.isInteger(lo) || !(hi === undefined || Number.isInteger(hi))) {
        throw new Error(`not a connection set: '${text}'`);
      }
      lists[current].push([lo, hi ?? lo]);
    }
    return new ConnectionSet(lists.map(normalize));
  }

  private text?: string;

  private constructor(private readonly ranges: readonly (readonly Range[])[]) {}

  /** A string equal for equal sets: the text grammar. */
  public get key(): string {
    return this.toString();
  }

  public isEmpty(): boolean {
    return this.ranges.every((r) => r.length === 0);
  }

  public isAll(): boolean {
    return this.ranges.every((r) => r.length === 1 && r[0][0] === MIN_PORT && r[0][1] === MAX_PORT);
  }

  public equals(other: ConnectionSet): boolean {
    return this === other || this.key === other.key;
  }

  /** Whether the set holds `port` of `protocol`. */
  public has(port: number, protocol: Protocol): boolean {
    return rangesHold(this.ranges[GRAMMAR_PROTOCOLS.indexOf(protocol)], port);
  }

  /** Whether every member of `other` is a member of this set. */
  public contains(other: ConnectionSet): boolean {
    return other.subtract(this).isEmpty();
  }

  public union(other: ConnectionSet): ConnectionSet {
    if (this === other || other.isEmpty() || this.isAll()) return this;
    if (this.isEmpty() || other.isAll()) return other;
    return new ConnectionSet(this.ranges.map((r, i) => normalize([...r, ...other.ranges[i]])));
  }

  public intersect(other: ConnectionSet): ConnectionSet {
    if (this === other || other.isAll()) return this;
    if (this.isAll()) return other;
    return new ConnectionSet(this.ranges.map((r, i) => intersectRanges(r, other.ranges[i])));
  }

  /** The members of this set that `other` does not hold. */
  public subtract(other: ConnectionSet): ConnectionSet {
    if (other.isEmpty()) return this;
    return new ConnectionSet(this.ranges.map((r, i) => intersectRanges(r, complement(other.ranges[i]))));
  }

  /**
   * The text grammar: `All Connections` when every port of every protocol is held; otherwise each
   * protocol that has ports, alphabetically, as `PROTOCOL p,lo-hi,...`, joined with `,`:
   * `TCP 80,8080-8090,UDP 53`, `SCTP 1-65535,TCP 443`. `No Connections` when empty.
   */
  public toString(): string {
    if (this.text !== undefined) return this.text;
    if (this.isAll()) {
      this.text = ALL_CONNECTIONS;
    } else if (this.isEmpty()) {
      this.text = NO_CONNECTIONS;
    } else {
      const parts: string[] = [];
      this.ranges.forEach((ranges, i) => {
        if (ranges.length > 0) parts.push(`${GRAMMAR_PROTOCOLS[i]} ${ranges.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',')}`);
      });
      this.text = parts.join(',');
    }
    return this.text;
  }

  /** The ranges of one protocol (sorted, disjoint); for callers that walk the set. */
  public rangesOf(protocol: Protocol): ReadonlyArray<readonly [number, number]> {
    return this.ranges[GRAMMAR_PROTOCOLS.indexOf(protocol)];
  }
}

/** The intersection of two normalized range lists (a linear merge). */
function intersectRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i][0], b[j][0]);
    const hi = Math.min(a[i][1], b[j][1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

/** The ports of 1-65535 that a normalized range list does not hold. */
function complement(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = MIN_PORT;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_PORT) out.push([next, MAX_PORT]);
  return out;
}
