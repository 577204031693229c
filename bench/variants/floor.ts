import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { Prepare } from './_variant';

/** cdk8s's own `Yaml.stringify` options (YAML 1.1 for PyYAML compatibility, no line folding). */
export const STRINGIFY_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

/**
 * The floor: the library's own output objects (loaded before the clock) serialized with the `yaml`
 * package the way cdk8s does — one `YAML.stringify` per document, joined with `---` — and written
 * to one file. No constructs, no cdk8s: the least any synthesizer of these objects must do.
 */
export const prepare: Prepare = ({ outdir, fixture }) => {
  const objects = JSON.parse(fs.readFileSync(fixture!, 'utf8')) as unknown[];
  const target = path.join(outdir, 'floor.k8s.yaml');
  return () => {
    const yaml = objects.map(o => YAML.stringify(o, STRINGIFY_OPTIONS)).join('---\n');
    fs.writeFileSync(target, yaml);
  };
};
