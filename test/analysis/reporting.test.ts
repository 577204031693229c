/**
 * What Reachability reports: explanations, the JSON report, the Markdown matrix, the Mermaid
 * diagram, and the errors of its query methods.
 */
import { deployment, namespace, NOTHING_ASSUMED, policy, xyzCluster } from './manifests';
import { Reachability } from '../../src/analysis';
import { checkMarkdownSize, MAX_MARKDOWN_CELLS, renderMarkdown } from '../../src/analysis/_render';

const sel = (app: string) => ({ podSelector: { matchLabels: { app } } });

/** A zero-trust production namespace: web -> api (named port) -> postgres, DNS for all. */
function production(): any[] {
  return [
    namespace('production'),
    deployment('production', 'web', { app: 'web' }, [{ port: 8080, name: 'http' }]),
    deployment('production', 'api', { app: 'api' }, [{ port: 8080, name: 'http' }, { port: 9090, name: 'metrics' }]),
    deployment('production', 'postgres', { app: 'postgres' }, [{ port: 5432, name: 'postgres' }]),
    policy('production', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy('production', 'allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }],
    }),
    policy('production', 'web-egress', {
      ...sel('web'),
      policyTypes: ['Egress'],
      egress: [{ to: [sel('api')], ports: [{ port: 8080 }] }, { to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }],
    }),
    policy('production', 'api-ingress', { ...sel('api'), policyTypes: ['Ingress'], ingress: [{ from: [sel('web')], ports: [{ port: 'http' }] }] }),
    policy('production', 'api-egress', { ...sel('api'), policyTypes: ['Egress'], egress: [{ to: [sel('postgres')], ports: [{ port: 5432 }] }] }),
    policy('production', 'postgres-ingress', { ...sel('postgres'), policyTypes: ['Ingress'], ingress: [{ from: [sel('api')], ports: [{ port: 5432 }] }] }),
  ];
}

describe('Reachability.explain', () => {
  const r = Reachability.fromManifests(production());

  test('names the policies and rules that allow each direction', () => {
    expect(r.explain('production/web', 'production/api', 8080)).toEqual([
      'production/web[Deployment] => production/api[Deployment] : TCP 8080 : allowed',
      'egress of production/web: allowed',
      '  isolated for egress by production/allow-dns, production/default-deny, production/web-egress',
      '  allowed by production/web-egress spec.egress[0] (to[0] podSelector app=api; TCP 8080)',
      'ingress of production/api: allowed',
      '  isolated for ingress by production/api-ingress, production/default-deny',
      "  allowed by production/api-ingress spec.ingress[0] (from[0] podSelector app=web; named port 'http' (TCP 8080))",
      '',
    ].join('\n'));
  });

  test('says which policies isolate and that none allows', () => {
    const text = r.explain('production/web', 'production/postgres', 5432);
    expect(text.split('\n')[0]).toBe('production/web[Deployment] => production/postgres[Deployment] : TCP 5432 : denied');
    expect(text).toContain('egress of production/web: denied\n  isolated for egress by production/allow-dns, production/default-deny, production/web-egress\n'
      + '  none of their egress rules allows traffic to production/postgres on TCP 5432');
    expect(text).toContain('ingress of production/postgres: denied\n  isolated for ingress by production/default-deny, production/postgres-ingress\n'
      + '  none of their ingress rules allows traffic from production/web on TCP 5432');
  });

  test('points at the rule that matches the peer but not the port', () => {
    expect(r.explain('production/web', 'production/api', 9090)).toContain(
      'production/web-egress spec.egress[0] matches to[0] podSelector app=api but allows only TCP 8080');
    expect(r.explain('production/web', 'production/api', 9090)).toContain(
      "production/api-ingress spec.ingress[0] matches from[0] podSelector app=web but allows only TCP named 'http'");
  });

  test('says that ipBlocks do not match pods', () => {
    expect(r.explain('production/web', 'production/postgres', 5432)).toContain(
      'production/web-egress spec.egress[1] allows any TCP port for ipBlock 10.0.0.0/8, but ipBlock peers never match pods');
  });

  test('says when a side is not isolated', () => {
    expect(r.explain('production/web', 'kube-system/coredns', 53, 'UDP')).toContain(
      'ingress of kube-system/coredns: allowed\n  not isolated for ingress: no NetworkPolicy in namespace kube-system selects its pods with Ingress in its policyTypes');
  });

  test('notes assumed workloads and undeclared ports', () => {
    const text = r.explain('production/api', 'kube-system/coredns', 5353, 'udp');
    expect(text).toContain('note: kube-system/coredns is assumed (assumeDns: ');
    expect(text).toContain('note: kube-system/coredns declares no container port UDP 5353');
  });

  test('notes traffic of a workload to itself', () => {
    expect(r.explain('production/api', 'production/api', 8080)).toContain(
      'note: source and destination are the same workload: this is traffic between its pods');
  });

  test('notes host-network pods', () => {
    const d = deployment('default', 'agent', { app: 'agent' });
    d.spec.template.spec.hostNetwork = true;
    const text = Reachability.fromManifests([d, deployment('default', 'web', { app: 'web' })], NOTHING_ASSUMED).explain('default/agent', 'default/web', 80);
    expect(text).toContain('note: default/agent uses hostNetwork: how NetworkPolicy applies to host-network pods is implementation-defined');
  });
});

