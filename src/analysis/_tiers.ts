/**
 * The cluster tiers: AdminNetworkPolicy (ANP) and BaselineAdminNetworkPolicy (BANP), API group
 * `policy.networking.k8s.io/v1alpha1`. Validates them as the API server (the CRD's OpenAPI schema
 * and CEL rules) would, compiles them, and evaluates one direction of a connection through the
 * tiers in the upstream order: ANPs by priority, then NetworkPolicy, then the BANP, then the
 * default (allow).
 *
 * Quotes are from the v1alpha1 API types of kubernetes-sigs/network-policy-api at tag v0.1.7
 * (`apis/v1alpha1/adminnetworkpolicy_types.go`, `baselineadminnetworkpolicy_types.go`,
 * `shared_types.go`, and the CRDs generated from them under `config/crd/experimental`), and from
 * the API overview of the project's site.
 *
 * @see https://github.com/kubernetes-sigs/network-policy-api/blob/v0.1.7/apis/v1alpha1/adminnetworkpolicy_types.go
 * @see https://github.com/kubernetes-sigs/network-policy-api/blob/v0.1.7/apis/v1alpha1/shared_types.go
 * @see https://network-policy-api.sigs.k8s.io/api-overview/
 */
import { Direction } from './_compile';
import { DirectionVerdict, Endpoint, Engine } from './_evaluate';
import { IpBlock, ipBlockContains, parseAddress, parseIpBlock } from './_ipblock';
import { AdminPolicySource, compare, NamespaceModel, WorkloadModel } from './_model';
import { AddressRange, ipBlockRanges, rangeCovers } from './_outside';
import { ContainerPort, isPortNumber, isProtocol, PortSet, Protocol, PROTOCOLS } from './_ports';
import { describe, isDnsSubdomain, isPlainObject, Labels, parseSelector, Selector, selectorMatches } from './_selector';
import { ASSUMED_NODE_LABELS } from '../_vocabulary';

/** The API version of both kinds. */
export const ADMIN_API_VERSION = 'policy.networking.k8s.io/v1alpha1';

/**
 * The API version of ClusterNetworkPolicy, which replaces AdminNetworkPolicy (its `Admin` tier)
 * and BaselineAdminNetworkPolicy (its `Baseline` tier) upstream.
 *
 * @see https://network-policy-api.sigs.k8s.io/
 */
export const CLUSTER_API_VERSION = 'policy.networking.k8s.io/v1alpha2';

/** "A maximum of 25 rules is allowed in this block" (ClusterNetworkPolicy; likewise peers and protocols per rule). */
const MAX_CNP_ITEMS = 25;

/** The ANP priority range: "+kubebuilder:validation:Minimum=0", "+kubebuilder:validation:Maximum=1000". */
export const MIN_PRIORITY = 0;
export const MAX_PRIORITY = 1000;

/** "A total of 100 rules will be allowed in each ANP instance" (per direction); likewise peers and ports per rule. */
const MAX_ITEMS = 100;
/** "Networks can have upto 25 CIDRs specified." (and domainNames up to 25 names) */
const MAX_NETWORKS = 25;
/** "Name is an identifier for this rule, that may be no more than 100 characters in length." */
const MAX_RULE_NAME = 100;
/** `CIDR`: "+kubebuilder:validation:MaxLength=43". */
const MAX_CIDR_LENGTH = 43;

export type AdminKind = 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy';
/** As written: ANP and BANP `Allow`, ClusterNetworkPolicy `Accept` (the same effect; see `admits`). */
export type AdminAction = 'Allow' | 'Accept' | 'Deny' | 'Pass';

/** Whether a rule's action lets the traffic through (ANP/BANP `Allow`, ClusterNetworkPolicy `Accept`). */
export function admits(action: AdminAction): boolean {
  return action === 'Allow' || action === 'Accept';
}

/** Where a decision was taken, in evaluation order. */
export type Tier = 'admin' | 'networkpolicy' | 'baseline' | 'default';

/** The pods a policy applies to: "Namespaces is used to select pods via namespace selectors", "Pods [...] via namespace AND pod selectors". */
export interface AdminSubject {
  readonly namespaceSelector: Selector;
  /** Set for `subject.pods`. */
  readonly podSelector?: Selector;
  /** `namespaces {}`, `pods namespaceSelector team=a AND podSelector app=db` */
  readonly text: string;
}

/** One element of `from` / `to`; exactly one kind of peer is set. */
export interface AdminPeer {
  readonly index: number;
  /** `namespaces`, or the namespaceSelector of `pods`. */
  readonly namespaceSelector?: Selector;
  /** The podSelector of `pods`. */
  readonly podSelector?: Selector;
  /** `networks` (egress only), as ipBlocks without exceptions. */
  readonly networks?: readonly IpBlock[];
  /** `nodes` (egress only). */
  readonly nodes?: Selector;
  /** `domainNames` (ANP egress, Allow only): never evaluated. */
  readonly domainNames?: readonly string[];
  /** `namespaces team=a`, `pods namespaceSelector {} AND podSelector app=web`, `networks 0.0.0.0/0` */
  readonly text: string;
}

export interface AdminRule {
  readonly direction: Direction;
  /** The index in `spec.ingress` / `spec.egress`. */
  readonly index: number;
  readonly name?: string;
  readonly action: AdminAction;
  readonly peers: readonly AdminPeer[];
  /** Undefined when `ports` is not set: "If Ports is not set then the rule does not filter traffic via port." */
  readonly ports?: PortSet;
  /** `all ports`, `TCP 80, TCP 8000-9000, named port 'http'` */
  readonly portsText: string;
}

export interface CompiledAdminPolicy {
  readonly kind: AdminKind;
  readonly name: string;
  /** `AdminNetworkPolicy/name` */
  readonly id: string;
  /** The tier it belongs to: ANPs and `tier: Admin` ClusterNetworkPolicies are `admin`, the BANP and `tier: Baseline` ones `baseline`. */
  readonly tier: 'admin' | 'baseline';
  /** ANP and ClusterNetworkPolicy. */
  readonly priority?: number;
  readonly subject: AdminSubject;
  readonly ingress: readonly AdminRule[];
  readonly egress: readonly AdminRule[];
}

/** A rule of a cluster-tier policy that matches a connection. */
export interface AdminMatch {
  readonly policy: CompiledAdminPolicy;
  readonly rule: AdminRule;
  /** Which peer matched, in words. */
  readonly peer: string;
  /** Which port entry matched, in words. */
  readonly port: string;
}

