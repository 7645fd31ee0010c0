import { readFileSync } from 'node:fs';
const M = new URL('../../packages', import.meta.url).pathname;
const { createH } = await import(`${M}/core/dist/index.js`);
const { defaultCatalogue } = await import(`${M}/mechanisms/dist/index.js`);
const specs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ref = JSON.parse(readFileSync(process.argv[3], 'utf8'));
let worst = 0;
specs.forEach((sp, q) => {
  const h = createH({ catalogue: defaultCatalogue });
  const secs = sp.secs.map((s) => { const sec = h.Section({ name: s.name }); sec.L = s.L; sec.diam = s.diam; sec.nseg = s.nseg; sec.Ra = s.Ra; sec.cm = s.cm; for (const m of s.mech.split('+')) if (m !== 'none') sec.insert(m); return sec; });
  sp.secs.forEach((s, i) => { if (i > 0) secs[i].connect(secs[s.parent](s.px), s.cx); });
  for (const i of sp.pt3d) {
    const sec = secs[i]; const L = sec.L, d = sec.diam;
    sec.pt3dclear(); sec.pt3dadd(0, 0, 0, d); sec.pt3dadd(L * 0.3, 1, 0, d * 1.2); sec.pt3dadd(L * 0.7, 2, 1, d * 0.8); sec.pt3dadd(L, 3, 1, d);
  }
  for (const [i, ns] of sp.renseg) secs[i].nseg = ns;
  for (const sy of sp.syns) {
    const syn = h[sy.type](secs[sy.sec](sy.x));
    if (sy.type === 'AlphaSynapse') { syn.onset = sy.start + 1; syn.gmax = sy.w; continue; }
    const ns = h.NetStim(); ns.start = sy.start; ns.number = sy.number; ns.interval = sy.interval; ns.noise = sy.noise;
    const nc = h.NetCon(ns, syn); nc.weight[0] = sy.w; nc.delay = sy.delay;
  }
  for (const ne of sp.nets) {
    const syn = h.ExpSyn(secs[ne.to](ne.tx));
    const nc = h.NetCon(secs[ne.from](ne.fx)._ref_v, syn, { sec: secs[ne.from] }); nc.weight[0] = ne.w; nc.delay = ne.delay; nc.threshold = ne.th;
  }
  const stimsMade = sp.stims.map((st) => { const c = h.IClamp(secs[st.sec](st.x)); c.delay = st.delay; c.dur = st.dur; c.amp = st.amp; return c; });
  for (const p of sp.segparams) { if (sp.secs[p.sec].mech.includes("hh")) secs[p.sec](p.x).hh.gnabar = p.gnabar; }
  if (sp.play.on && stimsMade.length) { h.Vector(sp.play.vals).play(stimsMade[0]._ref_amp, h.Vector(sp.play.times), sp.play.cont); }
  if (sp.move.on && stimsMade.length) stimsMade[stimsMade.length - 1].loc(secs[sp.move.sec](sp.move.x));
  let apcv = null;
  if (sp.apc) { const apc = h.APCount(secs[0](0.5)); apc.thresh = -10; apcv = h.Vector(); apc.record(apcv); }
  if (sp.vclamp) { const vc = h.VClamp(secs[secs.length - 1](0.5)); vc.dur[0] = 3; vc.amp[0] = -50; vc.dur[1] = 4; vc.amp[1] = -70; }
  for (const sc of sp.seclamp) { const c = h.SEClamp(secs[sc.sec](sc.x)); c.dur1 = sc.dur1; c.amp1 = sc.amp1; c.dur2 = sc.dur2; c.amp2 = sc.amp2; c.rs = sc.rs; }
  for (const i of sp.ext) { secs[i].insert('extracellular'); for (const seg of secs[i]) { seg.xg[0] = sp.extparams.xg; seg.xraxial[0] = sp.extparams.xraxial; seg.e_extracellular = sp.extparams.e; } }
  if (sp.imem) h.cvode.use_fast_imem(1);
  const vecs = sp.rec.map((r) => {
    const seg = secs[r.sec](r.x); const mech = sp.secs[r.sec].mech;
    let v = r.var;
    if ((v === 'ina' || v === 'm_hh') && !mech.includes('hh')) v = 'v';
    if (v === 'i_pas' && !mech.includes('pas')) v = 'v';
    const ref = v === 'm_hh' ? seg.hh._ref_m : v === 'i_pas' ? seg.pas._ref_i : seg['_ref_' + v];
    return sp.recdt ? h.Vector().record(ref, sp.recdt) : h.Vector().record(ref);
  });
  if (sp.imem) { const r = sp.rec[0]; vecs.push(h.Vector().record(secs[r.sec](r.x)._ref_i_membrane_)); }
  for (const i of sp.ext.slice(0, 1)) vecs.push(h.Vector().record(secs[i](0.5)._ref_vext[0]));
  h.dt = sp.dt; h.secondorder = sp.secondorder; h.celsius = sp.celsius;
  h.finitialize(sp.v_init);
  if (sp.change.at !== null && stimsMade.length) { h.continuerun(sp.change.at); stimsMade[0].amp = sp.change.amp; }
  if (sp.loop === 'fadvance') { while (h.t < sp.tstop - h.dt / 2) h.fadvance(); } else h.continuerun(sp.tstop);
  if (apcv) vecs.push(apcv);
  let d = 0, rel = 0; if (!ref[q]) { console.log("no ref", sp.seed); return; }
  vecs.forEach((v, j) => { const w = ref[q][0][j]; if (w.length !== v.length) d = Infinity; else { let big = 0; for (let i = 0; i < w.length; i++) { d = Math.max(d, Math.abs(w[i] - v[i])); big = Math.max(big, Math.abs(w[i])); } for (let i = 0; i < w.length; i++) rel = Math.max(rel, Math.abs(w[i] - v[i]) / Math.max(big, 1)); } });
  if (d > 1e-6 && rel < 1e-10) { console.log('seed', sp.seed, 'rounding-level (relative)', rel); d = 0; }
  if (!(d <= 1e-6)) { console.log('seed', sp.seed, 'max|dv|', d); if (process.env.DETAIL) vecs.forEach((v, j) => { const w = ref[q][0][j]; for (let i = 0; i < w.length; i++) if (Math.abs(w[i] - v[i]) > 1e-9) { console.log(' trace', j, JSON.stringify(sp.rec[j]), 'first diff at step', i, 't', i * sp.dt, w[i], v[i]); break; } }); }
  worst = Math.max(worst, d);
});
console.log('models', specs.length, 'worst', worst);
