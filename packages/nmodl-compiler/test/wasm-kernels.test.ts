import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MechanismType } from '@neurite/core/abi';
import { EXP_TABLE_SPLIT, compileFusedModule, libmExp, libmPow3, libmPow4, wasmFusedMultiplyAdd } from '@neurite/core/libm';
import { describe, expect, it } from 'vitest';
import { compileMod } from '../src/index.js';
import { Code, ModuleBuilder, Op, Simd } from '../src/codegen/wasm/encoder.js';
import { addPowInt, addPowIntX2 } from '../src/codegen/wasm/pow.js';
import { translateKernels } from '../src/codegen/wasm/translate.js';
import { differing, run } from './kernel-harness.js';
import { expModule } from './exp-module.js';
import { fromHex } from '../../core/test/support/hex.js';

/**
 * The WebAssembly kernels give the same bits as the JavaScript kernels they are translated from:
 * every mechanism of the repository, run side by side on the same data for many steps with v
 * sweeping through every branch of their tables and rate functions, and compared value by value.
 */
const here = dirname(fileURLToPath(import.meta.url));
// glibc's exp on arguments with the hard cases (core's fixture, from its model.py).
const glibc = JSON.parse(readFileSync(join(here, '..', '..', 'core', 'test', 'fixtures', 'libm', 'reference.json'), 'utf8')) as { hard: number; x: string[]; exp: string[] };
const modDirs = [join(here, '..', '..', 'mechanisms', 'mod'), join(here, 'fixtures'), join(here, 'fixtures', 'survey')];
const modFiles = modDirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.mod')).map((f) => join(d, f)));

/** Whether a module's bytes hold relaxed SIMD's f64x2.relaxed_madd (0xfd, then 0x107 as LEB128). */
function hasRelaxedMadd(bytes: Uint8Array): boolean {
  for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === 0xfd && bytes[i + 1] === 0x87 && bytes[i + 2] === 0x02) return true;
  return false;
}

describe('the fused multiply-add here', () => {
  // (So that the fused tests below are not skipped unnoticed where they should run: x86-64 with
  // FMA, Node 20.16 or later, the emulation not asked for.)
  const fmaCpu = process.arch === 'x64' && (() => { try { return / fma( |$)/m.test(readFileSync('/proc/cpuinfo', 'utf8')); } catch { return false; } })();
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  const capable = fmaCpu && (major > 20 || (major === 20 && minor >= 16)) && process.env.NEURITE_WASM_FMA !== '0';
  it.skipIf(!capable)('is found on this x86-64 processor with FMA', () => {
    expect(wasmFusedMultiplyAdd()).toBe(true);
  });
});

