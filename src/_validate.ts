/**
 * Internal validation helpers shared by the constructs and value classes.
 *
 * Every helper throws an `Error` whose message starts with the `owner` (e.g. `ExposedApp 'api'` or
 * `Exposure.nodePort`), shows the offending value and states the rule, so users can fix their
 * program from the message alone.
 */
import * as ipaddr from 'ipaddr.js';
import { DNS1035_LABEL, DNS1123_LABEL, DNS1123_SUBDOMAIN, IANA_SVC_NAME } from './_vocabulary';

const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Throws `${owner}: ${message}`. */
export function fail(owner: string, message: string): never {
  throw new Error(`${owner}: ${message}`);
}

/** A name that must be a DNS-1035 label (Service names): lowercase, starts with a letter, ≤ 63. */
export function validateDns1035Label(owner: string, what: string, value: string, maxLength = 63): void {
  if (value.length === 0 || value.length > maxLength || !DNS1035_LABEL.test(value)) {
    fail(owner, `${what} '${value}' is not a valid DNS-1035 label (lowercase letters, digits and '-', starting with a letter, ending with a letter or digit, at most ${maxLength} characters)`);
  }
}

/** A name that must be a DNS-1123 label (Namespace names): lowercase alphanumerics and '-', ≤ 63. */
export function validateDns1123Label(owner: string, what: string, value: string): void {
  if (value.length === 0 || value.length > 63 || !DNS1123_LABEL.test(value)) {
    fail(owner, `${what} '${value}' is not a valid DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)`);
  }
}

/**
 * True when `value` is a valid object name: a DNS-1123 subdomain as the API server checks names
 * (≤ 253 characters in all; unlike a DNS name, no 63-character limit per dot-separated part).
 */
export function isObjectName(value: string): boolean {
  return value.length > 0 && value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** True when `value` is a DNS name: a DNS-1123 subdomain (≤ 253) whose labels are ≤ 63. */
export function isDns1123Subdomain(value: string): boolean {
  return value.length > 0 && value.length <= 253 && DNS1123_SUBDOMAIN.test(value)
    && value.split('.').every(label => label.length <= 63);
}

/** A TCP/UDP port number: an integer in 1-65535. */
export function validatePort(owner: string, what: string, value: number): void {
  if (Number.isFinite(value) && !Number.isInteger(value)) {
    fail(owner, `${what} must be a whole number, got ${value}; a port number is an integer in 1-65535`);
  }
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    fail(owner, `${what} must be a port number in 1-65535, got ${value}`);
  }
}

/** A NodePort: an integer in the default service-node-port-range 30000-32767. */
export function validateNodePort(owner: string, value: number): void {
  if (!Number.isInteger(value)) {
    fail(owner, `nodePort must be a whole number in 30000-32767, got ${value}; omit nodePort to let the cluster pick one`);
  }
  if (value < 30000 || value > 32767) {
    fail(owner, `nodePort ${value} is outside 30000-32767 (the default service-node-port-range); omit nodePort to let the cluster pick one`);
  }
}

/**
 * A port name: an IANA_SVC_NAME (at most 15 characters, lowercase letters, digits and '-', at least
 * one letter, no leading, trailing or double '-').
 */
export function validatePortName(owner: string, value: string): void {
  if (value.length === 0 || value.length > 15 || !IANA_SVC_NAME.test(value) || value.includes('--') || !/[a-z]/.test(value)) {
    fail(owner, `port name '${value}' is not an IANA service name (at most 15 characters of lowercase letters, digits and '-', with at least one letter and no leading, trailing or double '-')`);
  }
}

/** A host name for an Ingress rule or an HTTPRoute: a DNS-1123 subdomain, optionally `*.` wildcard. */
export function validateHost(owner: string, value: string, what = 'host'): void {
  const hint = 'give a bare lowercase DNS name such as api.example.com or *.example.com';
  if (value.includes('://')) {
    fail(owner, `${what} '${value}' must not contain a scheme; ${hint}`);
  }
  if (/:\d*$/.test(value)) {
    fail(owner, `${what} '${value}' must not contain a port; ${hint}`);
  }
  if (value !== value.toLowerCase()) {
    fail(owner, `${what} '${value}' must be lower case; ${hint}`);
  }
  if (value === '*') {
    fail(owner, `${what} '${value}' is a bare wildcard, which neither Ingress rules nor Gateway API hostnames accept; ${hint}`);
  }
  if (value.length > 253) {
    // Ingress hosts and Gateway API hostnames: at most 253 characters, the wildcard included.
    fail(owner, `${what} '${value.slice(0, 40)}…' has ${value.length} characters, more than the 253 a host name may have; ${hint}`);
  }
  const bare = value.startsWith('*.') ? value.slice(2) : value;
  if (!isDns1123Subdomain(bare) || isIpAddress(bare)) {
    fail(owner, `${what} '${value}' is not a DNS name (a wildcard is only allowed as the whole first label, as in *.example.com); ${hint}`);
  }
}

