import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { shapePlot, shapeSections } from '@neurite/plot';
import { createH } from '../src/index.js';

describe('a reconstructed cell, simulated and drawn as a shape plot', () => {
  it('loads an SWC file, runs, and gives the plot package every section as 3-D polylines coloured by v', () => {
    const swc = readFileSync(fileURLToPath(new URL('../../core/test/fixtures/morphology/cell.swc', import.meta.url)), 'utf8');
    const h = createH();
    const cell = h.loadMorphology(swc, 'cell.swc');
    for (const sec of cell.sections) {
      sec.insert('pas');
      sec.nseg = 3;
    }
    for (const soma of cell.groups.soma) soma.insert('hh');
    const stim = h.IClamp(cell.groups.soma[0](0.5));
    stim.delay = 0; stim.dur = 5; stim.amp = 0.5;
    h.finitialize(-65);
    h.continuerun(2);
    const sections = shapeSections(h.allsec(), (seg) => seg.v);
    expect(sections.map((s) => s.name)).toEqual(cell.sections.map((s) => s.name()));
    const spec = shapePlot(sections, { variable: 'v', unit: 'mV' });
    expect(spec.kind).toBe('neurite-shape');
    for (const sec of cell.sections) {
      const shape = sections.find((s) => s.name === sec.name())!;
      expect(shape.points?.length, sec.name()).toBe(sec.n3d());
      expect(shape.points?.[0], sec.name()).toMatchObject({ x: sec.x3d(0), y: sec.y3d(0), z: sec.z3d(0) });
      expect(shape.values, sec.name()).toEqual([...sec].map((seg) => seg.v));
    }
  });
});
