import { segmentIndex } from '../solver/layout.js';
import type { SectionImpl } from './section.js';

/**
 * The text NEURON's `h.topology()` prints: one line per section, children indented under the
 * point of their parent they attach to, each section drawn as its segments.
 *
 * A root is drawn `|` + one `-` per segment + `|`; a child `` ` `` + (nseg - 1) dashes + `|`,
 * starting one column after the character of its parent that stands for the connection point;
 * children in decreasing order of their connection point.
 */
export function topologyText(sections: readonly SectionImpl[]): string {
  const lines: string[] = [];
  const draw = (sec: SectionImpl, offset: number, root: boolean): void => {
    const nseg = sec._nseg;
    const body = root ? '|' + '-'.repeat(nseg) + '|' : '`' + '-'.repeat(nseg - 1) + '|';
    const orient = sec._childEnd === 1 ? '(1-0)' : '(0-1)';
    lines.push(' '.repeat(offset) + body + '       ' + sec._name + orient);
    // Column of the character standing for arc position x of this section's line.
    // A section attached by its 1 end is drawn from that end: arc x is at position 1 - x.
    const column = (x: number): number => {
      const first = root ? offset + 1 : offset;
      const xp = sec._childEnd === 1 ? 1 - x : x;
      if (xp === 0) return first - 1;
      if (xp === 1) return first + nseg;
      const j = segmentIndex(x, nseg);
      return first + (sec._childEnd === 1 ? nseg - 1 - j : j);
    };
    // NEURON prints the children from the end of their list (see Simulation._connect).
    for (const child of [...sec._children].reverse()) draw(child, column(child._parent!.x) + 1, false);
  };
  for (const s of sections) if (s._parent === null) draw(s, 0, true);
  return '\n' + lines.map((l) => l + '\n').join('') + '\n';
}
