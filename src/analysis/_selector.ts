/**
 * Label selectors (metav1.LabelSelector): parsing with the API server's validation, matching, and
 * a canonical form for caching.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import { compare as cmp, DNS1123_SUBDOMAIN, LABEL_NAME_PART } from '../_vocabulary';

export type Labels = Readonly<Record<string, string>>;

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

const OPERATORS: readonly Operator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** One requirement; `matchLabels` entries become `In` with a single value. */
export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** Sorted and without duplicates; empty for Exists and DoesNotExist. */
  readonly values: readonly string[];
}

/**
 * A parsed selector. "The requirements are ANDed"; a selector without requirements ("an empty
 * label selector") matches every object.
 */
export interface Selector {
  /** Sorted by key, operator, values (the canonical order). */
  readonly requirements: readonly Requirement[];
  /** A canonical string: two selectors with the same key select the same objects. */
  readonly key: string;
  /** kubectl's selector syntax (`app=web,tier in (a,b),!legacy`), or `{}` when empty. */
  readonly text: string;
}

const NAME_PART = LABEL_NAME_PART;
const DNS_SUBDOMAIN = DNS1123_SUBDOMAIN;

/**
 * Label keys found valid so far. Manifests repeat a handful of keys (`app.kubernetes.io/name`,
 * `kubernetes.io/metadata.name`, …) on every object, and a key takes two regular expressions to
 * check. Bounded: cleared when full.
 */
const VALID_LABEL_KEYS = new Set<string>();
const VALID_LABEL_KEYS_MAX = 10_000;

/** A label key: an optional DNS-subdomain prefix (<= 253) and '/', then a name (<= 63). */
export function isLabelKey(key: string): boolean {
  if (VALID_LABEL_KEYS.has(key)) return true;
  if (!checkLabelKey(key)) return false;
  if (VALID_LABEL_KEYS.size >= VALID_LABEL_KEYS_MAX) VALID_LABEL_KEYS.clear();
  VALID_LABEL_KEYS.add(key);
  return true;
}

function checkLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (name.length > 63 || !NAME_PART.test(name)) return false;
  if (slash < 0) return true;
  const prefix = key.slice(0, slash);
  return prefix.length > 0 && prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix);
}

/** A label value: empty, or <= 63 alphanumerics, '-', '_' and '.', starting and ending alphanumeric. */
export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && NAME_PART.test(value));
}

/** A DNS-1123 subdomain, the syntax of most object names (NetworkPolicy, Deployment, …). */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && DNS_SUBDOMAIN.test(value);
}

/** The selector that matches everything (`{}`). */
export const MATCH_ALL: Selector = { requirements: [], key: '', text: '{}' };

/**
 * Parses a LabelSelector, appending what the API server would reject to `errors` (each prefixed
 * with `path`). Returns undefined when there is any error.
 */
export function parseSelector(raw: unknown, path: string, errors: string[]): Selector | undefined {
  if (raw === undefined || raw === null) return MATCH_ALL;
  if (!isPlainObject(raw)) {
    errors.push(`${path}: must be a label selector object, got ${describe(raw)}`);
    return undefined;
  }
  const before = errors.length;
  const requirements: Requirement[] = [];

  const matchLabels = raw.matchLabels;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isPlainObject(matchLabels)) {
      errors.push(`${path}.matchLabels: must be a map of strings, got ${describe(matchLabels)}`);
    } else {
      for (const [key, value] of Object.entries(matchLabels)) {
        if (!isLabelKey(key)) errors.push(`${path}.matchLabels: '${key}' is not a valid label key`);
        if (typeof value !== 'string') {
          errors.push(`${path}.matchLabels.${key}: must be a string, got ${describe(value)}`);
        } else if (!isLabelValue(value)) {
          errors.push(`${path}.matchLabels.${key}: '${value}' is not a valid label value`);
        } else {
          requirements.push({ key, operator: 'In', values: [value] });
        }
      }
    }
  }

  const expressions = raw.matchExpressions;
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) {
      errors.push(`${path}.matchExpressions: must be a list, got ${describe(expressions)}`);
    } else {
      expressions.forEach((expr, i) => {
        const r = parseRequirement(expr, `${path}.matchExpressions[${i}]`, errors);
        if (r) requirements.push(r);
      });
    }
  }

  if (errors.length > before) return undefined;
  return makeSelector(requirements);
}

