/**
 * The annotations this library writes into synthesized objects so that tools reading the YAML
 * (`netpatterns lint`, `NetworkPatternsValidation`) know what the program knew (internal).
 *
 * Every key sits under one prefix of the library's own, `netpatterns.dev/`:
 * - `netpatterns.dev/acknowledge.<rule>: <reason>` — the findings of `<rule>` on this object are
 *   acknowledged (written by `Linter.acknowledge`);
 * - `netpatterns.dev/assume-workloads: <JSON list>` — pods the cluster runs that the manifests do
 *   not hold, as `AssumedWorkload`s (written on the Namespace of a `ZeroTrustNamespace` for its
 *   `ingressController`, its `gatewayDataPlane` and the `Peer.pods` it admits or reaches, read like
 *   `--assume-workload`; left out when the manifests hold those pods after all);
 * - `netpatterns.dev/gateway-data-plane: <JSON>` — where a Gateway's proxies run (written by
 *   `Gateway`, read by the analyzer; see `GATEWAY_DATA_PLANE_ANNOTATION`).
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/#syntax-and-character-set
 */
import { asArray, matchesLabelMap } from './_selectors';
import { ANNOTATION_PREFIX } from '../_vocabulary';
import { readManifests } from '../analysis/_manifests';
import type { AssumedWorkload } from '../analysis/reachability';

export { ANNOTATION_PREFIX };

/** The start of the name of an acknowledgement annotation; the rule id follows. */
const ACKNOWLEDGE_NAME = 'acknowledge.';

/** The annotation holding the workloads to assume, as a JSON list of `AssumedWorkload`. */
export const ASSUME_WORKLOADS_ANNOTATION = `${ANNOTATION_PREFIX}/assume-workloads`;

/** An annotation key's name part (after the `/`): at most 63 characters, alphanumeric at both ends. */
const ANNOTATION_NAME = /^(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** The annotation key acknowledging `rule`: `netpatterns.dev/acknowledge.<rule>`. */
export function acknowledgementAnnotation(rule: string): string {
  return `${ANNOTATION_PREFIX}/${ACKNOWLEDGE_NAME}${rule}`;
}

/** Whether `key` is a valid annotation key (`prefix/name`, the prefix a DNS subdomain ≤ 253). */
export function isValidAnnotationKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? '' : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  const subdomain = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
  return (slash < 0 || subdomain.test(prefix)) && ANNOTATION_NAME.test(name);
}

/** The annotations of a manifest object, as strings (non-string values are left out). */
export function annotationsOf(raw: any): { [key: string]: string } {
  const annotations = raw?.metadata?.annotations;
  const out: { [key: string]: string } = {};
  if (!annotations || typeof annotations !== 'object' || Array.isArray(annotations)) return out;
  for (const [k, v] of Object.entries(annotations)) {
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** The reason an object's annotations give for acknowledging `rule`, if any (non-empty). */
export function annotatedReason(raw: any, rule: string): string | undefined {
  const reason = annotationsOf(raw)[acknowledgementAnnotation(rule)];
  return reason !== undefined && reason.trim().length > 0 ? reason : undefined;
}

/**
 * The annotation value for a list of assumed workloads: compact JSON with sorted keys, so the
 * same program writes the same bytes.
 */
export function encodeAssumedWorkloads(workloads: readonly AssumedWorkload[]): string {
  return JSON.stringify(workloads.map(w => sortKeys(w)));
}

/**
 * The workloads the `netpatterns.dev/assume-workloads` annotations of `objects` declare, in input
 * order, the first declaration of a `namespace/name` winning. Malformed values are left out, each
 * with a sentence in `problems`.
 */
export function annotatedWorkloads(objects: readonly any[], problems: string[] = []): AssumedWorkload[] {
  const out = new Map<string, AssumedWorkload>();
  for (const raw of objects) {
    const text = annotationsOf(raw)[ASSUME_WORKLOADS_ANNOTATION];
    if (text === undefined) continue;
    const where = `annotation ${ASSUME_WORKLOADS_ANNOTATION} of ${raw?.kind}/${raw?.metadata?.name}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      problems.push(`${where} is not JSON; ignored`);
      continue;
    }
    if (!Array.isArray(value)) {
      problems.push(`${where} is not a JSON list; ignored`);
      continue;
    }
    for (const entry of value) {
      const workload = asAssumedWorkload(entry);
      if (!workload) {
        problems.push(`${where} holds an entry without namespace, name and podLabels; ignored`);
        continue;
      }
      const id = `${workload.namespace}/${workload.name}`;
      if (!out.has(id)) out.set(id, workload);
    }
  }
  return [...out.values()];
}

/**
 * The workloads of `declared` whose pods the manifests do not hold. The library declares the pods
 * of a peer it cannot see (a Helm chart's pods, a scraper); when the manifests hold a workload in
 * that namespace whose pods carry the peer's labels (the chart was included in the same App), that
 * workload is the peer, and assuming it too would add a phantom copy.
 */
export function absentWorkloads(
  declared: readonly AssumedWorkload[],
  workloads: readonly { readonly namespace: string; readonly podLabels: { readonly [key: string]: string } }[],
): AssumedWorkload[] {
  return declared.filter(d => !workloads.some(w => w.namespace === d.namespace && matchesLabelMap(d.podLabels, w.podLabels)));
}

/** The workloads the annotations of `objects` declare whose pods `objects` do not hold (see `absentWorkloads`). */
export function annotatedAbsentWorkloads(objects: readonly any[], problems: string[] = []): AssumedWorkload[] {
  const declared = annotatedWorkloads(objects, problems);
  return declared.length === 0 ? [] : absentWorkloads(declared, readManifests(objects).workloads);
}

/** `extra` added to `base`, leaving out the workloads `base` already names. */
export function mergeWorkloads(base: readonly AssumedWorkload[], extra: readonly AssumedWorkload[]): AssumedWorkload[] {
  const ids = new Set(base.map(w => `${w.namespace}/${w.name}`));
  const out = [...base];
  for (const w of extra) {
    const id = `${w.namespace}/${w.name}`;
    if (ids.has(id)) continue;
    ids.add(id);
    out.push(w);
  }
  return out;
}

function asAssumedWorkload(entry: any): AssumedWorkload | undefined {
  if (!entry || typeof entry !== 'object') return undefined;
  const { namespace, name, podLabels, namespaceLabels, ports } = entry;
  if (typeof namespace !== 'string' || typeof name !== 'string' || !isStringMap(podLabels)) return undefined;
  const validPorts = asArray(ports).filter(p => p && typeof p === 'object' && Number.isInteger(p.port));
  return {
    namespace,
    name,
    podLabels,
    ...(isStringMap(namespaceLabels) ? { namespaceLabels } : {}),
    ...(validPorts.length > 0 ? { ports: validPorts } : {}),
  };
}

function isStringMap(x: unknown): x is { [key: string]: string } {
  return !!x && typeof x === 'object' && !Array.isArray(x) && Object.values(x).every(v => typeof v === 'string');
}

function sortKeys(value: any): any {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!value || typeof value !== 'object') return value;
  const out: any = {};
  for (const k of Object.keys(value).sort()) {
    if (value[k] !== undefined) out[k] = sortKeys(value[k]);
  }
  return out;
}
