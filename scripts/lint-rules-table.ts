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

if (require.main === module) {
  process.stdout.write(lintRulesTable());
}
