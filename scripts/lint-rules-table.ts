/**
 * Prints the README table of lint rules from the rule metadata:
 *
 *   npx ts-node --transpile-only --project scripts/tsconfig.json scripts/lint-rules-table.ts
 */
import { Linter } from '../src/lint';

/** The Markdown table `| id | severity | what it catches |`, one row per rule. */
export function lintRulesTable(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '| id | severity | what it catches |',
    '| --- | --- | --- |',
    ...Linter.rules().map(r => `| \`${r.id}\` | ${r.severity} | ${cell(r.summary)} |`),
  ];
  return lines.join('\n') + '\n';
}

/** The README markers between which the table stands. */
export const README_MARKERS = { start: '<!-- lint-rules:start -->', end: '<!-- lint-rules:end -->' };

/** `readme` with the text between the markers replaced by the current table. */
export function withRulesTable(readme: string): string {
  const start = readme.indexOf(README_MARKERS.start);
  const end = readme.indexOf(README_MARKERS.end);
  if (start < 0 || end < start) {
    throw new Error(`README.md has no ${README_MARKERS.start} … ${README_MARKERS.end} section`);
  }
  return `${readme.slice(0, start + README_MARKERS.start.length)}\n${lintRulesTable()}${readme.slice(end)}`;
}

if (require.main === module) {
  if (process.argv.includes('--update-readme')) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('node:fs') as typeof import('node:fs');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const path = require('node:path') as typeof import('node:path');
    const file = path.join(__dirname, '..', 'README.md');
    fs.writeFileSync(file, withRulesTable(fs.readFileSync(file, 'utf-8')));
  } else {
    process.stdout.write(lintRulesTable());
  }
}
