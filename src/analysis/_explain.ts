/**
 * `explain` for people: the ends of a connection as people name them — a workload
 * (`production/api`, or `api` when one namespace has it), a Service and its port
 * (`production/api-service:80`, `production/api-service:http`), an address or CIDR outside the
 * cluster, an ExternalName Service — resolved to what NetworkPolicy decides on: pods and
 * container ports, or outside addresses. The verdicts themselves stay with the evaluator.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service
 */
import * as ipaddr from 'ipaddr.js';
import { describeRanges } from './_address-text';
import { show } from '../_check';
import { DirectionVerdict, Endpoint, Engine } from './_evaluate';
import { Address, parseAddress, parseCidr } from './_ipblock';
import { DNS_NAMESPACE, workloadLabel, WorkloadModel } from './_model';
import { AddressRange, Family, formatAddress, formatRange, OutsideRun } from './_outside';
import { isPortName, isPortNumber, isProtocol, Protocol } from './_ports';
import { ExplainedEnd, renderOutside } from './_render';
import { renderTieredOutside } from './_render-tiers';
import { describeServicePort, endpointPortOf, selectedWorkloads, ServiceModel, ServicePortModel, targetPortOn } from './_services';
import { didYouMean } from './_suggest';
import { TierVerdict, Tiers } from './_tiers';
import { lookupWorkload } from './_workload-names';

/** The Service clusters give their DNS, and the workload the analysis assumes behind it. */
const KUBE_DNS_SERVICE = `${DNS_NAMESPACE}/kube-dns`;
const ASSUMED_DNS_WORKLOAD = `${DNS_NAMESPACE}/coredns`;

/** What resolution reads. */
export interface ResolveContext {
  /** `Reachability.explain`, the prefix of thrown messages. */
  readonly method: string;
  readonly workloads: readonly WorkloadModel[];
  readonly byId: ReadonlyMap<string, WorkloadModel>;
  readonly services: readonly ServiceModel[];
}

/** A range of outside addresses as typed: one address (`/32`, `/128`) or a CIDR. */
export interface OutsideEnd {
  /** As typed, normalized: `203.0.113.10`, `10.0.0.0/8`. */
  readonly text: string;
  readonly cidr: [Address, number];
  /** Whether a single address was given. */
  readonly single: boolean;
}

/** One question for the evaluator. */
export type Question =
  | { readonly kind: 'pair'; readonly source: WorkloadModel; readonly target: WorkloadModel; readonly port: number; readonly protocol: Protocol }
  | { readonly kind: 'to-outside'; readonly source: WorkloadModel; readonly outside: OutsideEnd; readonly port: number; readonly protocol: Protocol }
  | { readonly kind: 'from-outside'; readonly outside: OutsideEnd; readonly target: WorkloadModel; readonly port: number; readonly protocol: Protocol }
  | {
    readonly kind: 'to-external-name';
    readonly source: WorkloadModel;
    readonly service: ServiceModel;
    readonly port: number;
    readonly protocol: Protocol;
  };

/** The questions to answer, and how the names were resolved (one sentence each). */
export interface ExplainPlan {
  readonly lines: readonly string[];
  readonly questions: readonly Question[];
}

/** One end after resolution. */
type End =
  | { readonly kind: 'workloads'; readonly text: string; readonly workloads: readonly WorkloadModel[]; readonly service?: ServiceModel; readonly byService: boolean }
  | { readonly kind: 'outside'; readonly text: string; readonly ranges: readonly OutsideEnd[]; readonly service?: ServiceModel }
  | { readonly kind: 'external-name'; readonly text: string; readonly service: ServiceModel };

/** A port as typed after `:` or given as a number: `80`, `http`, `53/udp`. */
interface PortSpec {
  readonly number?: number;
  readonly name?: string;
  readonly protocol?: Protocol;
  readonly text: string;
}

