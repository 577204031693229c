/**
 * Test utility: validates synthesized manifests the way a Kubernetes 1.28 API server (plus
 * cert-manager's and Gateway API's CRDs) would, so that every test can assert
 * `expectValidManifests(Testing.synth(chart))`.
 *
 * Four checks run on every object:
 *
 * 1. **Schema** — the ajv validator of the object's model class: `kubernetes-models` for built-in
 *    kinds, `@kubernetes-models/cert-manager` for `cert-manager.io/v1` and
 *    `@kubernetes-models/gateway-api` for `gateway.networking.k8s.io/v1` and `v1beta1`,
 *    `@kubernetes-models/prometheus-operator` for `monitoring.coreos.com/v1`. Those
 *    validators catch wrong types, missing required fields and bad enum values, but they are
 *    generated from an OpenAPI newer than 1.28 and never reject unknown fields.
 * 2. **Unknown fields against 1.28** — the object is walked against the property names of the
 *    Kubernetes 1.28 types that cdk8s-plus-28 generated (`lib/imports/k8s.d.ts`, read once with the
 *    TypeScript parser). JSON names come from each property's `@schema …#<jsonName>` tag, because
 *    the generator renamed many of them (`clusterIP` → `clusterIp`, `hostIP` → `hostIp`,
 *    `downwardAPI` → `downwardApi`, `$ref` → `ref`, …). `JSONSchemaProps` is opaque. The same walk
 *    runs on cert-manager and Gateway API kinds against the types in their model `.d.ts` files.
 *    An `apiVersion`/`kind` that is not served by Kubernetes 1.28 is a problem too.
 * 3. **Names** — `metadata.name` is present, a DNS-1123 subdomain (a DNS-1035 label for Services, a
 *    DNS-1123 label for Namespaces, a path segment for RBAC kinds, as the API server validates them),
 *    and never ends with a cdk8s hash suffix (`-c8` + hex). `metadata.namespace` is a DNS-1123 label
 *    and absent on cluster-scoped kinds.
 * 4. **Labels and annotations** — keys are qualified names, label values are ≤ 63 characters of
 *    the label-value form, annotation values are strings (≤ 256 KiB in total). Label keys and values
 *    are also checked where they appear inside built-in specs: pod template labels, label
 *    selectors, `Service.spec.selector`, `nodeSelector` and topology keys.
 *
 * Performance: the parse of `k8s.d.ts` and of the CRD model types is cached at module level and
 * on disk (`node_modules/.cache/cdk8s-network-patterns-test-schema/`, keyed by a hash of the parsed
 * file and of this source file), so a test file that imports this module pays neither for loading
 * `typescript` nor for the parse once any earlier test run has warmed the cache. Model classes are
 * loaded lazily, one kind at a time.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { k8s } from 'cdk8s-plus-28';
import type * as TS from 'typescript';

/**
 * Validates synthesized manifests and throws when any of them is invalid.
 *
 * The error message lists every problem, one per line, as `Kind namespace/name json.path: message`
 * (e.g. `Service prod/api spec.trafficDistribution: unknown field "trafficDistribution" …`).
 *
 * @param objects the plain JSON objects to validate, e.g. `Testing.synth(chart)`
 * @throws Error when at least one problem is found
 */
