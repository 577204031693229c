import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiObject, App, Chart, JsonPatch, Testing, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { errorOf, expectOneConflict } from './_helpers';
import { ExposedApp, Exposure, LintMode, NetworkPatternsApp, ZeroTrustNamespace } from '../../src';
import { LINT_ID, SynthesisLint } from '../../src/patterns/_synth-lint';
import { sessionOf } from '../../src/patterns/_synthesis';
import { exampleNames } from '../examples/_examples';

/** A fresh output directory (jest runs in a temporary directory it removes). */
function outdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-app-'));
}

/** The files an App wrote, by name. */
function filesIn(dir: string): { [name: string]: string } {
  const files: { [name: string]: string } = {};
  for (const name of fs.readdirSync(dir).sort()) {
    files[name] = fs.readFileSync(path.join(dir, name), 'utf-8');
  }
  return files;
}

/** Builds example `name` into `app`. */
function buildExample(name: string, app: App): App {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const example = require(path.join(__dirname, '..', '..', 'examples', name)) as { build: (a: App) => void };
  example.build(app);
  return app;
}

/** Whether a NetworkPatternsApp synthesis session of `app` is open. */
function isSynthesizing(app: App): boolean {
  return sessionOf(app) !== undefined;
}

/** How many times the synthesis-time lint of `app` ran. */
function lintRuns(app: App): number {
  const lint = app.node.tryFindChild(LINT_ID);
  return lint instanceof SynthesisLint ? lint.runs : 0;
}

/** One namespace per app, three apps. */
function shop(app: App): App {
  for (const name of ['alpha', 'beta', 'gamma']) {
    const ns = new ZeroTrustNamespace(app, `ns-${name}`);
    new ExposedApp(ns, name, { image: `ghcr.io/acme/${name}:1.0.0`, exposure: Exposure.ingress({ host: `${name}.example.com` }) });
  }
  return app;
}

/**
 * A validation hook of another library that mutates objects: it labels every Deployment (an
 * idempotent change, as such hooks are). It is created after the library's constructs, so it runs
 * after the synthesis-time lint.
 */
function addLabellingHook(app: App): void {
  const hook = new Construct(app, 'labeller');
  hook.node.addValidation({
    validate: () => {
      for (const c of app.node.findAll()) {
        if (ApiObject.isApiObject(c) && c.kind === 'Deployment') {
          c.metadata.addLabel('example.com/labelled-by', 'hook');
        }
      }
      return [];
    },
  });
}

/** A Service in `chart` whose selector matches no pod: an error-level lint finding. */
function addServiceSelectingNothing(chart: Chart): void {
  new ApiObject(chart, 'orphan', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'orphan' },
    spec: { selector: { app: 'nothing' }, ports: [{ port: 80, targetPort: 8080 }] },
  });
}

