/**
 * Internal: the peer's own side of `connectTo(peer)` / `allowFrom(peer)`, written when the peer's
 * pods live in a `ZeroTrustNamespace` of the same App, and what the synthesis-time lint is told
 * about pods a peer names.
 */
import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { PeerKind, ResolvedPeer } from './_peers';
import { WorkloadPolicy } from './_policy';
import { Registry } from './_registry';
import { onZeroTrustNamespace } from './_routes';
import { findZeroTrustNamespace, ZeroTrustNamespace } from './zero-trust-namespace';
import { copyRecord } from '../_collections';

/** One namespace where a peer's pods live and get their own policies. */
export interface PeerSide {
  /** The namespace. */
  readonly namespace: string;
  /**
   * The peer's policy for `direction` there (`<peer name>-ingress` / `-egress`); `owner` names who
   * asks and `claimant` is its construct, where a conflict over the policy's name is reported.
   */
  policy(direction: 'Ingress' | 'Egress', owner: string, claimant: IConstruct): WorkloadPolicy;
}

/**
 * Runs `write` for every `ZeroTrustNamespace` of the App of `scope` holding the peer's pods — its
 * namespace for pods and `Peer.namespace`, every matching one for `Peer.namespaces` (a
 * namespace-wide peer is named after the namespace there), none for addresses — whether it was
 * created before or is created after this call: an app may connect to a namespace declared later.
 */
export function forEachPeerSide(scope: IConstruct, peer: ResolvedPeer, write: (side: PeerSide) => void): void {
  const namespaces = peer.key.split(':')[0] === PeerKind.NAMESPACES;
  if (!namespaces && peer.namespace === undefined) {
    return;
  }
  onZeroTrustNamespace(scope, chart => {
    const ns = chart as ZeroTrustNamespace;
    if (namespaces) {
      const labels = ns._clusterLabels();
      if (Object.entries(peer.namespaceLabels ?? {}).every(([k, v]) => labels[k] === v)) {
        const wholeNamespace = { ...peer, name: ns.name, podLabels: {} };
        write({ namespace: ns.name, policy: (direction, owner, claimant) => ns._peerPolicy(wholeNamespace, direction, owner, claimant) });
      }
    } else if (ns.name === peer.namespace && findZeroTrustNamespace(scope, ns.name) === ns) {
      write({ namespace: ns.name, policy: (direction, owner, claimant) => ns._peerPolicy(peer, direction, owner, claimant) });
    }
  });
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
  const assumed = Registry.of(scope).assumeWorkload({
    namespace: peer.namespace,
    name: `${peer.name}-${role}-peer`.slice(0, 63).replace(/-+$/, ''),
    podLabels: copyRecord(peer.podLabels),
    ports: peer.ports.map(p => ({ port: p.containerPort, protocol: p.protocol, name: p.name })),
  });
  // Tools reading the YAML (netpatterns lint, NetworkPatternsValidation) learn about the peer's
  // pods from the Namespace of the ZeroTrustNamespace that admits or reaches them.
  const chart = Chart.of(scope);
  if (ZeroTrustNamespace.isZeroTrustNamespace(chart)) chart._declareAssumed(assumed);
}