// Dekker's products, and where this engine has it, the fused multiply-add.
for (const fma of [false, true]) describe.skipIf(fma && !wasmFusedMultiplyAdd())(`x^3 and x^4 in WebAssembly${fma ? ', fused multiply-adds' : ''}`, () => {
  // pow3(x) and pow4(x) with core's libmPow3 and libmPow4 as their slow paths (counted), and
  // pair3(p), pair4(p): the two-lane functions on the two doubles at address p, written at p + 16.
  const mod = new ModuleBuilder();
  const slow3 = mod.importFunction('m', 'libm_pow3', ['f64'], ['f64']);
  const slow4 = mod.importFunction('m', 'libm_pow4', ['f64'], ['f64']);
  const p3 = addPowInt(mod, 3, slow3, fma);
  const p4 = addPowInt(mod, 4, slow4, fma);
  for (const [f, name] of [[p3, 'pow3'], [p4, 'pow4']] as const) {
    const e = mod.declare(['f64'], ['f64'], name);
    mod.define(e, [], new Code().get(0).call(f).op(Op.end));
    const x2 = addPowIntX2(mod, name === 'pow3' ? 3 : 4, f, fma);
    const pair = mod.declare(['i32'], [], name.replace('pow', 'pair'));
    mod.define(pair, [], new Code().get(0).get(0).simdMem(Simd.v128_load).call(x2).simdMem(Simd.v128_store, 16).op(Op.end));
  }
  it(fma ? 'uses relaxed SIMD\'s multiply-add' : 'uses no relaxed SIMD', () => expect(hasRelaxedMadd(mod.bytes())).toBe(fma));
  let slowCalls = 0;
  const memory = new WebAssembly.Memory({ initial: 1 });
  const { exports } = new WebAssembly.Instance(fma ? compileFusedModule(mod.bytes())! : new WebAssembly.Module(mod.bytes() as Uint8Array<ArrayBuffer>), {
    env: { memory },
    m: { libm_pow3: (x: number) => { slowCalls++; return libmPow3(x); }, libm_pow4: (x: number) => { slowCalls++; return libmPow4(x); } },
  });
  const w3 = exports.pow3 as (x: number) => number;
  const w4 = exports.pow4 as (x: number) => number;
  const a = new Float64Array(memory.buffer, 0, 4);
  /** Whether both two-lane powers of (x, y) are core's. */
  const pairs = (x: number, y: number): boolean => {
    a[0] = x;
    a[1] = y;
    (exports.pair3 as (p: number) => void)(0);
    if (!Object.is(a[2], libmPow3(x)) || !Object.is(a[3], libmPow3(y))) return false;
    (exports.pair4 as (p: number) => void)(0);
    return Object.is(a[2], libmPow4(x)) && Object.is(a[3], libmPow4(y));
  };

  it('is core\'s libmPow3 and libmPow4 to the last bit, the slow path only outside [2^-200, 2^200] and at ties', () => {
    let seed = 4242;
    // (53 random bits: with fewer, some powers land exactly half way, which the exact path settles)
    const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) + ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 64);
    let differ = 0, outside = 0, pairsDiffer = 0;
    slowCalls = 0;
    const n = 200_000;
    const xs: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = i % 2 === 0 ? rand() : (rand() - 0.5) * 2 ** ((rand() - 0.5) * 500);
      xs.push(x);
      if (!(Math.abs(x) >= 2 ** -200 && Math.abs(x) <= 2 ** 200)) outside++;
      if (!Object.is(w3(x), libmPow3(x)) || !Object.is(w4(x), libmPow4(x))) differ++;
    }
    expect(differ).toBe(0);
    // (random doubles are not ties: the slow path takes only those out of range, for both powers)
    expect(outside).toBeGreaterThan(0);
    expect(slowCalls).toBe(2 * outside);
    // Two lanes: neighbouring arguments side by side (in range or not, in either lane).
    for (let i = 0; i + 1 < n; i += 2) if (!pairs(xs[i]!, xs[i + 1]!) || !pairs(xs[i + 1]!, -xs[i]!)) pairsDiffer++;
    expect(pairsDiffer).toBe(0);
    const specials = [0, -0, 1, -1, 2, NaN, Infinity, -Infinity, 5e-324, -5e-324, 2 ** -200, 2 ** 200, 2 ** -201, 2 ** 201,
      1.7976931348623157e308, 1e-100, 3 * 2 ** -18, 1 + 2 ** -17, 0.1, -0.1,
      // (cubes exactly half way between two doubles)
      0.013756096363067627, 0.0032144933938980103, 0.0004860926419496536];
    for (const x of specials) {
      for (const y of [x, x * (1 + 2 ** -52), -x]) {
        expect(Object.is(w3(y), libmPow3(y)), `${y}^3`).toBe(true);
        expect(Object.is(w4(y), libmPow4(y)), `${y}^4`).toBe(true);
        expect(pairs(y, 0.5) && pairs(0.5, y) && pairs(y, -y), `(${y}, ...)^n in two lanes`).toBe(true);
      }
    }
  });
});

