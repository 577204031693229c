import { policedCluster } from './_clusters';
import { Prepare, secondsSince } from './_variant';
import { Reachability } from '../../src';

const API = 'policy.networking.k8s.io/v1alpha1';

/**
 * 200 AdminNetworkPolicies (priorities 0-199; Allow, Deny and Pass; subjects and peers by
 * namespace labels and pod labels; port numbers, ranges and named ports; egress networks) and a
 * BaselineAdminNetworkPolicy, for the namespaces `policedCluster` labels (team t0-t4, env).
 */
export function adminPolicies(count: number): any[] {
  const actions = ['Allow', 'Deny', 'Pass'];
  const tiers = ['web', 'api', 'db'];
  const out: any[] = [];
  for (let i = 0; i < count; i++) {
    const subject = i % 2 === 0
      ? { namespaces: { matchLabels: { team: `t${i % 5}` } } }
      : { pods: { namespaceSelector: { matchLabels: { env: i % 4 === 1 ? 'prod' : 'staging' } }, podSelector: { matchLabels: { tier: tiers[i % 3] } } } };
    const ports = i % 3 === 0 ? [{ portNumber: { port: 8080 } }] : i % 3 === 1 ? [{ portRange: { start: 8000 + i, end: 9000 + i } }] : [{ namedPort: 'http' }];
    out.push({
      apiVersion: API,
      kind: 'AdminNetworkPolicy',
      metadata: { name: `anp-${i}` },
      spec: {
        priority: i,
        subject,
        ingress: [{ name: 'from-team', action: actions[i % 3], from: [{ namespaces: { matchLabels: { team: `t${(i + 1) % 5}` } } }], ports }],
        egress: [
          { name: 'to-tier', action: actions[(i + 1) % 3], to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { tier: tiers[(i + 1) % 3] } } } }], ports },
          ...(i % 10 === 0 ? [{ name: 'no-metadata', action: 'Deny', to: [{ networks: ['169.254.169.254/32'] }] }] : []),
        ],
      },
    });
  }
  out.push({
    apiVersion: API,
    kind: 'BaselineAdminNetworkPolicy',
    metadata: { name: 'default' },
    spec: { subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: { matchLabels: { env: 'staging' } } }] }] },
  });
  return out;
}

/**
 * The analyzer with the cluster tiers: `policedCluster(N)` (N workloads, N + 2⌈N/100⌉
 * NetworkPolicies) plus 200 AdminNetworkPolicies and a BaselineAdminNetworkPolicy:
 * - `connections`: `Reachability.fromManifests` + the connection count over every protocol and
 *   port, through every tier;
 * - `exposure`: `r.exposure()`.
 */
export const prepare: Prepare = ({ n }) => {
  const objects = [...policedCluster(n), ...adminPolicies(200)];
  return () => {
    let start = process.hrtime.bigint();
    const r = Reachability.fromManifests(objects);
    const connections = r.connectionCount();
    const connectionSeconds = secondsSince(start);

    start = process.hrtime.bigint();
    const findings = r.exposure().findings.length;
    const exposureSeconds = secondsSince(start);
    return {
      phases: { connections: connectionSeconds, exposure: exposureSeconds },
      info: { workloads: r.workloads.length, adminPolicies: 201, connections, exposureFindings: findings },
    };
  };
};
