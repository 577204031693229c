/**
 * Exposure analysis: for each workload and direction, who beyond the namespaces in the manifests
 * may connect — addresses outside the cluster, pods of every namespace, pods of namespaces that
 * labels select (which a namespace not in the manifests could carry) — and which policy and rule
 * of which tier allows it; and the workloads no policy of any tier restricts.
 *
 * Method: probes. Each rule that applies to the workload names its peers; for each peer a probe
 * endpoint is built that the peer matches but that the manifests do not hold — an address inside
 * the ipBlock / networks CIDR, or a pod in a namespace that does not exist in the manifests whose
 * labels satisfy the namespace and pod selectors (a generic namespace name, and each name the
 * policies' namespace selectors mention that the manifests do not hold: a tier may deny the one and
 * let the other through). Each probe (plus one arbitrary outside address
 * per address family and one unlabelled pod in an unlisted namespace) is evaluated through every
 * tier over every protocol and port, rule by rule, so each allowed piece is attributed to the rule
 * that allows it. A probe another tier denies (an AdminNetworkPolicy Deny over a NetworkPolicy
 * allow) yields nothing.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
 */
import { CompiledPeer, CompiledPolicy, CompiledRule, Direction } from './_compile';
import { ConnectionSet } from './_connections';
import { Engine } from './_evaluate';
import { Address, IpBlock, ipBlockContains, parseAddress } from './_ipblock';
import { compare, NamespaceModel, NAMESPACE_NAME_LABEL, ServiceSource, workloadLabel, WorkloadModel } from './_model';
import { AddressRange, Family, formatAddress, ipBlockRanges, rangeCovers } from './_outside';
import { ContainerPort, isPortNumber, isProtocol, Protocol } from './_ports';
import { isPlainObject, Labels, MATCH_ALL, Selector, selectorMatches } from './_selector';
import { AdminPeer, admits, CompiledAdminPolicy, PodShape, Tiers, TierVerdict } from './_tiers';
import { ExposureCategory, ExposureFinding } from './exposure';
import { pushTo } from '../_collections';

/** Who a probe stands for. */
type Probe =
  | { readonly kind: 'address'; readonly address: Address; readonly category: ExposureCategory; readonly text: string }
  | { readonly kind: 'pod'; readonly pod: PodShape & { readonly namespaceLabels: Labels }; readonly category: ExposureCategory; readonly text: string };

/** A piece of what a probe may do, with what allows it. */
interface Segment {
  readonly conn: ConnectionSet;
  readonly tier: 'admin' | 'networkpolicy' | 'baseline' | 'none';
  readonly policy?: string;
  readonly rule?: string;
  readonly peer?: string;
  /**
   * How far the matched peer reaches, when it is a pod selector peer: its namespace selector (undefined:
   * every namespace) and pod selector (undefined: every pod). A probe matches a peer that admits it,
   * not only one that admits everything: `env NotIn (dev)` admits the unlabelled probe too.
   */
  readonly breadth?: { readonly namespaces?: Selector; readonly pods?: Selector };
}

/** The generic outside probes: documentation addresses (RFC 5737, RFC 3849), one per family. */
const ANY_ADDRESS: Record<Family, string> = { ipv4: '198.51.100.1', ipv6: '2001:db8::1' };

/** The name of the unlisted namespace probes live in (not a name a manifest can use: it is too long for a label value). */
const UNLISTED = 'unlisted';

export interface ExposureInput {
  readonly workloads: readonly WorkloadModel[];
  readonly namespaces: readonly NamespaceModel[];
  readonly services: readonly ServiceSource[];
  readonly engine: Engine;
  readonly tiers: Tiers;
  readonly families: readonly Family[];
  readonly podRanges?: readonly AddressRange[];
  /** The ways in through a proxy (an Ingress and its controller, a Gateway route and its data plane). */
  readonly entries?: readonly EntryPath[];
}

/**
 * One way in from outside through a proxy: outside → the proxy (an ingress controller, a Gateway's
 * data plane) → a Service → the workload's pods on `podPort`.
 */
export interface EntryPath {
  readonly workload: WorkloadModel;
  readonly podPort: number;
  /** TCP; UDP for a UDPRoute. */
  readonly protocol: Protocol;
  /** The proxy's pods, when the manifests or the assumptions hold them. */
  readonly proxy?: WorkloadModel;
  /** Whether outside addresses reach the proxy (true when the proxy is unknown). */
  readonly fromOutside: boolean;
  /** `Ingress shop/web (shop.example.com/) and the ingress controller ingress-nginx/ingress-nginx-controller`. */
  readonly via: string;
}

