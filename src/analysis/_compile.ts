/**
 * Validates a NetworkPolicy as the API server would and compiles it into rules the evaluator can
 * apply. An invalid policy is never half-applied: the caller reports its errors and skips it.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/
 */
import { checkNetworkPolicyEnvelopeFields, checkNetworkPolicySpecFields } from './_fields';
import { IpBlock, parseIpBlock } from './_ipblock';
import type { PolicySource } from './_model';
import { isPortName, isPortNumber, isProtocol, PortSet, Protocol } from './_ports';
import { describe, isDnsSubdomain, isPlainObject, parseSelector, Selector } from './_selector';

export type Direction = 'ingress' | 'egress';

/** One element of `from` / `to`. */
export interface CompiledPeer {
  readonly index: number;
  /** Set when the peer has a podSelector. */
  readonly podSelector?: Selector;
  /** Set when the peer has a namespaceSelector. */
  readonly namespaceSelector?: Selector;
  /** Set when the peer is an ipBlock (then neither selector is set). */
  readonly ipBlock?: IpBlock;
  /** e.g. `namespaceSelector team=ops AND podSelector role=monitoring` */
  readonly text: string;
}

export interface CompiledRule {
  readonly direction: Direction;
  /** The index in `spec.ingress` / `spec.egress`. */
  readonly index: number;
  /**
   * The peers; undefined when `from` / `to` is absent or empty, which "matches all sources" /
   * "all destinations" (inside the cluster and outside).
   */
  readonly peers?: readonly CompiledPeer[];
  /** All ports when `ports` is absent or empty. */
  readonly ports: PortSet;
}

export interface CompiledPolicy {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly podSelector: Selector;
  /** Defined iff the effective policyTypes include Ingress (possibly with no rules: deny all). */
  readonly ingress?: readonly CompiledRule[];
  /** Defined iff the effective policyTypes include Egress (possibly with no rules: deny all). */
  readonly egress?: readonly CompiledRule[];
  /**
   * Every ipBlock the policy's rules name, per direction, whatever its policyTypes (where the
   * connectivity list cuts the outside world, as np-guard's does: `from` blocks cut the sources,
   * `to` blocks the destinations).
   */
  readonly ipBlocks: { readonly ingress: readonly IpBlock[]; readonly egress: readonly IpBlock[] };
}

/**
 * Compiles policies once per object: lint's `network-policy-invalid` rule and the analysis behind
 * lint's other rules read the same NetworkPolicies (see `LintContext.policies`). Valid for one read
 * of the manifests, which are not changed while it lasts.
 *
 * Specs are compiled once per content too: clusters repeat the same policies in every namespace
 * (a default deny, a DNS allowance), and what a spec compiles to does not depend on the namespace
 * it is read in (a peer without a namespaceSelector is resolved against the policy's namespace when
 * evaluated, not here).
 */
export class PolicyCompiler {
  private readonly byObject = new Map<object, { readonly id: string; readonly policy?: CompiledPolicy; readonly errors: readonly string[] }>();
  private readonly specs = new SpecMemo();

  /** `compilePolicy(source, errors)`, computed once per source object and id. */
  public compile(source: PolicySource, errors: string[]): CompiledPolicy | undefined {
    let done = this.byObject.get(source.object);
    if (!done || done.id !== source.id) {
      const own: string[] = [];
      done = { id: source.id, policy: compilePolicy(source, own, this.specs), errors: own };
      this.byObject.set(source.object, done);
    }
    errors.push(...done.errors);
    return done.policy;
  }
}

/** What a NetworkPolicy's `spec` compiles to, whatever the policy's name and namespace. */
interface CompiledSpec {
  readonly podSelector: Selector;
  readonly ingress?: readonly CompiledRule[];
  readonly egress?: readonly CompiledRule[];
  readonly ipBlocks: CompiledPolicy['ipBlocks'];
}

/**
 * Specs compiled so far, by their JSON text. Only specs that JSON text represents exactly are
 * memoized: `NaN`, `undefined`, a function or a class instance would read as another value (`null`,
 * an absent field, `{}`), and they are compiled every time.
 */
