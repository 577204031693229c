/**
 * Writing output that can be quadratic in the workloads (every pair spelled out) without
 * holding it in memory: text is written in chunks, waiting for the stream to drain.
 */
import { InputError } from './errors';
import type { ReachabilityOptions } from '../analysis/reachability';

/** Where streamed output goes: the process's stdout, or a test's collector. */
export interface Writable {
  write(text: string): unknown;
}

/** The size of one written chunk. */
const CHUNK = 1 << 16; // eslint-disable-line no-bitwise

/**
 * Writes `parts` in chunks of about 64 KiB; when `out.write` returns false (a stream whose
 * buffer is full, as `process.stdout` on a pipe), waits for its `drain` event before going on.
 */
export async function writeAll(out: Writable, parts: Iterable<string>): Promise<void> {
  let buffer = '';
  const flush = async () => {
    if (buffer === '') return;
    const ok = out.write(buffer);
    buffer = '';
    const stream = out as Partial<NodeJS.WritableStream>;
    if (ok === false && typeof stream.once === 'function') {
      await new Promise<void>((resolve) => stream.once!('drain', () => resolve()));
    }
  };
  for (const part of parts) {
    buffer += part;
    if (buffer.length >= CHUNK) await flush();
  }
  await flush();
}

/**
 * A JSON object whose members are written one by one: `{ "key": value, "list": [ item, ... ] }`,
 * each array item on its own line. Parses to the same value as `JSON.stringify` of the object.
 */
export function* jsonObject(members: ReadonlyArray<readonly [string, unknown | Iterable<unknown>, boolean]>): Generator<string> {
  yield '{\n';
  for (let m = 0; m < members.length; m++) {
    const [key, value, streamed] = members[m];
    const last = m === members.length - 1;
    if (!streamed) {
      yield `  ${JSON.stringify(key)}: ${JSON.stringify(value)}${last ? '' : ','}\n`;
      continue;
    }
    yield `  ${JSON.stringify(key)}: [`;
    let first = true;
    for (const item of value as Iterable<unknown>) {
      yield `${first ? '\n' : ',\n'}    ${JSON.stringify(item)}`;
      first = false;
    }
    yield `${first ? '' : '\n  '}]${last ? '' : ','}\n`;
  }
  yield '}\n';
}

/** The values `--no-assume` takes, and the option each turns off. */
const ASSUMPTIONS: Record<string, keyof ReachabilityOptions> = {
  'dns': 'assumeDns',
  'ingress-controller': 'assumeIngressController',
  'acme': 'assumeAcmeSolvers',
};

/**
 * The analyzer options for a `--no-assume` value: `dns,ingress-controller,acme` (any subset, comma
 * separated) or `all`; undefined (the option not given) assumes everything.
 *
 * @throws InputError for an unknown name
 */
export function assumptionOptions(value: string | boolean | undefined): ReachabilityOptions {
  if (value === undefined || value === true) return {};
  const names = String(value).split(',').map((s) => s.trim()).filter((s) => s !== '');
  const options: { [key: string]: boolean } = {};
  for (const name of names) {
    if (name === 'all') {
      for (const option of Object.values(ASSUMPTIONS)) options[option] = false;
      continue;
    }
    const option = ASSUMPTIONS[name];
    if (!option) {
      throw new InputError(`--no-assume: unknown assumption '${name}'; give a comma-separated list of ${Object.keys(ASSUMPTIONS).join(', ')} (or all)`);
    }
    options[option] = false;
  }
  if (names.length === 0) throw new InputError(`--no-assume: give a comma-separated list of ${Object.keys(ASSUMPTIONS).join(', ')} (or all)`);
  return options as ReachabilityOptions;
}

/** The help text of `--no-assume`. */
export const NO_ASSUME_HELP = 'turn off assumed cluster components: a comma-separated list of dns (CoreDNS), '
  + 'ingress-controller (ingress-nginx), acme (cert-manager HTTP-01 solvers), or all';
