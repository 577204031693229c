/**
 * A faster, byte-identical writer for the YAML that `App.synth()` writes (internal).
 *
 * cdk8s writes every object with `Yaml.stringify`, which builds a `yaml` Document (a node per value,
 * alias bookkeeping, a tag scan) and prints it: about half of all synthesis time for this library's
 * objects. Kubernetes objects are plain JSON trees, so their block layout is simple; this writer
 * lays the tree out itself and asks `Yaml.stringify` (the original, with cdk8s's own options) how to
 * print each distinct scalar, once per synthesis. So quoting, YAML 1.1 type resolution, escapes and
 * numbers stay the `yaml` package's decisions, not ours.
 *
 * Anything outside the plain-JSON subset the writer knows — `undefined`, a scalar that prints on
 * more than one line, an object that occurs twice in a document (which `yaml` would print as an
 * alias), a class instance, a key longer than 1,000 characters — makes that document go through the
 * original `Yaml.stringify`. Before its first use in a process the writer checks itself against the
 * original on a probe document covering every layout it produces; on any difference (a future
 * cdk8s or `yaml` that lays out differently) it is never used.
 *
 * It is active only while the `synth()` / `synthYaml()` of a `NetworkPatternsApp` with `fastYaml`
 * (the default) runs — the user's opt-in; a plain cdk8s `App` never uses it. The environment
 * variable `NETPATTERNS_FAST_YAML=off` leaves cdk8s's writer in place (a CI override).
 */
import { Yaml } from 'cdk8s';

/** Set to `off` to keep cdk8s's own YAML writer during synthesis. */
export const FAST_YAML_ENV = 'NETPATTERNS_FAST_YAML';

type Stringify = (...docs: any[]) => string;

/** Thrown inside the writer when a document needs the original writer. */
class NotPlain extends Error {}

/** Strings that `yaml` prints plain under the YAML 1.1 schema (letters first, ≥ 6 characters: no bool/null word, no number, no indicator). */
const PLAIN_SAFE = /^[A-Za-z][A-Za-z0-9._/-]{5,}$/;

/** The longest key printed as is (`yaml` switches to an explicit `? key` above 1,024 characters). */
const MAX_KEY_LENGTH = 1000;

/**
 * Lays out plain JSON as block YAML the way `yaml` does with cdk8s's options (two-space indent,
 * sequences indented under their key, `{}` / `[]` for empty collections).
 */
export class BlockYamlWriter {
  /** How each distinct scalar prints (null: on more than one line). */
  private readonly scalars = new Map<unknown, string | null>();

  /** @param original cdk8s's `Yaml.stringify`, the authority on every scalar */
  public constructor(private readonly original: Stringify) {}

  /** The YAML of one document, exactly as `original(doc)` would print it; undefined when it must print it. */
  public document(doc: unknown): string | undefined {
    // Pieces joined once: a flat string per document (`+=` would keep a rope of every piece alive
    // until cdk8s joins the documents of a file).
    const out: string[] = [];
    try {
      this.item(doc, '', new Set(), out);
    } catch (e) {
      if (e instanceof NotPlain) return undefined;
      throw e;
    }
    out.push('\n');
    return out.join('');
  }

  /** A sequence item or the document itself: a collection starts on the current line. */
  private item(value: unknown, indent: string, seen: Set<object>, out: string[]): void {
    if (value === null || typeof value !== 'object') {
      out.push(this.scalar(value));
      return;
    }
    const fields = this.collection(value, seen);
    if (fields === undefined) {
      const items = value as unknown[];
      if (items.length === 0) out.push('[]');
      else this.sequence(items, indent, seen, out);
    } else if (fields.length === 0) {
      out.push('{}');
    } else {
      this.map(value as Record<string, unknown>, fields, indent, seen, out);
    }
  }

  /** A map value: a non-empty collection starts on the next line, one level deeper. */
  private value(value: unknown, indent: string, seen: Set<object>, out: string[]): void {
    if (value === null || typeof value !== 'object') {
      out.push(' ', this.scalar(value));
      return;
    }
    const fields = this.collection(value, seen);
    const deeper = `${indent}  `;
    if (fields === undefined) {
      const items = value as unknown[];
      if (items.length === 0) {
        out.push(' []');
      } else {
        out.push('\n', deeper);
        this.sequence(items, deeper, seen, out);
      }
    } else if (fields.length === 0) {
      out.push(' {}');
    } else {
      out.push('\n', deeper);
      this.map(value as Record<string, unknown>, fields, deeper, seen, out);
    }
  }