/** The decision of one side of a connection through every tier. */
export interface TierVerdict {
  readonly direction: Direction;
  readonly allowed: boolean;
  /** The tier that decided. */
  readonly tier: Tier;
  /** The ANP rule (Allow / Deny) or BANP rule that decided, when `tier` is admin or baseline. */
  readonly decidedBy?: AdminMatch;
  /** The ANP Pass rule that sent the connection on to the NetworkPolicy tier. */
  readonly passedBy?: AdminMatch;
  /** The ANPs whose subject selects the pod and that have rules in this direction, in evaluation order. */
  readonly adminSelecting: readonly CompiledAdminPolicy[];
  /** Whether a baseline-tier policy's subject selects the pod (and it has rules in this direction). */
  readonly baselineSelects: boolean;
  /** The baseline-tier policies that select the pod and have rules in this direction, in evaluation order. */
  readonly baselineSelecting: readonly CompiledAdminPolicy[];
  /**
   * Rules of other ANPs of the same priority as the deciding (or passing) one that also match the
   * connection with another action: the outcome is then up to the implementation.
   */
  readonly ties: readonly AdminMatch[];
  /**
   * Rules of other Baseline-tier ClusterNetworkPolicies of the same priority as the deciding one
   * that also match the connection with another outcome (Deny against Accept or Pass, which both
   * end allowed); the BANP has no priority, so no ties.
   */
  readonly baselineTies: readonly AdminMatch[];
  /** The NetworkPolicy tier's verdict (always computed; it decides only when the pod is isolated). */
  readonly networkPolicy: DirectionVerdict;
}

/** Compiles one ANP or BANP; undefined (with `errors`, paths like `spec.ingress[0].from[1]`) when the API server would reject it. */
export function compileAdminPolicy(source: AdminPolicySource, errors: string[], notes: string[]): CompiledAdminPolicy | undefined {
  const before = errors.length;
  const banp = source.kind === 'BaselineAdminNetworkPolicy';
  const cnp = source.kind === 'ClusterNetworkPolicy';
  const obj = source.object;
  const apiVersion = cnp ? CLUSTER_API_VERSION : ADMIN_API_VERSION;
  if (obj.apiVersion !== apiVersion) {
    errors.push(`apiVersion: ${describe(obj.apiVersion)} is not ${apiVersion}, the only version of ${source.kind} this analysis evaluates`);
    return undefined;
  }
  unknownFields(obj, ['apiVersion', 'kind', 'metadata', 'spec', 'status'], '', errors);
  if (!isDnsSubdomain(source.name)) {
    errors.push(`metadata.name: '${source.name}' is not a valid name (a DNS-1123 subdomain: lowercase letters, digits, '-' and '.')`);
  }
  // "Only one baseline admin network policy with metadata.name="default" can be created in the
  // cluster" (the BANP CRD's CEL rule `self.metadata.name == 'default'`).
  if (banp && source.name !== 'default') {
    errors.push(`metadata.name: '${source.name}' is not 'default'; only one BaselineAdminNetworkPolicy, named 'default', can be created in the cluster`);
  }
  const spec = obj.spec;
  if (!isPlainObject(spec)) {
    errors.push(spec === undefined || spec === null ? 'spec: is required' : `spec: must be an object, got ${describe(spec)}`);
    return undefined;
  }
  unknownFields(spec, banp ? ['subject', 'ingress', 'egress'] : cnp ? ['tier', 'priority', 'subject', 'ingress', 'egress'] : ['priority', 'subject', 'ingress', 'egress'], 'spec', errors);

  // ClusterNetworkPolicy: "Tier is used as the top-level grouping for network policy
  // prioritization": Admin (before NetworkPolicy) or Baseline (after it).
  let tier: 'admin' | 'baseline' = banp ? 'baseline' : 'admin';
  if (cnp) {
    if (spec.tier === 'Admin' || spec.tier === 'Baseline') tier = spec.tier === 'Admin' ? 'admin' : 'baseline';
    else errors.push(spec.tier === undefined || spec.tier === null ? "spec.tier: is required ('Admin' or 'Baseline')" : `spec.tier: ${describe(spec.tier)} is not one of 'Admin', 'Baseline'`);
  }
  let priority: number | undefined;
  if (!banp) {
    // "Priority is a value from 0 to 1000. Policies with lower priority values have higher
    // precedence, and are checked before policies with higher priority values."
    if (spec.priority === undefined || spec.priority === null) {
      errors.push('spec.priority: is required (0-1000, lower values are checked first)');
    } else if (typeof spec.priority !== 'number' || !Number.isInteger(spec.priority) || spec.priority < MIN_PRIORITY || spec.priority > MAX_PRIORITY) {
      errors.push(`spec.priority: ${describe(spec.priority)} is not an integer in ${MIN_PRIORITY}-${MAX_PRIORITY}`);
    } else {
      priority = spec.priority;
    }
  }
  const subject = compileSubject(spec.subject, 'spec.subject', errors, notes);
  const ingress = compileRules(spec.ingress, 'ingress', source.kind, errors, notes);
  const egress = compileRules(spec.egress, 'egress', source.kind, errors, notes);
  if (errors.length > before || !subject || !ingress || !egress) return undefined;
  return { kind: source.kind, name: source.name, id: `${source.kind}/${source.name}`, tier, priority, subject, ingress, egress };
}

/**
 * Compiles every ANP and BANP; what the API server would reject goes to `problems` (the object is
 * then not evaluated: it neither allows nor denies), and so does every priority that two valid
 * ANPs share.
 */
export function compileAdminPolicies(sources: readonly AdminPolicySource[], problems: string[]): CompiledAdminPolicy[] {
  const out: CompiledAdminPolicy[] = [];
  for (const source of sources) {
    const errors: string[] = [];
    const notes: string[] = [];
    const policy = compileAdminPolicy(source, errors, notes);
    const id = `${source.kind}/${source.name}`;
    for (const e of errors) problems.push(`${id}: ${e}; the policy is not evaluated`);
    for (const n of notes) problems.push(`${id}: ${n}`);
    if (policy) out.push(policy);
  }
  // Priorities order policies within a tier: ANPs and Admin-tier ClusterNetworkPolicies share one.
  const byPriority = new Map<string, { priority: number; ids: string[] }>();
  for (const p of out) {
    if (p.priority === undefined) continue;
    const key = `${p.tier}/${p.priority}`;
    byPriority.set(key, { priority: p.priority, ids: [...(byPriority.get(key)?.ids ?? []), p.id] });
  }
  for (const { priority, ids } of [...byPriority.values()].sort((a, b) => a.priority - b.priority)) {
    if (ids.length < 2) continue;
    problems.push(`${ids.sort().join(', ')}: share priority ${priority}; "if two (or more) policies with the same priority could both `
      + 'match a connection, then the implementation can apply any of the matching policies", so where their rules disagree the '
      + 'outcome depends on the network plugin (this analysis applies them in name order); give each a unique priority');
  }
  return out;
}

