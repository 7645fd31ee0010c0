import type { FunctionTableAxis, FunctionTableValues, TableSource } from '../abi.js';
import { NeuriteError, shown } from '../errors.js';
import { Reference } from '../recording/reference.js';
import { VectorImpl, rawOf } from '../recording/vector.js';

/** Where numbers are, and how many there are from there now. */
interface Source { readonly at: TableSource; readonly available: number }

/**
 * The values a script gives a FUNCTION_TABLE of `arity` arguments, read from the arguments of
 * NEURON's `table_<name>_<mechanism>(...)` (`call`, e.g. `h.table_tau_kd`, names it in errors):
 *
 * - `(c)`: the constant c, whatever the arguments;
 * - `(y, x)`, two Vectors of one size, for a function of one argument: y[i] at x[i];
 * - `(y, n1, min1, max1, n2, x2, ...)`: y a reference to the first of n1 * n2 * ... values (the
 *   last argument varying fastest), e.g. `vec._ref_x[0]` (a Vector is taken from its first
 *   element); for each argument its number of points n and either `min, max` (an even grid) or a
 *   reference to its first point.
 *
 * As in NEURON, the values are read where they are at each lookup (a script may change them
 * after), and the sizes are those given now.
 * @example
 * ```ts
 * functionTableValues('h.table_tau_kd', 1, [2.5]); // { constant: 2.5 }
 * ```
 */
export function functionTableValues(call: string, arity: number, args: readonly unknown[]): FunctionTableValues {
  const usage = arity === 1
    ? `${call}(value), ${call}(yvec, xvec) or ${call}(y._ref_x[0], n, xmin, xmax)`
    : `${call}(value) or ${call}(y._ref_x[0], ${Array.from({ length: arity }, (_, i) => `n${i + 1}, xmin${i + 1}, xmax${i + 1}`).join(', ')})`;
  if (args.length === 0) throw new NeuriteError('INVALID_ARGUMENT', `${call}() needs arguments: ${usage}`);
  if (args.length === 1) {
    const c = args[0];
    if (typeof c !== 'number') throw new NeuriteError('INVALID_ARGUMENT', `${call}(value): the value must be a number, got ${shown(c)}; the forms are ${usage}`);
    return { constant: c };
  }
  const yv = rawOf(args[0]);
  if (yv && rawOf(args[1])) {
    if (arity !== 1) throw new NeuriteError('INVALID_ARGUMENT', `${call}(yvec, xvec): two Vectors give a function of one argument; this one has ${arity}: use ${usage}`);
    if (args.length > 2) throw new NeuriteError('INVALID_ARGUMENT', `${call}(yvec, xvec) takes 2 arguments, got ${args.length}`);
    const xv = rawOf(args[1])!;
    if (yv.length !== xv.length) {
      throw new NeuriteError('INVALID_ARGUMENT', `${call}(yvec, xvec): the Vectors must have the same size, got ${yv.length} values and ${xv.length} points`);
    }
    if (yv.length < 1) throw new NeuriteError('INVALID_ARGUMENT', `${call}(yvec, xvec): the Vectors are empty`);
    return { values: () => [yv.data, 0], axes: [{ size: xv.length, points: () => [xv.data, 0] }] };
  }
  const values = source(call, 'the values (first argument)', args[0], usage);
  const sources: [string, Source, number][] = [];
  const axes: FunctionTableAxis[] = [];
  let at = 1;
  for (let i = 0; i < arity; i++) {
    const n = args[at];
    const which = arity === 1 ? 'the argument' : `argument ${i + 1}`;
    if (typeof n !== 'number') {
      throw new NeuriteError('INVALID_ARGUMENT', `${call}: the number of points of ${which} must be a number, got ${n === undefined ? 'nothing' : shown(n)}; the forms are ${usage}`);
    }
    // (NEURON stores the size in an int, so 8.5 points are 8.)
    const size = Math.trunc(n);
    if (!(size >= 1)) throw new NeuriteError('INVALID_ARGUMENT', `${call}: ${which} needs at least 1 point, got ${n}`);
    at++;
    if (typeof args[at] === 'number') {
      const min = args[at] as number;
      const max = args[at + 1];
      if (typeof max !== 'number') throw new NeuriteError('INVALID_ARGUMENT', `${call}: ${which} has xmin ${min} but no xmax (a number); the forms are ${usage}`);
      if (max < min) throw new NeuriteError('INVALID_ARGUMENT', `${call}: ${which} has xmin ${min} > xmax ${max}`);
      axes.push({ size, min, max });
      at += 2;
    } else {
      const points = source(call, `the points of ${which}`, args[at], usage);
      sources.push([`points of ${which}`, points, size]);
      axes.push({ size, points: points.at });
      at++;
    }
  }
  if (at < args.length) throw new NeuriteError('INVALID_ARGUMENT', `${call}: ${args.length - at} argument(s) too many; the forms are ${usage}`);
  // What the references reach now must hold the table (NEURON would read past it).
  sources.unshift(['values', values, axes.reduce((p, a) => p * a.size, 1)]);
  for (const [what, src, need] of sources) {
    if (src.available < need) {
      throw new NeuriteError('INVALID_ARGUMENT', `${call}: the ${what} are ${need} numbers from where the reference points, and there are ${Math.max(src.available, 0)}`);
    }
  }
  return { values: values.at, axes };
}

/** Where a reference or a Vector (its first element) points, and how many numbers are there. */
function source(call: string, what: string, x: unknown, usage: string): Source {
  if (x instanceof Reference) {
    // (An element of a Vector, vec._ref_x[i]: the Vector's size counts, not its storage's.)
    const [a, i] = x._resolve();
    return { at: x._resolve, available: (x._owner instanceof VectorImpl ? x._owner.length : a.length) - i };
  }
  const v = rawOf(x);
  if (v) return { at: () => [v.data, 0], available: v.length };
  throw new NeuriteError('INVALID_ARGUMENT', `${call}: ${what} must be a reference to the first number (vec._ref_x[0]) or a Vector, got ${shown(x)}; the forms are ${usage}`);
}