class SpecMemo {
  private readonly bySpec = new Map<string, { readonly spec?: CompiledSpec; readonly errors: readonly string[] }>();

  public compile(raw: unknown, errors: string[]): CompiledSpec | undefined {
    const key = exactJson(raw);
    if (key === undefined) return compileSpec(raw, errors);
    let done = this.bySpec.get(key);
    if (!done) {
      const own: string[] = [];
      done = { spec: compileSpec(raw, own), errors: own };
      this.bySpec.set(key, done);
    }
    errors.push(...done.errors);
    return done.spec;
  }
}

/** `JSON.stringify(value)`, or undefined when the text would not tell `value` from another. */
function exactJson(value: unknown): string | undefined {
  return isExactJson(value) ? JSON.stringify(value) : undefined;
}

/**
 * Whether JSON text represents `value` exactly: strings, booleans, finite numbers (not -0), null,
 * and arrays and plain objects (of `Object.prototype` or none) of such values. A walk of its own:
 * a `JSON.stringify` replacer is called back for every value and costs several times the text.
 */
function isExactJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (const item of value) if (!isExactJson(item)) return false;
        return true;
      }
      if (!hasPlainPrototype(value)) return false; // a Date, a boxed Number, a Map: not what its text reads back as
      for (const key in value) if (!isExactJson((value as Record<string, unknown>)[key])) return false;
      return true;
    default:
      return false;
  }
}

function hasPlainPrototype(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Compiles one policy, appending to `errors` (paths like `spec.ingress[0].from[1]`) what the API
 * server would reject. Returns undefined when anything but the name is wrong: a policy is never
 * half-applied. A policy whose only fault is its name (`allow_web`) is compiled all the same and
 * evaluated as written — the name changes nothing it selects or allows, and np-guard's
 * netpol-analyzer evaluates such policies too; lint still reports the name.
 */
function compilePolicy(source: PolicySource, errors: string[], specs: SpecMemo): CompiledPolicy | undefined {
  const before = errors.length;
  const badName = !isDnsSubdomain(source.name);
  if (badName) {
    errors.push(`metadata.name: '${source.name}' is not a valid name (a DNS-1123 subdomain: lowercase letters, digits, '-' and '.')`);
  }
  // An unknown field (a typo such as `form:` or `podSelecter:`) makes kubectl refuse the object.
  checkNetworkPolicyEnvelopeFields(source.object, errors);
  const rawSpec = source.object.spec ?? {};
  const spec = specs.compile(rawSpec, errors);
  if (errors.length > before + (badName ? 1 : 0) || !spec) return undefined;
  return {
    id: source.id,
    namespace: source.namespace,
    name: source.name,
    podSelector: spec.podSelector,
    // Rules of their own: the evaluator caches what a rule selects by rule, and that depends on the
    // policy's namespace.
    ingress: spec.ingress?.map(ownRule),
    egress: spec.egress?.map(ownRule),
    ipBlocks: spec.ipBlocks,
  };
}

function ownRule(rule: CompiledRule): CompiledRule {
  return { ...rule };
}

/** Compiles a `spec` (unknown fields included), appending errors; undefined when anything is wrong. */
function compileSpec(rawSpec: unknown, errors: string[]): CompiledSpec | undefined {
  if (!isPlainObject(rawSpec)) {
    errors.push(`spec: must be an object, got ${describe(rawSpec)}`);
    return undefined;
  }
  const before = errors.length;
  checkNetworkPolicySpecFields(rawSpec, errors);
  // "podSelector selects the pods to which this NetworkPolicy object applies. [...] An empty
  // podSelector selects all pods in this namespace."
  const podSelector = parseSelector(rawSpec.podSelector, 'spec.podSelector', errors);
  const ingress = compileRules(rawSpec.ingress, 'ingress', errors);
  const egress = compileRules(rawSpec.egress, 'egress', errors);
  const types = effectivePolicyTypes(rawSpec, errors);
  if (errors.length > before || !podSelector || !ingress || !egress || !types) return undefined;
  const blocksOf = (rules: readonly CompiledRule[]) => rules.flatMap(r => r.peers ?? []).flatMap(p => (p.ipBlock ? [p.ipBlock] : []));
  return {
    podSelector,
    ingress: types.has('Ingress') ? ingress : undefined,
    egress: types.has('Egress') ? egress : undefined,
    ipBlocks: { ingress: blocksOf(ingress), egress: blocksOf(egress) },
  };
}

/**
 * "If this field is not specified, it will default based on the existence of ingress or egress
 * rules; policies that contain an egress section are assumed to affect egress, and all policies
 * (whether or not they contain an ingress section) are assumed to affect ingress." As in the API
 * server's defaulting, an empty `egress` list is no egress section, and `policyTypes: []` counts
 * as not specified. Validation: at most two values, each "Ingress" or "Egress".
 */
function effectivePolicyTypes(spec: Record<string, unknown>, errors: string[]): Set<string> | undefined {
  const raw = spec.policyTypes;
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) {
    const types = new Set(['Ingress']);
    if (Array.isArray(spec.egress) && spec.egress.length > 0) types.add('Egress');
    return types;
  }
  if (!Array.isArray(raw)) {
    errors.push(`spec.policyTypes: must be a list of 'Ingress' and 'Egress', got ${describe(raw)}`);
    return undefined;
  }
  if (raw.length > 2) {
    errors.push(`spec.policyTypes: may not specify more than two policyTypes, got ${raw.length}`);
    return undefined;
  }
  const before = errors.length;
  raw.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') errors.push(`spec.policyTypes[${i}]: ${describe(t)} is not one of 'Ingress', 'Egress'`);
  });
  return errors.length > before ? undefined : new Set(raw as string[]);
}

