/**
 * The pictures: Mermaid and DOT with node ids derived from names, namespaces as boxes, ports
 * merged per pair, assumed platform edges in one legend line, a focus on one neighbourhood, and
 * names that would break Markdown or Mermaid escaped.
 */
import * as fs from 'fs';
import * as path from 'path';
import { deployment, namespace, NOTHING_ASSUMED, policy } from './manifests';
import { Reachability } from '../../src/analysis';
import { describeRanges, rangeCidrs } from '../../src/analysis/_address-text';
import { parseCidr } from '../../src/analysis/_ipblock';
import { ipBlockRanges } from '../../src/analysis/_outside';
import { mergePorts, nodeId, namespaceId } from '../../src/analysis/_picture';
import { markdownText } from '../../src/analysis/_render';
import { dotString, mermaidText } from '../../src/analysis/_render-diagram';
import { buildExample, manifestsOf } from '../examples/_examples';

const sel = (app: string) => ({ podSelector: { matchLabels: { app } } });
const allowDns = (ns: string) => policy(ns, 'allow-dns', {
  podSelector: {},
  policyTypes: ['Egress'],
  egress: [{
    to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
    ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
  }],
});

/** web -> api (8080, 8081, 9090) -> postgres, under default-deny with DNS; a second namespace with a batch job. */
function cluster(extra: any[] = []): any[] {
  return [
    namespace('production'),
    deployment('production', 'web', { app: 'web' }, [8080]),
    deployment('production', 'api', { app: 'api' }, [8080, 8081, 9090]),
    deployment('production', 'postgres', { app: 'postgres' }, [5432]),
    deployment('batch', 'report', { app: 'report' }, [8080]),
    policy('production', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    allowDns('production'),
    policy('production', 'web-to-api', {
      ...sel('web'), policyTypes: ['Egress'], egress: [{ to: [sel('api')], ports: [{ port: 8080, endPort: 8081 }, { port: 9090 }] }],
    }),
    policy('production', 'api-from-web', { ...sel('api'), policyTypes: ['Ingress'], ingress: [{ from: [sel('web')] }] }),
    policy('production', 'api-to-postgres', { ...sel('api'), policyTypes: ['Egress'], egress: [{ to: [sel('postgres')], ports: [{ port: 5432 }] }] }),
    policy('production', 'postgres-from-api', { ...sel('postgres'), policyTypes: ['Ingress'], ingress: [{ from: [sel('api')], ports: [{ port: 5432 }] }] }),
    ...extra,
  ];
}


const LEGEND = '  legend["Not drawn: assumed platform workloads (--show-assumed draws them)<br/>kube-system/coredns: reached on TCP 53; UDP 53"]:::legend';
const INIT = '%%{init: {"flowchart": {"wrappingWidth": 400}}}%%';
const LEGEND_STYLE = '  classDef legend fill:#f6f8fa,stroke:#8c959f,color:#424a53';

/** `count` workloads in `namespaces`, each isolated, the i-th reached by the (i-1)-th on 8080 and 9090, all with DNS. */
function chain(count: number, namespaces: readonly string[]): any[] {
  const out: any[] = [];
  for (const ns of namespaces) {
    out.push(namespace(ns), policy(ns, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }), allowDns(ns));
  }
  const nsOf = (i: number) => namespaces[i % namespaces.length];
  for (let i = 0; i < count; i++) {
    const ns = nsOf(i);
    const name = `svc-${String(i).padStart(2, '0')}`;
    out.push(deployment(ns, name, { app: name }, [8080, 9090]));
    if (i > 0) {
      const prev = `svc-${String(i - 1).padStart(2, '0')}`;
      const peer = (app: string, pns: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': pns } }, podSelector: { matchLabels: { app } } });
      out.push(policy(nsOf(i - 1), `${prev}-to-${name}`, { ...sel(prev), policyTypes: ['Egress'], egress: [{ to: [peer(name, ns)], ports: [{ port: 8080 }, { port: 9090 }] }] }));
      out.push(policy(ns, `${name}-from-${prev}`, { ...sel(name), policyTypes: ['Ingress'], ingress: [{ from: [peer(prev, nsOf(i - 1))] }] }));
    }
  }
  return out;
}

const lines = (text: string) => text.trimEnd().split('\n');

describe('Reachability.toMermaid', () => {
  test('draws namespaces as subgraphs, workloads by name, one edge per pair with its ports merged, DNS in the legend', () => {
    // GIVEN web may reach api on 8080, 8081 and 9090 (three flows); every workload uses the DNS
    const text = Reachability.fromManifests(cluster()).toMermaid();
    // THEN one edge carries the three ports, the namespace is the box (not repeated in labels),
    // and the DNS edges are one legend line
    expect(lines(text)).toEqual([
      INIT,
      'flowchart LR',
      '  subgraph ns_batch["batch"]',
      '    direction LR',
      '    batch___report["report"]',
      '  end',
      '  subgraph ns_production["production"]',
      '    direction LR',
      '    production___api["api"]',
      '    production___postgres["postgres"]',
      '    production___web["web"]',
      '  end',
      // batch is not isolated: the outside world reaches it and it reaches the outside world
      '  subgraph outside_world["outside the cluster"]',
      '    direction LR',
      '    q_0_0_0_0_0_b42e1836["0.0.0.0/0"]:::outside',
      '  end',
      '  batch___report -->|"TCP 8080"| batch___report',
      '  batch___report -->|"all ports and protocols"| q_0_0_0_0_0_b42e1836',
      '  production___api -->|"TCP 5432"| production___postgres',
      '  production___web -->|"TCP 8080-8081, 9090"| production___api',
      '  q_0_0_0_0_0_b42e1836 -->|"all ports and protocols"| batch___report',
      '  legend["Not drawn: assumed platform workloads (--show-assumed draws them)<br/>kube-system/coredns: reached on TCP 53; UDP 53; reaches workloads on TCP 8080"]:::legend',
      '  classDef outside fill:#fff4e5,stroke:#c77700',
      LEGEND_STYLE,
    ]);
  });

  test('showAssumed draws the assumed workloads, dashed, with their edges', () => {
    const text = Reachability.fromManifests(cluster()).toMermaid({ showAssumed: true });
    expect(text).toContain('  subgraph ns_kube_system["kube-system"]\n    direction LR\n    kube_system___coredns["coredns"]:::assumed\n  end\n');
    // (all three production workloads use the DNS: one edge from the namespace's box)
    expect(text).toContain('  ns_production -->|"TCP 53; UDP 53"| kube_system___coredns\n');
    expect(text).toContain('  batch___report -->|"TCP 53; UDP 53"| kube_system___coredns\n');
    expect(text).toContain('  classDef assumed stroke-dasharray: 5 3\n');
    expect(text).not.toContain('legend');
  });

  test('adding a workload changes only its own lines (ids derive from names)', () => {
    // GIVEN the cluster, and the same cluster with one more workload that api may reach
    const before = lines(Reachability.fromManifests(cluster()).toMermaid());
    const after = lines(Reachability.fromManifests(cluster([
      deployment('production', 'cache', { app: 'cache' }, [6379]),
      policy('production', 'api-to-cache', { ...sel('api'), policyTypes: ['Egress'], egress: [{ to: [sel('cache')], ports: [{ port: 6379 }] }] }),
      policy('production', 'cache-from-api', { ...sel('cache'), policyTypes: ['Ingress'], ingress: [{ from: [sel('api')] }] }),
    ])).toMermaid());
    // THEN no line is removed or changed, and every added line is about the new workload
    expect(before.filter((l) => !after.includes(l))).toEqual([]);
    expect(after.filter((l) => !before.includes(l))).toEqual([
      '    production___cache["cache"]',
      '  production___api -->|"TCP 6379"| production___cache',
    ]);
  });

  test('adding a workload to the middle of 30 still changes only its own lines, in DOT too', () => {
    const base = chain(30, ['shop', 'payments', 'platform']);
    const added = [...base, deployment('payments', 'fraud-check', { app: 'fraud-check' }, [8080])];
    for (const render of [(r: Reachability) => r.toMermaid(), (r: Reachability) => r.toDot()]) {
      const before = lines(render(Reachability.fromManifests(base)));
      const after = lines(render(Reachability.fromManifests(added)));
      expect(before.filter((l) => !after.includes(l))).toEqual([]);
      const extra = after.filter((l) => !before.includes(l));
      expect(extra.length).toBe(1);
      expect(extra[0]).toMatch(/payments___fraud_check \[?"?\[?label="fraud-check"\]|payments___fraud_check\["fraud-check"\]/);
    }
  });

  test('at 30 workloads: one node line each, one edge per connected pair, the 60 DNS edges in one legend line', () => {
    // GIVEN 30 workloads in 3 namespaces, each reaching the next on two ports, all using the DNS
    const text = Reachability.fromManifests(chain(30, ['shop', 'payments', 'platform'])).toMermaid();
    const all = lines(text);
    // THEN 30 node lines, 29 edges (ports merged), 3 subgraphs, one legend line and no coredns edge
    expect(all.filter((l) => /^ {4}\w+\["svc-\d\d"\]$/.test(l))).toHaveLength(30);
    expect(all.filter((l) => l.includes('-->'))).toHaveLength(29);
    expect(all.filter((l) => l.includes('-->|"TCP 8080, 9090"|'))).toHaveLength(29);
    expect(all.filter((l) => l.startsWith('  subgraph '))).toHaveLength(3);
    expect(all.filter((l) => l.includes('coredns'))).toEqual([LEGEND]);
    // and no label repeats its namespace
    expect(text).not.toMatch(/\["(shop|payments|platform)\//);
  });

  test('focus draws one workload and its neighbours only, in every format', () => {
    const r = Reachability.fromManifests(cluster());
    expect(lines(r.toMermaid({ focus: 'production/api' }))).toEqual([
      INIT,
      'flowchart LR',
      '  subgraph ns_production["production"]',
      '    direction LR',
      '    production___api["api"]:::focus',
      '    production___postgres["postgres"]',
      '    production___web["web"]',
      '  end',
      '  production___api -->|"TCP 5432"| production___postgres',
      '  production___web -->|"TCP 8080-8081, 9090"| production___api',
      LEGEND,
      '  classDef focus stroke-width:3px',
      LEGEND_STYLE,
    ]);
    expect(r.toDot({ focus: 'production/postgres' })).not.toContain('production___web');
    // (the Markdown matrix keeps the assumed workloads' rows and columns)
    expect(r.toMarkdown({ focus: 'production/postgres' })).toEqual([
      '| from \\ to | kube-system/coredns | production/postgres |',
      '| --- | --- | --- |',
      '| **production/api** | — | 5432/TCP |',
      '| **production/postgres** | 53/TCP, 53/UDP | — |',
      '',
    ].join('\n'));
  });

  test('focus on an assumed workload draws its edges', () => {
    const text = Reachability.fromManifests(cluster()).toMermaid({ focus: 'kube-system/coredns' });
    expect(text).toContain('kube_system___coredns["coredns"]:::focus');
    expect(text).toContain('  ns_production -->|"TCP 53; UDP 53"| kube_system___coredns\n');
    expect(text).not.toContain('production___web -->|"TCP 8080');
  });

  test.each([
    [{ focus: 'production/apii' }, "Reachability.toMermaid: focus 'production/apii' is not a workload; give one of the workloads, 'namespace/name'; did you mean 'production/api'?"],
    [{ focus: 42 }, 'Reachability.toMermaid: focus must be a string, got 42'],
    [{ showAssumed: 'yes' }, "Reachability.toMermaid: showAssumed must be true or false, got the string 'yes'"],
    ['all', "Reachability.toMermaid: options must be an object of named props, got the string 'all'"],
    [null, 'Reachability.toMermaid: options must be an object of named props, got null'],
  ])('refuses options %j in one sentence', (options, message) => {
    expect(() => Reachability.fromManifests(cluster()).toMermaid(options as any)).toThrow(message);
  });
});

describe('edges to a whole namespace', () => {
  /** A scraper in `monitoring` admitted to port 9090 of every workload of `shop`; the database there listens on 5432 only. */
  function scraped(shopApps: readonly string[]): any[] {
    const out: any[] = [
      namespace('monitoring'), namespace('shop'),
      deployment('monitoring', 'prometheus', { app: 'prometheus' }, [9090]),
      deployment('shop', 'db', { app: 'db' }, [5432]),
      policy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress'] }),
      policy('shop', 'scrape', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 9090 }] }],
      }),
    ];
    for (const app of shopApps) out.push(deployment('shop', app, { app }, [8080, 9090]));
    return out;
  }

  test('a source reaching every workload of a namespace on the ports each listens on is one edge to its box', () => {
    // GIVEN prometheus may reach 9090 on the three apps (the db listens on 5432 only)
    const text = Reachability.fromManifests(scraped(['api', 'web', 'worker']), NOTHING_ASSUMED).toMermaid();
    // THEN one edge to the shop box, and none to the apps one by one
    expect(text).toContain('  monitoring___prometheus -->|"TCP 9090"| ns_shop\n');
    expect(text).not.toMatch(/monitoring___prometheus -->\|"[^"]*"\| shop___/);
    // and the DOT picture clips the edge at the cluster
    expect(Reachability.fromManifests(scraped(['api', 'web', 'worker']), NOTHING_ASSUMED).toDot())
      .toContain('  monitoring___prometheus -> shop___api [label="TCP 9090", lhead=cluster_ns_shop];\n');
  });

  test('adding a workload the source also reaches adds only its node line', () => {
    const before = lines(Reachability.fromManifests(scraped(['api', 'web', 'worker']), NOTHING_ASSUMED).toMermaid());
    const after = lines(Reachability.fromManifests(scraped(['api', 'web', 'worker', 'cart']), NOTHING_ASSUMED).toMermaid());
    expect(before.filter((l) => !after.includes(l))).toEqual([]);
    expect(after.filter((l) => !before.includes(l))).toEqual(['    shop___cart["cart"]']);
  });

  test('a workload listening on the port but not reached keeps the edges one by one', () => {
    // GIVEN the db also listens on 9090, but a policy of its own admits nobody there
    const objects = scraped(['api', 'web', 'worker']).map((o) => (o.kind === 'Deployment' && o.metadata.name === 'db'
      ? deployment('shop', 'db', { app: 'db', tier: 'data' }, [5432, 9090]) : o));
    const policyOnly = objects.map((o) => (o.kind === 'NetworkPolicy' && o.metadata.name === 'scrape'
      ? policy('shop', 'scrape', { ...o.spec, podSelector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] } }) : o));
    const text = Reachability.fromManifests(policyOnly, NOTHING_ASSUMED).toMermaid();
    expect(text).not.toContain('| ns_shop');
    expect(text).toContain('  monitoring___prometheus -->|"TCP 9090"| shop___api\n');
  });

  test('fewer than three workloads reached stay edges one by one', () => {
    const text = Reachability.fromManifests(scraped(['api', 'web']), NOTHING_ASSUMED).toMermaid();
    expect(text).toContain('  monitoring___prometheus -->|"TCP 9090"| shop___api\n');
    expect(text).not.toContain('| ns_shop');
  });
});

