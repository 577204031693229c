/**
 * Label selector matching (internal), as the API server evaluates it.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import { hasOwn } from '../_collections';
import { parseSelector, selectorMatches } from '../analysis/_selector';

/** A label map (`metadata.labels`). */
export type Labels = { readonly [key: string]: string };

/**
 * Whether `labels` has every key/value of `selector` (a Service `spec.selector` or `matchLabels`).
 * An empty selector matches everything.
 */
export function matchesLabelMap(selector: Labels | undefined, labels: Labels): boolean {
  if (!selector) return true;
  for (const [key, value] of Object.entries(selector)) {
    if (labels[key] !== String(value)) return false;
  }
  return true;
}

/**
 * Whether `labels` satisfy a `metav1.LabelSelector` (`matchLabels` AND every `matchExpressions`
 * requirement). An empty or absent selector matches everything.
 *
 * "The requirements are ANDed." Operators: `In`, `NotIn`, `Exists`, `DoesNotExist`; an unknown
 * operator matches nothing (the API server would reject the object).
 */
export function matchesLabelSelector(selector: any, labels: Labels): boolean {
  if (!selector || typeof selector !== 'object') return true;
  // One implementation of selector semantics: the analyzer's. A selector the API server would
  // reject matches nothing (the analyzer lists it among its problems).
  const parsed = parseSelector(selector, 'selector', []);
  return parsed !== undefined && selectorMatches(parsed, labels);
}

/** True when a `metav1.LabelSelector` has no requirement at all (it selects everything). */
export function isEmptySelector(selector: any): boolean {
  if (!selector || typeof selector !== 'object') return true;
  return Object.keys(asLabels(selector.matchLabels)).length === 0 && asArray(selector.matchExpressions).length === 0;
}

/**
 * The values a selector allows for `key` when it pins the key to a finite set (`matchLabels`
 * or an `In` expression), otherwise undefined.
 */
export function pinnedValues(selector: any, key: string): string[] | undefined {
  if (!selector || typeof selector !== 'object') return undefined;
  let values: string[] | undefined;
  const labels = asLabels(selector.matchLabels);
  if (hasOwn(labels, key)) values = [labels[key]];
  for (const expression of asArray(selector.matchExpressions)) {
    if (expression?.key === key && expression?.operator === 'In') {
      const allowed = asArray(expression.values).map(String);
      values = values ? values.filter(v => allowed.includes(v)) : allowed;
    }
  }
  return values;
}

/** `a=b, c=d` for messages; `matchExpressions` as `key In (x, y)`. */
export function formatSelector(selector: any): string {
  if (!selector || typeof selector !== 'object') return '{}';
  const parts = Object.entries(asLabels(selector.matchLabels)).map(([k, v]) => `${k}=${v}`);
  for (const e of asArray(selector.matchExpressions)) {
    const values = asArray(e?.values).map(String);
    parts.push(values.length > 0 ? `${e?.key} ${e?.operator} (${values.join(', ')})` : `${e?.key} ${e?.operator}`);
  }
  return parts.length === 0 ? '{} (everything)' : parts.join(', ');
}

/** `a=b, c=d` for a plain label map. */
export function formatLabels(labels: Labels): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
}

/** A label map from untrusted JSON: string values only. */
export function asLabels(value: unknown): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as object)) {
      if (v !== undefined && v !== null) out[k] = String(v);
    }
  }
  return out;
}

/** An array from untrusted JSON (anything else → empty). */
export function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}
