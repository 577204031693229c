import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { container, defaultDeny, deployment, service } from './manifests';
import { IValidationContext, NetworkPatternsValidation, ValidationViolation } from '../../src';

const REPO = path.join(__dirname, '..', '..');
const FIXTURE = path.join(REPO, 'test', 'fixtures', 'validation-plugin');
const CDK8S = path.join(REPO, 'node_modules', '.bin', 'cdk8s');

/** The result of one `cdk8s synth` in a fresh project directory. */
interface SynthRun {
  readonly status: number | null;
  readonly output: string;
  /** The JSON validation reports (`--validation-reports-output-file`), when written. */
  readonly reports?: any;
}

/**
 * Runs the real cdk8s CLI on the fixture app, with NetworkPatternsValidation configured in
 * cdk8s.yaml with `properties`, and `files` (name → text) in the project directory.
 */
function synth(properties: any, files: { [name: string]: string } = {}): SynthRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validation-plugin-'));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), stringify({
    language: 'typescript',
    app: `node ${path.join(FIXTURE, 'app.js')}`,
    validations: [{ package: path.join(FIXTURE, 'plugin.js'), version: '0.0.0', class: 'NetworkPatternsValidation', properties }],
  }));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const reportFile = path.join(dir, 'reports.json');
  const result = spawnSync(CDK8S, ['synth', '--no-check-upgrade', '--validation-reports-output-file', reportFile], {
    cwd: dir,
    // Offline: a local plugin is required from disk, never installed; npm would fail on these settings.
    env: { ...process.env, NETPATTERNS_REPO: REPO, npm_config_offline: 'true', HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const reports = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : undefined;
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: result.status, output: `${result.stdout}${result.stderr}`, reports };
}

describe('NetworkPatternsValidation', () => {
  describe('run by cdk8s-cli on an app that uses only cdk8s-plus-28', () => {
    test('fails the synthesis on an error finding, reported on the construct path', () => {
      // GIVEN the fixture app, whose Service 'orphan' selects no pod
      // WHEN cdk8s synth validates it with the plugin
      const run = synth({});

      // THEN the synthesis fails, and the report names the rule, the construct and the fix
      expect(run.status).not.toBe(0);
      const [report] = run.reports.reports;
      expect(report.summary.status).toBe('failure');
      // shop/web and the CoreDNS the analyzer assumes
      expect(report.summary.metadata).toMatchObject({ 'Workloads': '2', 'Lint errors': '1' });
      const violation = report.violations.find((v: any) => v.ruleName === 'service-selector-matches-nothing (error)');
      expect(violation.violatingConstructs).toEqual([expect.objectContaining({
        constructPath: 'shop/orphan/Resource',
        resourceName: 'orphan',
        manifestPath: expect.stringMatching(/shop\.k8s\.yaml$/),
        locations: [expect.stringMatching(/^Service shop\/orphan selects app.kubernetes.io\/name=nothing-has-this but no pod template in shop/)],
      })]);
      expect(run.output).toMatch(/Construct Path: shop\/orphan\/Resource/);
    }, 180_000);

    test('passes when the properties disable the rule', () => {
      // GIVEN the rule disabled in the plugin's properties in cdk8s.yaml
      const run = synth({ lint: { disable: ['service-selector-matches-nothing'] } });

      // THEN the synthesis succeeds
      expect(run.status).toBe(0);
      expect(run.reports.reports[0].summary.status).toBe('success');
      expect(run.reports.reports[0].summary.metadata['Lint errors']).toBe('0');
    }, 180_000);

    test('reads .netpatterns.yaml from the project directory', () => {
      // GIVEN the error acknowledged in .netpatterns.yaml, and no properties
      const config = stringify({ lint: { acknowledgements: [{ rule: 'service-selector-matches-nothing', object: 'Service/shop/orphan', reason: 'selected by a later release' }] } });
      const run = synth({}, { '.netpatterns.yaml': config });

      // THEN the synthesis succeeds and the summary names the file
      expect(run.status).toBe(0);
      expect(run.reports.reports[0].summary.metadata.Configuration).toMatch(/\.netpatterns\.yaml$/);
    }, 180_000);
  });
});

/** A context like cdk8s-cli's over `files` (name → objects), recording what the plugin reports. */
function fakeContext(files: { [name: string]: any[] }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validation-context-'));
  const manifests = Object.entries(files).map(([name, objects]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, objects.map(o => stringify(o)).join('---\n'));
    return file;
  });
  const violations: ValidationViolation[] = [];
  const logged: string[] = [];
  let submitted: { status: string; metadata?: { [key: string]: string } } | undefined;
  const context: IValidationContext = {
    manifests,
    report: {
      addViolation: (v) => { violations.push(v); },
      submit: (status, metadata) => { submitted = { status, metadata }; },
    },
    logger: { log: (m) => { logged.push(m); } },
  };
  return { context, violations, logged, submitted: () => submitted, dir };
}

