/**
 * Internal NetworkPolicy building blocks: peers, ports and per-workload policies whose rules are
 * collected while the program runs and rendered lazily at synthesis.
 */
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as ipaddr from 'ipaddr.js';
import { NAMESPACE_NAME_LABEL, standardLabels } from '../_names';
import type { NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule, NetworkPolicySpec } from './_k8s-types';
import { touch } from './_synth-lint';
import { copyRecord } from '../_collections';

/** A port (and protocol) a rule opens. */
export interface PolicyPort {
  readonly port: number;
  readonly protocol: string;
  readonly endPort?: number;
}

/** A plain NetworkPolicy peer, in Kubernetes JSON form. */
export interface PolicyPeer {
  readonly podSelector?: { matchLabels?: { [key: string]: string } };
  readonly namespaceSelector?: { matchLabels: { [key: string]: string } };
  readonly ipBlock?: { cidr: string; except?: string[] };
}

/** A peer for pods with `podLabels` in `namespace`, seen from a policy in `policyNamespace`. */
export function podPeer(podLabels: { [key: string]: string }, namespace: string, policyNamespace: string): PolicyPeer {
  if (namespace === policyNamespace) {
    return { podSelector: podSelectorOf(podLabels) };
  }
  // namespaceSelector AND podSelector in one peer element: only those pods of that namespace.
  return namespacedPodPeer(podLabels, namespace);
}

/** A peer for pods with `podLabels` in a namespace, always with a namespaceSelector. */
export function namespacedPodPeer(podLabels: { [key: string]: string }, namespace: string): PolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } },
    podSelector: podSelectorOf(podLabels),
  };
}

/** `matchLabels` of `podLabels`; `{}` (every pod) when there are none. */
function podSelectorOf(podLabels: { [key: string]: string }): { matchLabels?: { [key: string]: string } } {
  return Object.keys(podLabels).length === 0 ? {} : { matchLabels: copyRecord(podLabels) };
}

/** An ipBlock peer. */
export function cidrPeer(cidr: string, except?: string[]): PolicyPeer {
  return except && except.length > 0 ? { ipBlock: { cidr, except: [...except] } } : { ipBlock: { cidr } };
}

/** One ingress or egress rule: peers and ports. */
export interface PolicyRule {
  readonly peers: PolicyPeer[];
  readonly ports: PolicyPort[];
}

function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([rule.peers, rule.ports]);
}

// Rendered inside a Lazy, so plain JSON (no IntOrString wrappers).
function renderPorts(ports: PolicyPort[]): NetworkPolicyPort[] {
  return ports.map(p => ({
    protocol: p.protocol,
    port: p.port,
    ...(p.endPort !== undefined ? { endPort: p.endPort } : {}),
  }));
}

/**
 * `block` with every CIDR of `excluded` that lies strictly inside it added to `except` (cluster pod
 * and Service CIDRs, for network plugins that also match pod IPs against ipBlocks).
 */
export function excludeCidrs(block: { cidr: string; except?: string[] }, excluded: string[]): { cidr: string; except?: string[] } {
  if (excluded.length === 0) {
    return block;
  }
  const [outer, outerBits] = ipaddr.parseCIDR(block.cidr);
  const except = [...block.except ?? []];
  for (const cidr of excluded) {
    const [inner, innerBits] = ipaddr.parseCIDR(cidr);
    if (inner.kind() !== outer.kind() || innerBits <= outerBits || !inner.match(outer, outerBits) || except.includes(cidr)) {
      continue;
    }
    // An except already covering this CIDR makes it redundant.
    if (except.some(e => {
      const [address, bits] = ipaddr.parseCIDR(e);
      return address.kind() === inner.kind() && bits <= innerBits && inner.match(address, bits);
    })) {
      continue;
    }
    except.push(cidr);
  }
  return except.length > 0 ? { cidr: block.cidr, except } : { cidr: block.cidr };
}

