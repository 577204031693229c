/**
 * A generated cluster of 200 workloads and 150 policies: the grouped engine (identity groups,
 * bitsets, caches) must agree with a naive pod × pod × policy evaluation written here from the
 * NetworkPolicy specification, pair by pair and port by port. Functional only: no timings.
 */
import { deployment, namespace, NOTHING_ASSUMED, policy } from './manifests';
import { matches } from './naive';
import { Reachability } from '../../src/analysis';
import { prng } from '../util';

const PORTS = [
  { port: 80, name: 'http' }, { port: 443, name: 'https' }, { port: 5432, name: 'pg' },
  { port: 53, protocol: 'UDP', name: 'dns' }, { port: 9090, name: 'metrics' }, { port: 8080, name: 'http' },
];

interface Workload {
  id: string;
  ns: string;
  labels: Record<string, string>;
  ports: Array<{ port: number; protocol: string; name?: string }>;
}

interface Generated {
  objects: any[];
  namespaces: Map<string, Record<string, string>>;
  workloads: Workload[];
  byId: Map<string, Workload>;
  /** The naive evaluation's memo of the policies that apply to a workload in one direction. */
  applying: Map<string, any[]>;
  policies: any[];
}

function generate(namespaceCount = 10): Generated {
  const rnd = prng(20240501);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out: Generated = { objects: [], namespaces: new Map(), workloads: [], byId: new Map(), applying: new Map(), policies: [] };
  const nsNames = Array.from({ length: namespaceCount }, (_, i) => `ns${i}`);
  for (const [i, ns] of nsNames.entries()) {
    const labels: Record<string, string> = { team: `t${i % 3}`, ...(i % 2 === 0 ? { env: 'prod' } : {}) };
    out.objects.push(namespace(ns, labels));
    out.namespaces.set(ns, { ...labels, 'kubernetes.io/metadata.name': ns });
  }
  for (let i = 0; i < 200; i++) {
    const ns = nsNames[i % namespaceCount];
    // few distinct label sets per namespace, so that several workloads share one identity group
    const labels: Record<string, string> = { app: `a${Math.floor(rnd() * 6)}` };
    const tier = pick(['web', 'api', 'db', undefined]);
    if (tier) labels.tier = tier;
    const ports = PORTS.filter(() => rnd() < 0.35).filter((p, k, all) => all.findIndex((q) => q.name === p.name) === k);
    out.objects.push(deployment(ns, `w${i}`, labels, ports));
    const w = { id: `${ns}/w${i}`, ns, labels, ports: ports.map((p) => ({ protocol: 'TCP', ...p })) };
    out.workloads.push(w);
    out.byId.set(w.id, w);
  }
  const selector = (): any => pick([
    {},
    { matchLabels: { app: `a${Math.floor(rnd() * 6)}` } },
    { matchLabels: { tier: pick(['web', 'api', 'db']) } },
    { matchExpressions: [{ key: 'tier', operator: pick(['NotIn', 'In']), values: [pick(['web', 'api', 'db'])] }] },
    { matchExpressions: [{ key: 'tier', operator: pick(['Exists', 'DoesNotExist']) }] },
    { matchLabels: { app: `a${Math.floor(rnd() * 6)}` }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] },
  ]);
  const nsSelector = (): any => pick([
    {},
    { matchLabels: { team: `t${Math.floor(rnd() * 3)}` } },
    { matchLabels: { env: 'prod' } },
    { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] },
    { matchLabels: { 'kubernetes.io/metadata.name': pick(nsNames) } },
  ]);
  const peer = (): any => pick([
    () => ({ podSelector: selector() }),
    () => ({ namespaceSelector: nsSelector() }),
    () => ({ namespaceSelector: nsSelector(), podSelector: selector() }),
    () => ({ ipBlock: { cidr: '10.0.0.0/8' } }),
  ])();
  const port = (): any => pick([
    () => ({ port: pick([80, 443, 5432, 9090, 8080]) }),
    () => ({ port: 8000, endPort: 9100 }),
    () => ({ port: pick(['http', 'https', 'pg', 'metrics']) }),
    () => ({ port: 'dns', protocol: 'UDP' }),
    () => ({ protocol: pick(['TCP', 'UDP']) }),
    () => ({ port: 53, protocol: 'UDP' }),
  ])();
  const rules = (field: 'from' | 'to'): any[] => Array.from({ length: Math.floor(rnd() * 3) }, () => ({
    ...(rnd() < 0.8 ? { [field]: Array.from({ length: 1 + Math.floor(rnd() * 2) }, peer) } : {}),
    ...(rnd() < 0.7 ? { ports: Array.from({ length: 1 + Math.floor(rnd() * 2) }, port) } : {}),
  }));
  for (let i = 0; i < 150; i++) {
    const spec: any = { podSelector: selector() };
    const kind = pick(['ingress', 'egress', 'both', 'default']);
    if (kind === 'ingress') Object.assign(spec, { policyTypes: ['Ingress'], ingress: rules('from') });
    if (kind === 'egress') Object.assign(spec, { policyTypes: ['Egress'], egress: rules('to') });
    if (kind === 'both') Object.assign(spec, { policyTypes: ['Ingress', 'Egress'], ingress: rules('from'), egress: rules('to') });
    if (kind === 'default') Object.assign(spec, { ingress: rules('from'), egress: rules('to') });
    const p = policy(pick(nsNames), `p${i}`, spec);
    out.objects.push(p);
    out.policies.push(p);
  }
  return out;
}

