/**
 * Internal shapes of peers (see `peer.ts`): the kind of a peer and a peer resolved against the
 * namespace of the workload using it.
 */
import { PolicyPeer } from './_policy';
import { ResolvedPort } from './workload';

/** What a peer is. */
export enum PeerKind {
  PODS = 'pods',
  WORKLOAD = 'workload',
  NAMESPACE = 'namespace',
  NAMESPACES = 'namespaces',
  ADDRESSES = 'addresses',
  KUBE_API_SERVER = 'kube-api-server',
}

/** A peer resolved against the namespace of the workload using it. */
export interface ResolvedPeer {
  /** The peer's name (its own policies are `<name>-ingress` / `-egress`). */
  readonly name: string;
  /** `Peer.pods 'redis'`, for messages. */
  readonly description: string;
  /**
   * A key identifying what the peer selects (namespace and pod labels, namespace labels, CIDRs)
   * among the connections of one workload: connecting one selection again merges the ports.
   */
  readonly key: string;
  /** The namespace of its pods, for pod peers and `Peer.namespace`. */
  readonly namespace?: string;
  /** Its pod labels (empty for whole namespaces), for pod and namespace peers. */
  readonly podLabels?: { [key: string]: string };
  /** The namespace labels, for `Peer.namespaces`. */
  readonly namespaceLabels?: { [key: string]: string };
  /** The CIDRs, for address peers. */
  readonly cidrs: string[];
  /** The ports `connectTo` opens. */
  readonly ports: ResolvedPort[];
  /** The Service name, if any. */
  readonly serviceName?: string;
  /** The pod labels the analyzer behind lint should assume exist. */
  readonly assume: boolean;
  /** The NetworkPolicy peer element, seen from a policy in `policyNamespace`. */
  policyPeer(policyNamespace: string): PolicyPeer[];
}

