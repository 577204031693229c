import { unpolicedCluster } from './_clusters';
import { Prepare, timed } from './_variant';
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
    const [{ r, count, reachable }, connections] = timed(() => {
      const analysis = Reachability.fromManifests(objects);
      const reached = analysis.workloads.filter(w => analysis.reachableFromAnyWorkload(w, 8080));
      return { r: analysis, count: analysis.connectionCount(), reachable: reached.length };
    });
    const [findings, lintSeconds] = timed(() => lint(objects));
    return {
      phases: { connections, lint: lintSeconds },
      info: { workloads: r.workloads.length, connections: count, reachable, findings: findings.length },
    };
  };
};
