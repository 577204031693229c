import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { fixture } from './run';
import { InputError } from '../../src/cli/errors';
import { loadManifests, parseManifests } from '../../src/cli/load-manifests';
import { lint } from '../../src/lint';

const svc = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name } });
const names = (objects: any[]) => objects.map(o => o.metadata.name);

describe('netpatterns', () => {
  describe('loadManifests', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netpatterns-'));
    });
    afterEach(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
      return path.join(dir, file);
    };

    test('walks directories recursively in sorted order, reading *.yaml, *.yml and *.json only', async () => {
      write('b.yaml', 'apiVersion: v1\nkind: Service\nmetadata: { name: b }\n');
      write('a/z.yml', 'apiVersion: v1\nkind: Service\nmetadata: { name: az }\n');
      write('c.JSON', JSON.stringify(svc('c')));
      write('d.txt', 'apiVersion: v1\nkind: Service\nmetadata: { name: d }\n');
      write('.hidden/e.yaml', 'apiVersion: v1\nkind: Service\nmetadata: { name: e }\n');
      write('node_modules/f.yaml', 'apiVersion: v1\nkind: Service\nmetadata: { name: f }\n');
      expect(names(await loadManifests([dir]))).toEqual(['az', 'b', 'c']);
    });

    test('reads an explicitly named file whatever its extension', async () => {
      const file = write('manifest.txt', 'apiVersion: v1\nkind: Service\nmetadata: { name: x }\n');
      expect(names(await loadManifests([file]))).toEqual(['x']);
    });

    test('keeps the order of the inputs', async () => {
      const a = write('a.yaml', 'apiVersion: v1\nkind: Service\nmetadata: { name: a }\n');
      const b = write('b.yaml', 'apiVersion: v1\nkind: Service\nmetadata: { name: b }\n');
      expect(names(await loadManifests([b, a]))).toEqual(['b', 'a']);
    });

    test('reads stdin', async () => {
      expect(names(await loadManifests(['-'], Readable.from(['apiVersion: v1\nkind: Service\n', 'metadata: { name: s }\n'])))).toEqual(['s']);
    });

    test('fails for - without stdin', async () => {
      await expect(loadManifests(['-'])).rejects.toThrow(new InputError('stdin (-) is not available'));
    });

    test('names a missing path', async () => {
      await expect(loadManifests([path.join(dir, 'nope')])).rejects.toThrow(`cannot read ${path.join(dir, 'nope')}: no such file or directory`);
    });

    test('fails when the inputs hold no object', async () => {
      write('empty/.keep', '');
      await expect(loadManifests([path.join(dir, 'empty')])).rejects.toThrow(`no Kubernetes objects found in ${path.join(dir, 'empty')}`);
    });

    test.each([
      ['UTF-16 little-endian', (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['UTF-16 big-endian', (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
      ['UTF-8 with a byte-order mark', (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ])('reads a file in %s, as kubectl does by its byte-order mark (Windows PowerShell 5 writes UTF-16)', async (_, encode) => {
      const text = 'apiVersion: v1\r\nkind: List\r\nitems:\r\n- apiVersion: v1\r\n  kind: Service\r\n  metadata: { name: é-not-ascii-ok, namespace: shop }\r\n'
        + '- apiVersion: v1\r\n  kind: Service\r\n  metadata: { name: b, namespace: shop }\r\n';
      const file = path.join(dir, 'dump.yaml');
      fs.writeFileSync(file, encode(text));
      expect(names(await loadManifests([file]))).toEqual(['é-not-ascii-ok', 'b']);
      expect(names(await loadManifests(['-'], Readable.from([encode(text)])))).toEqual(['é-not-ascii-ok', 'b']);
    });

    test('reads a .json file by its content: YAML in it is YAML; text that starts like JSON must be JSON', async () => {
      expect(names(await loadManifests([write('yaml-inside.json', 'apiVersion: v1\nkind: Service\nmetadata: { name: from-yaml }\n')]))).toEqual(['from-yaml']);
      await expect(loadManifests([write('broken.json', '{"apiVersion": "v1", "kind": "Service",}')])).rejects.toThrow(/broken\.json/);
    });

    test('reads a kind: List with items null or absent as an empty list, as kubectl does', async () => {
      const empty = write('empty-list.json', '{"apiVersion":"v1","kind":"List","items":null}\n{"apiVersion":"v1","kind":"List"}');
      expect(await loadManifests([empty])).toEqual([]);
      const withService = write('list-and-service.yaml', 'apiVersion: v1\nkind: List\nitems: null\n---\napiVersion: v1\nkind: Service\nmetadata: { name: s }\n');
      expect(names(await loadManifests([withService]))).toEqual(['s']);
    });

    test('an empty list is what kubectl prints when it finds nothing: no objects, and no error', async () => {
      const kubectlGet = 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n';
      expect(await loadManifests([write('none.yaml', kubectlGet)])).toEqual([]);
      expect(await loadManifests(['-'], Readable.from([kubectlGet]))).toEqual([]);
      expect(await loadManifests([write('no-pods.json', '{"apiVersion":"v1","kind":"PodList","items":[]}')])).toEqual([]);
      // Something that is not understood still fails, empty list or not.
      const mixed = write('mixed.yaml', `${kubectlGet}---\njust: a mapping\n`);
      await expect(loadManifests([mixed])).rejects.toThrow(`no Kubernetes objects found in ${mixed} (1 document skipped)`);
      // A List with items is not empty, even when none of them is an object.
      const notEmpty = write('list-of-junk.yaml', 'apiVersion: v1\nkind: List\nitems: [42]\n');
      await expect(loadManifests([notEmpty])).rejects.toThrow(`no Kubernetes objects found in ${notEmpty} (1 document skipped)`);
    });

    test('objects read from files are named by file and document in later messages, not by their place in all the inputs', async () => {
      write('a.yaml', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: { name: a, namespace: shop }\n  spec: { ports: [{ port: 80 }] }\n');
      write('b.yaml', 'apiVersion: v1\nkind: Service\nmetadata: { name: ok, namespace: shop }\nspec: { ports: [{ port: 80 }] }\n---\n'
        + 'apiVersion: v1\nkind: Service\nmetadata: { namespace: shop }\nspec: { ports: [{ port: 80 }] }\n');
      const messages = lint(await loadManifests([dir])).filter((f) => f.rule === 'object-invalid').map((f) => f.message);
      expect(messages).toEqual([expect.stringContaining(`Service shop/(unnamed): ${path.join(dir, 'b.yaml')} (document 2): a Service without metadata.name`)]);
    });

    test.each([
      ['a top-level YAML sequence', '- apiVersion: v1\n  kind: Service\n  metadata: { name: s }\n', 'list.yaml (document 1) is a list of objects at the top level, which kubectl refuses'],
      ['a JSON array', '[{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}}]', 'list.yaml (document 1) is a list of objects at the top level, which kubectl refuses'],
      ['a List in a List', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - apiVersion: v1\n    kind: Service\n    metadata: { name: s }\n',
        'list.yaml (document 1) is a List holding another List, which kubectl refuses'],
    ])('reads %s with a warning (kubectl refuses it), and refuses it under --strict', async (_, text, message) => {
      const file = write('list.yaml', text);
      const warnings: string[] = [];
      expect(names(await loadManifests([file], undefined, { warn: (line) => warnings.push(line) }))).toEqual(['s']);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`warning: ${path.join(dir, message)}`);
      expect(warnings[0]).toMatch(/; read all the same$/);
      await expect(loadManifests([file], undefined, { strict: true })).rejects.toThrow(message);
    });

    test('reads the fixture app directory: YAML, a JSON List and a nested directory', async () => {
      const objects = await loadManifests([fixture('app')]);
      expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
        'Namespace/production', 'NetworkPolicy/default-deny', 'NetworkPolicy/allow-dns',
        'Deployment/web', 'Service/web', 'NetworkPolicy/web',
        'Deployment/api', 'Service/api',
        'NetworkPolicy/api',
      ]);
    });
  });

  describe('parseManifests', () => {
    test.each([
      ['just text', 'x.yaml (document 1) is not a Kubernetes object: expected a mapping with apiVersion and kind, got the string \'just text\''],
      ['---\napiVersion: v1\nkind: Service\nmetadata: { name: s }\n---\n- 1\n', 'x.yaml (document 2)[0] is not a Kubernetes object: expected a mapping with apiVersion and kind, got number 1'],
      ['metadata: { name: a }\n', 'x.yaml (document 1) is not a Kubernetes object: it has no kind'],
    ])('skips %j with a warning naming file and document, or refuses it under strict', (text, message) => {
      const warnings: string[] = [];
      const objects = parseManifests(text, 'x.yaml', false, { warn: (line) => warnings.push(line) });
      expect(objects.every(o => o.kind === 'Service')).toBe(true);
      expect(warnings).toEqual([`warning: ${message}; skipped`]);
      expect(() => parseManifests(text, 'x.yaml', false, { strict: true })).toThrow(new InputError(
        `${message}; --strict accepts Kubernetes objects only (leave out --strict to skip it with a warning)`));
    });

    test('reads multi-document YAML, skipping empty documents', () => {
      const text = '---\napiVersion: v1\nkind: Service\nmetadata: { name: a }\n---\n---\n# comment\n---\napiVersion: v1\nkind: Service\nmetadata: { name: b }\n';
      expect(names(parseManifests(text, 'x.yaml', false))).toEqual(['a', 'b']);
    });

    test('flattens kind: List and *List kinds with items, recursively, and top-level arrays', () => {
      const list = { apiVersion: 'v1', kind: 'List', items: [svc('a'), { apiVersion: 'v1', kind: 'ServiceList', items: [svc('b')] }] };
      expect(names(parseManifests(JSON.stringify([list, svc('c')]), 'x.json', true))).toEqual(['a', 'b', 'c']);
    });

    test('keeps a kind ending in List without items (a CRD kind)', () => {
      const allowList = { apiVersion: 'example.com/v1', kind: 'AllowList', metadata: { name: 'a' }, spec: {} };
      expect(parseManifests(JSON.stringify(allowList), 'x.json', true)).toEqual([allowList]);
    });

    test('resolves YAML anchors and merge keys', () => {
      const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  labels: &l { app: x }\nspec:\n  selector:\n    <<: *l\n    tier: web\n';
      expect(parseManifests(text, 'x.yaml', false)[0].spec.selector).toEqual({ app: 'x', tier: 'web' });
    });

    test('reads JSON through the YAML parser too (stdin)', () => {
      expect(names(parseManifests(JSON.stringify(svc('j')), '<stdin>', false))).toEqual(['j']);
    });

    test.each([
      ['kind: [', 'x.yaml', false, /^malformed YAML in x.yaml: /],
      ['a: 1\na: 2\n', 'dup.yaml', false, /^malformed YAML in dup.yaml: Map keys must be unique/],
      ['{ "kind": ', 'x.json', true, /^malformed JSON in x.json: /],
    ])('rejects %j with a one-line message naming %s', (text, source, json, expected) => {
      let error: unknown;
      try {
        parseManifests(text, source, json);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(expected);
      expect((error as Error).message).not.toContain('\n');
    });
  });
});
