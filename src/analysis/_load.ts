/**
 * Loading Kubernetes manifests from text, files, directories and streams (internal), as kubectl
 * reads them. The CLI is a thin layer over this; the objects it returns go through the one
 * manifest model (`_manifests.ts`) like those given to `Reachability.fromManifests` and `lint`.
 *
 * What kubectl accepts is accepted:
 * - multi-document YAML read with YAML 1.1 scalars, as kubectl's YAML decoder (go-yaml v2) reads
 *   them: `enabled: yes` is a boolean, `0644` an octal number; timestamps stay strings and
 *   sexagesimal numbers are not read (go-yaml v2 reads neither); merge keys (`<<`) are resolved;
 * - flow collections whose lines are less indented than their parent or start with a tab
 *   (`args: [` then a tab-indented `"x"]`), which go-yaml reads: js-yaml reads YAML first (see
 *   `_kubectl-yaml.ts`), the `yaml` package second — for its error messages, and for a document
 *   only it accepts;
 * - JSON, one value or a concatenated stream (`{…}{…}`, `kubectl get -o json` per object), with
 *   or without a byte-order mark, and CR, CRLF or LF line endings;
 * - typed lists and `kind: List` (flattened by the manifest model).
 *
 * And nothing blows up: documents that are not Kubernetes objects are skipped and reported (the
 * caller decides whether that is fatal); aliases are resolved under a guard against alias bombs
 * modelled on go-yaml's (many uses of one anchor are fine, exponential expansion is not);
 * directories yield regular files only (a FIFO named `*.yaml` is skipped, never opened); every
 * input is capped at `MAX_INPUT_BYTES`; nothing recurses on the input's size.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Alias, Document, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Tags, visit } from 'yaml';
import { readWithJsYaml } from './_kubectl-yaml';
import { flattenObjects, Located, rememberLocation, SkippedEntry } from './_manifests';
import { isPlainObject } from './_selector';
import { compare } from '../_vocabulary';

/** The file extensions read from directories. */
export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** The largest input (one file, or stdin) read: 256 MiB. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** A stream of text or bytes (stdin). */
export type TextSource = AsyncIterable<string | Buffer | Uint8Array>;

/**
 * Input that cannot be used: a missing or unreadable path, malformed YAML or JSON, an input over
 * the size cap. The message is one line and names the file.
 */
export class ManifestInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestInputError';
  }
}

/** Kubernetes objects read from inputs, and what was skipped. */
export interface LoadedManifests {
  /** The objects, lists flattened, in input order. */
  readonly objects: any[];
  /** Documents (or list items) that are not Kubernetes objects, with where they are. */
  readonly skipped: SkippedEntry[];
  /**
   * Documents read all the same although kubectl refuses their shape (a top-level array of
   * objects, a List inside a List), with where they are and why.
   */
  readonly lenient: SkippedEntry[];
  /**
   * How many documents are a well-formed list with no items: what kubectl prints (`kind: List`,
   * `items: []`) when it finds nothing, e.g. `kubectl get networkpolicies -o yaml` in a namespace
   * without policies. Such input is understood, and says there is nothing.
   */
  readonly emptyLists: number;
}

/**
 * Reads every Kubernetes object of `inputs`: files (whatever their extension), directories
 * (walked recursively in sorted order for `*.yaml`, `*.yml` and `*.json` regular files, skipping
 * hidden entries and `node_modules`), and `-` for `stdin` (at most once).
 *
 * @throws ManifestInputError naming the file when a path cannot be read, is too large, or holds
 * malformed YAML or JSON
 */
export async function loadManifestInputs(inputs: readonly string[], stdin?: TextSource): Promise<LoadedManifests> {
  const objects: any[] = [];
  const skipped: SkippedEntry[] = [];
  const lenient: SkippedEntry[] = [];
  let emptyLists = 0;
  const add = (loaded: LoadedManifests) => {
    // One by one, never `push(...list)`: a spread of 125k+ values overflows the call stack.
    for (const o of loaded.objects) objects.push(o);
    for (const s of loaded.skipped) skipped.push(s);
    for (const s of loaded.lenient) lenient.push(s);
    emptyLists += loaded.emptyLists;
  };
  let stdinUsed = false;
  for (const input of inputs) {
    if (input === '-') {
      if (stdinUsed) throw new ManifestInputError('stdin (-) is given more than once');
      if (!stdin) throw new ManifestInputError('stdin (-) is not available');
      stdinUsed = true;
      add(parseManifestText(await readStream(stdin, '<stdin>'), '<stdin>', 'auto'));
      continue;
    }
    for (const file of await expand(input)) {
      add(parseManifestText(await readFile(file), file, file.toLowerCase().endsWith('.json') ? 'json' : 'auto'));
    }
  }
  return { objects, skipped, lenient, emptyLists };
}