export function expectValidManifests(objects: any[]): void {
  const problems = validateManifests(objects);
  if (problems.length > 0) {
    const noun = problems.length === 1 ? 'problem' : 'problems';
    throw new Error(`${problems.length} ${noun} in ${objects.length} synthesized manifest(s):\n${problems.map(p => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Validates synthesized manifests and returns the problems instead of throwing.
 *
 * Runs the schema, unknown-field (Kubernetes 1.28), name, scope and label/annotation checks
 * described in this module's documentation on every object.
 *
 * @param objects the plain JSON objects to validate, e.g. `Testing.synth(chart)`
 * @returns one line per problem, `Kind namespace/name json.path: message`, in input order; empty
 *          when every object is valid
 */
export function validateManifests(objects: any[]): string[] {
  if (!Array.isArray(objects)) {
    return [`(input): expected an array of manifests, got ${show(objects)}`];
  }
  const problems: string[] = [];
  objects.forEach((obj, index) => {
    const found = new Problems();
    validateObject(obj, found);
    const who = identify(obj, index);
    for (const { at, message } of found.list) {
      problems.push(`${who} ${at === '' ? '(object)' : at}: ${message}`);
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Per-object validation
// ---------------------------------------------------------------------------------------------

/** Kinds whose objects are cluster-scoped (Kubernetes 1.28, cert-manager, Gateway API). */
const CLUSTER_SCOPED_KINDS = new Set([
  // named by the design
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'ClusterIssuer',
  'IngressClass', 'PriorityClass',
  // the other cluster-scoped kinds of 1.28 and of the CRDs validated here
  'Node', 'ComponentStatus', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'RuntimeClass',
  'CustomResourceDefinition', 'APIService', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'CertificateSigningRequest',
  'ClusterTrustBundle', 'FlowSchema', 'PriorityLevelConfiguration', 'StorageVersion', 'ClusterCIDR', 'IPAddress',
  'TokenReview', 'SelfSubjectReview', 'SubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview',
  'GatewayClass',
]);

/** Kinds whose names the API server validates as path segments (they may contain ':'). */
const PATH_SEGMENT_NAME_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** CRD API versions with model classes: apiVersion → module that exports one class per kind. */
const CRD_MODEL_MODULES: { readonly [apiVersion: string]: string } = {
  'cert-manager.io/v1': '@kubernetes-models/cert-manager/cert-manager.io/v1',
  'gateway.networking.k8s.io/v1': '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1',
  'gateway.networking.k8s.io/v1beta1': '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1',
  'gateway.networking.k8s.io/v1alpha2': '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1alpha2',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
};

/**
 * Kinds served at an API version newer than the model packages know, validated against the
 * version they were promoted from (same schema): GRPCRoute became `v1` in Gateway API v1.1.0
 * without field changes, and `@kubernetes-models/gateway-api` 0.5.1 (Gateway API v1.0.0) models it
 * as `v1alpha2` only. (Its 2.x releases, which model v1, are ES modules for Node ≥ 22 that jest
 * cannot require here.) TLSRoute became `v1` in Gateway API v1.5.0; the fields the library writes
 * (parentRefs, hostnames, rules[].backendRefs) are those of `v1alpha2`.
 */
const PROMOTED_KINDS: { readonly [apiVersionAndKind: string]: string } = {
  'gateway.networking.k8s.io/v1/GRPCRoute': 'gateway.networking.k8s.io/v1alpha2',
  'gateway.networking.k8s.io/v1/TLSRoute': 'gateway.networking.k8s.io/v1alpha2',
};

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const CDK8S_HASH_SUFFIX = /-c8[0-9a-f]{6,}$/;
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** Problems of one object, each at a JSON path relative to the object. */
class Problems {
  public readonly list: { at: string; message: string }[] = [];

  public add(at: string, message: string): void {
    this.list.push({ at, message });
  }
}

function validateObject(given: unknown, problems: Problems): void {
  if (!isPlainObject(given)) {
    problems.add('', `expected a manifest object, got ${show(given)}`);
    return;
  }
  const promotedFrom = typeof given.apiVersion === 'string' && typeof given.kind === 'string'
    ? PROMOTED_KINDS[`${given.apiVersion}/${given.kind}`] : undefined;
  const obj: Record<string, unknown> = promotedFrom !== undefined ? { ...given, apiVersion: promotedFrom } : given;
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') {
    problems.add('', `apiVersion and kind must be non-empty strings, got apiVersion ${show(apiVersion)} and kind ${show(kind)}`);
    checkMetadata(obj, undefined, problems);
    return;
  }

  const isCrd = Object.prototype.hasOwnProperty.call(CRD_MODEL_MODULES, apiVersion);
  const rootType = isCrd ? crdRootType(apiVersion, kind) : builtinRootType(apiVersion, kind);
  const model = rootType === undefined ? undefined : loadModel(apiVersion, kind);

  // 1. schema
  if (rootType === undefined) {
    const served = isCrd ? `the ${apiVersion} models of ${CRD_MODEL_MODULES[apiVersion].split('/').slice(0, 2).join('/')}` : 'Kubernetes 1.28';
    problems.add('kind', `no schema for apiVersion "${apiVersion}" kind "${kind}" (not served by ${served})`);
  } else if (model === undefined) {
    problems.add('kind', `no schema for apiVersion "${apiVersion}" kind "${kind}" (kubernetes-models has no validator for it)`);
  } else {
    validateSchema(obj, model, problems);
  }

  // 2. unknown fields (and the label checks embedded in typed specs)
  if (rootType !== undefined) {
    walk(obj, { ref: rootType }, '', problems);
  } else {
    checkObjectMeta(obj.metadata, 'metadata', problems);
  }

  // 3. names and scope
  checkMetadata(obj, kind, problems);
}

function checkMetadata(obj: Record<string, unknown>, kind: string | undefined, problems: Problems): void {
  const metadata = obj.metadata;
  if (!isPlainObject(metadata)) {
    problems.add('metadata', metadata === undefined ? 'metadata is missing' : `metadata must be an object, got ${show(metadata)}`);
    return;
  }
  const name = metadata.name;
  if (name === undefined) {
    problems.add('metadata.name', 'name is missing');
  } else if (typeof name !== 'string') {
    problems.add('metadata.name', `name must be a string, got ${show(name)}`);
  } else {
    const rule = nameRule(kind);
    if (!rule.test(name)) {
      problems.add('metadata.name', `name "${name}" is not a valid ${rule.what} (${rule.hint})`);
    }
    if (CDK8S_HASH_SUFFIX.test(name)) {
      problems.add('metadata.name', `name "${name}" ends with a cdk8s hash suffix; give the object an explicit, predictable name`);
    }
  }

  const namespace = metadata.namespace;
  if (kind !== undefined && CLUSTER_SCOPED_KINDS.has(kind)) {
    if (namespace !== undefined) {
      problems.add('metadata.namespace', `${kind} is cluster-scoped and must not have a namespace, got ${show(namespace)}`);
    }
  } else if (namespace !== undefined && (typeof namespace !== 'string' || !isDns1123Label(namespace))) {
    problems.add('metadata.namespace', `namespace ${show(namespace)} is not a valid DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)`);
  }
}

interface NameRule {
  readonly what: string;
  readonly hint: string;
  test(name: string): boolean;
}

function nameRule(kind: string | undefined): NameRule {
  if (kind === 'Service') {
    return {
      what: 'DNS-1035 label',
      hint: "lowercase letters, digits and '-', starting with a letter, at most 63 characters",
      test: n => n.length <= 63 && DNS1035_LABEL.test(n),
    };
  }
  if (kind === 'Namespace') {
    return {
      what: 'DNS-1123 label',
      hint: "lowercase letters, digits and '-', at most 63 characters",
      test: isDns1123Label,
    };
  }
  if (kind !== undefined && PATH_SEGMENT_NAME_KINDS.has(kind)) {
    return {
      what: 'path segment name',
      hint: "must not be '.' or '..' nor contain '/' or '%'",
      test: n => n !== '' && n !== '.' && n !== '..' && !/[/%]/.test(n),
    };
  }
  return {
    what: 'DNS-1123 subdomain',
    hint: "lowercase letters, digits, '-' and '.', at most 253 characters",
    test: isDns1123Subdomain,
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Schema validation with the kubernetes-models validators
// ---------------------------------------------------------------------------------------------

/** A kubernetes-models model class: `new Kind(data).validate()` throws an ajv ValidationError. */
interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: unknown): { validate(): void };
}

/** An ajv error object as thrown by the kubernetes-models validators. */
interface AjvError {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

/**
 * Loads modules synchronously on demand (the model classes and, on a cache miss, `typescript`),
 * so a test file only pays for the kinds it synthesizes. Under jest this is jest's own `require`.
 */
const loadModule = createRequire(__filename);

const models = new Map<string, ModelClass | undefined>();

function loadModel(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion}/${kind}`;
  if (!models.has(key)) {
    const modulePath = Object.prototype.hasOwnProperty.call(CRD_MODEL_MODULES, apiVersion)
      ? `${CRD_MODEL_MODULES[apiVersion]}/${kind}`
      : `kubernetes-models/${apiVersion}/${kind}`;
    let model: ModelClass | undefined;
    try {
      const candidate = (loadModule(modulePath) as Record<string, ModelClass | undefined>)[kind];
      if (candidate?.apiVersion === apiVersion && candidate.kind === kind) {
        model = candidate;
      }
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
        throw e;
      }
    }
    models.set(key, model);
  }
  return models.get(key);
}

