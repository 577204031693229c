/**
 * Synthesizes every example in examples/ to dist/examples/<example>.k8s.yaml and prints what it
 * wrote. Each example exports `build(app: App)`; its YAML is the whole App (every chart), synthesized
 * by a `NetworkPatternsApp` as the README recommends.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { NetworkPatternsApp } from '../src';

const root = path.resolve(__dirname, '..');
const examplesDir = path.join(root, 'examples');
const outDir = path.join(root, 'dist', 'examples');

function main(): void {
  fs.mkdirSync(outDir, { recursive: true });
  const files = fs.readdirSync(examplesDir).filter(f => f.endsWith('.ts')).sort();
  if (files.length === 0) {
    throw new Error(`no examples found in ${examplesDir}`);
  }
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const example = require(path.join(examplesDir, file)) as { build?: (app: App) => void };
    if (typeof example.build !== 'function') {
      throw new Error(`examples/${file} does not export build(app: App)`);
    }
    const app = new NetworkPatternsApp();
    example.build(app);
    const yaml = app.synthYaml();
    const target = path.join(outDir, `${path.basename(file, '.ts')}.k8s.yaml`);
    fs.writeFileSync(target, yaml);
    const objects = yaml.split(/^---$/m).filter(doc => doc.trim().length > 0).length;
    console.log(`wrote ${path.relative(process.cwd(), target)} (${objects} objects)`);
  }
}

main();
