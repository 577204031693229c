/**
 * ipBlock peers: CIDR parsing with the API server's validation, and address containment.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec
 */
import * as ipaddr from 'ipaddr.js';
import { describe, isPlainObject } from './_selector';

export type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

/** A parsed ipBlock: the addresses in `cidr` that are in none of the `except` CIDRs. */
export interface IpBlock {
  readonly cidr: Cidr;
  readonly except: readonly Cidr[];
  /** `10.0.0.0/8 except 10.1.0.0/16` */
  readonly text: string;
}

/**
 * Parses one IPv4 or IPv6 address (no CIDR, no zone, IPv4 in four-part decimal only).
 *
 * An IPv4-mapped IPv6 address (`::ffff:10.0.0.5`) is the IPv4 address it maps (RFC 4291 §2.5.5.2),
 * as Kubernetes reads it: the API server and the network plugins parse addresses with Go's `net`
 * package, whose `ParseIP` keeps such an address in its IPv4 form (`To4()` succeeds) and whose
 * `IPNet.Contains` then matches it against IPv4 blocks only — never against an IPv6 block such as
 * `::ffff:0:0/96`.
 */
export function parseAddress(value: string): Address | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) return ipaddr.IPv4.parse(value);
  if (!value.includes('%') && ipaddr.IPv6.isValid(value)) {
    const v6 = ipaddr.IPv6.parse(value);
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
  }
  return undefined;
}

/** Parses a CIDR as the API server does (host bits may be set: `192.168.1.1/24` is 192.168.1.0/24). */
export function parseCidr(value: string): Cidr | undefined {
  if (ipaddr.IPv4.isValidCIDRFourPartDecimal(value)) return ipaddr.IPv4.parseCIDR(value);
  if (!value.includes('%') && ipaddr.IPv6.isValidCIDR(value)) return ipaddr.IPv6.parseCIDR(value);
  return undefined;
}

/**
 * Parses an ipBlock, appending what the API server would reject to `errors`: `cidr` is required
 * and must be a valid CIDR; each `except` must be a valid CIDR and "a strict subset of cidr" (same
 * family, longer prefix, inside it).
 */
export function parseIpBlock(raw: unknown, path: string, errors: string[]): IpBlock | undefined {
  if (!isPlainObject(raw)) {
    errors.push(`${path}: must be an object with cidr and except, got ${describe(raw)}`);
    return undefined;
  }
  const before = errors.length;
  if (typeof raw.cidr !== 'string' || raw.cidr === '') {
    errors.push(`${path}.cidr: is required`);
    return undefined;
  }
  const cidr = parseCidr(raw.cidr);
  if (!cidr) {
    errors.push(`${path}.cidr: '${raw.cidr}' is not a valid CIDR (e.g. 10.0.0.0/8 or 2001:db8::/32)`);
    return undefined;
  }
  const rawExcept = raw.except ?? [];
  if (!Array.isArray(rawExcept)) {
    errors.push(`${path}.except: must be a list of CIDRs, got ${describe(rawExcept)}`);
    return undefined;
  }
  const except: Cidr[] = [];
  rawExcept.forEach((e, i) => {
    const ePath = `${path}.except[${i}]`;
    const parsed = typeof e === 'string' ? parseCidr(e) : undefined;
    if (!parsed) {
      errors.push(`${ePath}: ${describe(e)} is not a valid CIDR`);
    } else if (!isStrictSubset(parsed, cidr)) {
      errors.push(`${ePath}: '${e}' must be a strict subset of cidr '${raw.cidr}'`);
    } else {
      except.push(parsed);
    }
  });
  if (errors.length > before) return undefined;
  const text = except.length === 0
    ? formatCidr(cidr)
    : `${formatCidr(cidr)} except ${except.map(formatCidr).join(', ')}`;
  return { cidr, except, text };
}

/** "cidr minus except": whether `address` is in the block. Addresses of the other family never are. */
export function ipBlockContains(block: IpBlock, address: Address): boolean {
  if (!inCidr(address, block.cidr)) return false;
  return !block.except.some((e) => inCidr(address, e));
}

function inCidr(address: Address, cidr: Cidr): boolean {
  if (address.kind() !== cidr[0].kind()) return false;
  return (address as ipaddr.IPv4).match(cidr as [ipaddr.IPv4, number]);
}

function isStrictSubset(inner: Cidr, outer: Cidr): boolean {
  return inner[0].kind() === outer[0].kind() && inner[1] > outer[1] && inCidr(inner[0], outer);
}

/** The network address and prefix, e.g. `10.0.0.0/8` for an input of `10.1.2.3/8`. */
function formatCidr([address, bits]: Cidr): string {
  const text = `${address.toString()}/${bits}`;
  const network = address.kind() === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(text)
    : ipaddr.IPv6.networkAddressFromCIDR(text);
  return `${network.toString()}/${bits}`;
}