function parseRequirement(raw: unknown, path: string, errors: string[]): Requirement | undefined {
  if (!isPlainObject(raw)) {
    errors.push(`${path}: must be an object with key, operator and values, got ${describe(raw)}`);
    return undefined;
  }
  const before = errors.length;
  const { key, operator, values } = raw;
  if (typeof key !== 'string' || !isLabelKey(key)) {
    errors.push(`${path}.key: ${describe(key)} is not a valid label key`);
  }
  if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) {
    errors.push(`${path}.operator: ${describe(operator)} is not one of ${OPERATORS.join(', ')}`);
    return undefined;
  }
  const list: unknown[] = values === undefined || values === null ? [] : Array.isArray(values) ? values : [values];
  if (values !== undefined && values !== null && !Array.isArray(values)) {
    errors.push(`${path}.values: must be a list of strings, got ${describe(values)}`);
  }
  if ((operator === 'In' || operator === 'NotIn') && list.length === 0) {
    errors.push(`${path}.values: must be specified when operator is 'In' or 'NotIn'`);
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && list.length > 0) {
    errors.push(`${path}.values: may not be specified when operator is 'Exists' or 'DoesNotExist'`);
  }
  list.forEach((v, i) => {
    if (typeof v !== 'string' || !isLabelValue(v)) errors.push(`${path}.values[${i}]: ${describe(v)} is not a valid label value`);
  });
  if (errors.length > before) return undefined;
  return { key: key as string, operator: operator as Operator, values: [...new Set(list as string[])].sort() };
}

/** Builds the canonical selector from requirements (any order). */
export function makeSelector(requirements: readonly Requirement[]): Selector {
  if (requirements.length === 0) return MATCH_ALL;
  if (requirements.length === 1) {
    const text = requirementText(requirements[0]);
    return { requirements: [requirements[0]], key: text, text };
  }
  const sorted = requirements
    .map((r) => ({ r, values: r.values.join('\u0000'), text: requirementText(r) }))
    .sort((a, b) => cmp(a.r.key, b.r.key) || cmp(a.r.operator, b.r.operator) || cmp(a.values, b.values));
  const unique = sorted.filter((s, i) => i === 0 || s.text !== sorted[i - 1].text);
  const text = unique.map((s) => s.text).join(',');
  return { requirements: unique.map((s) => s.r), key: text, text };
}

/**
 * Marks a label whose value differs between the pods of one workload (a "labels gap": the pods a
 * controller owns, listed one by one, carry `statefulset.kubernetes.io/pod-name`, or different
 * `app` values). Such a label's value in the labels used for matching is this mark followed by the
 * JSON list of the values its pods carry (`null` for pods without the label). No label value can
 * start with it.
 */
const GAP_MARK = '\u0000';

/**
 * The labels of a workload whose pods differ in some labels, for selector matching: `common`
 * (what every pod carries) plus, per differing key, the values of its pods (`null`: the pod does
 * not carry it). {@link selectorMatches} then matches the workload only when the selector matches
 * every one of its pods, as np-guard's netpol-analyzer decides for the pods of one owner.
 */
export function labelsWithGaps(common: Labels, gaps: Readonly<Record<string, readonly (string | null)[]>>): Labels {
  const out: Record<string, string> = Object.assign({}, common);
  for (const key of Object.keys(gaps)) out[key] = GAP_MARK + JSON.stringify(gaps[key]);
  return out;
}

/** Whether `labels` (possibly with gaps, see {@link labelsWithGaps}) hold a gap. */
export function hasGaps(labels: Labels): boolean {
  for (const key in labels) if (labels[key].charCodeAt(0) === 0) return true;
  return false;
}

/** One requirement against the values of a gap: it must hold for every pod. */
function gapMatches(r: Requirement, encoded: string): boolean {
  const values = JSON.parse(encoded.slice(GAP_MARK.length)) as (string | null)[];
  switch (r.operator) {
    case 'In':
      return values.every((v) => v !== null && r.values.includes(v));
    case 'NotIn':
      return values.every((v) => v === null || !r.values.includes(v));
    case 'Exists':
      return values.every((v) => v !== null);
    case 'DoesNotExist':
      return values.every((v) => v === null);
  }
}

/**
 * Whether `labels` satisfy every requirement. "NotIn" and "DoesNotExist" match a missing key. A
 * label with a gap (see {@link labelsWithGaps}) satisfies a requirement when every pod's value does.
 */
export function selectorMatches(selector: Selector, labels: Labels): boolean {
  for (const r of selector.requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    if (has && labels[r.key].charCodeAt(0) === 0) {
      if (!gapMatches(r, labels[r.key])) return false;
      continue;
    }
    switch (r.operator) {
      case 'In':
        if (!has || !r.values.includes(labels[r.key])) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(labels[r.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

function requirementText(r: Requirement): string {
  switch (r.operator) {
    case 'In':
      return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
    case 'NotIn':
      return `${r.key} notin (${r.values.join(',')})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short rendering of an input value for messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}
