/**
 * `netpatterns audit --format connlist`, `--no-assume`, and `netpatterns diff` (golden output on
 * two versions of the zero-trust-shop example).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixture, run } from './run';
import { Reachability } from '../../src/analysis/reachability';
import { loadManifests } from '../../src/cli/load-manifests';

const APP = fixture('app');
const BEFORE = fixture('diff', 'before.yaml');
const AFTER = fixture('diff', 'after.yaml');

describe('netpatterns audit --format connlist', () => {
  test('prints Reachability.connections(), one line each', async () => {
    const r = await run(['audit', APP, '--format', 'connlist']);
    expect(r.code).toBe(0);
    const expected = Reachability.fromManifests(await loadManifests([APP])).connections();
    expect(r.stdout).toBe(expected.map((l) => `${l}\n`).join(''));
    // the LoadBalancer app admits 0.0.0.0/0 on its named port http (8080)
    expect(r.stdout).toContain('0.0.0.0-255.255.255.255 => production/web[Deployment] : TCP 8080\n');
  });

  test('filters by --from and --to, keeping outside ranges at the unfiltered end', async () => {
    const r = await run(['audit', APP, '--format', 'connlist', '--to', 'production/web']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['0.0.0.0-255.255.255.255 => production/web[Deployment] : TCP 8080']);
  });

  test('json carries the same connections as toJson()', async () => {
    const r = await run(['audit', APP, '--format', 'json']);
    const json = JSON.parse(r.stdout);
    expect(json.connections).toEqual(Reachability.fromManifests(await loadManifests([APP])).toJson().connections);
    expect(json.connections).toContainEqual({ from: 'production/web[Deployment]', to: 'production/api[Deployment]', conn: 'TCP 8080' });
  });
});

describe('netpatterns audit --format connlist: {ingress-controller}', () => {
  test('lists what an unknown controller reaches through an OpenShift Route, last, and keeps it under --to', async () => {
    // GIVEN a Route to web's Service port http, and web admitting namespaceSelector {} on 8080 only
    const dir = fs.mkdtempSync(`${os.tmpdir()}/netpatterns-route-`);
    fs.writeFileSync(`${dir}/web.yaml`, [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n'
        + '  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: web:1, ports: [{name: http, containerPort: 8080}]}]}',
      'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}',
      'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: web, namespace: shop}\nspec: {to: {kind: Service, name: web}, port: {targetPort: http}}',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web, namespace: shop}\n'
        + 'spec: {podSelector: {matchLabels: {app: web}}, ingress: [{from: [{namespaceSelector: {}}], ports: [{port: 8080}]}]}',
    ].join('\n---\n'));
    try {
      // WHEN listed with nothing assumed, then only towards web
      const all = await run(['audit', dir, '--format', 'connlist', '--no-assume', 'all']);
      const to = await run(['audit', dir, '--format', 'connlist', '--no-assume', 'all', '--to', 'shop/web']);
      // THEN the line is last, and --to keeps it (its source is no workload of the manifests)
      expect(all.code).toBe(0);
      expect(all.stdout.trim().split('\n').pop()).toBe('{ingress-controller} => shop/web[Deployment] : TCP 8080');
      expect(to.stdout.trim().split('\n')).toEqual(['{ingress-controller} => shop/web[Deployment] : TCP 8080']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('--no-assume', () => {
  test('turns assumed workloads off in audit', async () => {
    const all = await run(['audit', APP, '--format', 'connlist']);
    expect(all.stdout).toContain('kube-system/coredns[assumed]');
    const none = await run(['audit', APP, '--format', 'connlist', '--no-assume', 'dns,ingress-controller,acme']);
    expect(none.code).toBe(0);
    expect(none.stdout).not.toContain('coredns');
    expect(JSON.parse((await run(['audit', APP, '--format', 'json', '--no-assume', 'all'])).stdout).workloads).toEqual(['production/api', 'production/web']);
  });

  test('works on explain and lint', async () => {
    const explain = await run(['explain', 'production/web', 'kube-system/coredns', '53/UDP', APP, '--no-assume', 'acme']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/: allowed\n/);
    const missing = await run(['explain', 'production/web', 'kube-system/coredns', '53/UDP', APP, '--no-assume', 'dns']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^netpatterns: unknown workload or Service 'kube-system\/coredns' for 'to'/);
    const lint = await run(['lint', APP, '--no-assume', 'dns', '--format', 'json']);
    expect([0, 1]).toContain(lint.code);
    expect(JSON.parse(lint.stdout).findings).toEqual(expect.any(Array));
  });

  test('rejects an unknown assumption with exit 2 and one line', async () => {
    const r = await run(['audit', APP, '--no-assume', 'dns,coredns']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: "netpatterns: --no-assume: unknown assumption 'coredns'; give a comma-separated list of dns, ingress-controller, acme (or all)\n",
    });
  });
});

describe('netpatterns diff', () => {
  test('prints the golden text diff of two versions of the example, exit 0', async () => {
    const r = await run(['diff', BEFORE, AFTER]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(fs.readFileSync(fixture('diff', 'expected.txt'), 'utf8'));
    // a connection added, one removed, one widened, and new outside exposure
    expect(r.stdout).toContain('+ production/worker[Deployment] => production/postgres[StatefulSet] : TCP 5432\n');
    expect(r.stdout).toContain('- production/api[Deployment] => backend/billing[Deployment] : TCP 8080\n');
    expect(r.stdout).toContain('(widened: +TCP 8443)');
    expect(r.stdout).toContain('+ 0.0.0.0-198.51.99.255 => production/admin[Deployment] : TCP 8080\n');
  });

  test('prints the golden pull-request comment with --format markdown', async () => {
    const r = await run(['diff', BEFORE, AFTER, '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(fs.readFileSync(fixture('diff', 'expected.md'), 'utf8'));
  });

  test('stands in the README as real output', () => {
    const readme = fs.readFileSync(fixture('..', '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(fs.readFileSync(fixture('diff', 'expected.md'), 'utf8'));
  });

  test('prints ConnectionDiff.toJson() with --format json', async () => {
    const json = JSON.parse((await run(['diff', BEFORE, AFTER, '--format', 'json'])).stdout);
    expect(Object.keys(json)).toEqual(['summary', 'added', 'removed', 'changed', 'exposure']);
    expect(json.added).toHaveLength(3);
    expect(json.changed[0]).toMatchObject({ kind: 'widened', before: 'TCP 8080', after: 'TCP 8080,8443', gained: 'TCP 8443' });
  });

  test.each([
    [['--fail-on', 'exposure'], BEFORE, AFTER, 1],
    [['--fail-on', 'added'], BEFORE, AFTER, 1],
    [['--fail-on', 'exposure'], AFTER, BEFORE, 0],
    [['--fail-on', 'added,exposure'], AFTER, BEFORE, 1],
    [['--fail-on', 'added', '--fail-on', 'exposure'], AFTER, BEFORE, 1], // repeated, the conditions add up
    [[], BEFORE, AFTER, 0],
  ])('%j exits with the right code', async (flags, before, after, code) => {
    expect((await run(['diff', before, after, ...flags])).code).toBe(code);
  });

  test('reads one side from stdin, git-style, and diffs directories', async () => {
    const r = await run(['diff', '-', AFTER], fs.readFileSync(BEFORE, 'utf8'));
    expect(r.stdout).toBe(fs.readFileSync(fixture('diff', 'expected.txt'), 'utf8'));
    const same = await run(['diff', APP, APP, '--fail-on', 'added']);
    expect(same).toMatchObject({ code: 0, stdout: 'no connection changed\n' });
  });

  test('compares a side that holds no document as an empty cluster: a new manifest adds every connection, a deleted one removes them', async () => {
    const empty = fixture('empty.yaml');
    const added = await run(['diff', empty, AFTER, '--fail-on', 'added']);
    expect(added.code).toBe(1);
    expect(added.stderr).toContain(`netpatterns: note: before: ${empty} holds no Kubernetes objects: compared as an empty cluster\n`);
    expect(added.stdout).toMatch(/^\+ /m);
    expect(added.stdout).not.toMatch(/^- /m);
    const comments = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-diff-')), 'deleted.yaml');
    fs.writeFileSync(comments, '# nothing here\n');
    const removed = await run(['diff', AFTER, comments, '--fail-on', 'added']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/^- /m);
    expect(removed.stdout).not.toMatch(/^\+ /m);
  });

  test.each([
    ['an empty stdin (the command before the pipe may have failed)', ['diff', BEFORE, '-'], '', /^netpatterns: stdin \(-\) is empty: the command before the pipe may have failed; for a side with no manifests give an empty file, e.g. \/dev\/null\n$/],
    ['a side whose documents are none of them Kubernetes objects', ['diff', BEFORE, '-'], 'just: a mapping\n', /netpatterns: no Kubernetes objects found in - \(1 document skipped\)\n$/],
  ])('refuses %s, exit 2: a broken "after" build must not pass', async (_what, argv, stdin, message) => {
    const r = await run(argv, stdin);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  test('escapes control characters in names, so a name cannot forge a line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-diff-'));
    const web = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${JSON.stringify(name)}, namespace: x}\n`
      + 'spec: {selector: {matchLabels: {app: w}}, template: {metadata: {labels: {app: w}}, spec: {containers: [{name: c, image: "w:1"}]}}}\n';
    fs.writeFileSync(path.join(dir, 'before.yaml'), web('web'));
    fs.writeFileSync(path.join(dir, 'after.yaml'), web('web\n+ evil'));
    const r = await run(['diff', path.join(dir, 'before.yaml'), path.join(dir, 'after.yaml')]);
    expect(r.stdout).toContain('x/web\\n+ evil[Deployment]');
    expect(r.stdout.split('\n').filter((line) => line.startsWith('+ evil'))).toEqual([]);
  });

  test('keeps the Markdown comment under GitHub\'s size limit, counting what it leaves out', async () => {
    // GIVEN 120 apps whose namespace loses its default deny: thousands of added pairs
    const apps = (deny: boolean) => [
      ...Array.from({ length: 120 }, (_, i) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app${i}, namespace: big}\n`
        + `spec: {selector: {matchLabels: {app: a${i}}}, template: {metadata: {labels: {app: a${i}}}, spec: {containers: [{name: c, image: "a:1"}]}}}\n`),
      ...(deny ? ['apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: big}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n'] : []),
    ].join('---\n');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-diff-'));
    fs.writeFileSync(path.join(dir, 'before.yaml'), apps(true));
    fs.writeFileSync(path.join(dir, 'after.yaml'), apps(false));
    const r = await run(['diff', path.join(dir, 'before.yaml'), path.join(dir, 'after.yaml'), '--format', 'markdown', '--no-assume', 'all']);
    expect(r.stdout.length).toBeLessThan(60_000);
    expect(r.stdout).toMatch(/#### Added \(14280\)/);
    expect(r.stdout).toMatch(/_… and 14230 more: see `netpatterns diff --format text` or `json`._/);
  });

  test('fails --fail-on exposure when a Service becomes a LoadBalancer, which adds no connection', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-diff-'));
    const shop = (type: string) => [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: "w:1", ports: [{containerPort: 8080}]}]}}}\n',
      `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {type: ${type}, selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}\n`,
    ].join('---\n');
    fs.writeFileSync(path.join(dir, 'before.yaml'), shop('ClusterIP'));
    fs.writeFileSync(path.join(dir, 'after.yaml'), shop('LoadBalancer'));
    const r = await run(['diff', path.join(dir, 'before.yaml'), path.join(dir, 'after.yaml'), '--fail-on', 'exposure']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^no connection changed; newly reachable through Services, proxies or from namespaces beyond the manifests: 1\n! shop\/web\[Deployment\] newly reachable from outside the cluster through Service shop\/web \(LoadBalancer\)/);
  });

  test('two sides where kubectl found nothing (empty kind: List) are a diff without changes, not unusable input', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-diff-'));
    const nothing = path.join(dir, 'none.yaml');
    fs.writeFileSync(nothing, 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
    const r = await run(['diff', nothing, '-', '--fail-on', 'added,exposure'], 'apiVersion: v1\nkind: List\nitems: []\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('no connection changed\n');
  });

  test.each([
    [['diff', fixture('nope.yaml'), AFTER], /^netpatterns: cannot read .*nope\.yaml: no such file or directory\n$/],
    [['diff', fixture('malformed.yaml'), AFTER], /^netpatterns: malformed YAML in .*malformed\.yaml/],
    [['diff', BEFORE, AFTER, '--fail-on', 'removed'], /^netpatterns: --fail-on: unknown condition 'removed'; give added and\/or exposure, comma-separated\n$/],
    [['diff', '-', '-'], /^netpatterns: <before> and <after> cannot both be - \(stdin\)\n$/],
    [['diff', fixture('empty.yaml'), fixture('empty.yaml')], /no Kubernetes objects found in .*empty\.yaml nor in .*empty\.yaml\n$/],
    [['diff', BEFORE, AFTER, '--format', 'html'], /^netpatterns: option '--format <format>' argument 'html' is invalid/],
    [['diff', BEFORE], /^netpatterns: missing required argument 'after'/],
  ])('%j exits 2 with one line and no stack trace', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
