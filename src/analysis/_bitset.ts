/* eslint-disable no-bitwise -- a bitset is bit arithmetic; this file is the one place it lives */

/**
 * A fixed-size set of small non-negative integers (identity-group or namespace indexes).
 *
 * A set stores only a window of its words, `[lo, lo + words.length)`; words outside it are 0. Sets
 * confined to a few neighbouring indexes — the groups of one namespace, which are numbered
 * together — cost a few words instead of one per 32 groups of the cluster, so a cluster of many
 * namespaces with a policy or two each does not cost policies × groups. A set made by `empty` or
 * `full` spans every word; `window` makes a narrow one; `add` outside the window widens it.
 *
 * Invariants: `size` never changes after construction; bits at positions >= `size` are always 0
 * (every operation that could set them — `full`, `not` — masks them off), so `isEmpty`, `count`
 * and `key` can compare whole words.
 */
export class Bitset {
  public static empty(size: number): Bitset {
    return new Bitset(size, 0, new Uint32Array(wordCount(size)));
  }

  public static full(size: number): Bitset {
    const b = Bitset.empty(size);
    b.words.fill(0xffffffff);
    b.clearTail();
    return b;
  }

  /** An empty set of `size` whose storage covers `first`..`last` (it still grows for others). */
  public static window(size: number, first: number, last: number): Bitset {
    if (last < first) return new Bitset(size, 0, new Uint32Array(0));
    const lo = first >>> 5;
    return new Bitset(size, lo, new Uint32Array((last >>> 5) - lo + 1));
  }

  private constructor(public readonly size: number, private lo: number, private words: Uint32Array) {}

  public add(i: number): void {
    const w = i >>> 5;
    if (w < this.lo || w >= this.lo + this.words.length) this.widen(w, w + 1);
    this.words[w - this.lo] |= 1 << (i & 31);
  }

  public delete(i: number): void {
    const k = (i >>> 5) - this.lo;
    if (k >= 0 && k < this.words.length) this.words[k] &= ~(1 << (i & 31));
  }

  public has(i: number): boolean {
    const k = (i >>> 5) - this.lo;
    return k >= 0 && k < this.words.length && (this.words[k] & (1 << (i & 31))) !== 0;
  }

  /** In place: this = this ∪ other. */
  public orInPlace(other: Bitset): void {
    const [from, to] = other.occupied();
    if (from >= to) return;
    if (from < this.lo || to > this.lo + this.words.length) this.widen(from, to);
    const w = this.words;
    const o = other.words;
    const shift = other.lo - this.lo;
    for (let a = from - other.lo; a < to - other.lo; a++) w[a + shift] |= o[a];
  }

  /** In place: this = this ∩ other. */
  public andInPlace(other: Bitset): void {
    const w = this.words;
    const o = other.words;
    const shift = this.lo - other.lo;
    for (let k = 0; k < w.length; k++) {
      const j = k + shift;
      w[k] &= j >= 0 && j < o.length ? o[j] : 0;
    }
  }

  /** this ∖ other, as a new set. */
  public andNot(other: Bitset): Bitset {
    const r = this.clone();
    const w = r.words;
    const o = other.words;
    const shift = r.lo - other.lo;
    const first = Math.max(0, -shift);
    const end = Math.min(w.length, o.length - shift);
    for (let k = first; k < end; k++) w[k] &= ~o[k + shift];
    return r;
  }

  /** Whether the two sets share a member. */
  public intersects(other: Bitset): boolean {
    const w = this.words;
    const o = other.words;
    const shift = this.lo - other.lo;
    const first = Math.max(0, -shift);
    const end = Math.min(w.length, o.length - shift);
    for (let k = first; k < end; k++) if ((w[k] & o[k + shift]) !== 0) return true;
    return false;
  }

  public and(other: Bitset): Bitset {
    const r = this.clone();
    r.andInPlace(other);
    return r;
  }

  /** The complement within [0, size). */
  public not(): Bitset {
    const r = Bitset.full(this.size);
    const w = this.words;
    for (let k = 0; k < w.length; k++) r.words[k + this.lo] &= ~w[k];
    return r;
  }

  public clone(): Bitset {
    return new Bitset(this.size, this.lo, this.words.slice());
  }

  public isEmpty(): boolean {
    for (let k = 0; k < this.words.length; k++) if (this.words[k] !== 0) return false;
    return true;
  }

  /** The number of members. */
  public count(): number {
    let n = 0;
    for (let k = 0; k < this.words.length; k++) {
      let v = this.words[k];
      v = v - ((v >>> 1) & 0x55555555);
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      n += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }

  /** The members in ascending order. */
  public indexes(): number[] {
    const out: number[] = [];
    this.forEach((i) => out.push(i));
    return out;
  }

  /** Calls `fn` for each member in ascending order, without allocating. */
  public forEach(fn: (i: number) => void): void {
    for (let k = 0; k < this.words.length; k++) {
      let word = this.words[k];
      const base = (k + this.lo) * 32 + 31;
      while (word !== 0) {
        const low = word & -word;
        fn(base - Math.clz32(low));
        word ^= low;
      }
    }
  }

  /** A string that equals another bitset's key iff the two have the same members. */
  public key(): string {
    const [from, to] = this.occupied();
    return from >= to ? '' : `${from}:${this.words.subarray(from - this.lo, to - this.lo).join(',')}`;
  }

  /** The words holding a member: `[from, to)`, absolute word indexes (from >= to when empty). */
  private occupied(): [number, number] {
    const w = this.words;
    let first = 0;
    while (first < w.length && w[first] === 0) first++;
    if (first === w.length) return [0, 0];
    let last = w.length - 1;
    while (w[last] === 0) last--;
    return [this.lo + first, this.lo + last + 1];
  }

  /** Widens the window to cover the absolute words `[from, to)` too. */
  private widen(from: number, to: number): void {
    const lo = Math.min(this.lo, from);
    const hi = Math.max(this.lo + this.words.length, to);
    const words = new Uint32Array(hi - lo);
    words.set(this.words, this.lo - lo);
    this.lo = lo;
    this.words = words;
  }

  private clearTail(): void {
    const rest = this.size & 31;
    const last = wordCount(this.size) - 1 - this.lo;
    if (rest !== 0 && last >= 0 && last < this.words.length) {
      this.words[last] &= (1 << rest) - 1;
    }
  }
}

function wordCount(size: number): number {
  return Math.ceil(size / 32);
}
