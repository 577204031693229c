/**
 * Memory linear in the input where nothing is isolated (issue 12, item 5): the inputs that used
 * to grow with the square of the unpoliced workloads — `lint` on thousands of bare Pods, the
 * synthesis-time lint over thousands of Deployments with Services, `audit` of thousands of
 * Deployments — now finish, and what is quadratic by nature (the list of every pair) is streamed.
 */
import { deployment, pod } from './manifests';
import { Reachability } from '../../src/analysis';
import { main } from '../../src/cli/main';
import { lint } from '../../src/lint';

function service(ns: string, name: string): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 80 }] } };
}

describe('unpoliced workloads', () => {
  test('lint of 4,000 bare Pods finishes, reporting per pod, not per pair', () => {
    // GIVEN 4,000 bare Pods (a 4.7 GB heap-OOM before: the lint asked for every flow)
    const objects = Array.from({ length: 4000 }, (_, i) => pod(`ns${i % 4}`, `p${i}`, { app: `p${i}` }));
    // WHEN linted THEN it finishes, and no pod is reported unreachable (nothing is isolated)
    const findings = lint(objects);
    expect(findings.filter((f) => f.rule === 'workload-unreachable-behind-service')).toEqual([]);
    expect(findings.length).toBeGreaterThan(0);
  });

  test('lint of 4,500 unpoliced Deployments with Services asks per Service target port', () => {
    // GIVEN what a cdk8s App of 4,500 unpoliced Deployments synthesizes (the synthesis-time lint
    // aborted app.synth() there)
    const objects = Array.from({ length: 4500 }, (_, i) => [deployment('shop', `d${i}`, { app: `d${i}` }), service('shop', `d${i}`)]).flat();
    const findings = lint(objects);
    // THEN every Service target port is reachable: no finding of the rule
    expect(findings.filter((f) => f.rule === 'workload-unreachable-behind-service')).toEqual([]);
  });

  test('the one shared column answers for every destination', () => {
    const r = Reachability.fromManifests(Array.from({ length: 2000 }, (_, i) => deployment('a', `d${i}`, { app: `d${i}` })), { assumeDns: false });
    expect(r.connectionCount()).toBe(2000 * 1999 + 2 * 2000);
    expect(r.workloads.every((w) => r.reachableFromAnyWorkload(w, 80))).toBe(true);
  });

  test('audit streams the list of every pair in chunks instead of building one string', async () => {
    // GIVEN 1,000 Deployments without policies: 1,000 × 999 pairs, plus the outside both ways
    const n = 1000;
    const objects = Array.from({ length: n }, (_, i) => deployment(`ns${i % 5}`, `d${i}`, { app: `d${i}` }, []));
    let lines = 0;
    let chunks = 0;
    let largest = 0;
    let last = '';
    const code = await main(['audit', '-', '--format', 'connlist', '--no-assume', 'all'], {
      stdout: {
        write: (s: string) => {
          chunks++;
          largest = Math.max(largest, s.length);
          for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) lines++;
          last = s;
        },
      },
      stderr: { write: () => undefined },
      stdin: (async function* () { yield JSON.stringify(objects); })(),
    });
    // THEN every line arrives, in chunks of about 64 KiB
    expect(code).toBe(0);
    expect(lines).toBe(n * (n - 1) + 2 * n);
    expect(chunks).toBeGreaterThan(100);
    expect(largest).toBeLessThan(70 * 1024);
    expect(last.endsWith(' : All Connections\n')).toBe(true);
  });
});
