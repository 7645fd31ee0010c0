/**
 * NEURON's unit system, reduced to what `.mod` files need: a unit expression such as `mA/cm2`,
 * `k-mole`, `joule/degC` or `10000 coulomb` evaluates to a factor and a dimension vector, built
 * the way NEURON's units library builds it (term by term, in double precision, powers by repeated
 * multiplication), so that conversion factors come out bit-identical to nocmodl's.
 * @module
 */

/** Dimensions over the primitive units m, kg, sec, coul, K, and a catch-all for others. */
export type Dimensions = readonly number[];

/** A unit's value in primitive units. */
export interface UnitValue {
  /** The size of the unit in primitive units, e.g. 10 for `mA/cm2` (A/m2). */
  readonly factor: number;
  /** The exponent of each primitive unit (m, kg, sec, coul, K, candela), e.g. `[-2, 0, -1, 1, 0, 0]` (coul/sec/m2) for `mA/cm2`. */
  readonly dims: Dimensions;
}

const PRIMITIVES = ['m', 'kg', 'sec', 'coul', 'K', 'candela'] as const;

/** Definitions in NEURON's units notation (`1.602176634-19` is 1.602176634e-19). Modern
 * (2019 SI) constants, as NEURON 8 uses by default. */
const DEFINITIONS: Readonly<Record<string, string>> = {
  fuzz: '1', pi: '3.14159265358979323846',
  c: '2.99792458+8 m/sec fuzz', g: '9.80665 m/sec2',
  e: '1.602176634-19 coul fuzz', mole: '6.02214076+23 fuzz', mol: 'mole',
  boltzmann: '1.380649-23 joule/K', k: 'boltzmann',
  faraday: 'e-mole', gasconstant: 'k-mole', R: 'gasconstant', avogadro: 'mole',
  sec: '', second: 'sec', s: 'sec', minute: '60 sec', min: 'minute', hour: '60 min',
  ms: 'millisec', meter: 'm', metre: 'm', micron: 'micrometer', angstrom: 'decinanometer',
  gram: 'millikg', gm: 'gram', gramme: 'gram', cc: 'cm3', liter: 'kilocc', litre: 'liter', l: 'liter', L: 'liter',
  newton: 'kg-m/sec2', nt: 'newton', N: 'newton', joule: 'nt-m', J: 'joule', cal: '4.1868 joule', calorie: 'cal',
  erg: 'cm2-gm/sec2', dyne: 'cm-gm/sec2',
  coulomb: 'coul', C: 'coul', ampere: 'coul/sec', amp: 'ampere', A: 'ampere', watt: 'joule/sec', W: 'watt',
  volt: 'watt/amp', V: 'volt', ohm: 'volt/amp', mho: '/ohm', siemens: '/ohm', S: 'siemens',
  farad: 'coul/volt', F: 'farad', hertz: '/sec', Hz: 'hertz', hz: '/sec',
  degC: 'K', kelvin: 'K', degK: 'K', celsius: 'K', radian: '1', degree: '1|180 pi', deg: 'degree',
  molar: '/liter', M: 'molar', percent: '.01', '%': 'percent',
};

const PREFIXES: readonly (readonly [string, number])[] = [
  ['yotta', 1e24], ['zetta', 1e21], ['exa', 1e18], ['peta', 1e15], ['tera', 1e12], ['giga', 1e9],
  ['mega', 1e6], ['myria', 1e4], ['kilo', 1e3], ['hecto', 1e2], ['deka', 1e1], ['deci', 1e-1],
  ['centi', 1e-2], ['milli', 1e-3], ['micro', 1e-6], ['nano', 1e-9], ['pico', 1e-12],
  ['femto', 1e-15], ['atto', 1e-18], ['zepto', 1e-21], ['yocto', 1e-24],
  ['da', 1e1], ['Y', 1e24], ['Z', 1e21], ['E', 1e18], ['P', 1e15], ['T', 1e12], ['G', 1e9],
  ['M', 1e6], ['k', 1e3], ['h', 1e2], ['d', 1e-1], ['c', 1e-2], ['m', 1e-3], ['u', 1e-6],
  ['n', 1e-9], ['p', 1e-12], ['f', 1e-15], ['a', 1e-18], ['z', 1e-21], ['y', 1e-24],
];

const DIMLESS: Dimensions = PRIMITIVES.map(() => 0);

function combine(a: UnitValue, b: UnitValue, sign: 1 | -1): UnitValue {
  return {
    factor: sign === 1 ? a.factor * b.factor : a.factor / b.factor,
    dims: a.dims.map((d, i) => d + sign * (b.dims[i] ?? 0)),
  };
}

