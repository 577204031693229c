/**
 * NetworkPolicy helpers shared by the policy rules (internal).
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/
 */
import { asArray } from './_selectors';

/** One peer of a NetworkPolicy rule, with where it stands. */
export interface PolicyPeerAt {
  /** The peer JSON as written (`podSelector`, `namespaceSelector`, `ipBlock`). */
  readonly peer: any;
  /** `ingress` (a `from` peer) or `egress` (a `to` peer). */
  readonly direction: 'ingress' | 'egress';
  /** The index of the rule in `spec.ingress` / `spec.egress`. */
  readonly rule: number;
  /** The index of the peer in the rule's `from` / `to`. */
  readonly index: number;
}

/** Every peer of every ingress (`from`) and egress (`to`) rule of a NetworkPolicy, in order. */
export function policyPeers(policy: any): PolicyPeerAt[] {
  const spec = policy?.spec ?? {};
  const out: PolicyPeerAt[] = [];
  addPeers(out, 'ingress', asArray(spec.ingress));
  addPeers(out, 'egress', asArray(spec.egress));
  return out;
}

/** Where a peer stands, for messages: `spec.ingress[0].from[1]` or `spec.egress[2].to[0]`. */
export function peerPath(at: PolicyPeerAt): string {
  return `spec.${at.direction}[${at.rule}].${at.direction === 'ingress' ? 'from' : 'to'}[${at.index}]`;
}

function addPeers(out: PolicyPeerAt[], direction: 'ingress' | 'egress', rules: any[]): void {
  const field = direction === 'ingress' ? 'from' : 'to';
  for (let rule = 0; rule < rules.length; rule++) {
    const peers = asArray(rules[rule]?.[field]);
    for (let index = 0; index < peers.length; index++) out.push({ peer: peers[index], direction, rule, index });
  }
}
