import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ExposedApp, Peer, Reachability, ZeroTrustNamespace } from '../../src';

function appWithCharts(count: number): { app: App; validations: () => number } {
  const app = new App();
  let calls = 0;
  for (let i = 0; i < count; i++) {
    const chart = new Chart(app, `chart-${i}`, { namespace: `ns-${i}` });
    new ApiObject(chart, 'pod', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${i}`, labels: { app: `pod-${i}` } },
      spec: { containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
    });
  }
  new Construct(app, 'counter').node.addValidation({ validate: () => { calls++; return []; } });
  return { app, validations: () => calls };
}

describe('Reachability.fromApp', () => {
  test('validates the App once, not once per chart, and reads every chart', () => {
    // GIVEN an App with three charts
    const { app, validations } = appWithCharts(3);
    // WHEN
    const r = Reachability.fromApp(app);
    // THEN
    expect(validations()).toBe(1);
    expect(r.workloads.filter(w => w.startsWith('ns-'))).toEqual(['ns-0/pod-0', 'ns-1/pod-1', 'ns-2/pod-2']);
    expect(r.canReach('ns-0/pod-0', 'ns-2/pod-2', 80)).toBe(true);
  });

  test('still fails when the App does not validate', () => {
    const { app } = appWithCharts(2);
    new Construct(app, 'broken').node.addValidation({ validate: () => ['broken on purpose'] });
    expect(() => Reachability.fromApp(app)).toThrow(/broken on purpose/);
  });
});

describe('Reachability.fromApp and fromChart assume the pods the library declares but the App does not hold', () => {
  // GIVEN a namespace whose app admits a Prometheus installed elsewhere (Peer.pods): the App holds
  // no Prometheus, its Namespace declares it (netpatterns.dev/assume-workloads), as the CLI reads it
  const build = () => {
    const app = new App();
    const prometheus = Peer.pods({ name: 'prometheus', namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } });
    const ns = new ZeroTrustNamespace(app, 'shop', { monitoring: prometheus });
    new ExposedApp(ns, 'api', {
      image: 'ghcr.io/acme/api:1.0.0',
      ports: [{ name: 'http', port: 80, containerPort: 8080 }, { name: 'metrics', port: 9102 }],
      metrics: { port: 9102 },
    });
    return { app, ns };
  };

  test('the declared scraper is a workload that reaches the metrics port, and nothing else', () => {
    const { app, ns } = build();
    for (const r of [Reachability.fromApp(app), Reachability.fromChart(ns)]) {
      expect(r.workloads).toContain('monitoring/prometheus-monitoring-peer');
      expect(r.canReach('monitoring/prometheus-monitoring-peer', 'shop/api', 9102)).toBe(true);
      expect(r.canReach('monitoring/prometheus-monitoring-peer', 'shop/api', 8080)).toBe(false);
    }
  });

  test('a given extra workload with the same pods stands for it: no second copy', () => {
    const { app } = build();
    const r = Reachability.fromApp(app, {
      extraWorkloads: [{ namespace: 'monitoring', name: 'prometheus-k8s', podLabels: { 'app.kubernetes.io/name': 'prometheus' } }],
    });
    expect(r.workloads.filter(w => w.startsWith('monitoring/'))).toEqual(['monitoring/prometheus-k8s']);
    expect(r.canReach('monitoring/prometheus-k8s', 'shop/api', 9102)).toBe(true);
  });
});
