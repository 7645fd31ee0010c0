import { readFileSync } from 'node:fs';
const M = new URL('../../packages', import.meta.url).pathname;
const { createH } = await import(`${M}/core/dist/index.js`);
const { compileMod } = await import(`${M}/nmodl-compiler/dist/index.js`);
const { defaultCatalogue } = await import(`${M}/mechanisms/dist/index.js`);
const plugins = ['cad', 'cahv', 'cat_ghk', 'ka', 'k3st', 'calong', 'capulse', 'hhdi', 'ecaset'].map((f) => compileMod(readFileSync(new URL(`../../packages/mechanisms/test/fixtures/mod/${f}.mod`, import.meta.url), 'utf8'), { filename: `${f}.mod` }).plugin);
const cat = defaultCatalogue.extend(...plugins);
const specs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ref = JSON.parse(readFileSync(process.argv[3], 'utf8'));
let worst = 0;
specs.forEach((sp, q) => {
  if (!ref[q]) { console.log('no ref', sp.seed); return; }
  const h = createH({ catalogue: cat });
  if (sp.cai0) h.cai0_ca_ion = sp.cai0;
  if (sp.cao0) h.cao0_ca_ion = sp.cao0;
  const secs = sp.secs.map((s) => {
    const sec = h.Section({ name: s.name }); sec.L = s.L; sec.diam = s.diam; sec.nseg = s.nseg; sec.Ra = s.Ra;
    for (const m of s.mechs) sec.insert(m);
    for (const seg of sec) {
      if (s.mechs.includes('cahv')) seg.cahv.gbar = s.gcahv;
      if (s.mechs.includes('catg')) seg.catg.pbar = s.pcatg;
      if (s.mechs.includes('ka')) seg.ka.gbar = s.gka;
      if (s.mechs.includes('k3st')) seg.k3st.gbar = s.gk3;
    }
    for (const [ion, st] of s.styles ?? []) h.ion_style(ion, ...st, { sec });
    for (const m of s.uninsert ?? []) sec.uninsert(m);
    for (const m of s.reinsert ?? []) sec.insert(m);
    return sec;
  });
  sp.secs.forEach((s, i) => { if (i > 0) secs[i].connect(secs[s.parent](s.px), s.cx); });
  for (const [i, ns] of sp.renseg) secs[i].nseg = ns;
  for (const st of sp.stims) { const c = h.IClamp(secs[st.sec](st.x)); c.delay = st.delay; c.dur = st.dur; c.amp = st.amp; }
  const vecs = sp.rec.map((r) => { const seg = secs[r.sec](r.x); let ref; try { ref = seg['_ref_' + r.var]; } catch { ref = undefined; } return h.Vector().record(ref ?? seg._ref_v); });
  h.dt = sp.dt; h.secondorder = sp.secondorder; h.celsius = sp.celsius;
  try { h.finitialize(sp.v_init); h.continuerun(sp.tstop); } catch (e) { console.log('seed', sp.seed, 'neurite error', e.message); return; }
  let d = 0, rel = 0;
  vecs.forEach((v, j) => { const w = ref[q][0][j]; if (w.length !== v.length) { d = Infinity; return; } let big = 0; for (let i = 0; i < w.length; i++) { d = Math.max(d, Math.abs(w[i] - v[i])); big = Math.max(big, Math.abs(w[i])); } const dd = Math.max(...w.map((x, i) => Math.abs(x - v[i]))); rel = Math.max(rel, dd / Math.max(big, 1e-300)); });
  if (d > 1e-6 || rel > 1e-8) { console.log('seed', sp.seed, 'max|d|', d, 'rel', rel); if (process.env.DETAIL) vecs.forEach((v, j) => { const w = ref[q][0][j]; for (let i = 0; i < w.length; i++) if (Math.abs(w[i] - v[i]) > 1e-9 * Math.max(1e-12, Math.abs(w[i]))) { console.log(' trace', j, JSON.stringify(sp.rec[j]), 'step', i, w[i], v[i]); break; } }); }
  worst = Math.max(worst, d);
});
console.log('models', specs.length, 'worst', worst);
