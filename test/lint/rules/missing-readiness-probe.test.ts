import { container, deployment, findingsOf, objectsOf, service } from '../manifests';

const RULE = 'missing-readiness-probe';

describe('lint', () => {
  describe('missing-readiness-probe', () => {
    test('is silent when the serving container has a readinessProbe', () => {
      expect(objectsOf(RULE, [deployment('production', 'api'), service('production', 'api')])).toEqual([]);
    });

    test('is silent for a container no Service targets', () => {
      expect(objectsOf(RULE, [deployment('production', 'worker', { containers: [container('worker', { readinessProbe: undefined })] })])).toEqual([]);
    });

    test('reports the serving container once per workload, naming the Services', () => {
      const d = deployment('production', 'api', {
        containers: [container('app', { readinessProbe: undefined }), container('metrics', { ports: [{ name: 'metrics', containerPort: 9090 }], readinessProbe: undefined })],
      });
      const objects = [d, service('production', 'api'), service('production', 'api-internal', { selector: { 'app.kubernetes.io/name': 'api' }, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] })];
      expect(findingsOf(RULE, objects)).toEqual([{
        severity: 'warning',
        rule: RULE,
        object: 'Deployment/production/api',
        message: "Deployment production/api container 'app' serves Service production/api and production/api-internal without a readinessProbe; "
          + 'add a readinessProbe so traffic only reaches ready pods',
      }]);
    });

    test('lists several containers', () => {
      const d = deployment('production', 'api', {
        containers: [container('app', { readinessProbe: undefined }), container('metrics', { ports: [{ name: 'metrics', containerPort: 9090 }], readinessProbe: undefined })],
      });
      const s = service('production', 'api', { ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'metrics', port: 9090 }] });
      expect(findingsOf(RULE, [d, s])[0].message).toMatch(/^Deployment production\/api containers 'app' and 'metrics' serve Service production\/api without/);
    });
  });
});
