import * as fs from 'fs';
import { fixture, run } from './run';
import { Reachability } from '../../src/analysis/reachability';
import { loadManifests } from '../../src/cli/load-manifests';
import { formatFindings, parsePort } from '../../src/cli/main';
import { Severity } from '../../src/lint';

const APP = fixture('app');

describe('netpatterns', () => {
  describe('help and version', () => {
    test('--help lists the commands and the exit codes on stdout, exit 0', async () => {
      const r = await run(['--help']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^Usage: netpatterns \[options\] \[command\]/);
      for (const command of ['audit', 'explain', 'lint']) expect(r.stdout).toContain(`  ${command} `);
      expect(r.stdout).toContain('Exit codes: 0 fine, 1 lint found an error, 2 unusable input');
    });

    test.each([
      ['audit', /Usage: netpatterns audit \[options\] <inputs\.\.\.>[\s\S]*--format <format>[\s\S]*"markdown",\s+"mermaid",\s+"dot",\s+"json",\s+"connlist"[\s\S]*--from <workload>[\s\S]*--to <workload>[\s\S]*--focus <workload>[\s\S]*--show-assumed/],
      ['explain', /Usage: netpatterns explain \[options\] <from> <to> \[port\] <inputs\.\.\.>[\s\S]*53\/UDP[\s\S]*production\/api-service:80/],
      ['lint', /Usage: netpatterns lint \[options\] <inputs\.\.\.>[\s\S]*"text", "json"/],
    ])('%s --help describes the command, exit 0', async (command, expected) => {
      const r = await run([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(expected);
      expect(r.stdout.replace(/\s+/g, ' ')).toContain('- for stdin');
    });

    test('--version prints the package version', async () => {
      const version = JSON.parse(fs.readFileSync(fixture('..', '..', '..', 'package.json'), 'utf8')).version;
      const r = await run(['--version']);
      expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    });

    test('no command prints the help on stderr, exit 2', async () => {
      const r = await run([]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^Usage: netpatterns/);
    });

    test.each([
      [['deploy', APP], "netpatterns: unknown command 'deploy'; see --help\n"],
      [['audit', '--unheard-of', APP], "netpatterns: unknown option '--unheard-of'; see --help\n"],
      [['audit', '--focu', APP], "netpatterns: unknown option '--focu' (Did you mean --focus?); see --help\n"],
      [['lint'], "netpatterns: missing required argument 'inputs'; see --help\n"],
      [['audit', APP, '--format', 'svg'], "netpatterns: option '--format <format>' argument 'svg' is invalid. Allowed choices are markdown, mermaid, dot, json, connlist, text.; see --help\n"],
      [['explain', 'production/web', 'production/api', '8080'], "netpatterns: missing required argument 'inputs'; see --help\n"],
    ])('usage error %j exits 2 with one line', async (argv, message) => {
      const r = await run(argv);
      expect(r).toEqual({ code: 2, stdout: '', stderr: message });
    });
  });

  describe('audit', () => {
    test('prints the analyzer\'s Markdown matrix by default', async () => {
      const r = await run(['audit', APP]);
      const expected = Reachability.fromManifests(await loadManifests([APP])).toMarkdown();
      expect(r).toEqual({ code: 0, stdout: expected, stderr: '' });
      expect(r.stdout).toContain('| **production/web** | 53/TCP, 53/UDP | 8080/TCP | — |');
    });

    test('--format mermaid prints the Mermaid flowchart', async () => {
      const r = await run(['audit', APP, '--format', 'mermaid']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(Reachability.fromManifests(await loadManifests([APP])).toMermaid());
      expect(r.stdout).toMatch(/^%%\{init: [^\n]*\}%%\nflowchart LR\n/);
    });

    test('--format json prints Reachability.toJson()', async () => {
      const r = await run(['audit', APP, '--format', 'json']);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json).toEqual(Reachability.fromManifests(await loadManifests([APP])).toJson());
      expect(json.workloads).toEqual(['kube-system/coredns', 'production/api', 'production/web']);
      expect(json.flows).toContainEqual({ from: 'production/web', to: 'production/api', port: 8080, protocol: 'TCP' });
      expect(json.flows).not.toContainEqual(expect.objectContaining({ from: 'production/api', to: 'production/web' }));
    });

    test('--from and --to filter the flows', async () => {
      const json = JSON.parse((await run(['audit', APP, '--format', 'json', '--from', 'production/web', '--to', 'production/*'])).stdout);
      expect(json).toEqual({
        workloads: ['production/api', 'production/web'],
        flows: [{ from: 'production/web', to: 'production/api', port: 8080, protocol: 'TCP' }],
        connections: [{ from: 'production/web[Deployment]', to: 'production/api[Deployment]', conn: 'TCP 8080' }],
      });
    });

    test('--from filters the rows of the Markdown matrix', async () => {
      const r = await run(['audit', APP, '--from', 'production/web']);
      expect(r.stdout).toBe([
        '| from \\ to | kube-system/coredns | production/api | production/web |',
        '| --- | --- | --- | --- |',
        '| **production/web** | 53/TCP, 53/UDP | 8080/TCP | — |',
        '',
      ].join('\n'));
    });

    test('--to filters the Mermaid flowchart', async () => {
      const r = await run(['audit', APP, '--format', 'mermaid', '--to', 'production/api']);
      expect(r.stdout).toBe([
        '%%{init: {"flowchart": {"wrappingWidth": 400}}}%%',
        'flowchart LR',
        '  subgraph ns_production["production"]',
        '    direction LR',
        '    production___api["api"]',
        '    production___web["web"]',
        '  end',
        '  production___web -->|"TCP 8080"| production___api',
        '',
      ].join('\n'));
    });

    test('--format dot prints the Graphviz picture', async () => {
      const r = await run(['audit', APP, '--format', 'dot']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(Reachability.fromManifests(await loadManifests([APP])).toDot());
      expect(r.stdout).toMatch(/^digraph reachability \{\n/);
    });

    test('--show-assumed draws the assumed workloads the default collapses into the legend', async () => {
      const analysis = Reachability.fromManifests(await loadManifests([APP]));
      const collapsed = await run(['audit', APP, '--format', 'mermaid']);
      const shown = await run(['audit', APP, '--format', 'mermaid', '--show-assumed']);
      expect(collapsed.stdout).toContain('legend["Not drawn: assumed platform workloads');
      expect(collapsed.stdout).not.toContain('kube_system___coredns');
      expect(shown.stdout).toBe(analysis.toMermaid({ showAssumed: true }));
      expect(shown.stdout).toContain('kube_system___coredns["coredns"]:::assumed');
    });

    test.each([['mermaid'], ['dot'], ['markdown']])('--focus draws one neighbourhood in --format %s', async (format) => {
      const analysis = Reachability.fromManifests(await loadManifests([APP]));
      const r = await run(['audit', APP, '--format', format, '--focus', 'production/api']);
      expect(r.code).toBe(0);
      const expected = format === 'dot' ? analysis.toDot({ focus: 'production/api' })
        : format === 'mermaid' ? analysis.toMermaid({ focus: 'production/api' }) : analysis.toMarkdown({ focus: 'production/api' });
      expect(r.stdout).toBe(expected);
    });

    test('--focus in JSON keeps the flows from and to the workload', async () => {
      const r = await run(['audit', APP, '--format', 'json', '--focus', 'production/api']);
      const report = JSON.parse(r.stdout);
      expect(report.flows.length).toBeGreaterThan(0);
      for (const f of report.flows) expect([f.from, f.to]).toContain('production/api');
      expect(report.workloads).toContain('production/api');
    });

    test('an unknown --focus exits 2 with a did-you-mean', async () => {
      const r = await run(['audit', APP, '--focus', 'production/apii']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe("netpatterns: unknown workload 'production/apii' for --focus; workloads are named namespace/name: "
        + "kube-system/coredns, production/api, production/web; did you mean 'production/api'?\n");
    });

    test('an unknown workload in --from exits 2 naming it and the known ones', async () => {
      const r = await run(['audit', APP, '--from', 'production/nope']);
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: "netpatterns: unknown workload 'production/nope' for --from; workloads are named namespace/name: kube-system/coredns, production/api, production/web\n",
      });
    });

    test('prints analyzer problems to stderr as notes', async () => {
      const invalid = '{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"bad","namespace":"x"},"spec":{"podSelector":{},"policyTypes":["Sideways"]}}';
      const r = await run(['audit', '-', '--format', 'json'], invalid);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^netpatterns: note: NetworkPolicy\/x\/bad: /);
    });
  });

  describe('explain', () => {
    test('explains both sides of an allowed connection', async () => {
      const r = await run(['explain', 'production/web', 'production/api', '8080', APP]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(Reachability.fromManifests(await loadManifests([APP])).explain('production/web', 'production/api', 8080, 'TCP'));
      expect(r.stdout).toMatch(/^production\/web\[Deployment\] => production\/api\[Deployment\] : TCP 8080 : allowed\n/);
      expect(r.stdout).toMatch(/egress of production\/web: allowed/);
      expect(r.stdout).toMatch(/ingress of production\/api: allowed/);
    });

    test('explains a denied connection with a protocol, exit 0', async () => {
      const r = await run(['explain', 'production/api', 'production/web', '8080/tcp', APP]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^production\/api\[Deployment\] => production\/web\[Deployment\] : TCP 8080 : denied\n/);
    });

    test('accepts a UDP port', async () => {
      const r = await run(['explain', 'production/web', 'kube-system/coredns', '53/UDP', APP]);
      expect(r.stdout).toMatch(/: UDP 53 : allowed/);
    });

    test.each(['80x', '0', '65536', '8080/icmp', '/TCP'])('a bad port %s exits 2 naming the value', async (port) => {
      const r = await run(['explain', 'production/web', 'production/api', port, APP]);
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: `netpatterns: bad port '${port}'; give <port>[/<protocol>] with a port in 1-65535 and TCP, UDP or SCTP, e.g. 8080 or 53/UDP\n`,
      });
    });

    test('a Service port in <to> needs no port argument: its pods and targetPort are explained', async () => {
      const r = await run(['explain', 'production/web', 'production/api:80', APP]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(Reachability.fromManifests(await loadManifests([APP])).explain('production/web', 'production/api:80'));
      expect(r.stdout).toContain('production/api:80 is Service production/api port 80/TCP (http) → targetPort 8080 on production/api[Deployment]\n');
      expect(r.stdout).toContain('production/web[Deployment] => production/api[Deployment] : TCP 8080 : allowed');
    });

    test('a workload on its Service port is explained on the targetPort', async () => {
      const r = await run(['explain', 'web', 'production/api', '80', APP]);
      expect(r.stdout).toMatch(/^'web' is production\/web\nport 80 of production\/api is Service production\/api port 80\/TCP \(http\) → targetPort 8080/);
      expect(r.stdout).toContain(': TCP 8080 : allowed');
    });

    test('an outside address is explained on the one side NetworkPolicy decides', async () => {
      const r = await run(['explain', '203.0.113.7', 'production/web', '8080', APP]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('203.0.113.7 is outside the cluster: the public internet');
      expect(r.stdout).toContain('203.0.113.7 => production/web[Deployment] : TCP 8080 : allowed');
      expect(r.stdout).toContain('allowed by production/web spec.ingress[0] (from[0] ipBlock 0.0.0.0/0');
    });

    test.each([
      [['explain', 'production/web', 'production/api:81', APP], "netpatterns: Service 'production/api' has no port 81; its ports: 80/TCP (http) → targetPort 8080\n"],
      [['explain', 'production/web', 'production/api:80', '8080', APP], "netpatterns: port 8080 contradicts 'production/api:80' for 'to'; give the port once, in 'to' (a Service port) or as port\n"],
      [['explain', 'production/web', 'production/api:80'], "netpatterns: missing required argument 'inputs'; see --help\n"],
      [['explain', 'production/web', 'production/api', APP], `netpatterns: bad port '${APP}'; give <port>[/<protocol>] with a port in 1-65535 and TCP, UDP or SCTP, e.g. 8080 or 53/UDP\n`],
      [['explain', 'production/web', 'production/api', 'http', APP],
        "netpatterns: bad port 'http': a number goes here (8080, 53/UDP); for a named port write it on the destination, production/api:http\n"],
    ])('%j exits 2 with one line', async (argv, stderr) => {
      expect(await run(argv)).toEqual({ code: 2, stdout: '', stderr });
    });

    test('an unknown workload exits 2 naming it', async () => {
      const r = await run(['explain', 'production/web', 'prod/api', '8080', APP]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("netpatterns: unknown workload or Service 'prod/api' for 'to'; give 'namespace/name' (a workload, or a Service with ':port'), "
        + "an IP address or a CIDR; did you mean 'production/api'?\n");
    });
  });

  describe('lint', () => {
    test('clean manifests: a summary line, exit 0', async () => {
      expect(await run(['lint', APP])).toEqual({ code: 0, stdout: 'no findings (9 objects checked)\n', stderr: '' });
    });

    test('warnings only: one line per finding and a summary, exit 0', async () => {
      const r = await run(['lint', fixture('warnings-only.yaml')]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('warning  selectorless-service-without-endpoints  Service/default/legacy  Service default/legacy has no selector and no EndpointSlice '
        + 'labelled kubernetes.io/service-name=legacy in default, so it has no endpoints; add an EndpointSlice with the backend addresses or a selector\n'
        + '0 errors, 1 warning (1 object checked)\n');
    });

    test('an error-level finding exits 1', async () => {
      const r = await run(['lint', fixture('errors.yaml')]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^error {2}external-name-is-ip-or-url {2}Service\/default\/partner {2}Service default\/partner has externalName 203.0.113.10/);
      expect(r.stdout).toMatch(/\n1 error, 0 warnings \(1 object checked\)\n$/);
    });

    test('--format json prints { findings } and keeps the exit code', async () => {
      const r = await run(['lint', '--format', 'json', fixture('errors.yaml'), fixture('warnings-only.yaml')]);
      expect(r.code).toBe(1);
      const json = JSON.parse(r.stdout);
      expect(Object.keys(json)).toEqual(['findings']);
      expect(json.findings).toEqual([
        { severity: 'error', rule: 'external-name-is-ip-or-url', object: 'Service/default/partner', message: expect.stringContaining('ExternalDependency addresses') },
        { severity: 'warning', rule: 'selectorless-service-without-endpoints', object: 'Service/default/legacy', message: expect.any(String) },
      ]);
    });

    test('--format json with no findings', async () => {
      expect(JSON.parse((await run(['lint', APP, '--format', 'json'])).stdout)).toEqual({ findings: [] });
    });

    test('lints the broken shop fixture with exit 1', async () => {
      const r = await run(['lint', fixture('..', 'lint', 'broken-shop')]);
      expect(r.code).toBe(1);
      expect(r.stdout.trim().split('\n')).toHaveLength(38);
      // pod-security-restricted and image-latest-or-untagged are warnings in the CLI by default.
      expect(r.stdout).toMatch(/\n21 errors, 16 warnings \(49 objects checked\)\n$/);
    });
  });

  describe('inputs', () => {
    test('reads stdin for -', async () => {
      const r = await run(['lint', '-'], fs.readFileSync(fixture('errors.yaml'), 'utf8'));
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('external-name-is-ip-or-url');
    });

    test('combines stdin, files and directories', async () => {
      const r = await run(['audit', '--format', 'json', fixture('app', '00-namespace.yaml'), fixture('app', 'nested'), '-'], fs.readFileSync(fixture('app', '10-web.yaml'), 'utf8'));
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).workloads).toEqual(['kube-system/coredns', 'production/web']);
    });

    test.each([
      [['lint', fixture('missing.yaml')], `netpatterns: cannot read ${fixture('missing.yaml')}: no such file or directory\n`],
      [['audit', fixture('malformed.yaml')], `netpatterns: malformed YAML in ${fixture('malformed.yaml')}: `],
      [['explain', 'a/b', 'c/d', '80', fixture('malformed.json')], `netpatterns: malformed JSON in ${fixture('malformed.json')}: `],
      [['lint', '--strict', fixture('not-a-manifest.yaml')], `netpatterns: ${fixture('not-a-manifest.yaml')} (document 1) is not a Kubernetes object: it has no kind; --strict`],
      [['lint', fixture('empty.yaml')], `netpatterns: no Kubernetes objects found in ${fixture('empty.yaml')}\n`],
      [['lint', '-', '-'], 'netpatterns: stdin (-) is given more than once\n'],
    ])('unusable input %j exits 2 with one line naming it, no stack trace', async (argv, message) => {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith(message)).toBe(true);
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });

    test('an empty kind: List (kubectl get in a namespace without such objects) lints clean and audits as an empty cluster', async () => {
      const none = 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n';
      const lintRun = await run(['lint', '-'], none);
      expect(lintRun).toMatchObject({ code: 0, stdout: 'no findings (0 objects checked)\n' });
      const auditRun = await run(['audit', '--format', 'json', '-'], none);
      expect(auditRun.code).toBe(0);
      expect(JSON.parse(auditRun.stdout).workloads).toEqual(['kube-system/coredns']);
    });

    test('malformed YAML on stdin names <stdin>', async () => {
      const r = await run(['lint', '-'], 'kind: [');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^netpatterns: malformed YAML in <stdin>: .*\n$/);
    });
  });

  describe('helpers', () => {
    test('parsePort reads a port and an optional protocol', () => {
      expect(parsePort('8080')).toEqual({ port: 8080, protocol: 'TCP' });
      expect(parsePort('53/udp')).toEqual({ port: 53, protocol: 'UDP' });
      expect(parsePort('9/SCTP')).toEqual({ port: 9, protocol: 'SCTP' });
    });

    test('formatFindings pluralizes the summary', () => {
      const f = { severity: Severity.ERROR, rule: 'r', object: 'Service/a/b', message: 'm' };
      expect(formatFindings([f, f], 2)).toBe('error  r  Service/a/b  m\nerror  r  Service/a/b  m\n2 errors, 0 warnings (2 objects checked)\n');
    });
  });

  test('an unexpected error inside a command exits 2 with one line', async () => {
    const spy = jest.spyOn(Reachability, 'fromManifests').mockImplementation(() => {
      throw new Error('boom\n    at somewhere (file.js:1:1)');
    });
    try {
      expect(await run(['audit', APP])).toEqual({ code: 2, stdout: '', stderr: 'netpatterns: boom\n' });
    } finally {
      spy.mockRestore();
    }
  });
});
