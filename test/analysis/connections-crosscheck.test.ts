/**
 * A brute-force cross-check of `Reachability.connections()`: on random small clusters (seeded),
 * every ordered pair of workloads and every (workload, outside address piece) is evaluated port
 * by port — TCP, UDP and SCTP, 1-65535 — by a naive evaluator written here from the
 * NetworkPolicy specification, and the resulting lines (formatted here too) must equal the
 * analyzer's list exactly.
 */
import * as ipaddr from 'ipaddr.js';
import { deployment, namespace, NOTHING_ASSUMED, policy } from './manifests';
import { matches } from './naive';
import { Reachability } from '../../src/analysis';
import { prng } from '../util';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX = 65535;

interface W { id: string; label: string; ns: string; labels: Record<string, string>; ports: Array<{ port: number; protocol: string; name?: string }> }
interface Cluster { objects: any[]; workloads: W[]; nsLabels: Map<string, Record<string, string>>; policies: any[]; anps: any[]; banp?: any }

const IPV4_BLOCKS = [
  { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] },
  { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '192.168.0.0/16'] },
  { cidr: '203.0.113.0/24' },
  { cidr: '172.16.0.0/12', except: ['172.16.5.0/24', '172.20.0.0/14'] },
];
const IPV6_BLOCKS = [
  { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] },
  { cidr: '::/0', except: ['fd00::/8'] },
];