/** Appends an error for each field the schema does not define (the API server rejects unknown fields under strict field validation, kubectl's default). */
function unknownFields(obj: Record<string, unknown>, known: readonly string[], path: string, errors: string[]): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      errors.push(`${path === '' ? '' : `${path}.`}${key}: unknown field; expected ${known.map((k) => `'${k}'`).join(', ')}`);
    }
  }
}

/**
 * "AdminNetworkPolicySubject defines what resources the policy applies to. Exactly one field must
 * be set." `pods` is a NamespacedPod: "NamespaceSelector follows standard label selector
 * semantics; if empty, it selects all Namespaces." "PodSelector is used to explicitly select pods
 * within a namespace; if empty, it selects all Pods." Both fields are required.
 */
function compileSubject(raw: unknown, path: string, errors: string[], notes: string[]): AdminSubject | undefined {
  if (!isPlainObject(raw)) {
    errors.push(raw === undefined || raw === null ? `${path}: is required (exactly one of namespaces, pods)` : `${path}: must be an object, got ${describe(raw)}`);
    return undefined;
  }
  const before = errors.length;
  unknownFields(raw, ['namespaces', 'pods'], path, errors);
  const set = ['namespaces', 'pods'].filter((f) => raw[f] !== undefined && raw[f] !== null);
  if (set.length !== 1) {
    errors.push(`${path}: exactly one of namespaces, pods must be set, got ${set.length === 0 ? 'none' : 'both'}`);
    return undefined;
  }
  if (set[0] === 'namespaces') {
    const namespaceSelector = selector(raw.namespaces, `${path}.namespaces`, errors);
    return namespaceSelector && errors.length === before ? { namespaceSelector, text: `namespaces ${namespaceSelector.text}` } : undefined;
  }
  const pods = namespacedPod(raw.pods, `${path}.pods`, errors, notes);
  return pods && errors.length === before ? { ...pods, text: `pods ${pods.text}` } : undefined;
}

function selector(raw: unknown, path: string, errors: string[]): Selector | undefined {
  if (!isPlainObject(raw)) {
    errors.push(`${path}: must be a label selector object, got ${describe(raw)}`);
    return undefined;
  }
  unknownFields(raw, ['matchLabels', 'matchExpressions'], path, errors);
  return parseSelector(raw, path, errors);
}

interface NamespacedPod {
  readonly namespaceSelector: Selector;
  readonly podSelector: Selector;
  readonly text: string;
}

/**
 * Marks the notes of a selector the CRD requires but the input leaves out (the API server rejects
 * the policy; the analysis reads it as `{}`, as np-guard's netpol-analyzer does, so that manifests
 * written that way still give their connectivity). Lint reports those notes as errors.
 */
export const MISSING_SELECTOR_NOTE = 'is required by the CRD, so the API server rejects the policy; the analysis reads it as {}';

/** An AdminNetworkPolicy port protocol the CRD accepts but no traffic has (`tcp`, `ICMP`), also reported by lint. */
export const UNKNOWN_PROTOCOL_NOTE = 'the CRD accepts any string here (the API is case-sensitive), and no traffic has that protocol, so the entry matches no port';

/** A domainNames peer in a Deny or Pass rule, which the CRD accepts, also reported by lint. */
export const DOMAIN_NAMES_NOT_ALLOW_NOTE = 'the CRD accepts it, but implementations need not support it; the analysis resolves no domain name, so the peer matches nothing';

/** The note of a rule with both address peers and named ports (which the CRD refuses), also reported by lint. */
export const NAMED_PORT_TO_ADDRESS_NOTE = 'the CRD rejects the policy; the analysis evaluates it as written (an address has no named ports, so they match pods only)';

function namespacedPod(raw: unknown, path: string, errors: string[], notes: string[]): NamespacedPod | undefined {
  if (!isPlainObject(raw)) {
    errors.push(`${path}: must be an object with namespaceSelector and podSelector, got ${describe(raw)}`);
    return undefined;
  }
  const before = errors.length;
  unknownFields(raw, ['namespaceSelector', 'podSelector'], path, errors);
  for (const field of ['namespaceSelector', 'podSelector']) {
    if (raw[field] === undefined || raw[field] === null) {
      notes.push(`${path}.${field}: ${MISSING_SELECTOR_NOTE} (every ${field === 'podSelector' ? 'pod' : 'namespace'})`);
    }
  }
  if (errors.length > before) return undefined;
  const namespaceSelector = selector(raw.namespaceSelector ?? {}, `${path}.namespaceSelector`, errors);
  const podSelector = selector(raw.podSelector ?? {}, `${path}.podSelector`, errors);
  if (!namespaceSelector || !podSelector || errors.length > before) return undefined;
  return { namespaceSelector, podSelector, text: `namespaceSelector ${namespaceSelector.text} AND podSelector ${podSelector.text}` };
}

function compileRules(raw: unknown, direction: Direction, kind: AdminKind, errors: string[], notes: string[]): AdminRule[] | undefined {
  // "ANPs with no ingress rules do not affect ingress traffic." (likewise egress, and for BANPs)
  if (raw === undefined || raw === null) return [];
  const path = `spec.${direction}`;
  if (!Array.isArray(raw)) {
    errors.push(`${path}: must be a list of rules, got ${describe(raw)}`);
    return undefined;
  }
  // "A total of 100 rules will be allowed in each ANP instance." ("+kubebuilder:validation:MaxItems=100");
  // ClusterNetworkPolicy: "A maximum of 25 rules is allowed in this block."
  const max = kind === 'ClusterNetworkPolicy' ? MAX_CNP_ITEMS : MAX_ITEMS;
  if (raw.length > max) {
    errors.push(`${path}: ${raw.length} rules, more than the ${max} the API allows`);
    return undefined;
  }
  const before = errors.length;
  const rules: AdminRule[] = [];
  raw.forEach((rule, index) => {
    const r = compileRule(rule, direction, index, kind, `${path}[${index}]`, errors, notes);
    if (r) rules.push(r);
  });
  return errors.length > before ? undefined : rules;
}

