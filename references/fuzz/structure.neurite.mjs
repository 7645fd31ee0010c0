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
  const secs = sp.secs.map((s) => { const sec = h.Section({ name: s.name }); sec.L = s.L; sec.diam = s.diam; sec.nseg = s.nseg; sec.Ra = s.Ra; sec.cm = s.cm; for (const m of s.mechs) sec.insert(m); return sec; });
  sp.secs.forEach((s, i) => { if (i > 0) secs[i].connect(secs[s.parent](s.px), s.cx); });
  sp.secs.forEach((s, i) => { if (s.pt3d && s.pt3d.length >= 2) { const sec = secs[i]; const pts = [...s.pt3d].sort((a, b) => a[0] - b[0] || a[1] - b[1]); sec.pt3dclear(); pts.forEach(([f, d], k) => sec.pt3dadd(f * s.L, k * 0.5, 0, d)); } });
  const pps = [];
  for (const p of sp.pps) {
    const pp = h[p.type](secs[p.sec](p.x));
    if (p.type === 'IClamp') { pp.delay = 1; pp.dur = 10; pp.amp = 0.3; }
    else if (p.type === 'SEClamp') { pp.dur1 = 3; pp.amp1 = -40; pp.rs = 2; }
    else { const ns = h.NetStim(); ns.start = 1; ns.number = 3; ns.interval = 2; const nc = h.NetCon(ns, pp); nc.weight[0] = 0.01; }
    pps.push(pp);
  }
  const vecs = sp.rec.map((r) => h.Vector().record(secs[r.sec](r.x)._ref_v));
  h.dt = sp.dt; h.secondorder = sp.secondorder;
  try {
    h.finitialize(-65); h.continuerun(sp.t1);
    for (const c of sp.changes) {
      const sec = secs[c.sec];
      if (c.kind === 'amp') { for (const p of pps) if (p.hname().startsWith('IClamp')) p.amp = c.value; }
      else if (c.kind === 'gnabar') { if (sp.secs[c.sec].mechs.includes('hh')) for (const seg of sec) seg.hh.gnabar = c.value; }
      else sec[c.kind] = c.value;
    }
    if (sp.reinit) h.finitialize(-65);
    h.continuerun(sp.tstop);
  } catch (e) { console.log('seed', sp.seed, 'neurite error', e.message); return; }
  let d = 0;
  vecs.forEach((v, j) => { const w = ref[q][0][j]; if (w.length !== v.length) { d = Infinity; console.log(" length", j, w.length, v.length); return; } for (let i = 0; i < w.length; i++) d = Math.max(d, Math.abs(w[i] - v[i])); });
  if (!(d <= 1e-6)) { console.log('seed', sp.seed, 'max|dv|', d); if (process.env.DETAIL) vecs.forEach((v, j) => { const w = ref[q][0][j]; for (let i = 0; i < w.length; i++) if (Math.abs(w[i] - v[i]) > 1e-9) { console.log(' trace', j, JSON.stringify(sp.rec[j]), 'step', i, 't', i * sp.dt, w[i], v[i]); break; } }); }
  worst = Math.max(worst, d);
});
console.log('models', specs.length, 'worst', worst);
