/**
 * Rule `dns-egress-udp-only`.
 *
 * @see https://kubernetes.io/docs/tasks/administer-cluster/dns-debugging-resolution/
 * @see https://www.rfc-editor.org/rfc/rfc7766#section-5
 */
import type { LintContext } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { asArray } from '../_selectors';
import { Severity } from '../finding';

/** The rule. */
export const dnsEgressUdpOnly: LintRule = {
  id: 'dns-egress-udp-only',
  severity: Severity.WARNING,
  summary: 'A NetworkPolicy that allows DNS (port 53) egress over UDP but not over TCP',
  explanation:
    'DNS falls back to TCP when an answer does not fit a UDP datagram (the truncated flag: many A/AAAA records, DNSSEC, long SRV '
    + 'lists), and RFC 7766 requires resolvers to support it. A policy that opens only UDP 53 works in tests and fails for large '
    + 'answers. Allow TCP 53 to the same peers next to UDP 53, as ZeroTrustNamespace does. TCP 53 opened by another egress policy '
    + 'for the same pods (the same podSelector, or every pod of the namespace) counts: policies add up.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const policy of context.networkPolicies) {
      // Egress rules count only in a policy that isolates egress.
      if (!isolatesEgress(policy.raw)) continue;
      // Most egress policies open TCP 53 or no UDP 53 at all: decided without listing the rules.
      if (allowsTcp53(policy.raw)) continue;
      const rules = asArray(policy.raw.spec?.egress);
      const udp = rules.flatMap((rule, i) => (asArray(rule?.ports).some(p => allows(p, 'UDP')) ? [i] : []));
      if (udp.length === 0) continue;
      // Policies add up: a sibling egress policy for the same pods (or every pod of the namespace) may open TCP 53.
      const selector = selectorKey(policy.raw.spec?.podSelector);
      const sibling = context.networkPolicies.some(other => other !== policy && other.namespace === policy.namespace && isolatesEgress(other.raw)
        && [selector, selectorKey({})].includes(selectorKey(other.raw.spec?.podSelector)) && allowsTcp53(other.raw));
      if (sibling) continue;
      out.push({
        object: policy.ref,
        message: `NetworkPolicy ${policy.namespace}/${policy.name} allows DNS egress on UDP 53 (spec.egress[${udp.join('], [')}]) but not on TCP 53, `
          + 'so answers too large for UDP fail; add { protocol: TCP, port: 53 } to the same rule',
      });
    }
    return out;
  },
};

/** A pod selector as a key, its labels and expressions in one order (`{a, b}` is `{b, a}`). */
function selectorKey(selector: any): string {
  const labels = selector?.matchLabels && typeof selector.matchLabels === 'object' ? selector.matchLabels : {};
  const expressions = asArray(selector?.matchExpressions)
    .map(e => JSON.stringify([e?.key, e?.operator, [...asArray(e?.values)].map(String).sort()]))
    .sort();
  return JSON.stringify([Object.keys(labels).sort().map(k => [k, String(labels[k])]), expressions]);
}

/** Whether the policy isolates egress: Egress in policyTypes, or (without policyTypes) egress rules. */
function isolatesEgress(policy: any): boolean {
  const types = asArray(policy?.spec?.policyTypes);
  return types.length > 0 ? types.includes('Egress') : asArray(policy?.spec?.egress).length > 0;
}

/** Whether an egress rule of the policy allows TCP 53 (a rule without ports allows every port). */
function allowsTcp53(policy: any): boolean {
  return asArray(policy?.spec?.egress).some(rule => asArray(rule?.ports).length === 0 || asArray(rule?.ports).some(p => allows(p, 'TCP')));
}

/** Whether a NetworkPolicyPort allows port 53 of `protocol` (a port range covering 53 counts). */
function allows(port: any, protocol: string): boolean {
  if (!port || typeof port !== 'object') return false;
  if ((typeof port.protocol === 'string' ? port.protocol : 'TCP') !== protocol) return false;
  if (port.port === undefined || port.port === null) return true;
  // CoreDNS's port names: dns (UDP) and dns-tcp (TCP); a name resolves only with its protocol.
  if (typeof port.port === 'string') return port.port === (protocol === 'TCP' ? 'dns-tcp' : 'dns');
  const from = Number(port.port);
  const to = port.endPort === undefined ? from : Number(port.endPort);
  return from <= 53 && 53 <= to;
}
