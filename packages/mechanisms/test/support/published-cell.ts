// The published L5PC cell (Hay et al. 2011, ModelDB 139653) built with neurite's API, shared by
// published-cell.test.ts and run-published-cell.ts (the same run outside the test, to time or
// profile it). The model's files are not part of this repository: see
// references/published_cell/README.md.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { H, Section, Segment } from '@neurite/core';
import { compileMod, formatDiagnostic } from '@neurite/nmodl-compiler';

/** The morphology the published model of Fig. 4 uses, inside the model's folder. */
export const MORPHOLOGY = 'morphologies/cell1.asc';

/** What neuron_run.py recorded, with the protocol it ran. */
export interface PublishedReference {
  dt: number;
  tstop: number;
  v_init: number;
  celsius: number;
  secondorder: number;
  iclamp: { sec: string; x: number; delay: number; dur: number; amp: number };
  threshold: number;
  sites: Record<string, string>;
  spikes: Record<string, number[]>;
  sections: {
    name: string; parent: string | null; nseg: number; L: number; Ra: number;
    cm: number[]; diam: number[]; area: number[]; ri: number[]; distance: number[];
  }[];
  densities: Record<string, Record<string, number[]>>;
  t: number[];
  traces: Record<string, number[]>;
}

/** Every .mod file of the model, compiled by our compiler. */
export function compileModel(dir: string) {
  return readdirSync(join(dir, 'mod')).filter((f) => f.endsWith('.mod')).sort().map((f) => {
    const text = readFileSync(join(dir, 'mod', f), 'utf8');
    const r = compileMod(text, { filename: f });
    if (!r.plugin) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, { filename: f, source: text })).join('\n'));
    return r.plugin;
  });
}

/** The segments of a section, in arc order. */
export function segments(sec: Section): Segment[] {
  return Array.from({ length: sec.nseg }, (_, j) => sec((j + 0.5) / sec.nseg));
}

/** What `sprint("%-5.10f", x)` then hoc's parser make of x. */
function hocFixed10(x: number): number {
  return Number(x.toFixed(10));
}

/**
 * L5PCtemplate.distribute_channels("apic", "<field>_<mech>", type, a, b, c, d, base) with
 * calculate_distribution. Its getLongestBranch("apic") runs `apic distance()`, so the distances
 * are measured from apic[0](0), not from the soma; the values pass through
 * `sprint("%s(%-5.10f) = %-5.10f")` and `execute`, hence 10 decimals; `for (x)` visits 0, the
 * segment centres and 1, so the last segment gets the value at x = 1.
 */
function distribute(h: H, apical: Section[], mech: string, field: string, type: number,
  a: number, b: number, c: number, d: number, base: number): void {
  h.distance(0, apical[0](0));
  let maxLength = 0;
  for (const sec of apical) {
    if (sec.children().length === 0) maxLength = Math.max(maxLength, h.distance(sec(1)));
  }
  for (const sec of apical) {
    const xs = [0, ...Array.from({ length: sec.nseg }, (_, j) => (j + 0.5) / sec.nseg), 1];
    for (const x of xs) {
      const dist = type === 3 ? h.distance(sec(x)) : h.distance(sec(x)) / maxLength;
      let value = 0;
      if (type === 0) value = a + dist * b;
      if (type === 1) value = a + b / (1 + Math.exp((dist - c) / d));
      if (type === 2) value = a + d * Math.exp(b * (dist - c));
      if (type === 3) value = dist > c && dist < d ? a : b;
      value = value * base;
      sec(hocFixed10(x)).mech(mech)[field] = hocFixed10(value);
    }
  }
}

