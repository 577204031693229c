/**
 * The cdk8s adapters: a Chart's or an App's synthesized objects, analyzed as manifests.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { Reachability } from '../../src/analysis';

function addWorkload(chart: Chart, name: string, port: number): void {
  new ApiObject(chart, name, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `registry.example.com/${name}:1.0.0`, ports: [{ containerPort: port }] }] } },
    },
  });
}

function addPolicy(chart: Chart, name: string, spec: any): void {
  new ApiObject(chart, name, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec });
}

describe('Reachability.fromChart', () => {
  test('analyzes the objects of one chart, in the chart namespace', () => {
    // GIVEN a chart with two workloads and a policy admitting web -> api only
    const app = new App();
    const chart = new Chart(app, 'production', { namespace: 'production' });
    addWorkload(chart, 'web', 8080);
    addWorkload(chart, 'api', 9000);
    addPolicy(chart, 'api-ingress', {
      podSelector: { matchLabels: { app: 'api' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 9000 }] }],
    });
    // WHEN analyzed
    const r = Reachability.fromChart(chart, { assumeDns: false });
    // THEN
    expect(r.workloads).toEqual(['production/api', 'production/web']);
    expect(r.canReach('production/web', 'production/api', 9000)).toBe(true);
    expect(r.canReach('production/api', 'production/api', 9000)).toBe(false);
    expect(r.toJson().flows).toEqual([
      { from: 'production/api', to: 'production/web', port: 8080, protocol: 'TCP' },
      { from: 'production/web', to: 'production/api', port: 9000, protocol: 'TCP' },
      { from: 'production/web', to: 'production/web', port: 8080, protocol: 'TCP' },
    ]);
  });
});

describe('Reachability.fromApp', () => {
  test('analyzes every chart of the app together', () => {
    // GIVEN two charts in two namespaces; the backend admits only the frontend namespace
    const app = new App();
    const frontend = new Chart(app, 'frontend', { namespace: 'frontend' });
    const backend = new Chart(app, 'backend', { namespace: 'backend' });
    addWorkload(frontend, 'web', 8080);
    addWorkload(backend, 'api', 9000);
    addWorkload(backend, 'worker', 9100);
    addPolicy(backend, 'api-ingress', {
      podSelector: { matchLabels: { app: 'api' } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'frontend' } } }] }],
    });
    // WHEN analyzed THEN cross-chart connections are decided by the policies of both
    const r = Reachability.fromApp(app, { assumeDns: false });
    expect(r.workloads).toEqual(['backend/api', 'backend/worker', 'frontend/web']);
    expect(r.canReach('frontend/web', 'backend/api', 9000)).toBe(true);
    expect(r.canReach('backend/worker', 'backend/api', 9000)).toBe(false);
    expect(r.canReach('backend/api', 'frontend/web', 8080)).toBe(true);
  });

  test('names the method in its errors', () => {
    const app = new App();
    addWorkload(new Chart(app, 'c', { namespace: 'c' }), 'web', 80);
    expect(() => Reachability.fromApp(app, { extraWorkloads: [{ namespace: 'c', name: 'web', podLabels: {} }] }))
      .toThrow(/^Reachability\.fromApp: extraWorkloads\[0\]: 'c\/web' is already a workload/);
  });
});