/** An HTTP path (or a file path in a container): starts with '/'. */
export function validatePath(owner: string, value: string, what = 'path'): void {
  if (!value.startsWith('/')) {
    fail(owner, `${what} '${value}' must start with '/'`);
  }
}

/** Sequences the API server refuses in `Prefix`/`Exact` Ingress paths (and Gateway API in route paths). */
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

/**
 * A path the API server accepts in an Ingress rule: for `Prefix` and `Exact` it must not contain
 * `//`, `/./`, `/../`, `%2f` nor end with `/..` or `/.` (`ImplementationSpecific` paths only need
 * the leading '/').
 *
 * @see https://github.com/kubernetes/kubernetes/blob/v1.28.0/pkg/apis/networking/validation/validation.go
 */
export function validateIngressPath(owner: string, what: string, value: string, pathType: string): void {
  validatePath(owner, value, what);
  if (pathType !== 'ImplementationSpecific') {
    checkPathSequences(owner, what, value, `an Ingress ${pathType} path`);
  }
}

/**
 * A path the Gateway API accepts in an HTTPRoute `PathPrefix`/`Exact` match: at most 1024
 * characters, no `//`, `/./`, `/../`, `%2f`, `#`, not ending with `/..` or `/.`.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httppathmatch
 */
export function validateRoutePath(owner: string, what: string, value: string): void {
  validatePath(owner, value, what);
  if (value.length > 1024) {
    fail(owner, `${what} is ${value.length} characters, more than the 1024 an HTTPRoute path match accepts`);
  }
  if (value.includes('#')) {
    fail(owner, `${what} '${value}' contains '#', which an HTTPRoute path match refuses (a fragment never reaches the server)`);
  }
  checkPathSequences(owner, what, value, 'an HTTPRoute path match');
  if (!ROUTE_PATH.test(value)) {
    const bad = [...value].find(c => !ROUTE_PATH_CHARACTER.test(c)) ?? '%';
    fail(owner, `${what} '${value}' contains '${bad}', which an HTTPRoute path match refuses (letters, digits, -._~!$&'()*+,;=:@/ and %XX escapes only); percent-encode it, e.g. ${encodeURIComponent(bad)}`);
  }
}

/**
 * The characters of an Exact or PathPrefix HTTPRoute path match (RFC 3986 pchar and '/').
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.HTTPPathMatch
 */