function generate(seed: number, tiers = false): Cluster {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const out: Cluster = { objects: [], workloads: [], nsLabels: new Map(), policies: [], anps: [] };
  const namespaces = ['a', 'b', 'c'].slice(0, 2 + int(2));
  for (const ns of namespaces) {
    const labels: Record<string, string> = rnd() < 0.5 ? { team: pick(['x', 'y']) } : {};
    out.objects.push(namespace(ns, labels));
    out.nsLabels.set(ns, { ...labels, 'kubernetes.io/metadata.name': ns });
  }
  const count = 3 + int(3);
  for (let i = 0; i < count; i++) {
    const ns = pick(namespaces);
    const labels: Record<string, string> = { app: pick(['web', 'api', 'db']) };
    if (rnd() < 0.5) labels.tier = pick(['front', 'back']);
    const candidates = [
      { port: 80, protocol: 'TCP', name: 'http' }, { port: 8080, protocol: 'TCP', name: 'http' }, { port: 53, protocol: 'UDP', name: 'dns' },
      { port: 9003, protocol: 'SCTP', name: 'sig' }, { port: 5432, protocol: 'TCP' },
    ];
    const ports = candidates.filter(() => rnd() < 0.4).filter((p, k, all) => p.name === undefined || all.findIndex((q) => q.name === p.name) === k);
    const name = `w${i}`;
    out.objects.push(deployment(ns, name, labels, ports));
    out.workloads.push({ id: `${ns}/${name}`, label: `${ns}/${name}[Deployment]`, ns, labels, ports });
  }
  const selector = (): any => pick([{}, { matchLabels: { app: pick(['web', 'api', 'db']) } }, { matchExpressions: [{ key: 'tier', operator: pick(['Exists', 'DoesNotExist']) }] }]);
  const v6 = rnd() < 0.5;
  const peer = (): any => {
    const r = rnd();
    if (r < 0.3) return { ipBlock: pick(v6 && rnd() < 0.5 ? IPV6_BLOCKS : IPV4_BLOCKS) };
    if (r < 0.5) return { namespaceSelector: pick([{}, { matchLabels: { team: pick(['x', 'y']) } }]) };
    if (r < 0.7) return { namespaceSelector: { matchLabels: { team: 'x' } }, podSelector: selector() };
    return { podSelector: selector() };
  };
  const portEntry = (): any => {
    const protocol = pick([undefined, 'TCP', 'UDP', 'SCTP']);
    const r = rnd();
    const base = protocol ? { protocol } : {};
    if (r < 0.2) return base;
    if (r < 0.45) return { ...base, port: pick(['http', 'dns', 'sig']) };
    if (r < 0.7) return { ...base, port: pick([53, 80, 443, 8080]) };
    const start = pick([1, 80, 8000, 9000, 60000]);
    return { ...base, port: start, endPort: Math.min(MAX, start + pick([0, 10, 1000, 65535])) };
  };
  const rule = (field: string): any => {
    const r: any = {};
    if (rnd() < 0.8) r[field] = Array.from({ length: 1 + int(2) }, peer);
    if (rnd() < 0.75) r.ports = Array.from({ length: 1 + int(3) }, portEntry);
    return r;
  };
  const policies = 2 + int(4);
  for (let i = 0; i < policies; i++) {
    const ns = pick(namespaces);
    const types = pick([undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
    const spec: any = { podSelector: selector() };
    if (types) spec.policyTypes = types;
    if (rnd() < 0.8) spec.ingress = Array.from({ length: int(3) }, () => rule('from'));
    if (rnd() < 0.7) spec.egress = Array.from({ length: int(3) }, () => rule('to'));
    const p = policy(ns, `p${i}`, spec);
    out.objects.push(p);
    out.policies.push(p);
  }
  if (tiers) generateTiers(rnd, out, v6);
  return out;
}

/** AdminNetworkPolicies (priorities may repeat) and maybe the BaselineAdminNetworkPolicy, appended to `out`. */
function generateTiers(rnd: () => number, out: Cluster, v6: boolean): void {
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const nsSel = (): any => pick([{}, { matchLabels: { team: pick(['x', 'y']) } }, { matchLabels: { 'kubernetes.io/metadata.name': pick(['a', 'b']) } }]);
  const podSel = (): any => pick([{}, { matchLabels: { app: pick(['web', 'api', 'db']) } }, { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }]);
  const subject = (): any => (rnd() < 0.5 ? { namespaces: nsSel() } : { pods: { namespaceSelector: nsSel(), podSelector: podSel() } });
  const peer = (egress: boolean): any => {
    const r = rnd();
    if (egress && r < 0.3) return { networks: [pick(v6 ? ['0.0.0.0/0', '10.0.0.0/8', '2001:db8::/32', '::/0'] : ['0.0.0.0/0', '10.0.0.0/8', '203.0.113.0/24'])] };
    if (r < 0.6) return { namespaces: nsSel() };
    return { pods: { namespaceSelector: nsSel(), podSelector: podSel() } };
  };
  const port = (named: boolean): any => {
    const protocol = pick([undefined, 'TCP', 'UDP', 'SCTP']);
    const r = rnd();
    if (named && r < 0.3) return { namedPort: pick(['http', 'dns', 'sig']) };
    if (r < 0.6) return { portNumber: { port: pick([53, 80, 443, 8080]), ...protocol ? { protocol } : {} } };
    const start = pick([1, 80, 8000, 60000]);
    return { portRange: { start, end: Math.min(MAX, start + pick([0, 10, 1000, 65535])), ...protocol ? { protocol } : {} } };
  };
  const rules = (egress: boolean, actions: string[]): any[] => Array.from({ length: 1 + int(3) }, () => {
    const peers = Array.from({ length: 1 + int(2) }, () => peer(egress));
    // networks peers cannot be combined with named ports
    const named = !peers.some((p) => p.networks);
    const rule: any = { action: pick(actions), [egress ? 'to' : 'from']: peers };
    if (rnd() < 0.7) rule.ports = Array.from({ length: 1 + int(2) }, () => port(named));
    return rule;
  });
  const count = 1 + int(3);
  for (let i = 0; i < count; i++) {
    const spec: any = { priority: pick([1, 5, 9]), subject: subject() };
    if (rnd() < 0.8) spec.ingress = rules(false, ['Allow', 'Deny', 'Pass']);
    if (rnd() < 0.7) spec.egress = rules(true, ['Allow', 'Deny', 'Pass']);
    const anp = { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: `anp${i}` }, spec };
    out.objects.push(anp);
    out.anps.push(anp);
  }
  if (rnd() < 0.6) {
    const spec: any = { subject: subject() };
    if (rnd() < 0.8) spec.ingress = rules(false, ['Allow', 'Deny']);
    if (rnd() < 0.7) spec.egress = rules(true, ['Allow', 'Deny']);
    out.banp = { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' }, spec };
    out.objects.push(out.banp);
  }
}

type Other = { kind: 'pod'; w: W } | { kind: 'address'; address: ipaddr.IPv4 | ipaddr.IPv6 };

function inCidr(address: ipaddr.IPv4 | ipaddr.IPv6, cidr: string): boolean {
  const [net, bits] = ipaddr.parseCIDR(cidr);
  return net.kind() === address.kind() && (address as any).match(net, bits);
}

function peerMatches(p: any, policyNs: string, other: Other, c: Cluster): boolean {
  if (p.ipBlock) {
    return other.kind === 'address' && inCidr(other.address, p.ipBlock.cidr) && !(p.ipBlock.except ?? []).some((e: string) => inCidr(other.address, e));
  }
  if (other.kind === 'address') return false;
  if (p.namespaceSelector) {
    if (!matches(p.namespaceSelector, c.nsLabels.get(other.w.ns)!)) return false;
  } else if (other.w.ns !== policyNs) {
    return false;
  }
  return !p.podSelector || matches(p.podSelector, other.w.labels);
}

/**
 * Per protocol, a byte per port, through the tiers as the upstream API orders them: the first
 * matching rule of the ANPs that select `self` (by priority, then name — the analyzer's order for
 * equal priorities — then rule order) decides Allow or Deny; Pass or no match goes on to
 * NetworkPolicy; a pod no NetworkPolicy isolates goes on to the first matching BANP rule; then allow.
 */
function side(self: W, other: Other, type: 'Ingress' | 'Egress', dest: W | undefined, c: Cluster): Map<string, Uint8Array> {
  const np = npSide(self, other, type, dest, c);
  if (c.anps.length === 0 && !c.banp) return np;
  const field = type === 'Ingress' ? 'ingress' : 'egress';
  const peerField = type === 'Ingress' ? 'from' : 'to';
  const selects = (p: any) => (p.spec[field] ?? []).length > 0 && subjectSelects(p.spec.subject, self, c);
  const anps = c.anps.filter(selects).sort((a, b) => a.spec.priority - b.spec.priority || (a.metadata.name < b.metadata.name ? -1 : 1));
  const npIsolated = c.policies.some((p) => applies(p, self, type));
  const banpRules = c.banp && selects(c.banp) ? c.banp.spec[field] : [];
  // The peers do not depend on the port: keep the rules whose peers match `other`, in order.
  const matching = (rules: any[]) => rules.filter((rule) => rule[peerField].some((pp: any) => adminPeerMatches(pp, other, c)));
  const anpRules = anps.map((anp) => matching(anp.spec[field]));
  const banpMatching = matching(banpRules);
  const firstAction = (rules: any[], protocol: string, port: number): string | undefined =>
    rules.find((rule) => adminPortMatches(rule.ports, protocol, port, dest))?.action;
  const out = new Map(PROTOCOLS.map((pr) => [pr, new Uint8Array(MAX + 1)]));
  for (const protocol of PROTOCOLS) {
    const bytes = out.get(protocol)!;
    for (let port = 1; port <= MAX; port++) {
      let action: string | undefined;
      for (const rules of anpRules) {
        action = firstAction(rules, protocol, port);
        if (action) break;
      }
      if (action === 'Allow' || action === 'Deny') bytes[port] = action === 'Allow' ? 1 : 0;
      else if (npIsolated) bytes[port] = np.get(protocol)![port];
      else bytes[port] = firstAction(banpMatching, protocol, port) === 'Deny' ? 0 : 1;
    }
  }
  return out;
}

function applies(p: any, self: W, type: string): boolean {
  const types: string[] = p.spec.policyTypes ?? ['Ingress', ...(p.spec.egress?.length ? ['Egress'] : [])];
  return p.metadata.namespace === self.ns && types.includes(type) && matches(p.spec.podSelector, self.labels);
}

function subjectSelects(subject: any, w: W, c: Cluster): boolean {
  if (subject.namespaces) return matches(subject.namespaces, c.nsLabels.get(w.ns)!);
  return matches(subject.pods.namespaceSelector, c.nsLabels.get(w.ns)!) && matches(subject.pods.podSelector, w.labels);
}

/** A networks peer holds a pod only when it holds a whole address family (the analyzer's documented choice). */
function adminPeerMatches(p: any, other: Other, c: Cluster): boolean {
  if (p.networks) return other.kind === 'address' ? p.networks.some((n: string) => inCidr(other.address, n)) : p.networks.some((n: string) => n.endsWith('/0'));
  if (other.kind === 'address') return false;
  return subjectSelects(p, other.w, c);
}

function adminPortMatches(ports: any[] | undefined, protocol: string, port: number, dest: W | undefined): boolean {
  if (!ports) return true;
  return ports.some((p) => {
    if (p.namedPort) return dest !== undefined && dest.ports.some((d) => d.name === p.namedPort && d.protocol === protocol && d.port === port);
    const entry = p.portNumber ?? p.portRange;
    if ((entry.protocol ?? 'TCP') !== protocol) return false;
    return p.portNumber ? port === entry.port : entry.start <= port && port <= entry.end;
  });
}

/** Per protocol, a byte per port: what the rules of the NetworkPolicies that apply allow (none apply: not isolated). */
function npSide(self: W, other: Other, type: 'Ingress' | 'Egress', dest: W | undefined, c: Cluster): Map<string, Uint8Array> {
  const field = type === 'Ingress' ? 'ingress' : 'egress';
  const peerField = type === 'Ingress' ? 'from' : 'to';
  const applying = c.policies.filter((p) => {
    const types: string[] = p.spec.policyTypes ?? ['Ingress', ...(p.spec.egress?.length ? ['Egress'] : [])];
    return p.metadata.namespace === self.ns && types.includes(type) && matches(p.spec.podSelector, self.labels);
  });
  const out = new Map(PROTOCOLS.map((pr) => [pr, new Uint8Array(MAX + 1)]));
  if (applying.length === 0) {
    for (const a of out.values()) a.fill(1);
    return out;
  }
  for (const p of applying) {
    for (const rule of p.spec[field] ?? []) {
      const peers = rule[peerField];
      if (peers && peers.length > 0 && !peers.some((pp: any) => peerMatches(pp, p.metadata.namespace, other, c))) continue;
      for (const protocol of PROTOCOLS) {
        const bytes = out.get(protocol)!;
        for (let port = 1; port <= MAX; port++) {
          if (bytes[port]) continue;
          const ok = !rule.ports || rule.ports.length === 0 || rule.ports.some((pp: any) => {
            if ((pp.protocol ?? 'TCP') !== protocol) return false;
            if (pp.port === undefined) return true;
            if (typeof pp.port === 'string') return dest !== undefined && dest.ports.some((d) => d.name === pp.port && d.protocol === protocol && d.port === port);
            return port >= pp.port && port <= (pp.endPort ?? pp.port);
          });
          if (ok) bytes[port] = 1;
        }
      }
    }
  }
  return out;
}

/** The grammar, written out: `All Connections` or `PROTO a,b-c,...` per protocol alphabetically. */
function format(allowed: (protocol: string, port: number) => boolean): string {
  const parts: string[] = [];
  let all = true;
  for (const protocol of PROTOCOLS) {
    const ranges: string[] = [];
    let start = 0;
    for (let port = 1; port <= MAX + 1; port++) {
      const on = port <= MAX && allowed(protocol, port);
      if (!on && port <= MAX) all = false;
      if (on && start === 0) start = port;
      if (!on && start !== 0) {
        ranges.push(start === port - 1 ? `${start}` : `${start}-${port - 1}`);
        start = 0;
      }
    }
    if (ranges.length > 0) parts.push(`${protocol} ${ranges.join(',')}`);
  }
  all = all && parts.length === 3;
  return all ? 'All Connections' : parts.join(',');
}

function pairConn(egress: Map<string, Uint8Array>, ingress: Map<string, Uint8Array>): string {
  return format((protocol, port) => egress.get(protocol)![port] === 1 && ingress.get(protocol)![port] === 1);
}

function bigOf(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return address.toByteArray().reduce((v, b) => v * 256n + BigInt(b), 0n);
}

function addressOf(v: bigint, family: 'ipv4' | 'ipv6'): ipaddr.IPv4 | ipaddr.IPv6 {
  const bytes = new Array(family === 'ipv4' ? 4 : 16).fill(0);
  for (let i = bytes.length - 1; i >= 0; i--) {
    bytes[i] = Number(v % 256n);
    v /= 256n;
  }
  return ipaddr.fromByteArray(bytes);
}

/** The naive list: every pair and every outside piece, port by port. */
function naiveLines(c: Cluster): string[] {
  const lines: string[] = [];
  for (const s of c.workloads) {
    for (const d of c.workloads) {
      if (s === d) continue;
      const conn = pairConn(side(s, { kind: 'pod', w: d }, 'Egress', d, c), side(d, { kind: 'pod', w: s }, 'Ingress', d, c));
      if (conn !== '') lines.push(`${s.label} => ${d.label} : ${conn}`);
    }
  }
  // Outside: the address space cut, as np-guard's connlist cuts it, at the boundaries of the
  // addresses each ipBlock holds (cidr minus excepts): sources at those of ingress rules (`from`),
  // destinations at those of egress rules (`to`, and ANP / BANP `networks`). ipBlock membership is
  // constant on each piece, so each is evaluated at its first address.
  const peersOf = (rules: any[] | undefined, field: string) => (rules ?? []).flatMap((r: any) => r[field] ?? []);
  const inBlocks = c.policies.flatMap((p) => peersOf(p.spec.ingress, 'from')).filter((p: any) => p.ipBlock).map((p: any) => p.ipBlock);
  const outBlocks = c.policies.flatMap((p) => peersOf(p.spec.egress, 'to')).filter((p: any) => p.ipBlock).map((p: any) => p.ipBlock);
  for (const p of [...c.anps, ...c.banp ? [c.banp] : []]) {
    for (const rule of p.spec.egress ?? []) for (const peer of rule.to) for (const cidr of peer.networks ?? []) outBlocks.push({ cidr });
  }
  const blocks = [...inBlocks, ...outBlocks];
  const families: Array<'ipv4' | 'ipv6'> = blocks.some((b: any) => b.cidr.includes(':')) ? ['ipv4', 'ipv6'] : ['ipv4'];
  for (const family of families) {
    const top = family === 'ipv4' ? 2n ** 32n - 1n : 2n ** 128n - 1n;
    const span = (cidr: string): [bigint, bigint] => {
      const [net, bits] = ipaddr.parseCIDR(cidr);
      const size = 2n ** BigInt((family === 'ipv4' ? 32 : 128) - bits);
      const start = bigOf(net) / size * size;
      return [start, start + size - 1n];
    };
    const cutsOf = (list: any[]): bigint[] => {
      const cuts = new Set<bigint>([0n]);
      for (const b of list) {
        if (ipaddr.parseCIDR(b.cidr)[0].kind() !== family) continue;
        // the addresses held: the cidr, address by address outside every except, as ranges
        const [from, to] = span(b.cidr);
        const holes = (b.except ?? []).map(span).sort((x: [bigint, bigint], y: [bigint, bigint]) => (x[0] < y[0] ? -1 : 1));
        let next = from;
        const held: Array<[bigint, bigint]> = [];
        for (const [hs, he] of holes) {
          if (he < next) continue;
          if (hs > next) held.push([next, hs - 1n]);
          next = he + 1n;
        }
        if (next <= to) held.push([next, to]);
        for (const [hs, he] of held) {
          cuts.add(hs);
          if (he < top) cuts.add(he + 1n);
        }
      }
      return [...cuts].sort((x, y) => (x < y ? -1 : 1));
    };
    const startsOf = { in: cutsOf(inBlocks), out: cutsOf(outBlocks) };
    const fmt = (v: bigint) => addressOf(v, family).toString();
    // Each piece is a line of its own, as in np-guard's connlist (no merging of neighbours).
    for (const w of c.workloads) {
      for (const direction of ['in', 'out'] as const) {
        const starts = startsOf[direction];
        starts.forEach((start, i) => {
          const end = i + 1 < starts.length ? starts[i + 1] - 1n : top;
          const other: Other = { kind: 'address', address: addressOf(start, family) };
          const sides = direction === 'in' ? side(w, other, 'Ingress', w, c) : side(w, other, 'Egress', undefined, c);
          const conn = format((protocol, port) => sides.get(protocol)![port] === 1);
          if (conn !== '') {
            const range = `${fmt(start)}-${fmt(end)}`;
            lines.push(direction === 'in' ? `${range} => ${w.label} : ${conn}` : `${w.label} => ${range} : ${conn}`);
          }
        });
      }
    }
  }
  return lines.sort((a, b) => {
    const [fa, ta] = a.split(' : ')[0].split(' => ');
    const [fb, tb] = b.split(' : ')[0].split(' => ');
    return fa < fb ? -1 : fa > fb ? 1 : ta < tb ? -1 : ta > tb ? 1 : 0;
  });
}

describe('Reachability.connections against a naive evaluator', () => {
  const seeds = [11, 23, 37, 41, 59, 67, 73, 89];
  const naive = new Map<number, string[]>();
  const naiveOf = (seed: number) => naive.get(seed) ?? naive.set(seed, naiveLines(generate(seed))).get(seed)!;
  test.each(seeds)('every port of every protocol agrees on random cluster %i', (seed) => {
    // GIVEN a random cluster
    const c = generate(seed);
    const r = Reachability.fromManifests(c.objects, NOTHING_ASSUMED);
    expect(r.problems).toEqual([]);
    // WHEN listed THEN every line equals the naive evaluation, port by port
    const expected = naiveOf(seed);
    expect(r.connections()).toEqual(expected);
    expect(r.connectionCount()).toBe(expected.length);
  });

  test('the random clusters exercise what they are meant to', () => {
    const all = seeds.map(naiveOf).flat();
    const objects = seeds.map((seed) => generate(seed)).flatMap((c) => c.objects);
    expect(JSON.stringify(objects)).toMatch(/"port":"(http|dns|sig)"/);
    expect(JSON.stringify(objects)).toMatch(/"endPort":\d+/);
    expect(all.some((l) => l.endsWith(': All Connections'))).toBe(true);
    expect(all.some((l) => /: (SCTP|TCP|UDP) \d/.test(l) && !l.endsWith('All Connections'))).toBe(true);
    expect(all.some((l) => /^\d+\.\d+\.\d+\.\d+-/.test(l))).toBe(true);
    expect(all.some((l) => /=> [\d.]+-[\d.]+ :/.test(l))).toBe(true);
    expect(all.some((l) => l.includes('::'))).toBe(true);
    expect(all.some((l) => /\d-\d/.test(l.split(' : ')[1]))).toBe(true);
  });
});

describe('Reachability.connections through the cluster tiers against a naive evaluator', () => {
  const seeds = [3, 14, 15, 92, 65, 35, 89, 79];
  test.each(seeds)('every port of every protocol agrees on random cluster %i with AdminNetworkPolicies', (seed) => {
    // GIVEN a random cluster with ANPs (shared priorities included) and maybe a BANP
    const c = generate(seed, true);
    const r = Reachability.fromManifests(c.objects, NOTHING_ASSUMED);
    expect(r.problems.filter((p) => !p.includes('share priority'))).toEqual([]);
    // WHEN listed THEN every line equals the naive tier-by-tier evaluation, port by port
    expect(r.connections()).toEqual(naiveLines(c));
  });

  test('the tier clusters hold every action, a BANP, networks peers and named ports', () => {
    const objects = JSON.stringify(seeds.map((seed) => generate(seed, true).objects));
    for (const text of ['"action":"Pass"', '"action":"Deny"', '"action":"Allow"', 'BaselineAdminNetworkPolicy', '"networks"', '"namedPort"', '"portRange"']) {
      expect(objects).toContain(text);
    }
  });
});
