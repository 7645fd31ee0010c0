import { readFileSync } from 'node:fs';
const M = new URL('../../packages', import.meta.url).pathname;
const { createH } = await import(`${M}/core/dist/index.js`);
const { defaultCatalogue } = await import(`${M}/mechanisms/dist/index.js`);
const specs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ref = JSON.parse(readFileSync(process.argv[3], 'utf8'));
let worst = 0;
specs.forEach((sp, q) => {
  if (!ref[q]) { console.log('no ref', sp.seed); return; }
  const h = createH({ catalogue: defaultCatalogue });
  const soma = h.Section({ name: 'soma' }); soma.L = 20; soma.diam = 20; soma.insert('hh');
  const dend = h.Section({ name: 'dend' }); dend.L = 150; dend.diam = 2; dend.nseg = sp.nseg; dend.insert('hh'); dend.connect(soma(1));
  const stim = h.IClamp(soma(0.5)); stim.delay = 1; stim.dur = 100; stim.amp = sp.amp;
  h.usetable_hh = sp.usetable; h.celsius = sp.celsius; h.steps_per_ms = sp.steps_per_ms; h.dt = sp.dt; h.tstop = sp.tstop; h.v_init = sp.v_init;
  const t = h.Vector().record(h._ref_t); const v = h.Vector().record(dend(0.7)._ref_v); const m = h.Vector().record(soma(0.5).hh._ref_m);
  if (sp.event_t !== null) h.FInitializeHandler(() => h.cvode.event(sp.event_t, () => { stim.amp = sp.event_amp; }));
  if (sp.fih_v !== null) h.FInitializeHandler(1, () => { for (const seg of dend) seg.v = sp.fih_v; });
  try {
    if (sp.mode === 'run') h.run();
    else if (sp.mode === 'continuerun') { h.finitialize(sp.v_init); h.continuerun(sp.tstop); }
    else if (sp.mode === 'stdinit+continuerun') { h.stdinit(); h.continuerun(sp.tstop); }
    else { h.init(); while (h.t < sp.tstop) h.fadvance(); }
    if (sp.celsius2 !== null) { h.celsius = sp.celsius2; h.continuerun(h.t + 5); }
  } catch (e) { console.log('seed', sp.seed, 'neurite error', e.message); return; }
  const r = ref[q][0];
  let d = 0;
  [t, v, m].forEach((vec, j) => { const w = r[j]; if (w.length !== vec.length) { d = Infinity; console.log(' len', j, w.length, vec.length); return; } for (let i = 0; i < w.length; i++) d = Math.max(d, Math.abs(w[i] - vec[i])); });
  if (Math.abs(r[3][0] - h.dt) > 0 || Math.abs(r[3][1] - h.t) > 1e-9) { console.log(' dt/t', r[3], h.dt, h.t); d = Infinity; }
  if (!(d <= 1e-6)) console.log('seed', sp.seed, JSON.stringify(sp), 'max|d|', d);
  worst = Math.max(worst, d);
});
console.log('models', specs.length, 'worst', worst);
