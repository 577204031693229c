/**
 * Loading Kubernetes manifests for the `netpatterns` CLI (internal): files, directories and
 * stdin; multi-document YAML, JSON, and `kind: List`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { InputError } from './errors';

/** The file extensions read from directories. */
const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Where the CLI reads `-` from. */
export type StdinSource = AsyncIterable<string | Buffer | Uint8Array>;

/**
 * Reads every Kubernetes object from `inputs`.
 *
 * - a file is parsed whatever its extension: `.json` as JSON, anything else as (multi-document) YAML;
 * - a directory is walked recursively for `*.yaml`, `*.yml` and `*.json`, in sorted order,
 *   skipping hidden entries and `node_modules`;
 * - `-` reads YAML or JSON from stdin (at most once).
 *
 * Empty documents are skipped; a top-level array, and `kind: List` (any `*List` kind with
 * `items`) are flattened. The objects come back in input order.
 *
 * @throws InputError naming the file when a path cannot be read, a document is malformed or is
 * not a Kubernetes object (a mapping with a `kind`), or when the inputs hold no object at all
 */
export async function loadManifests(inputs: readonly string[], stdin?: StdinSource): Promise<any[]> {
  const objects: any[] = [];
  let stdinUsed = false;
  for (const input of inputs) {
    if (input === '-') {
      if (stdinUsed) throw new InputError('stdin (-) is given more than once');
      if (!stdin) throw new InputError('stdin (-) is not available');
      stdinUsed = true;
      objects.push(...parseManifests(await readAll(stdin), '<stdin>', false));
      continue;
    }
    for (const file of expand(input)) {
      objects.push(...parseManifests(readFile(file), file, file.toLowerCase().endsWith('.json')));
    }
  }
  if (objects.length === 0) {
    throw new InputError(`no Kubernetes objects found in ${inputs.join(', ')}`);
  }
  return objects;
}

/**
 * Parses the text of one manifest file.
 *
 * @param source the file name, for messages
 * @param json parse as JSON (otherwise YAML, which also reads JSON)
 */
export function parseManifests(text: string, source: string, json: boolean): any[] {
  const values: Array<[unknown, number]> = [];
  if (json) {
    try {
      values.push([JSON.parse(text), 1]);
    } catch (e) {
      throw new InputError(`malformed JSON in ${source}: ${firstLine(e)}`);
    }
  } else {
    const documents = parseAllDocuments(text, { merge: true });
    const list = Array.isArray(documents) ? documents : [documents];
    list.forEach((doc, i) => {
      if (doc.errors.length > 0) {
        throw new InputError(`malformed YAML in ${source}: ${firstLine(doc.errors[0])}`);
      }
      try {
        values.push([doc.toJS(), i + 1]);
      } catch (e) {
        throw new InputError(`malformed YAML in ${source} (document ${i + 1}): ${firstLine(e)}`);
      }
    });
  }
  const out: any[] = [];
  for (const [value, n] of values) flattenInto(value, source, n, out);
  return out;
}

function flattenInto(value: unknown, source: string, document: number, out: any[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach(v => flattenInto(v, source, document, out));
    return;
  }
  if (typeof value !== 'object') {
    throw new InputError(`${source} (document ${document}) is not a Kubernetes object: expected a mapping with apiVersion and kind, got ${describe(value)}`);
  }
  const o = value as any;
  if (typeof o.kind !== 'string' || o.kind.length === 0) {
    throw new InputError(`${source} (document ${document}) is not a Kubernetes object: it has no kind`);
  }
  if (o.kind.endsWith('List') && Array.isArray(o.items)) {
    o.items.forEach((item: unknown) => flattenInto(item, source, document, out));
    return;
  }
  out.push(o);
}

/** The files an input path stands for. */
function expand(input: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch (e) {
    throw new InputError(`cannot read ${input}: ${reason(e)}`);
  }
  if (!stat.isDirectory()) return [input];
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      throw new InputError(`cannot read ${dir}: ${reason(e)}`);
    }
    for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (MANIFEST_EXTENSIONS.some(ext => entry.name.toLowerCase().endsWith(ext))) files.push(full);
    }
  };
  walk(input);
  return files;
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${reason(e)}`);
  }
}

async function readAll(stream: StdinSource): Promise<string> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  } catch (e) {
    throw new InputError(`cannot read stdin: ${firstLine(e)}`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `no such file or directory` from an ENOENT error, else the first line of the message. */
function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    default: return firstLine(e);
  }
}

/** The first line of an error message, without the code frame YAML errors carry. */
export function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0].trim().replace(/:$/, '');
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 37)}...` : text}`;
}
