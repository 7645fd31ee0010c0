import { readFileSync } from 'node:fs';
const M = new URL('../../packages', import.meta.url).pathname;
const { createH } = await import(`${M}/core/dist/index.js`);
const { defaultCatalogue } = await import(`${M}/mechanisms/dist/index.js`);
const specs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ref = JSON.parse(readFileSync(process.argv[3], 'utf8'));
let worst = 0;
const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
specs.forEach((sp, q) => {
  if (!ref[q]) { console.log('no ref', sp.seed); return; }
  const h = createH({ catalogue: defaultCatalogue });
  const secs = sp.secs.map((s, i) => { const sec = h.Section({ name: `s${i}` }); sec.L = s.L; sec.diam = s.diam; sec.nseg = s.nseg; sec.Ra = s.Ra; return sec; });
  sp.secs.forEach((s, i) => { if (i > 0) secs[i].connect(secs[s.parent](s.px), s.cx); });
  sp.secs.forEach((s, i) => { if (s.pts) { secs[i].pt3dclear(); for (const p of s.pts) secs[i].pt3dadd(...p); } });
  for (const [i, ns] of sp.renseg) secs[i].nseg = ns;
  if (sp.define_shape) h.define_shape();
  h.distance(0, secs[0](0.5));
  const bad = [];
  secs.forEach((sec, i) => {
    const r = ref[q][0][i];
    if (!close(r.L, sec.L)) bad.push(`s${i}.L ${r.L} ${sec.L}`);
    [...sec].forEach((seg, j) => {
      const got = [seg.area(), seg.ri(), seg.diam, h.distance(seg)];
      got.forEach((g, k) => { if (!close(r.segs[j][k], g)) bad.push(`s${i} seg ${j} ${['area', 'ri', 'diam', 'dist'][k]} ${r.segs[j][k]} ${g}`); });
    });
    if (r.n3d !== sec.n3d()) bad.push(`s${i} n3d ${r.n3d} ${sec.n3d()}`);
    else r.pts.forEach((p, k) => { const g = [sec.x3d(k), sec.y3d(k), sec.z3d(k), sec.diam3d(k), sec.arc3d(k)]; g.forEach((x, m) => { if (!close(p[m], x)) bad.push(`s${i} pt ${k} ${m} ${p[m]} ${x}`); }); });
  });
  if (bad.length) console.log('seed', sp.seed, bad.length, bad.slice(0, 4).join(' | '));
});
console.log('models', specs.length);
