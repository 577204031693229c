import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import type { Reachability } from '../../src';

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

/**
 * Every allowed flow that starts or ends in one of `namespaces`, as `from -> to port/protocol`,
 * sorted — DNS included. Flows between the cluster components the analyzer assumes are left out.
 */
export function flowsTouching(r: Reachability, namespaces: string[]): string[] {
  const ours = (id: string) => namespaces.some(ns => id.startsWith(`${ns}/`));
  return r.toJson().flows
    .filter(f => ours(f.from) || ours(f.to))
    .map(f => `${f.from} -> ${f.to} ${f.port}/${f.protocol}`)
    .sort();
}

/** Synthesizes `app` and returns what the synthesis wrote to stderr (lint warnings). */
export function synthWarnings(app: App): string {
  // The test setup silences synthesis-time lint warnings; this report is what is asserted here.
  const before = process.env.NETPATTERNS_LINT_WARNINGS;
  process.env.NETPATTERNS_LINT_WARNINGS = 'on';
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    app.synth();
    return spy.mock.calls.map(c => String(c[0])).join('');
  } finally {
    spy.mockRestore();
    process.env.NETPATTERNS_LINT_WARNINGS = before;
  }
}

/** The two DNS flows of workload `id`. */
export function dnsOf(id: string): string[] {
  return [`${id} -> kube-system/coredns 53/TCP`, `${id} -> kube-system/coredns 53/UDP`];
}
