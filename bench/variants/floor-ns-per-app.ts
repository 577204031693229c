import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { Prepare } from './_variant';
import { STRINGIFY_OPTIONS } from './floor';

/**
 * The floor of the namespace-per-app layout: the `library-ns-per-app` variant's output objects
 * (loaded before the clock), serialized the way cdk8s does — one `YAML.stringify` per document,
 * joined with `---` — into one file per namespace, as `app.synth()` writes one file per chart.
 */
export const prepare: Prepare = ({ outdir, fixture }) => {
  const files = JSON.parse(fs.readFileSync(`${fixture!}.files.json`, 'utf8')) as unknown[][];
  return () => {
    files.forEach((objects, i) => {
      const yaml = objects.map(o => YAML.stringify(o, STRINGIFY_OPTIONS)).join('---\n');
      fs.writeFileSync(path.join(outdir, `ns-${i}.k8s.yaml`), yaml);
    });
  };
};