/** Every finding, sorted by workload, direction, category, policy, rule. */
export function exposure(input: ExposureInput): ExposureFinding[] {
  const known = new Set(input.namespaces.map((n) => n.name));
  const out: ExposureFinding[] = [];
  for (const w of input.workloads) {
    for (const direction of ['ingress', 'egress'] as const) {
      out.push(...workloadExposure(input, known, w, direction));
    }
  }
  const categoryRank = [
    ExposureCategory.NOT_ISOLATED, ExposureCategory.OUTSIDE_CLUSTER, ExposureCategory.ANY_NAMESPACE, ExposureCategory.UNLISTED_NAMESPACES,
  ];
  return out.sort((a, b) => compare(a.workload, b.workload)
    || compare(a.direction, b.direction) * -1 // ingress before egress
    || categoryRank.indexOf(a.category) - categoryRank.indexOf(b.category)
    || compare(a.via ?? '', b.via ?? '')
    || compare(a.policy ?? '', b.policy ?? '')
    || compare(a.rule ?? '', b.rule ?? ''));
}

/**
 * Whether pods of namespaces the manifests do not hold may open a connection to `w` on
 * `port`/`protocol`: the `any-namespace` and `unlisted-namespaces` probes of `exposure()` for one
 * workload, through every tier (a peer like `Peer.namespace('monitoring')` admits such pods).
 */
export function reachedFromUnlistedNamespaces(input: ExposureInput, w: WorkloadModel, port: number, protocol: Protocol): boolean {
  const known = new Set(input.namespaces.map((n) => n.name));
  const { np, admin, baseline } = tiersOver(input, w, 'ingress');
  return buildProbes(input, known, 'ingress', np, admin, baseline)
    .some((probe) => probe.kind === 'pod' && evaluate(input, w, 'ingress', probe, np, admin, baseline).some((segment) => segment.conn.has(port, protocol)));
}

/**
 * What a pod of `pod` — a namespace the manifests do not hold — may open to `w`, through every
 * tier (`w`'s ingress side only), over every protocol and port.
 */
export function admittedFromPod(input: ExposureInput, w: WorkloadModel, pod: PodShape & { readonly namespaceLabels: Labels }): ConnectionSet {
  const { np, admin, baseline } = tiersOver(input, w, 'ingress');
  const probe: Probe = { kind: 'pod', pod, category: ExposureCategory.UNLISTED_NAMESPACES, text: pod.namespace };
  return evaluate(input, w, 'ingress', probe, np, admin, baseline).reduce((all, segment) => all.union(segment.conn), ConnectionSet.NONE);
}

/** The NetworkPolicies, AdminNetworkPolicies and baseline with `direction` rules that apply to `w`. */
function tiersOver(input: ExposureInput, w: WorkloadModel, direction: Direction) {
  const np = npIsolating(input.engine, w, direction);
  const rulesOf = (p: CompiledAdminPolicy) => (direction === 'ingress' ? p.ingress : p.egress);
  const admin = input.tiers.admin.filter((p) => rulesOf(p).length > 0 && input.tiers.subjectSelects(p, w));
  const baseline = input.tiers.baselines.filter((p) => rulesOf(p).length > 0 && input.tiers.subjectSelects(p, w));
  return { np, admin, baseline };
}

