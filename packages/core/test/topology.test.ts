import { describe, expect, it } from 'vitest';
import { Catalogue, createH, type H, type Section } from '../src/index.js';
import { testIClamp, testPas } from './support/plugins.js';
import { loadReference } from './support/reference.js';

const catalogue = new Catalogue([testPas, testIClamp]).freeze();

/** The tree of fixtures/topology/model.py (geometry and connections; mechanisms do not matter here). */
function buildTree(h: H): Record<string, Section> {
  const mk = (name: string, L: number, diam: number, nseg: number): Section => {
    const s = h.Section({ name });
    s.L = L; s.diam = diam; s.nseg = nseg; s.Ra = 100; s.cm = 1;
    return s;
  };
  const soma = mk('soma', 20, 20, 1);
  const dend1 = mk('dend1', 100, 2, 5);
  const dend2 = mk('dend2', 60, 1.5, 3);
  const dend3 = mk('dend3', 30, 1, 1);
  const rev = mk('rev', 80, 1, 4);
  const dend1a = mk('dend1a', 40, 1, 2);
  const dend1b = mk('dend1b', 20, 0.8, 1);
  const twig = mk('twig', 30, 0.5, 3);
  dend1.connect(soma(1));
  dend2.connect(soma(0));
  dend3.connect(soma(0.5));
  rev.connect(soma, 0.5, 1);
  dend1a.connect(dend1(0.3));
  dend1b.connect(dend1(1));
  twig.connect(rev(0));
  const axon0 = mk('axon[0]', 200, 1, 3);
  const axon1 = mk('axon[1]', 100, 1, 2);
  axon1.connect(axon0(1));
  return { soma, dend1, dend2, dend3, rev, dend1a, dend1b, twig, 'axon[0]': axon0, 'axon[1]': axon1 };
}

describe('topology', () => {
  it('prints exactly NEURON\'s text for a tree with a reversed section and two roots', () => {
    const ref = loadReference('topology');
    let out = '';
    const h = createH({ catalogue, print: (s) => { out += s; } });
    buildTree(h);
    expect(h.topology()).toBe(1);
    expect(out).toBe(ref.topology);
  });

  it('gives NEURON\'s parent and trueparent of every section', () => {
    const ref = loadReference('topology');
    const h = createH({ catalogue });
    const secs = buildTree(h);
    const want = ref.psection as Record<string, { morphology: { parent: string | null; trueparent: string | null } }>;
    for (const [name, sec] of Object.entries(secs)) {
      const m = sec.psection().morphology;
      expect({ parent: m.parent, trueparent: m.trueparent }, name).toEqual({
        parent: want[name].morphology.parent, trueparent: want[name].morphology.trueparent,
      });
      expect(sec.parentseg()?.toString() ?? null).toBe(want[name].morphology.parent);
      expect(sec.trueparentseg()?.toString() ?? null).toBe(want[name].morphology.trueparent);
    }
  });

  it('walks trees: children, subtree, wholetree, allsec', () => {
    const h = createH({ catalogue });
    const s = buildTree(h);
    // NEURON 8.2.2's order for this tree (by where they attach; the later of two at 0.5 first)
    expect(s.soma.children().map(String)).toEqual(['dend2', 'rev', 'dend3', 'dend1']);
    expect(s.dend1.subtree().map(String)).toEqual(['dend1', 'dend1a', 'dend1b']);
    expect(s.twig.wholetree().map(String).sort()).toEqual(['dend1', 'dend1a', 'dend1b', 'dend2', 'dend3', 'rev', 'soma', 'twig']);
    expect(h.allsec().length).toBe(10);
    expect(s.dend1.allseg().map(String)).toEqual(['dend1(0)', 'dend1(0.1)', 'dend1(0.3)', 'dend1(0.5)', 'dend1(0.7)', 'dend1(0.9)', 'dend1(1)']);
  });

  it('a reversed section\'s 1 end is its parent\'s node', () => {
    const h = createH({ catalogue });
    const s = buildTree(h);
    expect(s.rev(1).node_index()).toBe(s.soma(0.5).node_index());
    expect(s.rev(0).node_index()).toBe(s.twig(0).node_index());
    expect(s.rev(0).area()).toBe(0);
  });

  it('delete_section makes children roots', () => {
    const h = createH({ catalogue });
    const s = buildTree(h);
    h.delete_section({ sec: s.dend1 });
    expect(s.dend1.exists()).toBe(false);
    expect(s.dend1a.parentseg()).toBeNull();
    expect(h.allsec().length).toBe(9);
    expect(h.simulation.topologyText()).toContain('|--|       dend1a(0-1)');
    // (NEURON: "can't access a deleted section")
    expect(() => s.dend1.L).toThrow(/section 'dend1' was deleted/);
    expect(() => s.dend1.nseg).toThrow(/was deleted/);
  });

  it('define_shape turns a disconnected section as NEURON does (it keeps where it was attached)', () => {
    const h = createH({ catalogue });
    const a = h.Section('a');
    const b = h.Section('b');
    b.connect(a(0.5));
    b.L = 50;
    b.disconnect();
    h.define_shape();
    // NEURON 8.2.2 (the second root: z = 100): (0, 0, 100), (-1.0927847142738756e-06, 25, 100), (-2.185569428547751e-06, 50, 100)
    expect(Array.from({ length: b.n3d() }, (_, i) => [b.x3d(i), b.y3d(i), b.z3d(i)]))
      .toEqual([[0, 0, 100], [-1.0927847142738756e-6, 25, 100], [-2.185569428547751e-6, 50, 100]]);
  });

  it('sec.v reads the middle segment and sets every segment, as NEURON\'s', () => {
    const h = createH({ catalogue });
    const s = buildTree(h);
    s.dend1.v = -50;
    expect([...s.dend1].map((seg) => seg.v)).toEqual([-50, -50, -50, -50, -50]);
    s.dend1(0.9).v = -40;
    expect(s.dend1.v).toBe(-50);
    s.dend1(0.5).v = -45;
    expect(s.dend1.v).toBe(-45);
  });
});
