import * as fs from 'node:fs';
import { appName, CONTAINER_PORT, NAMESPACE } from './_spec';
import { Prepare, secondsSince } from './_variant';
import { lint, Reachability } from '../../src';

/** The source of the pair `explain` is timed on: the ingress controller the analyzer assumes. */
export const EXPLAIN_FROM = 'ingress-nginx/ingress-nginx-controller';

/**
 * The analyzer over the library variant's output (N Deployments, Services and Ingresses, N + 3
 * NetworkPolicies), loaded before the clock:
 * - `matrix`: `Reachability.fromManifests(objects)` (phase `build`) + the full matrix `r.toJson()`;
 * - `explain`: one `r.explain(from, to, port)` on that Reachability, before `toJson()` — as
 *   `netpatterns explain` runs it: build, then explain one pair (not part of `matrix`);
 * - `connections`: on a second Reachability (built untimed), the count of every allowed connection
 *   over every port, outside ranges and Ingress paths included (`connectionCount()`, as
 *   `netpatterns audit --format connlist` counts);
 * - `exposure`: on that Reachability, what reaches each workload from outside the cluster and from
 *   other namespaces (`exposure()`, as `netpatterns audit --exposure`), Ingress paths included;
 * - `lint`: `lint(objects)`, which builds its own analysis.
 */
export const prepare: Prepare = ({ n, fixture }) => {
  const objects = JSON.parse(fs.readFileSync(fixture!, 'utf8')) as any[];
  const to = `${NAMESPACE}/${appName(Math.floor(n / 2))}`;
  return () => {
    let start = process.hrtime.bigint();
    const r = Reachability.fromManifests(objects);
    const build = secondsSince(start);

    start = process.hrtime.bigint();
    const explanation = r.explain(EXPLAIN_FROM, to, CONTAINER_PORT);
    const explain = secondsSince(start);

    start = process.hrtime.bigint();
    const report = r.toJson();
    const matrix = build + secondsSince(start);

    // On an analysis of their own (built untimed): `toJson()` has computed the connections above.
    const fresh = Reachability.fromManifests(objects);
    start = process.hrtime.bigint();
    const connectionCount = fresh.connectionCount();
    const connections = secondsSince(start);

    start = process.hrtime.bigint();
    const exposed = fresh.exposure().findings.length;
    const exposureSeconds = secondsSince(start);

    start = process.hrtime.bigint();
    const findings = lint(objects);
    const lintSeconds = secondsSince(start);

    return {
      phases: { matrix, build, explain, connections, exposure: exposureSeconds, lint: lintSeconds },
      info: {
        workloads: report.workloads.length,
        flows: report.flows.length,
        connections: connectionCount,
        exposureFindings: exposed,
        findings: findings.length,
        explainPair: `${EXPLAIN_FROM} -> ${to}:${CONTAINER_PORT}`,
        explainAllowed: String(r.canReach(EXPLAIN_FROM, to, CONTAINER_PORT)),
        explainChars: explanation.length,
      },
    };
  };
};