function workloadExposure(input: ExposureInput, known: ReadonlySet<string>, w: WorkloadModel, direction: Direction): ExposureFinding[] {
  const label = workloadLabel(w);
  const { np, admin, baseline } = tiersOver(input, w, direction);
  const base = { workload: w.id, kind: w.kind, direction };

  if (np.length === 0 && admin.length === 0 && baseline.length === 0) {
    const who = direction === 'ingress' ? 'every pod and every outside address may connect to it' : 'it may connect to every pod and every outside address';
    // Unisolated pods admit every outside address, so each way in from outside (a LoadBalancer or
    // NodePort Service, externalIPs, a proxy) is listed too: filtering on outside-cluster must find them.
    const ways = direction === 'ingress'
      ? [...serviceFindings(input, w, label, base, [{ conn: ConnectionSet.ALL, tier: 'none' }]), ...entryFindings(input, w, label, base)]
      : [];
    return [...ways, {
      ...base,
      category: ExposureCategory.NOT_ISOLATED,
      peer: 'any pod in any namespace, any address',
      connections: ConnectionSet.ALL.toString(),
      tier: 'none',
      message: `${label} is not isolated for ${direction}: no NetworkPolicy selects its pods for ${direction} and no AdminNetworkPolicy, `
        + `BaselineAdminNetworkPolicy or ClusterNetworkPolicy has ${direction} rules for them, so ${who} on every port`,
    }];
  }

  const probes = buildProbes(input, known, direction, np, admin, baseline);
  const found = new Map<string, { probe: Probe; segment: Segment; conn: ConnectionSet }>();
  const outsideSegments: Segment[] = [];
  for (const found0 of probes) {
    for (const segment of evaluate(input, w, direction, found0, np, admin, baseline)) {
      if (found0.kind === 'address') outsideSegments.push(segment);
      const probe = narrowed(found0, segment);
      // One finding per category and allowing rule (and matched peer); the first probe names it.
      const key = `${probe.category}|${segment.tier}|${segment.policy ?? ''}|${segment.rule ?? ''}|${segment.peer ?? ''}`;
      const existing = found.get(key);
      found.set(key, existing ? { ...existing, conn: existing.conn.union(segment.conn) } : { probe, segment, conn: segment.conn });
    }
  }
  const findings = [...found.values()].map((f) => finding(base, label, f.probe, f.segment, f.conn));
  if (direction === 'ingress') findings.push(...serviceFindings(input, w, label, base, outsideSegments));
  if (direction === 'ingress') findings.push(...entryFindings(input, w, label, base));
  return findings;
}

/**
 * The probe as the matched peer reaches: the catch-all probe (an unlabelled pod in an unlabelled
 * namespace the manifests do not hold) is admitted by `namespaceSelector: {}` and by selectors
 * such as `env NotIn (dev)` alike; only the first reaches every namespace (`any-namespace`), the
 * second reaches namespaces by labels (`unlisted-namespaces`), and a pod selector with
 * requirements narrows "any pod".
 */
function narrowed(probe: Probe, segment: Segment): Probe {
  if (probe.kind !== 'pod' || probe.category !== ExposureCategory.ANY_NAMESPACE || !segment.breadth) return probe;
  const { namespaces, pods } = segment.breadth;
  const who = pods ? `pods ${pods.text}` : 'any pod';
  return namespaces
    ? { ...probe, category: ExposureCategory.UNLISTED_NAMESPACES, text: `${who} in namespaces ${namespaces.text}` }
    : { ...probe, text: `${who} in any namespace` };
}

/**
 * The ways in through a proxy that outside addresses may take to `w`: the proxy is reachable from
 * outside, may send to the pod port, and the pod admits it (through every tier). The finding
 * names the rule that admits the proxy (or the outside address, when the proxy is unknown).
 */