function compileRules(raw: unknown, direction: Direction, errors: string[]): CompiledRule[] | undefined {
  if (raw === undefined || raw === null) return [];
  const path = `spec.${direction}`;
  if (!Array.isArray(raw)) {
    errors.push(`${path}: must be a list of rules, got ${describe(raw)}`);
    return undefined;
  }
  const before = errors.length;
  const rules: CompiledRule[] = [];
  raw.forEach((rule, index) => {
    const rulePath = `${path}[${index}]`;
    if (rule === null) rule = {};
    if (!isPlainObject(rule)) {
      errors.push(`${rulePath}: must be an object, got ${describe(rule)}`);
      return;
    }
    const peerField = direction === 'ingress' ? 'from' : 'to';
    const peers = compilePeers(rule[peerField], `${rulePath}.${peerField}`, errors);
    const ports = compilePorts(rule.ports, `${rulePath}.ports`, errors);
    if (peers !== null && ports) rules.push({ direction, index, peers, ports });
  });
  return errors.length > before ? undefined : rules;
}

/** Returns null on error, undefined for "all peers". */
function compilePeers(raw: unknown, path: string, errors: string[]): CompiledPeer[] | undefined | null {
  // "If this field is empty or missing, this rule matches all sources (traffic not restricted by
  // source)." (and likewise "all destinations" for `to`)
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    errors.push(`${path}: must be a list of peers, got ${describe(raw)}`);
    return null;
  }
  if (raw.length === 0) return undefined;
  const before = errors.length;
  const peers: CompiledPeer[] = [];
  raw.forEach((peer, index) => {
    const p = compilePeer(peer, index, `${path}[${index}]`, errors);
    if (p) peers.push(p);
  });
  return errors.length > before ? null : peers;
}