function validateSchema(obj: Record<string, unknown>, model: ModelClass, problems: Problems): void {
  try {
    new model(obj).validate();
  } catch (e) {
    const errors = (e as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors) || errors.length === 0) {
      problems.add('', `schema validation failed: ${(e as Error).message}`);
      return;
    }
    const seen = new Set<string>();
    for (const error of errors) {
      const at = pointerToPath(obj, error.instancePath ?? '');
      const message = describeAjvError(error);
      const line = `${at}\0${message}`;
      if (!seen.has(line)) {
        seen.add(line);
        problems.add(at, message);
      }
    }
  }
}

function describeAjvError(error: AjvError): string {
  const params = error.params ?? {};
  let message = `${error.message ?? error.keyword ?? 'is invalid'}`;
  if (error.keyword === 'required' && params.missingProperty !== undefined) {
    message = `missing required field "${String(params.missingProperty)}"`;
  } else if (error.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
    message += `: "${String(params.additionalProperty)}"`;
  } else if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    message += `: ${params.allowedValues.map(v => JSON.stringify(v)).join(', ')}`;
  }
  return `${message} (schema)`;
}

/** Turns an ajv JSON pointer (`/spec/ports/0/port`) into a JSON path (`spec.ports[0].port`). */
function pointerToPath(obj: unknown, pointer: string): string {
  if (pointer === '') {
    return '';
  }
  let at = '';
  let current: unknown = obj;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^\d+$/.test(segment)) {
      at = childPath(at, Number(segment));
      current = current[Number(segment)];
    } else {
      at = childPath(at, segment);
      current = isPlainObject(current) ? current[segment] : undefined;
    }
  }
  return at;
}

