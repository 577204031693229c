/**
 * Internal run-time checks of the types and presence of public inputs.
 *
 * TypeScript callers get these checks from the compiler; plain-JavaScript callers and values read
 * from configuration files do not, and a wrong type must not become a `TypeError` deep inside the
 * library nor, worse, silently wrong output (`command: 'node server.js'` spread into characters).
 * Each entry point describes its props once as a {@link Spec} and calls {@link checkProps} (or
 * {@link checkArg} for a positional argument) first thing; the value rules that need the right
 * type (ranges, name syntax) stay in `_validate.ts` and run after.
 *
 * Messages follow the house voice: `<owner>: <prop> must be <expected>, got <value>; <fix>`.
 * `null` is refused like any other wrong type: an optional prop is omitted, not set to null.
 */
import { didYouMean } from './analysis/_suggest';
import { Severity } from './lint/finding';

/** Checks one value and throws in the house voice. `what` is the prop's path (`ports[0].port`). */
export type Checker = (owner: string, what: string, value: unknown) => void;

/** The checks of a props object: one per prop; wrap required ones in {@link required}. */
export interface Spec {
  readonly [prop: string]: Checker;
}

const REQUIRED = Symbol('required');
/** What a checker checks inside its value: a struct's spec, or the checker of an array's or map's elements. */
const NESTED = Symbol('nested');

/** Records on `checker` what it checks inside (for {@link nestedSpecOf}). */
function nests<T extends Checker>(checker: T, inner: Spec | Checker): T {
  (checker as any)[NESTED] = inner;
  return checker;
}

/**
 * The spec of the struct a checker checks — through `required`, `arrayOf` and `mapOf` — or
 * undefined (tests compare it with the public interface, so no field is missing from the checks).
 */
export function nestedSpecOf(checker: Checker): Spec | undefined {
  const inner = (checker as any)[NESTED] as Spec | Checker | undefined;
  if (inner === undefined) return undefined;
  return typeof inner === 'function' ? nestedSpecOf(inner) : inner;
}

/** Throws `${owner}: ${message}`. */
function fail(owner: string, message: string): never {
  throw new Error(`${owner}: ${message}`);
}

/**
 * A value as messages show it: strings quoted (and said to be strings where a number was
 * expected), long values shortened, objects by their class.
 */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const text = value.length > 60 ? `${value.slice(0, 60)}… (${value.length} characters)` : value;
    return `the string '${text}'`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `the array ${shorten(safeJson(value))}`;
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== null && proto !== Object.prototype) {
      return `an instance of ${proto.constructor?.name ?? 'an unknown class'}`;
    }
    return `the object ${shorten(safeJson(value))}`;
  }
  return String(value);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Marks a prop as required: `undefined` is refused with "is required". */
export function required(checker: Checker, hint?: string): Checker {
  const check: Checker = (owner, what, value) => {
    if (value === undefined) {
      fail(owner, `${what} is required, got undefined${hint ? `; ${hint}` : ''}`);
    }
    checker(owner, what, value);
  };
  (check as any)[REQUIRED] = true;
  return nests(check, checker);
}

/**
 * Checks the props object of a constructor or the options of a factory against `spec`: a plain
 * object (or `undefined` when nothing is required), each prop of the right type.
 */
export function checkProps(owner: string, props: unknown, spec: Spec, what = 'props'): void {
  if (!isPlainObject(props)) {
    fail(owner, `${what} must be an object of named props, got ${show(props)}`);
  }
  const bare = what === 'props' || what === 'options' || what === 'arguments';
  const read = entriesOf(spec);
  for (const entry of read.entries) {
    const value = props[entry.name];
    if (value !== undefined || entry.required) {
      entry.checker(owner, bare ? entry.name : `${what}.${entry.name}`, value);
    }
  }
  for (const key in props) {
    // A misspelt optional prop (`prot: 8080`, `replica: 3`) would be ignored and its default used.
    if (!read.names.has(key) && props[key] !== undefined) {
      const where = bare ? `the ${what}` : what;
      fail(owner, `${bare ? key : `${what}.${key}`} is not a known field of ${where}, got ${show(props[key])}`
        + `${didYouMean(key, [...read.names]) || `; the fields are ${[...read.names].join(', ')}`}`);
    }
  }
}

interface SpecEntry {
  readonly name: string;
  readonly checker: Checker;
  readonly required: boolean;
}

