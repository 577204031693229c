/**
 * The invariants of the internal port and group sets the evaluator relies on.
 */
import { Bitset } from '../../src/analysis/_bitset';
import { PortSet } from '../../src/analysis/_ports';
import { isLabelKey, makeSelector, parseSelector } from '../../src/analysis/_selector';

describe('PortSet', () => {
  test('merges overlapping and adjacent ranges and keeps them sorted', () => {
    const set = PortSet.range('TCP', 8000, 8080)
      .union(PortSet.range('TCP', 80, 80))
      .union(PortSet.range('TCP', 8081, 8090))
      .union(PortSet.range('TCP', 8050, 8100))
      .union(PortSet.range('UDP', 53, 53));
    expect(set.toString()).toBe('TCP 80, TCP 8000-8100, UDP 53');
  });

  test.each([
    [79, 'TCP', false], [80, 'TCP', true], [8000, 'TCP', true], [8100, 'TCP', true], [8101, 'TCP', false], [80, 'UDP', false], [53, 'UDP', true],
  ] as const)('holds %d/%s: %s', (port, protocol, expected) => {
    const set = PortSet.range('TCP', 8000, 8100).union(PortSet.range('TCP', 80, 80)).union(PortSet.range('UDP', 53, 53));
    expect(set.has(port, protocol)).toBe(expected);
  });

  test('resolves named ports on the destination ports, with their protocol', () => {
    const set = PortSet.named('TCP', 'http');
    const dest = [{ port: 8080, protocol: 'TCP' as const, name: 'http' }, { port: 53, protocol: 'UDP' as const, name: 'dns' }];
    expect(set.has(8080, 'TCP', dest)).toBe(true);
    expect(set.has(8080, 'TCP')).toBe(false);
    expect(set.has(8080, 'UDP', dest)).toBe(false);
    expect(PortSet.named('TCP', 'dns').has(53, 'UDP', dest)).toBe(false);
    expect(set.describeMatch(8080, 'TCP', dest)).toBe("named port 'http' (TCP 8080)");
  });

  test('describes every port as such', () => {
    expect(PortSet.all().isAll()).toBe(true);
    expect(PortSet.all().toString()).toBe('all ports');
    expect(PortSet.range('UDP', 1, 65535).toString()).toBe('all UDP ports');
    expect(PortSet.range('UDP', 1, 65535).describeMatch(5353, 'UDP')).toBe('any UDP port');
    expect(PortSet.none().toString()).toBe('no ports');
  });
});

describe('Bitset', () => {
  test.each([[0], [1], [31], [32], [33], [100]])('keeps bits beyond size %d clear', (size) => {
    const full = Bitset.full(size);
    expect(full.indexes()).toEqual(Array.from({ length: size }, (_, i) => i));
    expect(Bitset.empty(size).not().key()).toBe(full.key());
    expect(full.not().isEmpty()).toBe(true);
  });

  test('combines sets', () => {
    const of = (indexes: number[]) => {
      const b = Bitset.empty(70);
      indexes.forEach((i) => b.add(i));
      return b;
    };
    const a = of([1, 33, 69]);
    const b = of([33, 40]);
    expect(a.and(b).indexes()).toEqual([33]);
    const union = a.clone();
    union.orInPlace(b);
    expect(union.indexes()).toEqual([1, 33, 40, 69]);
    expect(a.indexes()).toEqual([1, 33, 69]);
    expect(a.has(69)).toBe(true);
    expect(a.has(68)).toBe(false);
  });
});

describe('parseSelector', () => {
  test('gives selectors that select the same objects the same key', () => {
    const errors: string[] = [];
    const a = parseSelector({ matchLabels: { b: '2', a: '1' } }, 's', errors)!;
    const b = parseSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: ['1'] }], matchLabels: { b: '2' } }, 's', errors)!;
    expect(errors).toEqual([]);
    expect(a.key).toBe(b.key);
    expect(a.text).toBe('a=1,b=2');
    expect(parseSelector({}, 's', errors)!.text).toBe('{}');
  });

  test('sorts requirements and drops duplicates whatever their number', () => {
    const r = (key: string, operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist', values: string[] = []) => ({ key, operator, values });
    expect(makeSelector([]).text).toBe('{}');
    expect(makeSelector([r('b', 'Exists')]).key).toBe('b');
    const many = makeSelector([r('b', 'In', ['2']), r('a', 'NotIn', ['x', 'y']), r('b', 'In', ['2']), r('a', 'DoesNotExist'), r('a', 'NotIn', ['x', 'y'])]);
    expect(many.text).toBe('!a,a notin (x,y),b=2');
    expect(many.requirements).toHaveLength(3);
  });
});

describe('isLabelKey', () => {
  test('answers the same before and after it remembers valid keys, beyond its bound', () => {
    const cases: Array<[string, boolean]> = [
      ['app.kubernetes.io/name', true], ['app', true], ['-app', false], ['a/b/c', false],
      ['Example.com/x', false], [`${'a'.repeat(64)}`, false], ['/x', false], ['x/', false],
    ];
    for (const [key, valid] of cases) expect([key, isLabelKey(key)]).toEqual([key, valid]);
    for (let i = 0; i < 10_050; i++) expect(isLabelKey(`k${i}.example.com/n${i}`)).toBe(true);
    for (const [key, valid] of cases) expect([key, isLabelKey(key)]).toEqual([key, valid]);
  });
});
