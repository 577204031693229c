import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintRulesTable, withRulesTable } from '../../scripts/lint-rules-table';
import { Linter } from '../../src/lint';

describe('lint', () => {
  describe('scripts/lint-rules-table', () => {
    const table = lintRulesTable();
    const rows = table.trim().split('\n');

    test('prints a Markdown table with a header', () => {
      expect(rows.slice(0, 2)).toEqual(['| id | severity | what it catches |', '| --- | --- | --- |']);
    });

    test('lists every rule once, with its severity and summary', () => {
      const rules = Linter.rules();
      expect(rows).toHaveLength(rules.length + 2);
      for (const rule of rules) {
        expect(rows.filter(r => r.startsWith(`| \`${rule.id}\` |`))).toEqual([`| \`${rule.id}\` | ${rule.severity} | ${rule.summary} |`]);
      }
    });

    test('stands, up to date, in the README', () => {
      // Regenerate with: npx ts-node --transpile-only -P scripts/tsconfig.json scripts/lint-rules-table.ts --update-readme
      const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
      expect(withRulesTable(readme)).toEqual(readme);
    });
  });
});
