/**
 * Rule `duplicate-object`.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */
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
    + '(typically two apps that both generate a Service `api`). Rename one of them or remove the duplicate.',
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
      if (list.length < 2) continue;
      const e = list[0];
      const where = e.namespace === undefined ? e.name : `${e.namespace}/${e.name}`;
      out.push({
        object: e.ref,
        message: `${e.kind} ${where} is defined ${list.length} times; the last one applied replaces the others: rename or remove the duplicates`,
      });
    }
    return out;
  },
};