/**
 * Resolves `from`, `to` and the port into questions. Throws, in the `method`'s voice, for
 * unknown names (with a "did you mean"), a missing or contradicting port, two outside ends.
 */
export function planExplain(ctx: ResolveContext, from: unknown, to: unknown, port: unknown, protocol: unknown): ExplainPlan {
  const { method } = ctx;
  const lines: string[] = [];
  const userProtocol = readProtocol(method, protocol);
  const source = resolveEnd(ctx, from, 'from', lines);
  const [target, suffix] = resolveEndWithPort(ctx, to, 'to', lines);
  if (source.kind === 'external-name') {
    throw new Error(`${method}: '${source.text}' for 'from' is an ExternalName Service (${source.service.externalName}), a name outside the cluster `
      + 'that opens no connection into it; give a workload, a Service, an IP address or a CIDR');
  }
  if (source.kind === 'outside' && target.kind !== 'workloads') {
    throw new Error(`${method}: both ends are outside the cluster ('${source.text}' and '${target.text}'); NetworkPolicy decides only `
      + 'connections with a pod at one end: give a workload or a Service for one of them');
  }
  let spec = suffix;
  if (port !== undefined && port !== null) {
    if (!isPortNumber(port)) throw new Error(`${method}: port ${String(port)} is not a port number; give an integer in 1-65535`);
    if (spec && spec.number !== port) {
      throw new Error(`${method}: port ${port} contradicts '${String(to)}' for 'to'; give the port once, in 'to' (a Service port) or as port`);
    }
    spec = spec ?? { number: port, text: `${port}` };
  }
  if (!spec) {
    throw new Error(`${method}: no port for '${String(to)}'; give a port, or a Service port as 'namespace/service:port'`);
  }
  if (userProtocol && spec.protocol && userProtocol !== spec.protocol) {
    throw new Error(`${method}: protocol ${userProtocol} contradicts '${spec.text}' for 'to'; give the protocol once`);
  }
  spec = { ...spec, protocol: spec.protocol ?? userProtocol };

  const sources = source.kind === 'workloads' ? source.workloads : [];
  const questions: Question[] = [];
  if (target.kind === 'workloads') {
    for (const t of target.workloads) {
      const resolved = destinationPort(ctx, target, t, spec, lines);
      if (!resolved) continue;
      if (source.kind === 'outside') {
        for (const outside of source.ranges) questions.push({ kind: 'from-outside', outside, target: t, ...resolved });
      } else {
        for (const s of sources) questions.push({ kind: 'pair', source: s, target: t, ...resolved });
      }
    }
  } else if (target.kind === 'outside' && target.service) {
    for (const { outside, port: p, protocol: proto } of endpointTargets(ctx, target, target.service, spec, lines)) {
      for (const s of sources) questions.push({ kind: 'to-outside', source: s, outside, port: p, protocol: proto });
    }
  } else {
    const resolved = outsidePort(ctx, target, spec);
    for (const s of sources) {
      if (target.kind === 'external-name') {
        questions.push({ kind: 'to-external-name', source: s, service: target.service, ...resolved });
      } else {
        for (const outside of target.ranges) questions.push({ kind: 'to-outside', source: s, outside, ...resolved });
      }
    }
  }
  return { lines, questions };
}

function readProtocol(method: string, protocol: unknown): Protocol | undefined {
  if (protocol === undefined || protocol === null) return undefined;
  const upper = typeof protocol === 'string' ? protocol.toUpperCase() : '';
  if (!isProtocol(upper)) throw new Error(`${method}: protocol ${typeof protocol === 'string' ? `'${protocol}'` : show(protocol)} is not one of TCP, UDP, SCTP`);
  return upper;
}

