/**
 * The invariants of the internal port and group sets the evaluator relies on.
 */
import { Bitset } from '../../src/analysis/_bitset';
import type { WorkloadModel } from '../../src/analysis/_model';
import { PortSet } from '../../src/analysis/_ports';
import { isLabelKey, makeSelector, parseSelector } from '../../src/analysis/_selector';
import { selectedWorkloads, ServiceModel, WorkloadSelection } from '../../src/analysis/_services';

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

  test('answers as a plain set whatever the windows of its operands (seeded random operations)', () => {
    // GIVEN sets of one size made every way (full width, narrow windows, windows widened by add)
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (const size of [0, 1, 31, 32, 33, 64, 65, 200]) {
      const make = (): { bits: Bitset; model: Set<number> } => {
        const model = new Set<number>();
        if (size === 0) return { bits: random(2) === 0 ? Bitset.empty(0) : Bitset.window(0, 0, -1), model };
        const first = random(size);
        const last = Math.min(size - 1, first + random(70));
        const way = random(3);
        const bits = way === 0 ? Bitset.empty(size) : way === 1 ? Bitset.window(size, first, last) : Bitset.window(size, 0, -1);
        const count = random(6);
        for (let k = 0; k < count; k++) {
          // Mostly inside the window, sometimes outside it (the window widens).
          const i = random(4) === 0 ? random(size) : first + random(last - first + 1);
          bits.add(i);
          model.add(i);
        }
        if (random(3) === 0 && model.size > 0) {
          const gone = [...model][0];
          bits.delete(gone);
          model.delete(gone);
        }
        return { bits, model };
      };
      const sorted = (model: Set<number>) => [...model].sort((x, y) => x - y);
      for (let round = 0; round < 60; round++) {
        const a = make();
        const b = make();
        // WHEN they are combined THEN every answer is the plain sets' answer
        expect(a.bits.indexes()).toEqual(sorted(a.model));
        expect(a.bits.count()).toBe(a.model.size);
        expect(a.bits.isEmpty()).toBe(a.model.size === 0);
        for (let i = 0; i < size; i++) expect(a.bits.has(i)).toBe(a.model.has(i));
        const both = sorted(new Set([...a.model].filter((i) => b.model.has(i))));
        expect(a.bits.and(b.bits).indexes()).toEqual(both);
        expect(a.bits.intersects(b.bits)).toBe(both.length > 0);
        expect(a.bits.andNot(b.bits).indexes()).toEqual(sorted(new Set([...a.model].filter((i) => !b.model.has(i)))));
        const union = a.bits.clone();
        union.orInPlace(b.bits);
        expect(union.indexes()).toEqual(sorted(new Set([...a.model, ...b.model])));
        const meet = a.bits.clone();
        meet.andInPlace(b.bits);
        expect(meet.indexes()).toEqual(both);
        expect(a.bits.not().indexes()).toEqual(Array.from({ length: size }, (_, i) => i).filter((i) => !a.model.has(i)));
        // AND keys tell sets apart by their members only, never by their storage
        const sameMembers = Bitset.empty(size);
        a.model.forEach((i) => sameMembers.add(i));
        expect(a.bits.key()).toBe(sameMembers.key());
        expect(a.bits.key() === b.bits.key()).toBe(sorted(a.model).join() === sorted(b.model).join());
        // AND the operands are unchanged
        expect(a.bits.indexes()).toEqual(sorted(a.model));
        expect(b.bits.indexes()).toEqual(sorted(b.model));
      }
    }
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

describe('WorkloadSelection', () => {
  test('finds exactly the workloads selectedWorkloads finds, in the same order', () => {
    // GIVEN workloads in two namespaces sharing some labels, and Services selecting on one or more
    const workload = (namespace: string, name: string, podLabels: { [key: string]: string }) =>
      ({ id: `${namespace}/${name}`, kind: 'Deployment', namespace, name, podLabels, ports: [], hostNetwork: false }) as unknown as WorkloadModel;
    const workloads = [
      workload('a', 'web', { app: 'web', tier: 'front' }),
      workload('a', 'web-canary', { app: 'web', tier: 'front', track: 'canary' }),
      workload('a', 'api', { app: 'api', tier: 'back' }),
      workload('b', 'web', { app: 'web', tier: 'front' }),
      workload('b', 'numbers', { app: '1' }),
    ];
    const service = (namespace: string, selector?: { [key: string]: string }) =>
      ({ id: `${namespace}/svc`, namespace, name: 'svc', type: 'ClusterIP', selector, ports: [], addresses: [], endpoints: [] }) as unknown as ServiceModel;
    const selection = new WorkloadSelection(workloads);
    const services = [
      service('a', { app: 'web' }), service('a', { tier: 'front', app: 'web' }), service('a', { app: 'web', track: 'canary' }),
      service('b', { app: 'web' }), service('b', { app: '1' }), service('a', { app: 'db' }), service('c', { app: 'web' }),
      service('a', undefined), service('a', {}),
    ];
    // WHEN each is asked through the index THEN the answer is the plain filter's
    for (const s of services) {
      expect(selection.of(s).map((w) => w.id)).toEqual(selectedWorkloads(s, workloads).map((w) => w.id));
    }
    expect(selection.of(services[1]).map((w) => w.id)).toEqual(['a/web', 'a/web-canary']);
    expect(selection.of(services[8]).map((w) => w.id)).toEqual(['a/web', 'a/web-canary', 'a/api']);
  });
});
