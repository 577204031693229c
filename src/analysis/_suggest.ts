/**
 * "Did you mean …?" for names people type: `api-service` for `production/api-service`,
 * `prodution/api` for `production/api`.
 */
import { compare } from './_model';

/**
 * The known names closest to `typed`, best first (at most `limit`): an exact name in another
 * namespace (or a namespace-less name), then the smallest edit distance over the whole
 * `namespace/name` or over the name alone, within a third of the typed length (at least 2).
 */
export function closestNames(typed: string, known: readonly string[], limit = 3): string[] {
  const slash = typed.indexOf('/');
  const typedName = slash < 0 ? typed : typed.slice(slash + 1);
  const budget = Math.max(2, Math.floor(typed.length / 3));
  const scored: Array<{ name: string; score: number }> = [];
  for (const candidate of new Set(known)) {
    const name = candidate.slice(candidate.indexOf('/') + 1);
    if (name === typedName) {
      scored.push({ name: candidate, score: -1 });
      continue;
    }
    const distance = Math.min(editDistance(typed, candidate), editDistance(typedName, name));
    if (distance <= budget) scored.push({ name: candidate, score: distance });
  }
  return scored.sort((a, b) => a.score - b.score || compare(a.name, b.name)).slice(0, limit).map((s) => s.name);
}

/** `; did you mean 'a' or 'b'?`, or '' when nothing is close. */
export function didYouMean(typed: string, known: readonly string[]): string {
  const close = closestNames(typed, known);
  if (close.length === 0) return '';
  const quoted = close.map((c) => `'${c}'`);
  return `; did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`}?`;
}

/** Levenshtein distance (insertions, deletions, substitutions), O(|a|·|b|) time, O(|b|) memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
