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
import { nearestName } from './_suggest';

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

/** {@link NETWORK_POLICY} with `spec` accepted as a leaf (checked on its own). */
const NETWORK_POLICY_ENVELOPE: Shape = { ...NETWORK_POLICY, spec: 'leaf' };

/**
 * Appends one error per unknown field of a NetworkPolicy object (`spec.ingress[0]: unknown field
 * 'form'; did you mean 'from'?`), at the top level and in `metadata`; `spec` is left to
 * {@link checkNetworkPolicySpecFields}. Values of the wrong type are left to the compiler's checks.
 */
export function checkNetworkPolicyEnvelopeFields(object: unknown, errors: string[]): void {
  checkShape(object, NETWORK_POLICY_ENVELOPE, [], errors);
}

/** The fields of a NetworkPolicy's `spec` (errors name `spec.…` paths). */
export function checkNetworkPolicySpecFields(spec: unknown, errors: string[]): void {
  checkShape(spec, NETWORK_POLICY.spec as Shape, ['spec'], errors);
}

/**
 * `path` holds the field names and item indexes down to `value`; it is joined into text only for
 * an error (most policies have none, and a string per field was most of this check's cost).
 */
function checkShape(value: unknown, shape: Shape, path: Array<string | number>, errors: string[]): void {
  if (!isPlainObject(value)) return;
  // Iterative over fields, recursive over the (bounded) depth of the schema.
  for (const field in value) {
    if (!Object.prototype.hasOwnProperty.call(shape, field)) {
      const near = nearestName(field, Object.keys(shape));
      errors.push(`${path.length === 0 ? '(top level)' : pathText(path)}: unknown field '${field}'${near ? ` (did you mean '${near}'?)` : ''}, `
        + 'which kubectl refuses (strict field validation)');
      continue;
    }
    const sub = shape[field];
    if (sub === 'leaf' || sub === 'map') continue;
    const v = value[field];
    path.push(field);
    if ('items' in sub && typeof (sub as { items: unknown }).items === 'object') {
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          path.push(i);
          checkShape(v[i], (sub as { items: Shape }).items, path, errors);
          path.pop();
        }
      }
    } else {
      checkShape(v, sub as Shape, path, errors);
    }
    path.pop();
  }
}

/** `spec.ingress[0].from[1]` */
function pathText(path: ReadonlyArray<string | number>): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  return text;
}

