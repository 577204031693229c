/**
 * Internal: cdk8s-plus-28 workloads placed in a restricted `ZeroTrustNamespace`.
 *
 * cdk8s-plus renders non-root, read-only, no-privilege-escalation containers by default, but no
 * seccomp profile and no dropped capabilities, so the Pod Security admission of a restricted
 * namespace rejects its pods. The namespace adds those two settings when the workload leaves them
 * out (they are what `restricted` asks for, and never weaken a choice the user made) and fails
 * synthesis naming anything else the workload must change.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import type { Container, PodSpec } from './_k8s-types';
import { isKplusInstance, loadKplus } from './_kplus';
import type { ZeroTrustNamespace } from './zero-trust-namespace';
import { recordAcknowledgement } from '../lint/_acknowledgements';
import { checkPodSecurityRestricted } from '../lint/rules/pod-security-restricted';

const patched = new WeakSet<ApiObject>();
/** Objects whose failures this check reports itself (the lint leaves them to it). */
const reported = new WeakSet<ApiObject>();

/** Where the pod spec sits in an object of `kind`, as a JSON pointer. */
function podSpecPointer(kind: string): string {
  if (kind === 'Pod') return '/spec';
  if (kind === 'CronJob') return '/spec/jobTemplate/spec/template/spec';
  return '/spec/template/spec';
}

function at(obj: unknown, pointer: string): unknown {
  return pointer.split('/').slice(1).reduce<unknown>((o, key) => (o as { [key: string]: unknown } | undefined)?.[key], obj);
}

/**
 * Adds seccomp RuntimeDefault and `capabilities.drop: [ALL]` to the cdk8s-plus workloads of `ns`
 * that lack them (restricted namespaces only); returns one error per workload that still does not
 * meet the restricted profile.
 */
export function fixCdk8sPlusPodSecurity(ns: ZeroTrustNamespace): string[] {
  if (ns.podSecurity !== 'restricted') {
    return [];
  }
  const errors: string[] = [];
  for (const construct of ns.node.findAll()) {
    // Only a construct of a cdk8s-plus-28 class loads cdk8s-plus-28 (most programs hold none).
    if (!isKplusInstance(construct) || !(construct instanceof loadKplus().AbstractPod) || Chart.of(construct) !== ns) {
      continue;
    }
    const apiObject = ApiObject.of(construct);
    const json = apiObject.toJson();
    const pointer = podSpecPointer(json.kind);
    const podSpec = at(json, pointer) as PodSpec | undefined;
    if (!podSpec) {
      continue;
    }
    const patches: JsonPatch[] = [];
    const containers: Array<[string, Container]> = [
      ...(podSpec.initContainers ?? []).map((c, i): [string, Container] => [`${pointer}/initContainers/${i}`, c]),
      ...(podSpec.containers ?? []).map((c, i): [string, Container] => [`${pointer}/containers/${i}`, c]),
    ];
    const seccompOk = (t: string | undefined) => t === 'RuntimeDefault' || t === 'Localhost';
    if (!seccompOk(podSpec.securityContext?.seccompProfile?.type)
      && !containers.every(([, c]) => seccompOk(c.securityContext?.seccompProfile?.type))
      && podSpec.securityContext?.seccompProfile === undefined) {
      patches.push(podSpec.securityContext
        ? JsonPatch.add(`${pointer}/securityContext/seccompProfile`, { type: 'RuntimeDefault' })
        : JsonPatch.add(`${pointer}/securityContext`, { seccompProfile: { type: 'RuntimeDefault' } }));
    }
    for (const [path, container] of containers) {
      const sc = container.securityContext;
      if (sc?.capabilities?.drop !== undefined) {
        continue;
      }
      patches.push(!sc
        ? JsonPatch.add(`${path}/securityContext`, { capabilities: { drop: ['ALL'] } })
        : sc.capabilities
          ? JsonPatch.add(`${path}/securityContext/capabilities/drop`, ['ALL'])
          : JsonPatch.add(`${path}/securityContext/capabilities`, { drop: ['ALL'] }));
    }
    const fixed = patches.length > 0 ? JsonPatch.apply(json, ...patches) : json;
    const problems = checkPodSecurityRestricted(at(fixed, pointer), json.kind === 'Pod' ? fixed.metadata : at(fixed, pointer.replace(/\/spec$/, '/metadata')));
    if (problems.length > 0) {
      if (!reported.has(apiObject)) {
        // One message per workload: this one, which says what the namespace adds and what the user
        // must change; the synthesis-time lint's pod-security-restricted finding on the same object
        // would repeat it, listing the settings this namespace adds as missing.
        reported.add(apiObject);
        recordAcknowledgement(apiObject, {
          rule: 'pod-security-restricted',
          object: `${json.kind}/${json.metadata?.namespace ?? ns.name}/${json.metadata?.name}`,
          reason: `reported by ZeroTrustNamespace '${ns.name}', which adds seccomp and dropped capabilities to cdk8s-plus workloads`,
        });
      }
      errors.push(`ZeroTrustNamespace '${ns.name}': cdk8s-plus ${json.kind} '${json.metadata?.name}' (${construct.node.path}) does not meet Pod Security Standards restricted, which the namespace enforces: ${problems.join('; ')}; change the workload, or choose podSecurity: PodSecurityLevel.BASELINE for the namespace`);
      continue;
    }
    if (patches.length > 0 && !patched.has(apiObject)) {
      patched.add(apiObject);
      apiObject.addJsonPatch(...patches);
    }
  }
  return errors;
}