function compileRule(raw: unknown, direction: Direction, index: number, kind: AdminKind, path: string,
  errors: string[], notes: string[]): AdminRule | undefined {
  if (!isPlainObject(raw)) {
    errors.push(`${path}: must be an object with action and ${direction === 'ingress' ? 'from' : 'to'}, got ${describe(raw)}`);
    return undefined;
  }
  const before = errors.length;
  const peerField = direction === 'ingress' ? 'from' : 'to';
  const cnp = kind === 'ClusterNetworkPolicy';
  // ClusterNetworkPolicy rules match ports with `protocols`, the v1alpha1 kinds with `ports`.
  const portsField = cnp ? 'protocols' : 'ports';
  unknownFields(raw, ['name', 'action', peerField, portsField], path, errors);
  let name: string | undefined;
  if (raw.name !== undefined && raw.name !== null) {
    if (typeof raw.name !== 'string') errors.push(`${path}.name: must be a string, got ${describe(raw.name)}`);
    else if (raw.name.length > MAX_RULE_NAME) errors.push(`${path}.name: ${raw.name.length} characters, more than ${MAX_RULE_NAME}`);
    else if (raw.name !== '') name = raw.name;
  }
  // ANP: "+kubebuilder:validation:Enum={"Allow", "Deny", "Pass"}"; BANP: "Enum={"Allow", "Deny"}";
  // ClusterNetworkPolicy (either tier): Accept, Deny, Pass.
  const actions: readonly AdminAction[] = cnp ? ['Accept', 'Deny', 'Pass'] : kind === 'AdminNetworkPolicy' ? ['Allow', 'Deny', 'Pass'] : ['Allow', 'Deny'];
  if (raw.action === undefined || raw.action === null) {
    errors.push(`${path}.action: is required (one of ${actions.join(', ')})`);
  } else if (!(actions as readonly unknown[]).includes(raw.action)) {
    errors.push(`${path}.action: ${describe(raw.action)} is not one of ${actions.join(', ')}${raw.action === 'Pass' ? ' (Pass exists only in AdminNetworkPolicy)' : ''}`);
  }
  const peers = compilePeers(raw[peerField], direction, kind, `${path}.${peerField}`, errors, notes);
  const ports = cnp ? compileProtocols(raw.protocols, `${path}.protocols`, errors) : compilePorts(raw.ports, `${path}.ports`, errors, notes);
  if (errors.length > before || !peers || !ports) return undefined;
  // The egress rules' CEL rule: "networks/nodes/domainNames peer cannot be set with namedPorts
  // since there are no namedPorts for networks/nodes/domainNames". The rule means the same with or
  // without it (an address never has a named port), so the analysis evaluates it as written, as
  // np-guard's netpol-analyzer does, and lint still reports it.
  if (ports.named && peers.some((p) => p.networks || p.nodes || p.domainNames)) {
    notes.push(`${path}: networks/nodes/domainNames peers cannot be combined with ${cnp ? 'destinationNamedPort' : 'namedPort'} ports; ${NAMED_PORT_TO_ADDRESS_NOTE}`);
  }
  const allowAction = cnp ? 'Accept' : 'Allow';
  if (peers.some((p) => p.domainNames) && raw.action !== allowAction) {
    // "DomainNames is only supported for ALLOW rules" (ClusterNetworkPolicy: "for Accept rules") —
    // a comment, not a CRD rule: the API server accepts the policy, and the analysis, which
    // resolves no domain name, lets the peer match nothing.
    notes.push(`${path}: domainNames peers are only supported in ${allowAction} rules, got action ${describe(raw.action)}; ${DOMAIN_NAMES_NOT_ALLOW_NOTE}`);
  }
  return { direction, index, name, action: raw.action as AdminAction, peers, ports: ports.set, portsText: ports.text };
}

/**
 * "From is the list of sources whose traffic this rule applies to. If any element matches the
 * source of incoming traffic then the specified action is applied. This field must be defined
 * and contain at least one item." (likewise `to`; "+kubebuilder:validation:MinItems=1",
 * "MaxItems=100"). Each peer: "Exactly one of the fields must be set".
 */
function compilePeers(raw: unknown, direction: Direction, kind: AdminKind, path: string, errors: string[], notes: string[]): AdminPeer[] | undefined {
  if (raw === undefined || raw === null) {
    errors.push(`${path}: is required and must hold at least one peer`);
    return undefined;
  }
  if (!Array.isArray(raw)) {
    errors.push(`${path}: must be a list of peers, got ${describe(raw)}`);
    return undefined;
  }
  const max = kind === 'ClusterNetworkPolicy' ? MAX_CNP_ITEMS : MAX_ITEMS;
  if (raw.length === 0 || raw.length > max) {
    errors.push(`${path}: must hold 1-${max} peers, got ${raw.length}`);
    return undefined;
  }
  // Ingress peers are namespaces or pods; egress peers also nodes and networks, and ANP and
  // ClusterNetworkPolicy egress peers domainNames (AdminNetworkPolicyEgressPeer /
  // BaselineAdminNetworkPolicyEgressPeer / ClusterNetworkPolicyEgressPeer).
  const fields = direction === 'ingress'
    ? ['namespaces', 'pods']
    : kind === 'BaselineAdminNetworkPolicy' ? ['namespaces', 'pods', 'nodes', 'networks'] : ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'];
  const before = errors.length;
  const peers: AdminPeer[] = [];
  raw.forEach((peer, index) => {
    const p = compilePeer(peer, index, fields, `${path}[${index}]`, errors, notes);
    if (p) peers.push(p);
  });
  return errors.length > before ? undefined : peers;
}

function compilePeer(raw: unknown, index: number, fields: readonly string[], path: string, errors: string[], notes: string[]): AdminPeer | undefined {
  if (!isPlainObject(raw)) {
    errors.push(`${path}: must be an object with one of ${fields.join(', ')}, got ${describe(raw)}`);
    return undefined;
  }
  const before = errors.length;
  const field = oneFieldOf(raw, fields, path, errors);
  if (field === undefined) return undefined;
  const value = raw[field];
  if (field === 'namespaces') {
    // "Namespaces defines a way to select all pods within a set of Namespaces."
    const ns = selector(value, `${path}.namespaces`, errors);
    return ns && { index, namespaceSelector: ns, text: `namespaces ${ns.text}` };
  }
  if (field === 'pods') {
    // "Pods defines a way to select a set of pods in a set of namespaces."
    const pods = namespacedPod(value, `${path}.pods`, errors, notes);
    return pods && { index, namespaceSelector: pods.namespaceSelector, podSelector: pods.podSelector, text: `pods ${pods.text}` };
  }
  if (field === 'nodes') {
    // "This field follows standard label selector semantics; if present but empty, it selects all Nodes."
    const nodes = selector(value, `${path}.nodes`, errors);
    return nodes && { index, nodes, text: `nodes ${nodes.text}` };
  }
  const list = stringList(value, `${path}.${field}`, MAX_NETWORKS, errors);
  if (!list) return undefined;
  if (field === 'domainNames') return { index, domainNames: list, text: `domainNames ${list.join(', ')}` };
  // "Each item in Networks should be provided in the CIDR format and should be IPv4 or IPv6"
  // (the CEL rule `isCIDR(self)`, "+kubebuilder:validation:MaxLength=43").
  const networks: IpBlock[] = [];
  list.forEach((cidr, i) => {
    if (cidr.length > MAX_CIDR_LENGTH) {
      errors.push(`${path}.networks[${i}]: '${cidr}' is longer than ${MAX_CIDR_LENGTH} characters`);
      return;
    }
    const block = parseIpBlock({ cidr }, `${path}.networks[${i}]`, errors);
    if (block) networks.push(block);
  });
  if (errors.length > before) return undefined;
  return { index, networks, text: `networks ${networks.map((n) => n.text).join(', ')}` };
}

