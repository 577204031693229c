/**
 * The engine of the public-API input test: wrong values per kind of prop, a fresh App per call,
 * and the classification of what each call did.
 *
 * A call is classified as:
 * - `house`    — an `Error` at construct (or call) time whose message starts with the owner
 *                (`ExposedApp 'x': `, `Exposure.nodePort: `, or a factory naming what it builds,
 *                `Peer.pods 'redis': `) and names the prop: what we want;
 * - `accepted` — no error and valid output, for a value the table marks as legitimately accepted;
 * - `silent`   — no error and valid output for a value that should have been refused (a silent
 *                coercion: `command: 'node server.js'` becoming a character array);
 * - `invalid`  — no error, but the output fails the Kubernetes 1.28 schema test (`test/util/schema.ts`);
 * - `crash`    — a `TypeError`, `ReferenceError` or `RangeError` (or a thrown non-Error);
 * - `foreign`  — an `Error` in another voice (cdk8s's, or ours without the owner or the prop);
 * - `late`     — accepted at construct time, refused only at synthesis;
 * - `refused`  — a value the table marks as legitimately accepted was refused.
 */
import { App, Chart } from 'cdk8s';
import { ZeroTrustNamespace } from '../../src';
import { validateManifests } from '../util';

/** The kinds of prop the table knows wrong values for. */
export type Kind =
  | 'string' | 'number' | 'boolean'
  | 'stringArray' | 'numberArray' | 'stringMap'
  | 'instance' | 'struct' | 'structArray';

/** One public prop (or positional argument) of a target. */
export interface PropSpec {
  /** Dotted path inside the args (`ports.0.port`), or `(args)` for the whole props object. */
  readonly path: string;
  readonly kind: Kind;
  readonly required?: boolean;
  /** Labels of generated values that are legitimately accepted for this prop. */
  readonly accepts?: string[];
  /** Prop-specific wrong values, by label. */
  readonly extra?: { [label: string]: unknown };
  /** Values merged into the base args before this prop is set (e.g. the `ports` form). */
  readonly with?: { [key: string]: unknown };
  /** Another word that names the prop in a message (the last path segment always does). */
  readonly word?: string;
}

/** What one call gets: a fresh App, a ZeroTrustNamespace `prod` in it and a plain Chart. */
export interface Ctx {
  readonly app: App;
  readonly ns: ZeroTrustNamespace;
  readonly chart: Chart;
}

/** A public constructor, factory or method under test. */
export interface Target {
  /** `ExposedApp`, `Exposure.nodePort`, `IngressGateway.addRoute`. */
  readonly name: string;
  /** The message prefix of this target's errors: `ExposedApp '` (then the id) or `Exposure.nodePort`. */
  readonly owner: string;
  /** Whether the call produces manifests in the App (then they are synthesized and schema-checked). */
  readonly synthesizes: boolean;
  readonly props: PropSpec[];
  /** Valid args (created in `ctx`, so they may hold constructs). */
  base(ctx: Ctx): any;
  /** Makes the call; returns plain objects to check when the call has no chart output. */
  run(ctx: Ctx, args: any): unknown;
}

export type Outcome = 'house' | 'accepted' | 'silent' | 'invalid' | 'crash' | 'foreign' | 'late' | 'refused';

/** One call and what it did. */
export interface Result {
  readonly target: string;
  readonly prop: string;
  readonly label: string;
  readonly outcome: Outcome;
  readonly detail: string;
}

const LONG = 'a'.repeat(1000);

/** The values every prop gets, whatever its kind. */
const COMMON: { [label: string]: unknown } = {
  'null': null,
  'NaN': NaN,
  'float': 1.5,
  'negative': -1,
  'empty string': '',
  '1000-character string': LONG,
};

/** Wrong types (and wrong shapes) per kind. */
const BY_KIND: { [kind in Kind]: { [label: string]: unknown } } = {
  string: { number: 42, array: ['x'], object: {} },
  number: { 'numeric string': '8080', 'string': 'abc', 'boolean': true, 'array': [8080], 'Infinity': Infinity, 'beyond int32': 2 ** 31 },
  boolean: { string: 'true', number: 1, object: {} },
  stringArray: {
    'string': 'node server.js',
    'object': {},
    'number element': [42],
    'null element': [null],
    'empty-string element': [''],
    'empty array': [],
  },
  numberArray: {
    'string': '443',
    'object': {},
    'string element': ['443'],
    'null element': [null],
    'float element': [1.5],
    'empty array': [],
  },
  stringMap: {
    'string': 'x',
    'array': ['x'],
    'number value': { PORT: 8080 },
    'null value': { KEY: null },
    'invalid key': { 'bad key!': 'v' },
    'empty map': {},
  },
  instance: { string: 'loadBalancer', object: {}, number: 42, array: [] },
  struct: { string: 'x', array: [], number: 42 },
  structArray: { 'string': 'x', 'object': {}, 'null element': [null], 'string element': ['x'], 'empty array': [] },
};

