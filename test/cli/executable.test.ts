/**
 * The `netpatterns` executable itself (`src/cli.ts`), run as a process: what `main()` cannot show.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** Runs the executable with ts-node and closes its stdout before it writes (`netpatterns … | head -0`). */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'cli.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'scripts', 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('the netpatterns executable', () => {
  test('stops quietly when the reader closes the pipe, as other Unix tools do', async () => {
    // GIVEN a reader that stops before any output (`netpatterns audit … | head -0`)
    const { code, stderr } = await runWithClosedStdout(['audit', path.join(ROOT, 'test', 'fixtures', 'cli', 'app'), '--format', 'connlist']);
    // THEN no EPIPE stack trace, and the exit code is the command's own
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
    expect(code).toBe(0);
  }, 60_000);
});
