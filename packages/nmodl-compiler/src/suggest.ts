/**
 * "Did you mean" suggestions: the known word closest to a misspelt one.
 * @module
 */

/**
 * The Levenshtein distance of two strings (insertions, deletions and substitutions).
 * @example
 * ```ts
 * distance('cnexpp', 'cnexp'); // 1
 * ```
 */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/**
 * The word of `known` closest to `word` in any case, when it is close (at most 2 edits) and not
 * `word` itself; the first of equally close ones.
 * @example
 * ```ts
 * nearest('SUFIX', ['SUFFIX', 'RANGE']); // 'SUFFIX'
 * nearest('cnexpp', ['cnexp', 'euler']); // 'cnexp'
 * ```
 */
export function nearest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    if (k === word) continue;
    const d = distance(word.toUpperCase(), k.toUpperCase());
    if (d < bestD) { bestD = d; best = k; }
  }
  return best;
}