describe('namespaces open inside', () => {
  /** Namespaces without policies: everything reaches everything on the declared ports. */
  function unpoliced(counts: Record<string, number>): any[] {
    return Object.entries(counts).flatMap(([ns, count]) => Array.from({ length: count },
      (_, i) => deployment(ns, `app-${i}`, { app: `app-${i}` }, [8080 + (i % 2)])));
  }

  test('a namespace whose workloads all reach each other is one box titled "(open inside)", not N² edges', () => {
    // GIVEN 19 workloads in three namespaces without any NetworkPolicy (the picture issue 13 found unreadable)
    const text = Reachability.fromManifests(unpoliced({ shop: 7, payments: 6, ops: 6 })).toMermaid();
    const all = lines(text);
    // THEN no edge inside a namespace, one edge per pair of namespaces, one each way to the outside world
    expect(all).toContain('  subgraph ns_shop["shop (open inside)"]');
    expect(all.filter((l) => /^ {2}(\w+) -->.*\| \1$/.test(l))).toEqual([]);
    expect(all.filter((l) => /^ {2}ns_\w+ -->\|"TCP 8080-8081"\| ns_\w+$/.test(l))).toHaveLength(6);
    expect(all.filter((l) => l.includes('-->'))).toHaveLength(12);
    expect(text).toContain('(open inside): every workload of the namespace may reach every workload of it, itself included, on every port it listens on');
  });

  test('one workload that cannot reach the others keeps that namespace\'s edges one by one', () => {
    const objects = [...unpoliced({ shop: 3 }), policy('shop', 'app-0-egress', { podSelector: { matchLabels: { app: 'app-0' } }, policyTypes: ['Egress'] })];
    const text = Reachability.fromManifests(objects, NOTHING_ASSUMED).toMermaid();
    expect(text).not.toContain('open inside');
    expect(text).toContain('  shop___app_1 -->|"TCP 8081"| shop___app_1\n');
  });

  test('focus draws the edges inside an open namespace one by one', () => {
    const text = Reachability.fromManifests(unpoliced({ shop: 3 }), NOTHING_ASSUMED).toMermaid({ focus: 'shop/app-0' });
    expect(text).not.toContain('open inside');
    expect(text).toContain('  shop___app_0 -->|"TCP 8081"| shop___app_1\n');
  });
});

