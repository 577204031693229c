import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Chart, Yaml } from 'cdk8s';
import { ExposedApp, Exposure, IngressTls, NetworkPatternsApp, ZeroTrustNamespace } from '../src';
import { buildExample, exampleNames, manifestsOf } from './examples/_examples';
import { prng } from './util';
import { BlockYamlWriter, FAST_YAML_ENV, resetFastYamlSelfCheck, withFastYaml } from '../src/_yaml-writer';

const cdk8sStringify = Yaml.stringify;
const original = (...docs: any[]) => cdk8sStringify.apply(Yaml, docs);

/** Scalars YAML prints in many ways: plain, quoted, escaped, YAML 1.1 words and numbers. */
const TRICKY_STRINGS = [
  '', ' ', 'a', 'y', 'Y', 'n', 'no', 'No', 'yes', 'on', 'Off', 'true', 'False', 'null', 'Null', '~', '-', '?', ':', '- a',
  '0', '00', '0775', '0x1F', '0b101', '1_000', '1e3', '1.5', '.5', '.inf', '-.Inf', '.nan', '+1', '-1', '1:30:00',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<', '=', 'a: b', 'a:b', 'a #b', 'a#b', '#a', 'a:', 'a ', ' a', '@a',
  '`a', '%a', '!a', '&a', '*a', '|', '>', '[a]', '{a}', 'a,b', "it's", 'say "hi"', 'back\\slash', 'tab\there',
  'line\nbreak', 'trailing\n', '---', '--- a', '...', 'ünïcödé', '日本語', 'emoji 🚀', '\u0007bell', 'a'.repeat(90),
  'ghcr.io/acme/app:1.4.2', 'app.kubernetes.io/name', '--port=8080', '100m', '128Mi', 'letsencrypt-prod', '/healthz',
  'cm-acme-http-solver', 'http://api.production.svc.cluster.local:8080',
];
const NUMBERS = [0, 1, -1, 8080, 65535, 2 ** 53, -(2 ** 53), 0.5, -0.25, 1e21, 1e-7, -0, 3.14159, Number.MAX_SAFE_INTEGER];

function randomScalar(next: () => number): unknown {
  const r = next();
  if (r < 0.55) return TRICKY_STRINGS[Math.floor(next() * TRICKY_STRINGS.length)];
  if (r < 0.8) return NUMBERS[Math.floor(next() * NUMBERS.length)];
  if (r < 0.9) return next() < 0.5;
  return null;
}

function randomValue(next: () => number, depth: number): unknown {
  const r = next();
  if (depth > 4 || r < 0.45) return randomScalar(next);
  const size = Math.floor(next() * 4);
  if (r < 0.75) {
    const obj: Record<string, unknown> = {};
    for (let i = 0; i < size; i++) obj[String(randomScalar(next) ?? 'key')] = randomValue(next, depth + 1);
    return obj;
  }
  return Array.from({ length: size }, () => randomValue(next, depth + 1));
}