function entryFindings(
  input: ExposureInput,
  w: WorkloadModel,
  label: string,
  base: { workload: string; kind: string; direction: Direction },
): ExposureFinding[] {
  const out: ExposureFinding[] = [];
  const seen = new Set<string>();
  for (const entry of grouped(input.entries ?? [], entriesByWorkload, (e) => e.workload.id).get(w.id) ?? []) {
    if (!entry.fromOutside) continue;
    const key = `${entry.via}\u0000${entry.podPort}/${entry.protocol}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const source = entry.proxy
      ? { kind: 'workload' as const, workload: entry.proxy }
      : { kind: 'address' as const, address: parseAddress(ANY_ADDRESS.ipv4)! };
    if (entry.proxy && !input.tiers.egress(entry.proxy, { kind: 'workload', workload: w }, entry.podPort, entry.protocol).allowed) continue;
    const verdict = input.tiers.ingress(w, source, entry.podPort, entry.protocol);
    if (!verdict.allowed) continue;
    const segment = segmentOf(verdict, entry.proxy ? workloadLabel(entry.proxy) : 'any address outside the cluster');
    const probe: Probe = { kind: 'address', address: parseAddress(ANY_ADDRESS.ipv4)!, category: ExposureCategory.OUTSIDE_CLUSTER, text: 'any address outside the cluster' };
    out.push(finding(base, label, probe, segment, ConnectionSet.range(entry.protocol, entry.podPort, entry.podPort), entry.via));
  }
  return out;
}

/** What decided an allowed ingress verdict, as a segment (`peer`: who was admitted). */
function segmentOf(verdict: TierVerdict, admitted: string): Segment {
  const conn = ConnectionSet.NONE;
  if ((verdict.tier === 'admin' || verdict.tier === 'baseline') && verdict.decidedBy) {
    const m = verdict.decidedBy;
    return { conn, tier: verdict.tier, policy: m.policy.id, rule: adminRuleText(m.rule.direction, m.rule.index, m.rule.name), peer: `${admitted}: ${m.peer}` };
  }
  const match = verdict.networkPolicy.allowedBy[0];
  if (verdict.tier === 'networkpolicy' && match) {
    return { conn, tier: 'networkpolicy', policy: `NetworkPolicy/${match.policy.id}`, rule: `spec.ingress[${match.rule.index}]`, peer: `${admitted}: ${match.peer}` };
  }
  return { conn, tier: 'none', peer: admitted };
}

function finding(
  base: { workload: string; kind: string; direction: Direction },
  label: string,
  probe: Probe,
  segment: Segment,
  conn: ConnectionSet,
  via?: string,
): ExposureFinding {
  const peer = segment.peer ?? probe.text;
  const verb = base.direction === 'ingress' ? `accepts ${conn} from` : `may open ${conn} to`;
  const who = {
    [ExposureCategory.OUTSIDE_CLUSTER]: 'addresses outside the cluster',
    [ExposureCategory.ANY_NAMESPACE]: `${probe.text}, namespaces not in the manifests included`,
    [ExposureCategory.UNLISTED_NAMESPACES]: `${probe.text}, labels a namespace not in the manifests could carry`,
    [ExposureCategory.NOT_ISOLATED]: probe.text,
  }[probe.category];
  const matched = segment.peer ? ` (${segment.peer})` : '';
  const why = segment.tier === 'none'
    ? 'no rule of any tier decides, so it is allowed by default'
    : `allowed by ${segment.policy} ${segment.rule}`;
  const f: ExposureFinding = {
    ...base,
    category: probe.category,
    peer,
    connections: conn.toString(),
    tier: segment.tier,
    ...(segment.policy ? { policy: segment.policy, rule: segment.rule } : {}),
    ...(via ? { via } : {}),
    message: `${label} ${verb} ${who}${matched}${via ? ` through ${via}` : ''}; ${why}`,
  };
  return f;
}

/** The NetworkPolicies isolating `w` for `direction` (sorted by id). */
function npIsolating(engine: Engine, w: WorkloadModel, direction: Direction): readonly CompiledPolicy[] {
  const probe = { kind: 'address' as const, address: parseAddress(ANY_ADDRESS.ipv4)! };
  return (direction === 'ingress' ? engine.ingress(w, probe, 1, 'TCP') : engine.egress(w, probe, 1, 'TCP')).isolatedBy;
}

/** Probes for every peer of every rule that applies, plus the generic ones. */
function buildProbes(
  input: ExposureInput,
  known: ReadonlySet<string>,
  direction: Direction,
  np: readonly CompiledPolicy[],
  admin: readonly CompiledAdminPolicy[],
  baseline: readonly CompiledAdminPolicy[],
): Probe[] {
  const probes: Probe[] = [];
  const seen = new Set<string>();
  const addAddress = (address: Address, text: string) => {
    const key = `a${address.toString()}`;
    if (seen.has(key)) return;
    seen.add(key);
    probes.push({ kind: 'address', address, category: ExposureCategory.OUTSIDE_CLUSTER, text });
  };
  const addBlock = (block: IpBlock) => {
    const first = ipBlockRanges(block)[0];
    if (first) addAddress(parseAddress(formatAddress(first.family, first.start))!, `ipBlock ${block.text}`);
  };
  // Unlisted namespaces the policies name: a tier may deny the generic probe namespace and let one
  // of these through (`NotIn [shop, monitoring]`), so each is probed too.
  const tierPeers = [...admin, ...baseline].flatMap((p) => [...p.ingress, ...p.egress].flatMap((r) => r.peers));
  const named = namespacesNamed([...np.flatMap((p) => [...p.ingress ?? [], ...p.egress ?? []].flatMap((r) => r.peers ?? [])), ...tierPeers], known);
  // Labels that slip past a tier's selector by label (`trusted DoesNotExist`, `env NotIn (prod)`):
  // a probe without them would be caught where such namespaces or pods get through.
  const namespaceEscapes = escapesOf(tierPeers.map((p) => p.namespaceSelector));
  const podEscapes = escapesOf(tierPeers.map((p) => p.podSelector));
  const addPods = (nsSelector: Selector, podSelector: Selector | undefined) => {
    const plainPodLabels = podSelector ? satisfy(podSelector) : {};
    if (!plainPodLabels) return;
    const anyNamespace = nsSelector.requirements.length === 0;
    const pods = podSelector && podSelector.requirements.length > 0 ? `pods ${podSelector.text}` : 'any pod';
    const labelText = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
    const podVariants = [{ labels: plainPodLabels, escape: undefined as Record<string, string> | undefined },
      ...podEscapes.map((e) => ({ labels: { ...e, ...plainPodLabels }, escape: e }))]
      .filter((v) => podSelector === undefined || selectorMatches(podSelector, v.labels));
    const namespaceVariants = unlistedNamespaceLabels(nsSelector, known, named).flatMap((labels) => [
      { labels, escape: undefined as Record<string, string> | undefined },
      ...namespaceEscapes.map((e) => ({ labels: { ...e, ...labels }, escape: e })).filter((v) => selectorMatches(nsSelector, v.labels)),
    ]);
    for (const ns of namespaceVariants) {
      for (const pod of podVariants) {
        const namespaceLabels = ns.labels;
        const podLabels = pod.labels;
        const key = `p${JSON.stringify(namespaceLabels)}${JSON.stringify(podLabels)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const namespace = namespaceLabels[NAMESPACE_NAME_LABEL];
        // A namespace the policies name (or label) stands for those namespaces only: what reaches
        // through them alone (a tier denying every other) is not any namespace.
        const generic = namespace.startsWith(UNLISTED) && ns.escape === undefined;
        const who = pod.escape ? `pods labelled ${labelText(pod.escape)}${podSelector && podSelector.requirements.length > 0 ? ` and ${podSelector.text}` : ''}` : pods;
        probes.push({
          kind: 'pod',
          pod: { namespace, namespaceLabels, podLabels, hostNetwork: false },
          category: anyNamespace && generic ? ExposureCategory.ANY_NAMESPACE : ExposureCategory.UNLISTED_NAMESPACES,
          text: ns.escape ? `${who} in namespaces labelled ${labelText(ns.escape)}`
            : !namespace.startsWith(UNLISTED) ? `${who} in namespace ${namespace}`
              : anyNamespace ? `${who} in any namespace` : `${who} in namespaces ${nsSelector.text}`,
        });
      }
    }
  };

  for (const family of input.families) addAddress(parseAddress(ANY_ADDRESS[family])!, 'any address outside the cluster');
  addPods(MATCH_ALL, undefined);
  for (const policy of np) {
    for (const rule of (direction === 'ingress' ? policy.ingress : policy.egress) ?? []) {
      for (const peer of rule.peers ?? []) {
        if (peer.ipBlock) addBlock(peer.ipBlock);
        else if (peer.namespaceSelector) addPods(peer.namespaceSelector, peer.podSelector);
      }
    }
  }
  for (const policy of [...admin, ...baseline]) {
    for (const rule of direction === 'ingress' ? policy.ingress : policy.egress) {
      // Probes stand for what a rule lets through: Allow / Accept, and a baseline Pass (allowed by default).
      if (!admits(rule.action) && !(policy.tier === 'baseline' && rule.action === 'Pass')) continue;
      for (const peer of rule.peers) {
        for (const n of peer.networks ?? []) addBlock(n);
        if (peer.namespaceSelector) addPods(peer.namespaceSelector, peer.podSelector);
      }
    }
  }
  return probes;
}