describe('the outside world', () => {
  /** An isolated shop: web open to the internet on 8443, mail to the public internet on 587, a partner range on 443. */
  function outsideShop(): any[] {
    return [
      namespace('shop'),
      deployment('shop', 'web', { app: 'web' }, [8443]),
      deployment('shop', 'mailer', { app: 'mailer' }, [8080]),
      policy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
      policy('shop', 'web-public', { ...sel('web'), ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 8443 }] }] }),
      policy('shop', 'mailer-out', {
        ...sel('mailer'),
        policyTypes: ['Egress'],
        egress: [
          { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16', '127.0.0.0/8'] } }], ports: [{ port: 587 }] },
          { to: [{ ipBlock: { cidr: '198.51.100.0/24' } }], ports: [{ port: 443 }] },
        ],
      }),
    ];
  }

  test('address ranges are nodes of an "outside the cluster" box, named as CIDRs or the public internet', () => {
    const text = Reachability.fromManifests(outsideShop(), NOTHING_ASSUMED).toMermaid();
    expect(text).toContain('  subgraph outside_world["outside the cluster"]\n    direction LR\n');
    expect(text).toMatch(/ {4}(q_0_0_0_0_0_\w+)\["0\.0\.0\.0\/0"\]:::outside\n[\s\S]* {2}\1 -->\|"TCP 8443"\| shop___web\n/);
    expect(text).toMatch(/ {4}(q_\w+)\["public internet \(IPv4\)"\]:::outside\n[\s\S]* {2}shop___mailer -->\|"TCP 587"\| \1\n/);
    expect(text).toMatch(/ {4}(q_198_51_100_0_24_\w+)\["198\.51\.100\.0\/24"\]:::outside\n[\s\S]* {2}shop___mailer -->\|"TCP 443"\| \1\n/);
    expect(text).toContain('  classDef outside fill:#fff4e5,stroke:#c77700\n');
  });

  test('the Markdown matrix has a row per range reaching a workload and a column per range reached', () => {
    const r = Reachability.fromManifests(outsideShop(), NOTHING_ASSUMED);
    expect(r.toMarkdown()).toEqual([
      '| from \\ to | shop/mailer | shop/web | public internet (IPv4) | 198.51.100.0/24 |',
      '| --- | --- | --- | --- | --- |',
      '| **shop/mailer** | — | — | TCP 587 | TCP 443 |',
      '| **shop/web** | — | — | — | — |',
      '| **0.0.0.0/0** | — | TCP 8443 | — | — |',
      '',
    ].join('\n'));
    expect(r.toMarkdown({ focus: 'shop/web' })).toEqual([
      '| from \\ to | shop/web |',
      '| --- | --- |',
      '| **shop/web** | — |',
      '| **0.0.0.0/0** | TCP 8443 |',
      '',
    ].join('\n'));
  });

  test('focus keeps the outside ranges of the focused workload only', () => {
    const text = Reachability.fromManifests(outsideShop(), NOTHING_ASSUMED).toMermaid({ focus: 'shop/web' });
    expect(text).toContain('["0.0.0.0/0"]:::outside');
    expect(text).not.toContain('public internet');
  });

  test.each([
    [['0.0.0.0/0'], [], '0.0.0.0/0'],
    [['0.0.0.0/0'], ['10.0.0.0/8'], '0.0.0.0/0 except 10.0.0.0/8'],
    [['10.0.0.0/8'], ['10.1.0.0/16'], '10.0.0.0/16, 10.2.0.0/15, 10.4.0.0/14 (+5 more)'],
    [['203.0.113.10/32'], [], '203.0.113.10/32'],
    [['::/0'], ['fc00::/7', 'fe80::/10', '::1/128'], 'public internet (IPv6)'],
  ])('ranges of %j except %j read %s', (cidrs, except, name) => {
    const ranges = cidrs.flatMap((c) => ipBlockRanges({ cidr: parseCidr(c)!, except: except.map((e) => parseCidr(e)!), text: c }));
    expect(describeRanges(ranges).name).toBe(name);
  });

  test('rangeCidrs splits a range into the fewest aligned CIDRs', () => {
    const [range] = ipBlockRanges({ cidr: parseCidr('10.0.0.0/8')!, except: [], text: '' });
    expect(rangeCidrs({ ...range, start: range.start + 1n })).toEqual([
      '10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/30', '10.0.0.8/29', '10.0.0.16/28', '10.0.0.32/27', '10.0.0.64/26', '10.0.0.128/25',
      '10.0.1.0/24', '10.0.2.0/23', '10.0.4.0/22', '10.0.8.0/21', '10.0.16.0/20', '10.0.32.0/19', '10.0.64.0/18', '10.0.128.0/17',
      '10.1.0.0/16', '10.2.0.0/15', '10.4.0.0/14', '10.8.0.0/13', '10.16.0.0/12', '10.32.0.0/11', '10.64.0.0/10', '10.128.0.0/9',
    ]);
  });
});

