import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ExposedApp, Exposure, Peer, ZeroTrustNamespace } from '../../src';
import { Linter } from '../../src/lint';
import { lintConstructTree } from '../../src/patterns/_lint-tree';
import { container, defaultDeny, deployment, service } from '../lint/manifests';

/** Adds a plain manifest as an ApiObject. */
function add(scope: Construct, id: string, manifest: any): ApiObject {
  const { apiVersion, kind, metadata, ...rest } = manifest;
  return new ApiObject(scope, id, { apiVersion, kind, metadata, ...rest });
}

describe('lint', () => {
  describe('lintConstructTree', () => {
    test('reports errors and warnings with the construct path of the object', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'shop');
      const group = new Construct(chart, 'api');
      add(group, 'Deployment', deployment('production', 'api', { containers: [container('app', { readinessProbe: undefined })] }));
      add(group, 'Service', service('production', 'api'));
      add(chart, 'Typo', service('production', 'apii', { selector: { 'app.kubernetes.io/name': 'apii' } }));

      const result = lintConstructTree(app);
      expect(result.errors).toEqual([
        '[shop/Typo] service-selector-matches-nothing: Service/production/apii: Service production/apii selects app.kubernetes.io/name=apii '
        + 'but no pod template in production has those labels (Deployment production/api has app.kubernetes.io/name=api); fix the selector or the pod labels',
      ]);
      expect(result.warnings).toEqual([
        "[shop/api/Deployment] missing-readiness-probe: Deployment/production/api: Deployment production/api container 'app' serves Service "
        + 'production/api without a readinessProbe; add a readinessProbe so traffic only reaches ready pods',
      ]);
    });

    test('reports a finding on a policy the library keeps for an app on the app\'s path, not on the internal construct holding it', () => {
      const app = Testing.app();
      const prod = new ZeroTrustNamespace(app, 'prod');
      const worker = new ExposedApp(prod, 'worker', { image: 'ghcr.io/acme/worker:1.0.0', exposure: Exposure.none() });
      worker.connectTo(Peer.addresses(['0.0.0.0/0'], { ports: [80] }));
      const metadata = lintConstructTree(app).warnings.filter((w) => w.includes('egress-reaches-cloud-metadata'));
      expect(metadata).toHaveLength(1);
      expect(metadata[0]).toMatch(/^\[prod\/worker\] egress-reaches-cloud-metadata: NetworkPolicy\/prod\/worker-egress: /);
    });

    test('lints the objects of every chart together', () => {
      const app = Testing.app();
      add(new Chart(app, 'workloads'), 'api', deployment('production', 'api'));
      add(new Chart(app, 'services'), 'api', service('production', 'api'));
      expect(lintConstructTree(app)).toEqual({ errors: [], warnings: [] });
    });

    test('uses the chart namespace of objects that do not set one', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'prod', { namespace: 'production' });
      const d = deployment('production', 'api');
      delete d.metadata.namespace;
      const s = service('staging', 'api');
      delete s.metadata.namespace;
      add(chart, 'd', d);
      add(chart, 's', s);
      expect(lintConstructTree(chart)).toEqual({ errors: [], warnings: [] });
    });

    test('honours acknowledgements on the object, a scope, or filtered by object', () => {
      const build = () => {
        const app = Testing.app();
        const chart = new Chart(app, 'shop');
        const a = add(chart, 'a', service('production', 'a', { selector: { x: 'a' } }));
        const b = add(chart, 'b', service('production', 'b', { selector: { x: 'b' } }));
        return { app, chart, a, b };
      };
      const errorsOf = (root: Construct) => lintConstructTree(root).errors.map(e => e.slice(0, e.indexOf(']') + 1));

      const onObject = build();
      Linter.acknowledge(onObject.a, 'service-selector-matches-nothing', 'pods deployed by another tool');
      expect(errorsOf(onObject.app)).toEqual(['[shop/b]']);

      const onChart = build();
      Linter.acknowledge(onChart.chart, 'service-selector-matches-nothing', 'pods deployed by another tool');
      expect(errorsOf(onChart.app)).toEqual([]);

      const filtered = build();
      Linter.acknowledge(filtered.app, 'service-selector-matches-nothing', 'pods deployed by another tool', 'Service/production/b');
      expect(errorsOf(filtered.app)).toEqual(['[shop/a]']);

      const otherRule = build();
      Linter.acknowledge(otherRule.app, 'missing-readiness-probe', 'not this one');
      expect(errorsOf(otherRule.app)).toEqual(['[shop/a]', '[shop/b]']);
    });

    test('an acknowledgement on a sibling does not apply', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'shop');
      add(chart, 'a', service('production', 'a', { selector: { x: 'a' } }));
      const sibling = new Construct(chart, 'sibling');
      Linter.acknowledge(sibling, 'service-selector-matches-nothing', 'unrelated');
      expect(lintConstructTree(app).errors).toHaveLength(1);
    });

    test('reports a namespace finding on the objects of that namespace, and honours their acknowledgements', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'prod');
      add(chart, 'api', deployment('production', 'api'));
      add(chart, 'deny', defaultDeny('production'));
      expect(lintConstructTree(app).errors).toEqual([expect.stringMatching(/^\[prod\/api\] default-deny-egress-without-dns: Namespace\/production: Namespace production: /)]);
      Linter.acknowledge(chart, 'default-deny-egress-without-dns', 'DNS goes through a sidecar proxy');
      expect(lintConstructTree(app).errors).toEqual([]);
    });

    test('passes options to lint', () => {
      const app = Testing.app();
      add(new Chart(app, 'c'), 's', service('production', 'a', { selector: { x: 'a' } }));
      expect(lintConstructTree(app, { acknowledgements: [{ rule: 'service-selector-matches-nothing', reason: 'test' }] }).errors).toEqual([]);
    });

    test('never calls Chart.toJson (which would run the validations again)', () => {
      const app = new App();
      const chart = new Chart(app, 'c');
      add(chart, 's', service('production', 'a'));
      const spy = jest.spyOn(Chart.prototype, 'toJson');
      lintConstructTree(app);
      expect(spy).not.toHaveBeenCalled();
      spy.mockRestore();
    });

    test('works from a validation hook during synthesis', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'c');
      add(chart, 's', service('production', 'a', { selector: { x: 'a' } }));
      chart.node.addValidation({ validate: () => lintConstructTree(chart).errors });
      expect(() => app.synth()).toThrow(/\[c\/s\] service-selector-matches-nothing: Service\/production\/a/);
    });
  });
});