/** A spec as `checkProps` reads it: its entries, and the names it knows. */
interface ReadSpec {
  readonly entries: readonly SpecEntry[];
  readonly names: ReadonlySet<string>;
}

/** Each spec, read once: specs are constant tables, and every construction checks its props. */
const specEntries = new WeakMap<Spec, ReadSpec>();

function entriesOf(spec: Spec): ReadSpec {
  let read = specEntries.get(spec);
  if (!read) {
    const names = Object.keys(spec);
    read = {
      entries: names.map((name) => ({ name, checker: spec[name], required: (spec[name] as any)[REQUIRED] === true })),
      names: new Set(names),
    };
    specEntries.set(spec, read);
  }
  return read;
}

/** Checks one positional argument; `undefined` passes unless the checker is {@link required}. */
export function checkArg(owner: string, what: string, value: unknown, checker: Checker): void {
  if (value !== undefined || (checker as any)[REQUIRED]) {
    checker(owner, what, value);
  }
}

/** A string; with `nonEmpty`, not `''`. */
export function str(options: { nonEmpty?: boolean; hint?: string } = {}): Checker {
  return (owner, what, value) => {
    if (typeof value !== 'string') {
      fail(owner, `${what} must be a string, got ${show(value)}${options.hint ? `; ${options.hint}` : ''}`);
    }
    if (options.nonEmpty && value.trim().length === 0) {
      fail(owner, `${what} must not be empty, got ${show(value)}${options.hint ? `; ${options.hint}` : ''}`);
    }
  };
}

/**
 * A number (a numeric string says it is a string). Ranges and integrality are the value rules of
 * `_validate.ts` (`validatePort`, `validateReplicas`, …), which run after.
 */
export const num: Checker = (owner, what, value) => {
  if (typeof value !== 'number') {
    const hint = typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))
      ? `; write ${Number(value)} without quotes` : '';
    fail(owner, `${what} must be a number, got ${show(value)}${hint}`);
  }
};

/** A boolean (not `'true'`, not `1`). */
export const bool: Checker = (owner, what, value) => {
  if (typeof value !== 'boolean') {
    fail(owner, `${what} must be true or false, got ${show(value)}`);
  }
};

/**
 * An array whose elements pass `element`; with `nonEmpty`, at least one. With `splitStrings`, a
 * string where an array was expected is refused with the array it probably meant
 * (`'node server.js'` → `['node', 'server.js']`).
 */
export function arrayOf(element: Checker, options: { nonEmpty?: boolean; noun?: string; splitStrings?: boolean } = {}): Checker {
  const noun = options.noun ?? 'values';
  return nests((owner, what, value) => {
    if (!Array.isArray(value)) {
      const hint = options.splitStrings && typeof value === 'string' && value.trim().length > 0
        ? `; give an array, e.g. [${value.trim().split(/\s+/).map(v => `'${v}'`).join(', ')}]` : '';
      fail(owner, `${what} must be an array of ${noun}, got ${show(value)}${hint}`);
    }
    if (options.nonEmpty && value.length === 0) {
      fail(owner, `${what} must not be empty, got []; give at least one of the ${noun}`);
    }
    value.forEach((v, i) => element(owner, `${what}[${i}]`, v));
  }, element);
}

/** An array of strings (each non-empty with `nonEmptyElements`). */
export function strings(options: { nonEmpty?: boolean; nonEmptyElements?: boolean } = {}): Checker {
  return arrayOf(str({ nonEmpty: options.nonEmptyElements }), { nonEmpty: options.nonEmpty, noun: 'strings', splitStrings: true });
}

/** A map of string keys to values passing `element` (strings by default). */
export function mapOf(element: Checker = str(), noun = 'strings'): Checker {
  return nests((owner, what, value) => {
    if (!isPlainObject(value)) {
      fail(owner, `${what} must be an object mapping names to ${noun}, got ${show(value)}`);
    }
    for (const [key, v] of Object.entries(value)) {
      element(owner, `${what}['${key}']`, v);
    }
  }, element);
}

/** A nested struct with its own spec. */
export function struct(spec: Spec, noun = 'an object'): Checker {
  return nests((owner, what, value) => {
    if (!isPlainObject(value)) {
      fail(owner, `${what} must be ${noun}, got ${show(value)}`);
    }
    checkProps(owner, value, spec, what);
  }, spec);
}

/**
 * An instance of a class (a value class built by its static factories, or a construct). `type` is
 * resolved at check time, so modules may refer to each other.
 */
