import { policedCluster } from './_clusters';
import { Prepare, timed } from './_variant';
import { lint, Reachability } from '../../src';

/**
 * The analyzer at scale with many policies: N workloads under N + 2⌈N/100⌉ NetworkPolicies
 * (`policedCluster`), built before the clock:
 * - `connections`: `Reachability.fromManifests(objects)` + the whole connectivity list over every
 *   protocol and port (`r.connections()`, outside ranges included);
 * - `lint`: `lint(objects)`.
 */
export const prepare: Prepare = ({ n }) => {
  const objects = policedCluster(n);
  return () => {
    const [{ r, lines }, connections] = timed(() => {
      const analysis = Reachability.fromManifests(objects);
      return { r: analysis, lines: analysis.connections() };
    });
    const [findings, lintSeconds] = timed(() => lint(objects));
    return {
      phases: { connections, lint: lintSeconds },
      info: {
        workloads: r.workloads.length,
        policies: objects.filter(o => o.kind === 'NetworkPolicy').length,
        connections: lines.length,
        outsideLines: lines.filter(l => /^[0-9:]|=> [0-9:]/.test(l)).length,
        findings: findings.length,
      },
    };
  };
};
