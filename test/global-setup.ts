import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * One temporary directory for the whole test run: `Testing.app()` and the tests make hundreds of
 * output directories under `os.tmpdir()`, and cdk8s never removes them. Pointing `TMPDIR` here
 * (the test workers inherit it) lets `global-teardown.ts` remove them all at once.
 */
export default function globalSetup(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-jest-'));
  process.env.NETPATTERNS_JEST_TMPDIR = root;
  process.env.TMPDIR = root;
}
