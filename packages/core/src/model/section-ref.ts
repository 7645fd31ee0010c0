/**
 * NEURON's `SectionRef`: a handle on a section with its parent, true parent, root and children
 * as they are now (for scripts written for NEURON's hoc and older Python).
 * @module
 */
import { NeuriteError } from '../errors.js';
import type { Section } from './section.js';

/**
 * A reference to a section (`h.SectionRef({ sec })`): `sec`, and the section's `parent`,
 * `trueparent`, `root` and `child` list as the tree is when they are read.
 *
 * @example
 * ```ts
 * const sr = h.SectionRef({ sec: dend });
 * sr.has_parent() ? sr.parent.name() : 'a root'; // 'soma'
 * for (const c of sr.child) console.log(c.name());
 * ```
 */
export class SectionRef {
  /** @internal */
  constructor(
    /** The section referred to. */
    readonly sec: Section,
  ) {}

  /** The section `sec` is attached to; a root has none (an error: check {@link has_parent}). */
  get parent(): Section {
    const p = this.sec.parentsec();
    if (!p) throw new NeuriteError('INVALID_ARGUMENT', `SectionRef.parent: ${this.sec.name()} is a root section and has no parent (check has_parent() first)`);
    return p;
  }

  /** The section of the node `sec` is attached to (NEURON's `trueparent`: the parent, except
   * where the parent is attached at the same end); none at a root's node (check
   * {@link has_trueparent}). */
  get trueparent(): Section {
    const p = this.sec.trueparentseg();
    if (!p) throw new NeuriteError('INVALID_ARGUMENT', `SectionRef.trueparent: ${this.sec.name()} is attached to the root node and has no true parent (check has_trueparent() first)`);
    return p.sec;
  }

  /** The root of `sec`'s tree. */
  get root(): Section {
    let s = this.sec;
    for (let p = s.parentsec(); p !== null; p = s.parentsec()) s = p;
    return s;
  }

  /** The sections attached to `sec`, in NEURON's order. */
  get child(): Section[] {
    return this.sec.children();
  }

  /** Whether `sec` is attached to a parent. */
  has_parent(): boolean {
    return this.sec.parentsec() !== null;
  }

  /** Whether `sec`'s node is not the root node. */
  has_trueparent(): boolean {
    return this.sec.trueparentseg() !== null;
  }

  /** The number of sections attached to `sec`. */
  nchild(): number {
    return this.sec.children().length;
  }

  /** Whether `sec` still exists (not deleted). */
  exists(): boolean {
    return this.sec.exists();
  }

  /** neurite has no currently accessed section (every call names its section): false. */
  is_cas(): boolean {
    return false;
  }

  /** NEURON's name of the object, `SectionRef[0]`-style: here the section's name. */
  toString(): string {
    return `SectionRef(${this.sec.name()})`;
  }
}
