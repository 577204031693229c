/* eslint-disable no-bitwise -- address arithmetic on bigints: masks and shifts are the plain way to say it */

/**
 * The world outside the cluster as address ranges: ipBlocks (cidr minus except) as ranges of
 * IPv4 or IPv6 addresses, and piecewise connection sets over the address space, cut at every
 * ipBlock boundary and merged where neighbouring pieces allow the same.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec
 */
import * as ipaddr from 'ipaddr.js';
import { ConnectionSet } from './_connections';
import { Address, IpBlock } from './_ipblock';

export type Family = 'ipv4' | 'ipv6';

/** The highest address of each family. */
const TOP: Record<Family, bigint> = { ipv4: (1n << 32n) - 1n, ipv6: (1n << 128n) - 1n };

/** An inclusive range of addresses of one family. */
export interface AddressRange {
  readonly family: Family;
  readonly start: bigint;
  readonly end: bigint;
}

/** A range with what it may send or receive. */
export interface OutsideRun extends AddressRange {
  readonly conn: ConnectionSet;
}

/** The whole address space of one family. */
export function everything(family: Family): AddressRange {
  return { family, start: 0n, end: TOP[family] };
}

/** An address as an unsigned integer. */
export function addressValue(address: Address): bigint {
  let v = 0n;
  for (const byte of address.toByteArray()) v = (v << 8n) | BigInt(byte);
  return v;
}

/** An unsigned integer as an address of `family`, in its usual text (`10.0.0.0`, `2001:db8::`). */
export function formatAddress(family: Family, value: bigint): string {
  const length = family === 'ipv4' ? 4 : 16;
  const bytes: number[] = new Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/** `0.0.0.0-9.255.255.255`, `::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff`: always first-last. */
export function formatRange(range: AddressRange): string {
  return `${formatAddress(range.family, range.start)}-${formatAddress(range.family, range.end)}`;
}

function cidrRange([address, bits]: [Address, number]): AddressRange {
  const family: Family = address.kind() === 'ipv4' ? 'ipv4' : 'ipv6';
  const width = family === 'ipv4' ? 32n : 128n;
  const hostBits = width - BigInt(bits);
  const mask = (1n << hostBits) - 1n;
  const start = addressValue(address) & ~mask & TOP[family];
  return { family, start, end: start | mask };
}

/** The addresses of an ipBlock — cidr minus every except — as sorted, disjoint ranges. */
export function ipBlockRanges(block: IpBlock): AddressRange[] {
  const whole = cidrRange(block.cidr);
  const holes = block.except.map(cidrRange).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: AddressRange[] = [];
  let next = whole.start;
  for (const hole of holes) {
    if (hole.end < next) continue;
    if (hole.start > next) out.push({ family: whole.family, start: next, end: hole.start - 1n });
    next = hole.end + 1n;
  }
  if (next <= whole.end) out.push({ family: whole.family, start: next, end: whole.end });
  return out;
}

/** Whether `outer` holds every address of `inner`. */
/**
 * The points where the outside world is cut for the connectivity list: the first address of every
 * range an ipBlock holds (its `cidr` minus its `except`s) and the one after its last, per family,
 * sorted. np-guard's connlist cuts the outside at the boundaries of every ipBlock of the input, for
 * every workload, and lists each piece on its own line; the list here follows that grammar.
 */
export function cutPoints(blocks: Iterable<IpBlock>): Map<Family, bigint[]> {
  const cuts = new Map<Family, Set<bigint>>();
  for (const block of blocks) {
    // The addresses the block holds (cidr minus its excepts, neighbouring excepts as one hole):
    // `0.0.0.0/0 except 10.0.0.0/9, 10.128.0.0/9` cuts at 10.0.0.0 and 11.0.0.0 only.
    for (const range of ipBlockRanges(block)) {
      let set = cuts.get(range.family);
      if (!set) cuts.set(range.family, set = new Set());
      set.add(range.start);
      if (range.end < TOP[range.family]) set.add(range.end + 1n);
    }
  }
  const out = new Map<Family, bigint[]>();
  for (const [family, set] of cuts) out.set(family, [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  return out;
}

/** Where the connectivity list cuts outside sources (`ingress`) and outside destinations (`egress`). */
export interface OutsideCuts {
  readonly ingress: ReadonlyMap<Family, readonly bigint[]>;
  readonly egress: ReadonlyMap<Family, readonly bigint[]>;
}

/** No cuts: every outside run as one piece. */
export const NO_CUTS: OutsideCuts = { ingress: new Map(), egress: new Map() };

/** `run` cut at the points of its family that fall inside it (each piece keeps the run's connections). */
export function splitRun(run: OutsideRun, cuts: ReadonlyMap<Family, readonly bigint[]>): OutsideRun[] {
  const points = cuts.get(run.family);
  if (!points) return [run];
  const out: OutsideRun[] = [];
  let start = run.start;
  for (const point of points) {
    if (point <= start) continue;
    if (point > run.end) break;
    out.push({ family: run.family, start, end: point - 1n, conn: run.conn });
    start = point;
  }
  if (out.length === 0) return [run];
  out.push({ family: run.family, start, end: run.end, conn: run.conn });
  return out;
}

export function rangeCovers(outer: AddressRange, inner: AddressRange): boolean {
  return outer.family === inner.family && outer.start <= inner.start && inner.end <= outer.end;
}

/**
 * The union, address by address, of pieces that each allow `conn` on a range: the address
 * space of `families` cut at every piece boundary, each elementary range given the union of
 * the pieces that hold it; neighbouring ranges with the same set merged; ranges allowing
 * nothing left out. Sorted by family (IPv4 first), then address.
 */
export function piecewise(pieces: readonly OutsideRun[], families: readonly Family[]): OutsideRun[] {
  const out: OutsideRun[] = [];
  for (const family of families) {
    const mine = pieces.filter((p) => p.family === family && !p.conn.isEmpty());
    if (mine.length === 0) continue;
    const cuts = new Set<bigint>();
    for (const p of mine) {
      cuts.add(p.start);
      if (p.end < TOP[family]) cuts.add(p.end + 1n);
    }
    const starts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    starts.forEach((start, i) => {
      const end = i + 1 < starts.length ? starts[i + 1] - 1n : TOP[family];
      let conn = ConnectionSet.NONE;
      for (const p of mine) if (p.start <= start && end <= p.end) conn = conn.union(p.conn);
      if (conn.isEmpty()) return;
      const last = out[out.length - 1];
      if (last && last.family === family && last.end + 1n === start && last.conn.equals(conn)) {
        out[out.length - 1] = { family, start: last.start, end, conn };
      } else {
        out.push({ family, start, end, conn });
      }
    });
  }
  return out;
}