describe('Reachability.toDot', () => {
  test('draws the same picture for Graphviz: clusters per namespace, the same ids, a note for the legend', () => {
    expect(lines(Reachability.fromManifests(cluster()).toDot())).toEqual([
      'digraph reachability {',
      '  rankdir=LR;',
      '  compound=true;',
      '  fontname="Helvetica";',
      '  node [shape=box, style=rounded, fontname="Helvetica"];',
      '  edge [fontname="Helvetica", fontsize=10];',
      '  subgraph cluster_ns_batch {',
      '    label="batch";',
      '    batch___report [label="report"];',
      '  }',
      '  subgraph cluster_ns_production {',
      '    label="production";',
      '    production___api [label="api"];',
      '    production___postgres [label="postgres"];',
      '    production___web [label="web"];',
      '  }',
      '  subgraph cluster_outside_world {',
      '    label="outside the cluster";',
      '    style=dashed;',
      '    q_0_0_0_0_0_b42e1836 [label="0.0.0.0/0", shape=ellipse, style=filled, fillcolor="#fff4e5"];',
      '  }',
      '  batch___report -> batch___report [label="TCP 8080"];',
      '  batch___report -> q_0_0_0_0_0_b42e1836 [label="all ports and protocols"];',
      '  production___api -> production___postgres [label="TCP 5432"];',
      '  production___web -> production___api [label="TCP 8080-8081, 9090"];',
      '  q_0_0_0_0_0_b42e1836 -> batch___report [label="all ports and protocols"];',
      '  legend [shape=note, fontsize=10, label="Not drawn: assumed platform workloads (--show-assumed draws them)\\l'
        + 'kube-system/coredns: reached on TCP 53; UDP 53; reaches workloads on TCP 8080\\l"];',
      '}',
    ]);
  });

  test('showAssumed dashes the assumed workloads', () => {
    expect(Reachability.fromManifests(cluster()).toDot({ showAssumed: true })).toContain('kube_system___coredns [label="coredns", style="rounded,dashed"];');
  });
});

