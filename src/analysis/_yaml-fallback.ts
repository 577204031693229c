/**
 * The second YAML reader (internal), for flow collections that kubectl reads and the `yaml`
 * package refuses.
 *
 * kubectl decodes YAML with go-yaml v2, whose scanner does not track indentation inside flow
 * collections: in `[ … ]` and `{ … }` any white space, tabs included, may start a line, at any
 * column. So kubectl applies
 *
 * ```yaml
 *     args: [
 * <TAB>"--port=8080"]
 * ```
 *
 * while the `yaml` package follows YAML 1.2 to the letter ("flow nodes must be indented by at
 * least one more space than the parent block collection"; a tab is not indentation) and has no
 * option to relax it. js-yaml (nodeca/js-yaml, 4.x, a maintained and widely used reader) reads flow
 * collections as go-yaml does. Only a file that `yaml` refuses for exactly this reason is read
 * again with js-yaml, so every file both accept is read by `yaml` as before; and js-yaml is given
 * the scalars of YAML 1.1 as go-yaml resolves them (`yes`/`on` booleans, `0644` octal, no
 * timestamps), merge keys, and the same alias-bomb guard.
 *
 * @see https://yaml.org/spec/1.2.2/#823-block-nodes
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
 * True when `yaml` refused a document for a flow collection indented less than its parent (or
 * by a tab), the one case read again with js-yaml.
 */
export function isFlowIndentError(error: { code: string; message: string }): boolean {
  return error.code === 'BAD_INDENT' && /^Flow (sequence|mapping) in block collection must be sufficiently indented/.test(error.message);
}

/**
 * Reads every document of `text` with js-yaml and the YAML 1.1 schema above; throws js-yaml's
 * error for text it cannot read either.
 */
export function readWithJsYaml(text: string, source: string): unknown[] {
  return jsyaml.loadAll(text, undefined, { schema: SCHEMA, filename: source });
}
