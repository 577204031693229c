/**
 * Rule `external-name-is-ip-or-url`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#externalname
 */
import * as ipaddr from 'ipaddr.js';
import type { LintContext } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';

const ADDRESSES_FIX = 'use a selector-less Service with an EndpointSlice (ExternalDependency addresses) for an IP address';

function isIp(value: string): boolean {
  const bare = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  return ipaddr.IPv4.isValidFourPartDecimal(bare) || (bare.includes(':') && ipaddr.IPv6.isValid(bare));
}

/** The host part of a URL-like value (`https://api.example.com:443/v1` → `api.example.com`). */
function hostOf(value: string): string {
  let rest = value.includes('://') ? value.slice(value.indexOf('://') + 3) : value;
  rest = rest.split(/[/?#]/)[0];
  rest = rest.slice(rest.lastIndexOf('@') + 1);
  if (rest.startsWith('[')) return rest.slice(0, rest.indexOf(']') + 1);
  return rest.replace(/:\d*$/, '');
}

/** The rule. */
export const externalNameIsIpOrUrl: LintRule = {
  id: 'external-name-is-ip-or-url',
  severity: Severity.ERROR,
  summary: 'An ExternalName Service whose externalName is an IP address or a URL instead of a DNS name',
  explanation:
    'An ExternalName Service makes cluster DNS answer with a CNAME record for externalName. '
    + 'The documentation warns: "ExternalName accepts an IPv4 address string, but treats that string as a DNS name comprised of digits, '
    + 'not as an IP address" — clients get a CNAME to a name that does not resolve. A URL (scheme, path or port) is not a DNS name either. '
    + 'Put only the host name in externalName (ports belong in spec.ports); for an IP address use a Service without selector '
    + 'plus an EndpointSlice holding the address (ExternalDependency with addresses).',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const service of context.services) {
      if (service.type !== 'ExternalName') continue;
      const value = service.raw.spec?.externalName;
      if (typeof value !== 'string') continue;
      const self = `Service ${service.namespace}/${service.name}`;
      if (isIp(value)) {
        out.push({ object: service.ref, message: `${self} has externalName ${value}, an IP address that DNS treats as a host name; ${ADDRESSES_FIX}` });
        continue;
      }
      if (value.includes('://') || /[/?#@]/.test(value) || /:\d*$/.test(value)) {
        const host = hostOf(value);
        const fix = isIp(host) ? ADDRESSES_FIX : `set externalName to the bare host name ${host} and put ports in spec.ports`;
        out.push({ object: service.ref, message: `${self} has externalName ${value}, a URL rather than a DNS name; ${fix}` });
      }
    }
    return out;
  },
};
