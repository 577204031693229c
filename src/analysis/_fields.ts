/**
 * Unknown fields of a NetworkPolicy (internal). kubectl (≥ 1.27, server-side field validation
 * `Strict` by default) refuses an object with a field its schema does not have — "strict decoding
 * error: unknown field" — so a typo like `form:` for `from:` or `podSelecter:` never reaches the
 * cluster. Read leniently, the typo would instead drop the field and turn a rule into allow-all or
 * a selector into select-all; the analyzer therefore treats such a policy as invalid.
 *
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
 * @see https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/
 */
import { isPlainObject } from './_selector';

/** A schema node: the fields of an object, each with the schema of its value (or of its items). */
interface Shape {
  readonly [field: string]: Shape | 'leaf' | { readonly items: Shape } | 'map';
}

const LABEL_SELECTOR: Shape = {
  matchLabels: 'map',
  matchExpressions: { items: { key: 'leaf', operator: 'leaf', values: 'leaf' } },
};

const PEER: Shape = {
  podSelector: LABEL_SELECTOR,
  namespaceSelector: LABEL_SELECTOR,
  ipBlock: { cidr: 'leaf', except: 'leaf' },
};

const PORT: Shape = { protocol: 'leaf', port: 'leaf', endPort: 'leaf' };

/** ObjectMeta (Kubernetes 1.28). */
const OBJECT_META: Shape = {
  name: 'leaf',
  generateName: 'leaf',
  namespace: 'leaf',
  selfLink: 'leaf',
  uid: 'leaf',
  resourceVersion: 'leaf',
  generation: 'leaf',
  creationTimestamp: 'leaf',
  deletionTimestamp: 'leaf',
  deletionGracePeriodSeconds: 'leaf',
  labels: 'map',
  annotations: 'map',
  ownerReferences: 'leaf',
  finalizers: 'leaf',
  managedFields: 'leaf',
};

/** networking.k8s.io/v1 NetworkPolicy (Kubernetes 1.28; `status` is accepted and ignored). */
const NETWORK_POLICY: Shape = {
  apiVersion: 'leaf',
  kind: 'leaf',
  metadata: OBJECT_META,
  status: 'leaf',
  spec: {
    podSelector: LABEL_SELECTOR,
    policyTypes: 'leaf',
    ingress: { items: { from: { items: PEER }, ports: { items: PORT } } },
    egress: { items: { to: { items: PEER }, ports: { items: PORT } } },
  },
};

/**
 * Appends one error per unknown field of a NetworkPolicy object (`spec.ingress[0]: unknown field
 * 'form'; did you mean 'from'?`). Values of the wrong type are left to the compiler's checks.
 */
export function checkNetworkPolicyFields(object: unknown, errors: string[]): void {
  checkShape(object, NETWORK_POLICY, '', errors);
}

function checkShape(value: unknown, shape: Shape, path: string, errors: string[]): void {
  if (!isPlainObject(value)) return;
  // Iterative over fields, recursive over the (bounded) depth of the schema.
  for (const field of Object.keys(value)) {
    const here = path === '' ? field : `${path}.${field}`;
    if (!Object.prototype.hasOwnProperty.call(shape, field)) {
      const near = closest(field, Object.keys(shape));
      errors.push(`${path === '' ? '(top level)' : path}: unknown field '${field}'${near ? ` (did you mean '${near}'?)` : ''}, `
        + 'which kubectl refuses (strict field validation)');
      continue;
    }
    const sub = shape[field];
    const v = value[field];
    if (sub === 'leaf' || sub === 'map') continue;
    if ('items' in sub && typeof (sub as { items: unknown }).items === 'object') {
      if (Array.isArray(v)) v.forEach((item, i) => checkShape(item, (sub as { items: Shape }).items, `${here}[${i}]`, errors));
    } else {
      checkShape(v, sub as Shape, here, errors);
    }
  }
}

/** The known field within edit distance 2 of `field` (case-insensitive), if one is. */
function closest(field: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = distance(field.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal string alignment distance (Levenshtein with adjacent transpositions), for short names. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 64 || b.length > 64) return 3;
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
