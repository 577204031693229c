import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Testing, Yaml } from 'cdk8s';
import { ExposedApp, Exposure, ZeroTrustNamespace } from '../../src';
import { isSynthesizing } from '../../src/patterns/_registry';

function shopWithNamespacePerApp(outdir: string): App {
  const app = new App({ outdir });
  for (const name of ['alpha', 'beta', 'gamma']) {
    const ns = new ZeroTrustNamespace(app, `ns-${name}`);
    new ExposedApp(ns, name, { image: `ghcr.io/acme/${name}:1.0.0`, exposure: Exposure.ingress({ host: `${name}.example.com` }) });
  }
  return app;
}

describe('synthesis of ZeroTrustNamespace charts', () => {
  test('app.synth() writes exactly what each chart renders on its own', () => {
    // GIVEN one namespace per app
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-synth-'));
    const app = shopWithNamespacePerApp(outdir);
    // WHEN synthesized as users do
    app.synth();
    // THEN every chart file equals that chart's own validated rendering
    for (const chart of app.charts) {
      const file = path.join(outdir, `${chart.node.id}.k8s.yaml`);
      expect(fs.readFileSync(file, 'utf-8')).toEqual(Yaml.stringify(...chart.toJson()));
    }
    expect(fs.readdirSync(outdir).sort()).toEqual(['ns-alpha.k8s.yaml', 'ns-beta.k8s.yaml', 'ns-gamma.k8s.yaml']);
  });

  test('app.synth() still fails on a conflict between charts', () => {
    const app = Testing.app();
    const a = new ZeroTrustNamespace(app, 'a');
    const b = new ZeroTrustNamespace(app, 'b');
    new ExposedApp(a, 'one', { image: 'ghcr.io/acme/one:1.0.0', exposure: Exposure.nodePort({ nodePort: 30080 }) });
    new ExposedApp(b, 'two', { image: 'ghcr.io/acme/two:1.0.0', exposure: Exposure.nodePort({ nodePort: 30080 }) });
    expect(() => app.synth()).toThrow(/ExposedApp 'two'.*ExposedApp 'one'.*NodePort 30080/);
    expect(isSynthesizing(app)).toBe(false);
  });

  test('Testing.synth(chart) validates again after the tree changed', () => {
    // GIVEN a chart synthesized once
    const app = Testing.app();
    const prod = new ZeroTrustNamespace(app, 'production');
    new ExposedApp(prod, 'api', { image: 'ghcr.io/acme/api:1.0.0' });
    expect(Testing.synth(prod).map(o => o.kind)).toContain('Deployment');
    // WHEN another chart claims the same Service name in the same namespace
    const other = new ZeroTrustNamespace(app, 'production-too', { name: 'staging' });
    new ExposedApp(other, 'api', { image: 'ghcr.io/acme/api:1.0.0' });
    const third = new ZeroTrustNamespace(app, 'prod-copy', { name: 'production' });
    // THEN the next synthesis of any chart reports both conflicts
    expect(() => Testing.synth(third)).toThrow(/Namespace production/);
  });

  test('is not synthesizing outside app.synth()', () => {
    const app = shopWithNamespacePerApp(fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-synth-')));
    expect(isSynthesizing(app)).toBe(false);
    app.synthYaml();
    expect(isSynthesizing(app)).toBe(false);
  });
});

describe('object order inside app.synth()', () => {
  test('follows declared dependencies exactly like Chart.toJson()', () => {
    // GIVEN a chart where an earlier object depends on a later one
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-synth-'));
    const app = new App({ outdir });
    const prod = new ZeroTrustNamespace(app, 'production');
    const web = new ExposedApp(prod, 'web', { image: 'ghcr.io/acme/web:1.0.0' });
    const api = new ExposedApp(prod, 'api', { image: 'ghcr.io/acme/api:1.0.0' });
    web.deployment.node.addDependency(api.service!);
    // WHEN
    app.synth();
    // THEN the file equals the validated rendering, and api's Service comes before web's Deployment
    const written = fs.readFileSync(path.join(outdir, 'production.k8s.yaml'), 'utf-8');
    expect(written).toEqual(Yaml.stringify(...prod.toJson()));
    const order = Yaml.load(path.join(outdir, 'production.k8s.yaml')).map((o: any) => `${o.kind}/${o.metadata.name}`);
    expect(order.indexOf('Service/api')).toBeLessThan(order.indexOf('Deployment/web'));
  });
});