  private map(obj: Record<string, unknown>, keys: string[], indent: string, seen: Set<object>, out: string[]): void {
    for (let i = 0; i < keys.length; i++) {
      const key = this.scalar(keys[i]);
      if (key.length > MAX_KEY_LENGTH) throw new NotPlain();
      if (i > 0) out.push('\n', indent);
      out.push(key, ':');
      this.value(obj[keys[i]], indent, seen, out);
    }
  }

  private sequence(items: unknown[], indent: string, seen: Set<object>, out: string[]): void {
    const deeper = `${indent}  `;
    for (let i = 0; i < items.length; i++) {
      if (i > 0) out.push('\n', indent);
      out.push('- ');
      this.item(items[i], deeper, seen, out);
    }
  }

  /** The keys of a plain object, or undefined for a plain array; anything else is not plain. */
  private collection(value: object, seen: Set<object>): string[] | undefined {
    if (seen.has(value)) throw new NotPlain(); // yaml would print an anchor and an alias
    seen.add(value);
    const proto = Object.getPrototypeOf(value);
    if (Array.isArray(value)) {
      if (proto !== Array.prototype || typeof (value as any).toJSON === 'function') throw new NotPlain();
      return undefined;
    }
    if ((proto !== Object.prototype && proto !== null) || Symbol.iterator in value) throw new NotPlain();
    return Object.keys(value);
  }

  private scalar(value: unknown): string {
    switch (typeof value) {
      case 'string':
        return PLAIN_SAFE.test(value) ? value : this.printed(value);
      case 'number':
        return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : this.printed(value);
      case 'boolean':
        return value ? 'true' : 'false';
      default:
        if (value === null) return 'null';
        throw new NotPlain(); // undefined, bigint, symbol, function
    }
  }

  /** How `yaml` prints a string or number, if on one line (cached). */
  private printed(value: string | number): string {
    let text = this.scalars.get(value);
    if (text === undefined) {
      const yaml = this.original(value);
      const body = yaml.slice(0, -1);
      text = yaml.endsWith('\n') && body.length > 0 && !body.includes('\n') ? body : null;
      this.scalars.set(value, text);
    }
    if (text === null) throw new NotPlain();
    return text;
  }
}

/** Every layout the writer produces, and scalars of each kind `yaml` prints differently. */
const PROBE = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'probe', labels: { 'app.kubernetes.io/name': 'probe', 'acme.cert-manager.io/http01-solver': 'true' }, annotations: {} },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'probe' } },
    template: {
      spec: {
        containers: [{ name: 'app', image: 'ghcr.io/acme/app:1.4.2', args: ['--port=8080', 'a b', '', '0775', 'yes', '~'], ports: [{ containerPort: 8080 }] }],
        volumes: [{ name: 'tmp', emptyDir: {} }],
        tolerations: [],
        matrix: [[1, 2], [], [{}], [['x']]],
        mixed: [null, true, false, -1, 0.5, 1e21, 'null', { k: [] }],
      },
    },
  },
};

let selfCheck: boolean | undefined;

/** Whether the writer prints the probe exactly as `original` does (checked once per process). */
function writerAgreesWith(original: Stringify): boolean {
  if (selfCheck === undefined) {
    selfCheck = new BlockYamlWriter(original).document(PROBE) === original(PROBE);
  }
  return selfCheck;
}

let active = false;

/**
 * Runs `synthesize` with `Yaml.stringify` replaced by the block writer (falling back to the
 * original per document), then puts the original back. Reentrant calls, `NETPATTERNS_FAST_YAML=off`,
 * a `Yaml.stringify` that cannot be replaced and a failed self-check leave cdk8s's writer alone.
 */
export function withFastYaml<T>(synthesize: () => T): T {
  const original: Stringify = Yaml.stringify;
  const descriptor = Object.getOwnPropertyDescriptor(Yaml, 'stringify');
  if (active || process.env[FAST_YAML_ENV] === 'off' || descriptor?.configurable !== true || !writerAgreesWith(original.bind(Yaml))) {
    return synthesize();
  }
  const writer = new BlockYamlWriter(original.bind(Yaml));
  Object.defineProperty(Yaml, 'stringify', {
    ...descriptor,
    value: (...docs: any[]): string => docs
      .map(doc => (doc === undefined ? '\n' : writer.document(doc) ?? original.call(Yaml, doc)))
      .join('---\n'),
  });
  active = true;
  try {
    return synthesize();
  } finally {
    active = false;
    Object.defineProperty(Yaml, 'stringify', descriptor);
  }
}

/** Forgets the self-check result (tests only). */
export function resetFastYamlSelfCheck(): void {
  selfCheck = undefined;
}
