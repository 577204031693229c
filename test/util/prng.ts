/** A small deterministic PRNG (Park-Miller): generated inputs are the same on every run, so a failure reproduces. */
export function prng(seed: number): () => number {
  let a = seed % 2147483647;
  return () => {
    a = (a * 48271) % 2147483647;
    return (a - 1) / 2147483646;
  };
}