/** `to` may carry `:port` (a Service port, a port name, `53/udp`); an IPv6 address keeps its colons. */
function resolveEndWithPort(ctx: ResolveContext, value: unknown, role: string, lines: string[]): [End, PortSpec | undefined] {
  if (typeof value === 'string' && !isOutside(value)) {
    // `[2001:db8::1]:443`: an IPv6 address with a port, as in URLs.
    const bracketed = /^\[([^\]]+)\]:([^:]+)$/.exec(value);
    const colon = bracketed ? value.length - bracketed[2].length - 1 : value.lastIndexOf(':');
    if (colon > 0) {
      const spec = parsePortSpec(value.slice(colon + 1));
      if (!spec) {
        throw new Error(`${ctx.method}: port '${value.slice(colon + 1)}' in '${value}' for '${role}' is neither a port number 1-65535 nor a port name; `
          + "e.g. 'production/api-service:80', ':http' or ':53/udp'");
      }
      // With ':port', a name that is both a workload and a Service (as every app of this library
      // is) means the Service: ':port' is how people write Service ports.
      return [resolveEnd(ctx, bracketed ? bracketed[1] : value.slice(0, colon), role, lines, value, true), spec];
    }
  }
  return [resolveEnd(ctx, value, role, lines), undefined];
}

function resolveEnd(ctx: ResolveContext, value: unknown, role: string, lines: string[], typed?: string, preferService = false): End {
  const { method } = ctx;
  if (typeof value !== 'string' || value === '') {
    throw new Error(`${method}: ${role} must be a workload, a Service, an IP address or a CIDR, got ${show(value)}`);
  }
  if (role === 'from' && value.includes(':') && !isOutside(value)) {
    throw new Error(`${method}: '${value}' for 'from' has a port; a port belongs to the destination ('to')`);
  }
  const outside = readOutside(value);
  if (outside) {
    lines.push(`${outside.text} is outside the cluster: ${outsidePiece(outside)}`);
    return { kind: 'outside', text: value, ranges: [outside] };
  }

  let id = value;
  if (!value.includes('/')) {
    const ids = [...new Set([
      ...ctx.workloads.filter((w) => w.name === value).map((w) => w.id),
      ...ctx.services.filter((s) => s.name === value).map((s) => s.id),
    ])].sort();
    if (ids.length > 1) {
      throw new Error(`${method}: '${value}' for '${role}' is in several namespaces (${ids.map((i) => `'${i}'`).join(', ')}); give 'namespace/name'`);
    }
    if (ids.length === 1) {
      id = ids[0];
      lines.push(`'${value}' is ${id}`);
    }
  }
  // Ids, the names lists print (`ns/name[Kind]`, `ns/name[assumed]`) and grouped Pods' names.
  const lookup = lookupWorkload(id, `'${role}'`, ctx.workloads, ctx.byId);
  const workload = lookup.workload;
  const service = ctx.services.find((s) => s.id === id);
  if (workload && !(preferService && service && service.selector)) {
    if (lookup.via) lines.push(lookup.via);
    return { kind: 'workloads', text: typed ?? value, workloads: [workload], service, byService: false };
  }
  if (!service) {
    if (lookup.problem) throw new Error(`${method}: ${lookup.problem}`);
    const known = [...ctx.workloads.map((w) => w.id), ...ctx.services.map((s) => s.id)];
    // The Service every cluster gives its DNS is not in most manifests; the DNS pods the analysis assumes are.
    const assumedDns = id === KUBE_DNS_SERVICE && ctx.byId.get(ASSUMED_DNS_WORKLOAD)?.kind === 'assumed'
      ? `; the manifests hold no Service ${KUBE_DNS_SERVICE}, but the analysis assumes its pods: give the workload ${ASSUMED_DNS_WORKLOAD}`
      : didYouMean(value, known);
    throw new Error(`${method}: unknown workload or Service '${value}' for '${role}'; give 'namespace/name' `
      + `(a workload, or a Service${role === 'to' ? " with ':port'" : ''}), an IP address or a CIDR${assumedDns}`);
  }
  if (service.type === 'ExternalName') {
    lines.push(`${service.id} is an ExternalName Service for ${service.externalName ?? '(no externalName)'}: a DNS name outside the cluster, `
      + 'which NetworkPolicy cannot match; the addresses it resolves to decide');
    return { kind: 'external-name', text: value, service };
  }
  if (!service.selector) {
    const ranges = service.addresses.map(readOutside).filter((r): r is OutsideEnd => r !== undefined);
    if (ranges.length === 0) {
      throw new Error(`${method}: Service '${service.id}' for '${role}' has no selector and the manifests hold no EndpointSlice (or Endpoints) addresses for it; `
        + 'name the workload or the addresses it stands for');
    }
    lines.push(`Service ${service.id} has no selector; its ${endpointsWord(service)} hold ${ranges.map((r) => r.text).join(', ')}`);
    for (const r of ranges) lines.push(`${r.text} is outside the cluster: ${outsidePiece(r)}`);
    return { kind: 'outside', text: typed ?? value, ranges, service };
  }
  const selected = selectedWorkloads(service, ctx.workloads);
  if (selected.length === 0) {
    throw new Error(`${method}: Service '${service.id}' for '${role}' selects no workload of the manifests (selector `
      + `${Object.entries(service.selector).map(([k, v]) => `${k}=${v}`).join(',')}); nothing answers on it`);
  }
  lines.push(`Service ${service.id} selects ${selected.map(workloadLabel).join(', ')}`);
  return { kind: 'workloads', text: typed ?? value, workloads: selected, service, byService: true };
}