/**
 * Parses the text of one manifest file.
 *
 * @param source the file name, for messages
 * @param format `json`: text starting with `{` or `[` must be a JSON value or a concatenated JSON
 * stream, other text is read as YAML (kubectl decides by content, not by extension); `auto`: JSON
 * when the text starts with `{` or `[` and reads as JSON, otherwise (multi-document) YAML
 * @throws ManifestInputError for malformed text
 */
export function parseManifestText(text: string, source: string, format: 'json' | 'auto'): LoadedManifests {
  // A byte-order mark is not content; YAML and JSON readers of Kubernetes both drop it.
  let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // "Line breaks [CR LF, CR, LF] are normalized": the YAML spec's own normalization. kubectl reads
  // CR-only files; the `yaml` package would otherwise see one long line.
  if (body.includes('\r')) body = body.replace(/\r\n?/g, '\n');
  let values: Located[] | undefined;
  const first = firstContentChar(body);
  // By content, as kubectl decides: a `.json` file holding YAML is read as YAML; one that starts
  // like JSON must be JSON (its syntax error is then reported with its position).
  if (first === '{' || first === '[') {
    values = parseJsonStream(body, source, format === 'json');
  }
  if (!values) values = parseYaml(body, source);
  const lenient: SkippedEntry[] = [];
  let emptyLists = 0;
  for (const { value, where } of values) {
    if (isEmptyList(value)) emptyLists++;
    if (Array.isArray(value) && value.some(isPlainObject)) {
      lenient.push({ where, reason: 'is a list of objects at the top level, which kubectl refuses ("cannot unmarshal array"); wrap the objects in a kind: List' });
    } else if (isList(value) && value.items.some(isList)) {
      lenient.push({ where, reason: 'is a List holding another List, which kubectl refuses ("is not a list"); put every object in one List' });
    }
  }
  // An object with a kind and no apiVersion is kept: lint reports it (object-invalid), as the API does.
  const flat = flattenObjects(values, true);
  const objects: any[] = new Array(flat.objects.length);
  for (let i = 0; i < flat.objects.length; i++) {
    objects[i] = flat.objects[i].value;
    rememberLocation(objects[i], flat.objects[i].where);
  }
  return { objects, skipped: flat.skipped, lenient, emptyLists };
}

/** A list without items: `items: []`, or a `kind: List` whose `items` is null or absent (kubectl reads both as empty). */
function isEmptyList(value: unknown): boolean {
  if (isList(value)) return value.items.length === 0;
  const { kind, items } = (isPlainObject(value) ? value : {}) as { kind?: unknown; items?: unknown };
  return kind === 'List' && (items === null || items === undefined);
}

/** `kind: List` or a typed list (`PodList`) with its `items`. */
function isList(value: unknown): value is { kind: string; items: unknown[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { kind, items } = value as { kind?: unknown; items?: unknown };
  return typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items);
}

/** The first character that is not white space, or '' for blank text. */
function firstContentChar(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== ' ' && c !== '\t' && c !== '\n') return c;
  }
  return '';
}

/**
 * A JSON value or a stream of concatenated JSON values (whitespace-separated or not), split at
 * top-level value boundaries by a scanner that follows strings and escapes, each value then read
 * by `JSON.parse`. Returns undefined (or throws, when `required`) for text that is not JSON.
 */
