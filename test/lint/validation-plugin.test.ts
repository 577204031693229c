import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';

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
    env: { ...process.env, NETPATTERNS_REPO: REPO, CDK8S_CHECK_UPGRADE: 'false' },
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
