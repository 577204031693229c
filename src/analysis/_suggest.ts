/**
 * "Did you mean …?" for names people type: `api-service` for `production/api-service`,
 * `prodution/api` for `production/api`.
 */
import { compare } from './_model';

/**
 * The known names closest to `typed`, best first (at most `limit`): the same name in other
 * namespaces if there is one; otherwise the smallest edit distance over the whole
 * `namespace/name`, or over the name alone, within a third of the typed length (at least 1), or
 * a name that extends the typed one or is extended by it.
 */
export function closestNames(typed: string, known: readonly string[], limit = 3): string[] {
  const slash = typed.indexOf('/');
  const typedName = slash < 0 ? typed : typed.slice(slash + 1);
  const budget = (text: string) => Math.max(1, Math.floor(text.length / 3));
  const exact: string[] = [];
  const scored: Array<{ name: string; score: number }> = [];
  for (const candidate of new Set(known)) {
    const name = candidate.slice(candidate.indexOf('/') + 1);
    if (name === typedName) {
      exact.push(candidate);
      continue;
    }
    const alone = editDistance(typedName, name);
    // In the namespace that was typed, only the name can be misspelt; elsewhere, either part.
    const sameNamespace = slash >= 0 && candidate.startsWith(typed.slice(0, slash + 1));
    const whole = sameNamespace ? Infinity : editDistance(typed, candidate);
    // One name extending the other (`api-svc` for `api`, `api` for `api-service`) is close, too.
    const extends_ = Math.min(name.length, typedName.length) >= 3 && (name.startsWith(typedName) || typedName.startsWith(name));
    if (whole <= budget(typed) || alone <= budget(typedName) || extends_) scored.push({ name: candidate, score: Math.min(whole, alone) });
  }
  // The same name in another namespace is what was meant, if there is one.
  if (exact.length > 0) return exact.sort(compare).slice(0, limit);
  return scored.sort((a, b) => a.score - b.score || compare(a.name, b.name)).slice(0, limit).map((s) => s.name);
}

/** `; did you mean 'a' or 'b'?`, or '' when nothing is close. */
export function didYouMean(typed: string, known: readonly string[]): string {
  const close = closestNames(typed, known);
  if (close.length === 0) return '';
  const quoted = close.map((c) => `'${c}'`);
  return `; did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`}?`;
}

/**
 * Optimal string alignment distance: Levenshtein (insertions, deletions, substitutions) plus
 * adjacent transpositions (`ngnix` → `nginx` is 1), O(|a|·|b|) time, O(|b|) memory.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], before[j - 2] + 1);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length];
}

/**
 * The candidate a short name was most likely meant to be (case-insensitive, at most 2 edits away),
 * for "did you mean" hints on field names and class names; undefined when none is that close.
 */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) >= bestDistance || candidate.length > 64 || name.length > 64) continue;
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