// Emulated, and with relaxed SIMD's fused multiply-add where this engine has it (core's probe).
for (const fma of [false, true]) describe.skipIf(fma && !wasmFusedMultiplyAdd())(`exp in WebAssembly${fma ? ', fused multiply-adds' : ''}`, () => {
  // exp(x) and pair(p) (exp of the two doubles at address p, written at p + 16), with core's
  // table at address 4096 and libmExp as the slow path (counted).
  let slowCalls = 0;
  const { exp: wexp, pair, a, bytes } = expModule(fma, (x) => { slowCalls++; return libmExp(x); });
  it(fma ? 'uses relaxed SIMD\'s multiply-add' : 'uses no relaxed SIMD', () => expect(hasRelaxedMadd(bytes)).toBe(fma));
  const specials = [0, -0, 1, -1, 2, NaN, Infinity, -Infinity, 700, -700, 709.78, 709.79, 710, -745.13, -745.14, -708.4, 511.99999999999994, 512,
    -512, 2 ** -54, 2 ** -55, -(2 ** -54), 1e-300, 5e-324, 11.31578947368421, 0.5 / 184.6649652337873, 1.5 / 184.6649652337873,
    // (x * 128/ln2 rounds to a half-integer: glibc's fused product rounds k the other way)
    -281.97281457302057, -376.57657429475688];

  it('is core\'s libmExp (glibc\'s exp) to the last bit, one lane and two, lanes from mixed ranges', () => {
    let seed = 12345;
    const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) + ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 64);
    const scales = [1500, 80, 2, 1e-3, 1e-8, 1e-12];
    let differ = 0, fromV8 = 0;
    slowCalls = 0;
    const n = 300_000;
    for (let i = 0; i < n; i++) {
      const x = i < specials.length ? specials[i]! : (rand() - 0.5) * scales[i % 6]!;
      const y = (rand() - 0.5) * scales[(i * 5) % 6]!;
      if (!Object.is(wexp(x), libmExp(x))) differ++;
      if (!Object.is(libmExp(x), Math.exp(x))) fromV8++;
      a[0] = x;
      a[1] = y;
      pair(0);
      if (!Object.is(a[2], libmExp(x)) || !Object.is(a[3], libmExp(y))) differ++;
    }
    expect(differ).toBe(0);
    // (The fast path does the work: the slow one takes |x| >= 512, tiny x and the specials, here
    // about a fifth of the arguments, and both lanes of a pair where one needs it.)
    expect(slowCalls).toBeLessThan(0.75 * n);
    // (And the arguments do tell glibc's exp from V8's.)
    expect(fromV8).toBeGreaterThan(n / 100);
  });

  it('keeps the arguments of cnexp\'s updates (dt times -1/tau, near 0) on the fast path', () => {
    // Near 0, k = 0 and H = 1: the final multiply-add's product tmp * 1 is exact, and a residual near
    // half an ulp is no tie to settle in the exact path (it took about 1 in 800 of these before).
    let seed = 777;
    const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    slowCalls = 0;
    let differ = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const x = -0.025 / (1 + 2000 * rand()); // dt = 0.025 ms, tau from 1 to 2000 ms
      if (!Object.is(wexp(x), libmExp(x))) differ++;
      a[0] = x;
      a[1] = x * 0.75;
      pair(0);
      if (!Object.is(a[2], libmExp(x)) || !Object.is(a[3], libmExp(x * 0.75))) differ++;
    }
    expect(differ).toBe(0);
    expect(slowCalls).toBeLessThan(10);
  });

  it('is libmExp at the special and boundary arguments and their neighbours', () => {
    for (const x of specials) {
      for (const y of [x, x * (1 + 2 ** -52), x * (1 - 2 ** -52)]) {
        expect(Object.is(wexp(y), libmExp(y)), `exp(${y})`).toBe(true);
        a[0] = y;
        a[1] = -y;
        pair(0);
        expect(Object.is(a[2], libmExp(y)) && Object.is(a[3], libmExp(-y)), `exp2(${y}, ${-y})`).toBe(true);
      }
    }
  });

  it('is glibc\'s exp on every argument of core\'s fixture (600 of them where rounding twice changes the result)', () => {
    let differ = 0;
    glibc.x.forEach((hex, i) => {
      const x = fromHex(hex), want = fromHex(glibc.exp[i]!);
      a[0] = x;
      a[1] = -x;
      pair(0);
      if (!Object.is(wexp(x), want) || !Object.is(a[2], want)) differ++;
    });
    expect(glibc.hard).toBeGreaterThanOrEqual(500);
    expect(differ).toBe(0);
  });
});

describe('the module writer', () => {
  it('writes a module the engine accepts, with calls, loops and memory', () => {
    const mod = new ModuleBuilder();
    const f = mod.declare(['i32', 'i32'], ['f64'], 'sum');
    // sum of n doubles at address p
    const c = new Code();
    c.f64(0).set(2);
    c.open(Op.block).open(Op.loop);
    c.get(1).op(Op.i32_eqz).op(Op.br_if).u32(1);
    c.get(2).get(0).mem(Op.f64_load).op(Op.f64_add).set(2);
    c.get(0).i32(8).op(Op.i32_add).set(0);
    c.get(1).i32(1).op(Op.i32_sub).set(1);
    c.op(Op.br).u32(0).op(Op.end).op(Op.end);
    c.get(2).op(Op.end);
    mod.define(f, ['f64'], c);
    const memory = new WebAssembly.Memory({ initial: 1 });
    new Float64Array(memory.buffer, 16, 3).set([1.5, 2.5, -1]);
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(mod.bytes() as Uint8Array<ArrayBuffer>), { env: { memory } });
    expect((exports.sum as (p: number, n: number) => number)(16, 3)).toBe(3);
  });
});