/** The container port a destination workload is asked about. */
/**
 * The first of `ports`, TCP preferred: a port given without a protocol means TCP, as everywhere in
 * the analysis, also where one number serves both (kube-dns: 53/UDP listed before 53/TCP).
 */
function tcpFirst<T extends { readonly protocol: Protocol }>(ports: readonly T[]): T | undefined {
  return ports.find((p) => p.protocol === 'TCP') ?? ports[0];
}

function destinationPort(
  ctx: ResolveContext,
  end: Extract<End, { kind: 'workloads' }>,
  workload: WorkloadModel,
  spec: PortSpec,
  lines: string[],
): { port: number; protocol: Protocol } | undefined {
  const services = end.byService ? [end.service!] : ctx.services.filter((s) => selectedWorkloads(s, [workload]).length > 0);
  const matches = (p: ServicePortModel) => (spec.protocol === undefined || p.protocol === spec.protocol)
    && (spec.number !== undefined ? p.port === spec.number : p.name === spec.name);

  if (!end.byService) {
    // A workload: its own container ports first, as before; then the Services in front of it.
    const own = tcpFirst(workload.ports.filter((p) => (spec.protocol === undefined || p.protocol === spec.protocol)
      && (spec.number !== undefined ? p.port === spec.number : p.name === spec.name)));
    if (own) {
      if (spec.name !== undefined) lines.push(`port '${spec.name}' of ${workload.id} is container port ${own.port}/${own.protocol}`);
      return { port: own.port, protocol: own.protocol };
    }
    if (spec.number !== undefined && !services.some((s) => s.ports.some(matches))) {
      return { port: spec.number, protocol: spec.protocol ?? 'TCP' };
    }
  }
  for (const service of services) {
    const sp = tcpFirst(service.ports.filter(matches));
    if (!sp) continue;
    const target = targetPortOn(sp, workload);
    if (target === undefined) {
      lines.push(`Service ${service.id} port ${describeServicePort(sp)}: ${workload.id} declares no container port named '${sp.targetPort}' `
        + `(${sp.protocol}), so the Service sends it nothing there; not explained`);
      return undefined;
    }
    lines.push(`${end.byService ? `${end.text}` : `port ${spec.text} of ${workload.id}`} is Service ${service.id} port ${describeServicePort(sp)}`
      + `${typeof sp.targetPort === 'string' ? ` (${target})` : ''} on ${workloadLabel(workload)}`);
    return { port: target, protocol: sp.protocol };
  }
  if (end.byService) {
    const service = end.service!;
    throw new Error(`${ctx.method}: Service '${service.id}' has no port ${spec.text}; its ports: `
      + `${service.ports.length === 0 ? 'none' : service.ports.map(describeServicePort).join(', ')}`);
  }
  const names = workload.ports.filter((p) => p.name !== undefined).map((p) => `'${p.name}'`);
  throw new Error(`${ctx.method}: ${workload.id} declares no port named '${spec.name}', nor does a Service in front of it`
    + `${names.length > 0 ? `; its named ports: ${names.join(', ')}` : ''}`);
}

