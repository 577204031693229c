/**
 * Errors of the `netpatterns` CLI (internal).
 */

/**
 * Input the CLI cannot use (a missing file, malformed YAML, an unknown workload, a bad port).
 * `main` prints its one-line message and exits 2.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