/** A list of 1..max distinct strings ("+listType=set", "MinItems=1"). */
function stringList(raw: unknown, path: string, max: number, errors: string[]): string[] | undefined {
  if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string')) {
    errors.push(`${path}: must be a list of strings, got ${describe(raw)}`);
    return undefined;
  }
  if (raw.length === 0 || raw.length > max) {
    errors.push(`${path}: must hold 1-${max} entries, got ${raw.length}`);
    return undefined;
  }
  const duplicate = raw.find((v, i) => raw.indexOf(v) !== i);
  if (duplicate !== undefined) {
    errors.push(`${path}: '${duplicate}' is listed twice (the list is a set)`);
    return undefined;
  }
  return raw as string[];
}

interface CompiledPorts {
  /** Undefined: all ports. */
  readonly set?: PortSet;
  readonly named: boolean;
  readonly text: string;
}

/**
 * "Ports allows for matching traffic based on port and protocols. [...] If Ports is not set then
 * the rule does not filter traffic via port." ("MinItems=1", "MaxItems=100".) Each
 * AdminNetworkPolicyPort: "Exactly one field must be set" of portNumber, namedPort, portRange.
 */
function compilePorts(raw: unknown, path: string, errors: string[], notes: string[]): CompiledPorts | undefined {
  const entries = portEntries(raw, path, MAX_ITEMS, 'ports', errors);
  if (entries === null) return { named: false, text: 'all ports' };
  if (entries === undefined) return undefined;
  const before = errors.length;
  const ports = new PortsRead();
  entries.forEach((entry, i) => {
    const p = `${path}[${i}]`;
    if (!isPlainObject(entry)) {
      errors.push(`${p}: must be an object with one of portNumber, namedPort, portRange, got ${describe(entry)}`);
      return;
    }
    const n = errors.length;
    const field = oneFieldOf(entry, ['portNumber', 'namedPort', 'portRange'], p, errors);
    if (field === undefined) return;
    if (field === 'namedPort') {
      // "NamedPort selects a port on a pod(s) based on name."
      ports.addNamed(entry.namedPort, `${p}.namedPort`, errors);
      return;
    }
    if (field === 'portNumber') {
      const pn = entry.portNumber;
      if (!isPlainObject(pn)) {
        errors.push(`${p}.portNumber: must be an object with port and protocol, got ${describe(pn)}`);
        return;
      }
      unknownFields(pn, ['port', 'protocol'], `${p}.portNumber`, errors);
      const protocol = portProtocol(pn.protocol, `${p}.portNumber.protocol`, errors, notes);
      // "Number defines a network port value." (Minimum=1, Maximum=65535)
      if (!isPortNumber(pn.port)) errors.push(`${p}.portNumber.port: ${describe(pn.port)} is not a port number 1-65535`);
      if (errors.length > n || protocol === undefined) return;
      if (protocol === null) {
        ports.addNothing(`${pn.protocol} ${pn.port} (matches nothing)`);
        return;
      }
      ports.addRange(protocol, pn.port as number, pn.port as number);
      return;
    }
    const pr = entry.portRange;
    if (!isPlainObject(pr)) {
      errors.push(`${p}.portRange: must be an object with start, end and protocol, got ${describe(pr)}`);
      return;
    }
    unknownFields(pr, ['start', 'end', 'protocol'], `${p}.portRange`, errors);
    const protocol = portProtocol(pr.protocol, `${p}.portRange.protocol`, errors, notes);
    for (const f of ['start', 'end']) {
      if (!isPortNumber(pr[f])) errors.push(`${p}.portRange.${f}: ${describe(pr[f])} is not a port number 1-65535`);
    }
    if (errors.length > n || protocol === undefined) return;
    const start = pr.start as number;
    const end = pr.end as number;
    if (protocol === null) {
      ports.addNothing(`${pr.protocol} ${start}-${end} (matches nothing)`);
      return;
    }
    // "PortRange defines an inclusive range of ports from the the assigned Start value to End
    // value." "the Start value must be less than End" — which the CRD does not enforce: a range
    // with start > end holds no port.
    if (start > end) {
      notes.push(`${p}.portRange: start ${start} is greater than end ${end}, so the entry matches no port`);
      ports.addNothing(`${protocol} ${start}-${end} (empty)`);
      return;
    }
    ports.addRange(protocol, start, end);
  });
  if (errors.length > before) return undefined;
  return ports.result();
}

/**
 * The entries of a rule's `ports` / `protocols` (1-`max` when set): null when the field is absent
 * ("the rule does not filter traffic via port"), undefined with an error when it is not a list of
 * that length.
 */
function portEntries(raw: unknown, path: string, max: number, field: string, errors: string[]): unknown[] | null | undefined {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw)) {
    errors.push(`${path}: must be a list of ${field === 'ports' ? 'ports' : 'protocol matches'}, got ${describe(raw)}`);
    return undefined;
  }
  if (raw.length === 0 || raw.length > max) {
    errors.push(`${path}: must hold 1-${max} ${field === 'ports' ? 'ports' : 'entries'} when set, got ${raw.length}; omit ${field} to match every port`);
    return undefined;
  }
  return raw;
}

/**
 * The one field of `fields` an entry sets ("Exactly one field must be set"), or undefined with an
 * error for an unknown field, none or several.
 */
function oneFieldOf(entry: Record<string, unknown>, fields: readonly string[], path: string, errors: string[]): string | undefined {
  const before = errors.length;
  unknownFields(entry, fields, path, errors);
  if (errors.length > before) return undefined;
  const present = fields.filter((f) => entry[f] !== undefined && entry[f] !== null);
  if (present.length !== 1) {
    errors.push(`${path}: exactly one of ${fields.join(', ')} must be set, got ${present.length === 0 ? 'none' : present.join(' and ')}`);
    return undefined;
  }
  return present[0];
}

