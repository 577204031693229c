/**
 * Rule `object-invalid`.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/#required-fields
 */
import { AS_WRITTEN } from '../../analysis/_manifests';
import type { LintContext } from '../_context';
import { routeModel } from '../_routes';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';

/** The rule. */
export const objectInvalid: LintRule = {
  id: 'object-invalid',
  severity: Severity.ERROR,
  summary: 'An object the API server would reject in a field the analysis reads: no apiVersion or name, an invalid label, a port out of range',
  explanation:
    'Every object needs apiVersion, kind and metadata.name ("apiVersion not set", "name or generateName is required"); labels must '
    + 'be valid label keys and string values; container ports, Service ports and numeric targetPorts must be in 1-65535 and '
    + 'named ports IANA service names; a Gateway\'s listeners must have unique names and unique port, protocol and hostname '
    + 'combinations, HTTPS only in tls mode Terminate, TLS with a tls mode, no tls on HTTP, TCP or UDP and no hostname on TCP or '
    + 'UDP. kubectl apply refuses such an object, and the analyzer leaves out what it cannot read '
    + '(the object, the label or the port), so the other findings may be incomplete until it is fixed. Documents that are not '
    + 'Kubernetes objects at all (no kind) are not findings: the CLI skips them with a warning.',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const skipped of context.manifests.skipped) {
      if (skipped.kind === undefined) continue; // not meant as a Kubernetes object at all
      out.push({
        object: skipped.ref ?? skipped.where,
        message: `${describeRef(skipped.ref ?? skipped.where)} (${skipped.where}) has no apiVersion, which kubectl refuses ("apiVersion not set"); `
          + 'add the apiVersion of its API group (e.g. apps/v1 for a Deployment, networking.k8s.io/v1 for a NetworkPolicy)',
      });
    }
    // A skipped entry is also a problem of the model (on its `where`): reported above, or not at all.
    const skippedAt = new Set(context.manifests.skipped.map(s => s.where));
    for (const problem of context.manifests.problems) {
      if (problem.level !== 'invalid' || skippedAt.has(problem.object)) continue;
      const core = problem.message.replace(/; (labels )?(ignored|skipped)$/, '').replace(`; ${AS_WRITTEN}`, '');
      const meanwhile = meanwhileText(problem.message);
      out.push({
        object: problem.object,
        message: `${describeRef(problem.object)}: ${core}; fix it: kubectl apply refuses the object, and ${meanwhile}`,
      });
    }
    // The Gateway CRD's validation rules over its listeners (see analysis/_gateway.ts).
    for (const gateway of routeModel(context).gateways) {
      for (const reason of gateway.invalid) {
        out.push({
          object: `Gateway/${gateway.id}`,
          message: `Gateway ${gateway.id}: ${reason}; fix it: the API server refuses the Gateway, and no route attaches to it meanwhile`,
        });
      }
    }
    return out;
  },
};

/** What the analysis does with the object until it is fixed, from the end of the model's problem. */
function meanwhileText(message: string): string {
  if (message.endsWith(`; ${AS_WRITTEN}`)) return 'the analysis reads it as written meanwhile';
  if (message.endsWith('; skipped')) return 'the analysis leaves the object out meanwhile';
  if (message.endsWith('; labels ignored')) return 'the analysis ignores those labels meanwhile (the rest of the object is read)';
  if (message.endsWith('; ignored')) return 'the analysis ignores that entry meanwhile (the rest of the object is read)';
  return 'the analysis leaves this out meanwhile';
}

/** `Service production/api` for `Service/production/api`. */
function describeRef(ref: string): string {
  const slash = ref.indexOf('/');
  return slash < 0 ? ref : `${ref.slice(0, slash)} ${ref.slice(slash + 1)}`;
}