function parseJsonStream(text: string, source: string, required: boolean): Located[] | undefined {
  const out: Located[] = [];
  let i = 0;
  const n = text.length;
  const fail = (message: string): undefined => {
    if (required) throw new ManifestInputError(`malformed JSON in ${source}: ${message}`);
    return undefined;
  };
  while (i < n) {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n')) i++;
    if (i >= n) break;
    const start = i;
    const c = text[i];
    if (c === '{' || c === '[') {
      let depth = 0;
      let inString = false;
      for (; i < n; i++) {
        const ch = text[i];
        if (inString) {
          if (ch === '\\') i++;
          else if (ch === '"') inString = false;
        } else if (ch === '"') {
          inString = true;
        } else if (ch === '{' || ch === '[') {
          depth++;
        } else if (ch === '}' || ch === ']') {
          depth--;
          if (depth === 0) {
            i++;
            break;
          }
        }
      }
      if (depth !== 0) return fail(`document ${out.length + 1} is not closed (unexpected end of input)`);
    } else if (c === '"') {
      for (i++; i < n && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      i++;
    } else {
      while (i < n && !' \t\n{["'.includes(text[i])) i++;
    }
    try {
      out.push({ value: JSON.parse(text.slice(start, i)), where: `${source} (document ${out.length + 1})` });
    } catch (e) {
      return fail(`document ${out.length + 1}: ${firstLine(e)}`);
    }
  }
  return out;
}

/**
 * YAML 1.1 scalars as go-yaml v2 (kubectl's decoder) resolves them: the `yaml` package's YAML 1.1
 * schema without the timestamp and sexagesimal tags, which go-yaml leaves as strings.
 */
function kubectlTags(tags: Tags): Tags {
  return tags.filter((t) => typeof t === 'string'
    ? t !== 'timestamp' && t !== 'intTime' && t !== 'floatTime'
    : t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME');
}

/**
 * Multi-document YAML; empty documents are skipped. js-yaml reads it first; when js-yaml refuses
 * the text, the `yaml` package's verdict decides: its error (the more precise message), or its
 * documents when it accepts what js-yaml does not.
 */
function parseYaml(text: string, source: string): Located[] {
  let documents: unknown[] | undefined;
  try {
    documents = readWithJsYaml(text, source);
  } catch {
    return parseWithYamlPackage(text, source);
  }
  const out: Located[] = new Array(documents.length);
  for (let i = 0; i < documents.length; i++) {
    const where = `${source} (document ${i + 1})`;
    checkSharing(documents[i], where);
    out[i] = { value: documents[i], where };
  }
  return out;
}

function parseWithYamlPackage(text: string, source: string): Located[] {
  const documents = parseAllDocuments(text, { version: '1.1', customTags: kubectlTags, merge: true, uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [documents];
  const refused = list.find((doc) => doc.errors.length > 0);
  if (refused) throw new ManifestInputError(`malformed YAML in ${source}: ${firstLine(refused.errors[0])}`);
  const out: Located[] = [];
  for (let i = 0; i < list.length; i++) {
    const doc = list[i];
    const where = `${source} (document ${i + 1})`;
    checkAliasing(doc, where);
    try {
      out.push({ value: doc.toJS({ maxAliasCount: -1 }), where });
    } catch (e) {
      throw new ManifestInputError(`malformed YAML in ${where}: ${firstLine(e)}`);
    }
  }
  return out;
}

/**
 * The alias-bomb guard of go-yaml v2 (`decode.go`, "document contains excessive aliasing"):
 * counting the nodes of the document with every alias expanded, fail when more than 100 come from
 * aliases, more than 1,000 in all, and the share from aliases exceeds 99% (up to 400,000 nodes),
 * falling linearly to 10% (at 4,000,000 nodes). A `kind: List` whose items share one anchor
 * hundreds of times passes; a "billion laughs" document fails after a few thousand nodes.
 */
function checkAliasing(doc: Document, where: string): void {
  // Each alias stands for the last node before it with its anchor: found in one pass, in
  // document order (`Alias.resolve` would search the document once per alias).
  const targets = new Map<Alias, unknown>();
  const anchors = new Map<string, unknown>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  if (targets.size === 0) return;
  let decoded = 0;
  let fromAliases = 0;
  // [node, alias depth]; iterative, so that deep nesting cannot overflow the stack.
  const stack: Array<[unknown, number]> = [[doc.contents, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || node === undefined) continue;
    if (isAlias(node)) {
      const target = targets.get(node);
      if (depth > 1000) throw new ManifestInputError(`malformed YAML in ${where}: aliases nested more than 1,000 deep`);
      stack.push([target, depth + 1]);
      continue;
    }
    decoded++;
    if (depth > 0) fromAliases++;
    if (fromAliases > 100 && decoded > 1000 && fromAliases / decoded > allowedAliasRatio(decoded)) {
      throw new ManifestInputError(`malformed YAML in ${where}: the document contains excessive aliasing (an alias bomb?); `
        + `${fromAliases} of its first ${decoded} nodes come from aliases`);
    }
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) stack.push([item, depth]);
    } else if (isPair(node)) {
      stack.push([node.key, depth], [node.value, depth]);
    } else if (!isScalar(node)) {
      // Nothing else holds nodes.
    }
  }
}

/**
 * `checkAliasing` for plain values, whose aliases js-yaml shares by reference: a value reached
 * again counts as expanded from an alias.
 */
function checkSharing(value: unknown, where: string): void {
  let decoded = 0;
  let fromAliases = 0;
  const seen = new Set<object>();
  const stack: Array<[unknown, boolean]> = [[value, false]];
  while (stack.length > 0) {
    const [node, aliased] = stack.pop()!;
    decoded++;
    if (aliased) fromAliases++;
    if (fromAliases > 100 && decoded > 1000 && fromAliases / decoded > allowedAliasRatio(decoded)) {
      throw new ManifestInputError(`malformed YAML in ${where}: the document contains excessive aliasing (an alias bomb?); `
        + `${fromAliases} of its first ${decoded} nodes come from aliases`);
    }
    if (node === null || typeof node !== 'object') continue;
    const again = aliased || seen.has(node);
    seen.add(node);
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) stack.push([child, again]);
  }
}

function allowedAliasRatio(decoded: number): number {
  if (decoded <= 400_000) return 0.99;
  if (decoded >= 4_000_000) return 0.10;
  return 0.99 - 0.89 * ((decoded - 400_000) / 3_600_000);
}

/** The files an input path stands for. */
async function expand(input: string): Promise<string[]> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(input);
  } catch (e) {
    throw new ManifestInputError(`cannot read ${input}: ${reason(e)}`);
  }
  if (!stat.isDirectory()) return [input];
  const files: string[] = [];
  // Depth-first in sorted order; recursion follows the directory depth, not the input size.
  const walk = async (dir: string): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (e) {
      throw new ManifestInputError(`cannot read ${dir}: ${reason(e)}`);
    }
    for (const entry of entries.sort((a, b) => compare(a.name, b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      let kind: fs.Stats | fs.Dirent = entry;
      if (entry.isSymbolicLink()) {
        try {
          kind = await fs.promises.stat(full);
        } catch {
          continue; // a dangling link
        }
      }
      if (kind.isDirectory()) await walk(full);
      // Regular files only: a FIFO, socket or device named *.yaml would block or never end.
      else if (kind.isFile() && MANIFEST_EXTENSIONS.some((ext) => entry.name.toLowerCase().endsWith(ext))) files.push(full);
    }
  };
  await walk(input);
  return files;
}