/** What holds the endpoints of a Service without a selector: `EndpointSlices`, or the legacy `Endpoints`. */
function endpointsWord(service: ServiceModel): string {
  return service.endpoints.length > 0 && service.endpoints.every((e) => e.kind === 'Endpoints') ? 'Endpoints' : 'EndpointSlices';
}

/** One address and port a connection to a Service without a selector goes to. */
interface EndpointTarget {
  readonly outside: OutsideEnd;
  readonly port: number;
  readonly protocol: Protocol;
}

/**
 * Where a connection to a port of a Service without a selector goes: kube-proxy rewrites the
 * Service's address and port to an endpoint's address and the port its EndpointSlice (or
 * Endpoints subset) lists under the Service port's name — for a Service of one unnamed port, the
 * endpoints' one port; failing that, the numeric targetPort, else the Service port itself. One
 * line says how the port was resolved, one target per address and port, in address order.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
 */
function endpointTargets(
  ctx: ResolveContext,
  end: Extract<End, { kind: 'outside' }>,
  service: ServiceModel,
  spec: PortSpec,
  lines: string[],
): EndpointTarget[] {
  // A Service without ports rewrites nothing: the port as given goes to the addresses.
  if (service.ports.length === 0) {
    const resolved = outsidePort(ctx, end, spec);
    return end.ranges.map((outside) => ({ outside, ...resolved }));
  }
  const sp = tcpFirst(service.ports.filter((p) => (spec.protocol === undefined || p.protocol === spec.protocol)
    && (spec.number !== undefined ? p.port === spec.number : p.name === spec.name)));
  if (!sp) {
    throw new Error(`${ctx.method}: Service '${service.id}' has no port ${spec.text}; its ports: ${service.ports.map(describeServicePort).join(', ')}; `
      + `for a port of its endpoints themselves, give one of their addresses (${end.ranges.map((r) => r.text).join(', ')}) and the port`);
  }

  const byText = new Map(end.ranges.map((r) => [r.text, r]));
  const word = endpointsWord(service);
  const portWords = sp.name === undefined ? `no unnamed ${sp.protocol} port` : `no port '${sp.name}' (${sp.protocol})`;
  const fallback = typeof sp.targetPort === 'number'
    ? { port: sp.targetPort, how: `its ${word} list ${portWords}, so the connection goes to the targetPort` }
    : { port: sp.port, how: `its ${word} list ${portWords}, so the connection goes to the Service port` };
  const targets = new Map<string, EndpointTarget>();
  const groups = new Map<string, { how: string; port: number; addresses: Set<string> }>();
  for (const set of service.endpoints) {
    const ep = endpointPortOf(sp, set);
    const port = ep?.port ?? fallback.port;
    const how = ep === undefined ? fallback.how
      : `kube-proxy sends it to ${ep.name === undefined ? 'the one port' : `port '${ep.name}'`} of its ${word}`;
    for (const address of set.addresses) {
      const outside = readOutside(address);
      const known = outside && byText.get(outside.text);
      if (!known) continue;
      targets.set(`${known.text} ${port}`, { outside: known, port, protocol: sp.protocol });
      const group = groups.get(`${how} ${port}`) ?? { how, port, addresses: new Set<string>() };
      group.addresses.add(known.text);
      groups.set(`${how} ${port}`, group);
    }
  }
  const order = end.ranges.map((r) => r.text);
  const described = [...groups.values()].map((g) => {
    const addresses = [...g.addresses].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    return `${g.how}, ${sp.protocol} ${g.port} at ${addresses.join(', ')}`;
  });
  lines.push(`${end.text} is Service ${service.id} port ${describeServicePort(sp)}; ${described.join('; ')}`);
  return [...targets.values()].sort((a, b) => order.indexOf(a.outside.text) - order.indexOf(b.outside.text) || a.port - b.port);
}