const ROUTE_PATH = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;
const ROUTE_PATH_CHARACTER = /[-A-Za-z0-9/._~!$&'()*+,;=:@%]/;

function checkPathSequences(owner: string, what: string, value: string, where: string): void {
  const bad = INVALID_PATH_SEQUENCES.find(s => value.includes(s)) ?? INVALID_PATH_SUFFIXES.find(s => value.endsWith(s));
  if (bad !== undefined) {
    fail(owner, `${what} '${value}' contains '${bad}', which the API server refuses in ${where}; write the normalized path (no '//', '/./', '/../', '%2F', no trailing '/.' or '/..')`);
  }
}

/** An IngressClass name: a DNS-1123 subdomain (`nginx`, `nginx.internal`). */
export function validateIngressClassName(owner: string, what: string, value: string): void {
  if (!isObjectName(value)) {
    fail(owner, `${what} '${value}' is not a valid IngressClass name (a lowercase DNS-1123 subdomain of at most 253 characters, e.g. nginx or nginx.internal)`);
  }
}

/**
 * The special range an address falls in that the API server refuses for Service `externalIPs` and
 * endpoints (loopback, unspecified, link-local, multicast), or undefined for an ordinary address.
 */
export function specialAddressRange(value: string): string | undefined {
  // Go's net.IP checks (IsLoopback, IsLinkLocalUnicast, …) read an IPv4-mapped IPv6 address
  // (::ffff:127.0.0.1) as the IPv4 address it maps, and so does the API server.
  const parsed = ipaddr.parse(value);
  const address = parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
  const range = address.range();
  const names: { [range: string]: string } = {
    loopback: 'loopback', unspecified: 'unspecified', linkLocal: 'link-local', multicast: 'multicast',
  };
  return names[range];
}

/** The shape of a dotted-quad IPv4 address (ipaddr checks the values). */
const FOUR_DECIMAL_PARTS = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** True when `value` is an IPv4 or IPv6 address in canonical-enough form (no CIDR, no port). */
export function isIpAddress(value: string): boolean {
  // The shape test first: ipaddr's parser is the slow part, and most values (host names) fail the shape.
  return (FOUR_DECIMAL_PARTS.test(value) && ipaddr.IPv4.isValidFourPartDecimal(value))
    || (value.includes(':') && !value.includes('%') && ipaddr.IPv6.isValid(value));
}

/** A CIDR block (IPv4 or IPv6). Returns it normalized to its network address. */
export function validateCidr(owner: string, what: string, value: string): string {
  if (!value.includes('/')) {
    fail(owner, isIpAddress(value)
      ? `${what} '${value}' is not a CIDR block; write it with a prefix length, e.g. 203.0.113.0/24, or ${value}/${value.includes(':') ? 128 : 32} for this one address`
      : `${what} '${value}' is not a CIDR block (e.g. 203.0.113.0/24 or 2001:db8::/32)`);
  }
  // ipaddr.parseCIDR also reads legacy IPv4 forms (`167772160/8`, octal `010.0.0.0/8`) the API
  // server rejects: require a dotted-quad or IPv6 address and a decimal prefix length.
  const [addressPart, prefixPart] = value.split('/', 2);
  if (!isIpAddress(addressPart) || !/^\d{1,3}$/.test(prefixPart)) {
    fail(owner, `${what} '${value}' is not a CIDR block (e.g. 203.0.113.0/24 or 2001:db8::/32)`);
  }
  try {
    const [address, prefix] = ipaddr.parseCIDR(value);
    const network = address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(value)
      : ipaddr.IPv6.networkAddressFromCIDR(value);
    if (network.toString() !== address.toString()) {
      fail(owner, `${what} '${value}' has host bits set; use ${network.toString()}/${prefix}`);
    }
    return value;
  } catch (e) {
    if (e instanceof Error && e.message.startsWith(owner)) {
      throw e;
    }
    return fail(owner, `${what} '${value}' is not a CIDR block (e.g. 203.0.113.0/24 or 2001:db8::/32)`);
  }
}

/** An environment variable name (C_IDENTIFIER-like, as the API server accepts). */
export function validateEnvName(owner: string, value: string, prop?: string): void {
  if (!ENV_VAR_NAME.test(value) || /^[0-9]/.test(value)) {
    fail(owner, `environment variable name '${value}' is not valid (letters, digits, '_', '-' and '.', not starting with a digit)${prop ? `; rename that key of ${prop}` : ''}`);
  }
}

/**
 * A container image reference that pins a version: it must carry a tag other than `latest` or a
 * digest.
 */
export function validateImage(owner: string, image: string): void {
  if (image.trim().length === 0) {
    fail(owner, 'image is empty; give an image reference with a tag or digest, e.g. ghcr.io/acme/api:1.4.2');
  }
  if (/\s/.test(image)) {
    fail(owner, `image '${image}' contains white space`);
  }
  if (image.includes('@sha256:') || image.includes('@sha512:')) {
    return;
  }
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) {
    fail(owner, `image '${image}' has no tag or digest; pin a version, e.g. ${image}:1.0.0`);
  }
  const tag = lastSegment.slice(colon + 1);
  if (tag === 'latest' || tag.length === 0) {
    fail(owner, `image '${image}' uses the tag '${tag}'; pin a version or a digest so rollouts are reproducible`);
  }
}

/** The largest value of an int32 field (replicas, UIDs). */
export const INT32_MAX = 2147483647;

/** A replica count: an integer ≥ min (and within int32, as `spec.replicas` is). */
export function validateReplicas(owner: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    fail(owner, `replicas must be an integer ≥ ${min}, got ${value}`);
  }
  if (value > INT32_MAX) {
    fail(owner, `replicas must be at most ${INT32_MAX}, got ${value}; spec.replicas is an int32`);
  }
}

/** A UID the container runs as: non-zero (restricted forbids root) and within int32. */
export function validateRunAsUser(owner: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    fail(owner, `runAsUser ${value} must be a non-zero UID (Pod Security Standards restricted forbids root)`);
  }
  if (value > INT32_MAX) {
    fail(owner, `runAsUser ${value} is more than ${INT32_MAX}, the largest UID the API server accepts`);
  }
}
