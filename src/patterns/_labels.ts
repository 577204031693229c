/**
 * Internal label helpers: Kubernetes label keys and values, checked as the API server checks them.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 */
import { fail } from '../_validate';

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True when `key` is a qualified name: an optional DNS-1123 subdomain prefix and '/' + a name ≤ 63. */
export function isQualifiedName(key: string): boolean {
  if (typeof key !== 'string') return false;
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !PREFIX.test(prefix))) return false;
  return name.length > 0 && name.length <= 63 && NAME_PART.test(name);
}

/** True when `value` is a label value: empty, or ≤ 63 alphanumerics, '-', '_' and '.' inside. */
export function isLabelValue(value: string): boolean {
  return typeof value === 'string' && (value === '' || (value.length <= 63 && NAME_PART.test(value)));
}

/** Labels: a string map of qualified-name keys and label values. */
export function validateLabels(owner: string, what: string, labels: { [key: string]: string }): void {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    fail(owner, `${what} must be a map of label keys to values, got ${JSON.stringify(labels)}`);
  }
  for (const [key, value] of Object.entries(labels)) {
    if (!isQualifiedName(key)) {
      fail(owner, `${what} key '${key}' is not a valid label key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)`);
    }
    if (!isLabelValue(value)) {
      fail(owner, `${what} value ${JSON.stringify(value)} of '${key}' is not a valid label value (at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)`);
    }
  }
}

/** Annotations: a string map of qualified-name keys and string values. */
export function validateAnnotations(owner: string, what: string, annotations: { [key: string]: string }): void {
  if (annotations === null || typeof annotations !== 'object' || Array.isArray(annotations)) {
    fail(owner, `${what} must be a map of annotation keys to values, got ${JSON.stringify(annotations)}`);
  }
  for (const [key, value] of Object.entries(annotations)) {
    if (!isQualifiedName(key)) {
      fail(owner, `${what} key '${key}' is not a valid annotation key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' and '.')`);
    }
    if (typeof value !== 'string') {
      fail(owner, `${what} value of '${key}' must be a string, got ${JSON.stringify(value)}`);
    }
  }
}