describe('Reachability.toJson', () => {
  test('is { workloads, flows, connections }, sorted', () => {
    // GIVEN the production namespace WHEN reported
    const report = Reachability.fromManifests(production()).toJson();
    // THEN it lists the allowed flows to declared ports only, sorted by from, to, port, protocol
    expect(Object.keys(report)).toEqual(['workloads', 'flows', 'connections']);
    expect({ workloads: report.workloads, flows: report.flows }).toEqual({
      workloads: ['kube-system/coredns', 'production/api', 'production/postgres', 'production/web'],
      flows: [
        { from: 'kube-system/coredns', to: 'kube-system/coredns', port: 53, protocol: 'TCP' },
        { from: 'kube-system/coredns', to: 'kube-system/coredns', port: 53, protocol: 'UDP' },
        { from: 'production/api', to: 'kube-system/coredns', port: 53, protocol: 'TCP' },
        { from: 'production/api', to: 'kube-system/coredns', port: 53, protocol: 'UDP' },
        { from: 'production/api', to: 'production/postgres', port: 5432, protocol: 'TCP' },
        { from: 'production/postgres', to: 'kube-system/coredns', port: 53, protocol: 'TCP' },
        { from: 'production/postgres', to: 'kube-system/coredns', port: 53, protocol: 'UDP' },
        { from: 'production/web', to: 'kube-system/coredns', port: 53, protocol: 'TCP' },
        { from: 'production/web', to: 'kube-system/coredns', port: 53, protocol: 'UDP' },
        { from: 'production/web', to: 'production/api', port: 8080, protocol: 'TCP' },
      ],
    });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  test('gives a destination without declared ports no flows', () => {
    const r = Reachability.fromManifests([deployment('default', 'a', { app: 'a' }, []), deployment('default', 'b', { app: 'b' }, [])], NOTHING_ASSUMED);
    expect(r.toJson()).toMatchObject({ workloads: ['default/a', 'default/b'], flows: [] });
    // while every port is open between them
    expect(r.connections()).toContain('default/a[Deployment] => default/b[Deployment] : All Connections');
    expect(r.canReach('default/a', 'default/b', 443)).toBe(true);
  });

  test('returns fresh arrays each time', () => {
    const r = Reachability.fromManifests(production());
    r.toJson().flows.pop();
    r.toJson().workloads.pop();
    expect(r.toJson().flows).toHaveLength(10);
    expect(r.workloads).toHaveLength(4);
  });
});

describe('Reachability.toMarkdown', () => {
  test('renders the matrix: rows from, columns to, allowed ports or —, then the outside ranges', () => {
    // GIVEN the assumed CoreDNS (not isolated) and web's egress to 10.0.0.0/8 on every port
    const r = Reachability.fromManifests(production());
    // THEN the workloads first, then a row per range reaching a workload and a column per range reached
    expect(r.toMarkdown()).toEqual([
      '| from \\ to | kube-system/coredns | production/api | production/postgres | production/web | 0.0.0.0/0 | 10.0.0.0/8 |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      '| **kube-system/coredns** | 53/TCP, 53/UDP | — | — | — | all ports and protocols | — |',
      '| **production/api** | 53/TCP, 53/UDP | — | 5432/TCP | — | — | — |',
      '| **production/postgres** | 53/TCP, 53/UDP | — | — | — | — | — |',
      '| **production/web** | 53/TCP, 53/UDP | 8080/TCP | — | — | — | all ports and protocols |',
      '| **0.0.0.0/0** | all ports and protocols | — | — | — | — | — |',
      '',
    ].join('\n'));
  });

  test('says so when there are no workloads', () => {
    expect(Reachability.fromManifests([], NOTHING_ASSUMED).toMarkdown()).toBe('_No workloads._\n');
  });

  test('refuses a matrix too large to draw, naming its size and what to do instead, before listing any flow', () => {
    // GIVEN 7,072 pods: 7,072² cells is just over the limit of 50 million
    const pods = Array.from({ length: 7072 }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `p${i}`, namespace: 'big', labels: { app: `p${i}` } },
      spec: { containers: [{ name: 'app', image: 'ghcr.io/acme/app:1.0.0', ports: [{ containerPort: 8080 }] }] },
    }));
    const r = Reachability.fromManifests(pods, NOTHING_ASSUMED);
    // WHEN the whole matrix is asked for THEN it fails in the house voice
    expect(() => r.toMarkdown()).toThrow('Reachability.toMarkdown: the Markdown matrix of 7072 sources × 7072 destinations would have '
      + "50013184 cells, more than 50000000 (beyond what one string can hold); draw one workload's neighbourhood (focus, --focus), "
      + 'filter the sources and destinations (--from, --to), or list the connections instead (connections(), --format connlist)');
  });

  test('a focus reads only the flows from and to it: the same flows, in the same order, as filtering every flow', () => {
    // GIVEN clusters with policies, without any, and with several namespaces
    const clusters = [
      production(),
      xyzCluster(),
      [namespace('a'), namespace('b'), deployment('a', 'web', { app: 'web' }, [80, 8080]), deployment('a', 'api', { app: 'api' }, [8080]),
        deployment('b', 'db', { app: 'db' }, [5432]), deployment('b', 'idle', { app: 'idle' }, [])],
    ];
    for (const objects of clusters) {
      const r = Reachability.fromManifests(objects);
      const every = Reachability.fromManifests(objects).toJson().flows;
      for (const focus of r.workloads) {
        // WHEN one workload's flows are asked for THEN they are exactly those of the full list
        const touching = r._flowsTouching(focus).map((f) => ({ from: f.from, to: f.to, port: f.port, protocol: f.protocol }));
        expect(touching).toEqual(every.filter((f) => f.from === focus || f.to === focus));
      }
    }
  });

  test('draws a matrix up to the limit', () => {
    // GIVEN a table of just the limit's size (only its size is checked; no flow is drawn)
    const ids = Array.from({ length: 5000 }, (_, i) => `big/p${i}`);
    expect(() => checkMarkdownSize('renderMarkdown', 5000, MAX_MARKDOWN_CELLS / 5000)).not.toThrow();
    expect(() => checkMarkdownSize('renderMarkdown', 5000, MAX_MARKDOWN_CELLS / 5000 + 1)).toThrow(/^renderMarkdown: the Markdown matrix of 5000 sources × 10001 destinations/);
    expect(renderMarkdown(ids.slice(0, 2), [{ from: 'big/p0', to: 'big/p1', port: 80, protocol: 'TCP' }]).split('\n')[2]).toBe('| **big/p0** | — | 80/TCP |');
  });
});

