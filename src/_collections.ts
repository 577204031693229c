/**
 * Small collection helpers shared by the analyzer, lint and the constructs (internal).
 */

/** A `Map` or `WeakMap` of lists. */
export interface ListMap<K, V> {
  get(key: K): V[] | undefined;
  set(key: K, list: V[]): unknown;
}

/**
 * Appends `value` to the list `map` holds under `key` (creating it). Appends in place: rebuilding
 * the list on every append (`[...list, value]`) is quadratic in the list's length.
 */
export function pushTo<K, V>(map: ListMap<K, V>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * A shallow copy of `sources` merged left to right, as `{ ...a, ...b }` would make it — for label
 * and annotation maps and option objects, whose keys are checked names.
 *
 * `Object.assign` rather than an object spread: in the V8 of Node 20 every object made by a spread
 * gets a hidden class of its own, allocated in the old generation (about 250 bytes per object,
 * never shared); copies made this way share their hidden classes. (A key `__proto__`, which no
 * label, annotation or option name can be, would set the prototype instead of copying.)
 */
export function copyRecord<T extends object>(...sources: Array<T | undefined>): T {
  return Object.assign({}, ...sources) as T;
}

/**
 * Whether `record` has its own `key` (a label key such as `constructor` or `toString` is not
 * "in" a map of labels because `Object.prototype` has it).
 */
export function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}
