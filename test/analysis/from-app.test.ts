import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Reachability } from '../../src';

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
