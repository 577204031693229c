/**
 * Small statistics over repeated measurements.
 */

/** The median (the mean of the two middle values for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The smallest value; NaN for no values. */
export function min(values: readonly number[]): number {
  return values.length === 0 ? NaN : Math.min(...values);
}

/** The largest value; NaN for no values. */
export function max(values: readonly number[]): number {
  return values.length === 0 ? NaN : Math.max(...values);
}

/** The arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((s, v) => s + v, 0) / values.length;
}

/**
 * Relative spread: (max - min) / median. A quick noise indicator for a handful of rounds (a
 * value above ~0.2 means the machine was busy or the runs were too short to compare closely).
 */
export function spread(values: readonly number[]): number {
  const m = median(values);
  return values.length < 2 || !(m > 0) ? 0 : (max(values) - min(values)) / m;
}

/** Summary of one series. */
export interface SeriesSummary {
  readonly count: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly spread: number;
}

/** Summarizes a series of measurements. */
export function summarize(values: readonly number[]): SeriesSummary {
  return { count: values.length, median: median(values), min: min(values), max: max(values), mean: mean(values), spread: spread(values) };
}
