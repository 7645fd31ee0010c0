// A hand-written hh plugin with the kernel shape recommended for the compiler's output (see
// PROFILE.md): field arrays and loop variables are locals of each kernel function rather than
// closure variables, BREAKPOINT's two evaluations (v + 0.001 and v) keep intermediate values in
// locals and store each field once, and the TABLE lookup of rates() returns through locals (the
// last instance's values go to the GLOBALs after the loop, as before). The arithmetic is the
// generated code's, in the same order, so results are bitwise the same. A measuring sketch: it
// assumes usetable_hh = 1 and a celsius that does not change after the first finitialize.
//
// Used by hh-kernel.mjs.

/** An hh MechanismType like `plugin` (the compiled hh.mod), with the sketch's current and advance. */
export function makeLocalsHh(plugin) {
  const fi = Object.fromEntries(plugin.fields.map((f, i) => [f.name, i]));
  const gi = Object.fromEntries(plugin.globals.map((g, i) => [g.name, i]));
  const count = 1;
  function makeData() {
    const n = count + 1;
    const nodeIndex = new Int32Array(count).map((_, k) => k + 1);
    const fields = plugin.fields.map((f) => new Float64Array(count).fill(f.default));
    const globals = new Float64Array(plugin.globals.map((g) => g.default));
    const ion = (e) => ({ e: new Float64Array(n).fill(e), ci: new Float64Array(n), co: new Float64Array(n), i: new Float64Array(n), didv: new Float64Array(n) });
    const m = { count, nodeIndex, fields, globals, ions: [ion(50), ion(-77)] };
    const nodes = { v: new Float64Array(n).fill(-65), rhs: new Float64Array(n), d: new Float64Array(n), area: new Float64Array(n).fill(100) };
    const ctx = { t: 0, dt: 0.025, celsius: 6.3, secondorder: 0 };
    return { m, nodes, ctx };
  }
  /** The hand-written "locals" kernels for hh (current and advance; init is the generated one). */
  function localsKernels() {
    // TABLE of rates(): filled from the generated plugin's own _fp_rates values (same numbers).
    const N = 201, tmin = -100, mfac = 1 / ((100 - tmin) / 200);
    const T = { minf: new Float64Array(N), mtau: new Float64Array(N), hinf: new Float64Array(N), htau: new Float64Array(N), ninf: new Float64Array(N), ntau: new Float64Array(N) };
    {
      // Build the table exactly as the generated code does (same loop, same increments).
      const gen = plugin.createKernels();
      const { m, nodes, ctx } = makeData();
      m.count = 1;
      const dx = (100 - tmin) / 200;
      for (let i = 0, x = tmin; i < N; x += dx, i++) {
        nodes.v[1] = x;
        // usetable = 0 evaluates rates(v) directly; read back the GLOBALs it set.
        m.globals[gi.usetable] = 0;
        gen.init(m, nodes, ctx);
        T.minf[i] = m.globals[gi.minf]; T.mtau[i] = m.globals[gi.mtau];
        T.hinf[i] = m.globals[gi.hinf]; T.htau[i] = m.globals[gi.htau];
        T.ninf[i] = m.globals[gi.ninf]; T.ntau[i] = m.globals[gi.ntau];
      }
    }
    const { minf: Tmi, mtau: Tmt, hinf: Thi, htau: Tht, ninf: Tni, ntau: Tnt } = T;
  return {
    current(m, nodes) {
      const F = m.fields, ni = m.nodeIndex;
      const gnabarA = F[fi.gnabar], gkbarA = F[fi.gkbar], glA = F[fi.gl], elA = F[fi.el];
      const gnaA = F[fi.gna], gkA = F[fi.gk], ilA = F[fi.il], mA = F[fi.m], hA = F[fi.h], nA = F[fi.n];
      const enaA = F[fi.ena], ekA = F[fi.ek], inaA = F[fi.ina], ikA = F[fi.ik];
      const [na, k] = m.ions;
      const naE = na.e, naI = na.i, naD = na.didv, kE = k.e, kI = k.i, kD = k.didv;
      const V = nodes.v, rhsA = nodes.rhs, dA = nodes.d;
      for (let kk = 0, cnt = m.count; kk < cnt; kk++) {
        const n = ni[kk];
        const v0 = V[n];
        const ena = naE[n], ek = kE[n];
        const gnabar = gnabarA[kk], gkbar = gkbarA[kk], gl = glA[kk], el = elA[kk];
        const mm = mA[kk], hh = hA[kk], nn = nA[kk];
        let v = v0 + 0.001;
        let gna = (((gnabar * mm) * mm) * mm) * hh;
        let ina = gna * (v - ena);
        let gk = (((gkbar * nn) * nn) * nn) * nn;
        let ik = gk * (v - ek);
        let il = gl * (v - el);
        let g = 0 + ina + ik + il;
        const di0 = ina, di1 = ik;
        v = v0;
        gna = (((gnabar * mm) * mm) * mm) * hh;
        ina = gna * (v - ena);
        gk = (((gkbar * nn) * nn) * nn) * nn;
        ik = gk * (v - ek);
        il = gl * (v - el);
        const rhs = 0 + ina + ik + il;
        enaA[kk] = ena; ekA[kk] = ek;
        gnaA[kk] = gna; inaA[kk] = ina; gkA[kk] = gk; ikA[kk] = ik; ilA[kk] = il;
        naD[n] += (di0 - ina) / 0.001;
        kD[n] += (di1 - ik) / 0.001;
        g = (g - rhs) / 0.001;
        naI[n] += ina;
        kI[n] += ik;
        rhsA[n] -= rhs;
        dA[n] += g;
      }
    },
    advance(m, nodes, ctx) {
      const G = m.globals;
      const F = m.fields, ni = m.nodeIndex, dt = ctx.dt;
      const mA = F[fi.m], hA = F[fi.h], nA = F[fi.n], enaA = F[fi.ena], ekA = F[fi.ek];
      const [na, k] = m.ions;
      const naE = na.e, kE = k.e;
      const V = nodes.v;
      let minf = 0, mtau = 0, hinf = 0, htau = 0, ninf = 0, ntau = 0;
      for (let kk = 0, cnt = m.count; kk < cnt; kk++) {
        const n = ni[kk];
        const v = V[n];
        enaA[kk] = naE[n];
        ekA[kk] = kE[n];
        const xi = mfac * (v - tmin);
        if (xi > 0 && xi < 200) {
          const i = xi | 0, th = xi - i;
          minf = Tmi[i] + th * (Tmi[i + 1] - Tmi[i]);
          mtau = Tmt[i] + th * (Tmt[i + 1] - Tmt[i]);
          hinf = Thi[i] + th * (Thi[i + 1] - Thi[i]);
          htau = Tht[i] + th * (Tht[i + 1] - Tht[i]);
          ninf = Tni[i] + th * (Tni[i + 1] - Tni[i]);
          ntau = Tnt[i] + th * (Tnt[i + 1] - Tnt[i]);
        } else {
          const i = xi <= 0 ? 0 : 200; // (NaN is left to the generated code's path in this sketch)
          minf = Tmi[i]; mtau = Tmt[i]; hinf = Thi[i]; htau = Tht[i]; ninf = Tni[i]; ntau = Tnt[i];
        }
        mA[kk] = mA[kk] + ((1 - Math.exp(dt * (-1 / mtau))) * (((-(minf / mtau)) / (-1 / mtau)) - mA[kk]));
        hA[kk] = hA[kk] + ((1 - Math.exp(dt * (-1 / htau))) * (((-(hinf / htau)) / (-1 / htau)) - hA[kk]));
        nA[kk] = nA[kk] + ((1 - Math.exp(dt * (-1 / ntau))) * (((-(ninf / ntau)) / (-1 / ntau)) - nA[kk]));
      }
      if (m.count > 0) {
        G[gi.minf] = minf; G[gi.mtau] = mtau; G[gi.hinf] = hinf; G[gi.htau] = htau; G[gi.ninf] = ninf; G[gi.ntau] = ntau;
      }
    },
  };
}

  return {
    ...plugin,
    createKernels() {
      const gen = plugin.createKernels();
      const loc = localsKernels();
      return { ...gen, current: loc.current, advance: loc.advance };
    },
  };
}