function compilePeer(raw: unknown, index: number, path: string, errors: string[]): CompiledPeer | undefined {
  if (!isPlainObject(raw)) {
    errors.push(`${path}: must be an object, got ${describe(raw)}`);
    return undefined;
  }
  const has = (field: string) => raw[field] !== undefined && raw[field] !== null;
  const count = ['podSelector', 'namespaceSelector', 'ipBlock'].filter(has).length;
  if (count === 0) {
    errors.push(`${path}: must specify a peer (podSelector, namespaceSelector or ipBlock)`);
    return undefined;
  }
  if (has('ipBlock') && count > 1) {
    errors.push(`${path}: may not specify both ipBlock and another peer; put the ipBlock in its own element of the list`);
    return undefined;
  }
  const before = errors.length;
  if (has('ipBlock')) {
    const ipBlock = parseIpBlock(raw.ipBlock, `${path}.ipBlock`, errors);
    return ipBlock ? { index, ipBlock, text: `ipBlock ${ipBlock.text}` } : undefined;
  }
  const podSelector = has('podSelector') ? parseSelector(raw.podSelector, `${path}.podSelector`, errors) : undefined;
  const namespaceSelector = has('namespaceSelector') ? parseSelector(raw.namespaceSelector, `${path}.namespaceSelector`, errors) : undefined;
  if (errors.length > before) return undefined;
  // "If NamespaceSelector is also set, then the NetworkPolicyPeer as a whole selects the Pods
  // matching PodSelector in the Namespaces selected by NamespaceSelector. Otherwise it selects the
  // Pods matching PodSelector in the policy's own Namespace."
  const parts: string[] = [];
  if (namespaceSelector) parts.push(`namespaceSelector ${namespaceSelector.text}`);
  if (podSelector) parts.push(`podSelector ${podSelector.text}`);
  return { index, podSelector, namespaceSelector, text: parts.join(' AND ') };
}

/** Returns undefined on error. */
function compilePorts(raw: unknown, path: string, errors: string[]): PortSet | undefined {
  // "If this field is empty or missing, this rule matches all ports (traffic not restricted by
  // port)."
  if (raw === undefined || raw === null) return PortSet.all();
  if (!Array.isArray(raw)) {
    errors.push(`${path}: must be a list of ports, got ${describe(raw)}`);
    return undefined;
  }
  if (raw.length === 0) return PortSet.all();
  const before = errors.length;
  let set = PortSet.none();
  raw.forEach((entry, i) => {
    const one = compilePort(entry, `${path}[${i}]`, errors);
    if (one) set = set.union(one);
  });
  return errors.length > before ? undefined : set;
}

/**
 * One NetworkPolicyPort. "protocol [...] If not specified, this field defaults to TCP." "port [...]
 * If this field is not provided, this matches all port names and numbers." "endPort indicates that
 * the range of ports from port to endPort if set, inclusive, should be allowed by the policy. This
 * field cannot be defined if the port field is not defined or if the port field is defined as a
 * named (string) port. The endPort must be equal or greater than port."
 */
function compilePort(raw: unknown, path: string, errors: string[]): PortSet | undefined {
  if (raw === null) raw = {};
  if (!isPlainObject(raw)) {
    errors.push(`${path}: must be an object with protocol, port and endPort, got ${describe(raw)}`);
    return undefined;
  }
  const before = errors.length;
  const protocol = raw.protocol ?? 'TCP';
  if (!isProtocol(protocol)) errors.push(`${path}.protocol: ${describe(protocol)} is not one of TCP, UDP, SCTP (the API is case-sensitive)`);
  const { port, endPort } = raw;
  const hasEnd = endPort !== undefined && endPort !== null;
  if (port === undefined || port === null) {
    if (hasEnd) errors.push(`${path}.endPort: may not be specified when port is not specified`);
  } else if (typeof port === 'number') {
    if (!isPortNumber(port)) errors.push(`${path}.port: ${port} is not a port number 1-65535`);
    if (hasEnd) {
      if (!isPortNumber(endPort)) errors.push(`${path}.endPort: ${describe(endPort)} is not a port number 1-65535`);
      else if (isPortNumber(port) && endPort < port) errors.push(`${path}.endPort: ${endPort} must be greater than or equal to port ${port}`);
    }
  } else if (typeof port === 'string') {
    if (hasEnd) errors.push(`${path}.endPort: may not be specified when port is a named port ('${port}')`);
    if (!isPortName(port)) errors.push(`${path}.port: '${port}' is not a valid port name (IANA_SVC_NAME: at most 15 lowercase letters, digits and '-', with a letter) nor a number`);
  } else {
    errors.push(`${path}.port: must be a number or a port name, got ${describe(port)}`);
  }
  if (errors.length > before) return undefined;
  const p = protocol as Protocol;
  if (port === undefined || port === null) return PortSet.range(p, 1, 65535);
  if (typeof port === 'string') return PortSet.named(p, port);
  return PortSet.range(p, port as number, hasEnd ? endPort as number : port as number);
}
