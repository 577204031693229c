/**
 * Internal NetworkPolicy building blocks: peers, ports and per-workload policies whose rules are
 * collected while the program runs and rendered lazily at synthesis.
 */
import { ApiObject, Chart, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { NAMESPACE_NAME_LABEL, standardLabels } from '../_names';
import { touch } from './_synth-lint';

/** A port (and protocol) a rule opens. */
export interface PolicyPort {
  readonly port: number;
  readonly protocol: string;
  readonly endPort?: number;
}

/** A plain NetworkPolicy peer, in Kubernetes JSON form. */
export interface PolicyPeer {
  readonly podSelector?: { matchLabels: { [key: string]: string } };
  readonly namespaceSelector?: { matchLabels: { [key: string]: string } };
  readonly ipBlock?: { cidr: string; except?: string[] };
}

/** A peer for pods with `podLabels` in `namespace`, seen from a policy in `policyNamespace`. */
export function podPeer(podLabels: { [key: string]: string }, namespace: string, policyNamespace: string): PolicyPeer {
  if (namespace === policyNamespace) {
    return { podSelector: { matchLabels: { ...podLabels } } };
  }
  // namespaceSelector AND podSelector in one peer element: only those pods of that namespace.
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } },
    podSelector: { matchLabels: { ...podLabels } },
  };
}

/** A peer for pods with `podLabels` in a namespace, always with a namespaceSelector. */
export function namespacedPodPeer(podLabels: { [key: string]: string }, namespace: string): PolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } },
    podSelector: { matchLabels: { ...podLabels } },
  };
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
function renderPorts(ports: PolicyPort[]): any[] {
  return ports.map(p => ({
    protocol: p.protocol,
    port: p.port,
    ...(p.endPort !== undefined ? { endPort: p.endPort } : {}),
  }));
}

function renderPeers(peers: PolicyPeer[]): any[] {
  return peers.map(p => ({
    ...(p.ipBlock ? { ipBlock: p.ipBlock } : {}),
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
  private readonly rules: PolicyRule[] = [];
  private readonly keys = new Set<string>();

  constructor(scope: Construct, id: string, props: {
    name: string;
    direction: PolicyDirection;
    podSelector: { [key: string]: string };
    labels: { [key: string]: string };
  }) {
    super(scope, id);
    const direction = props.direction;
    this.direction = direction;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: props.name, labels: props.labels },
      spec: Lazy.any({
        produce: () => ({
          podSelector: { matchLabels: { ...props.podSelector } },
          policyTypes: [direction],
          [direction === 'Ingress' ? 'ingress' : 'egress']: this.renderRules(),
        }),
      }),
    });
  }

  /** Adds a rule unless an identical one exists. */
  public addRule(rule: PolicyRule): void {
    const key = ruleKey(rule);
    if (this.keys.has(key)) {
      return;
    }
    this.keys.add(key);
    this.rules.push(rule);
    touch();
  }

  /** The rules added so far. */
  public get ruleCount(): number {
    return this.rules.length;
  }

  private renderRules(): any[] {
    return this.rules.map(rule => {
      const peersKey = this.direction === 'Ingress' ? 'from' : 'to';
      return {
        ...(rule.peers.length > 0 ? { [peersKey]: renderPeers(rule.peers) } : {}),
        ...(rule.ports.length > 0 ? { ports: renderPorts(rule.ports) } : {}),
      };
    });
  }
}

/** Removes `metadata.namespace` from a cluster-scoped object created inside a namespaced chart. */
export function makeClusterScoped(obj: ApiObject): void {
  if (Chart.of(obj).namespace !== undefined) {
    obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}

/** Labels of a policy owned by a workload. */
export function policyLabels(owner: string): { [key: string]: string } {
  return standardLabels(owner, 'network-policy');
}
