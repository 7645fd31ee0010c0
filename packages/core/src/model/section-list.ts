import type { Section } from './section.js';

/**
 * NEURON's `h.SectionList`: an ordered set of sections, for loops in cell-building code.
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

  /** A list of these sections (duplicates dropped). */
  constructor(sections: Iterable<Section> = []) {
    for (const s of sections) this.append(s);
  }

  /** Adds a section (once); returns this list. */
  append(sec: Section): this {
    if (!this.#items.includes(sec)) this.#items.push(sec);
    return this;
  }

  /** Removes a section; returns how many were removed (0 or 1). */
  remove(sec: Section): number {
    const i = this.#items.indexOf(sec);
    if (i < 0) return 0;
    this.#items.splice(i, 1);
    return 1;
  }

  /** Adds `sec` and every section of its subtree. */
  subtree(sec: Section): this {
    for (const s of sec.subtree()) this.append(s);
    return this;
  }

  /** Adds every section of the tree `sec` belongs to. */
  wholetree(sec: Section): this {
    for (const s of sec.wholetree()) this.append(s);
    return this;
  }

  /** True when `sec` is in the list. */
  contains(sec: Section): boolean {
    return this.#items.includes(sec);
  }

  /** Number of sections (and `len(sl)` in Python: `sl.length`). */
  get length(): number {
    return this.#items.filter((s) => s.exists()).length;
  }

  /** The sections of the list that still exist, in the order they were appended (`for (const sec of sl)`). */
  [Symbol.iterator](): Iterator<Section> {
    return this.#items.filter((s) => s.exists())[Symbol.iterator]();
  }
}
