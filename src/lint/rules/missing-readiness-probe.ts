/**
 * Rule `missing-readiness-probe`.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/#readiness-probe
 */
import type { LintContext, WorkloadEntry } from '../_context';
import type { LintRule, Violation } from '../_rule';
import { describeWorkload, listWords, portsMatching, serviceTargets } from '../_services';
import { Severity } from '../finding';

/** The rule. */
export const missingReadinessProbe: LintRule = {
  id: 'missing-readiness-probe',
  severity: Severity.WARNING,
  summary: 'A container serving a Service port without a readinessProbe',
  explanation:
    'A pod becomes a Service endpoint as soon as its containers start, unless a readinessProbe says when it is ready. '
    + 'Without one, every rollout and restart sends requests to processes that are still starting, and a hung container stays '
    + 'in the rotation. Add a readinessProbe (HTTP GET on a health path, or TCP on the port) to each container a Service targets.',
  check(context: LintContext): Violation[] {
    const found = new Map<WorkloadEntry, { containers: Set<string>; services: Set<string> }>();
    for (const service of context.services) {
      if (!service.selector || service.type === 'ExternalName') continue;
      const targets = serviceTargets(service);
      for (const workload of context.workloadsSelectedBy(service.namespace, service.selector)) {
        for (const target of targets) {
          for (const port of portsMatching(workload, target)) {
            const container = workload.containers.find(c => c.name === port.container && c.role !== 'ephemeral container');
            if (!container || container.raw.readinessProbe) continue;
            const entry = found.get(workload) ?? { containers: new Set<string>(), services: new Set<string>() };
            entry.containers.add(`'${container.name}'`);
            entry.services.add(`${service.namespace}/${service.name}`);
            found.set(workload, entry);
          }
        }
      }
    }
    const out: Violation[] = [];
    for (const [workload, { containers, services }] of found) {
      const plural = containers.size > 1 ? 'containers' : 'container';
      out.push({
        object: workload.ref,
        message: `${describeWorkload(workload)} ${plural} ${listWords([...containers])} ${containers.size > 1 ? 'serve' : 'serves'} `
          + `Service ${listWords([...services])} without a readinessProbe; add a readinessProbe so traffic only reaches ready pods`,
      });
    }
    return out;
  },
};
