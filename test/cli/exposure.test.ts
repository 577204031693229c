/**
 * `netpatterns audit --exposure`: the exposure findings as text, Markdown and JSON.
 */
import { fixture, run } from './run';
import { Reachability } from '../../src/analysis/reachability';
import { loadManifests } from '../../src/cli/load-manifests';

const SHOP = fixture('exposure');

describe('netpatterns audit --exposure', () => {
  test('text: one line per finding and a summary', async () => {
    // WHEN
    const r = await run(['audit', SHOP, '--exposure', '--format', 'text']);
    // THEN batch/worker is open both ways; shop/web accepts TCP 8080 from the internet, also through its LoadBalancer;
    // coredns (assumed) is not isolated
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toContain('not-isolated  ingress  batch/worker[Deployment] is not isolated for ingress: no NetworkPolicy selects its pods for ingress '
      + 'and no AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy has ingress rules for them, so every pod and every outside address may connect to it on every port');
    expect(lines).toContain('outside-cluster  ingress  shop/web[Deployment] accepts TCP 8080 from addresses outside the cluster (from[0] ipBlock 0.0.0.0/0); '
      + 'allowed by NetworkPolicy/shop/web-public spec.ingress[0]');
    expect(lines).toContain('outside-cluster  ingress  shop/web[Deployment] accepts TCP 8080 from addresses outside the cluster (from[0] ipBlock 0.0.0.0/0) '
      + 'through Service shop/web (LoadBalancer) 443/TCP -> 8080; allowed by NetworkPolicy/shop/web-public spec.ingress[0]');
    // shop/web is isolated for egress with no rules: nothing to report there
    expect(lines.filter((l) => l.includes('shop/web[Deployment]') && l.includes('  egress  '))).toEqual([]);
    expect(lines[lines.length - 1]).toBe('6 findings: 4 not-isolated, 2 outside-cluster (3 workloads)');
  });

  test('json is { findings } as Reachability.exposure() gives them', async () => {
    const r = await run(['audit', SHOP, '--exposure', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(Reachability.fromManifests(await loadManifests([SHOP])).exposure())));
  });

  test('markdown: a table a pull request comment can hold', async () => {
    const r = await run(['audit', SHOP, '--exposure']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('## Exposure\n\n6 findings: 4 not-isolated, 2 outside-cluster (3 workloads).\n');
    expect(r.stdout).toContain('| shop/web[Deployment] | ingress | outside-cluster | TCP 8080 | from[0] ipBlock 0.0.0.0/0 | NetworkPolicy/shop/web-public spec.ingress[0] '
      + '| Service shop/web (LoadBalancer) 443/TCP -> 8080 |');
  });

  test('--to keeps the findings of one workload', async () => {
    const r = await run(['audit', SHOP, '--exposure', '--format', 'text', '--to', 'shop/web']);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(r.stdout).toContain('2 findings: 2 outside-cluster (1 workload)');
  });

  test('--focus keeps the findings of the focused workload, as --to does', async () => {
    const r = await run(['audit', SHOP, '--exposure', '--format', 'text', '--focus', 'shop/web']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe((await run(['audit', SHOP, '--exposure', '--format', 'text', '--to', 'shop/web'])).stdout);
    expect(r.stdout).toContain('2 findings: 2 outside-cluster (1 workload)');
  });

  test('--exposure with --format dot is a usage error', async () => {
    expect(await run(['audit', SHOP, '--exposure', '--format', 'dot'])).toEqual({
      code: 2, stdout: '', stderr: 'netpatterns: --exposure prints text, markdown or json, not dot; use --format text|markdown|json\n',
    });
  });

  test.each([
    [['audit', SHOP, '--exposure', '--format', 'mermaid'], 'netpatterns: --exposure prints text, markdown or json, not mermaid; use --format text|markdown|json\n'],
    [['audit', SHOP, '--exposure', '--format', 'connlist'], 'netpatterns: --exposure prints text, markdown or json, not connlist; use --format text|markdown|json\n'],
    [['audit', SHOP, '--format', 'text'], 'netpatterns: --format text is for --exposure; audit prints markdown, mermaid, dot, json or connlist\n'],
  ])('%j is a usage error, exit 2', async (argv, message) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: '', stderr: message });
  });
});
