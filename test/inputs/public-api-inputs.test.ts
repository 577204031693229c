/**
 * Every public prop of every construct, factory and method, fed a missing value (when required),
 * wrong types, `null`, `NaN`, a float, a negative, an empty string and a 1,000-character string
 * (see `_fuzz.ts` for the values and `public-api-table.ts` for the table).
 *
 * Each call must either fail at construct time in the house voice
 * (`<Owner> '<id>': <prop> … got <value>; <rule>`, naming the prop) or, for a value the table marks
 * as legitimately accepted, synthesize output the Kubernetes 1.28 schema test accepts. Never a
 * TypeError, never schema-invalid output, never a wrong value silently accepted.
 *
 * `NETPATTERNS_INPUTS_REPORT=1` prints the counts per outcome and every call that is not in order.
 */
import { countOutcomes, Result, runTable, valuesFor } from './_fuzz';
import { TARGETS } from './public-api-table';

const results: Result[] = runTable(TARGETS);

if (process.env.NETPATTERNS_INPUTS_REPORT) {
  const props = TARGETS.reduce((n, t) => n + t.props.length, 0);
  // eslint-disable-next-line no-console
  console.log([
    `${TARGETS.length} entry points, ${props} props, ${results.length} calls`,
    JSON.stringify(countOutcomes(results)),
    ...results.filter(r => r.outcome !== 'house' && r.outcome !== 'accepted')
      .map(r => `${r.outcome.padEnd(7)} ${r.target} ${r.prop} <${r.label}>: ${r.detail}`),
  ].join('\n'));
}

describe('public API inputs', () => {
  test('the table covers every entry point with at least one prop', () => {
    // GIVEN the table WHEN it is walked THEN each target contributes calls
    for (const target of TARGETS) {
      const calls = target.props.reduce((n, p) => n + valuesFor(p).length, 0);
      expect({ target: target.name, covered: calls > 0 }).toEqual({ target: target.name, covered: true });
    }
    expect(results.length).toBeGreaterThan(1500);
  });

  const keys = [...new Set(results.map(r => `${r.target} › ${r.prop}`))];
  describe.each(keys)('%s', (key) => test('refuses every wrong value in the house voice, never with a TypeError or invalid output', () => {
    // GIVEN every wrong value of this prop, WHEN each call ran (above), THEN each was refused in the
    // house voice or legitimately accepted with schema-valid output
    const wrong = results
      .filter(r => `${r.target} › ${r.prop}` === key && r.outcome !== 'house' && r.outcome !== 'accepted')
      .map(r => `${r.outcome} <${r.label}>: ${r.detail}`);
    expect(wrong).toEqual([]);
  }));

  test('no call crashes and no call synthesizes schema-invalid output', () => {
    const counts = countOutcomes(results);
    expect({ crash: counts.crash, invalid: counts.invalid }).toEqual({ crash: 0, invalid: 0 });
  });
});