async function readFile(file: string): Promise<string> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (e) {
    throw new ManifestInputError(`cannot read ${file}: ${reason(e)}`);
  }
  if (stat.isFile()) {
    if (stat.size > MAX_INPUT_BYTES) throw tooLarge(file);
    try {
      return decodeText(await fs.promises.readFile(file));
    } catch (e) {
      throw new ManifestInputError(`cannot read ${file}: ${reason(e)}`);
    }
  }
  // A pipe named on the command line (`<(helm template …)`) or a device: read as a stream, capped.
  return readStream(fs.createReadStream(file), file);
}

/** Reads a stream to the end, failing beyond `MAX_INPUT_BYTES`. */
async function readStream(stream: TextSource, source: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
      size += buffer.length;
      if (size > MAX_INPUT_BYTES) {
        (stream as { destroy?: () => void }).destroy?.();
        throw tooLarge(source);
      }
      chunks.push(buffer);
    }
  } catch (e) {
    if (e instanceof ManifestInputError) throw e;
    throw new ManifestInputError(`cannot read ${source}: ${reason(e)}`);
  }
  return decodeText(Buffer.concat(chunks));
}

/**
 * Text by its byte-order mark, as kubectl reads files and stdin (`unicode.BOMOverride` over
 * UTF-8): UTF-16 little- or big-endian after their mark (what Windows PowerShell 5 writes for
 * `kubectl get -o yaml > file`), UTF-8 otherwise (its mark is dropped by the parser).
 */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const even = bytes.length - 2 - ((bytes.length - 2) % 2); // swap16 needs whole code units
    const swapped = Buffer.from(bytes.subarray(2, 2 + even));
    return swapped.swap16().toString('utf16le');
  }
  return bytes.toString('utf8');
}

function tooLarge(source: string): ManifestInputError {
  return new ManifestInputError(`${source} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB, the most one input may hold; `
    + 'split the manifests into several files');
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
