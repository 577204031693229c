import { deployment, namespace, NOTHING_ASSUMED, policy } from './manifests';
import { Reachability } from '../../src/analysis';
import { lint } from '../../src/lint';

/** A prometheus-operator custom resource in `monitoring`. */
function monitoringResource(kind: 'Prometheus' | 'Alertmanager', name: string, spec: any = {}): any {
  return { apiVersion: 'monitoring.coreos.com/v1', kind, metadata: { name, namespace: 'monitoring' }, spec };
}

const STACK_LABEL = { 'app.kubernetes.io/part-of': 'observability' };

/** A Service in `monitoring` selecting `selector` on `port`. */
function service(name: string, selector: Record<string, string>, port: number): any {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'monitoring' }, spec: { selector, ports: [{ name: 'web', port, targetPort: 'web' }] } };
}

describe('pods an operator runs for a custom resource of the manifests', () => {
  // GIVEN a monitoring stack as kube-prometheus writes it: the Prometheus and Alertmanager
  // resources (the operator creates their StatefulSets), a Grafana, Services, and NetworkPolicies
  // selecting the operator's pods by the labels it gives them
  const stack = () => [
    namespace('monitoring'),
    monitoringResource('Prometheus', 'k8s', { podMetadata: { labels: { ...STACK_LABEL, 'app.kubernetes.io/component': 'prometheus' } } }),
    monitoringResource('Alertmanager', 'main', { podMetadata: { labels: STACK_LABEL } }),
    deployment('monitoring', 'grafana', { app: 'grafana' }, [{ port: 3000, name: 'http' }]),
    service('prometheus-k8s', { ...STACK_LABEL, 'app.kubernetes.io/component': 'prometheus', 'app.kubernetes.io/name': 'prometheus' }, 9090),
    service('alertmanager-main', { ...STACK_LABEL, 'app.kubernetes.io/name': 'alertmanager' }, 9093),
    policy('monitoring', 'prometheus', {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'grafana' } } }], ports: [{ port: 9090 }] }],
    }),
    policy('monitoring', 'alertmanager', {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'alertmanager' } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }], ports: [{ port: 9093 }] },
        { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'alertmanager' } } }], ports: [{ port: 9094, protocol: 'TCP' }, { port: 9094, protocol: 'UDP' }] },
      ],
    }),
  ];

  test('are workloads named after the StatefulSet the operator creates, with its labels and ports', () => {
    const r = Reachability.fromManifests(stack(), NOTHING_ASSUMED);
    expect(r.workloads).toEqual(['monitoring/alertmanager-main', 'monitoring/grafana', 'monitoring/prometheus-k8s']);
    expect(r.canReach('monitoring/grafana', 'monitoring/prometheus-k8s', 9090)).toBe(true);
    expect(r.canReach('monitoring/prometheus-k8s', 'monitoring/alertmanager-main', 9093)).toBe(true);
    expect(r.canReach('monitoring/grafana', 'monitoring/alertmanager-main', 9093)).toBe(false);
    // the Alertmanager cluster talks to itself over TCP and UDP 9094
    expect(r.canReach('monitoring/alertmanager-main', 'monitoring/alertmanager-main', 9094, 'UDP')).toBe(true);
    // flows list the declared container ports: 9090 ('web') and the config reloader's 8080
    expect(r.toJson().flows.filter((f) => f.to === 'monitoring/prometheus-k8s').map((f) => `${f.from} ${f.port}`)).toEqual(['monitoring/grafana 9090']);
    expect(r.explain('monitoring/grafana', 'monitoring/prometheus-k8s', 8080)).toContain('prometheus-operator runs its pods (StatefulSet prometheus-k8s)');
  });

  test('lint judges Services and policies selecting them against those pods', () => {
    const findings = lint(stack(), { reachability: NOTHING_ASSUMED });
    expect(findings.filter((f) => ['service-selector-matches-nothing', 'network-policy-peer-selects-nothing'].includes(f.rule))).toEqual([]);
    // without the resources, the Services and peers select nothing
    const withoutResources = stack().filter((o) => o.kind !== 'Prometheus' && o.kind !== 'Alertmanager');
    expect(lint(withoutResources, { reachability: NOTHING_ASSUMED }).filter((f) => f.rule === 'service-selector-matches-nothing').map((f) => f.object))
      .toEqual(['Service/monitoring/alertmanager-main', 'Service/monitoring/prometheus-k8s']);
  });

  test('a sharded Prometheus runs one StatefulSet per shard; listenLocal serves no web port', () => {
    const r = Reachability.fromManifests([namespace('monitoring'),
      monitoringResource('Prometheus', 'k8s', { shards: 3, listenLocal: true }),
      policy('monitoring', 'only-shard-1', {
        podSelector: { matchLabels: { 'operator.prometheus.io/shard': '1' } },
        policyTypes: ['Ingress'],
      })], NOTHING_ASSUMED);
    expect(r.workloads).toEqual(['monitoring/prometheus-k8s', 'monitoring/prometheus-k8s-shard-1', 'monitoring/prometheus-k8s-shard-2']);
    expect(r.canReach('monitoring/prometheus-k8s', 'monitoring/prometheus-k8s-shard-1', 8080)).toBe(false);
    expect(r.canReach('monitoring/prometheus-k8s', 'monitoring/prometheus-k8s-shard-2', 8080)).toBe(true);
    // only the config reloader's 8080 is declared: no 9090 flow
    expect([...new Set(r.toJson().flows.filter((f) => f.to === 'monitoring/prometheus-k8s').map((f) => f.port))]).toEqual([8080]);
  });

  test('are not added again when the manifests hold the StatefulSet or its pods (a dump of a live namespace)', () => {
    const statefulSet = { ...deployment('monitoring', 'prometheus-k8s', { 'app.kubernetes.io/name': 'prometheus', 'prometheus': 'k8s' }), kind: 'StatefulSet' };
    const r = Reachability.fromManifests([namespace('monitoring'), monitoringResource('Prometheus', 'k8s'), statefulSet], NOTHING_ASSUMED);
    expect(r.workloads).toEqual(['monitoring/prometheus-k8s']);
    expect(r.problems).toEqual([]);
    expect(r.toJson().workloads).toEqual(['monitoring/prometheus-k8s']);
  });
});