/** The ports of a rule as they are read: the set, whether a name is among them, and their words. */
class PortsRead {
  public set = PortSet.none();
  public named = false;
  private readonly texts: string[] = [];

  /** Adds `from`-`to` of `protocol` (one port when they are equal). */
  public addRange(protocol: Protocol, from: number, to: number): void {
    this.set = this.set.union(PortSet.range(protocol, from, to));
    this.texts.push(from === to ? `${protocol} ${from}` : `${protocol} ${from}-${to}`);
  }

  /**
   * Adds a named port, which resolves on the destination pod's container ports with the protocol
   * the container port declares (so every protocol is asked for the name); false with an error
   * when `name` is not a name.
   */
  public addNamed(name: unknown, path: string, errors: string[]): boolean {
    if (typeof name !== 'string' || name === '') {
      errors.push(`${path}: must be a port name, got ${describe(name)}`);
      return false;
    }
    this.named = true;
    for (const protocol of PROTOCOLS) this.set = this.set.union(PortSet.named(protocol, name));
    this.texts.push(`named port '${name}'`);
    return true;
  }

  /** Words for an entry that matches nothing. */
  public addNothing(text: string): void {
    this.texts.push(text);
  }

  public result(): CompiledPorts {
    return { set: this.set, named: this.named, text: this.texts.join(', ') };
  }
}

/**
 * ClusterNetworkPolicy `protocols`: "Protocols allows for more fine-grain matching of traffic on
 * protocol-specific attributes such as the port. If unspecified, protocol-specific attributes
 * will not be used to match traffic." (1-25 entries.) Each entry sets exactly one of `tcp`, `udp`,
 * `sctp` (each with a `destinationPort`: exactly one of `number` and `range`, a range's start
 * "less than End") and `destinationNamedPort` ("a ContainerPort name").
 */
function compileProtocols(raw: unknown, path: string, errors: string[]): CompiledPorts | undefined {
  const entries = portEntries(raw, path, MAX_CNP_ITEMS, 'protocols', errors);
  if (entries === null) return { named: false, text: 'all ports' };
  if (entries === undefined) return undefined;
  const before = errors.length;
  const ports = new PortsRead();
  const fields = ['tcp', 'udp', 'sctp', 'destinationNamedPort'];
  entries.forEach((entry, i) => {
    const p = `${path}[${i}]`;
    if (!isPlainObject(entry)) {
      errors.push(`${p}: must be an object with one of ${fields.join(', ')}, got ${describe(entry)}`);
      return;
    }
    const n = errors.length;
    const field = oneFieldOf(entry, fields, p, errors);
    if (field === undefined) return;
    if (field === 'destinationNamedPort') {
      ports.addNamed(entry.destinationNamedPort, `${p}.destinationNamedPort`, errors);
      return;
    }
    const protocol = field.toUpperCase() as Protocol;
    const match = entry[field];
    const mp = `${p}.${field}`;
    // "+kubebuilder:validation:MinProperties=1": `tcp: {}` is refused; destinationPort is its only field.
    if (!isPlainObject(match) || match.destinationPort === undefined || match.destinationPort === null) {
      errors.push(`${mp}: must be an object with destinationPort, got ${describe(match)}`);
      return;
    }
    unknownFields(match, ['destinationPort'], mp, errors);
    const port = match.destinationPort;
    const dp = `${mp}.destinationPort`;
    if (!isPlainObject(port)) {
      errors.push(`${dp}: must be an object with one of number, range, got ${describe(port)}`);
      return;
    }
    unknownFields(port, ['number', 'range'], dp, errors);
    const kinds = ['number', 'range'].filter((f) => port[f] !== undefined && port[f] !== null);
    if (errors.length > n) return;
    if (kinds.length !== 1) {
      errors.push(`${dp}: exactly one of number, range must be set, got ${kinds.length === 0 ? 'none' : 'both'}`);
      return;
    }
    if (kinds[0] === 'number') {
      if (!isPortNumber(port.number)) {
        errors.push(`${dp}.number: ${describe(port.number)} is not a port number 1-65535`);
        return;
      }
      ports.addRange(protocol, port.number as number, port.number as number);
      return;
    }
    const range = port.range;
    if (!isPlainObject(range)) {
      errors.push(`${dp}.range: must be an object with start and end, got ${describe(range)}`);
      return;
    }
    unknownFields(range, ['start', 'end'], `${dp}.range`, errors);
    for (const f of ['start', 'end']) {
      if (!isPortNumber(range[f])) errors.push(`${dp}.range.${f}: ${describe(range[f])} is not a port number 1-65535`);
    }
    if (errors.length > n) return;
    // The CRD's CEL rule `self.start < self.end`: "Start port must be less than End port".
    if ((range.start as number) >= (range.end as number)) {
      errors.push(`${dp}.range: start ${range.start} is not less than end ${range.end} (the CRD refuses it: "Start port must be less than End port")`);
      return;
    }
    ports.addRange(protocol, range.start as number, range.end as number);
  });
  if (errors.length > before) return undefined;
  return ports.result();
}

/**
 * "Protocol is the network protocol (TCP, UDP, or SCTP) which traffic must match. If not
 * specified, this field defaults to TCP." The CRDs type it as a string without an enum, so the
 * API server accepts any string: another one (`tcp`, `ICMP`) is noted and matches no traffic
 * (null); a value that is not a string is refused (undefined).
 */
function portProtocol(raw: unknown, path: string, errors: string[], notes: string[]): Protocol | null | undefined {
  if (raw === undefined || raw === null) return 'TCP';
  if (typeof raw !== 'string') {
    errors.push(`${path}: ${describe(raw)} is not one of TCP, UDP, SCTP`);
    return undefined;
  }
  if (!isProtocol(raw)) {
    notes.push(`${path}: ${describe(raw)} is not one of TCP, UDP, SCTP; ${UNKNOWN_PROTOCOL_NOTE}`);
    return null;
  }
  return raw;
}

/** What the selectors of a cluster-tier policy look at: a pod's namespace, labels and network. */
export interface PodShape {
  readonly namespace: string;
  readonly podLabels: Labels;
  /** The labels selectors match (with the gaps of a workload whose pods differ); default: `podLabels`. */
  readonly selectorLabels?: Labels;
  readonly hostNetwork: boolean;
  /** For a host-network pod, the labels of its node as far as known (see `WorkloadModel.nodeLabels`). */
  readonly nodeLabels?: Labels;
  /** The labels of its namespace, for a namespace not in the model; default: the model's. */
  readonly namespaceLabels?: Labels;
  /** The addresses of its pods, one list per pod, when the manifests hold them (see `WorkloadModel.podIps`). */
  readonly podIps?: readonly (readonly string[])[];
}