/** The port of an outside destination: a number, or a port name of the Service standing for it. */
function outsidePort(ctx: ResolveContext, end: Exclude<End, { kind: 'workloads' }>, spec: PortSpec): { port: number; protocol: Protocol } {
  if (spec.number !== undefined) return { port: spec.number, protocol: spec.protocol ?? 'TCP' };
  const named = end.service?.ports.find((p) => p.name === spec.name && (spec.protocol === undefined || p.protocol === spec.protocol));
  if (named) return { port: named.port, protocol: named.protocol };
  throw new Error(`${ctx.method}: '${end.text}' is outside the cluster, where a port name '${spec.name}' means nothing; give a port number`);
}

function parsePortSpec(text: string): PortSpec | undefined {
  const m = /^([a-z0-9-]+)(?:\/(tcp|udp|sctp))?$/i.exec(text);
  if (!m) return undefined;
  const protocol = m[2] === undefined ? undefined : m[2].toUpperCase() as Protocol;
  if (/^\d+$/.test(m[1])) {
    const n = Number(m[1]);
    return isPortNumber(n) ? { number: n, protocol, text } : undefined;
  }
  return isPortName(m[1]) ? { name: m[1], protocol, text } : undefined;
}

function isOutside(value: string): boolean {
  return parseAddress(value) !== undefined || parseCidr(value) !== undefined;
}

function readOutside(value: string): OutsideEnd | undefined {
  const address = parseAddress(value);
  if (address) return { text: address.toString(), cidr: [address, address.kind() === 'ipv4' ? 32 : 128], single: true };
  const cidr = parseCidr(value);
  if (!cidr) return undefined;
  const network = cidr[0].kind() === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(value)
    : ipaddr.IPv6.networkAddressFromCIDR(value);
  return { text: `${network.toString()}/${cidr[1]}`, cidr: [network, cidr[1]], single: false };
}

/**
 * Well-known pieces of the address space, most specific first: what a reviewer needs to know of
 * an address before reading the verdict.
 *
 * @see https://www.iana.org/assignments/iana-ipv4-special-registry/
 * @see https://www.iana.org/assignments/iana-ipv6-special-registry/
 */
const PIECES: ReadonlyArray<readonly [string, string]> = [
  ['169.254.169.254/32', 'the cloud metadata endpoint (link-local; instance credentials live there)'],
  ['fd00:ec2::254/128', 'the cloud metadata endpoint (AWS IPv6; instance credentials live there)'],
  ['0.0.0.0/8', "'this network' (RFC 1122), never a real destination"],
  ['127.0.0.0/8', 'loopback (RFC 1122): inside a pod it never leaves the pod'],
  ['10.0.0.0/8', 'a private network (RFC 1918): often the cluster, the VPC or the office'],
  ['172.16.0.0/12', 'a private network (RFC 1918): often the cluster, the VPC or the office'],
  ['192.168.0.0/16', 'a private network (RFC 1918): often the cluster, the VPC or the office'],
  ['100.64.0.0/10', 'shared address space (RFC 6598, carrier-grade NAT; some clusters use it for pods)'],
  ['169.254.0.0/16', 'link-local (RFC 3927): the node, NodeLocal DNSCache, cloud metadata'],
  ['192.0.2.0/24', 'the public internet (documentation range TEST-NET-1, RFC 5737)'],
  ['198.51.100.0/24', 'the public internet (documentation range TEST-NET-2, RFC 5737)'],
  ['203.0.113.0/24', 'the public internet (documentation range TEST-NET-3, RFC 5737)'],
  ['224.0.0.0/4', 'multicast (RFC 5771)'],
  ['240.0.0.0/4', 'reserved (RFC 1112)'],
  ['0.0.0.0/0', 'the public internet'],
  ['::1/128', 'loopback (RFC 4291): inside a pod it never leaves the pod'],
  ['fc00::/7', 'a private network (unique local addresses, RFC 4193)'],
  ['fe80::/10', 'link-local (RFC 4291)'],
  ['2001:db8::/32', 'the public internet (documentation range, RFC 3849)'],
  ['ff00::/8', 'multicast (RFC 4291)'],
  ['::/0', 'the public internet'],
];

