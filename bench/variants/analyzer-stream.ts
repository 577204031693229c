import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Prepare, timed } from './_variant';
import { lint, Reachability } from '../../src';
import { parseManifestText } from '../../src/analysis/_load';

/**
 * `netpatterns lint` and `audit` of a generated manifest stream of N megabytes over 10 files
 * (`scripts/manifest-stream.ts`: default-deny namespaces, apps with their Services and policies,
 * ConfigMaps carrying dashboards — a rendered platform chart), written before the clock. The same
 * library calls the CLI makes, synchronously:
 * - `load`: read and parse every file with the CLI's loader (`parseManifestText`);
 * - `lint`: `lint(objects)`;
 * - `audit`: `Reachability.fromManifests(objects)` + `connectionCount()` (what `--format connlist`
 *   streams).
 */
export const prepare: Prepare = ({ n }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-stream-'));
  const scripts = path.join(repositoryRoot(), 'scripts');
  const made = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(scripts, 'manifest-stream.ts'), dir, '10', String(n)], {
    env: { ...process.env, TS_NODE_PROJECT: path.join(scripts, 'tsconfig.json') },
    encoding: 'utf8',
  });
  if (made.status !== 0) throw new Error(`scripts/manifest-stream.ts failed: ${made.stderr}`);
  const files = fs.readdirSync(dir).sort().map(f => path.join(dir, f));
  return () => {
    const [objects, load] = timed(() => {
      const all: any[] = [];
      for (const file of files) {
        for (const o of parseManifestText(fs.readFileSync(file, 'utf8'), file, 'auto').objects) all.push(o);
      }
      return all;
    });
    const [findings, lintSeconds] = timed(() => lint(objects));
    const [count, audit] = timed(() => Reachability.fromManifests(objects).connectionCount());
    fs.rmSync(dir, { recursive: true, force: true });
    return {
      phases: { load, lint: lintSeconds, audit },
      info: { megabytes: n, files: files.length, objects: objects.length, findings: findings.length, connections: count },
    };
  };
};

/**
 * The repository root: the nearest directory above this file with a `package.json` (this file runs
 * from `bench/variants` under ts-node and from `bench/results/.build/bench/variants` with
 * `--compiled`).
 */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}