/**
 * Evaluates connections through the tiers. Wraps the NetworkPolicy engine, which answers the
 * NetworkPolicy tier.
 *
 * Decisions where the API leaves room (documented on `Reachability`):
 * - Two ANPs of one priority: "If two (or more) policies with the same priority could both match
 *   a connection, then the implementation can apply any of the matching policies to the
 *   connection". This analysis applies them in name order and reports the tie (`ties`, and a
 *   problem per shared priority).
 * - A `networks` peer matches pods ("cluster-internal traffic will be checked against [...] as
 *   well") by their addresses when the manifests hold them (the Pod objects of a live dump carry
 *   `status.podIPs`): a workload when every one of its pods has an address in it. Manifests
 *   usually hold no pod address; then a `networks` peer matches pods only when it holds a whole
 *   address family (`0.0.0.0/0`, `::/0`), which holds every pod IP of that family, or, given the
 *   pod CIDRs (`podCidrs`), the whole of one of them; a narrower CIDR is taken to hold outside
 *   addresses only.
 * - Node IPs are not in manifests and node labels only partly: a `nodes` peer matches host-network
 *   workloads (whose pods use their node's IPs) whose node labels it selects — `{}` ("selects all
 *   Nodes") always; otherwise matched against the labels the nodes are known to carry: the
 *   assumed `kubernetes.io/os: linux` and the pods' `nodeSelector` (any other label, such as
 *   `node-role.kubernetes.io/control-plane`, counts as absent). No `nodes` peer matches an outside
 *   address.
 */
export class Tiers {
  /** The admin tier in evaluation order (ANPs and `tier: Admin` ClusterNetworkPolicies): priority, then name. */
  public readonly admin: readonly CompiledAdminPolicy[];
  /**
   * The baseline tier in evaluation order: the BaselineAdminNetworkPolicy, then the `tier: Baseline`
   * ClusterNetworkPolicies by priority, then name.
   */
  public readonly baselines: readonly CompiledAdminPolicy[];
  private readonly namespaceLabels = new Map<string, Labels>();

  public constructor(
    private readonly engine: Engine,
    namespaces: readonly NamespaceModel[],
    adminPolicies: readonly CompiledAdminPolicy[],
    baselinePolicies: readonly CompiledAdminPolicy[] = [],
    public readonly podRanges?: readonly AddressRange[],
  ) {
    // "Policies with lower priority values have higher precedence, and are checked before
    // policies with higher priority values." (ClusterNetworkPolicy: "in the same tier")
    const order = (a: CompiledAdminPolicy, b: CompiledAdminPolicy) => (a.priority ?? -1) - (b.priority ?? -1) || compare(a.name, b.name);
    this.admin = [...adminPolicies].sort(order);
    this.baselines = [...baselinePolicies].sort(order);
    for (const ns of namespaces) this.namespaceLabels.set(ns.name, ns.labels);
  }

  /** Whether any cluster-tier policy is evaluated. */
  public get active(): boolean {
    return this.admin.length > 0 || this.baselines.length > 0;
  }

  /** The source side: `source`'s egress through the tiers. A named port resolves on the destination pod. */
  public egress(source: WorkloadModel, target: Endpoint, port: number, protocol: Protocol): TierVerdict {
    const destPorts = target.kind === 'workload' ? target.workload.ports : undefined;
    return this.decide('egress', source, target, port, protocol, destPorts, () => this.engine.egress(source, target, port, protocol));
  }

  /** The destination side: `target`'s ingress through the tiers. */
  public ingress(target: WorkloadModel, source: Endpoint, port: number, protocol: Protocol): TierVerdict {
    return this.decide('ingress', target, source, port, protocol, target.ports, () => this.engine.ingress(target, source, port, protocol));
  }

  /** The admin-tier and baseline-tier policies (each in evaluation order) whose subject selects `w`. */
  public selecting(w: WorkloadModel): { admin: CompiledAdminPolicy[]; baseline: CompiledAdminPolicy[] } {
    return { admin: this.admin.filter((p) => this.subjectSelects(p, w)), baseline: this.baselines.filter((p) => this.subjectSelects(p, w)) };
  }

  /** Every valid cluster-tier policy: the admin tier, then the baseline tier, each in evaluation order. */
  public policies(): CompiledAdminPolicy[] {
    return [...this.admin, ...this.baselines];
  }

  private decide(
    direction: Direction,
    self: WorkloadModel,
    other: Endpoint,
    port: number,
    protocol: Protocol,
    destPorts: readonly ContainerPort[] | undefined,
    networkPolicyVerdict: () => DirectionVerdict,
  ): TierVerdict {
    const rulesOf = (p: CompiledAdminPolicy) => (direction === 'ingress' ? p.ingress : p.egress);
    const adminSelecting = this.admin.filter((p) => rulesOf(p).length > 0 && this.subjectSelects(p, self));
    const networkPolicy = networkPolicyVerdict();
    let passedBy: AdminMatch | undefined;
    let ties: AdminMatch[] = [];
    let baselineTies: AdminMatch[] = [];
    // One object literal of a fixed shape (an object spread would give every verdict a hidden class of its own).
    let baselineSelecting: readonly CompiledAdminPolicy[] = [];
    const verdict = (allowed: boolean, tier: Tier, decidedBy: AdminMatch | undefined, baselineSelects: boolean): TierVerdict =>
      ({ direction, allowed, tier, decidedBy, passedBy, adminSelecting, baselineSelects, baselineSelecting, ties, baselineTies, networkPolicy });
    // Other policies of the deciding one's tier and priority whose first matching rule decides
    // otherwise (`outcome`: what an action means in that tier).
    const tiesOf = (selecting: readonly CompiledAdminPolicy[], policy: CompiledAdminPolicy, match: AdminMatch, outcome: (action: string) => string) =>
      (policy.priority === undefined ? [] : selecting
        .filter((p) => p !== policy && p.priority === policy.priority)
        .map((p) => this.firstMatch(p, rulesOf(p), other, port, protocol, destPorts))
        .filter((m): m is AdminMatch => m !== undefined && outcome(m.rule.action) !== outcome(match.rule.action)));

    // Admin tier. "The relative precedence of ingress rules within a single ANP object (all of
    // which share the priority) will be determined by the order in which the rule is written.
    // Thus, a rule that appears at the top of the ingress rules would take the highest
    // precedence." (likewise egress)
    for (const policy of adminSelecting) {
      const match = this.firstMatch(policy, rulesOf(policy), other, port, protocol, destPorts);
      if (!match) continue;
      ties = tiesOf(adminSelecting, policy, match, (action) => action);
      // "Allow: allows the selected traffic (even if it would otherwise have been denied by
      // NetworkPolicy)"; "Deny: denies the selected traffic"; "Pass: instructs the selected
      // traffic to skip any remaining ANP rules, and then pass execution to any NetworkPolicies
      // that select the pod. If the pod is not selected by any NetworkPolicies then execution is
      // passed to any BaselineAdminNetworkPolicies that select the pod."
      if (match.rule.action === 'Pass') {
        passedBy = match;
        break;
      }
      return verdict(admits(match.rule.action), 'admin', match, false);
    }

    // NetworkPolicy tier: a pod isolated in this direction is decided here ("the only allowed
    // connections [...] are those allowed by the [...] list of some NetworkPolicy that applies to
    // the pod"), and never reaches the baseline tier.
    baselineSelecting = this.baselines.filter((p) => rulesOf(p).length > 0 && this.subjectSelects(p, self));
    const baselineSelects = baselineSelecting.length > 0;
    if (networkPolicy.isolatedBy.length > 0) {
      return verdict(networkPolicy.allowed, 'networkpolicy', undefined, baselineSelects);
    }

    // Baseline tier: "the list of Ingress rules to be applied to the selected pods if they are not
    // matched by any AdminNetworkPolicy or NetworkPolicy rules", in the order written; policies
    // by priority. A ClusterNetworkPolicy Pass "passes evaluation to the next tier": after the
    // baseline tier, the default, which allows.
    for (const policy of baselineSelecting) {
      const match = this.firstMatch(policy, rulesOf(policy), other, port, protocol, destPorts);
      if (!match) continue;
      // A baseline Pass hands the connection to the default, which allows it: as an Accept does.
      baselineTies = tiesOf(baselineSelecting, policy, match, (action) => (action === 'Deny' ? 'Deny' : 'Accept'));
      return verdict(match.rule.action !== 'Deny', 'baseline', match, baselineSelects);
    }
    // No policy of any tier decides: the connection is allowed.
    return verdict(true, 'default', undefined, baselineSelects);
  }