// ---------------------------------------------------------------------------------------------
// 2. Unknown fields against the Kubernetes 1.28 (and CRD) types
// ---------------------------------------------------------------------------------------------

/**
 * The shape of a value: a leaf (string, number, boolean, `any`, `IntOrString`, `Quantity`,
 * `Date`, an enum, `JSONSchemaProps`), a reference to a named object type, an array or a string map.
 */
type Shape = 'leaf' | { readonly ref: string } | { readonly array: Shape } | { readonly map: Shape };

/** An object type: its schema name (for messages) and its fields by JSON name. */
interface ObjectType {
  readonly schema: string;
  readonly fields: { readonly [jsonName: string]: Shape };
}

/** Object types by name (interface name for 1.28 types, `apiVersion/Kind#path` for CRD types). */
type TypeTable = { [name: string]: ObjectType };

/** The parse of cdk8s-plus-28's `k8s.d.ts`. */
interface K8sTypes {
  readonly types: TypeTable;
  /** `KubeDeployment` → `KubeDeploymentProps` (the type of the construct's `props`). */
  readonly propsOfClass: { readonly [className: string]: string };
}

/** Types treated as opaque although they are object types in k8s.d.ts. */
const OPAQUE_TYPES = new Set([
  // its JSON names `$ref`, `$schema` and `x-kubernetes-*` are renamed and it describes free-form JSON
  'JsonSchemaProps',
]);

/**
 * Fields of CRD releases newer than the ones the model packages were generated from
 * (`@kubernetes-models/cert-manager` 4.4.4 is cert-manager v1.11.2; `@kubernetes-models/gateway-api`
 * 0.5.1 is Gateway API v1.0.0), by CRD type name.
 */
const CRD_FIELDS_ADDED_LATER: { readonly [typeName: string]: readonly string[] } = {
  // cert-manager 1.12: the recommended way to set the class of HTTP-01 solver Ingresses
  'cert-manager.io/v1/ClusterIssuer#spec.acme.solvers[].http01.ingress': ['ingressClassName'],
  'cert-manager.io/v1/Issuer#spec.acme.solvers[].http01.ingress': ['ingressClassName'],
};