/** The naive evaluation: every policy against every pair. */
function naive(g: Generated, fromId: string, toId: string, port: number, protocol: string): boolean {
  const from = g.byId.get(fromId)!;
  const to = g.byId.get(toId)!;
  const peerOk = (p: any, policyNs: string, other: Workload) => {
    if (p.ipBlock) return false;
    if (p.namespaceSelector) {
      if (!matches(p.namespaceSelector, g.namespaces.get(other.ns)!)) return false;
    } else if (other.ns !== policyNs) {
      return false;
    }
    return !p.podSelector || matches(p.podSelector, other.labels);
  };
  const portOk = (ports: any[] | undefined) => {
    if (!ports || ports.length === 0) return true;
    return ports.some((pp) => {
      const proto = pp.protocol ?? 'TCP';
      if (proto !== protocol) return false;
      if (pp.port === undefined) return true;
      if (typeof pp.port === 'string') return to.ports.some((c) => c.name === pp.port && c.protocol === protocol && c.port === port);
      return port >= pp.port && port <= (pp.endPort ?? pp.port);
    });
  };
  const side = (self: Workload, other: Workload, type: 'Ingress' | 'Egress') => {
    const field = type === 'Ingress' ? 'ingress' : 'egress';
    const peerField = type === 'Ingress' ? 'from' : 'to';
    const key = `${type} ${self.id}`;
    const applying = g.applying.get(key) ?? g.policies.filter((p) => {
      const types: string[] = p.spec.policyTypes ?? ['Ingress', ...(p.spec.egress?.length ? ['Egress'] : [])];
      return p.metadata.namespace === self.ns && types.includes(type) && matches(p.spec.podSelector, self.labels);
    });
    g.applying.set(key, applying);
    if (applying.length === 0) return true;
    return applying.some((p) => (p.spec[field] ?? []).some((rule: any) =>
      (!rule[peerField] || rule[peerField].length === 0 || rule[peerField].some((peer: any) => peerOk(peer, p.metadata.namespace, other)))
      && portOk(rule.ports)));
  };
  return side(from, to, 'Egress') && side(to, from, 'Ingress');
}

describe.each([
  ['10 namespaces', 10],
  // Each namespace then holds a small share of the identity groups: the engine tests a policy's
  // podSelector on its namespace's groups one by one instead of over the whole cluster.
  ['80 namespaces', 80],
])('Reachability on a generated cluster of 200 workloads in %s', (_name, namespaceCount) => {
  const g = generate(namespaceCount);
  const r = Reachability.fromManifests(g.objects, NOTHING_ASSUMED);

  test('the generated set has workloads sharing one identity group, and no problem', () => {
    const keys = g.workloads.map((w) => `${w.ns} ${JSON.stringify(Object.entries(w.labels).sort())}`);
    expect(new Set(keys).size).toBeLessThan(namespaceCount === 10 ? 150 : 200);
    expect(r.workloads).toHaveLength(200);
    expect(r.problems).toEqual([]);
  });

  test('every flow of the full matrix agrees with the naive evaluation', () => {
    const expected: string[] = [];
    let possible = 0;
    const ids = [...g.workloads].map((w) => w.id).sort();
    for (const from of ids) {
      for (const to of ids) {
        const ports = g.byId.get(to)!.ports;
        const unique = [...new Map(ports.map((p) => [`${p.port}/${p.protocol}`, p])).values()]
          .sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : 1));
        possible += unique.length;
        for (const p of unique) if (naive(g, from, to, p.port, p.protocol)) expected.push(`${from} ${to} ${p.port}/${p.protocol}`);
      }
    }
    const actual = r.toJson().flows.map((f) => `${f.from} ${f.to} ${f.port}/${f.protocol}`);
    // both allowed and denied flows occur, so the comparison means something
    expect(actual.length).toBeGreaterThan(1000);
    expect(actual.length).toBeLessThan(possible - 1000);
    expect(actual).toEqual(expected);
  });

  test('canReach agrees with the naive evaluation on any port, declared or not', () => {
    const rnd = prng(7);
    let allowed = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const from = g.workloads[Math.floor(rnd() * 200)].id;
      const to = g.workloads[Math.floor(rnd() * 200)].id;
      const port = [53, 80, 443, 5432, 8080, 8500, 9090, 9100, 9101][Math.floor(rnd() * 9)];
      const protocol = rnd() < 0.7 ? 'TCP' : 'UDP';
      const verdict = r.canReach(from, to, port, protocol);
      if (verdict !== naive(g, from, to, port, protocol)) disagreements.push(`${from} -> ${to} on ${port}/${protocol}: engine says ${verdict}`);
      if (verdict) allowed++;
    }
    expect(disagreements).toEqual([]);
    expect(allowed).toBeGreaterThan(100);
    expect(allowed).toBeLessThan(2900);
  });
});