/**
 * Label sets that escape a selector requirement of `selectors` by carrying a label: `k
 * DoesNotExist` (carry k), `k NotIn (v, …)` (carry k=v). At most 16, the first found.
 */
function escapesOf(selectors: ReadonlyArray<Selector | undefined>): Array<Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const selector of selectors) {
    for (const r of selector?.requirements ?? []) {
      if (r.key === NAMESPACE_NAME_LABEL) continue; // names: see namespacesNamed
      const values = r.operator === 'DoesNotExist' ? ['probe'] : r.operator === 'NotIn' ? r.values : [];
      for (const v of values) if (out.size < 16) out.set(`${r.key}\u0000${v}`, { [r.key]: v });
    }
  }
  return [...out.values()];
}

/** The namespace names (`kubernetes.io/metadata.name` values) the peers' namespace selectors name that the manifests do not hold. */
function namespacesNamed(peers: ReadonlyArray<{ readonly namespaceSelector?: Selector }>, known: ReadonlySet<string>): string[] {
  const names = new Set<string>();
  for (const peer of peers) {
    for (const r of peer.namespaceSelector?.requirements ?? []) {
      if (r.key === NAMESPACE_NAME_LABEL) for (const v of r.values) if (!known.has(v)) names.add(v);
    }
  }
  return [...names].sort(compare);
}