describe('names that would break the reports', () => {
  // GIVEN workloads whose names hold a newline, '|', '"', '#' and '<' (a hand-written manifest, not a valid Kubernetes name)
  const names = ['bad\nname', 'pipe|name', 'quote"name', 'hash#1;x', '<b>bold</b>'];
  const r = Reachability.fromManifests(names.map((n) => deployment('odd', n, { app: 'x' }, [80])), NOTHING_ASSUMED);

  test('Mermaid: every label is one quoted string without a raw newline, |, " or <, and ids are plain words', () => {
    const text = r.toMermaid();
    for (const line of lines(text).slice(2)) {
      expect(line).toMatch(/^ {2,4}(direction LR|classDef .*|subgraph \w+\["[^"|<>\n]*"\]|\w+\["[^"|<>\n]*"\](:::\w+)?|end|\w+ -->\|"[^"|<>\n]*"\| \w+)$/);
    }
    expect(text).toContain('["bad\\nname"]');
    expect(text).toContain('["pipe#124;name"]');
    expect(text).toContain('["quote#quot;name"]');
    expect(text).toContain('["hash#35;1;x"]');
    expect(text).toContain('["#lt;b#gt;bold#lt;/b#gt;"]');
    expect(text.split('\n').length).toBe(lines(text).length + 1);
  });

  test('Markdown: the table keeps its columns (no raw | or newline in a cell)', () => {
    const table = lines(r.toMarkdown());
    const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    // (the names, then the outside world that reaches these unisolated workloads)
    expect(table).toHaveLength(2 + names.length + 1);
    for (const line of table) expect(cells(line)).toBe(cells(table[1]));
    expect(table[0]).toContain(' odd/bad\\nname |');
    expect(table[0]).toContain(' odd/pipe\\|name |');
  });

  test('DOT: labels are DOT strings with " and \\ escaped', () => {
    const text = r.toDot();
    expect(text).toContain('[label="quote\\"name"]');
    expect(text).toContain('[label="bad\\\\nname"]');
  });
});

describe('the picture helpers', () => {
  test.each([
    ['production/api', 'production___api'],
    ['kube-system/coredns', 'kube_system___coredns'],
    ['shop/web.v2', 'shop___web__v2'],
    ['a/b-c.d-e', 'a___b_c__d_e'],
  ])('node id of %s is %s', (key, id) => {
    expect(nodeId(key)).toBe(id);
  });

  test('ids are injective where a readable mapping could collide, and never clash across kinds', () => {
    // '--' cannot be told from '.' by the readable mapping, so such names get a hashed id
    const keys = ['a/b--c', 'a/b.c', 'a/b-c', 'A/b', 'a/b', '10.0.0.0/8', '10.0.0.0-10.255.255.255'];
    const ids = keys.map(nodeId);
    expect(new Set(ids).size).toBe(keys.length);
    expect(nodeId('a/b--c')).toMatch(/^q_a_b_c_[0-9a-f]{8}$/);
    expect(nodeId('a/b--c')).toBe(nodeId('a/b--c'));
    for (const id of ids) expect(id).toMatch(/^\w+$/);
    expect(namespaceId('kube-system')).toBe('ns_kube_system');
    expect(namespaceId('Bad NS')).toMatch(/^q_namespace_bad_ns_[0-9a-f]{8}$/);
  });

  test.each([
    [['8080/TCP'], 'TCP 8080'],
    [['9090/TCP', '8080/TCP', '8081/TCP'], 'TCP 8080-8081, 9090'],
    [['53/UDP', '53/TCP', '53/TCP'], 'TCP 53; UDP 53'],
    [['1-65535/TCP'], 'TCP all ports'],
    [['30000-32767/TCP', '32768/TCP', '5000/SCTP'], 'TCP 30000-32768; SCTP 5000'],
    [['All Connections'], 'All Connections'],
  ])('mergePorts(%j) is %s', (ports, label) => {
    expect(mergePorts(ports)).toBe(label);
  });

  test('escapes: Mermaid entities, DOT strings, Markdown backslashes', () => {
    expect(mermaidText('a|b"c#d\ne`f')).toBe('a#124;b#quot;c#35;d\\ne#96;f');
    expect(dotString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\\\nd"');
    expect(markdownText('a|b*c_d\ne')).toBe('a\\|b\\*c\\_d\\ne');
    expect(markdownText('production/api-v1.2')).toBe('production/api-v1.2');
  });
});

describe('the README', () => {
  test('shows the real picture of the zero-trust-shop example and its explain by Service port', () => {
    // GIVEN the example as `npm run synth` writes it WHEN drawn and explained as the README says
    const r = Reachability.fromManifests(manifestsOf(buildExample('zero-trust-shop')));
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    // THEN the README holds exactly that output (regenerate it with the commands it shows)
    expect(readme).toContain(`\`\`\`mermaid\n${r.toMermaid()}\`\`\``);
    expect(readme).toContain(`\`\`\`\n${r.explain('production/web', 'production/api:80')}\`\`\``);
  });
});