describe('NetworkPatternsApp', () => {
  describe('output bytes', () => {
    test.each(exampleNames())('example %s: NetworkPatternsApp, plain App and Testing.synth write the same bytes', (name) => {
      // GIVEN the example in a NetworkPatternsApp and in a plain App
      const fastDir = outdir();
      const plainDir = outdir();
      const fast = buildExample(name, new NetworkPatternsApp({ outdir: fastDir }));
      const plain = buildExample(name, new App({ outdir: plainDir }));

      // WHEN both are synthesized
      fast.synth();
      plain.synth();

      // THEN the files are byte-identical, and each equals cdk8s's own rendering of its chart
      const fastFiles = filesIn(fastDir);
      expect(fastFiles).toEqual(filesIn(plainDir));
      expect(Object.keys(fastFiles).length).toBe(plain.charts.length);
      for (const chart of plain.charts) {
        expect(fastFiles[`${chart.node.id}.k8s.yaml`]).toEqual(Yaml.stringify(...Testing.synth(chart)));
      }
      expect(buildExample(name, new NetworkPatternsApp()).synthYaml()).toEqual(buildExample(name, new App()).synthYaml());
    });

    test('a validation hook that mutates objects is in the output of every path', () => {
      // GIVEN the same program three times, each with a hook that labels Deployments
      const build = (app: App) => {
        shop(app);
        addLabellingHook(app);
        return app;
      };
      const fastDir = outdir();
      const plainDir = outdir();
      const protoDir = outdir();

      // WHEN synthesized by NetworkPatternsApp, by a plain App, and through App.prototype.synth
      build(new NetworkPatternsApp({ outdir: fastDir })).synth();
      build(new App({ outdir: plainDir })).synth();
      App.prototype.synth.call(build(new NetworkPatternsApp({ outdir: protoDir })));

      // THEN the bytes are the same and the hook's label is there
      const files = filesIn(fastDir);
      expect(files).toEqual(filesIn(plainDir));
      expect(files).toEqual(filesIn(protoDir));
      expect(files['ns-alpha.k8s.yaml']).toContain('example.com/labelled-by: hook');
    });

    test('the prototype path, as the jsii kernel calls it, gives the same bytes and the same lint count', () => {
      // GIVEN two identical programs
      const direct = shop(new NetworkPatternsApp());
      const viaPrototype = shop(new NetworkPatternsApp());

      // WHEN one is synthesized through its own method and one through App.prototype.synthYaml
      const a = direct.synthYaml();
      const b = App.prototype.synthYaml.call(viaPrototype);

      // THEN
      expect(b).toEqual(a);
      expect(lintRuns(direct)).toBe(1);
      expect(lintRuns(viaPrototype)).toBe(1);
    });

    test('follows declared dependencies exactly like Chart.toJson()', () => {
      // GIVEN a chart where an earlier object depends on a later one
      const dir = outdir();
      const app = new NetworkPatternsApp({ outdir: dir });
      const prod = new ZeroTrustNamespace(app, 'production');
      const web = new ExposedApp(prod, 'web', { image: 'ghcr.io/acme/web:1.0.0' });
      const api = new ExposedApp(prod, 'api', { image: 'ghcr.io/acme/api:1.0.0' });
      web.deployment.node.addDependency(api.service!);

      // WHEN
      app.synth();

      // THEN the file equals cdk8s's rendering, and api's Service comes before web's Deployment
      const written = fs.readFileSync(path.join(dir, 'production.k8s.yaml'), 'utf-8');
      expect(written).toEqual(Yaml.stringify(...Testing.synth(prod)));
      const order = Yaml.load(path.join(dir, 'production.k8s.yaml')).map((o: any) => `${o.kind}/${o.metadata.name}`);
      expect(order.indexOf('Service/api')).toBeLessThan(order.indexOf('Deployment/web'));
    });

    test('orders charts with digit ids as cdk8s does', () => {
      // GIVEN charts named 'b', '10', 'a' and '2', in that order, without any dependency
      const build = (app: App) => {
        for (const id of ['b', '10', 'a', '2']) {
          const chart = new Chart(app, id, { namespace: id });
          new ApiObject(chart, 'settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { id } });
        }
        return app;
      };

      // WHEN
      const fast = build(new NetworkPatternsApp()).synthYaml();
      const plain = build(new App()).synthYaml();

      // THEN the same documents in the same order: '2' and '10' first, as cdk8s orders them
      expect(fast).toEqual(plain);
      const namespaces = fast.split('\n').filter(l => l.startsWith('  namespace: ')).map(l => l.slice('  namespace: '.length).replace(/"/g, ''));
      expect([...new Set(namespaces)]).toEqual(['2', '10', 'b', 'a']);
    });
  });

  describe('lint', () => {
    test('runs exactly once per synthesis', () => {
      // GIVEN
      const app = shop(new NetworkPatternsApp({ outdir: outdir() }));

      // WHEN synthesized twice
      app.synth();
      const afterFirst = lintRuns(app);
      app.synthYaml();

      // THEN
      expect(afterFirst).toBe(1);
      expect(lintRuns(app)).toBe(2);
    });

    test('runs once in a plain App with 40 plain charts', () => {
      // GIVEN 40 plain charts, each with one app
      const app = new App({ outdir: outdir() });
      for (let i = 0; i < 40; i++) {
        const chart = new Chart(app, `team-${i}`, { namespace: `team-${i}` });
        new ExposedApp(chart, `app-${i}`, { image: 'ghcr.io/acme/app:1.0.0' });
      }

      // WHEN
      app.synth();

      // THEN cdk8s validated 41 times; the findings were computed once
      expect(lintRuns(app)).toBe(1);
    });

    test('lints again in a plain App when a construct is added between two synths', () => {
      // GIVEN a clean App, synthesized once
      const app = new App({ outdir: outdir() });
      const prod = new ZeroTrustNamespace(app, 'production');
      new ExposedApp(prod, 'api', { image: 'ghcr.io/acme/api:1.0.0' });
      app.synth();

      // WHEN a Service selecting nothing is added
      addServiceSelectingNothing(prod);

      // THEN the next synthesis finds it
      expect(errorOf(() => app.synth())).toMatch(/service-selector-matches-nothing: Service\/production\/orphan/);
    });

    test('judges the objects as written: a finding a later validation hook causes is caught, one it fixes is not reported', () => {
      // GIVEN a Service selecting nothing that a later hook repairs, and a clean one a later hook breaks
      const build = (app: App) => {
        const prod = new ZeroTrustNamespace(app, 'production');
        new ExposedApp(prod, 'api', { image: 'ghcr.io/acme/api:1.0.0' });
        addServiceSelectingNothing(prod);
        const hook = new Construct(app, 'selector-fixer');
        hook.node.addValidation({
          validate: () => {
            const orphan = prod.node.findChild('orphan') as ApiObject;
            orphan.addJsonPatch(JsonPatch.replace('/spec/selector', { 'app.kubernetes.io/name': 'api' }));
            const api = prod.node.findChild('api').node.findChild('Service') as ApiObject;
            api.addJsonPatch(JsonPatch.replace('/spec/selector', { app: 'renamed' }));
            return [];
          },
        });
        return app;
      };

      // WHEN synthesized by a NetworkPatternsApp (the hook runs after the lint construct validates)
      const message = errorOf(() => build(new NetworkPatternsApp({ outdir: outdir() })).synth());

      // THEN the finding is the one in the YAML that would have been written
      expect(message).toMatch(/service-selector-matches-nothing: Service\/production\/api:/);
      expect(message).not.toMatch(/Service\/production\/orphan/);
    });

    test('renders each object once per synthesis, and writes nothing when the lint fails', () => {
      // GIVEN
      const dir = outdir();
      const app = shop(new NetworkPatternsApp({ outdir: dir }));
      const objects = app.node.findAll().filter(ApiObject.isApiObject).length;
      const toJson = jest.spyOn(ApiObject.prototype, 'toJson');
      try {
        // WHEN
        app.synth();
        // THEN every object was rendered exactly once, for the lint and the output alike
        expect(toJson).toHaveBeenCalledTimes(objects);
      } finally {
        toJson.mockRestore();
      }
      const failing = new NetworkPatternsApp({ outdir: outdir() });
      shop(failing);
      addServiceSelectingNothing(new ZeroTrustNamespace(failing, 'production'));
      expect(errorOf(() => failing.synth())).toMatch(/service-selector-matches-nothing/);
      expect(fs.readdirSync(failing.outdir)).toEqual([]);
    });

    test('fails synthesis on an error finding by default, reported on the object path', () => {
      const app = new NetworkPatternsApp();
      const prod = new ZeroTrustNamespace(app, 'production');
      addServiceSelectingNothing(prod);
      expect(errorOf(() => app.synthYaml())).toMatch(/\[NetworkPatternsLint\] \[production\/orphan\] service-selector-matches-nothing/);
    });

    test('prints instead of failing with LintMode.WARN, and does not run with LintMode.OFF', () => {
      // GIVEN
      const warn = new NetworkPatternsApp({ lint: LintMode.WARN });
      addServiceSelectingNothing(new ZeroTrustNamespace(warn, 'production'));
      const off = new NetworkPatternsApp({ lint: LintMode.OFF });
      addServiceSelectingNothing(new ZeroTrustNamespace(off, 'production'));
      const printed: string[] = [];
      const write = jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => {
        printed.push(String(s));
        return true;
      });
      const quiet = process.env.NETPATTERNS_LINT_WARNINGS;
      delete process.env.NETPATTERNS_LINT_WARNINGS;
      try {
        // WHEN
        warn.synthYaml();
        off.synthYaml();
      } finally {
        write.mockRestore();
        process.env.NETPATTERNS_LINT_WARNINGS = quiet;
      }
      // THEN
      expect(printed.filter(l => l.includes('service-selector-matches-nothing'))).toHaveLength(1);
      expect(lintRuns(off)).toBe(0);
    });

    test('a plain App takes the lint mode from the construct context', () => {
      const app = new App();
      app.node.setContext('cdk8s-network-patterns:lint', 'off');
      addServiceSelectingNothing(new ZeroTrustNamespace(app, 'production'));
      expect(() => app.synthYaml()).not.toThrow();
    });

    test('the NETPATTERNS_LINT environment variable overrides the prop', () => {
      const app = new NetworkPatternsApp({ lint: LintMode.ERROR });
      addServiceSelectingNothing(new ZeroTrustNamespace(app, 'production'));
      process.env.NETPATTERNS_LINT = 'off';
      try {
        expect(() => app.synthYaml()).not.toThrow();
      } finally {
        delete process.env.NETPATTERNS_LINT;
      }
    });

    test('rejects a lint mode from the context that is not one', () => {
      const app = new App();
      app.node.setContext('cdk8s-network-patterns:lint', 'loud');
      new ZeroTrustNamespace(app, 'production');
      expect(errorOf(() => app.synthYaml())).toContain("context 'cdk8s-network-patterns:lint' must be one of error, warn, off, got \"loud\"");
    });
  });

  describe('owns only what it owns', () => {
    test('leaves a plain App without own properties and Yaml.stringify as it was', () => {
      // GIVEN
      const stringify = Yaml.stringify;
      const app = new App({ outdir: outdir() });
      const before = Reflect.ownKeys(app);

      // WHEN the library's constructs are created and the App is synthesized
      shop(app);
      expect(Yaml.stringify).toBe(stringify);
      app.synth();
      app.synthYaml();

      // THEN
      expect(Reflect.ownKeys(app)).toEqual(before);
      expect(Yaml.stringify).toBe(stringify);
    });

    test('swaps Yaml.stringify only while its own synthesis runs, and only with fastYaml', () => {
      // GIVEN apps recording the writer in use during their validation
      const original = Yaml.stringify;
      const seen = (app: App) => {
        const during: unknown[] = [];
        new Construct(app, 'spy').node.addValidation({ validate: () => { during.push(Yaml.stringify); return []; } });
        return during;
      };
      const fast = shop(new NetworkPatternsApp());
      const fastSeen = seen(fast);
      const slow = shop(new NetworkPatternsApp({ fastYaml: false }));
      const slowSeen = seen(slow);
      const plain = shop(new App());
      const plainSeen = seen(plain);

      // WHEN
      fast.synthYaml();
      slow.synthYaml();
      plain.synthYaml();

      // THEN
      expect(fastSeen[0]).not.toBe(original);
      expect(slowSeen.every(s => s === original)).toBe(true);
      expect(plainSeen.every(s => s === original)).toBe(true);
      expect(Yaml.stringify).toBe(original);
    });

    test('opens a synthesis session only during its own synth', () => {
      const app = shop(new NetworkPatternsApp({ outdir: outdir() }));
      let inside = false;
      new Construct(app, 'spy').node.addValidation({ validate: () => { inside = isSynthesizing(app); return []; } });
      expect(isSynthesizing(app)).toBe(false);
      app.synth();
      expect(inside).toBe(true);
      expect(isSynthesizing(app)).toBe(false);
    });
  });

  describe('conflicts', () => {
    test('a conflict between charts fails synthesis once, on the later claimant', () => {
      const app = new NetworkPatternsApp();
      const a = new ZeroTrustNamespace(app, 'a');
      const b = new ZeroTrustNamespace(app, 'b');
      new ExposedApp(a, 'one', { image: 'ghcr.io/acme/one:1.0.0', exposure: Exposure.nodePort({ nodePort: 30080 }) });
      new ExposedApp(b, 'two', { image: 'ghcr.io/acme/two:1.0.0', exposure: Exposure.nodePort({ nodePort: 30080 }) });
      expectOneConflict(errorOf(() => app.synthYaml()), { path: 'b/two', owner: "ExposedApp 'two'", key: 'NodePort 30080', first: "ExposedApp 'one' at a/one" });
      expect(isSynthesizing(app)).toBe(false);
    });
  });

  describe('bad input', () => {
    test.each([
      [{ lint: 'loud' }, "NetworkPatternsApp: lint must be one of 'error', 'warn', 'off' (LintMode), got the string 'loud'"],
      [{ fastYaml: 'yes' }, "NetworkPatternsApp: fastYaml must be true or false, got the string 'yes'"],
      [{ outdir: 5 }, 'NetworkPatternsApp: outdir must be a string, got 5'],
      [null, 'NetworkPatternsApp: props must be an object of named props, got null'],
    ])('rejects %j', (props, message) => {
      expect(() => new NetworkPatternsApp(props as any)).toThrow(message);
    });
  });
});