  /**
   * Whether a networks CIDR holds every pod address: a whole address family (`0.0.0.0/0`,
   * `::/0`), or, given the cluster's pod CIDRs, the whole of one of them.
   */
  private holdsEveryPod(block: IpBlock): boolean {
    if (block.cidr[1] === 0 && block.except.length === 0) return true;
    if (!this.podRanges) return false;
    const ranges = ipBlockRanges(block);
    return this.podRanges.some((pod) => ranges.some((r) => rangeCovers(r, pod)));
  }

  /**
   * Whether `networks` hold the pods of `w`: with their addresses known (a live dump), when every
   * pod has an address in them — a selector likewise selects a workload only when it selects every
   * one of its pods; otherwise when one of them holds every pod address (`holdsEveryPod`).
   */
  private networksHoldPods(networks: readonly IpBlock[], w: PodShape): boolean {
    if (w.podIps) {
      return w.podIps.every((ips) => ips.some((ip) => {
        const address = parseAddress(ip);
        return address !== undefined && networks.some((n) => ipBlockContains(n, address));
      }));
    }
    return networks.some((n) => this.holdsEveryPod(n));
  }

  /** The first rule of `rules` whose ports and peers match, or undefined. */
  private firstMatch(
    policy: CompiledAdminPolicy,
    rules: readonly AdminRule[],
    other: Endpoint,
    port: number,
    protocol: Protocol,
    destPorts: readonly ContainerPort[] | undefined,
  ): AdminMatch | undefined {
    for (const rule of rules) {
      const portMatch = rule.ports === undefined ? 'any port' : rule.ports.describeMatch(port, protocol, destPorts);
      if (portMatch === undefined) continue;
      const peer = rule.peers.find((p) => this.peerMatches(p, other));
      if (peer) return { policy, rule, peer: `${rule.direction === 'ingress' ? 'from' : 'to'}[${peer.index}] ${peer.text}`, port: portMatch };
    }
    return undefined;
  }

  /**
   * The subject: "Note that host-networked pods are not included in subject selection." An empty
   * namespace selector "selects all Namespaces", an empty pod selector "selects all Pods".
   */
  public subjectSelects(policy: CompiledAdminPolicy, w: PodShape): boolean {
    if (w.hostNetwork) return false;
    if (!selectorMatches(policy.subject.namespaceSelector, w.namespaceLabels ?? this.namespaceLabels.get(w.namespace) ?? {})) return false;
    return !policy.subject.podSelector || selectorMatches(policy.subject.podSelector, w.selectorLabels ?? w.podLabels);
  }

  private peerMatches(peer: AdminPeer, other: Endpoint): boolean {
    if (other.kind === 'address') {
      // "Networks defines a way to select peers via CIDR blocks. This is intended for
      // representing entities that live outside the cluster".
      return (peer.networks ?? []).some((n) => ipBlockContains(n, other.address));
    }
    return this.peerMatchesPod(peer, other.workload);
  }

  /** Whether a peer matches the pods of a workload (or of an identity group). */
  public peerMatchesPod(peer: AdminPeer, w: PodShape): boolean {
    // "note that cluster-internal traffic will be checked against the rule as well. So if you
    // Allow or Deny traffic to "0.0.0.0/0", that will allow or deny all IPv4 pod-to-pod traffic
    // as well."
    if (peer.networks) return this.networksHoldPods(peer.networks, w);
    if (peer.nodes) return w.hostNetwork && selectorMatches(peer.nodes, w.nodeLabels ?? ASSUMED_NODE_LABELS);
    if (peer.domainNames) return false;
    // "Note that host-networked pods are not included in this type of peer."
    if (w.hostNetwork) return false;
    if (!selectorMatches(peer.namespaceSelector!, w.namespaceLabels ?? this.namespaceLabels.get(w.namespace) ?? {})) return false;
    return !peer.podSelector || selectorMatches(peer.podSelector, w.selectorLabels ?? w.podLabels);
  }
}

/**
 * `AdminNetworkPolicy/deny-web (priority 10) spec.ingress[0] 'deny-from-web'`,
 * `ClusterNetworkPolicy/deny-web (Admin tier, priority 10) spec.ingress[0]`
 */
export function ruleText(m: AdminMatch): string {
  const tier = m.policy.kind === 'ClusterNetworkPolicy' ? `${m.policy.tier === 'admin' ? 'Admin' : 'Baseline'} tier, ` : '';
  const priority = m.policy.priority === undefined ? '' : ` (${tier}priority ${m.policy.priority})`;
  const name = m.rule.name === undefined ? '' : ` '${m.rule.name}'`;
  return `${m.policy.id}${priority} spec.${m.rule.direction}[${m.rule.index}]${name}`;
}
