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
  const somas = sp.cells.map((c, i) => { const soma = h.Section({ name: `soma${i}` }); soma.L = c.soma_diam; soma.diam = c.soma_diam; soma.insert('hh'); soma.gnabar_hh = c.gnabar; const dend = h.Section({ name: `dend${i}` }); dend.L = c.dend_L; dend.diam = 1; dend.nseg = c.dend_nseg; dend.insert('pas'); dend.connect(soma(1)); return [soma, dend]; });
  const arts = sp.arts.map((a) => { const art = h[a.type](); if (a.type === 'IntFire1') art.tau = a.tau; else if (a.type === 'IntFire2') art.taum = a.tau; else art.taum = a.tau * 2; return art; });
  const ncell = somas.length; const ncs = [];
  const target = (k, syn) => (k < ncell ? h[syn](somas[k][1](0.5)) : arts[k - ncell]);
  for (const st of sp.stims) { const ns = h.NetStim(); ns.start = st.start; ns.number = st.number; ns.interval = st.interval; ns.noise = st.noise; const tg = target(st.target, st.syn); const nc = h.NetCon(ns, tg); nc.weight[0] = st.w * (st.target < ncell ? 1 : 20); nc.delay = st.delay; ncs.push(nc); }
  const spk = [];
  for (const c of sp.conns) {
    const tg = target(c.dst, c.syn); let nc;
    if (c.src < ncell) { const soma = somas[c.src][0]; nc = h.NetCon(soma(0.5)._ref_v, tg, { sec: soma }); nc.threshold = c.th; } else nc = h.NetCon(arts[c.src - ncell], tg);
    nc.weight[0] = c.w * (c.dst < ncell ? 1 : 20); nc.delay = c.delay; ncs.push(nc);
    const v = h.Vector(); nc.record(v); spk.push(v);
  }
  const vecs = somas.map((s) => h.Vector().record(s[0](0.5)._ref_v));
  h.dt = sp.dt; h.secondorder = sp.secondorder;
  try {
    h.finitialize(-65);
    const m = sp.mid;
    if (m.t !== null) {
      h.continuerun(m.t);
      for (const nc of ncs) nc.weight[0] *= m.wscale;
      if (m.deactivate && ncs.length) ncs[0].active(0);
      if (m.event && ncs.length > 1 && ncs[ncs.length - 1].syn() !== null) ncs[ncs.length - 1].event(h.t + 1.3);
    }
    h.continuerun(sp.tstop);
  } catch (e) { console.log('seed', sp.seed, 'neurite error', e.message); return; }
  let d = 0;
  vecs.forEach((v, j) => { const w = ref[q][0][j]; if (w.length !== v.length) { d = Infinity; return; } for (let i = 0; i < w.length; i++) d = Math.max(d, Math.abs(w[i] - v[i])); });
  spk.forEach((v, j) => { const w = ref[q][1][j]; if (w.length !== v.length) { d = Infinity; console.log(' spikes', j, w.length, v.length); return; } for (let i = 0; i < w.length; i++) d = Math.max(d, Math.abs(w[i] - v[i])); });
  if (!(d <= 1e-6)) { console.log('seed', sp.seed, 'max|d|', d); if (process.env.DETAIL) { vecs.forEach((v, j) => { const w = ref[q][0][j]; for (let i = 0; i < w.length; i++) if (Math.abs(w[i] - v[i]) > 1e-9) { console.log(' cell', j, 'step', i, 't', i * sp.dt, w[i], v[i]); break; } }); spk.forEach((v, j) => console.log(' spk', j, JSON.stringify(ref[q][1][j]), JSON.stringify([...v]))); } }
  worst = Math.max(worst, d);
});
console.log('models', specs.length, 'worst', worst);
