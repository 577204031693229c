/* eslint-disable no-bitwise -- CIDR blocks are aligned powers of two: masks and shifts are the plain way to say it */
/**
 * Address ranges outside the cluster in the words people use: CIDRs, and "everything except"
 * when that is shorter (`0.0.0.0/0 except 10.0.0.0/8` rather than the twelve CIDRs it takes to
 * spell out the rest).
 */
import { AddressRange, everything, Family, formatAddress } from './_outside';

/** The smallest list of CIDRs that covers exactly `range`, in address order. */
export function rangeCidrs(range: AddressRange): string[] {
  const width = range.family === 'ipv4' ? 32n : 128n;
  const out: string[] = [];
  let start = range.start;
  while (start <= range.end) {
    // The largest aligned block starting at `start` that does not pass `end`.
    let bits = 0n;
    while (bits < width && (start & ((1n << (bits + 1n)) - 1n)) === 0n && start + (1n << (bits + 1n)) - 1n <= range.end) bits++;
    out.push(`${formatAddress(range.family, start)}/${width - bits}`);
    start += 1n << bits;
  }
  return out;
}

/**
 * Sorted, disjoint ranges (of one or both families) in words: per family, the CIDRs, or the
 * family's whole space (or `within`, a CIDR asked about) `except` the CIDRs of what is missing
 * when that list is shorter. `key`
 * is the full text; `name` lists at most `limit` CIDRs per family and counts the rest.
 */
export function describeRanges(
  ranges: readonly AddressRange[],
  limit = 3,
  within?: AddressRange,
): { readonly key: string; readonly name: string } {
  const keys: string[] = [];
  const names: string[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    const mine = merge(ranges.filter((r) => r.family === family));
    if (mine.length === 0) continue;
    // "Except" is said of the range asked about when there is one (`10.0.0.0/8 except 10.1.0.0/16`), else of the family's space.
    const space = within && within.family === family ? within : everything(family);
    const spaceCidrs = rangeCidrs(space);
    const whole = spaceCidrs.length === 1 ? spaceCidrs[0] : family === 'ipv4' ? '0.0.0.0/0' : '::/0';
    const cidrs = mine.flatMap(rangeCidrs);
    const holes = complement(mine, spaceCidrs.length === 1 ? space : everything(family)).flatMap(rangeCidrs);
    const [head, list] = holes.length === 0 ? [whole, []] : holes.length < cidrs.length ? [`${whole} except `, holes] : ['', cidrs];
    const key = head + list.join(', ');
    keys.push(key);
    names.push(key === PUBLIC_INTERNET[family] ? `public internet (${family === 'ipv4' ? 'IPv4' : 'IPv6'})`
      : head + (list.length > limit ? `${list.slice(0, limit).join(', ')} (+${list.length - limit} more)` : list.join(', ')));
  }
  return { key: keys.join('; '), name: names.join('; ') };
}

/**
 * The public internet as `ExternalDependency` opens it for an ExternalName: everything except
 * private, shared, loopback and link-local ranges (in the order `describeRanges` lists them).
 */
const PUBLIC_INTERNET: Record<Family, string> = {
  ipv4: '0.0.0.0/0 except 10.0.0.0/8, 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16, 172.16.0.0/12, 192.168.0.0/16',
  ipv6: '::/0 except ::1/128, fc00::/7, fe80::/10',
};

function merge(ranges: readonly AddressRange[]): AddressRange[] {
  const sorted = [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: AddressRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end + 1n) out[out.length - 1] = { ...last, end: r.end > last.end ? r.end : last.end };
    else out.push(r);
  }
  return out;
}

/** What of `within` the sorted, disjoint `ranges` do not cover. */
export function complement(ranges: readonly AddressRange[], within: AddressRange): AddressRange[] {
  const out: AddressRange[] = [];
  let next = within.start;
  for (const r of ranges) {
    if (r.end < next || r.start > within.end) continue;
    if (r.start > next) out.push({ family: within.family, start: next, end: r.start - 1n });
    next = r.end + 1n;
  }
  if (next <= within.end) out.push({ family: within.family, start: next, end: within.end });
  return out;
}
