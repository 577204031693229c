/**
 * `netpatterns` takes back the names it prints: `explain` and `audit --from/--to/--focus` accept
 * `ns/name[Kind]` as connlist prints workloads, refuse a wrong kind naming what exists; `explain`
 * to a Service without a selector is decided on the endpoint port.
 */
import { run } from './run';

/** Objects as one YAML stream for stdin. */
function stream(...objects: any[]): string {
  return objects.map((o) => JSON.stringify(o)).join('\n---\n') + '\n';
}

function deployment(name: string, port: number): any {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop' },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: 'x:1', ports: [{ containerPort: port }] }] } } },
  };
}

/** shop/web may reach shop/api on 9000, and 172.18.0.2 on 6443 (the API server behind default/kubernetes). */
const SHOP = stream(
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  deployment('web', 8080),
  deployment('api', 9000),
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 9000 }] },
        { to: [{ ipBlock: { cidr: '172.18.0.2/32' } }], ports: [{ port: 6443, protocol: 'TCP' }] }],
    },
  },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', namespace: 'default' }, spec: { ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] } },
  {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['172.18.0.2'] }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  },
);

describe('netpatterns and the names it prints', () => {
  test('explain takes ns/name[Kind] as connlist prints it, exit 0', async () => {
    const list = await run(['audit', '--format', 'connlist', '--no-assume', 'dns', '-'], SHOP);
    expect(list.stdout).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 9000\n');
    const r = await run(['explain', 'shop/web[Deployment]', 'shop/api[Deployment]', '9000', '-'], SHOP);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 9000 : allowed');
  });

  test.each([
    [['--from', 'shop/web[Deployment]']],
    [['--to', 'shop/api[Deployment]']],
    [['--focus', 'shop/web[Deployment]']],
  ])('audit %j selects the workload as its plain name does', async (option) => {
    const plain = [option[0], option[1].replace(/\[Deployment\]$/, '')];
    const labelled = await run(['audit', '--format', 'connlist', '--no-assume', 'dns', ...option, '-'], SHOP);
    expect(labelled.code).toBe(0);
    expect(labelled.stdout).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 9000\n');
    expect(labelled).toEqual(await run(['audit', '--format', 'connlist', '--no-assume', 'dns', ...plain, '-'], SHOP));
  });

  test.each([
    [['audit', '--from', 'shop/web[StatefulSet]', '-'],
      "netpatterns: workload 'shop/web[StatefulSet]' for --from is not a StatefulSet: shop/web is a Deployment; give 'shop/web' or 'shop/web[Deployment]'\n"],
    [['audit', '--focus', 'shop/api[Job]', '-'],
      "netpatterns: workload 'shop/api[Job]' for --focus is not a Job: shop/api is a Deployment; give 'shop/api' or 'shop/api[Deployment]'\n"],
    [['explain', 'shop/web[StatefulSet]', 'shop/api', '9000', '-'],
      "netpatterns: workload 'shop/web[StatefulSet]' for 'from' is not a StatefulSet: shop/web is a Deployment; give 'shop/web' or 'shop/web[Deployment]'\n"],
  ])('%j with a wrong kind exits 2 naming what exists', async (argv, message) => {
    expect(await run(argv, SHOP)).toEqual({ code: 2, stdout: '', stderr: message });
  });

  test('explain to a selector-less Service port is decided on the endpoint port', async () => {
    const r = await run(['explain', 'shop/web', 'default/kubernetes:443', '-'], SHOP);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("kube-proxy sends it to port 'https' of its EndpointSlices, TCP 6443 at 172.18.0.2\n");
    expect(r.stdout).toContain('shop/web[Deployment] => 172.18.0.2 : TCP 6443 : allowed');
  });
});
