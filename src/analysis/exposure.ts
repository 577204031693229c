/**
 * The result types of `Reachability.exposure()`.
 */

/**
 * How broadly a workload is exposed.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export enum ExposureCategory {
  /**
   * Addresses outside the cluster may connect to it (ingress) or it may connect to them (egress):
   * an ipBlock peer, a rule without peers, an AdminNetworkPolicy `networks` peer, or no
   * restriction at all — including traffic that enters through a LoadBalancer or NodePort
   * Service.
   */
  OUTSIDE_CLUSTER = 'outside-cluster',

  /**
   * Pods of every namespace — including namespaces that are not in the manifests — may connect
   * (or be connected to): `namespaceSelector: {}`, a rule without peers, an AdminNetworkPolicy
   * `namespaces: {}` peer.
   */
  ANY_NAMESPACE = 'any-namespace',

  /**
   * Pods of namespaces selected by labels may connect (or be connected to), and a namespace that
   * is not in the manifests could carry those labels: whoever may create or label namespaces
   * gains the access.
   */
  UNLISTED_NAMESPACES = 'unlisted-namespaces',

  /**
   * No policy of any tier restricts the direction: no NetworkPolicy isolates the pods, and no
   * AdminNetworkPolicy or BaselineAdminNetworkPolicy has rules for them. Every pod and every
   * address may connect, on every port.
   */
  NOT_ISOLATED = 'not-isolated',
}

/**
 * One way a workload is exposed, with the policy and rule that expose it.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export interface ExposureFinding {
  /**
   * The workload, `namespace/name`.
   */
  readonly workload: string;

  /**
   * The workload's kind (`Deployment`, `StatefulSet`, …, `assumed`).
   */
  readonly kind: string;

  /**
   * `ingress` (others may connect to the workload) or `egress` (the workload may connect to
   * others).
   */
  readonly direction: string;

  /**
   * How broad the exposure is.
   */
  readonly category: ExposureCategory;

  /**
   * Who, as the allowing rule names it: its peer that matched (`from[0] ipBlock 0.0.0.0/0`,
   * `from[1] namespaceSelector {} AND podSelector app=gateway`, `to[0] networks 0.0.0.0/0`,
   * `any peer (no from)`), or, when no rule decides, who may connect (`any address outside the
   * cluster`, `any pod in any namespace`).
   */
  readonly peer: string;

  /**
   * What is allowed, in the connectivity-list grammar: `All Connections`, `TCP 8080,UDP 53`.
   */
  readonly connections: string;

  /**
   * The tier that allows it: `admin` (AdminNetworkPolicy), `networkpolicy`, `baseline`
   * (BaselineAdminNetworkPolicy) or `none` (no policy of any tier restricts it).
   */
  readonly tier: string;

  /**
   * The policy that allows it: `NetworkPolicy/namespace/name`, `AdminNetworkPolicy/name`,
   * `BaselineAdminNetworkPolicy/default`.
   *
   * @default - none: no policy restricts the direction
   */
  readonly policy?: string;

  /**
   * The rule of `policy` that allows it: `spec.ingress[0]`, `spec.egress[2] 'allow-dns'` (with the
   * rule's name for AdminNetworkPolicy and BaselineAdminNetworkPolicy rules).
   *
   * @default - none: no policy restricts the direction
   */
  readonly rule?: string;

  /**
   * How outside traffic reaches the workload, when a Service exposes it:
   * `Service shop/web (LoadBalancer) 443/TCP -> 8443`.
   *
   * @default - the finding comes from the policies alone
   */
  readonly via?: string;

  /**
   * The finding in one sentence.
   */
  readonly message: string;
}

/**
 * The exposure of every workload (`Reachability.exposure()`), sorted by workload, direction,
 * category.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export interface ExposureReport {
  /**
   * The findings; empty when no workload is exposed beyond the namespaces in the manifests.
   */
  readonly findings: ExposureFinding[];
}
