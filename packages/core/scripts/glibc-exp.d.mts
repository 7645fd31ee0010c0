/** `n` arguments drawn with `seed` and glibc's exp of each, interleaved (see glibc-exp.mjs). */
export function glibcExpPairs(n: number, seed: number): Float64Array;
