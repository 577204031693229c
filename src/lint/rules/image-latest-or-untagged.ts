/**
 * Rule `image-latest-or-untagged`.
 *
 * @see https://kubernetes.io/docs/concepts/containers/images/#image-names
 */
import type { LintContext } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { describeWorkload } from '../_services';
import { Severity } from '../finding';

/** Why an image reference does not pin a version, or undefined when it does. */
export function unpinnedImage(image: string): string | undefined {
  if (image.includes('@')) return undefined; // a digest pins the content
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return 'has no tag (it means latest)';
  const tag = lastSegment.slice(colon + 1);
  if (tag === 'latest') return 'uses the tag latest';
  if (tag.length === 0) return 'has an empty tag';
  return undefined;
}

/** The rule. */
export const imageLatestOrUntagged: LintRule = {
  id: 'image-latest-or-untagged',
  severity: Severity.ERROR,
  summary: 'A container image without a tag or digest, or with the tag latest',
  explanation:
    'An image without tag means :latest. Which build runs then depends on when each node pulled it, rollbacks cannot go back, '
    + 'and the default imagePullPolicy becomes Always, so every pod start needs the registry. '
    + 'Pin a version tag (ghcr.io/acme/api:1.4.2) or a digest (…@sha256:…).',
  check(context: LintContext): Violation[] {
    const out: Violation[] = [];
    for (const workload of context.workloads) {
      const problems: string[] = [];
      for (const c of workload.containers) {
        const image = c.raw.image;
        if (typeof image !== 'string') continue;
        const why = unpinnedImage(image);
        if (why) problems.push(`${c.role} '${c.name}' image ${image} ${why}`);
      }
      if (problems.length === 0) continue;
      out.push({
        object: workload.ref,
        message: `${describeWorkload(workload)}: ${problems.join('; ')}; pin a version tag or a digest`,
      });
    }
    return out;
  },
};