/** The labelled values a prop is fed. */
export function valuesFor(prop: PropSpec): Array<[string, unknown]> {
  const values: Array<[string, unknown]> = [];
  if (prop.required) {
    values.push(['missing', undefined]);
  }
  for (const [label, value] of Object.entries({ ...COMMON, ...BY_KIND[prop.kind], ...prop.extra })) {
    values.push([label, value]);
  }
  return values;
}

function newCtx(): Ctx {
  const app = new App({ outdir: '/tmp/netpatterns-inputs-fuzz' });
  const ns = new ZeroTrustNamespace(app, 'prod');
  const chart = new Chart(app, 'plain');
  return { app, ns, chart };
}

function setPath(args: any, path: string, value: unknown, remove: boolean): any {
  if (path === '(args)') {
    return value;
  }
  const parts = path.split('.');
  let at = args;
  for (const part of parts.slice(0, -1)) {
    at = at[part];
  }
  const last = parts[parts.length - 1];
  if (remove) {
    delete at[last];
  } else {
    at[last] = value;
  }
  return args;
}

function clone(value: any): any {
  if (Array.isArray(value)) return value.map(clone);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]));
  }
  return value;
}

function isCrash(e: unknown): boolean {
  return !(e instanceof Error) || e instanceof TypeError || e instanceof ReferenceError || e instanceof RangeError;
}

function inHouseVoice(target: Target, prop: PropSpec, message: string): boolean {
  const prefixed = target.owner.endsWith("'")
    ? message.startsWith(target.owner) && /^[^\n]*?': /.test(message.slice(target.owner.length - 1))
    : message.startsWith(`${target.owner}: `) || (message.startsWith(`${target.owner} '`) && /^[^\n]*?': /.test(message.slice(target.owner.length + 1)));
  const words = prop.path === '(args)'
    ? ['props', 'options', ...(prop.word ? [prop.word] : [])]
    : [prop.path.split('.').filter(p => !/^\d+$/.test(p)).pop()!, ...(prop.word ? [prop.word] : [])];
  return prefixed && words.some(w => message.toLowerCase().includes(w.toLowerCase())) && !message.includes('[object Object]');
}

/** A value as messages show it. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `the string '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json.length > 60 ? `${json.slice(0, 60)}…` : json;
  } catch {
    return String(value);
  }
}

function short(text: string): string {
  const line = text.split('\n').slice(0, 3).join(' | ');
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** Runs one call of `target` with `prop` set to `value` and classifies it. */
export function classify(target: Target, prop: PropSpec, label: string, value: unknown): Result {
  const result = (outcome: Outcome, detail: string): Result => ({ target: target.name, prop: prop.path, label, outcome, detail });
  const ctx = newCtx();
  let returned: unknown;
  try {
    let args = clone({ ...target.base(ctx), ...prop.with });
    args = setPath(args, prop.path, value, value === undefined);
    returned = target.run(ctx, args);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (isCrash(e)) return result('crash', `${(e as Error)?.constructor?.name}: ${short(message)}`);
    if ((prop.accepts ?? []).includes(label)) return result('refused', short(message));
    return inHouseVoice(target, prop, message) ? result('house', short(message)) : result('foreign', short(message));
  }
  let objects: any[] = [];
  if (target.synthesizes) {
    try {
      objects = ctx.app.charts.flatMap(c => c.toJson());
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return result(isCrash(e) ? 'crash' : 'late', short(message));
    }
  } else if (Array.isArray(returned)) {
    objects = returned;
  }
  const problems = target.synthesizes ? validateManifests(objects) : [];
  if (problems.length > 0) {
    return result('invalid', short(problems.join('\n')));
  }
  const accepted = (prop.accepts ?? []).includes(label);
  return result(accepted ? 'accepted' : 'silent', accepted ? '' : `accepted ${describe(value)}`);
}

/** Every call of the table. */
export function runTable(targets: Target[]): Result[] {
  const results: Result[] = [];
  for (const target of targets) {
    for (const prop of target.props) {
      for (const [label, value] of valuesFor(prop)) {
        results.push(classify(target, prop, label, value));
      }
    }
  }
  return results;
}

/** Counts per outcome. */
export function countOutcomes(results: Result[]): { [o in Outcome]: number } {
  const counts = { house: 0, accepted: 0, silent: 0, invalid: 0, crash: 0, foreign: 0, late: 0, refused: 0 };
  for (const r of results) counts[r.outcome]++;
  return counts;
}
