/* eslint-disable no-bitwise -- a bitset is bit arithmetic; this file is the one place it lives */

/**
 * A fixed-size set of small non-negative integers (identity-group or namespace indexes).
 *
 * Invariants: `size` never changes after construction; bits at positions >= `size` in the last
 * word are always 0 (every operation that could set them — `fill`, `not` — masks them off), so
 * `isEmpty`, `count` and `equals` can compare whole words.
 */
export class Bitset {
  public static empty(size: number): Bitset {
    return new Bitset(size, new Uint32Array(Math.ceil(size / 32)));
  }

  public static full(size: number): Bitset {
    const b = Bitset.empty(size);
    b.words.fill(0xffffffff);
    b.clearTail();
    return b;
  }

  private constructor(public readonly size: number, private readonly words: Uint32Array) {}

  public add(i: number): void {
    this.words[i >>> 5] |= 1 << (i & 31);
  }

  public delete(i: number): void {
    this.words[i >>> 5] &= ~(1 << (i & 31));
  }

  public has(i: number): boolean {
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0;
  }

  /** In place: this = this ∪ other. */
  public orInPlace(other: Bitset): void {
    const w = this.words;
    const o = other.words;
    for (let k = 0; k < w.length; k++) w[k] |= o[k];
  }

  /** In place: this = this ∩ other. */
  public andInPlace(other: Bitset): void {
    const w = this.words;
    const o = other.words;
    for (let k = 0; k < w.length; k++) w[k] &= o[k];
  }

  /** this ∖ other, as a new set. */
  public andNot(other: Bitset): Bitset {
    const r = this.clone();
    const w = r.words;
    const o = other.words;
    for (let k = 0; k < w.length; k++) w[k] &= ~o[k];
    return r;
  }

  /** Whether the two sets share a member. */
  public intersects(other: Bitset): boolean {
    const w = this.words;
    const o = other.words;
    for (let k = 0; k < w.length; k++) if ((w[k] & o[k]) !== 0) return true;
    return false;
  }

  public and(other: Bitset): Bitset {
    const r = this.clone();
    r.andInPlace(other);
    return r;
  }

  /** The complement within [0, size). */
  public not(): Bitset {
    const r = Bitset.empty(this.size);
    for (let k = 0; k < this.words.length; k++) r.words[k] = ~this.words[k];
    r.clearTail();
    return r;
  }

  public clone(): Bitset {
    return new Bitset(this.size, this.words.slice());
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
      while (word !== 0) {
        const low = word & -word;
        fn(k * 32 + 31 - Math.clz32(low));
        word ^= low;
      }
    }
  }

  /** A string that equals another bitset's key iff the two have the same members. */
  public key(): string {
    return this.words.join(',');
  }

  private clearTail(): void {
    const rest = this.size & 31;
    if (rest !== 0 && this.words.length > 0) {
      this.words[this.words.length - 1] &= (1 << rest) - 1;
    }
  }
}
