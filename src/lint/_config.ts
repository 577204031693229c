/**
 * Lint configuration shared by the `netpatterns` CLI and `NetworkPatternsValidation` (internal):
 * the `.netpatterns.yaml` file, its schema check, and the `--assume-workload` syntax.
 *
 * ```yaml
 * # .netpatterns.yaml — found in the working directory or the nearest directory above it
 * lint:
 *   disable: [missing-readiness-probe]
 *   severity:
 *     image-latest-or-untagged: error
 *   acknowledgements:
 *     - rule: workload-unreachable-behind-service
 *       object: Service/shop/legacy
 *       reason: reached through a port-forward only
 * assumeWorkloads:
 *   - envoy-gateway-system:app.kubernetes.io/name=envoy      # the --assume-workload syntax, or:
 *   - namespace: monitoring
 *     name: prometheus
 *     podLabels: { app.kubernetes.io/name: prometheus }
 *     ports: [9090]
 * ```
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'yaml';
import { mergeWorkloads } from './_annotations';
import { Acknowledgement, Severity } from './finding';
import { hasOwn } from '../_collections';
import { DNS1123_LABEL, DNS1123_SUBDOMAIN } from '../_vocabulary';
import { isLabelKey, isLabelValue } from '../analysis/_selector';
import type { AssumedWorkload, WorkloadPort } from '../analysis/reachability';

/** The name of the configuration file, looked for from the working directory upward. */
export const CONFIG_FILE = '.netpatterns.yaml';

/** The lint settings of a configuration file, flags or plugin properties. */
export interface LintSettings {
  /** Rule ids not to run. */
  readonly disabledRules: string[];
  /** A severity per rule id. */
  readonly severityOverrides: { [rule: string]: Severity };
  /** Findings to leave out. */
  readonly acknowledgements: Acknowledgement[];
  /** Pods the cluster runs that the manifests do not hold. */
  readonly extraWorkloads: AssumedWorkload[];
}

/** No settings. */
export const NO_SETTINGS: LintSettings = { disabledRules: [], severityOverrides: {}, acknowledgements: [], extraWorkloads: [] };

/**
 * The severities `netpatterns lint` and `NetworkPatternsValidation` use unless told otherwise:
 * the pod-hardening rules are warnings for manifests this library did not write (a Deployment
 * from the Kubernetes docs sets no securityContext and uses `nginx:1.14.2`), so the networking
 * errors stay the ones that fail CI. The library's own constructs keep them errors at synthesis.
 */
export const TOOL_SEVERITY_DEFAULTS: { [rule: string]: Severity } = {
  'pod-security-restricted': Severity.WARNING,
  'image-latest-or-untagged': Severity.WARNING,
};

