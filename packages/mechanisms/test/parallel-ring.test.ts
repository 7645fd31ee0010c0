// NEURON's "Ball and stick 4" tutorial (a ring network with ParallelContext) as its reader writes
// it, in one process, against NEURON 8.2.2 (references/parallel_ring.py): gids, gid_connect,
// spike_record, set_maxstep and psolve, and the collectives of one process.
import { describe, expect, it } from 'vitest';
import { createH, type H, type NetCon, type Section } from '@neurite/core';
import { defaultCatalogue } from '../src/index.js';
import { loadReference, maxAbsDiff } from './support/reference.js';

class Cell {
  readonly soma: Section;
  readonly dend: Section;
  readonly syn: ReturnType<H['ExpSyn']>;

  constructor(h: H, readonly gid: number) {
    this.soma = h.Section({ name: 'soma', cell: this });
    this.dend = h.Section({ name: 'dend', cell: this });
    this.dend.connect(this.soma);
    this.soma.L = this.soma.diam = 12.6157;
    this.dend.L = 200; this.dend.diam = 1; this.dend.nseg = 5;
    for (const sec of [this.soma, this.dend]) { sec.Ra = 100; sec.cm = 1; }
    this.soma.insert('hh');
    this.dend.insert('pas');
    for (const seg of this.dend) { seg.pas.g = 0.001; seg.pas.e = -65; }
    this.syn = h.ExpSyn(this.dend(0.5));
    this.syn.tau = 2;
  }

  toString(): string {
    return `Cell[${this.gid}]`;
  }
}

describe('ParallelContext in one process (the ring of NEURON\'s Ball and stick 4)', () => {
  it('spikes, traces, psolve\'s steps and the answers of one process as NEURON has them', () => {
    const ref = loadReference('parallel_ring') as ReturnType<typeof loadReference> & { scalars: Record<string, unknown> };
    const h = createH({ catalogue: defaultCatalogue });
    const pc = h.ParallelContext();
    const N = 5;
    const cells: Cell[] = [];
    for (let gid = pc.id(); gid < N; gid += pc.nhost()) {
      pc.set_gid2node(gid, pc.id());
      const cell = new Cell(h, gid);
      pc.cell(gid, h.NetCon(cell.soma(0.5)._ref_v, null, { sec: cell.soma }));
      cells.push(cell);
    }
    const netcons: NetCon[] = cells.map((cell) => {
      const nc = pc.gid_connect((cell.gid - 1 + N) % N, cell.syn);
      nc.weight[0] = 0.05;
      nc.delay = 5;
      return nc;
    });
    const stim = h.NetStim();
    stim.number = 1;
    stim.start = 9;
    const ncstim = h.NetCon(stim, cells[0]!.syn);
    ncstim.delay = 1;
    ncstim.weight[0] = 0.04;
    const tvec = h.Vector();
    const idvec = h.Vector();
    pc.spike_record(-1, tvec, idvec);
    const t = h.Vector().record(h._ref_t);
    const vs = Object.fromEntries(cells.slice(0, 2).map((c) => [`cell${c.gid} soma(0.5).v`, h.Vector().record(c.soma(0.5)._ref_v)]));

    h.dt = 0.025;
    const maxstep = pc.set_maxstep(10);
    h.finitialize(-65);
    pc.psolve(100);
    const tFirst = h.t;
    pc.psolve(100.05);

    expect(t.size()).toBe(ref.t.length);
    expect(maxAbsDiff(t.toArray(), ref.t)).toBe(0);
    for (const [label, v] of Object.entries(vs)) {
      const d = maxAbsDiff(v.toArray(), ref.traces[label]!);
      expect(d, `${label}: max |diff| ${d}`).toBeLessThanOrEqual(1e-6);
    }
    expect(idvec.to_python()).toEqual(ref.spikes['idvec']);
    expect(maxAbsDiff(tvec.toArray(), ref.spikes['tvec']!)).toBeLessThanOrEqual(1e-6);
    const s = ref.scalars;
    expect(maxstep).toBe(s['maxstep']);
    expect(tFirst).toBe(s['t_after_first_psolve']);
    expect(h.t).toBe(s['t_end']);
    expect([pc.id(), pc.nhost()]).toEqual([s['id'], s['nhost']]);
    expect([0, 4, 5].map((g) => pc.gid_exists(g))).toEqual(s['gid_exists']);
    expect(pc.threshold(2)).toBe(s['threshold']);
    expect(netcons.map((nc) => nc.srcgid())).toEqual(s['srcgid']);
    expect(pc.py_allgather(7)).toEqual(s['py_allgather']);
    expect(pc.py_gather(3, 0)).toEqual(s['py_gather']);
    expect(pc.py_broadcast(11, 0)).toBe(s['py_broadcast']);
    expect(pc.py_alltoall([5])).toEqual(s['py_alltoall']);
    expect(pc.allreduce(2.5, 1)).toBe(s['allreduce_sum']);
    expect(String(pc.gid2cell(3))).toBe(s['gid2cell']);
  });

  it('says what is missing: a gid not set here, a source not named, a step larger than the exchange interval', () => {
    const h = createH({ catalogue: defaultCatalogue });
    const pc = h.ParallelContext();
    const cell = new Cell(h, 0);
    const nc = h.NetCon(cell.soma(0.5)._ref_v, null, { sec: cell.soma });
    expect(() => pc.cell(0, nc)).toThrowError('ParallelContext.cell: gid 0 is not on this process: call pc.set_gid2node(0, pc.id()) first');
    pc.set_gid2node(0, pc.id());
    expect(pc.gid_exists(0)).toBe(1);
    expect(() => pc.gid_connect(0, cell.syn)).toThrowError('ParallelContext.gid_connect(0, ...): gid 0 is on this process but has no spike source yet: call pc.cell(0, nc) first');
    pc.cell(0, nc, 0);
    expect(pc.gid_exists(0)).toBe(2);
    expect(() => pc.set_gid2node(-1, 0)).toThrowError(/a gid is a whole number >= 0, got -1/);
    // A gid of no process: its NetCon never fires, and knows its srcgid.
    expect(pc.gid_connect(9, cell.syn).srcgid()).toBe(9);
    pc.set_maxstep(0.01);
    expect(() => pc.psolve(1)).toThrowError(/the step between spike exchanges \(set_maxstep, 0.01 ms\) is less than dt = 0.025 ms/);
  });
});