/**
 * Labels for the namespaces the manifests do not hold that `selector` selects: a generic one
 * (`unlisted`), and each of `named` (names the policies mention) it selects; none when no such
 * namespace can exist (the selector pins `kubernetes.io/metadata.name` to listed names).
 */
function unlistedNamespaceLabels(selector: Selector, known: ReadonlySet<string>, named: readonly string[]): Array<Record<string, string>> {
  const nameRequirements = selector.requirements.filter((r) => r.key === NAMESPACE_NAME_LABEL);
  if (nameRequirements.some((r) => r.operator === 'DoesNotExist')) return [];
  let generic = UNLISTED;
  for (let i = 2; known.has(generic); i++) generic = `${UNLISTED}-${i}`;
  // An In requirement names the only namespaces it selects: its unlisted values (each, as a tier may
  // treat them apart); otherwise the generic name and the named ones.
  const inValues = nameRequirements.find((r) => r.operator === 'In')?.values.filter((v) => !known.has(v));
  const candidates = inValues !== undefined ? inValues : [generic, ...named];
  const labels = satisfy({ ...selector, requirements: selector.requirements.filter((r) => r.key !== NAMESPACE_NAME_LABEL) });
  if (!labels) return [];
  return candidates.map((name) => ({ ...labels, [NAMESPACE_NAME_LABEL]: name })).filter((withName) => selectorMatches(selector, withName));
}

/** Labels that satisfy every requirement of `selector`, or undefined when none can. */
function satisfy(selector: Selector): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  const keys = [...new Set(selector.requirements.map((r) => r.key))];
  for (const key of keys) {
    const rs = selector.requirements.filter((r) => r.key === key);
    const must = rs.some((r) => r.operator === 'In' || r.operator === 'Exists');
    if (!must) continue; // NotIn / DoesNotExist: leave the key out
    const excluded = new Set(rs.filter((r) => r.operator === 'NotIn').flatMap((r) => r.values));
    let candidates: string[] | undefined;
    for (const r of rs.filter((x) => x.operator === 'In')) {
      candidates = candidates ? candidates.filter((v) => r.values.includes(v)) : [...r.values];
    }
    const value = candidates ? candidates.find((v) => !excluded.has(v)) : ['probe', 'probe-2', 'probe-3'].find((v) => !excluded.has(v));
    if (value === undefined) return undefined;
    labels[key] = value;
  }
  return selectorMatches(selector, labels) ? labels : undefined;
}

/**
 * What the probe may do on one side of `w`, over every protocol and port, through the tiers,
 * in disjoint segments each attributed to the rule that allows it (see `_tier-matrix.ts` for the
 * order; this is the same walk for one pair, keeping the rules).
 */
