import * as path from 'path';
import { Readable } from 'stream';
import { main } from '../../src/cli/main';

/** The fixtures of the CLI tests. */
export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cli');

/** A path under the CLI fixtures. */
export function fixture(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

/** The result of one in-process run of `netpatterns`. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `netpatterns <argv>` in-process with captured streams and `stdin` as standard input. */
export async function run(argv: string[], stdin = ''): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => { stdout += s; } },
    stderr: { write: (s: string) => { stderr += s; } },
    stdin: Readable.from([Buffer.from(stdin, 'utf8')]),
  });
  return { code, stdout, stderr };
}