describe('BlockYamlWriter', () => {
  test('prints random JSON documents byte for byte as Yaml.stringify does, or hands them back', () => {
    // GIVEN 5,000 random documents over tricky scalars, nested maps, sequences and empty collections
    const next = prng(20261121);
    const writer = new BlockYamlWriter(original);
    let written = 0;
    for (let i = 0; i < 5000; i++) {
      const doc = { apiVersion: 'v1', kind: 'ConfigMap', data: randomValue(next, 0) };
      // WHEN the writer prints it
      const yaml = writer.document(doc);
      // THEN it prints exactly what cdk8s prints, or declines (undefined)
      if (yaml !== undefined) {
        expect(yaml).toEqual(original(doc));
        written++;
      }
    }
    // and it declines only the documents with a multi-line scalar (a minority)
    expect(written).toBeGreaterThan(3500);
  });

  test('prints the strings it prints without asking yaml (a letter, then 5+ of [A-Za-z0-9._/-]) plain, as yaml does', () => {
    // GIVEN strings of that shape, biased toward YAML 1.1 words, numbers and dots
    const next = prng(7);
    const alphabet = 'yYnNoOeEsStTrRuUfFaAlL.0123456789_-/xXbB';
    const writer = new BlockYamlWriter(original);
    for (let i = 0; i < 3000; i++) {
      const length = 6 + Math.floor(next() * 8);
      let s = 'yYnNtTfFoOaAbBxX'[Math.floor(next() * 16)];
      while (s.length < length) s += alphabet[Math.floor(next() * alphabet.length)];
      // WHEN / THEN as a value and as a key
      const doc = { [s]: s };
      expect(writer.document(doc)).toEqual(original(doc));
      expect(writer.document(doc)).toEqual(`${s}: ${s}\n`);
    }
  });

  test('prints every object of a namespace-per-app shop itself, exactly as cdk8s does', () => {
    // GIVEN the objects of three namespaces, each with an exposed app
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-yaml-')) });
    for (const name of ['alpha', 'beta', 'gamma']) {
      const ns = new ZeroTrustNamespace(app, `ns-${name}`);
      new ExposedApp(ns, name, {
        image: `ghcr.io/acme/${name}:1.0.0`,
        replicas: 3,
        healthCheckPath: '/healthz',
        exposure: Exposure.ingress({ host: `${name}.example.com`, tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod' }) }),
      });
    }
    const objects = app.charts.flatMap(chart => chart.toJson());
    expect(objects.length).toBeGreaterThan(20);
    // WHEN / THEN
    const writer = new BlockYamlWriter(original);
    for (const obj of objects) {
      expect(writer.document(obj)).toEqual(original(obj));
    }
  });

  test.each(exampleNames())('prints every object of the %s example itself, and its synthYaml() is unchanged', (name) => {
    // GIVEN the example's objects
    const writer = new BlockYamlWriter(original);
    const objects = manifestsOf(buildExample(name));
    // WHEN / THEN the writer prints each one, as cdk8s does
    for (const obj of objects) {
      expect(writer.document(obj)).toEqual(original(obj));
    }
    // and the App's YAML is the same with cdk8s's writer
    const withWriter = buildExample(name).synthYaml();
    process.env[FAST_YAML_ENV] = 'off';
    try {
      expect(withWriter).toEqual(buildExample(name).synthYaml());
    } finally {
      delete process.env[FAST_YAML_ENV];
    }
  });

  test.each([
    ['an undefined value', { a: undefined }],
    ['a multi-line string', { a: 'line one\nline two' }],
    ['an object twice (yaml prints an alias)', (() => { const shared = { x: 1 }; return { a: shared, b: shared }; })()],
    ['a Date', { a: new Date(0) }],
    ['a class instance', { a: new (class Point { public x = 1; })() }],
    ['a Map', { a: new Map([['k', 'v']]) }],
    ['a bigint', { a: BigInt(1) }],
    ['a function', { a: () => 1 }],
    ['a key longer than 1,000 characters', { ['k'.repeat(1001)]: 1 }],
    ['an array with toJSON', { a: Object.assign([1], { toJSON: () => 'x' }) }],
  ])('hands %s back to Yaml.stringify', (_what, doc) => {
    expect(new BlockYamlWriter(original).document(doc)).toBeUndefined();
  });

  test('lets an error of the input through, as Yaml.stringify does', () => {
    const doc = { get broken(): string { throw new Error('getter failed'); } };
    expect(() => original(doc)).toThrow('getter failed');
    expect(() => new BlockYamlWriter(original).document(doc)).toThrow('getter failed');
  });
});

describe('withFastYaml', () => {
  afterEach(() => {
    delete process.env[FAST_YAML_ENV];
    resetFastYamlSelfCheck();
  });

  test('replaces Yaml.stringify while synthesizing, with the same output, and puts it back', () => {
    const doc = { kind: 'ConfigMap', data: { a: 'yes', b: 'multi\nline', c: [1, { d: [] }] } };
    const during = withFastYaml(() => ({ replaced: Yaml.stringify !== cdk8sStringify, yaml: Yaml.stringify(doc, undefined, doc) }));
    expect(during.replaced).toBe(true);
    expect(during.yaml).toEqual(original(doc, undefined, doc));
    expect(Yaml.stringify).toBe(cdk8sStringify);
  });

  test('a synthesis inside a synthesis keeps the outer writer', () => {
    const [outer, inner] = withFastYaml(() => [Yaml.stringify, withFastYaml(() => Yaml.stringify)]);
    expect(outer).not.toBe(cdk8sStringify);
    expect(inner).toBe(outer);
    expect(Yaml.stringify).toBe(cdk8sStringify);
  });

  test('puts Yaml.stringify back when synthesis throws', () => {
    expect(() => withFastYaml(() => {
      throw new Error('boom');
    })).toThrow('boom');
    expect(Yaml.stringify).toBe(cdk8sStringify);
  });

  test(`leaves cdk8s's writer alone with ${FAST_YAML_ENV}=off`, () => {
    process.env[FAST_YAML_ENV] = 'off';
    expect(withFastYaml(() => Yaml.stringify === cdk8sStringify)).toBe(true);
  });

  test('is never used when it does not print the probe as the original does', () => {
    resetFastYamlSelfCheck();
    // GIVEN a cdk8s whose writer lays YAML out differently (here: four-space indentation)
    const fourSpaces = (...docs: any[]) => cdk8sStringify.apply(Yaml, docs).replace(/^( +)/gm, '$1$1');
    Object.defineProperty(Yaml, 'stringify', { value: fourSpaces, configurable: true, writable: true });
    try {
      // WHEN / THEN the writer does not replace it
      expect(withFastYaml(() => Yaml.stringify === fourSpaces)).toBe(true);
    } finally {
      Object.defineProperty(Yaml, 'stringify', { value: cdk8sStringify, configurable: true, writable: true });
    }
  });

  test('app.synth() writes the same files, byte for byte, as with cdk8s\'s writer', () => {
    // GIVEN the same NetworkPatternsApp synthesized with the writer and with fastYaml: false
    const synthesize = (fastYaml: boolean): Map<string, string> => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-yaml-'));
      const app = new NetworkPatternsApp({ outdir, fastYaml });
      for (const team of ['payments', 'search', 'identity']) {
        const ns = new ZeroTrustNamespace(app, team);
        const api = new ExposedApp(ns, 'api', {
          image: `ghcr.io/acme/${team}-api:2.0.1`,
          healthCheckPath: '/healthz',
          env: { GREETING: 'hello: world', FLAG: 'yes', OCTAL: '0775' },
          exposure: Exposure.ingress({ host: `${team}.example.com`, tls: IngressTls.certManager({ clusterIssuer: 'letsencrypt-prod' }) }),
        });
        new ExposedApp(ns, 'worker', { image: `ghcr.io/acme/${team}-worker:2.0.1` }).connectTo(api);
      }
      app.synth();
      return new Map(fs.readdirSync(outdir).map(f => [f, fs.readFileSync(path.join(outdir, f), 'utf-8')]));
    };
    // WHEN
    const withWriter = synthesize(true);
    const withCdk8s = synthesize(false);
    // THEN
    expect([...withWriter.keys()].sort()).toEqual(['identity.k8s.yaml', 'payments.k8s.yaml', 'search.k8s.yaml']);
    expect(withWriter).toEqual(withCdk8s);
    expect(withWriter.get('search.k8s.yaml')).toContain('value: "yes"');
  });

  test('inside the synth() of a NetworkPatternsApp, and not after it', () => {
    // GIVEN an App with a ZeroTrustNamespace and a construct that looks at Yaml.stringify while the App validates
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-yaml-'));
    const app = new NetworkPatternsApp({ outdir });
    new ExposedApp(new ZeroTrustNamespace(app, 'production'), 'api', { image: 'ghcr.io/acme/api:1.0.0' });
    const seen: boolean[] = [];
    new Chart(app, 'observer').node.addValidation({ validate: () => { seen.push(Yaml.stringify !== cdk8sStringify); return []; } });
    // WHEN
    app.synth();
    // THEN it was replaced during synthesis only (cdk8s validates once more for the plain chart),
    // and the file is what cdk8s's writer prints
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every(replaced => replaced)).toBe(true);
    expect(Yaml.stringify).toBe(cdk8sStringify);
    const production = app.charts.find(c => c.node.id === 'production')!;
    expect(fs.readFileSync(path.join(outdir, 'production.k8s.yaml'), 'utf-8')).toEqual(original(...production.toJson()));
  });
});