/** Label rules of typed specs, by `Type.field`: what the keys (and values) of that field are. */
const LABEL_FIELDS: { readonly [typeAndField: string]: 'labelMap' | 'labelKey' } = {
  'ServiceSpec.selector': 'labelMap',
  'ReplicationControllerSpec.selector': 'labelMap',
  'PodSpec.nodeSelector': 'labelMap',
  'PodAffinityTerm.topologyKey': 'labelKey',
  'TopologySpreadConstraint.topologyKey': 'labelKey',
};

const K8S_DTS = path.join(path.dirname(loadModule.resolve('cdk8s-plus-28/package.json')), 'lib', 'imports', 'k8s.d.ts');

let k8sTypes: K8sTypes | undefined;
let builtinKinds: Set<string> | undefined;
const types: TypeTable = {};
const crdRoots = new Map<string, string | undefined>();

function loadK8sTypes(): K8sTypes {
  if (k8sTypes === undefined) {
    k8sTypes = cachedParse(K8S_DTS, parseK8sTypes);
    const declared = k8sTypes.types;
    for (const name of OPAQUE_TYPES) {
      if (!(name in declared)) {
        throw new Error(`test/util/schema: opaque type ${name} is not declared in ${K8S_DTS}`);
      }
    }
    for (const typeAndField of Object.keys(LABEL_FIELDS)) {
      const [type, field] = typeAndField.split('.');
      if (declared[type]?.fields[field] === undefined) {
        throw new Error(`test/util/schema: LABEL_FIELDS names ${typeAndField}, which is not declared in ${K8S_DTS}`);
      }
    }
    Object.assign(types, k8sTypes.types);
    for (const name of OPAQUE_TYPES) {
      delete types[name];
    }
  }
  return k8sTypes;
}

/** The root type of a built-in kind served by Kubernetes 1.28, or undefined. */
function builtinRootType(apiVersion: string, kind: string): string | undefined {
  if (builtinKinds === undefined) {
    const { propsOfClass } = loadK8sTypes();
    builtinKinds = new Set();
    for (const [className, value] of Object.entries(k8s as Record<string, unknown>)) {
      const gvk = (value as { GVK?: { apiVersion: string; kind: string } } | undefined)?.GVK;
      const props = propsOfClass[className];
      if (gvk !== undefined && props !== undefined) {
        const root = `${gvk.apiVersion}/${gvk.kind}`;
        types[root] = withTypeMeta(types[props]);
        builtinKinds.add(root);
      }
    }
  }
  const root = `${apiVersion}/${kind}`;
  return builtinKinds.has(root) ? root : undefined;
}

/** The root type of a CRD kind with a model class, or undefined. */
function crdRootType(apiVersion: string, kind: string): string | undefined {
  const root = `${apiVersion}/${kind}`;
  if (!crdRoots.has(root)) {
    loadK8sTypes(); // ObjectMeta
    let found: string | undefined;
    if (/^[A-Z][A-Za-z0-9]*$/.test(kind) && loadModel(apiVersion, kind) !== undefined) {
      const jsFile = loadModule.resolve(`${CRD_MODEL_MODULES[apiVersion]}/${kind}`);
      const dts = jsFile.replace(/\.js$/, '.d.ts');
      Object.assign(types, cachedParse(dts, (ts, source) => parseCrdTypes(ts, source, apiVersion, kind)));
      addFieldsOfLaterReleases(root);
      found = root;
    }
    crdRoots.set(root, found);
  }
  return crdRoots.get(root);
}

function addFieldsOfLaterReleases(root: string): void {
  for (const [name, fields] of Object.entries(CRD_FIELDS_ADDED_LATER)) {
    if (name === root || name.startsWith(`${root}#`)) {
      const type = types[name];
      if (type === undefined) {
        throw new Error(`test/util/schema: CRD_FIELDS_ADDED_LATER names ${name}, which the model types do not declare`);
      }
      types[name] = { schema: type.schema, fields: { ...type.fields, ...Object.fromEntries(fields.map(f => [f, 'leaf'])) } };
    }
  }
}

/** The props type of a `Kube*` construct plus the `apiVersion` and `kind` that cdk8s adds. */
function withTypeMeta(props: ObjectType): ObjectType {
  return { schema: props.schema, fields: { apiVersion: 'leaf', kind: 'leaf', ...props.fields } };
}

