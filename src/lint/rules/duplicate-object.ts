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
    // By reference first (one string the entry already holds); a list only for a second definition.
    const first = new Map<string, ObjectEntry>();
    const repeated = new Map<string, ObjectEntry[]>();
    for (const entry of context.objects) {
      if (typeof entry.raw.metadata?.name !== 'string' || entry.raw.metadata.name.length === 0) continue; // generateName: unique by design
      const earlier = first.get(entry.ref);
      if (earlier === undefined) {
        first.set(entry.ref, entry);
      } else {
        const list = repeated.get(entry.ref);
        if (list) list.push(entry);
        else repeated.set(entry.ref, [earlier, entry]);
      }
    }
    // One kind, namespace and name in two API groups (a CRD named like a built-in kind) are two objects.
    const groups: ObjectEntry[][] = [];
    for (const list of repeated.values()) {
      const byGroup = new Map<string, ObjectEntry[]>();
      for (const entry of list) {
        const same = byGroup.get(entry.group);
        if (same) same.push(entry);
        else byGroup.set(entry.group, [entry]);
      }
      groups.push(...byGroup.values());
    }
    const out: Violation[] = [];
    for (const list of groups) {
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
