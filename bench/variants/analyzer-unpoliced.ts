import { unpolicedCluster } from './_clusters';
import { Prepare, secondsSince } from './_variant';
import { lint, Reachability } from '../../src';

/**
 * The analyzer where nothing is isolated: N bare Pods with a Service each and no NetworkPolicy
 * (`unpolicedCluster`), built before the clock. Every pair allows everything, so the list has
 * N × (N − 1) + 2N lines: it is counted on the analysis's compact form, not spelled out.
 * - `connections`: `Reachability.fromManifests(objects)` + `r.connectionCount()` + one
 *   `reachableFromAnyWorkload` per pod (what lint asks);
 * - `lint`: `lint(objects)`.
 */
export const prepare: Prepare = ({ n }) => {
  const objects = unpolicedCluster(n);
  return () => {
    let start = process.hrtime.bigint();
    const r = Reachability.fromManifests(objects);
    const count = r.connectionCount();
    let reachable = 0;
    for (const w of r.workloads) if (r.reachableFromAnyWorkload(w, 8080)) reachable++;
    const connections = secondsSince(start);

    start = process.hrtime.bigint();
    const findings = lint(objects);
    const lintSeconds = secondsSince(start);
    return {
      phases: { connections, lint: lintSeconds },
      info: { workloads: r.workloads.length, connections: count, reachable, findings: findings.length },
    };
  };
};
