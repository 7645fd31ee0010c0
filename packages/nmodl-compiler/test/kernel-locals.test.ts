import { describe, expect, it } from 'vitest';
import { compileMod } from '../src/index.js';
import { ctx, field, global, makeInstances } from './helpers.js';

/**
 * Kernels keep an instance's fields, v and the GLOBALs in locals while they run. These mechanisms
 * share variables between the kernels and their PROCEDUREs and FUNCTIONs in every way the
 * generated code has to get right; the expected values are worked out by hand from NMODL's
 * semantics (statements run in order, on shared variables).
 */
function compile(text: string) {
  const r = compileMod(text, { filename: 'locals.mod' });
  if (!r.plugin) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.plugin;
}

describe('kernel locals', () => {
  it('a PROCEDURE sees the fields and v the kernel assigned before the call, and the kernel sees what it assigned', () => {
    const mech = compile(`
      NEURON { SUFFIX shr RANGE a, b, c, w }
      PARAMETER { w = 2 }
      ASSIGNED { a b c v (mV) }
      INITIAL {
        a = 3
        twice()
        c = b + a
        a = c * w
      }
      PROCEDURE twice() { b = 2 * a + v }
    `);
    const { m, nodes } = makeInstances(mech, 2);
    nodes.v[0] = 10;
    nodes.v[1] = -1;
    mech.createKernels().init(m, nodes, ctx());
    // b = 2*3 + v; c = b + 3; a = c * 2
    expect(Array.from(field(mech, m, 'b'))).toEqual([16, 5]);
    expect(Array.from(field(mech, m, 'c'))).toEqual([19, 8]);
    expect(Array.from(field(mech, m, 'a'))).toEqual([38, 16]);
  });

  it('a value read before it is assigned is the stored one, also when assigned only in a branch', () => {
    const mech = compile(`
      NEURON { SUFFIX ord RANGE x, y, z, s }
      ASSIGNED { x y z s }
      INITIAL {
        x = x + 1
        if (s > 0) { y = 5 }
        z = y + x
      }
    `);
    const { m, nodes } = makeInstances(mech, 2);
    field(mech, m, 'x').set([10, 20]);
    field(mech, m, 'y').set([7, 8]);
    field(mech, m, 's').set([1, 0]);
    mech.createKernels().init(m, nodes, ctx());
    expect(Array.from(field(mech, m, 'x'))).toEqual([11, 21]);
    expect(Array.from(field(mech, m, 'y'))).toEqual([5, 8]);
    expect(Array.from(field(mech, m, 'z'))).toEqual([16, 29]);
  });

  it("GLOBALs set per instance keep the last instance's value, and a FUNCTION reading one sees the current value", () => {
    const mech = compile(`
      NEURON { SUFFIX glo RANGE r, q GLOBAL g, h }
      ASSIGNED { r q g h v (mV) }
      INITIAL {
        g = v * 2
        r = peek()
        h = g + 1
        q = h
      }
      FUNCTION peek() { peek = g }
    `);
    const { m, nodes } = makeInstances(mech, 3);
    nodes.v.set([1, 2, 3]);
    mech.createKernels().init(m, nodes, ctx());
    expect(Array.from(field(mech, m, 'r'))).toEqual([2, 4, 6]);
    expect(Array.from(field(mech, m, 'q'))).toEqual([3, 5, 7]);
    expect(global(mech, m, 'g')).toBe(6);
    expect(global(mech, m, 'h')).toBe(7);
  });

  it('a TABLE procedure looked up inline, with usetable 1 and 0, and its outputs read after the call', () => {
    const text = `
      NEURON { SUFFIX tab RANGE out GLOBAL inf }
      ASSIGNED { out inf v (mV) }
      INITIAL {
        rates(v)
        out = inf * 10
      }
      PROCEDURE rates(x (mV)) {
        TABLE inf FROM -10 TO 10 WITH 20
        inf = x * x
      }
    `;
    const mech = compile(text);
    const run = (usetable: number, v: number[]): Float64Array => {
      const { m, nodes } = makeInstances(mech, v.length);
      nodes.v.set(v);
      m.globals[mech.globals.findIndex((g) => g.name === 'usetable')] = usetable;
      mech.createKernels().init(m, nodes, ctx());
      expect(global(mech, m, 'inf')).toBe(usetable ? Math.min(100, (v.at(-1)! ** 2)) : v.at(-1)! ** 2);
      return field(mech, m, 'out');
    };
    // On the grid the table is exact; between points it interpolates (0.5 -> between 0 and 1);
    // outside it holds the end values.
    expect(Array.from(run(1, [3, 0.5, 20]))).toEqual([90, 5, 1000]);
    expect(Array.from(run(0, [3, 0.5, 20]))).toEqual([90, 2.5, 4000]);
  });
});
