// What V8 compiles before scripts/code-cache/write.mjs saves it: the paths a typical use of
// neurite takes, so that their functions are in the caches. Run by write.mjs with
// NEURITE_CODE_CACHE=write; it only exercises the packages, whatever it computes is dropped.
// With --check it only loads them and prints which scripts came from their caches.
//
// The tutorial (sections, hh, an IClamp, recording, the run, the writers and readers), cells
// with several sections and synapses driven by events, the second-order method, and compiling
// .mod files of each kind (a channel with TABLEs, a point process with NET_RECEIVE, a KINETIC
// scheme) to mechanisms that run.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
// A package not built (a filtered build) is left out.
const variant = async (pkg, entry) => {
  const file = join(root, 'packages', pkg, 'dist', `${entry}.node.js`);
  return existsSync(file) ? import(pathToFileURL(file).href) : null;
};

const { createH } = await variant('neurite', 'index');
const io = await variant('io', 'node');
await variant('io', 'index');
const compiler = await variant('nmodl-compiler', 'index');
const compilerNode = await variant('nmodl-compiler', 'node');
await variant('neurite', 'units');
await variant('core', 'abi');

// --check: only load them, and print which scripts came from their caches (write.mjs).
if (process.argv.includes('--check')) {
  console.log(JSON.stringify(globalThis[Symbol.for('neurite.codeCache')]));
  process.exit(0);
}

// The tutorial, as the README runs it.
const h = createH();
h.load_file('stdrun.hoc');
const soma = h.Section({ name: 'soma' });
soma.psection();
soma.L = 20;
soma.diam = 20;
soma.insert('hh');
for (const sec of h.allsec()) for (const seg of sec) for (const mech of seg) mech.name();
void soma(0.5).hh.gkbar;
const iclamp = h.IClamp(soma(0.5));
iclamp.delay = 2;
iclamp.dur = 0.1;
iclamp.amp = 0.9;
soma.psection();
const v = h.Vector().record(soma(0.5)._ref_v);
const t = h.Vector().record(h._ref_t);
h.finitialize(-65);
h.continuerun(40);
v.max();

const dir = mkdtempSync(join(tmpdir(), 'neurite-warmup-'));
if (io) try {
  const data = { t, v };
  io.saveCsv(join(dir, 'data.csv'), data);
  io.saveJson(join(dir, 'data.json'), data, { indent: 4 });
  io.savePickle(join(dir, 'data.p'), data);
  io.loadCsv(join(dir, 'data.csv'), { names: ['t', 'v'] });
  io.loadJson(join(dir, 'data.json'));
  io.loadPickle(join(dir, 'data.p'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// A small network: two cells of three sections, synapses driven by NetStim and by spikes.
{
  const n = createH();
  const cells = [0, 1].map((i) => {
    const s = n.Section({ name: `soma${i}` });
    const d = n.Section({ name: `dend${i}` });
    const a = n.Section({ name: `axon${i}` });
    d.connect(s(1));
    a.connect(s(0));
    s.L = s.diam = 20;
    d.L = 200; d.diam = 1; d.nseg = 11;
    a.L = 100; a.diam = 0.5; a.nseg = 5;
    for (const sec of [s, d, a]) sec.Ra = 100;
    s.insert('hh');
    a.insert('hh');
    d.insert('pas');
    return { s, d };
  });
  n.topology();
  const stim = n.NetStim();
  stim.number = 5; stim.interval = 5; stim.start = 1;
  const syn = n.ExpSyn(cells[0].d(0.5));
  const nc = n.NetCon(stim, syn);
  nc.weight[0] = 0.05;
  const syn2 = n.Exp2Syn(cells[1].d(0.9));
  const link = n.NetCon(cells[0].s(0.5)._ref_v, syn2, { sec: cells[0].s });
  link.threshold = -20; link.delay = 1; link.weight[0] = 0.02;
  const spikes = n.Vector();
  link.record(spikes);
  n.Vector().record(cells[1].s(0.5)._ref_v);
  n.secondorder = 2;
  n.finitialize(-65);
  n.continuerun(30);
  n.secondorder = 0;
  n.finitialize(-65);
  n.run();
}

// Compiling .mod files at run time and running what they give.
{
  const mod = (name) => readFileSync(join(root, 'packages', 'mechanisms', 'mod', name), 'utf8');
  const kinetic = `NEURON { SUFFIX warm_kin USEION ca READ cai WRITE ica RANGE gbar }
UNITS { (mA) = (milliamp) (mV) = (millivolt) (mM) = (milli/liter) }
PARAMETER { gbar = 0.001 (S/cm2) kf = 0.1 (/ms) kb = 0.05 (/ms) }
ASSIGNED { v (mV) ica (mA/cm2) cai (mM) }
STATE { c o i }
BREAKPOINT { SOLVE kin METHOD sparse ica = gbar * o * (v - 120) }
INITIAL { SOLVE kin STEADYSTATE sparse }
KINETIC kin { ~ c <-> o (kf * exp(v / 20), kb) ~ o <-> i (kb, kf * cai) CONSERVE c + o + i = 1 }
`;
  const n = createH();
  const s = n.Section({ name: 'cell' });
  s.nseg = 3;
  for (const [name, text] of [['hh.mod', mod('hh.mod').replace(/SUFFIX hh/, 'SUFFIX warm_hh')], ['ExpSyn.mod', mod('ExpSyn.mod').replace(/POINT_PROCESS ExpSyn/, 'POINT_PROCESS WarmSyn')], ['kin.mod', kinetic]]) {
    const result = compiler.compileMod(text, { filename: name });
    if (!result.plugin) throw new Error(`${name} did not compile: ${result.diagnostics.map((d) => d.message).join('; ')}`);
    n.compile(text, { filename: name });
  }
  const dirOfMods = join(root, 'packages', 'mechanisms', 'mod');
  compiler.compileMod(mod('pas.mod'), { filename: join(dirOfMods, 'pas.mod'), include: compilerNode.fileIncludes(join(dirOfMods, 'pas.mod')) });
  compiler.compileMod('NEURON { SUFFIX broken RANGE }', { filename: 'broken.mod' }).diagnostics.map((d) => compiler.formatDiagnostic(d, { filename: 'broken.mod', source: 'NEURON { SUFFIX broken RANGE }' }));
  s.insert('warm_hh');
  s.insert('warm_kin');
  const syn = n.WarmSyn(s(0.5));
  const stim = n.NetStim();
  stim.number = 2;
  n.NetCon(stim, syn).weight[0] = 0.01;
  n.finitialize(-65);
  n.continuerun(10);
}