/** L5PCtemplate(cell1.asc) with L5PCbiophys3, written with neurite's API. */
export function buildCell(h: H, ascText: string) {
  const cell = h.loadMorphology(ascText, 'cell1.asc');
  const soma = cell.byName['soma[0]'];
  // geom_nseg
  for (const sec of cell.sections) sec.nseg = 1 + 2 * Math.floor(sec.L / 40);
  // delete_axon: the reconstructed axon is replaced by two 30 um sections of 1 um
  for (const sec of cell.groups.axon ?? []) h.delete_section(sec);
  const axon = [h.Section({ name: 'axon[0]' }), h.Section({ name: 'axon[1]' })];
  for (const sec of axon) {
    sec.L = 30;
    sec.diam = 1;
    sec.nseg = 1 + 2 * Math.floor(sec.L / 40);
  }
  axon[0].connect(soma(0.5));
  axon[1].connect(axon[0](1));
  const somatic = cell.groups.soma;
  const basal = cell.groups.dend;
  const apical = cell.groups.apic;
  const all = [...cell.sections.filter((s) => s.exists()), ...axon];
  const setIons = (sec: Section) => {
    for (const seg of segments(sec)) {
      seg.ek = -85;
      seg.ena = 50;
    }
  };
  // L5PCbiophys3.biophys; section-wide range variables of compiled mechanisms are untyped
  const g = (sec: Section) => sec as unknown as Record<string, number>;
  for (const sec of all) {
    sec.insert('pas');
    sec.cm = 1;
    sec.Ra = 100;
    g(sec).e_pas = -90;
  }
  for (const sec of somatic) {
    for (const m of ['Ca_LVAst', 'Ca_HVA', 'SKv3_1', 'SK_E2', 'K_Tst', 'K_Pst', 'Nap_Et2', 'NaTa_t', 'CaDynamics_E2', 'Ih']) sec.insert(m);
    setIons(sec);
    Object.assign(g(sec), {
      gIhbar_Ih: 0.0002, g_pas: 0.0000338, decay_CaDynamics_E2: 460.0, gamma_CaDynamics_E2: 0.000501,
      gCa_LVAstbar_Ca_LVAst: 0.00343, gCa_HVAbar_Ca_HVA: 0.000992, gSKv3_1bar_SKv3_1: 0.693,
      gSK_E2bar_SK_E2: 0.0441, gK_Tstbar_K_Tst: 0.0812, gK_Pstbar_K_Pst: 0.00223,
      gNap_Et2bar_Nap_Et2: 0.00172, gNaTa_tbar_NaTa_t: 2.04,
    });
  }
  for (const sec of apical) {
    sec.cm = 2;
    for (const m of ['Ih', 'SK_E2', 'Ca_LVAst', 'Ca_HVA', 'SKv3_1', 'NaTa_t', 'Im', 'CaDynamics_E2']) sec.insert(m);
    setIons(sec);
    Object.assign(g(sec), {
      decay_CaDynamics_E2: 122, gamma_CaDynamics_E2: 0.000509, gSK_E2bar_SK_E2: 0.0012,
      gSKv3_1bar_SKv3_1: 0.000261, gNaTa_tbar_NaTa_t: 0.0213, gImbar_Im: 0.0000675, g_pas: 0.0000589,
    });
  }
  distribute(h, apical, 'Ih', 'gIhbar', 2, -0.8696, 3.6161, 0.0, 2.0870, 0.00020000000);
  distribute(h, apical, 'Ca_LVAst', 'gCa_LVAstbar', 3, 1.000000, 0.010000, 685.000000, 885.000000, 0.0187000000);
  distribute(h, apical, 'Ca_HVA', 'gCa_HVAbar', 3, 1.000000, 0.100000, 685.000000, 885.000000, 0.0005550000);
  for (const sec of basal) {
    sec.cm = 2;
    sec.insert('Ih');
    Object.assign(g(sec), { gIhbar_Ih: 0.0002, g_pas: 0.0000467 });
  }
  for (const sec of axon) g(sec).g_pas = 0.0000325;
  const byName: Record<string, Section> = {};
  for (const sec of all) byName[sec.name()] = sec;
  return { soma, all, apical, byName };
}

/** The reference run's settings (dt, celsius, secondorder) and its somatic current step. */
export function applyProtocol(h: H, byName: Record<string, Section>, ref: PublishedReference): void {
  h.dt = ref.dt;
  h.celsius = ref.celsius;
  h.secondorder = ref.secondorder;
  const stim = h.IClamp(byName[ref.iclamp.sec]!(ref.iclamp.x));
  stim.delay = ref.iclamp.delay;
  stim.dur = ref.iclamp.dur;
  stim.amp = ref.iclamp.amp;
}
