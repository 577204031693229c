/**
 * Internal: the peer's own side of `connectTo(peer)` / `allowFrom(peer)`, written when the peer's
 * pods live in a `ZeroTrustNamespace` of the same App, and what the synthesis-time lint is told
 * about pods a peer names.
 */
import { IConstruct } from 'constructs';
import { NAMESPACE_NAME_LABEL } from '../_names';
import { PeerKind, ResolvedPeer } from './_peers';
import { WorkloadPolicy } from './_policy';
import { Registry } from './_registry';
import { findZeroTrustNamespace, zeroTrustNamespacesOf } from './zero-trust-namespace';
import { copyRecord } from '../_collections';

/** One namespace where a peer's pods live and get their own policies. */
export interface PeerSide {
  /** The namespace. */
  readonly namespace: string;
  /** The peer's policy for `direction` there (`<peer name>-ingress` / `-egress`). */
  policy(direction: 'Ingress' | 'Egress'): WorkloadPolicy;
}

/**
 * The `ZeroTrustNamespace`s of the App of `scope` holding the peer's pods: its namespace for pods
 * and `Peer.namespace`, every matching one for `Peer.namespaces` (a namespace-wide peer is named
 * after the namespace there), none for addresses.
 */
export function peerSides(scope: IConstruct, peer: ResolvedPeer): PeerSide[] {
  const kind = peer.key.split(':')[0];
  if (kind === PeerKind.NAMESPACES) {
    return zeroTrustNamespacesOf(scope)
      .filter(ns => {
        const labels: { [key: string]: string } = copyRecord(ns.namespaceLabels, { [NAMESPACE_NAME_LABEL]: ns.name });
        return Object.entries(peer.namespaceLabels ?? {}).every(([k, v]) => labels[k] === v);
      })
      .map(ns => ({ namespace: ns.name, policy: direction => ns._peerPolicy({ ...peer, name: ns.name, podLabels: {} }, direction) }));
  }
  if (peer.namespace === undefined) {
    return [];
  }
  const ns = findZeroTrustNamespace(scope, peer.namespace);
  return ns ? [{ namespace: ns.name, policy: direction => ns._peerPolicy(peer, direction) }] : [];
}

/**
 * Tells the synthesis-time lint about the pods a `Peer.pods` names (a Helm release, a scraper),
 * which the manifests may not hold, so rules admitting them are not reported as selecting nothing
 * and workloads they reach not as unreachable.
 */
export function assumePeerForLint(scope: IConstruct, peer: ResolvedPeer, role: string): void {
  if (!peer.assume || peer.namespace === undefined || peer.podLabels === undefined || Object.keys(peer.podLabels).length === 0) {
    return;
  }
  Registry.of(scope).assumeWorkload({
    namespace: peer.namespace,
    name: `${peer.name}-${role}-peer`.slice(0, 63).replace(/-+$/, ''),
    podLabels: copyRecord(peer.podLabels),
    ports: peer.ports.map(p => ({ port: p.containerPort, protocol: p.protocol, name: p.name })),
  });
}