describe('Reachability.toMermaid', () => {
  const text = Reachability.fromManifests(production()).toMermaid();

  test('renders a flowchart with one subgraph per namespace, labelled edges and the DNS in the legend', () => {
    expect(text).toEqual([
      '%%{init: {"flowchart": {"wrappingWidth": 400}}}%%',
      'flowchart LR',
      '  subgraph ns_production["production"]',
      '    direction LR',
      '    production___api["api"]',
      '    production___postgres["postgres"]',
      '    production___web["web"]',
      '  end',
      '  subgraph outside_world["outside the cluster"]',
      '    direction LR',
      '    q_10_0_0_0_8_93997fe8["10.0.0.0/8"]:::outside',
      '  end',
      '  production___api -->|"TCP 5432"| production___postgres',
      '  production___web -->|"TCP 8080"| production___api',
      '  production___web -->|"all ports and protocols"| q_10_0_0_0_8_93997fe8',
      '  legend["Not drawn: assumed platform workloads (--show-assumed draws them)<br/>kube-system/coredns: reached on TCP 53; UDP 53"]:::legend',
      '  classDef outside fill:#fff4e5,stroke:#c77700',
      '  classDef legend fill:#f6f8fa,stroke:#8c959f,color:#424a53',
      '',
    ].join('\n'));
  });

  test('keeps "/" out of node ids and quotes every label (GitHub renders it)', () => {
    const lines = Reachability.fromManifests(production()).toMermaid({ showAssumed: true }).trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual(['%%{init: {"flowchart": {"wrappingWidth": 400}}}%%', 'flowchart LR']);
    for (const line of lines.slice(2)) {
      const unquoted = line.replace(/"[^"]*"/g, '""');
      expect(unquoted).not.toContain('/');
      expect(line).toMatch(/^\s+(direction LR|subgraph \w+\["[^"]+"\]|\w+\["[^"]+"\](:::\w+)?|end|\w+ -->\|"[^"]+"\| \w+|classDef .*)$/);
    }
  });
});

describe('Reachability query errors', () => {
  const r = Reachability.fromManifests(production());

  test('names the unknown workload and lists known ones, similar ones first', () => {
    expect(() => r.canReach('prod/web', 'production/api', 8080)).toThrow(
      "Reachability.canReach: unknown workload 'prod/web' for 'from'; workloads are named 'namespace/name', "
      + "e.g. 'production/web', 'kube-system/coredns', 'production/api', 'production/postgres'");
    expect(() => r.explain('production/web', 'apii', 8080)).toThrow(/^Reachability\.explain: unknown workload or Service 'apii' for 'to'; .*did you mean 'production\/api'\?$/);
  });

  test('points from the missing kube-dns Service to the DNS workload the analysis assumes', () => {
    expect(() => r.explain('production/web', 'kube-system/kube-dns:53', 53, 'UDP')).toThrow(
      "Reachability.explain: unknown workload or Service 'kube-system/kube-dns' for 'to'; give 'namespace/name' (a workload, or a Service with ':port'), "
      + 'an IP address or a CIDR; the manifests hold no Service kube-system/kube-dns, but the analysis assumes its pods: give the workload kube-system/coredns');
    expect(r.explain('production/web', 'kube-system/coredns', 53, 'UDP')).toMatch(/allowed/);
  });

  test.each([
    [0], [65536], [80.5], [-1],
  ])('rejects port %d', (port) => {
    expect(() => r.canReach('production/web', 'production/api', port)).toThrow(
      `Reachability.canReach: port must be an integer in 1-65535, got ${port}`);
  });

  test.each([['ICMP'], [''], ['tcp6']])('rejects protocol %j', (protocol) => {
    expect(() => r.explain('production/web', 'production/api', 80, protocol)).toThrow(
      `Reachability.explain: protocol '${protocol}' is not one of TCP, UDP, SCTP`);
  });

  test('accepts protocols in any case and defaults to TCP', () => {
    expect(r.canReach('production/web', 'kube-system/coredns', 53, 'udp')).toBe(true);
    expect(r.canReach('production/web', 'production/api', 8080)).toBe(r.canReach('production/web', 'production/api', 8080, 'TCP'));
    expect(r.canReach('production/web', 'production/api', 8080, 'SCTP')).toBe(false);
  });

  test('rejects input that is not a list', () => {
    expect(() => Reachability.fromManifests({ kind: 'List' } as any)).toThrow(
      'Reachability.fromManifests: objects must be a list of Kubernetes objects, got object');
  });
});