// Counts the WebAssembly instances made (each plugin makes one for the memory it is given).
let instances = 0;
const RealInstance = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(RealInstance, {
  construct(target, args: [WebAssembly.Module, WebAssembly.Imports?]) {
    const inst = new target(...args);
    instances++;
    return inst;
  },
});

describe('WebAssembly kernels', () => {
  const translated: string[] = [];
  for (const file of modFiles) {
    const name = file.split('/').slice(-2).join('/');
    it(`${name}: the same bits as the JavaScript kernels`, () => {
      const text = readFileSync(file, 'utf8');
      const wasm = compileMod(text, { filename: name });
      const js = compileMod(text, { filename: name, wasm: false });
      // (Files using what the compiler does not support yet fail the same way with or without.)
      expect(wasm.diagnostics).toEqual(js.diagnostics);
      if (!js.plugin) return;
      const plan = translateKernels(wasm.js);
      if (plan) translated.push(`${name}: ${Object.keys(plan.kernels).join('+')}`);
      // prepare() compiles the module and calls its step entry points once, on a memory of their
      // own, with a zero descriptor: they run no instance and write nothing.
      const made = instances;
      wasm.plugin!.prepare?.();
      expect(instances).toBe(made + (plan ? 1 : 0));
      if (plan) {
        const memory = new WebAssembly.Memory({ initial: 1 });
        const math = Object.fromEntries(plan.imports.map((n) => [n, () => { throw new Error(`${n} called`); }]));
        const x = new RealInstance(new WebAssembly.Module(plan.bytes as Uint8Array<ArrayBuffer>), { env: { memory }, m: math }).exports;
        const entries = Object.keys(x).filter((k) => k.startsWith('step_'));
        expect(entries.sort()).toEqual(Object.keys(plan.kernels).map((k) => `step_${k}`).sort());
        for (const k of entries) (x[k] as (d: number, t: number) => void)(0, 0);
        expect(new Uint8Array(memory.buffer).every((byte) => byte === 0)).toBe(true);
      }
      for (const variant of ['plain', 'usetable0', 'celsius', 'scattered', 'longdt'] as const) {
        const a = run(js.plugin!, false, variant);
        const before = instances;
        const b = run(wasm.plugin!, true, variant);
        // The WebAssembly kernels did run (their instance was made on the data's memory).
        if (plan) expect(instances).toBe(before + 1);
        expect(b.length).toBe(a.length);
        expect(differing(a, b), variant).toBe(0);
      }
    });
  }

  for (const file of modFiles) {
    const name = file.split('/').slice(-2).join('/');
    const text = readFileSync(file, 'utf8');
    if (!/\b(PROCEDURE|FUNCTION)\b/.test(text)) continue;
    it(`${name}: PROCEDUREs and FUNCTIONs inlined give the same bits as called`, () => {
      const inlined = compileMod(text, { filename: name });
      const called = compileMod(text, { filename: name, inlineProcedures: false });
      expect(inlined.diagnostics).toEqual(called.diagnostics);
      if (!called.plugin) return;
      for (const inMemory of [false, true]) {
        const a = run(called.plugin!, inMemory);
        const b = run(inlined.plugin!, inMemory);
        expect(differing(a, b), inMemory ? 'WebAssembly' : 'JavaScript').toBe(0);
      }
    });
  }

  it('exps of consecutive statements computed together: the same bits as one at a time', () => {
    const batching: string[] = [];
    for (const file of modFiles) {
      const name = file.split('/').slice(-2).join('/');
      const { js, plugin } = compileMod(readFileSync(file, 'utf8'), { filename: name });
      if (!plugin) continue;
      const together = translateKernels(js);
      const apart = translateKernels(js, { batchExps: false });
      if (!together || !apart) continue;
      if (Buffer.from(together.bytes as Uint8Array).equals(Buffer.from(apart.bytes as Uint8Array))) continue;
      batching.push(name);
      // The plugin as compileMod makes it, but with the kernels translated without batches.
      const unbatched = (new Function('__wasmPlan', '__libm', js) as (p: () => typeof apart, libm: unknown) => MechanismType)(() => apart, { exp: libmExp, table: EXP_TABLE_SPLIT, pow3: libmPow3, pow4: libmPow4 });
      for (const variant of ['scattered', 'longdt'] as const) {
        expect(differing(run(unbatched, true, variant), run(plugin, true, variant)), `${name} ${variant}`).toBe(0);
      }
    }
    // hh's three gates (m, h, n) among them.
    expect(batching).toContain('mod/hh.mod');
  });

  it('a mechanism with x^3 and x^4 but no exp: its TypeScript module carries the fused translation too', () => {
    const text = `NEURON { SUFFIX cubic NONSPECIFIC_CURRENT i RANGE g, x }
PARAMETER { g = 0.001 (S/cm2) x = 0.7 }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT { i = g*(x^3 + pow(x, 4))*(v + 65) }`;
    const r = compileMod(text, { filename: 'cubic.mod' });
    expect(r.diagnostics).toEqual([]);
    expect(r.source).toContain("import { compileFusedModule as _lfused, wasmFusedMultiplyAdd as _lfma, libmPow3 as _lpow3, libmPow4 as _lpow4, compileKernelModule as _lcompile } from '@neurite/core/libm';");
    expect(r.source).not.toContain('_lexp');
    expect(r.source).toMatch(/"fusedBytes":"[A-Za-z0-9+/=]+"/);
    const js = compileMod(text, { filename: 'cubic.mod', wasm: false });
    expect(differing(run(js.plugin!, true), run(r.plugin!, true))).toBe(0);
  });

  it.skipIf(!wasmFusedMultiplyAdd())('exp\'s fused multiply-adds by the processor\'s: the same bits as emulated', () => {
    const fusing: string[] = [];
    for (const file of modFiles) {
      const name = file.split('/').slice(-2).join('/');
      const { js, plugin } = compileMod(readFileSync(file, 'utf8'), { filename: name });
      if (!plugin) continue;
      const fused = translateKernels(js, { fma: true });
      const emulated = translateKernels(js);
      if (!fused?.fused || !emulated) continue;
      expect(emulated.fused).toBe(false);
      expect(hasRelaxedMadd(fused.bytes), name).toBe(true);
      expect(hasRelaxedMadd(emulated.bytes), name).toBe(false);
      fusing.push(name);
      // The plugin as compileMod makes it, with each translation (the fused one compiled by core).
      let compiled = 0;
      const libm = {
        exp: libmExp, table: EXP_TABLE_SPLIT, pow3: libmPow3, pow4: libmPow4, fma: () => true,
        compileFused: (bytes: Uint8Array) => { const m = compileFusedModule(bytes); if (m !== null) compiled++; return m; },
      };
      const make = (plan: typeof fused) => (new Function('__wasmPlan', '__libm', js) as (p: () => typeof fused, l: typeof libm) => MechanismType)(() => plan, libm);
      const withFma = make(fused), plain = make(emulated);
      const variants = ['scattered', 'longdt'] as const;
      const expected = variants.map((variant) => run(plain, true, variant));
      const before = instances;
      variants.forEach((variant, i) => expect(differing(expected[i]!, run(withFma, true, variant)), `${name} ${variant}`).toBe(0));
      expect(compiled, name).toBe(1);
      // (It ran WebAssembly: an instance of its module for each run's memory.)
      expect(instances - before, name).toBeGreaterThanOrEqual(2);
      // Should core not compile the fused module after all (another thread turning V8's flag off
      // meanwhile), the plugin asks for the plain translation and runs it: the same bits.
      const asked: boolean[] = [];
      const refused = (new Function('__wasmPlan', '__libm', js) as (p: (fma?: boolean) => typeof fused, l: typeof libm) => MechanismType)(
        (f = true) => { asked.push(f); return f ? fused : emulated; }, { ...libm, compileFused: () => null });
      expect(differing(run(plain, true, 'scattered'), run(refused, true, 'scattered')), `${name} refused`).toBe(0);
      expect(asked, name).toEqual([true, false]);
    }
    expect(fusing).toContain('mod/hh.mod');
  });

  it('what Newton iterations or BREAKPOINT\'s two evaluations read but do not change, computed once before them: the same bits', () => {
    const calcium = join(here, '..', '..', 'mechanisms', 'test', 'fixtures', 'mod');
    const files = [...modFiles, join(calcium, 'cashell.mod'), join(calcium, 'calong.mod')];
    const hoisting: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const name = file.split('/').slice(-2).join('/');
      const once = compileMod(text, { filename: name });
      const each = compileMod(text, { filename: name, hoistInvariants: false });
      expect(once.diagnostics, name).toEqual(each.diagnostics);
      if (!once.plugin) continue;
      if (/const _iv\d+ = /.test(once.js)) hoisting.push(name);
      expect(/const _iv\d+ = /.test(each.js), name).toBe(false);
      for (const inMemory of [false, true]) {
        expect(differing(run(each.plugin!, inMemory), run(once.plugin!, inMemory)), `${name} ${inMemory ? 'WebAssembly' : 'JavaScript'}`).toBe(0);
      }
    }
    // (The nonlinear KINETIC schemes among them with a Jacobian written out: the calcium in
    // shells, with its buffer and pump, and along the section; and currents whose conductance
    // does not depend on v, computed once for the evaluations at v + 0.001 and v.)
    expect(hoisting, hoisting.join(', ')).toEqual(expect.arrayContaining(['mod/calong.mod', 'mod/cashell.mod', 'mod/hh.mod', 'survey/kdr.mod', 'survey/nax.mod']));
  });

  it('keeps an assumed-away branch assumed when the two-lane body is emitted without what only it reads', () => {
    // The branch reads ginf before this instance sets it (the last instance's value): it cannot
    // run two at a time, so the two-lane loop assumes flag <= 0, checked before it, and `a`,
    // read only there, is dead in the loop. Emitted again without `a`'s assignment, the branch
    // would translate and the assumption be dropped, reading an `a` never set. flag is 1 here:
    // the assumption fails and the instances run one at a time, as the JavaScript does.
    const text = `
NEURON { SUFFIX assumed NONSPECIFIC_CURRENT i RANGE gbar GLOBAL flag, ginf }
PARAMETER { gbar = 0.001 flag = 1 }
ASSIGNED { v (mV) i (mA/cm2) ginf }
STATE { m }
BREAKPOINT { SOLVE states METHOD cnexp i = gbar*m*(v + 60) }
DERIVATIVE states {
  LOCAL a, b
  b = 0
  if (flag > 0) {
    a = ginf * 2
    b = a + 1
  }
  ginf = v
  m' = (b - m)/5
}`;
    const wasm = compileMod(text, { filename: 'assumed.mod' });
    const js = compileMod(text, { filename: 'assumed.mod', wasm: false });
    expect(wasm.plugin && js.plugin).toBeTruthy();
    expect(translateKernels(wasm.js)?.kernels.advance).toBeDefined();
    expect(differing(run(js.plugin!, false), run(wasm.plugin!, true))).toBe(0);
  });

  it('runs a channel whose DERIVATIVE calls rates() two instances at a time once it is inlined', () => {
    // A sodium channel in the style of many published models: rates() sets RANGE variables
    // (nudging v off a singular point), with a temperature factor that is a power of constants,
    // a square (x * x in WebAssembly, two at a time), a cube (Math.pow, lane by lane) and a rate
    // FUNCTION with a branch (vtrap).
    const text = `NEURON { SUFFIX nat USEION na READ ena WRITE ina RANGE gbar, minf, mtau, hinf, htau }
PARAMETER { gbar = 0.01 (S/cm2) }
ASSIGNED { v (mV) ena (mV) ina (mA/cm2) minf mtau (ms) hinf htau (ms) }
STATE { m h }
BREAKPOINT { SOLVE states METHOD cnexp
  ina = gbar*m^3*h*(v - ena) }
DERIVATIVE states { rates()
  m' = (minf - m)/mtau
  h' = (hinf - h)/htau }
INITIAL { rates()
  m = minf
  h = hinf }
PROCEDURE rates() { LOCAL qt, a, b
  qt = 2.3^((34 - 21)/10)
  if (v == -38) { v = v + 0.0001 }
  a = 0.182*vtrap(v + 38, 6)
  b = 0.124*(-v - 38)/(1 - exp((v + 38)/6))
  mtau = 1/(a + b)/qt
  minf = a/(a + b)
  hinf = 1/(1 + exp((v + 66)/6))
  htau = (1 + 4*exp(-((v + 70)/20)^2))/qt
}
FUNCTION vtrap(x (mV), y (mV)) (mV) {
  if (fabs(x/y) < 1e-6) { vtrap = y*(1 + x/y/2) } else { vtrap = x/(1 - exp(-x/y)) }
}`;
    const inlined = compileMod(text, { filename: 'nat.mod' });
    const called = compileMod(text, { filename: 'nat.mod', inlineProcedures: false });
    expect(translateKernels(inlined.js)!.kernels.advance!.twoLane).toBe(true);
    expect(translateKernels(called.js)!.kernels.advance!.twoLane).toBe(false);
    for (const inMemory of [false, true]) {
      const a = run(called.plugin!, inMemory);
      const b = run(inlined.plugin!, inMemory);
      expect(differing(a, b)).toBe(0);
    }
    expect(differing(run(inlined.plugin!, false), run(inlined.plugin!, true))).toBe(0);
  });

  it('computes a power the same for every instance once per kernel call (the same bits)', () => {
    const text = `NEURON { SUFFIX kq USEION k READ ek WRITE ik RANGE gbar GLOBAL q10 }
PARAMETER { gbar = 0.01 (S/cm2) q10 = 3 }
ASSIGNED { v (mV) ek (mV) ik (mA/cm2) celsius (degC) ninf ntau (ms) }
STATE { n }
BREAKPOINT { SOLVE states METHOD cnexp
  ik = gbar*n*n*n*n*(v - ek) }
DERIVATIVE states { rates()
  n' = (ninf - n)/ntau }
INITIAL { rates()
  n = ninf }
PROCEDURE rates() { LOCAL qt
  qt = q10^((celsius - 24)/10)
  ninf = 1/(1 + exp(-(v + 30)/9))
  ntau = 4/qt/(1 + exp((v + 40)/20))
}`;
    const { plugin } = compileMod(text, { filename: 'kq.mod' });
    const js = run(plugin!, false);
    const pow = Math.pow;
    let calls = 0;
    Math.pow = (x: number, y: number): number => { calls++; return pow(x, y); };
    let wasm: Float64Array[];
    try {
      wasm = run(plugin!, true);
    } finally {
      Math.pow = pow;
    }
    expect(differing(js, wasm)).toBe(0);
    // 37 instances, 300 steps: INITIAL (JavaScript) computes it per instance, then each advance
    // once per call site (lane 0 and lane 1 of the two-instance loop, the one-instance remainder),
    // where it was 37 per advance.
    expect(calls).toBe(37 + 300 * 3);
  });

  it('translates most kernels of the repository', () => {
    // current and/or advance of most files; the rest use event helpers, random streams or
    // LOCAL arrays of the file.
    expect(translated.length).toBeGreaterThanOrEqual(15);
  });

  it('fills a TABLE in WebAssembly unless the fill reads v or a node\'s value', () => {
    // (The same-bits runs above rebuild the TABLEs at two temperatures: the fills' numbers.)
    const fills = (text: string): string[] => {
      const { js } = compileMod(text, { filename: 'fill.mod' });
      const plan = translateKernels(js)!;
      return WebAssembly.Module.exports(new WebAssembly.Module(plan.bytes as Uint8Array<ArrayBuffer>)).map((e) => e.name).filter((n) => n.startsWith('_fill_'));
    };
    expect(fills(readFileSync(join(modDirs[0]!, 'hh.mod'), 'utf8'))).toEqual(['_fill_p_rates']);
    // cat.mod's rates() sets minf, hinf, mtau and htau, ASSIGNED and not declared GLOBAL: RANGE
    // variables, which the fill writes and reads at the first instance (as NEURON's does).
    expect(fills(readFileSync(join(modDirs[2]!, 'cat.mod'), 'utf8'))).toEqual(['_fill_p_rates']);
    // A fill that reads v (the instance's, not its argument) stays in JavaScript.
    const readsV = `NEURON { SUFFIX tabv NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) }
ASSIGNED { v (mV) i (mA/cm2) minf }
STATE { m }
BREAKPOINT { SOLVE s METHOD cnexp i = g * m * (v + 60) }
INITIAL { rates(v) m = minf }
DERIVATIVE s { rates(v) m' = (minf - m) / 2 }
PROCEDURE rates(x (mV)) { TABLE minf FROM -100 TO 100 WITH 200 minf = 1 / (1 + exp(-(x - v) / 5)) }
`;
    expect(fills(readsV)).toEqual([]);
  });

  it('translates the kernels of the standard mechanisms', () => {
    const names = ['hh', 'pas', 'ExpSyn', 'Exp2Syn', 'IClamp'];
    for (const n of names) {
      const { js } = compileMod(readFileSync(join(modDirs[0]!, `${n}.mod`), 'utf8'), { filename: `${n}.mod` });
      const plan = translateKernels(js);
      expect(plan, n).not.toBeNull();
      expect(plan!.kernels.current, n).toBeDefined();
    }
    const hh = translateKernels(compileMod(readFileSync(join(modDirs[0]!, 'hh.mod'), 'utf8')).js)!;
    expect(hh.kernels.advance).toBeDefined();
    // The exp table (core's EXP_TABLE_SPLIT, 512 values) and rates()'s six tables of 201 values
    // live in scratch (and one value of v), then the descriptor of the arrays' addresses (two
    // int32 per f64), then the step entry points' arguments: the kernels' eight (descriptor,
    // count, t, dt, celsius, secondorder, and the table's first value and scale).
    expect(hh.tables.map((t) => [t.name, t.length])).toEqual([['_t_libm_exp', 512], ...hh.tables.slice(1).map((t) => [t.name, 201])]);
    expect(hh.tables.length).toBe(7);
    expect(hh.descriptor).toBe(512 + 6 * 201 + 1);
    expect(hh.params).toBe(8 * Math.ceil(hh.pointers.length / 2));
    expect(hh.scratch).toBe(hh.descriptor + hh.params / 8 + 8);
    // Both of hh's kernels run two instances at a time.
    expect(hh.kernels.current!.twoLane && hh.kernels.advance!.twoLane).toBe(true);
    // The module names itself and its functions (profiles show `advance hh`, not a number).
    const nameSections = WebAssembly.Module.customSections(new WebAssembly.Module(hh.bytes as Uint8Array<ArrayBuffer>), 'name');
    expect(nameSections.length).toBe(1);
    const text = new TextDecoder().decode(nameSections[0]);
    for (const n of ['hh', 'current', 'advance', 'step_current', 'step_advance']) expect(text, n).toContain(n);
    // The two-instance loops are functions of their own, called from two instances up: a model
    // with one instance never compiles them. (One instance runs through the step entry points:
    // mechanisms' wasm-steps.test.ts and the NEURON cases of one compartment.)
    for (const n of ['current (two at a time)', 'advance (two at a time)']) expect(text, n).toContain(n);
  });

  it('leaves kernels it cannot translate to JavaScript (event helpers)', () => {
    const { js } = compileMod(readFileSync(join(modDirs[0]!, 'NetStim.mod'), 'utf8'));
    expect(translateKernels(js)).toBeNull();
  });
});

describe('POINTERs stay in JavaScript', () => {
  it('a kernel that reads a POINTER, itself or through a FUNCTION, is not translated; the others of the file are', () => {
    const text = [
      'NEURON { SUFFIX ptr POINTER vp NONSPECIFIC_CURRENT i RANGE g }',
      'PARAMETER { g = 0.001 (S/cm2) }',
      'ASSIGNED { v (mV) vp (mV) i (mA/cm2) }',
      'STATE { s }',
      'BREAKPOINT { SOLVE st METHOD cnexp  i = g * s * (v + 70) }',
      'DERIVATIVE st { s\' = (sinf() - s) / 2 }',
      'FUNCTION sinf() { sinf = 1 / (1 + exp(-vp / 5)) }',
    ].join('\n');
    for (const inlineProcedures of [true, false]) {
      const r = compileMod(text, { inlineProcedures });
      expect(r.diagnostics).toEqual([]);
      const plan = translateKernels(r.js, { simd: true });
      expect(plan === null ? [] : Object.keys(plan.kernels)).toEqual(['current']);
    }
  });
});
