/**
 * Rule `duplicate-object`.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#uids
 */
import { sameLiveObject } from '../../analysis/_manifests';
import type { LintContext, ObjectEntry } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { Severity } from '../finding';

/** The rule. */
export const duplicateObject: LintRule = {
  id: 'duplicate-object',
  severity: Severity.ERROR,
  summary: 'Two objects with one kind, namespace and name',
  explanation:
    '"Only one object of a given kind can have a given name at a time" in a namespace. When the manifests define an object twice, '
    + '`kubectl apply` applies both and the last one silently replaces the first, so half of the intended configuration is lost '
    + '(typically two apps that both generate a Service `api`). Rename one of them or remove the duplicate. '
    + 'Copies of one live object — same kind, namespace, name and non-empty metadata.uid, as when overlapping '
    + '`kubectl get -o yaml` dumps are linted together — are one object, not a duplicate, even when their resourceVersion '
    + 'differs (the object changed between the dumps); definitions without a uid, or with different uids, each count.',
  check(context: LintContext): Violation[] {
    const groups = new Map<string, ObjectEntry[]>();
    for (const entry of context.objects) {
      if (typeof entry.raw.metadata?.name !== 'string' || entry.raw.metadata.name.length === 0) continue; // generateName: unique by design
      const key = `${entry.group}/${entry.ref}`;
      const list = groups.get(key) ?? [];
      list.push(entry);
      groups.set(key, list);
    }
    const out: Violation[] = [];
    for (const list of groups.values()) {
      // Copies of one live object (same uid, from overlapping `kubectl get` dumps) are one definition;
      // its resourceVersion may differ (the object changed between the dumps).
      const definitions = list.filter((e, i) => !list.slice(0, i).some(earlier => sameLiveObject(earlier, e))).length;
      if (definitions < 2) continue;
      const e = list[0];
      const where = e.namespace === undefined ? e.name : `${e.namespace}/${e.name}`;
      out.push({
        object: e.ref,
        message: `${e.kind} ${where} is defined ${definitions} times; the last one applied replaces the others: rename or remove the duplicates`,
      });
    }
    return out;
  },
};