/** Which well-known piece of the outside world a range falls in, or which pieces it spans. */
export function outsidePiece(range: OutsideEnd): string {
  const [address, bits] = range.cidr;
  const parsed = PIECES.map(([cidr, words]) => ({ cidr: parseCidr(cidr)!, words, text: cidr }))
    .filter((p) => p.cidr[0].kind() === address.kind());
  const holding = parsed.find((p) => p.cidr[1] <= bits && inCidr(address, p.cidr));
  const inside = parsed.filter((p) => p.cidr[1] > bits && inCidr(p.cidr[0], [address, bits]));
  if (inside.length === 0) return holding!.words;
  const words = [...new Set(inside.map((p) => `${p.text} (${p.words.replace(/ \(.*$/, '').replace(/:.*$/, '')})`))];
  return `${holding!.words}, spanning ${words.join(', ')}`;
}

function inCidr(address: Address, cidr: [Address, number]): boolean {
  return address.kind() === cidr[0].kind() && (address as ipaddr.IPv4).match(cidr as [ipaddr.IPv4, number]);
}

/** What `explainOutside` reads for one workload and direction. */
export interface OutsideQuestion {
  readonly engine: Engine;
  /**
   * The cluster tiers: when some AdminNetworkPolicy or BaselineAdminNetworkPolicy is evaluated,
   * each piece is decided through them (ANP → NetworkPolicy → BANP) and its paragraph names the tier.
   */
  readonly tiers?: Tiers;
  readonly workload: WorkloadModel;
  /** `egress` when the outside end is the destination, `ingress` when it is the source. */
  readonly direction: 'ingress' | 'egress';
  /** `matrix.outside(workload, direction)`: the ranges allowing something, over `families`. */
  readonly runs: readonly OutsideRun[];
  readonly families: readonly Family[];
  /** The addresses asked about, sorted and disjoint. */
  readonly within: readonly AddressRange[];
  /** The outside end as typed (`10.0.0.0/8`); used when one verdict holds for all of `within`. */
  readonly text: string;
  /** For an ExternalName, how to name a piece: `production/payments (api.partner.com) at <piece>`. */
  readonly pieceName?: (piece: string) => string;
  readonly port: number;
  readonly protocol: Protocol;
}

/**
 * The explanation of a connection between a workload and outside addresses, one paragraph per
 * group of addresses the same rules decide: the asked range is cut where the workload's
 * connectivity list cuts the address space (every ipBlock boundary that matters to it), each
 * piece asked of the evaluator, and pieces with the same verdict, allowing rules and near misses
 * put together. A single address also says which line of the connectivity list holds it.
 */
