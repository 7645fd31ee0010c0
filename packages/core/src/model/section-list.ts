import { NeuriteError, shown } from '../errors.js';
import { Section } from './section.js';

/** A section, or NEURON's keyword form `{ sec }`. */
export type SectionArg = Section | { readonly sec: Section };

/** The section of a {@link SectionArg}, checked. */
function sectionOf(arg: unknown, method: string): Section {
  const sec = arg instanceof Section ? arg : (arg as { sec?: unknown } | null)?.sec;
  if (!(sec instanceof Section)) {
    throw new NeuriteError('INVALID_ARGUMENT', `SectionList.${method}(sec): sec must be a section such as soma (or { sec: soma }), got ${typeof arg === 'object' && arg !== null ? String((arg as { sec?: unknown }).sec ?? arg) : shown(arg)}`);
  }
  return sec;
}

/**
 * NEURON's `h.SectionList`: a list of sections, for loops in cell-building code. As NEURON's, it
 * keeps a section as often as it was added.
 *
 * @example
 * ```ts
 * const dends = h.SectionList();
 * for (const sec of h.allsec()) if (sec.name().startsWith('dend')) dends.append(sec);
 * for (const sec of dends) sec.insert('pas');
 * ```
 */
export class SectionList implements Iterable<Section> {
  readonly #items: Section[] = [];

  /** A list of these sections, in order. */
  constructor(sections: Iterable<Section> = []) {
    for (const s of sections) this.append(s);
  }

  /** Adds a section (`append(soma)` or `append({ sec: soma })`); returns this list. */
  append(sec: SectionArg): this {
    this.#items.push(sectionOf(sec, 'append'));
    return this;
  }

  /**
   * Removes a section's first occurrence, or with a list every occurrence of each of its
   * sections; returns how many were removed.
   * @example `dends.remove(soma) // 1 if it was there`
   */
  remove(what: SectionArg | SectionList): number {
    if (what instanceof SectionList) {
      const out = new Set(what.#items);
      const before = this.#items.length;
      const kept = this.#items.filter((s) => !out.has(s));
      this.#items.splice(0, before, ...kept);
      return before - kept.length;
    }
    const i = this.#items.indexOf(sectionOf(what, 'remove'));
    if (i < 0) return 0;
    this.#items.splice(i, 1);
    return 1;
  }

  /** Adds `sec` and every section of its subtree. */
  subtree(sec: SectionArg): this {
    for (const s of sectionOf(sec, 'subtree').subtree()) this.#items.push(s);
    return this;
  }

  /** Adds every section of the tree `sec` belongs to. */
  wholetree(sec: SectionArg): this {
    for (const s of sectionOf(sec, 'wholetree').wholetree()) this.#items.push(s);
    return this;
  }

  /** True when `sec` is in the list. */
  contains(sec: SectionArg): boolean {
    return this.#items.includes(sectionOf(sec, 'contains'));
  }

  /** Number of entries (and `len(sl)` in Python: `sl.length`). */
  get length(): number {
    return this.#items.filter((s) => s.exists()).length;
  }

  /** The sections of the list that still exist, in the order they were added (`for (const sec of sl)`). */
  [Symbol.iterator](): Iterator<Section> {
    return this.#items.filter((s) => s.exists())[Symbol.iterator]();
  }
}