function evaluate(
  input: ExposureInput,
  w: WorkloadModel,
  direction: Direction,
  probe: Probe,
  np: readonly CompiledPolicy[],
  admin: readonly CompiledAdminPolicy[],
  baseline: readonly CompiledAdminPolicy[],
): Segment[] {
  // Named ports resolve on the destination: `w` for ingress; nothing for a probe (its ports are unknown).
  const destPorts = direction === 'ingress' ? w.ports : undefined;
  const field = direction === 'ingress' ? 'from' : 'to';
  const segments: Segment[] = [];
  let passed = ConnectionSet.NONE;
  let passedBaseline = ConnectionSet.NONE;
  /** Walks the rules of a cluster-tier policy in order over `open`; returns what no rule took. */
  const walk = (policy: CompiledAdminPolicy, tier: 'admin' | 'baseline', open: ConnectionSet): ConnectionSet => {
    for (const rule of direction === 'ingress' ? policy.ingress : policy.egress) {
      const peer = rule.peers.find((p) => adminPeerMatches(input.tiers, p, probe));
      if (!peer) continue;
      const m = open.intersect(rule.ports ? ConnectionSet.fromPortSet(rule.ports, destPorts) : ConnectionSet.ALL);
      if (m.isEmpty()) continue;
      const text = adminRuleText(rule.direction, rule.index, rule.name);
      if (admits(rule.action)) {
        segments.push({ conn: m, tier, policy: policy.id, rule: text, peer: `${field}[${peer.index}] ${peer.text}`, breadth: breadthOf(peer.namespaceSelector, peer.podSelector) });
      }
      // An admin Pass goes on to NetworkPolicy; a baseline Pass to the default, which allows.
      if (rule.action === 'Pass' && tier === 'admin') passed = passed.union(m);
      if (rule.action === 'Pass' && tier === 'baseline') passedBaseline = passedBaseline.union(m);
      open = open.subtract(m);
    }
    return open;
  };
  let remaining = ConnectionSet.ALL;
  for (const policy of admin) remaining = walk(policy, 'admin', remaining);
  let rest = remaining.union(passed);
  if (np.length > 0) {
    for (const policy of np) {
      for (const rule of (direction === 'ingress' ? policy.ingress : policy.egress) ?? []) {
        const hit = npPeerHit(input, policy, rule, probe);
        if (hit === undefined) continue;
        const m = rest.intersect(ConnectionSet.fromPortSet(rule.ports, destPorts));
        if (m.isEmpty()) continue;
        segments.push({ conn: m, tier: 'networkpolicy', policy: `NetworkPolicy/${policy.id}`, rule: `spec.${direction}[${rule.index}]`, peer: hit.text, breadth: hit.breadth });
        rest = rest.subtract(m);
      }
    }
    return segments;
  }
  for (const policy of baseline) rest = walk(policy, 'baseline', rest);
  rest = rest.union(passedBaseline);
  if (!rest.isEmpty()) segments.push({ conn: rest, tier: 'none' });
  return segments;
}

function adminRuleText(direction: Direction, index: number, name: string | undefined): string {
  return `spec.${direction}[${index}]${name === undefined ? '' : ` '${name}'`}`;
}

function adminPeerMatches(tiers: Tiers, peer: AdminPeer, probe: Probe): boolean {
  if (probe.kind === 'address') return (peer.networks ?? []).some((n) => ipBlockContains(n, probe.address));
  return tiers.peerMatchesPod(peer, probe.pod);
}

/** The peer of a NetworkPolicy rule that matches the probe, in words, or undefined. */
function npPeerHit(
  input: ExposureInput, policy: CompiledPolicy, rule: CompiledRule, probe: Probe,
): { readonly text: string; readonly breadth?: Segment['breadth'] } | undefined {
  const field = rule.direction === 'ingress' ? 'from' : 'to';
  if (!rule.peers) return { text: `any peer (no ${field})`, breadth: {} };
  const hit = rule.peers.find((peer) => npPeerMatches(input, policy.namespace, peer, probe));
  if (!hit) return undefined;
  return { text: `${field}[${hit.index}] ${hit.text}`, ...(hit.namespaceSelector ? { breadth: breadthOf(hit.namespaceSelector, hit.podSelector) } : {}) };
}

/** The breadth of a selector peer: selectors without requirements select everything (undefined). */
function breadthOf(namespaces: Selector | undefined, pods: Selector | undefined): Segment['breadth'] {
  return {
    ...(namespaces && namespaces.requirements.length > 0 ? { namespaces } : {}),
    ...(pods && pods.requirements.length > 0 ? { pods } : {}),
  };
}

/** A NetworkPolicy peer against a probe, as the engine matches workloads and addresses. */
function npPeerMatches(input: ExposureInput, policyNamespace: string, peer: CompiledPeer, probe: Probe): boolean {
  if (probe.kind === 'address') return peer.ipBlock !== undefined && ipBlockContains(peer.ipBlock, probe.address);
  if (peer.ipBlock) {
    // Only with the pod CIDRs given: an ipBlock holding a whole pod CIDR matches every pod.
    const ranges = ipBlockRanges(peer.ipBlock);
    return (input.podRanges ?? []).some((pod) => ranges.some((r) => rangeCovers(r, pod)));
  }
  if (peer.namespaceSelector) {
    if (!selectorMatches(peer.namespaceSelector, probe.pod.namespaceLabels)) return false;
  } else if (probe.pod.namespace !== policyNamespace) {
    return false;
  }
  return !peer.podSelector || selectorMatches(peer.podSelector, probe.pod.podLabels);
}

