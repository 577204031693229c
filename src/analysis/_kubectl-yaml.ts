/**
 * Reading YAML as kubectl does (internal).
 *
 * kubectl decodes YAML with go-yaml v2: YAML 1.1 scalars (`yes`/`on` are booleans, `0644` is
 * octal; timestamps stay strings when decoded into JSON), merge keys, and a scanner that does not
 * track indentation inside flow collections — in `[ … ]` and `{ … }` any white space, tabs
 * included, may start a line, at any column. So kubectl applies
 *
 * ```yaml
 *     args: [
 * <TAB>"--port=8080"]
 * ```
 *
 * which the `yaml` package refuses, following YAML 1.2 to the letter ("flow nodes must be indented
 * by at least one more space than the parent block collection"; a tab is not indentation), with no
 * option to relax it. js-yaml (nodeca/js-yaml 4, maintained and widely used) reads flow
 * collections as go-yaml does, builds plain values directly (four to ten times faster than the
 * `yaml` package's document model on large streams, and a fraction of its memory), and takes a
 * schema: it is given the YAML 1.1 scalars as go-yaml resolves them. The `yaml` package remains
 * the second reader (see `_load.ts`), for its precise error messages and the few documents only it
 * accepts.
 *
 * @see https://yaml.org/spec/1.2.2/#823-block-nodes
 * @see https://yaml.org/type/bool.html
 */
import * as jsyaml from 'js-yaml';

/** YAML 1.1 booleans, as go-yaml v2 resolves them. */
const BOOL_11 = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string'
    && /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON|n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/.test(data),
  construct: (data: string) => /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(data),
});

/** YAML 1.1 integers (binary, octal with a leading 0, decimal, hexadecimal; `_` separators). */
const INT_11 = new jsyaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string'
    && /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$/.test(data),
  construct: (data: string) => {
    const sign = data.startsWith('-') ? -1 : 1;
    const digits = data.replace(/^[-+]/, '').replace(/_/g, '');
    if (digits.startsWith('0b')) return sign * parseInt(digits.slice(2), 2);
    if (digits.startsWith('0x')) return sign * parseInt(digits.slice(2), 16);
    if (digits.length > 1 && digits.startsWith('0')) return sign * parseInt(digits.slice(1), 8);
    return sign * parseInt(digits, 10);
  },
});

/** js-yaml's own types (exported by js-yaml 4, not declared by @types/js-yaml). */
const TYPES = (jsyaml as unknown as { types: { readonly [name: string]: jsyaml.Type } }).types;

const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [TYPES.null, BOOL_11, INT_11, TYPES.float, TYPES.merge],
  explicit: [TYPES.binary, TYPES.omap, TYPES.pairs, TYPES.set],
});

/**
 * Reads every document of `text` with js-yaml and the YAML 1.1 schema above (duplicate keys are
 * an error, as for kubectl); throws js-yaml's error for text it cannot read.
 */
export function readWithJsYaml(text: string, source: string): unknown[] {
  return jsyaml.loadAll(text, undefined, { schema: SCHEMA, filename: source });
}
