/**
 * Names every `.mod` file can use without declaring them.
 * @module
 */

/** Math functions of nocmodl's runtime and their JavaScript spelling. */
export const MATH_FUNCTIONS: ReadonlyMap<string, { readonly js: string; readonly arity: number }> = new Map([
  ['exp', { js: '_exp', arity: 1 }], ['log', { js: 'Math.log', arity: 1 }],
  ['log10', { js: 'Math.log10', arity: 1 }], ['sqrt', { js: 'Math.sqrt', arity: 1 }],
  ['fabs', { js: 'Math.abs', arity: 1 }], ['pow', { js: 'Math.pow', arity: 2 }],
  ['sin', { js: 'Math.sin', arity: 1 }], ['cos', { js: 'Math.cos', arity: 1 }],
  ['tan', { js: 'Math.tan', arity: 1 }], ['asin', { js: 'Math.asin', arity: 1 }],
  ['acos', { js: 'Math.acos', arity: 1 }], ['atan', { js: 'Math.atan', arity: 1 }],
  ['atan2', { js: 'Math.atan2', arity: 2 }], ['sinh', { js: 'Math.sinh', arity: 1 }],
  ['cosh', { js: 'Math.cosh', arity: 1 }], ['tanh', { js: 'Math.tanh', arity: 1 }],
  ['floor', { js: 'Math.floor', arity: 1 }], ['ceil', { js: 'Math.ceil', arity: 1 }],
  ['fmod', { js: '_fmod', arity: 2 }], ['fmin', { js: 'Math.min', arity: 2 }],
  ['fmax', { js: 'Math.max', arity: 2 }], ['hypot', { js: 'Math.hypot', arity: 2 }],
]);

/** Calls with special meaning (events, time, randomness). */
export const SPECIAL_CALLS: ReadonlySet<string> = new Set([
  'net_send', 'net_event', 'net_move', 'at_time', 'nrn_ghk', 'scop_random', 'normrand', 'exprand',
  'unirand', 'scop_normal', 'scop_exprand', 'printf', 'fprintf', 'state_discontinuity',
  'set_seed', 'exprand',
  'random_uniform', 'random_negexp', 'random_normal', 'random_setids', 'random_setseq',
]);

/** Constants nocmodl's C code sees (FARADAY and R with NEURON 8's modern values). */
export const BUILTIN_CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['PI', 3.14159265358979323846],
  ['FARADAY', 96485.33212331001],
  ['R', 8.31446261815324],
  ['E', 2.718281828459045],
]);

/** Run-time variables: membrane potential, time, step, temperature, point-process area. */
export const SPECIAL_VARIABLES: ReadonlySet<string> = new Set(['v', 't', 'dt', 'celsius', 'area', 'secondorder', 'diam']);

/** Variables that need solver support the mechanism ABI does not give (yet). */
export const UNSUPPORTED_VARIABLES: ReadonlyMap<string, string> = new Map([
  ['i_cap', '`i_cap` is not available to mechanisms'],
  ['i_membrane', '`i_membrane` is not available to mechanisms'],
]);

/** Maps an ion variable name to its slot for ion `ion`, or null. */
export function ionSlot(ion: string, name: string): 'e' | 'ci' | 'co' | 'i' | 'didv' | null {
  if (name === `e${ion}`) return 'e';
  if (name === `${ion}i`) return 'ci';
  if (name === `${ion}o`) return 'co';
  if (name === `i${ion}`) return 'i';
  if (name === `di${ion}dv`) return 'didv';
  return null;
}