/** Parses NEURON's number notation: `1.6-19`, `6.02+23`, `1e-3`, `1|180`. */
function parseNumber(tok: string): number | null {
  const ratio = tok.split('|');
  if (ratio.length === 2) {
    const a = parseNumber(ratio[0]!);
    const b = parseNumber(ratio[1]!);
    return a === null || b === null ? null : a / b;
  }
  const m = /^([0-9]*\.?[0-9]*)(?:[eE]?([+-]?[0-9]+))?$/.exec(tok);
  if (!m || m[1] === '' || m[1] === '.') return null;
  const mant = Number(m[1]);
  if (m[2] === undefined) return mant;
  return Number(`${m[1]}e${m[2]}`);
}

/**
 * A table of units: the built-in definitions plus a `.mod` file's UNITS aliases.
 * @example
 * ```ts
 * const units = new UnitTable();
 * units.define('mA', 'milliamp');
 * units.conversion('mA/cm2', 'nA/um2'); // 0.009999999999999998, as nocmodl computes it
 * ```
 */
export class UnitTable {
  private readonly user = new Map<string, string>();
  private readonly cache = new Map<string, UnitValue | null>();

  /**
   * Adds `(name) = (definition)` from a UNITS block.
   * @example
   * ```ts
   * const t = new UnitTable(); t.define('mA', 'milliamp');
   * ```
   */
  define(name: string, definition: string): void {
    this.user.set(name, definition);
    this.cache.clear();
  }

  /**
   * Evaluates a unit expression; `null` when a name is not recognised.
   * @example
   * ```ts
   * new UnitTable().evaluate('mA/cm2'); // { factor: 10.000000000000002, dims: [...] }
   * ```
   */
  evaluate(text: string): UnitValue | null {
    return this.expr(text, 0);
  }

  /**
   * The factor that converts a quantity in `from` into `to` (nocmodl's `name = (from) (to)`),
   * or a message when a unit is not recognised. Like nocmodl, units that are not conformable
   * still give the ratio of their factors; {@link UnitTable.conformable} tells them apart.
   * @example
   * ```ts
   * new UnitTable().conversion('faraday', 'coulomb'); // 96485.33212331001
   * ```
   */
  conversion(from: string, to: string): number | string {
    const a = this.evaluate(from);
    if (!a) return `cannot recognise the units (${from})`;
    const b = this.evaluate(to);
    if (!b) return `cannot recognise the units (${to})`;
    return a.factor / b.factor;
  }

  /**
   * True when both units are recognised and have the same dimensions.
   * @example
   * ```ts
   * new UnitTable().conformable('mV', 'ms'); // false
   * ```
   */
  conformable(from: string, to: string): boolean {
    const a = this.evaluate(from);
    const b = this.evaluate(to);
    return a !== null && b !== null && a.dims.every((d, i) => d === b.dims[i]);
  }

  private expr(text: string, depth: number): UnitValue | null {
    if (depth > 40) return null;
    let acc: UnitValue = { factor: 1, dims: DIMLESS };
    let sign: 1 | -1 = 1;
    const tokens = text.replace(/\//g, ' / ').replace(/\*/g, ' ').trim().split(/[\s]+/).filter((s) => s !== '');
    for (const raw of tokens) {
      if (raw === '/') { sign = -1; continue; }
      // '-' separates factors (k-mole) but belongs to exponents in numbers (1.6-19).
      const parts = /^[0-9.]/.test(raw) && parseNumber(raw) !== null ? [raw] : raw.split('-').filter((s) => s !== '');
      for (const tok of parts) {
        const num = parseNumber(tok);
        if (num !== null) {
          acc = combine(acc, { factor: num, dims: DIMLESS }, sign);
          continue;
        }
        const pm = /^(.*?[^0-9])([0-9]+)$/.exec(tok);
        const name = pm ? pm[1]! : tok;
        const power = pm ? Number(pm[2]) : 1;
        const u = this.name(name, depth);
        if (!u) return null;
        for (let i = 0; i < power; i++) acc = combine(acc, u, sign);
      }
    }
    return acc;
  }

  private name(name: string, depth: number): UnitValue | null {
    const hit = this.cache.get(name);
    if (hit !== undefined) return hit;
    this.cache.set(name, null); // breaks definition cycles
    const value = this.lookup(name, depth);
    this.cache.set(name, value);
    return value;
  }

  private lookup(name: string, depth: number): UnitValue | null {
    const prim = (PRIMITIVES as readonly string[]).indexOf(name);
    if (prim >= 0) return { factor: 1, dims: DIMLESS.map((_, i) => (i === prim ? 1 : 0)) };
    const def = this.user.get(name) ?? (Object.hasOwn(DEFINITIONS, name) ? DEFINITIONS[name] : undefined);
    if (def !== undefined) return this.expr(def, depth + 1);
    for (const [p, f] of PREFIXES) {
      if (name === p && p.length > 1) return { factor: f, dims: DIMLESS }; // `milli/liter`
      if (name.length > p.length && name.startsWith(p)) {
        const rest = this.name(name.slice(p.length), depth + 1);
        if (rest) return { factor: f * rest.factor, dims: rest.dims };
      }
    }
    if (name.length > 2 && name.endsWith('s')) return this.name(name.slice(0, -1), depth + 1);
    return null;
  }
}
