// The hh cable in neurite: the same binary tree of sections with nseg 10 as bench/neuron/cable.py,
// IClamps at 10 sites, v recorded there. Prints the time of finitialize + continuerun, memory, and
// the final v at the sites.
import { performance } from 'node:perf_hooks';
import { args, emit, rssBytes, timed } from './common.mjs';

const a = args();
const ncomp = Number(a.ncomp ?? 1000);
// --mech pas or none: the same tree with another membrane (the solver's share alone with none)
const mech = a.mech ?? 'hh';
const secondorder = Number(a.secondorder ?? 0);
const tstop = Number(a.tstop ?? 100);

const rss0 = rssBytes();
const { createH } = await import('neurite');
const h = createH();
const rssLoaded = rssBytes();
const heapLoaded = process.memoryUsage().heapUsed;
const tBuild = performance.now();

const NSEG = 10;
const nsec = Math.floor(ncomp / NSEG);
const secs = [];
for (let i = 0; i < nsec; i++) {
  const s = h.Section({ name: `sec${i}` });
  s.L = 50;
  s.diam = 1;
  s.Ra = 100;
  s.nseg = NSEG;
  if (mech !== 'none') s.insert(mech);
  if (i > 0) s.connect(secs[(i - 1) >> 1](1));
  secs.push(s);
}

const sites = Array.from({ length: 10 }, (_, k) => secs[Math.floor((k * nsec) / 10)]);
const stims = [];
const recs = [];
sites.forEach((s, k) => {
  const st = h.IClamp(s(0.5));
  st.delay = 1 + 10 * k;
  st.dur = 1;
  st.amp = 0.5;
  stims.push(st);
  recs.push(h.Vector().record(s(0.5)._ref_v));
});

h.dt = 0.025;
h.secondorder = secondorder;
const buildS = (performance.now() - tBuild) / 1000;

const init = timed(() => h.finitialize(-65));
const rssInit = rssBytes(); // outside the timed span: it collects garbage first
const heapInit = process.memoryUsage().heapUsed; // (the JavaScript heap's share of it)
const rest = timed(() => h.continuerun(tstop));
const simS = init.s + rest.s;
const simCpuS = init.cpu + rest.cpu;

emit({
  sim: 'neurite', model: 'cable', ncomp: nsec * NSEG, secondorder, mech,
  sim_s: simS, sim_cpu_s: simCpuS, build_s: buildS, steps: Math.round(h.t / h.dt),
  rss_baseline: rssLoaded, rss_model: rssInit, rss_start: rss0, heap_baseline: heapLoaded, heap_model: heapInit,
  v_final: recs.map((r) => r[r.size() - 1]),
  v_max: recs.map((r) => r.max()),
  samples: recs[0].size(),
});
