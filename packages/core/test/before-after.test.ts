// NMODL's BEFORE and AFTER blocks: when core calls each kernel, in NEURON's order (finitialize:
// BEFORE INITIAL, INITIAL, AFTER INITIAL, BEFORE BREAKPOINT with the currents, BEFORE STEP; each
// step: BEFORE BREAKPOINT, currents, the solve, states, AFTER SOLVE, BEFORE STEP, the sample).
import { describe, expect, it } from 'vitest';
import { ABI_VERSION, type MechanismKernels, type MechanismType } from '../src/abi.js';
import { Catalogue } from '../src/catalogue.js';
import { createH } from '../src/h.js';
import { testPas } from './support/plugins.js';

function logging(log: string[]): MechanismType {
  const at = (what: string) => (_m: unknown, nodes: { v: Float64Array }, ctx: { t: number }): void => { log.push(`${what} t=${ctx.t} v=${nodes.v[1]}`); };
  const kernels: MechanismKernels = {
    init: at('init'), current: at('current'), advance: at('advance'),
    beforeInitial: at('beforeInitial'), afterInitial: at('afterInitial'), beforeBreakpoint: at('beforeBreakpoint'),
    afterSolve: at('afterSolve'), beforeStep: at('beforeStep'),
  };
  return { abiVersion: ABI_VERSION, name: 'ba', kind: 'density', electrodeCurrent: false, fields: [], globals: [], ions: [], createKernels: () => kernels };
}

describe('BEFORE and AFTER kernels', () => {
  it.each([true, false])('run in NEURON\'s order, with the step\'s t and v (wasmSteps %s)', (wasmSteps) => {
    const log: string[] = [];
    const h = createH({ catalogue: new Catalogue([testPas, logging(log)]), wasmSteps });
    const soma = h.Section({ name: 'soma' });
    soma.insert('pas').insert('ba');
    const v = h.Vector().record(soma(0.5)._ref_v);
    h.finitialize(-60);
    expect(log.map((l) => l.split(' ')[0])).toEqual(['beforeInitial', 'init', 'afterInitial', 'beforeBreakpoint', 'current', 'beforeStep']);
    log.length = 0;
    h.fadvance();
    h.continuerun(0.05);
    const v1 = v[1]!;
    expect(log).toEqual([
      'beforeBreakpoint t=0.0125 v=-60', 'current t=0.0125 v=-60', 'advance t=0.025 v=' + v1, 'afterSolve t=0.025 v=' + v1, 'beforeStep t=0.025 v=' + v1,
      'beforeBreakpoint t=0.037500000000000006 v=' + v1, 'current t=0.037500000000000006 v=' + v1, 'advance t=0.05 v=' + v[2], 'afterSolve t=0.05 v=' + v[2], 'beforeStep t=0.05 v=' + v[2],
    ]);
    expect(v.size()).toBe(3);
  });
});
