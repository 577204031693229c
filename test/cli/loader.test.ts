import * as path from 'path';
import { run } from './run';

const LOADER = path.join(__dirname, '..', 'fixtures', 'loader');
const fixture = (name: string) => path.join(LOADER, name);

describe('netpatterns', () => {
  describe('loading as kubectl does', () => {
    test.each(['audit', 'lint'])('%s skips documents that are not Kubernetes objects with a warning naming file and document, exit 0', async (command) => {
      // GIVEN a directory holding a cdk8s.yaml and an expected-output JSON beside a Deployment
      const r = await run([command, fixture('not-kubernetes')]);
      // THEN both are named on stderr, and the Deployment is analyzed
      expect(r.code).toBe(0);
      expect(r.stderr.split('\n').filter(l => l.includes('warning'))).toEqual([
        `netpatterns: warning: ${fixture('not-kubernetes/cdk8s.yaml')} (document 1) is not a Kubernetes object: it has no kind; skipped`,
        `netpatterns: warning: ${fixture('not-kubernetes/expected.json')} (document 1) is not a Kubernetes object: it has no kind; skipped`,
      ]);
    });

    test.each([
      ['audit', fixture('not-kubernetes')],
      ['lint', fixture('not-kubernetes')],
      ['explain', 'shop/web', 'shop/web', '8080', fixture('not-kubernetes')],
    ])('--strict makes %s exit 2 on the first such document, in one line', async (...argv) => {
      const [command, ...rest] = argv;
      const r = await run([command, '--strict', ...rest]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`netpatterns: ${fixture('not-kubernetes/cdk8s.yaml')} (document 1) is not a Kubernetes object: it has no kind; `
        + '--strict accepts Kubernetes objects only (leave out --strict to skip it with a warning)\n');
    });

    test('audit groups pods of an absent DaemonSet under it', async () => {
      const r = await run(['audit', '--format', 'json', fixture('pod-list.yaml')]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).workloads).toEqual(['kube-system/coredns', 'monitoring/cog-agents']);
    });

    test('reads a flow sequence continued on tab-indented lines', async () => {
      const r = await run(['audit', '--format', 'json', fixture('tab-in-flow.yaml')]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).workloads).toContain('shop/tabbed');
    });

    test('reads a concatenated JSON stream on stdin', async () => {
      const stream = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","namespace":"shop"},"spec":{"containers":[{"name":"a","image":"a:1"}]}}'
        + '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"b","namespace":"shop"},"spec":{"containers":[{"name":"b","image":"b:1"}]}}';
      const r = await run(['audit', '--format', 'json', '-'], stream);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).workloads).toEqual(['kube-system/coredns', 'shop/a', 'shop/b']);
    });

    test('lint /dev/zero ends with a clear message, exit 2', async () => {
      const r = await run(['lint', '/dev/zero']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('netpatterns: /dev/zero is larger than 256 MiB, the most one input may hold; split the manifests into several files\n');
    }, 60_000); // reads 256 MiB before it stops: seconds on a busy machine
  });

  describe('NetworkPolicies the API server would reject', () => {
    test('lint reports each at error level (unknown fields included, and the one without apiVersion), exit 1', async () => {
      const r = await run(['lint', '--format', 'json', fixture('invalid-policies.yaml')]);
      expect(r.code).toBe(1);
      const findings = JSON.parse(r.stdout).findings.filter((f: any) => f.rule === 'network-policy-invalid');
      expect(findings.map((f: any) => [f.severity, f.object])).toEqual([
        ['error', 'NetworkPolicy/shop/api-bad-cidr'],
        ['error', 'NetworkPolicy/shop/api-typo'],
      ]);
      expect(findings[1].message).toContain("spec.ingress[0]: unknown field 'form' (did you mean 'from'?)");
      expect(JSON.parse(r.stdout).findings.filter((f: any) => f.rule === 'object-invalid').map((f: any) => f.object))
        .toEqual(['NetworkPolicy/shop/api-allow-all']);
      expect(r.stderr).not.toContain('is not a Kubernetes object');
    });

    test('audit lists them in its problems and evaluates none of them: the default-deny holds', async () => {
      const r = await run(['audit', '--format', 'json', fixture('invalid-policies.yaml')]);
      expect(r.code).toBe(0);
      const notes = r.stderr.split('\n').filter(l => l.startsWith('netpatterns: note: '));
      expect(notes).toEqual(expect.arrayContaining([
        "netpatterns: note: NetworkPolicy/shop/api-typo: spec.ingress[0]: unknown field 'form' (did you mean 'from'?), which kubectl refuses (strict field validation); the policy is not evaluated",
        "netpatterns: note: NetworkPolicy/shop/api-bad-cidr: spec.ingress[0].from[0].ipBlock.except[0]: '192.168.0.0/16' must be a strict subset of cidr '10.0.0.0/8'; the policy is not evaluated",
      ]));
      expect(JSON.parse(r.stdout).flows.filter((f: any) => f.to === 'shop/api')).toEqual([]);
    });
  });

  describe('a port out of range in one Service', () => {
    test('is a finding, and the rest of the lint runs: exit 1, not 2', async () => {
      const manifests = [
        'apiVersion: v1\nkind: Service\nmetadata: { name: api, namespace: shop }\nspec:\n  selector: { app: api }\n  ports: [{ name: http, port: 80, targetPort: 70000 }]',
        'apiVersion: v1\nkind: Service\nmetadata: { name: db, namespace: shop }\nspec:\n  type: ExternalName\n  externalName: 10.0.0.12',
      ].join('\n---\n');
      const r = await run(['lint', '-'], manifests);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('error  object-invalid  Service/shop/api  Service shop/api: spec.ports[0].targetPort: 70000 is not a port number 1-65535');
      expect(r.stdout).toContain('error  external-name-is-ip-or-url  Service/shop/db');
    });
  });
});