function walk(value: unknown, shape: Shape, at: string, problems: Problems): void {
  if (shape === 'leaf' || value === null || value === undefined) {
    return;
  }
  if ('array' in shape) {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, shape.array, childPath(at, i), problems));
    }
    return;
  }
  if ('map' in shape) {
    if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        walk(item, shape.map, childPath(at, key), problems);
      }
    }
    return;
  }
  const type = types[shape.ref];
  if (type === undefined || !isPlainObject(value)) {
    return; // opaque, or a type error the schema validator reports
  }
  for (const [key, item] of Object.entries(value)) {
    const field = type.fields[key];
    if (field === undefined) {
      problems.add(childPath(at, key), `unknown field "${key}" (${type.schema} has no such field${isBuiltinType(shape.ref) ? ' in Kubernetes 1.28' : ''})`);
      continue;
    }
    const labelRule = LABEL_FIELDS[`${shape.ref}.${key}`];
    if (labelRule === 'labelMap') {
      checkLabelMap(item, childPath(at, key), problems);
    } else if (labelRule === 'labelKey' && typeof item === 'string') {
      checkQualifiedName(item, 'label key', childPath(at, key), problems);
    }
    walk(item, field, childPath(at, key), problems);
  }
  if (shape.ref === 'ObjectMeta') {
    checkObjectMeta(value, at, problems);
  } else if (shape.ref === 'LabelSelector') {
    checkLabelSelector(value, at, problems);
  }
}

function isBuiltinType(name: string): boolean {
  return k8sTypes !== undefined && (name in k8sTypes.types || builtinKinds?.has(name) === true);
}

// ---------------------------------------------------------------------------------------------
// 4. Labels and annotations
// ---------------------------------------------------------------------------------------------

function checkObjectMeta(metadata: unknown, at: string, problems: Problems): void {
  if (!isPlainObject(metadata)) {
    return;
  }
  checkLabelMap(metadata.labels, childPath(at, 'labels'), problems);
  const annotations = metadata.annotations;
  if (isPlainObject(annotations)) {
    let size = 0;
    for (const [key, value] of Object.entries(annotations)) {
      const keyAt = childPath(childPath(at, 'annotations'), key);
      checkQualifiedName(key.toLowerCase(), 'annotation key', keyAt, problems, key);
      if (typeof value !== 'string') {
        problems.add(keyAt, `annotation value must be a string, got ${show(value)}`);
      } else {
        size += key.length + value.length;
      }
    }
    if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
      problems.add(childPath(at, 'annotations'), `annotations total ${size} bytes, more than the limit of ${TOTAL_ANNOTATION_SIZE_LIMIT}`);
    }
  }
}

function checkLabelSelector(selector: Record<string, unknown>, at: string, problems: Problems): void {
  checkLabelMap(selector.matchLabels, childPath(at, 'matchLabels'), problems);
  const expressions = selector.matchExpressions;
  if (Array.isArray(expressions)) {
    expressions.forEach((expression, i) => {
      if (!isPlainObject(expression)) {
        return;
      }
      const exprAt = childPath(childPath(at, 'matchExpressions'), i);
      if (typeof expression.key === 'string') {
        checkQualifiedName(expression.key, 'label key', childPath(exprAt, 'key'), problems);
      }
      if ((expression.operator === 'In' || expression.operator === 'NotIn') && Array.isArray(expression.values)) {
        expression.values.forEach((v, j) => checkLabelValue(v, childPath(childPath(exprAt, 'values'), j), problems));
      }
    });
  }
}

function checkLabelMap(labels: unknown, at: string, problems: Problems): void {
  if (!isPlainObject(labels)) {
    return;
  }
  for (const [key, value] of Object.entries(labels)) {
    const keyAt = childPath(at, key);
    checkQualifiedName(key, 'label key', keyAt, problems);
    checkLabelValue(value, keyAt, problems);
  }
}

function checkLabelValue(value: unknown, at: string, problems: Problems): void {
  if (typeof value !== 'string') {
    problems.add(at, `label value must be a string, got ${show(value)}`);
  } else if (value !== '' && (value.length > 63 || !QUALIFIED_NAME_PART.test(value))) {
    problems.add(at, `label value "${value}" is invalid (at most 63 characters: alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)`);
  }
}

