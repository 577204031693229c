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
  /** `spec.ingress[0].from[1]` or `spec.egress[2].to[0]`. */
  readonly where: string;
}

/** Every peer of every ingress (`from`) and egress (`to`) rule of a NetworkPolicy, in order. */
export function policyPeers(policy: any): PolicyPeerAt[] {
  const spec = policy?.spec ?? {};
  const out: PolicyPeerAt[] = [];
  for (const [direction, field] of [['ingress', 'from'], ['egress', 'to']] as const) {
    asArray(spec[direction]).forEach((rule: any, i: number) => {
      asArray(rule?.[field]).forEach((peer: any, j: number) => out.push({ peer, where: `spec.${direction}[${i}].${field}[${j}]` }));
    });
  }
  return out;
}
