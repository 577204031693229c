import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { ApiObject, App, Chart } from 'cdk8s';
import { stringify } from 'yaml';
import { fixture } from './run';
import { ExposedApp, Exposure, IngressControllerSelector, ZeroTrustNamespace } from '../../src';
import { main } from '../../src/cli/main';
import { ASSUME_WORKLOADS_ANNOTATION } from '../../src/lint/_annotations';
import { parseAssumeWorkload } from '../../src/lint/_config';
import { manifestsOf } from '../examples/_examples';
import { container, deployment, service } from '../lint/manifests';

/**
 * Runs `netpatterns <argv>` in-process with `cwd` as the working directory (where the search for
 * `.netpatterns.yaml` starts); arguments naming files under `cwd` are made absolute.
 */
async function runIn(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const argv = args.map(a => (fs.existsSync(path.join(cwd, a)) && !a.startsWith('-') && a.length > 0 ? path.join(cwd, a) : a));
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => { stdout += s; } },
    stderr: { write: (s: string) => { stderr += s; } },
    stdin: Readable.from([]),
    cwd,
  });
  return { code, stdout, stderr };
}

/** A fresh directory holding `files` (name → text). */
function project(files: { [name: string]: string }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-config-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** YAML of objects, one document each. */
function yamlOf(objects: any[]): string {
  return objects.map(o => stringify(o)).join('---\n');
}

/**
 * The plain Deployment of the Kubernetes docs (no securityContext, nginx:1.14.2 … here untagged
 * nginx) behind a Service: pod-security-restricted and image-latest-or-untagged findings, and a
 * Service selecting nothing (an error).
 */
const DOCS_DEPLOYMENT = yamlOf([
  deployment('default', 'nginx', { securityContext: undefined, containers: [{ name: 'nginx', image: 'nginx', ports: [{ containerPort: 80 }], readinessProbe: { tcpSocket: { port: 80 } } }] }),
  service('default', 'nginx', { ports: [{ port: 80, targetPort: 80 }] }),
]);
const ORPHAN = yamlOf([service('default', 'orphan', { selector: { app: 'nothing' } })]);

/** `[severity, rule]` of the findings of a JSON report. */
function levels(stdout: string): Array<[string, string]> {
  return JSON.parse(stdout).findings.map((f: any) => [f.severity, f.rule]);
}

/** No stack trace and one line on stderr. */
function expectOneLineError(stderr: string): void {
  expect(stderr).toMatch(/^netpatterns: [^\n]+\n$/);
  expect(stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
}

describe('netpatterns lint configuration', () => {
  describe('defaults for manifests this library did not write', () => {
    test('reports pod-security-restricted and image-latest-or-untagged as warnings, exit 0', async () => {
      const dir = project({ 'k8s/app.yaml': DOCS_DEPLOYMENT });
      const r = await runIn(dir, ['lint', 'k8s', '--format', 'json']);
      expect(r.code).toBe(0);
      expect(levels(r.stdout)).toEqual([['warning', 'image-latest-or-untagged'], ['warning', 'pod-security-restricted']]);
    });
  });

  describe('--severity', () => {
    test('makes a rule an error again, exit 1', async () => {
      const dir = project({ 'app.yaml': DOCS_DEPLOYMENT });
      const r = await runIn(dir, ['lint', 'app.yaml', '--format', 'json', '--severity', 'pod-security-restricted=error']);
      expect(r.code).toBe(1);
      expect(levels(r.stdout)).toEqual([['error', 'pod-security-restricted'], ['warning', 'image-latest-or-untagged']]);
    });

    test('can be repeated, and downgrades an error to a warning, exit 0', async () => {
      const dir = project({ 'app.yaml': ORPHAN });
      const r = await runIn(dir, ['lint', 'app.yaml', '--severity', 'service-selector-matches-nothing=warning', '--severity', 'image-latest-or-untagged=error']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^warning {2}service-selector-matches-nothing {2}Service\/default\/orphan/);
    });

    test.each([
      ['no-such-rule=error', /^netpatterns: --severity names unknown rule "no-such-rule"; use one of /],
      ['pod-security-restricted=info', /^netpatterns: --severity pod-security-restricted has severity "info"; use 'warning' or 'error'\n$/],
      ['pod-security-restricted', /^netpatterns: --severity 'pod-security-restricted' is not <rule>=warning\|error; /],
    ])('rejects %s with exit 2', async (value, message) => {
      const r = await runIn(project({ 'app.yaml': ORPHAN }), ['lint', 'app.yaml', '--severity', value]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expectOneLineError(r.stderr);
    });
  });

  test('lint --help describes every configuration flag', async () => {
    const r = await runIn(os.tmpdir(), ['lint', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--disable <rules>', '--severity <rule=level>', '--assume-workload <spec>', '--config <file>']) expect(r.stdout).toContain(flag);
  });

  describe('--disable', () => {
    test('leaves out the rules of a comma-separated list, repeatable', async () => {
      const dir = project({ 'app.yaml': `${DOCS_DEPLOYMENT}---\n${ORPHAN}` });
      const r = await runIn(dir, ['lint', 'app.yaml', '--format', 'json', '--disable', 'service-selector-matches-nothing,image-latest-or-untagged', '--disable', 'pod-security-restricted']);
      expect(r.code).toBe(0);
      expect(levels(r.stdout)).toEqual([]);
    });

    test('rejects an unknown rule with exit 2', async () => {
      const r = await runIn(project({ 'app.yaml': ORPHAN }), ['lint', 'app.yaml', '--disable', 'missing-readiness-probes']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^netpatterns: --disable names unknown rule "missing-readiness-probes"; use one of /);
      expectOneLineError(r.stderr);
    });
  });

  describe('.netpatterns.yaml', () => {
    const CONFIG = stringify({
      lint: {
        disable: ['image-latest-or-untagged'],
        severity: { 'service-selector-matches-nothing': 'warning' },
        acknowledgements: [{ rule: 'pod-security-restricted', object: 'Deployment/default/nginx', reason: 'the docs example' }],
      },
    });

    test('is found in a directory above the working directory and applied', async () => {
      const dir = project({ '.netpatterns.yaml': CONFIG, 'deploy/k8s/app.yaml': `${DOCS_DEPLOYMENT}---\n${ORPHAN}` });
      const r = await runIn(path.join(dir, 'deploy', 'k8s'), ['lint', 'app.yaml', '--format', 'json']);
      expect(r.code).toBe(0);
      expect(levels(r.stdout)).toEqual([['warning', 'service-selector-matches-nothing']]);
    });

    test('gives way to the flags', async () => {
      const dir = project({ '.netpatterns.yaml': CONFIG, 'app.yaml': ORPHAN });
      const r = await runIn(dir, ['lint', 'app.yaml', '--severity', 'service-selector-matches-nothing=error']);
      expect(r.code).toBe(1);
    });

    test('--config names another file', async () => {
      const dir = project({ 'ci/lint.yaml': CONFIG, 'app.yaml': ORPHAN });
      expect((await runIn(dir, ['lint', 'app.yaml'])).code).toBe(1);
      expect((await runIn(dir, ['lint', 'app.yaml', '--config', 'ci/lint.yaml'])).code).toBe(0);
    });

    test.each([
      ['an unknown top-level key', 'lnt: {}\n', "unknown key 'lnt'; allowed: lint, assumeWorkloads"],
      ['an unknown lint key', 'lint: { disabled: [x] }\n', "unknown key 'lint.disabled'; allowed: lint.disable, lint.severity, lint.acknowledgements"],
      ['an unknown rule', 'lint: { disable: [no-such-rule] }\n', 'lint.disable[0] names unknown rule "no-such-rule"; use one of '],
      ['a bad severity', 'lint: { severity: { missing-readiness-probe: fatal } }\n', 'lint.severity.missing-readiness-probe has severity "fatal"; use \'warning\' or \'error\''],
      ['an acknowledgement without reason', 'lint: { acknowledgements: [{ rule: missing-readiness-probe }] }\n', 'lint.acknowledgements[0].reason is required, got nothing'],
      ['a list where a mapping belongs', 'lint: [disable]\n', 'lint must be a mapping, got ["disable"]'],
      ['a workload without labels', 'assumeWorkloads: [{ namespace: a, name: b }]\n', 'assumeWorkloads[0].podLabels must be a mapping, got nothing'],
      ['a bad port', 'assumeWorkloads: [{ namespace: a, name: b, podLabels: { x: y }, ports: [http] }]\n', 'assumeWorkloads[0].ports[0] is not a port, got "http"'],
      ['malformed YAML', 'lint: { disable: [\n', 'malformed YAML in '],
    ])('rejects %s with exit 2, naming the file and the key', async (_, text, message) => {
      const dir = project({ '.netpatterns.yaml': text, 'app.yaml': ORPHAN });
      const r = await runIn(dir, ['lint', 'app.yaml']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain(path.join(dir, '.netpatterns.yaml'));
      expectOneLineError(r.stderr);
    });

    test('is read by audit and explain too (assumeWorkloads)', async () => {
      const config = stringify({ assumeWorkloads: ['monitoring/prometheus:app=prometheus'] });
      const dir = project({ '.netpatterns.yaml': config, 'app.yaml': ORPHAN });
      const r = await runIn(dir, ['audit', 'app.yaml', '--format', 'json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).workloads).toContain('monitoring/prometheus');
    });
  });

  describe('--assume-workload and the library\'s own output', () => {
    /**
     * Apps routed to a Gateway *reference* (the platform team's Gateway lives elsewhere), whose
     * ZeroTrustNamespace declares the data plane, synthesized with or without its Namespace annotation.
     */
    function gatewayExample(keepAnnotation: boolean): string {
      const app = new App();
      // The platform team's Gateway, as a plain object: the library does not own it.
      new ApiObject(new Chart(app, 'platform', { namespace: 'gateway-system' }), 'shared-gateway', {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'shared-gateway' },
        spec: {
          gatewayClassName: 'istio',
          listeners: [{
            name: 'https',
            protocol: 'HTTPS',
            port: 443,
            hostname: 'shop.example.com',
            tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'shop-example-com-tls' }] },
            allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'marketplace' } } } },
          }],
        },
      });
      const marketplace = new ZeroTrustNamespace(app, 'marketplace', {
        gatewayDataPlane: IngressControllerSelector.of({ namespace: 'gateway-system', podLabels: { 'gateway.networking.k8s.io/gateway-name': 'shared-gateway' } }),
      });
      const gateway = { name: 'shared-gateway', namespace: 'gateway-system', sectionName: 'https' };
      new ExposedApp(marketplace, 'api', {
        image: 'ghcr.io/acme/api:1.4.2', healthCheckPath: '/healthz', exposure: Exposure.gatewayRoute({ gateway, hostnames: ['shop.example.com'], path: '/api' }),
      });
      new ExposedApp(marketplace, 'web', {
        image: 'ghcr.io/acme/web:2.0.1', healthCheckPath: '/', exposure: Exposure.gatewayRoute({ gateway, hostnames: ['shop.example.com'] }),
      });
      const objects = manifestsOf(app);
      if (!keepAnnotation) {
        for (const o of objects) delete o.metadata?.annotations?.[ASSUME_WORKLOADS_ANNOTATION];
      }
      return project({ 'gateway-api.yaml': yamlOf(objects) });
    }

    test('apps routed to a Gateway reference lint clean: their Namespace declares the data-plane pods', async () => {
      const r = await runIn(gatewayExample(true), ['lint', 'gateway-api.yaml']);
      expect(r).toEqual({ code: 0, stdout: expect.stringMatching(/^no findings \(\d+ objects checked\)\n$/), stderr: '' });
    });

    test('without the annotation the data plane is unknown, and --assume-workload declares it', async () => {
      const dir = gatewayExample(false);
      const unknown = await runIn(dir, ['lint', 'gateway-api.yaml', '--format', 'json']);
      // (the apps are not reported unreachable: pods of gateway-system, a namespace the manifests do not hold, may reach them)
      expect(levels(unknown.stdout)).toEqual([
        ['warning', 'network-policy-peer-selects-nothing'], ['warning', 'network-policy-peer-selects-nothing'],
      ]);
      const declared = await runIn(dir, ['lint', 'gateway-api.yaml', '--assume-workload', 'gateway-system/proxies:gateway.networking.k8s.io/gateway-name=shared-gateway']);
      expect(declared.stdout).toMatch(/^no findings/);
    });

    test('explain and audit take it too', async () => {
      const dir = gatewayExample(false);
      const spec = 'gateway-system/proxies:gateway.networking.k8s.io/gateway-name=shared-gateway';
      const audit = await runIn(dir, ['audit', 'gateway-api.yaml', '--format', 'json', '--assume-workload', spec]);
      expect(JSON.parse(audit.stdout).workloads).toContain('gateway-system/proxies');
      const explain = await runIn(dir, ['explain', 'gateway-system/proxies', 'marketplace/web', '8080', 'gateway-api.yaml', '--assume-workload', spec]);
      expect(explain.code).toBe(0);
      expect(explain.stdout).toMatch(/^gateway-system\/proxies\[assumed\] => marketplace\/web\[Deployment\] : TCP 8080 : allowed\n/);
    });

    test.each([
      ['no-labels', /^netpatterns: --assume-workload "no-labels" has no pod labels; give <namespace>/],
      [':app=x', /^netpatterns: --assume-workload ":app=x" has no namespace; give <namespace>/],
      ['ns/:app=x', /^netpatterns: --assume-workload "ns\/:app=x": the name after '\/' is empty; /],
      ['ns:app=p,app=q', /^netpatterns: --assume-workload "ns:app=p,app=q": label key 'app' is given twice; give each key once/],
      ['ns:bad key=p', /^netpatterns: --assume-workload "ns:bad key=p": 'bad key' is not a valid label key/],
      ['ns:app=bad value', /^netpatterns: --assume-workload "ns:app=bad value": app=bad value is not a valid label value/],
      ['Bad_NS:app=x', /^netpatterns: --assume-workload "Bad_NS:app=x": namespace 'Bad_NS' is not a DNS-1123 label; /],
      ['ns:app', /^netpatterns: --assume-workload "ns:app": label 'app' is not <key>=<value>; /],
    ])('rejects %s with exit 2', async (value, message) => {
      const r = await runIn(project({ 'app.yaml': ORPHAN }), ['lint', 'app.yaml', '--assume-workload', value]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expectOneLineError(r.stderr);
    });
  });

  describe('names that would break the report', () => {
    test('a newline in an object name stays escaped on one line of the text report', async () => {
      const broken = service('default', 'evil\nerror  fake-rule  Service/x  injected', { selector: { app: 'nothing' } });
      const r = await runIn(project({ 'app.json': JSON.stringify([broken]) }), ['lint', 'app.json']);
      expect(r.code).toBe(1);
      const lines = r.stdout.trim().split('\n');
      // Two findings (the name is invalid, and the selector matches nothing) and the summary: nothing injected.
      expect(lines).toHaveLength(3);
      expect(lines.slice(0, 2).every(l => l.includes('Service/default/evil\\nerror  fake-rule'))).toBe(true);
      expect(lines.some(l => l.startsWith('error  fake-rule'))).toBe(false);
    });

    test('a newline in a file name stays escaped in the one-line error', async () => {
      const r = await runIn(os.tmpdir(), ['lint', 'missing\nfile.yaml']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('netpatterns: cannot read missing\\nfile.yaml: no such file or directory\n');
    });
  });

  test('the fixture app still lints clean with every flag at its default', async () => {
    const r = await runIn(os.tmpdir(), ['lint', fixture('app')]);
    expect(r.code).toBe(0);
  });

  test('a container without readiness probe is reported as configured in the file', async () => {
    const objects = [deployment('default', 'web', { containers: [container('app', { readinessProbe: undefined })] }), service('default', 'web')];
    const dir = project({ 'app.yaml': yamlOf(objects), '.netpatterns.yaml': stringify({ lint: { severity: { 'missing-readiness-probe': 'error' } } }) });
    const r = await runIn(dir, ['lint', 'app.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^error {2}missing-readiness-probe {2}Deployment\/default\/web/);
  });
});

describe('--assume-workload syntax', () => {
  test.each([
    ['envoy-gateway-system:app.kubernetes.io/name=envoy', { namespace: 'envoy-gateway-system', name: 'envoy', podLabels: { 'app.kubernetes.io/name': 'envoy' } }],
    ['gw/proxies:a=b,c=d', { namespace: 'gw', name: 'proxies', podLabels: { a: 'b', c: 'd' } }],
    ['gw:app=Envoy_Proxy,tier=edge', { namespace: 'gw', name: 'envoy-proxy-edge', podLabels: { app: 'Envoy_Proxy', tier: 'edge' } }],
    ['gw:app=', { namespace: 'gw', name: 'assumed-3', podLabels: { app: '' } }],
  ])('reads %s', (text, expected) => {
    expect(parseAssumeWorkload(text, '--assume-workload', 3)).toEqual(expected);
  });
});