/**
 * Services that publish `w` outside the cluster — type LoadBalancer or NodePort, or with
 * externalIPs — on a target port that outside addresses may reach under the policies.
 * "targetPort: Number or name of the port to access on the pods targeted by the service [...] If
 * this is not specified, the value of the 'port' field is used."
 */
function serviceFindings(
  input: ExposureInput,
  w: WorkloadModel,
  label: string,
  base: { workload: string; kind: string; direction: Direction },
  outside: readonly Segment[],
): ExposureFinding[] {
  const out: ExposureFinding[] = [];
  for (const service of publishingServices(input.services).get(w.namespace) ?? []) {
    const spec = service.object.spec as Record<string, unknown>;
    const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
    const externalIPs = Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0;
    if (!Object.entries(spec.selector as object).every(([k, v]) => w.podLabels[k] === v)) continue;
    const how = externalIPs && type !== 'LoadBalancer' && type !== 'NodePort' ? 'ClusterIP with externalIPs' : type;
    for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
      if (!isPlainObject(p) || !isPortNumber(p.port)) continue;
      const protocol: Protocol = isProtocol(p.protocol) ? p.protocol : 'TCP';
      const target = resolveTarget(p.targetPort ?? p.port, protocol, w.ports);
      if (target === undefined) continue;
      const segment = outside.find((s) => s.conn.has(target, protocol));
      if (!segment) continue;
      const probe: Probe = { kind: 'address', address: parseAddress(ANY_ADDRESS.ipv4)!, category: ExposureCategory.OUTSIDE_CLUSTER, text: 'any address outside the cluster' };
      const nodePort = how === 'NodePort' || how === 'LoadBalancer' ? (isPortNumber(p.nodePort) ? `, nodePort ${p.nodePort}` : '') : '';
      const via = `Service ${service.namespace}/${service.name} (${how}${nodePort}) ${p.port}/${protocol} -> ${target}`;
      out.push(finding(base, label, probe, segment, ConnectionSet.range(protocol, target, target), via));
    }
  }
  return out;
}

/**
 * The Services that publish pods outside the cluster — LoadBalancer, NodePort, or with externalIPs —
 * and select pods (a non-empty selector), by namespace: every workload asks, so the list is read
 * once, not once per workload.
 */
function publishingServices(services: readonly ServiceSource[]): Map<string, ServiceSource[]> {
  return grouped(services, publishingByNamespace, (svc) => svc.namespace, (svc) => {
    const spec = isPlainObject(svc.object.spec) ? svc.object.spec : {};
    const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
    const externalIPs = Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0;
    return (type === 'LoadBalancer' || type === 'NodePort' || externalIPs) && isPlainObject(spec.selector) && Object.keys(spec.selector).length > 0;
  });
}

/** See `publishingServices`, per Service list. */
const publishingByNamespace = new WeakMap<readonly ServiceSource[], Map<string, ServiceSource[]>>();
/** The ways in of each workload id, per list of ways in. */
const entriesByWorkload = new WeakMap<readonly EntryPath[], Map<string, EntryPath[]>>();

/**
 * The `items` that pass `keep`, grouped by `keyOf`, each group in input order; computed once per
 * list (which is never changed once made) and kept in `memo`.
 */
function grouped<T>(
  items: readonly T[],
  memo: WeakMap<readonly T[], Map<string, T[]>>,
  keyOf: (item: T) => string,
  keep: (item: T) => boolean = () => true,
): Map<string, T[]> {
  let groups = memo.get(items);
  if (!groups) {
    groups = new Map();
    for (const item of items) if (keep(item)) pushTo(groups, keyOf(item), item);
    memo.set(items, groups);
  }
  return groups;
}

/** A Service targetPort on a workload: a number, a numeric string, or a container port name. */
function resolveTarget(raw: unknown, protocol: Protocol, ports: readonly ContainerPort[]): number | undefined {
  if (isPortNumber(raw)) return raw;
  if (typeof raw === 'string' && /^\d+$/.test(raw) && isPortNumber(Number(raw))) return Number(raw);
  if (typeof raw === 'string') return ports.find((c) => c.name === raw && c.protocol === protocol)?.port;
  return undefined;
}