/** A qualified name: an optional DNS-1123 subdomain prefix and '/', then a name ≤ 63 characters. */
function checkQualifiedName(key: string, what: string, at: string, problems: Problems, shown = key): void {
  const parts = key.split('/');
  const name = parts[parts.length - 1];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  const valid = parts.length <= 2
    && name.length <= 63 && QUALIFIED_NAME_PART.test(name)
    && (prefix === undefined || isDns1123Subdomain(prefix));
  if (!valid) {
    problems.add(at, `${what} "${shown}" is not a qualified name (an optional DNS-1123 subdomain prefix and '/', then at most 63 characters: alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric)`);
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing type declarations with the TypeScript compiler API (cached in memory and on disk)
// ---------------------------------------------------------------------------------------------

type Parser<T> = (ts: typeof TS, source: TS.SourceFile) => T;

/** Where parses are cached between test files and runs; a new key whenever the inputs change. */
const CACHE_DIR = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'cdk8s-network-patterns-test-schema');

let ownSourceHash: string | undefined;

/** Parses `file` with `parser`, or reads the result of an earlier parse of the same inputs. */
function cachedParse<T>(file: string, parser: Parser<T>): T {
  const text = fs.readFileSync(file, 'utf8');
  ownSourceHash ??= sha256(readOwnSource());
  const key = sha256(`${ownSourceHash}\0${file}\0${text}`).slice(0, 32);
  const cacheFile = path.join(CACHE_DIR, `${path.basename(file, '.d.ts')}-${key}.json`);
  try {
    return JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as T;
  } catch {
    // not cached yet (or unreadable): parse below
  }
  const ts = loadModule('typescript') as typeof TS;
  const result = parser(ts, ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true));
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(result));
    fs.renameSync(tmp, cacheFile); // atomic: parallel jest workers never read a partial file
    for (const stale of fs.readdirSync(CACHE_DIR)) {
      if (stale.startsWith(`${path.basename(file, '.d.ts')}-`) && stale.endsWith('.json') && stale !== path.basename(cacheFile)) {
        fs.rmSync(path.join(CACHE_DIR, stale), { force: true });
      }
    }
  } catch {
    // a read-only node_modules only costs the parse
  }
  return result;
}

/** This file's source: a change to the parsers below must invalidate the disk cache. */
function readOwnSource(): string {
  try {
    return fs.readFileSync(__filename, 'utf8');
  } catch {
    return `${Date.now()}`; // no source to hash: never reuse a cache entry
  }
}

function parseK8sTypes(ts: typeof TS, source: TS.SourceFile): K8sTypes {
  const parsed: TypeTable = {};
  const propsOfClass: { [className: string]: string } = {};
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) {
      const fields: { [jsonName: string]: Shape } = {};
      for (const member of statement.members) {
        if (ts.isPropertySignature(member) && member.type !== undefined) {
          const schema = schemaTag(ts, member);
          const jsonName = schema?.includes('#') ? schema.slice(schema.indexOf('#') + 1) : propertyName(ts, member.name);
          fields[jsonName] = k8sShape(ts, member.type);
        }
      }
      const name = statement.name.text;
      parsed[name] = { schema: schemaTag(ts, statement) ?? name, fields };
    } else if (ts.isClassDeclaration(statement) && statement.name !== undefined) {
      const ctor = statement.members.find(ts.isConstructorDeclaration);
      const propsType = ctor?.parameters[2]?.type;
      if (propsType !== undefined && ts.isTypeReferenceNode(propsType)) {
        propsOfClass[statement.name.text] = propsType.typeName.getText(source);
      }
    }
  }
  return { types: parsed, propsOfClass };
}

/** The shape of a property type in k8s.d.ts (references, arrays, `{ [key: string]: T }`, leaves). */
function k8sShape(ts: typeof TS, node: TS.TypeNode): Shape {
  if (ts.isArrayTypeNode(node)) {
    return { array: k8sShape(ts, node.elementType) };
  }
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find(ts.isIndexSignatureDeclaration);
    return index === undefined ? 'leaf' : { map: k8sShape(ts, index.type) };
  }
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    return { ref: node.typeName.text }; // a class, enum or Date is absent from the table: a leaf
  }
  return 'leaf';
}