export function instance(type: () => any, noun: string, hint?: string): Checker {
  return (owner, what, value) => {
    if (!(value instanceof type())) {
      fail(owner, `${what} must be ${noun}, got ${show(value)}${hint ? `; ${hint}` : ''}`);
    }
  };
}

/** One of the values of an enum (its Kubernetes wire values). */
export function oneOf(values: () => { [key: string]: string }, enumName: string): Checker {
  return (owner, what, value) => {
    const allowed = Object.values(values());
    if (typeof value !== 'string' || !allowed.includes(value)) {
      const near = typeof value === 'string' ? allowed.find(a => a.toLowerCase() === value.toLowerCase()) : undefined;
      const entry = near ? Object.entries(values()).find(([, v]) => v === near)![0] : undefined;
      fail(owner, `${what} must be one of ${allowed.map(a => `'${a}'`).join(', ')} (${enumName}), got ${show(value)}${entry ? `; use ${enumName}.${entry}` : ''}`);
    }
  };
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Why `key` is not a qualified name (label and annotation keys), or undefined when it is one. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) {
    return 'has more than one /';
  }
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return 'has a prefix that is not a lowercase DNS subdomain';
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return 'has a name part that is not 1-63 letters, digits, \'-\', \'_\' or \'.\' starting and ending with a letter or digit';
  }
  return undefined;
}

/** A label map: qualified-name keys and label values (≤ 63 characters, the label-value syntax). */
export const labels: Checker = (owner, what, value) => {
  mapOf()(owner, what, value);
  for (const [key, v] of Object.entries(value as { [key: string]: string })) {
    const problem = qualifiedNameProblem(key);
    if (problem) {
      fail(owner, `${what} key '${key}' ${problem}; label keys are [prefix/]name, e.g. app.kubernetes.io/name`);
    }
    if (v.length > 63 || !LABEL_VALUE.test(v)) {
      fail(owner, `${what}['${key}'] must be a label value, got ${show(v)}; at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`);
    }
  }
};

/** An annotation map: qualified-name keys, string values, at most 256 KiB in all. */
export const annotations: Checker = (owner, what, value) => {
  mapOf()(owner, what, value);
  let size = 0;
  for (const [key, v] of Object.entries(value as { [key: string]: string })) {
    const problem = qualifiedNameProblem(key);
    if (problem) {
      fail(owner, `${what} key '${key}' ${problem}; annotation keys are [prefix/]name, e.g. example.com/owner`);
    }
    size += key.length + v.length;
  }
  if (size > 256 * 1024) {
    fail(owner, `${what} total ${size} bytes, more than the 256 KiB the API server accepts`);
  }
};

/** A construct (anything with a construct `node`). */
export const construct: Checker = (owner, what, value) => {
  if (value === null || typeof value !== 'object' || !('node' in value)) {
    fail(owner, `${what} must be a construct, got ${show(value)}`);
  }
};

/**
 * A known prop whose value the caller checks itself, with messages of its own (so `checkProps`
 * only refuses names it does not know).
 */
export const checkedByCaller: Checker = () => {};

/** `ReachabilityOptions` (the analyzer checks the assumed workloads' ports and labels and the pod CIDRs itself). */
export const REACHABILITY_OPTIONS: Spec = {
  assumeDns: bool,
  assumeIngressController: bool,
  assumeAcmeSolvers: bool,
  extraWorkloads: arrayOf(struct({
    namespace: required(str()),
    name: required(str()),
    podLabels: required(mapOf()),
    namespaceLabels: checkedByCaller,
    ports: checkedByCaller,
  }), { noun: 'workloads' }),
  podCidrs: checkedByCaller,
  outsideIpv6: bool,
};

/** `DiagramOptions` of `Reachability.toMarkdown` / `toMermaid` / `toDot`. */
export const DIAGRAM_OPTIONS: Spec = { showAssumed: bool, focus: str() };

/** `LintOptions`. */
export const LINT_OPTIONS: Spec = {
  acknowledgements: arrayOf(struct({ rule: required(str()), reason: required(str()), object: str() }), { noun: 'acknowledgements ({ rule, reason, object? })' }),
  reachability: struct(REACHABILITY_OPTIONS),
  disabledRules: arrayOf(str({ nonEmpty: true }), { noun: 'rule ids', splitStrings: true }),
  severityOverrides: mapOf(oneOf(() => Severity, 'Severity'), 'severities'),
};