/** The nearest `.netpatterns.yaml` in `dir` or a directory above it, if any. */
export function findConfigFile(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    const candidate = path.join(current, CONFIG_FILE);
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * Reads and checks a configuration file.
 *
 * @throws naming the file (and the key) when it cannot be read, is not YAML, or does not fit the schema
 */
export function readConfigFile(file: string, ruleIds: readonly string[]): LintSettings {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException)?.code === 'ENOENT' ? 'no such file or directory' : String((e as Error)?.message ?? e).split('\n')[0]}`);
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new Error(`malformed YAML in ${file}: ${doc.errors[0].message.split('\n')[0].replace(/:$/, '')}`);
  }
  return parseSettings(doc.toJS() ?? {}, file, ruleIds);
}

/**
 * Checks a configuration value (a parsed `.netpatterns.yaml`, or a validation plugin's
 * `properties`). Unknown keys and bad values are errors naming `source` and the key.
 */
export function parseSettings(value: unknown, source: string, ruleIds: readonly string[]): LintSettings {
  const top = mapping(value, source, '(top level)');
  onlyKeys(top, ['lint', 'assumeWorkloads'], source, '');
  const lintSection = top.lint === undefined || top.lint === null ? {} : mapping(top.lint, source, 'lint');
  onlyKeys(lintSection, ['disable', 'severity', 'acknowledgements'], source, 'lint.');

  const disabledRules = list(lintSection.disable, source, 'lint.disable').map((rule, i) => ruleId(rule, `${source}: lint.disable[${i}]`, ruleIds));

  const severityOverrides: { [rule: string]: Severity } = {};
  const severity = lintSection.severity === undefined || lintSection.severity === null ? {} : mapping(lintSection.severity, source, 'lint.severity');
  for (const [rule, level] of Object.entries(severity)) {
    ruleId(rule, `${source}: lint.severity`, ruleIds);
    severityOverrides[rule] = severityLevel(level, `${source}: lint.severity.${rule}`);
  }

  const acknowledgements = list(lintSection.acknowledgements, source, 'lint.acknowledgements').map((entry, i) => {
    const key = `lint.acknowledgements[${i}]`;
    const ack = mapping(entry, source, key);
    onlyKeys(ack, ['rule', 'object', 'reason'], source, `${key}.`);
    const rule = ruleId(ack.rule, `${source}: ${key}.rule`, ruleIds);
    if (typeof ack.reason !== 'string' || ack.reason.trim().length === 0) {
      throw new Error(`${source}: ${key}.reason is required, got ${show(ack.reason)}; say why the finding is acceptable`);
    }
    if (ack.object !== undefined && (typeof ack.object !== 'string' || ack.object.length === 0)) {
      throw new Error(`${source}: ${key}.object must be 'Kind/namespace/name' or 'Kind/name', got ${show(ack.object)}`);
    }
    return ack.object === undefined ? { rule, reason: ack.reason } : { rule, reason: ack.reason, object: ack.object };
  });

  const extraWorkloads = list(top.assumeWorkloads, source, 'assumeWorkloads').map((entry, i) => {
    const key = `assumeWorkloads[${i}]`;
    return typeof entry === 'string' ? parseAssumeWorkload(entry, `${source}: ${key}`, i + 1) : workloadObject(entry, source, key);
  });
  return { disabledRules, severityOverrides, acknowledgements, extraWorkloads: mergeWorkloads([], extraWorkloads) };
}

/**
 * Parses `--assume-workload` syntax: `<namespace>[/<name>]:<key>=<value>[,<key>=<value>...]`,
 * e.g. `envoy-gateway-system:app.kubernetes.io/name=envoy`. The name defaults to the label values
 * joined with `-` (`envoy`), or `assumed-<n>` when they make no name.
 *
 * @param where who is parsing, for messages (`--assume-workload`, `file: assumeWorkloads[0]`)
 * @param n the position of the workload among those declared (for the default name)
 */
export function parseAssumeWorkload(text: unknown, where: string, n: number): AssumedWorkload {
  const fix = 'give <namespace>[/<name>]:<key>=<value>[,<key>=<value>...], e.g. envoy-gateway-system:app.kubernetes.io/name=envoy';
  const value = typeof text === 'string' ? text.trim() : '';
  const colon = value.indexOf(':');
  if (colon < 0) throw new Error(`${where} ${show(text)} has no pod labels; ${fix}`);
  if (colon === 0) throw new Error(`${where} ${show(text)} has no namespace; ${fix}`);
  const head = value.slice(0, colon);
  const slash = head.indexOf('/');
  const namespace = slash < 0 ? head : head.slice(0, slash);
  let name = slash < 0 ? '' : head.slice(slash + 1);
  if (slash >= 0 && name.length === 0) throw new Error(`${where} ${show(text)}: the name after '/' is empty; ${fix}`);
  if (!DNS1123_LABEL.test(namespace) || namespace.length > 63) throw new Error(`${where} ${show(text)}: namespace '${namespace}' is not a DNS-1123 label; ${fix}`);
  const podLabels: { [key: string]: string } = {};
  for (const pair of value.slice(colon + 1).split(',')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? '' : pair.slice(0, eq).trim();
    if (key.length === 0) throw new Error(`${where} ${show(text)}: label '${pair}' is not <key>=<value>; ${fix}`);
    if (hasOwn(podLabels, key)) throw new Error(`${where} ${show(text)}: label key '${key}' is given twice; give each key once`);
    podLabels[key] = pair.slice(eq + 1).trim();
  }
  checkLabelMap(podLabels, `${where} ${show(text)}`);
  if (name.length === 0) name = defaultName(podLabels, n);
  if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(name)) throw new Error(`${where} ${show(text)}: name '${name}' is not a DNS-1123 subdomain; ${fix}`);
  return { namespace, name, podLabels };
}

/**
 * Parses one `--severity` value, `<rule>=warning|error`.
 *
 * @throws naming the flag when the rule is unknown or the level is not `warning` or `error`
 */
export function parseSeverityFlag(text: string, ruleIds: readonly string[]): [string, Severity] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`--severity '${text}' is not <rule>=warning|error; e.g. --severity pod-security-restricted=error`);
  const rule = ruleId(text.slice(0, eq), '--severity', ruleIds);
  return [rule, severityLevel(text.slice(eq + 1), `--severity ${rule}`)];
}

/**
 * Parses `--disable` values (each a comma-separated list of rule ids).
 *
 * @throws naming the flag when a rule is unknown
 */
export function parseDisableFlags(values: readonly string[], ruleIds: readonly string[]): string[] {
  return values.flatMap(v => v.split(',')).map(r => r.trim()).filter(r => r.length > 0)
    .map(r => ruleId(r, '--disable', ruleIds));
}

/**
 * `later` layered over `earlier`: disabled rules and acknowledgements add up, severities and
 * workloads of `later` win.
 */
export function layerSettings(earlier: LintSettings, later: LintSettings): LintSettings {
  return {
    disabledRules: [...new Set([...earlier.disabledRules, ...later.disabledRules])],
    severityOverrides: { ...earlier.severityOverrides, ...later.severityOverrides },
    acknowledgements: [...earlier.acknowledgements, ...later.acknowledgements],
    extraWorkloads: mergeWorkloads(later.extraWorkloads, earlier.extraWorkloads),
  };
}

/** The label values joined with `-`, as a DNS-1123 label; `assumed-<n>` when that is empty. */
function defaultName(podLabels: { [key: string]: string }, n: number): string {
  const joined = Object.values(podLabels).join('-').toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 63).replace(/^-+|-+$/g, '');
  return joined.length > 0 ? joined : `assumed-${n}`;
}

function workloadObject(entry: unknown, source: string, key: string): AssumedWorkload {
  const w = mapping(entry, source, key);
  onlyKeys(w, ['namespace', 'name', 'podLabels', 'namespaceLabels', 'ports'], source, `${key}.`);
  for (const field of ['namespace', 'name']) {
    if (typeof w[field] !== 'string' || w[field].length === 0) {
      throw new Error(`${source}: ${key}.${field} is required, got ${show(w[field])}; give the ${field} of the pods`);
    }
  }
  if (w.namespace.length > 63 || !DNS1123_LABEL.test(w.namespace)) {
    throw new Error(`${source}: ${key}.namespace must be a namespace name (a DNS-1123 label: at most 63 lowercase letters, digits and '-'), got ${show(w.namespace)}`);
  }
  if (w.name.length > 253 || !DNS1123_SUBDOMAIN.test(w.name)) {
    throw new Error(`${source}: ${key}.name must be a Kubernetes name (at most 253 lowercase letters, digits, '-' and '.'), got ${show(w.name)}`);
  }
  const podLabels = stringMap(w.podLabels, source, `${key}.podLabels`);
  if (Object.keys(podLabels).length === 0) {
    throw new Error(`${source}: ${key}.podLabels is required, got ${show(w.podLabels)}; give the labels of the pods`);
  }
  checkLabelMap(podLabels, `${source}: ${key}.podLabels`);
  if (w.namespaceLabels !== undefined) checkLabelMap(stringMap(w.namespaceLabels, source, `${key}.namespaceLabels`), `${source}: ${key}.namespaceLabels`);
  const ports: WorkloadPort[] = list(w.ports, source, `${key}.ports`).map((p, i) => port(p, source, `${key}.ports[${i}]`));
  return {
    namespace: w.namespace,
    name: w.name,
    podLabels,
    ...(w.namespaceLabels !== undefined ? { namespaceLabels: stringMap(w.namespaceLabels, source, `${key}.namespaceLabels`) } : {}),
    ...(ports.length > 0 ? { ports } : {}),
  };
}

function port(value: unknown, source: string, key: string): WorkloadPort {
  const fix = 'give a port number 1-65535, or { port, protocol?, name? }';
  const p = typeof value === 'object' && value !== null ? mapping(value, source, key) : { port: value };
  onlyKeys(p, ['port', 'protocol', 'name'], source, `${key}.`);
  if (typeof p.port !== 'number' || !Number.isInteger(p.port) || p.port < 1 || p.port > 65535) {
    throw new Error(`${source}: ${key} is not a port, got ${show(p.port)}; ${fix}`);
  }
  if (p.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) {
    throw new Error(`${source}: ${key}.protocol must be TCP, UDP or SCTP, got ${show(p.protocol)}`);
  }
  if (p.name !== undefined && typeof p.name !== 'string') {
    throw new Error(`${source}: ${key}.name must be a string, got ${show(p.name)}`);
  }
  return { port: p.port, ...(p.protocol ? { protocol: p.protocol } : {}), ...(p.name ? { name: p.name } : {}) };
}

/** `value` when it is a rule id; `where` says who names it (`file: lint.disable[0]`, `--disable`). */
function ruleId(value: unknown, where: string, ruleIds: readonly string[]): string {
  if (typeof value !== 'string' || !ruleIds.includes(value)) {
    throw new Error(`${where} names unknown rule ${show(value)}; use one of ${ruleIds.join(', ')}`);
  }
  return value;
}

/** `value` when it is a severity; `where` says who gives it. */
function severityLevel(value: unknown, where: string): Severity {
  const levels: string[] = Object.values(Severity);
  if (typeof value !== 'string' || !levels.includes(value)) {
    throw new Error(`${where} has severity ${show(value)}; use 'warning' or 'error'`);
  }
  return value as Severity;
}

function mapping(value: unknown, source: string, key: string): { [key: string]: any } {
  const proto = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value) || (proto !== Object.prototype && proto !== null)) {
    throw new Error(`${source}: ${key} must be a mapping, got ${show(value)}`);
  }
  return value as { [key: string]: any };
}

function list(value: unknown, source: string, key: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${source}: ${key} must be a list, got ${show(value)}`);
  return value;
}

/** Refuses label keys and values the API server refuses, naming where they were written. */
function checkLabelMap(labels: { [key: string]: string }, where: string): void {
  for (const [key, value] of Object.entries(labels)) {
    if (!isLabelKey(key)) throw new Error(`${where}: '${key}' is not a valid label key ([prefix/]name, e.g. app.kubernetes.io/name)`);
    if (!isLabelValue(value)) throw new Error(`${where}: ${key}=${value} is not a valid label value (at most 63 letters, digits, '-', '_' and '.')`);
  }
}

function stringMap(value: unknown, source: string, key: string): { [key: string]: string } {
  const m = mapping(value, source, key);
  for (const [k, v] of Object.entries(m)) {
    if (typeof v !== 'string') throw new Error(`${source}: ${key}.${k} must be a string, got ${show(v)}; quote it`);
  }
  return m as { [key: string]: string };
}

function onlyKeys(value: { [key: string]: unknown }, allowed: readonly string[], source: string, prefix: string): void {
  for (const k of Object.keys(value)) {
    if (!allowed.includes(k)) {
      throw new Error(`${source}: unknown key '${prefix}${k}'; allowed: ${allowed.map(a => `${prefix}${a}`).join(', ')}`);
    }
  }
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