/**
 * Parses a CRD model's `.d.ts` (e.g. `ClusterIssuer.d.ts`): the interface `I<Kind>` and its nested
 * type literals become object types named `apiVersion/Kind` and `apiVersion/Kind#json.path` (array
 * items as `[]`, map values as `*`); `IObjectMeta` is the Kubernetes 1.28 `ObjectMeta`.
 */
function parseCrdTypes(ts: typeof TS, source: TS.SourceFile, apiVersion: string, kind: string): TypeTable {
  const parsed: TypeTable = {};
  const root = `${apiVersion}/${kind}`;
  const declaration = source.statements.find(
    (s): s is TS.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === `I${kind}`);
  if (declaration === undefined) {
    throw new Error(`test/util/schema: no interface I${kind} in ${source.fileName}`);
  }

  const objectShape = (members: TS.NodeArray<TS.TypeElement>, at: string): Shape => {
    const index = members.find(ts.isIndexSignatureDeclaration);
    if (index !== undefined) {
      return { map: shapeOf(index.type, `${at}.*`) };
    }
    const fields: { [jsonName: string]: Shape } = {};
    for (const member of members) {
      if (ts.isPropertySignature(member) && member.type !== undefined) {
        const key = propertyName(ts, member.name);
        fields[key] = shapeOf(member.type, at === '' ? key : `${at}.${key}`);
      }
    }
    const name = at === '' ? root : `${root}#${at}`;
    parsed[name] = { schema: at === '' ? root : `${root} ${at}`, fields };
    return { ref: name };
  };

  const shapeOf = (node: TS.TypeNode, at: string): Shape => {
    if (ts.isParenthesizedTypeNode(node)) {
      return shapeOf(node.type, at);
    }
    if (ts.isArrayTypeNode(node)) {
      return { array: shapeOf(node.elementType, `${at}[]`) };
    }
    if (ts.isTypeLiteralNode(node)) {
      return objectShape(node.members, at);
    }
    if (ts.isTypeReferenceNode(node)) {
      const ref = node.typeName.getText(source);
      if (ref === 'IObjectMeta') {
        return { ref: 'ObjectMeta' };
      }
      if (ref === 'Array' && node.typeArguments?.length === 1) {
        return { array: shapeOf(node.typeArguments[0], `${at}[]`) };
      }
      return 'leaf'; // Exclude<any, …> and the like
    }
    if (ts.isUnionTypeNode(node)) {
      // a union of literals or keywords is a leaf; one object member beside null is that object
      const shapes = node.types
        .filter(t => !(ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword))
        .map(t => shapeOf(t, at));
      return shapes.length === 1 ? shapes[0] : 'leaf';
    }
    return 'leaf';
  };

  objectShape(declaration.members, '');
  return parsed;
}

function schemaTag(ts: typeof TS, node: TS.Node): string | undefined {
  const tag = ts.getJSDocTags(node).find(t => t.tagName.text === 'schema');
  const comment = tag === undefined ? undefined : ts.getTextOfJSDocComment(tag.comment);
  return comment?.trim();
}

function propertyName(ts: typeof TS, name: TS.PropertyName): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : name.getText();
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** `spec.ports[0]`, `metadata.labels["app.kubernetes.io/name"]`. */
function childPath(at: string, key: string | number): string {
  if (typeof key === 'number') {
    return `${at}[${key}]`;
  }
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) {
    return at === '' ? key : `${at}.${key}`;
  }
  return `${at}[${JSON.stringify(key)}]`;
}

/** `Deployment prod/api`, `ClusterIssuer letsencrypt`, `Service objects[3]` when unnamed. */
function identify(obj: unknown, index: number): string {
  if (!isPlainObject(obj)) {
    return `objects[${index}]`;
  }
  const kind = typeof obj.kind === 'string' && obj.kind !== '' ? obj.kind : '<no kind>';
  const metadata = isPlainObject(obj.metadata) ? obj.metadata : {};
  const name = typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : `objects[${index}]`;
  return typeof metadata.namespace === 'string' ? `${kind} ${metadata.namespace}/${name}` : `${kind} ${name}`;
}

function show(value: unknown): string {
  if (value === undefined) {
    return 'undefined';
  }
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
