import { readFileSync } from 'node:fs';
const M = new URL('../../packages', import.meta.url).pathname;
const { createH } = await import(`${M}/core/dist/index.js`);
const { defaultCatalogue } = await import(`${M}/mechanisms/dist/index.js`);
const specs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ref = JSON.parse(readFileSync(process.argv[3], 'utf8'));
specs.forEach((sp, q) => {
  if (!ref[q]) { console.log('no ref', sp.seed); return; }
  const h = createH({ catalogue: defaultCatalogue });
  const soma = h.Section({ name: 'soma' }); soma.L = 20; soma.diam = 20; soma.insert('hh'); soma.insert('pas');
  const dend = h.Section({ name: 'dend' }); dend.L = 100; dend.diam = 2; dend.nseg = 3; dend.insert('pas'); dend.connect(soma(1));
  const stim = h.IClamp(soma(0.5)); stim.delay = 0; stim.dur = 1e9; stim.amp = 0;
  let vals = [...sp.vals]; const times = [...sp.times]; let r;
  const tg = sp.target;
  if (tg === 'amp') r = stim._ref_amp;
  else if (tg === 'gpas') { r = dend(0.5).pas._ref_g; vals = vals.map((x) => Math.abs(x) * 1e-3); }
  else if (tg === 'v') { r = dend(0.5)._ref_v; vals = vals.map((x) => -65 + 20 * x); }
  else if (tg === 'e_pas') { r = dend(0.5).pas._ref_e; vals = vals.map((x) => -70 + 30 * x); }
  else { r = soma(0.5).hh._ref_gnabar; vals = vals.map((x) => Math.abs(x) * 0.2); }
  if (sp.tform === 'vec') { const m = Math.min(vals.length, times.length); h.Vector(vals.slice(0, m)).play(r, h.Vector(times.slice(0, m)), sp.cont); }
  else h.Vector(vals).play(r, sp.tdt, sp.cont);
  const recs = [soma(0.5)._ref_v, dend(0.9)._ref_v, r];
  const vecs = recs.map((x) => (sp.recdt ? h.Vector().record(x, sp.recdt) : h.Vector().record(x)));
  h.dt = sp.dt; h.secondorder = sp.so;
  try { h.finitialize(-65); h.continuerun(sp.tstop); } catch (e) { console.log('seed', sp.seed, 'error', e.message); return; }
  let d = 0;
  vecs.forEach((v, j) => { const w = ref[q][0][j]; if (w.length !== v.length) { d = Infinity; console.log(' len', j, w.length, v.length); return; } for (let i = 0; i < w.length; i++) d = Math.max(d, Math.abs(w[i] - v[i])); });
  if (!(d <= 1e-6)) { console.log('seed', sp.seed, JSON.stringify(sp), 'max|d|', d); if (process.env.DETAIL) vecs.forEach((v, j) => { const w = ref[q][0][j]; for (let i = 0; i < Math.min(w.length, v.length); i++) if (Math.abs(w[i] - v[i]) > 1e-9) { console.log('  trace', j, 'sample', i, w.slice(Math.max(0, i - 2), i + 3), [...v].slice(Math.max(0, i - 2), i + 3)); break; } }); }
});
console.log('models', specs.length);
