import { describe, expect, it } from 'vitest';
import { HinesMatrix, type WasmStep, wasmModule as solveModule } from '../src/solver/hines.js';
import { STEPS_DONE, STEPS_NAN, STOP_CROSSED, STOP_EVENT, STOP_FULL, StepProgram, assembleStepper, stepperModule, stepperWasmBytes } from '../src/solver/stepper.js';
import { compiledOnce, scratchMemory } from '../src/solver/wasm-bytes.js';
import { VectorImpl } from '../src/recording/vector.js';

describe('the step loop module', () => {
  it('is the assembler’s output byte for byte', () => {
    expect(Array.from(stepperWasmBytes())).toEqual(Array.from(assembleStepper()));
    expect(WebAssembly.validate(stepperWasmBytes())).toBe(true);
  });
});

describe('compiledOnce', () => {
  it('compiles once, calls warm once with the module, and ignores what warm throws', () => {
    let warmed: WebAssembly.Module[] = [];
    const once = compiledOnce(stepperWasmBytes, (mod) => { warmed.push(mod); throw new Error('ignored'); });
    const mod = once();
    expect(mod).toBeInstanceOf(WebAssembly.Module);
    expect(once()).toBe(mod);
    expect(warmed).toEqual([mod]);
    warmed = [];
    const broken = compiledOnce(() => new Uint8Array([0, 1, 2]), (m) => { warmed.push(m); });
    expect(broken()).toBeNull();
    expect(warmed).toEqual([]);
  });

  it('warms the solve and the step loop with calls that stop at once on a zeroed memory', () => {
    // (What the two modules' warm functions do: a solve of no nodes; a program of zeros, which
    // stops before its first step, an event being due at t = 0.)
    const mem = scratchMemory();
    const step = new WebAssembly.Instance(solveModule()!, { env: { mem } }).exports.step as WasmStep;
    expect(step(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).toBe(0);
    const calls: string[] = [];
    const run = new WebAssembly.Instance(stepperModule()!, {
      env: { mem, k: new WebAssembly.Table({ element: 'anyfunc', initial: 0 }), js: () => { calls.push('js'); }, solve: () => { calls.push('solve'); return 0; } },
    }).exports.run as (p: number) => number;
    expect(run(0)).toBe(0);
    expect(calls).toEqual([]);
    expect(new Int32Array(mem.buffer)[156 >> 2]).toBe(STOP_EVENT); // (the header's REASON)
  });
});

/** A chain of 4 nodes with a leak current (a JavaScript kernel called back) and, in a plain
 * JavaScript loop, the same steps: the program's numbers against the loop's. */
function chain(): { m: HinesMatrix; leak: (t: number) => void } {
  const m = new HinesMatrix(4, { reserve: 4096 });
  for (let i = 0; i < 4; i++) {
    m.parent[i] = i - 1;
    m.a[i] = i === 0 ? 0 : -0.3;
    m.b[i] = i === 0 ? 0 : -0.2;
    m.cm[i] = 1;
    m.v[i] = -65 + i;
  }
  const leak = (t: number): void => {
    for (let i = 0; i < 4; i++) {
      const g = 0.001 * (1 + i), e = -70 + 10 * Math.sin(t);
      m.rhs[i] -= g * (m.v[i]! - e);
      m.d[i] += g;
    }
  };
  return { m, leak };
}

function program(m: HinesMatrix, leak: (t: number) => void, recordings: { address: number }[], detectors = 0): StepProgram {
  const block = m.f64(StepProgram.bytes(2, 1, detectors, recordings.length, 8) / 8);
  const p = StepProgram.create({
    memory: m.memory!, block, solve: m.wasmSolve!, matrix: m, zeros: [m.rhs, m.d], currents: [{ js: 0 }], advances: [],
    detectors, recordings, capacity: 8, ions: [], js: (code, t) => { if (code === 0) leak(t); },
  });
  return p!;
}

describe('a step program', () => {
  it('takes the steps of the JavaScript loop, with samples of two recordings every step, in groups, and stops when its buffers are full', () => {
    const a = chain();
    const b = chain();
    const p = program(a.m, a.leak, [{ address: a.m.v.byteOffset + 16 }, { address: a.m.v.byteOffset }]);
    const dt = 0.025, ts = 0.5 - dt / 2;
    p.begin({ t: 0, dt, ts, nstep: 3, single: false, cfac: 0.001 / dt, vfac: 1, hooks: 0 });
    p.nextEvent = Infinity;
    const every = new VectorImpl(undefined), other = new VectorImpl(undefined);
    const stops: number[] = [];
    for (;;) {
      const r = p.run();
      every._pushAll(p.samples(0));
      other._pushAll(p.samples(1));
      if (r === STEPS_DONE) break;
      expect(p.reason).toBe(STOP_FULL);
      stops.push(r);
      p.resume();
    }
    // The JavaScript loop: groups of 3 steps while t < ts.
    let t = 0;
    const want: number[] = [], wantOther: number[] = [];
    while (t < ts) {
      for (let k = 0; k < 3; k++) {
        t += 0.5 * dt;
        b.m.zero();
        b.leak(t);
        b.m.solve(0.001 / dt, 1);
        t += 0.5 * dt;
        want.push(b.m.v[2]!);
        wantOther.push(b.m.v[0]!);
      }
    }
    expect(p.t).toBe(t);
    expect(Array.from(every.data.subarray(0, every.length))).toEqual(want);
    expect(Array.from(other.data.subarray(0, other.length))).toEqual(wantOther);
    expect(want.length).toBe(21);
    // (8 samples per buffer: full after steps 8 and 16, places 2 and 1 of their groups.)
    expect(stops).toEqual([2, 1]);
  });

  it('stops before a step whose middle an event reaches, and when a value crosses a threshold upwards', () => {
    const { m, leak } = chain();
    const p = program(m, leak, [], 2);
    const dt = 0.025;
    p.begin({ t: 0, dt, ts: 100, nstep: 1, single: false, cfac: 0.001 / dt, vfac: 1, hooks: 0 });
    // v[3] starts at -62 and falls towards -70: above -63 and not marked so, it crosses at once;
    // v[0] (-65) stays above -100, as marked.
    p.detector(0, m.v.byteOffset + 24, -63, false);
    p.detector(1, m.v.byteOffset, -100, true);
    p.nextEvent = 0.1;
    expect(p.run()).toBe(0);
    expect(p.reason).toBe(STOP_CROSSED);
    expect(p.t).toBe(0);
    expect(Array.from(p.crossings())).toEqual([0]);
    expect(p.above(0)).toBe(true);
    p.resume();
    // (An event is due at the start of the first step whose middle is at or past it: the step
    // from 0.1, as 0.1 > 0.075 + 0.0125.)
    expect(p.run()).toBe(0);
    expect(p.reason).toBe(STOP_EVENT);
    expect(p.t).toBeCloseTo(0.1, 12);
    // v[3] fell below -63 on the way, without a stop.
    expect(m.v[3]!).toBeLessThan(-63);
    expect(p.above(0)).toBe(false);
    expect(p.above(1)).toBe(true);
    p.resume();
    p.nextEvent = Infinity;
    p.begin({ t: p.t, dt, ts: 0.5, nstep: 1, single: false, cfac: 0.001 / dt, vfac: 1, hooks: 0 });
    expect(p.run()).toBe(STEPS_DONE);
  });

  it('reports a NaN after the solve', () => {
    const { m, leak } = chain();
    const p = program(m, (t) => { leak(t); m.rhs[1] = Number.NaN; }, []);
    p.begin({ t: 0, dt: 0.025, ts: 1, nstep: 1, single: false, cfac: 0.04, vfac: 1, hooks: 0 });
    p.nextEvent = Infinity;
    expect(p.run()).toBe(STEPS_NAN);
    expect(p.t).toBe(0.025);
  });
});
