/**
 * Loading Kubernetes manifests for the `netpatterns` CLI (internal): a thin layer over the
 * library's loader (`analysis/_load.ts`) that turns its errors into `InputError`s (exit 2) and
 * decides what skipped documents mean: a warning, or with `--strict` an error.
 */
import { InputError } from './errors';
import { firstLine, LoadedManifests, loadManifestInputs, ManifestInputError, parseManifestText, TextSource } from '../analysis/_load';

export { firstLine };

/** Where the CLI reads `-` from. */
export type StdinSource = TextSource;

/** How `loadManifests` treats documents that are not Kubernetes objects. */
export interface LoadOptions {
  /** Refuse them (exit 2) instead of skipping them with a warning. */
  readonly strict?: boolean;
  /** Receives one line per skipped document (without a trailing newline). */
  readonly warn?: (line: string) => void;
  /**
   * Files that hold no document at all (empty, or only comments) give an empty list instead of an
   * error (one side of a `diff`: a new manifest has an empty "before"). Paths must still exist,
   * and inputs whose documents are all skipped (none is a Kubernetes object) and an empty stdin
   * (the command before the pipe may have failed) are still errors: a check that read nothing it
   * understood must not pass.
   */
  readonly allowEmpty?: boolean;
  /** Told when the inputs hold an empty list (kubectl's answer when it finds nothing). */
  readonly onEmptyList?: () => void;
}

/**
 * Reads every Kubernetes object from `inputs` (files, directories, `-` for stdin) with the
 * library's loader. Documents that are not Kubernetes objects (a `cdk8s.yaml`, an expected-output
 * JSON beside the manifests) are skipped with a warning naming file and document, as kubectl
 * skips them; with `strict` they are an error.
 *
 * @throws InputError naming the file when a path cannot be read, a document is malformed, a
 * document is not a Kubernetes object under `strict`, or the inputs hold no object at all (an
 * empty `kind: List`, kubectl's answer when it finds nothing, is not an error)
 */
export async function loadManifests(inputs: readonly string[], stdin?: StdinSource, options: LoadOptions = {}): Promise<any[]> {
  const loaded = await convert(() => loadManifestInputs(inputs, stdin));
  report(loaded, options);
  if (loaded.emptyLists > 0) options.onEmptyList?.();
  // An empty list (`kind: List`, `items: []`) is kubectl saying there is nothing: understood input,
  // so a check of it passes, as it would have passed on the objects kubectl did not find.
  if (loaded.objects.length === 0 && !(loaded.emptyLists > 0 && loaded.skipped.length === 0)) {
    const skipped = loaded.skipped.length;
    if (options.allowEmpty && skipped === 0 && inputs.includes('-')) {
      throw new InputError('stdin (-) is empty: the command before the pipe may have failed; for a side with no manifests give an empty file, e.g. /dev/null');
    }
    if (!options.allowEmpty || skipped > 0) {
      throw new InputError(`no Kubernetes objects found in ${inputs.join(', ')}`
        + (skipped > 0 ? ` (${skipped} document${skipped === 1 ? '' : 's'} skipped)` : ''));
    }
  }
  return loaded.objects;
}

/**
 * Parses the text of one manifest file into Kubernetes objects (lists flattened).
 *
 * @param source the file name, for messages
 * @param json parse as JSON (a value or a concatenated stream); otherwise YAML, or JSON when the
 * text starts with `{` or `[`
 */
export function parseManifests(text: string, source: string, json: boolean, options: LoadOptions = {}): any[] {
  let loaded: LoadedManifests;
  try {
    loaded = parseManifestText(text, source, json ? 'json' : 'auto');
  } catch (e) {
    throw e instanceof ManifestInputError ? new InputError(e.message) : e;
  }
  report(loaded, options);
  return loaded.objects;
}

function report(loaded: LoadedManifests, options: LoadOptions): void {
  for (const s of loaded.skipped) {
    if (options.strict) {
      throw new InputError(`${s.where} ${s.reason}; --strict accepts Kubernetes objects only (leave out --strict to skip it with a warning)`);
    }
    options.warn?.(`warning: ${s.where} ${s.reason}; skipped`);
  }
  for (const s of loaded.lenient) {
    if (options.strict) throw new InputError(`${s.where} ${s.reason}; --strict refuses what kubectl refuses (leave out --strict to read it with a warning)`);
    options.warn?.(`warning: ${s.where} ${s.reason}; read all the same`);
  }
}

async function convert<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw e instanceof ManifestInputError ? new InputError(e.message) : e;
  }
}