export function explainOutside(q: OutsideQuestion): string {
  const pieces: AddressRange[] = [];
  for (const range of q.within) {
    if (!q.families.includes(range.family)) {
      // No ipBlock of that family exists: every address of it is decided alike.
      pieces.push(range);
      continue;
    }
    let next = range.start;
    for (const run of q.runs) {
      if (run.family !== range.family || run.end < range.start || run.start > range.end) continue;
      const start = run.start > range.start ? run.start : range.start;
      const end = run.end < range.end ? run.end : range.end;
      if (start > next) pieces.push({ family: range.family, start: next, end: start - 1n });
      pieces.push({ family: range.family, start, end });
      next = end + 1n;
    }
    if (next <= range.end) pieces.push({ family: range.family, start: next, end: range.end });
  }

  const groups = new Map<string, { ranges: AddressRange[]; verdict: DirectionVerdict; tiered?: TierVerdict }>();
  const tiers = q.tiers?.active ? q.tiers : undefined;
  for (const piece of pieces) {
    const address = parseAddress(formatAddress(piece.family, piece.start))!;
    const endpoint: Endpoint = { kind: 'address', address };
    const tiered = tiers === undefined ? undefined : q.direction === 'egress'
      ? tiers.egress(q.workload, endpoint, q.port, q.protocol)
      : tiers.ingress(q.workload, endpoint, q.port, q.protocol);
    const verdict = tiered?.networkPolicy ?? (q.direction === 'egress'
      ? q.engine.egress(q.workload, endpoint, q.port, q.protocol)
      : q.engine.ingress(q.workload, endpoint, q.port, q.protocol));
    const matches = tiered === undefined ? [] : [tiered.decidedBy, tiered.passedBy, ...tiered.ties, ...tiered.baselineTies];
    const tierKey = tiered === undefined ? [] : [tiered.allowed, tiered.tier,
      ...matches.map((m) => (m === undefined ? '' : `${m.policy.id} ${m.rule.direction} ${m.rule.index} ${m.peer}`))];
    const key = [...tierKey, verdict.allowed, ...verdict.allowedBy.map((m) => `${m.policy.id} ${m.rule.index} ${m.peer}`), ...verdict.nearMisses].join('\n');
    const group = groups.get(key) ?? { ranges: [], verdict, tiered };
    group.ranges.push(piece);
    groups.set(key, group);
  }

  const self: ExplainedEnd = { label: workloadLabel(q.workload), name: q.workload.id, namespace: q.workload.namespace };
  const blocks: string[] = [];
  const lines: string[] = [];
  const single = q.within.length === 1 && q.within[0].start === q.within[0].end;
  if (single && q.families.includes(q.within[0].family)) {
    const at = q.within[0];
    const run = q.runs.find((r) => r.family === at.family && r.start <= at.start && at.start <= r.end);
    const line = q.direction === 'egress' ? `${self.label} => ${run ? formatRange(run) : ''}` : `${run ? formatRange(run) : ''} => ${self.label}`;
    lines.push(run
      ? `in the connectivity list, ${line} : ${run.conn.toString()} holds ${q.text}`
      : `no line of the connectivity list ${q.direction === 'egress' ? 'from' : 'to'} ${self.label} holds ${q.text}: nothing is allowed there`);
  }
  const allowed = (g: { verdict: DirectionVerdict; tiered?: TierVerdict }) => Number((g.tiered ?? g.verdict).allowed);
  const ordered = [...groups.values()].sort((a, b) => allowed(b) - allowed(a));
  for (const { ranges, verdict, tiered } of ordered) {
    const piece = groups.size === 1 ? q.text : describeRanges(ranges, 3, q.within.length === 1 ? q.within[0] : undefined).name;
    const name = q.pieceName ? q.pieceName(piece) : piece;
    const other: ExplainedEnd = { label: name, name, namespace: '' };
    if (tiered !== undefined) {
      blocks.push(q.direction === 'egress'
        ? renderTieredOutside(self, other, q.port, q.protocol, tiered, 'to')
        : renderTieredOutside(other, self, q.port, q.protocol, tiered, 'from'));
      continue;
    }
    blocks.push(q.direction === 'egress'
      ? renderOutside(self, other, q.port, q.protocol, verdict, 'to')
      : renderOutside(other, self, q.port, q.protocol, verdict, 'from'));
  }
  return lines.map((l) => `${l}\n`).join('') + blocks.join('\n');
}
