import { lint, Severity } from '../../src';
import { checkPodSecurityRestricted } from '../../src/lint/rules/pod-security-restricted';
import { expectValidManifests } from '../util';
import { buildExample, exampleNames, manifestsOf } from './_examples';

const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

describe('examples', () => {
  test('there is at least the zero-trust shop', () => {
    expect(exampleNames()).toContain('zero-trust-shop');
  });

  describe.each(exampleNames())('%s', (name) => {
    test('synthesizes objects that validate against their schemas', () => {
      // GIVEN / WHEN
      const objects = manifestsOf(buildExample(name));
      // THEN
      expect(objects.length).toBeGreaterThan(0);
      expectValidManifests(objects);
    });

    test('has pod templates that pass Pod Security Standards restricted', () => {
      const objects = manifestsOf(buildExample(name));
      const templates = objects.filter(o => POD_TEMPLATE_KINDS.has(o.kind));
      expect(templates.length).toBeGreaterThan(0);
      for (const o of templates) {
        expect({ object: `${o.kind}/${o.metadata.name}`, problems: checkPodSecurityRestricted(o.spec.template.spec, o.spec.template.metadata) })
          .toEqual({ object: `${o.kind}/${o.metadata.name}`, problems: [] });
      }
    });

    test('has no lint errors', () => {
      const findings = lint(manifestsOf(buildExample(name)));
      expect(findings.filter(f => f.severity === Severity.ERROR)).toEqual([]);
    });

    test('names no object with a hash', () => {
      const names = manifestsOf(buildExample(name)).map(o => o.metadata.name as string);
      expect(names.filter(n => /-c8[0-9a-f]{6,}$/.test(n))).toEqual([]);
    });

    test('synthesizes byte-identical YAML twice', () => {
      expect(buildExample(name).synthYaml()).toEqual(buildExample(name).synthYaml());
    });

    test('matches the reviewed snapshot', () => {
      const yaml = buildExample(name).synthYaml();
      expect(yaml).toContain('kind: NetworkPolicy');
      expect(yaml).toMatchSnapshot();
    });
  });
});
