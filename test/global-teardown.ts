import * as fs from 'node:fs';

/** Removes the run's temporary directory (see `global-setup.ts`). */
export default function globalTeardown(): void {
  const root = process.env.NETPATTERNS_JEST_TMPDIR;
  if (root) {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