function renderPeers(peers: PolicyPeer[], excluded: string[]): NetworkPolicyPeer[] {
  return peers.map(p => ({
    ...(p.ipBlock ? { ipBlock: excludeCidrs(p.ipBlock, excluded) } : {}),
    ...(p.namespaceSelector ? { namespaceSelector: p.namespaceSelector } : {}),
    ...(p.podSelector ? { podSelector: p.podSelector } : {}),
  }));
}

/** Direction of a {@link WorkloadPolicy}. */
export type PolicyDirection = 'Ingress' | 'Egress';

/**
 * A NetworkPolicy selecting one workload's pods for one direction, whose rules are added while the
 * program runs (exposures, connections) and rendered at synthesis. Adding the same rule twice is a
 * no-op, so connecting one pair twice is idempotent.
 */
export class WorkloadPolicy extends Construct {
  /** The NetworkPolicy object. */
  public readonly apiObject: ApiObject;
  /** Ingress or Egress. */
  public readonly direction: PolicyDirection;
  private readonly rules = new Map<string, PolicyRule>();
  private readonly clusterCidrs: string[];

  constructor(scope: Construct, id: string, props: {
    name: string;
    direction: PolicyDirection;
    podSelector: { [key: string]: string };
    labels: { [key: string]: string };
    /** CIDRs excluded from every ipBlock that contains them (the cluster's pod and Service CIDRs). */
    clusterCidrs?: string[];
  }) {
    super(scope, id);
    this.clusterCidrs = props.clusterCidrs ?? [];
    const direction = props.direction;
    this.direction = direction;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: props.name, labels: props.labels },
      spec: Lazy.any({
        produce: (): NetworkPolicySpec => ({
          podSelector: { matchLabels: copyRecord(props.podSelector) },
          policyTypes: [direction],
          ...(direction === 'Ingress' ? { ingress: this.renderRules() } : { egress: this.renderRules() }),
        }),
      }),
    });
  }

  /** Adds a rule unless an identical one exists. */
  public addRule(rule: PolicyRule): void {
    const key = ruleKey(rule);
    if (!this.rules.has(key)) {
      this.rules.set(key, rule);
      touch();
    }
  }

  /**
   * Sets the rule stored under `key` (a connection), replacing the one set before in its place:
   * connecting one pair twice with other ports merges them into one rule.
   */
  public setRule(key: string, rule: PolicyRule): void {
    this.rules.set(`key:${key}`, rule);
    touch();
  }

  /** The rules added so far. */
  public get ruleCount(): number {
    return this.rules.size;
  }

  private renderRules(): NetworkPolicyRule[] {
    const seen = new Set<string>();
    return [...this.rules.values()].filter(rule => {
      const key = ruleKey(rule);
      return seen.has(key) ? false : (seen.add(key), true);
    }).map(rule => {
      const peers = rule.peers.length > 0 ? renderPeers(rule.peers, this.clusterCidrs) : undefined;
      return {
        ...(peers ? (this.direction === 'Ingress' ? { from: peers } : { to: peers }) : {}),
        ...(rule.ports.length > 0 ? { ports: renderPorts(rule.ports) } : {}),
      };
    });
  }
}

/**
 * Leaves `metadata.namespace` out of a cluster-scoped object created inside a namespaced chart.
 *
 * cdk8s gives every `ApiObject` its chart's namespace (`metadata.namespace ?? chart.namespace`) and
 * renders `ApiObjectMetadataDefinition.namespace`; clearing that field of an object this library
 * created renders no namespace and tells a reader of `obj.metadata.namespace` the truth, without a
 * JSON patch applied to a deep copy of the object at every rendering.
 */
export function makeClusterScoped(obj: ApiObject): void {
  (obj.metadata as { namespace?: string }).namespace = undefined;
}

/** Labels of a policy owned by a workload. */
export function policyLabels(owner: string): { [key: string]: string } {
  return standardLabels(owner, 'network-policy');
}
