import { formatSelector, isEmptySelector, matchesLabelMap, matchesLabelSelector, pinnedValues } from '../../src/lint/_selectors';

const labels = { app: 'api', tier: 'backend' };

describe('lint', () => {
  describe('label selectors', () => {
    test.each([
      [{ matchLabels: { app: 'api' } }, true],
      [{ matchLabels: { app: 'web' } }, false],
      [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend', 'db'] }] }, true],
      [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, false],
      [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, false],
      [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] }, true],
      [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['backend'] }] }, false],
      [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
      [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
      [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
      [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
      [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
      [{ matchExpressions: [{ key: 'app', operator: 'Bogus' }] }, false],
      [{ matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] }, false],
      [{}, true],
      [undefined, true],
    ])('matchesLabelSelector(%j) is %s', (selector, expected) => {
      expect(matchesLabelSelector(selector, labels)).toBe(expected);
    });

    test('matchesLabelMap compares every pair as strings', () => {
      expect(matchesLabelMap({ app: 'api' }, labels)).toBe(true);
      expect(matchesLabelMap({ app: 'api', zone: 'a' }, labels)).toBe(false);
      expect(matchesLabelMap(undefined, labels)).toBe(true);
    });

    test('isEmptySelector', () => {
      expect(isEmptySelector({})).toBe(true);
      expect(isEmptySelector({ matchLabels: {}, matchExpressions: [] })).toBe(true);
      expect(isEmptySelector({ matchLabels: { a: 'b' } })).toBe(false);
    });

    test('pinnedValues', () => {
      expect(pinnedValues({ matchLabels: { k: 'a' } }, 'k')).toEqual(['a']);
      expect(pinnedValues({ matchExpressions: [{ key: 'k', operator: 'In', values: ['a', 'b'] }] }, 'k')).toEqual(['a', 'b']);
      expect(pinnedValues({ matchLabels: { k: 'a' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['b'] }] }, 'k')).toEqual([]);
      expect(pinnedValues({ matchExpressions: [{ key: 'k', operator: 'NotIn', values: ['a'] }] }, 'k')).toBeUndefined();
      expect(pinnedValues(undefined, 'k')).toBeUndefined();
    });

    test('formatSelector', () => {
      expect(formatSelector({ matchLabels: { a: 'b' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['d', 'e'] }, { key: 'f', operator: 'Exists' }] }))
        .toBe('a=b, c In (d, e), f Exists');
      expect(formatSelector({})).toBe('{} (everything)');
    });
  });
});