/** A Deployment behind a Service, nothing wrong. */
const APP = [deployment('shop', 'web'), service('shop', 'web')];

describe('NetworkPatternsValidation', () => {
  describe('validate', () => {

    test('submits success with the reachability summary when nothing is wrong', async () => {
      const run = fakeContext({ 'shop.k8s.yaml': APP });
      await new NetworkPatternsValidation().validate(run.context);
      expect(run.violations).toEqual([]);
      expect(run.submitted()).toEqual({
        status: 'success',
        metadata: { 'Objects': '2', 'Workloads': '2', 'Allowed flows': expect.any(String), 'Lint errors': '0', 'Lint warnings': '0' },
      });
      // not isolated: CoreDNS may reach the web pods, and they may reach CoreDNS
      expect(run.logged).toContain('shop/web -> kube-system/coredns UDP 53');
    });

    test('logs flows between two workloads only, and none with logFlows: false', async () => {
      const run = fakeContext({ 'shop.k8s.yaml': APP });
      await new NetworkPatternsValidation().validate(run.context);
      const flows = run.logged.filter(l => !l.startsWith('note: '));
      expect(flows.length).toBeGreaterThan(0);
      // a workload to itself is traffic among its own pods, which connections() leaves out too
      expect(flows.filter(l => /^(\S+) -> \1 /.test(l))).toEqual([]);
      expect(run.submitted()!.metadata!['Allowed flows']).toBe(String(flows.length));
      const quiet = fakeContext({ 'shop.k8s.yaml': APP });
      await new NetworkPatternsValidation({ logFlows: false }).validate(quiet.context);
      expect(quiet.logged.filter(l => !l.startsWith('note: '))).toEqual([]);
      expect(quiet.submitted()!.metadata!['Allowed flows']).toBe(String(flows.length));
      expect(() => new NetworkPatternsValidation({ logFlows: 'no' } as any)).toThrow("NetworkPatternsValidation: logFlows must be true or false, got the string 'no'");
    });

    test('keeps what netpatterns lint keeps: a kind without apiVersion and an unnamed object are findings with their file; other documents are logged', async () => {
      // GIVEN a Service without apiVersion, a Service without name, and a document that is no Kubernetes object
      const noApiVersion = { kind: 'Service', metadata: { name: 'noapi', namespace: 'shop' }, spec: { ports: [{ port: 80 }] } };
      const unnamed = { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'shop' }, spec: { ports: [{ port: 80 }] } };
      const run = fakeContext({ 'shop.k8s.yaml': [...APP, noApiVersion, unnamed, { name: 'notes', items: [] }] });
      await new NetworkPatternsValidation().validate(run.context);
      // THEN both objects fail the synthesis, each named with its file
      const invalid = run.violations.find(v => v.ruleName === 'object-invalid (error)')!;
      expect(invalid.violatingResources.map(r => [r.resourceName, path.basename(r.manifestPath)])).toEqual([
        ['Service/shop/(unnamed)', 'shop.k8s.yaml'],
        ['noapi', 'shop.k8s.yaml'],
      ]);
      expect(run.submitted()?.status).toBe('failure');
      // AND the skipped document is logged, as the CLI warns about it
      expect(run.logged).toContainEqual(expect.stringMatching(/^note: .*shop\.k8s\.yaml \(document 5\) is not a Kubernetes object: it has no kind; skipped$/));
    });

    test('reads YAML as kubectl and netpatterns lint do (the one loader): an unquoted yes is a boolean, not the string yes', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validation-yaml11-'));
      const file = path.join(dir, 'shop.k8s.yaml');
      fs.writeFileSync(file, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector: {app: yes}\n  ports: [{port: 80}]\n');
      const violations: ValidationViolation[] = [];
      await new NetworkPatternsValidation().validate({
        manifests: [file],
        report: { addViolation: (v) => { violations.push(v); }, submit: () => undefined },
        logger: { log: () => undefined },
      });
      // YAML 1.1, as kubectl reads it: the selector is app=true (YAML 1.2 would read the string yes)
      expect(JSON.stringify(violations)).toContain('Service shop/web selects app=true but no pod template in shop has those labels');
    });

    test('reports a finding on a namespace without Namespace object on the namespace, in the file of its first object', async () => {
      const run = fakeContext({ 'a.k8s.yaml': [deployment('other', 'x')], 'shop.k8s.yaml': [...APP, defaultDeny('shop')] });
      await new NetworkPatternsValidation({ lint: { disable: ['workload-unreachable-behind-service'] } }).validate(run.context);
      expect(run.violations).toEqual([{
        ruleName: 'default-deny-egress-without-dns (error)',
        recommendation: 'A namespace whose egress-isolated pods cannot reach the cluster DNS',
        fix: expect.stringMatching(/^A NetworkPolicy with Egress in policyTypes isolates/),
        violatingResources: [{ resourceName: 'shop', manifestPath: run.context.manifests[1], locations: [expect.stringMatching(/^Namespace shop: Deployment shop\/web cannot reach DNS/)] }],
      }]);
      expect(run.submitted()?.status).toBe('failure');
    });

    test('names the file of an object that came in a List', async () => {
      const list = { apiVersion: 'v1', kind: 'List', items: [...APP, defaultDeny('shop')] };
      const run = fakeContext({ 'a.k8s.yaml': [deployment('other', 'x')], 'list.k8s.yaml': [list] });
      await new NetworkPatternsValidation({ lint: { disable: ['workload-unreachable-behind-service'] } }).validate(run.context);
      const dns = run.violations.find(v => v.ruleName.startsWith('default-deny-egress-without-dns'));
      expect(dns?.violatingResources).toEqual([{ resourceName: 'shop', manifestPath: run.context.manifests[1], locations: [expect.stringMatching(/^Namespace shop: /)] }]);
      expect(run.submitted()?.metadata?.Objects).toBe('4');
    });

    test('uses the CLI defaults for the pod-hardening rules, and fails on warnings when asked to', async () => {
      const untagged = [deployment('shop', 'web', { containers: [container('app', { image: 'nginx' })] }), service('shop', 'web')];
      const lenient = fakeContext({ 'shop.k8s.yaml': untagged });
      await new NetworkPatternsValidation().validate(lenient.context);
      expect(lenient.violations.map(v => v.ruleName)).toEqual(['image-latest-or-untagged (warning)']);
      expect(lenient.submitted()?.status).toBe('success');

      const strict = fakeContext({ 'shop.k8s.yaml': untagged });
      await new NetworkPatternsValidation({ failOnWarnings: true }).validate(strict.context);
      expect(strict.submitted()?.status).toBe('failure');
    });

    test('reads the configuration file named by config', async () => {
      const run = fakeContext({ 'shop.k8s.yaml': [service('shop', 'orphan', { selector: { app: 'nothing' } })] });
      const config = path.join(run.dir, 'lint.yaml');
      fs.writeFileSync(config, stringify({ lint: { severity: { 'service-selector-matches-nothing': 'warning' } } }));
      await new NetworkPatternsValidation({ config }).validate(run.context);
      expect(run.violations.map(v => v.ruleName)).toEqual(['service-selector-matches-nothing (warning)']);
      expect(run.submitted()).toEqual({ status: 'success', metadata: expect.objectContaining({ Configuration: config }) });
    });
  });

  describe('properties', () => {
    test.each([
      [{ lint: { disable: ['nope'] } }, 'NetworkPatternsValidation: lint.disable[0] names unknown rule "nope"; use one of '],
      [{ lint: { severity: { 'removed-api': 'fatal' } } }, "NetworkPatternsValidation: lint.severity['removed-api'] must be one of 'error', 'warning' (Severity), got the string 'fatal'"],
      [{ lnt: {} }, "NetworkPatternsValidation: lnt is not a known field of the props, got the object {}; did you mean 'lint'?"],
      [{ failOnWarnings: 'yes' }, "NetworkPatternsValidation: failOnWarnings must be true or false, got the string 'yes'"],
      [{ config: 42 }, 'NetworkPatternsValidation: config must be a string, got 42; give the file name of a .netpatterns.yaml'],
      [{ config: 'no-such-dir/.netpatterns.yaml' }, "NetworkPatternsValidation: config names the file 'no-such-dir/.netpatterns.yaml', which does not exist"],
      [{ config: os.tmpdir() }, `NetworkPatternsValidation: config names the file '${os.tmpdir()}', which is a directory, not a file`],
      [{ assumeWorkloads: [{ name: 'Bad Name', namespace: 'x', podLabels: { a: 'b' } }] },
        "NetworkPatternsValidation: assumeWorkloads[0].name must be a Kubernetes name (at most 253 lowercase letters, digits, '-' and '.'), got \"Bad Name\""],
      [{ assumeWorkloads: [{ name: 'agent', namespace: 'Ops', podLabels: { a: 'b' } }] },
        "NetworkPatternsValidation: assumeWorkloads[0].namespace must be a namespace name (a DNS-1123 label: at most 63 lowercase letters, digits and '-'), got \"Ops\""],
      [{ assumeWorkloads: [{ name: 'agent', namespace: 'ops', podLabels: { a: 'b' }, namespaceLabels: new Date(0) }] },
        'NetworkPatternsValidation: assumeWorkloads[0].namespaceLabels must be a mapping'],
    ])('rejects %j at construction, naming the property', (props, message) => {
      expect(() => new NetworkPatternsValidation(props as any)).toThrow(message);
    });

    test('accept assumed workloads in the --assume-workload syntax', async () => {
      const run = fakeContext({ 'shop.k8s.yaml': APP });
      await new NetworkPatternsValidation({ assumeWorkloads: ['monitoring/prometheus:app=prometheus'] as any }).validate(run.context);
      expect(run.submitted()?.metadata?.Workloads).toBe('3');
    });
  });
});
