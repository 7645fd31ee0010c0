// NEURON's "Ball and stick" tutorials (parts 2 and 3) as their readers write them: cell objects
// whose sections share their names (`h.Section({ name: 'soma', cell })`), shaped by define_shape,
// rotated and moved point by point, in a ring of NetCons. Against NEURON 8.2.2
// (references/ball_and_stick.py).
import { describe, expect, it } from 'vitest';
import { createH, type H, type NetCon, type Section, type Vector } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff } from './support/reference.js';

interface Geometry { L: number; pts3d: number[][]; area: number[]; ri: number[]; diam: number[] }

class BallAndStick {
  readonly soma: Section;
  readonly dend: Section;
  readonly all: Section[];
  readonly syn: ReturnType<H['ExpSyn']>;
  readonly spikeDetector: NetCon;
  readonly spikeTimes: Vector;
  x = 0;
  y = 0;
  z = 0;

  constructor(readonly h: H, readonly gid: number, x: number, y: number, z: number, theta: number) {
    this.soma = h.Section({ name: 'soma', cell: this });
    this.dend = h.Section({ name: 'dend', cell: this });
    this.dend.connect(this.soma);
    this.soma.L = this.soma.diam = 12.6157;
    this.dend.L = 200; this.dend.diam = 1; this.dend.nseg = 5;
    this.all = this.soma.wholetree();
    for (const sec of this.all) { sec.Ra = 100; sec.cm = 1; }
    this.soma.insert('hh');
    this.dend.insert('pas');
    for (const seg of this.dend) { seg.pas.g = 0.001; seg.pas.e = -65; }
    this.syn = h.ExpSyn(this.dend(0.5));
    this.syn.tau = 2;
    h.define_shape();
    this.rotateZ(theta);
    this.setPosition(x, y, z);
    this.spikeDetector = h.NetCon(this.soma(0.5)._ref_v, null, { sec: this.soma });
    this.spikeTimes = h.Vector();
    this.spikeDetector.record(this.spikeTimes);
  }

  toString(): string {
    return `BallAndStick[${this.gid}]`;
  }

  setPosition(x: number, y: number, z: number): void {
    for (const sec of this.all) {
      for (let i = 0; i < sec.n3d(); i++) {
        sec.pt3dchange(i, x - this.x + sec.x3d(i), y - this.y + sec.y3d(i), z - this.z + sec.z3d(i), sec.diam3d(i));
      }
    }
    this.x = x; this.y = y; this.z = z;
  }

  rotateZ(theta: number): void {
    const c = Math.cos(theta), s = Math.sin(theta);
    for (const sec of this.all) {
      for (let i = 0; i < sec.n3d(); i++) {
        const x = sec.x3d(i), y = sec.y3d(i);
        sec.pt3dchange(i, x * c - y * s, x * s + y * c, sec.z3d(i), sec.diam3d(i));
      }
    }
  }
}

function geometry(sec: Section): Geometry {
  return {
    L: sec.L,
    pts3d: Array.from({ length: sec.n3d() }, (_, i) => [sec.x3d(i), sec.y3d(i), sec.z3d(i), sec.diam3d(i)]),
    area: [...sec].map((seg) => seg.area()),
    ri: [...sec].map((seg) => seg.ri()),
    diam: [...sec].map((seg) => seg.diam),
  };
}

describe('ball-and-stick ring (NEURON tutorial) against NEURON 8.2.2', () => {
  const ref = loadReference('ball_and_stick');
  const lines: string[] = [];
  const h = createH({ catalogue: defaultCatalogue, print: (text) => lines.push(text) });
  const N = 5, R = 50;
  const cells = Array.from({ length: N }, (_, i) =>
    new BallAndStick(h, i, Math.cos((i * 2 * Math.PI) / N) * R, Math.sin((i * 2 * Math.PI) / N) * R, 0, (i * 2 * Math.PI) / N));
  cells.forEach((source, i) => {
    const nc = h.NetCon(source.soma(0.5)._ref_v, cells[(i + 1) % N].syn, { sec: source.soma });
    nc.weight[0] = 0.01; nc.delay = 5;
  });
  const stim = h.NetStim();
  stim.number = 1; stim.start = 9;
  const ncstim = h.NetCon(stim, cells[0].syn);
  ncstim.delay = 1; ncstim.weight[0] = 0.04;

  const trunk = h.Section({ name: 'trunk' });
  trunk.L = 50; trunk.diam = 3; trunk.nseg = 3;
  const branches = [0, 1, 2].map((k) => {
    const b = h.Section({ name: `branch${k}` });
    b.L = 30 + 10 * k; b.diam = 1 + 0.5 * k; b.nseg = 1 + 2 * k;
    b.connect(trunk(1));
    return b;
  });
  const side = h.Section({ name: 'side' });
  side.L = 25; side.diam = 0.7;
  side.connect(trunk(0.5));
  const back = h.Section({ name: 'back' });
  back.L = 40; back.diam = 1.3; back.nseg = 2;
  back.connect(trunk(0.3), 1);
  const twig = h.Section({ name: 'twig' });
  twig.L = 10; twig.diam = 0.5;
  twig.connect(back(0));
  h.define_shape();

  it('names the sections after their cells, as topology() and psection() show', () => {
    expect(cells[2].dend.name()).toBe('BallAndStick[2].dend');
    expect(cells[2].dend.cell()).toBe(cells[2]);
    expect(cells[2].soma.psection().cell).toBe(cells[2]);
    h.topology();
    expect(lines.join('\n')).toBe(ref.topology as string);
  });

  it('shapes stylized sections, fans out siblings, and measures L from moved points as NEURON', () => {
    const want = ref.geometry as Record<string, Geometry>;
    const secs = [cells[0].soma, cells[0].dend, cells[3].soma, cells[3].dend, trunk, ...branches, side, back, twig];
    for (const sec of secs) {
      const w = want[sec.name()];
      const got = geometry(sec);
      expect(got.L, `${sec.name()}.L`).toBe(w.L);
      expect(got.pts3d, `${sec.name()} 3-D points`).toEqual(w.pts3d);
      for (const k of ['area', 'ri', 'diam'] as const) {
        const d = maxAbsDiff(got[k], w[k]);
        expect(d, `${sec.name()} ${k}: ${d}`).toBeLessThanOrEqual(1e-9 * Math.max(...w[k].map(Math.abs)));
      }
    }
  });

  it('gives each cell its own spike detector: the same spikes (1e-6 ms) and traces (1e-6 mV)', () => {
    const t = h.Vector().record(h._ref_t);
    const rec: Record<string, Vector> = {
      'BallAndStick[0].soma(0.5).v': h.Vector().record(cells[0].soma(0.5)._ref_v),
      'BallAndStick[0].dend(0.5).v': h.Vector().record(cells[0].dend(0.5)._ref_v),
      'BallAndStick[3].soma(0.5).v': h.Vector().record(cells[3].soma(0.5)._ref_v),
    };
    h.dt = 0.025;
    h.finitialize(-65);
    h.continuerun(60);
    expect(t.size()).toBe(ref.t.length);
    for (const [k, vec] of Object.entries(rec)) {
      const d = maxAbsDiff(vec.toArray(), ref.traces[k]);
      expect(d, `${k}: ${d}`).toBeLessThanOrEqual(1e-6);
    }
    for (const c of cells) {
      const want = ref.spikes[String(c)];
      expect(want.length).toBeGreaterThan(0);
      expect(c.spikeTimes.size(), String(c)).toBe(want.length);
      expect(maxAbsDiff(c.spikeTimes.toArray(), want)).toBeLessThanOrEqual(1e-6);
    }
  });
});
