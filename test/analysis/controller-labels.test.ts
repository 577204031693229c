import { deployment, NOTHING_ASSUMED, policy } from './manifests';
import { Reachability } from '../../src/analysis';
import { lint } from '../../src/lint';

describe('labels the controllers give their pods', () => {
  const statefulSet = (name: string, replicas?: number) => {
    const d = deployment('data', name, { app: name }, [{ port: 6379, name: 'redis' }]);
    return { ...d, kind: 'StatefulSet', spec: { ...d.spec, ...(replicas === undefined ? {} : { replicas }) } };
  };
  const perPodService = (name: string, pod: string) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'data' },
    spec: { selector: { 'app': 'redis', 'statefulset.kubernetes.io/pod-name': pod }, ports: [{ port: 6379, targetPort: 6379 }] },
  });

  test('a Service selecting one pod of a StatefulSet by its pod name has an endpoint (lint), one that names no pod does not', () => {
    const objects = [statefulSet('redis', 3), perPodService('redis-announce-2', 'redis-2'), perPodService('redis-announce-3', 'redis-3')];
    const findings = lint(objects, { reachability: NOTHING_ASSUMED }).filter((f) => f.rule === 'service-selector-matches-nothing');
    expect(findings.map((f) => f.object)).toEqual(['Service/data/redis-announce-3']);
  });

  test('a NetworkPolicy selecting the pod of a one-replica StatefulSet by pod name or index selects the workload', () => {
    const deny = (labels: Record<string, string>) => policy('data', 'deny', { podSelector: { matchLabels: labels }, policyTypes: ['Ingress'] });
    const client = deployment('data', 'client', { app: 'client' });
    const selectors: Array<Record<string, string>> = [{ 'statefulset.kubernetes.io/pod-name': 'redis-0' }, { 'apps.kubernetes.io/pod-index': '0' }];
    for (const labels of selectors) {
      const r = Reachability.fromManifests([statefulSet('redis'), client, deny(labels)], NOTHING_ASSUMED);
      expect(r.canReach('data/client', 'data/redis', 6379)).toBe(false);
    }
    // of three pods, a policy naming one does not isolate the workload as a whole (it selects every pod only with In)
    const three = (labels: any) => Reachability.fromManifests([statefulSet('redis', 3), client,
      policy('data', 'deny', { podSelector: labels, policyTypes: ['Ingress'] })], NOTHING_ASSUMED);
    expect(three({ matchLabels: { 'statefulset.kubernetes.io/pod-name': 'redis-0' } }).canReach('data/client', 'data/redis', 6379)).toBe(true);
    expect(three({ matchExpressions: [{ key: 'apps.kubernetes.io/pod-index', operator: 'In', values: ['0', '1', '2'] }] })
      .canReach('data/client', 'data/redis', 6379)).toBe(false);
  });

  test("a Job's pods carry its name (job-name and batch.kubernetes.io/job-name)", () => {
    const job = { ...deployment('data', 'migrate', { app: 'migrate' }), apiVersion: 'batch/v1', kind: 'Job' };
    const r = Reachability.fromManifests([job, deployment('data', 'db', { app: 'db' }),
      policy('data', 'migrate-egress', { podSelector: { matchLabels: { 'batch.kubernetes.io/job-name': 'migrate' } }, policyTypes: ['Egress'] })], NOTHING_ASSUMED);
    expect(r.canReach('data/migrate', 'data/db', 80)).toBe(false);
    expect(r.canReach('data/db', 'data/migrate', 80)).toBe(true);
  });
});
