import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';

/** The example files in examples/ (without extension). */
export function exampleNames(): string[] {
  return fs.readdirSync(path.join(__dirname, '..', '..', 'examples'))
    .filter(f => f.endsWith('.ts'))
    .map(f => path.basename(f, '.ts'))
    .sort();
}

/** Builds an example into a fresh App. */
export function buildExample(name: string): App {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const example = require(path.join(__dirname, '..', '..', 'examples', name)) as { build: (app: App) => void };
  const app = new App();
  example.build(app);
  return app;
}

/** Every object of every chart of `app`. */
export function manifestsOf(app: App): any[] {
  return app.charts.flatMap(chart => chart.toJson());
}
