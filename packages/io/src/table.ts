import { IoError } from './errors.js';

/**
 * Something that can become one column of numbers: any array-like of numbers (plain array,
 * `Float64Array`, ...) or an object with `toArray()` (neurite's `Vector`), which may carry a
 * `label` and a `unit`.
 */
export type ColumnSource = ArrayLike<number> | VectorLike;

/** The structural shape of a neurite `Vector` that `@neurite/io` relies on. */
export interface VectorLike {
  /** The values as a `Float64Array` (a copy or a view). */
  toArray(): Float64Array;
  /** Optional label of the vector. */
  label?: string;
  /** Optional unit of the vector. */
  unit?: string;
}

/** One named column, for when order or duplicate-looking names matter. */
export interface NamedColumn {
  /** Column name (CSV header cell, JSON/pickle/npz key). */
  name: string;
  /** Its values. */
  data: ColumnSource;
}

/**
 * What the save functions accept: a record of columns (`{ t, v }`, insertion order kept), an
 * ordered list of named columns, or a {@link Table} (so that loaded data saves like fresh data).
 */
export type RecordingSet = Table | readonly NamedColumn[] | Readonly<Record<string, ColumnSource>>;

/**
 * Loaded (or normalised) data: named `Float64Array` columns in a fixed order. Each column is
 * accepted as is by `h.Vector(array)`.
 *
 * `names` gives the order; `columns` maps names to arrays (use `names` to iterate: a plain
 * object puts integer-like keys such as `"0"` first).
 *
 * @example
 * ```ts
 * import { Table } from '@neurite/io';
 * const table = new Table(['t', 'v'], [new Float64Array([0, 0.025]), new Float64Array([-65, -64.99])]);
 * table.get('v'); // Float64Array [-65, -64.99]
 * table.rowCount; // 2
 * ```
 */
export class Table {
  /** Column names, in order. */
  readonly names: readonly string[];
  /** Columns by name. */
  readonly columns: Readonly<Record<string, Float64Array>>;
  /** Columns in the order of `names`. */
  readonly list: readonly Float64Array[];

  /**
   * @param names - column names, unique
   * @param columns - one array per name, same order
   * @example
   * ```ts
   * const table = new Table(['t'], [new Float64Array([0, 1])]);
   * ```
   */
  constructor(names: readonly string[], columns: readonly Float64Array[]) {
    if (names.length !== columns.length) {
      throw new IoError('BAD_COLUMN', `expected as many columns as names, got ${columns.length} columns for ${names.length} names`);
    }
    const record: Record<string, Float64Array> = Object.create(null) as Record<string, Float64Array>;
    names.forEach((name, i) => {
      if (typeof name !== 'string') throw new IoError('BAD_NAME', `expected column names to be strings, found ${typeof name}`);
      if (Object.prototype.hasOwnProperty.call(record, name)) throw new IoError('BAD_NAME', `duplicate column name ${JSON.stringify(name)}`);
      record[name] = columns[i]!;
    });
    this.names = Object.freeze([...names]);
    this.list = Object.freeze([...columns]);
    this.columns = Object.freeze(record);
  }

  /**
   * The column with this name, or `undefined`.
   * @example
   * ```ts
   * const v = table.get('v');
   * ```
   */
  get(name: string): Float64Array | undefined {
    return Object.prototype.hasOwnProperty.call(this.columns, name) ? this.columns[name] : undefined;
  }

  /**
   * Number of rows: the common length of all columns (0 for no columns). Throws `LENGTH_MISMATCH`
   * when columns differ in length (possible for JSON, pickle and npz data).
   * @example
   * ```ts
   * new Table(['t'], [new Float64Array(3)]).rowCount; // 3
   * ```
   */
  get rowCount(): number {
    return commonLength(this.names, this.list);
  }

  /**
   * Iterates `[name, column]` pairs in order.
   * @example
   * ```ts
   * for (const [name, column] of table) console.log(name, column.length);
   * ```
   */
  *[Symbol.iterator](): IterableIterator<[string, Float64Array]> {
    for (let i = 0; i < this.names.length; i++) yield [this.names[i]!, this.list[i]!];
  }
}

/** A column normalised for writing: name plus an indexable source that is read once per element. */
export interface ResolvedColumn {
  /** The column's name (a header or array name in the written file). */
  readonly name: string;
  /** The column's values: the recording's `toArray()`, or the array given. */
  readonly values: ArrayLike<number>;
}

function isVectorLike(x: unknown): x is VectorLike {
  return typeof x === 'object' && x !== null && typeof (x as { toArray?: unknown }).toArray === 'function';
}

function resolveColumn(name: string, data: unknown): ResolvedColumn {
  if (isVectorLike(data)) {
    const arr = data.toArray();
    if (!(arr instanceof Float64Array)) throw new IoError('BAD_COLUMN', `column ${JSON.stringify(name)}: expected toArray() to return a Float64Array`);
    return { name, values: arr };
  }
  if (typeof data === 'object' && data !== null && typeof (data as { length?: unknown }).length === 'number') {
    return { name, values: data as ArrayLike<number> };
  }
  throw new IoError('BAD_COLUMN', `column ${JSON.stringify(name)}: expected an array of numbers or a Vector, found ${data === null ? 'null' : typeof data}`);
}

/**
 * Turns any {@link RecordingSet} into an ordered list of columns, without copying array data
 * (a `Vector`'s `toArray()` is called once).
 *
 * @example
 * ```ts
 * import { resolveColumns } from '@neurite/io';
 * resolveColumns({ t: [0, 1], v: [-65, -64] }).map((c) => c.name); // ['t', 'v']
 * ```
 */
export function resolveColumns(data: RecordingSet): ResolvedColumn[] {
  let out: ResolvedColumn[];
  if (data instanceof Table) {
    out = data.names.map((name, i) => ({ name, values: data.list[i]! }));
  } else if (Array.isArray(data)) {
    out = (data as readonly NamedColumn[]).map((c, i) => {
      if (typeof c !== 'object' || c === null || typeof c.name !== 'string') {
        throw new IoError('BAD_COLUMN', `column ${i}: expected { name: string, data: numbers }`);
      }
      return resolveColumn(c.name, c.data);
    });
  } else if (typeof data === 'object' && data !== null) {
    out = Object.keys(data).map((name) => resolveColumn(name, (data as Record<string, unknown>)[name]));
  } else {
    throw new IoError('BAD_COLUMN', 'expected a record of columns, a list of named columns or a Table');
  }
  const seen = new Set<string>();
  for (const c of out) {
    if (seen.has(c.name)) throw new IoError('BAD_NAME', `duplicate column name ${JSON.stringify(c.name)}`);
    seen.add(c.name);
  }
  return out;
}

/**
 * The common length of columns; throws `LENGTH_MISMATCH` naming the first column that differs.
 * @internal
 */
export function commonLength(names: readonly string[], columns: readonly ArrayLike<number>[], source?: string): number {
  if (columns.length === 0) return 0;
  const n = columns[0]!.length;
  for (let i = 1; i < columns.length; i++) {
    if (columns[i]!.length !== n) {
      throw new IoError(
        'LENGTH_MISMATCH',
        `expected all columns to have ${n} values (as ${JSON.stringify(names[0])}), but ${JSON.stringify(names[i])} has ${columns[i]!.length}`,
        { source },
      );
    }
  }
  return n;
}

/**
 * Builds a {@link Table} from any {@link RecordingSet}, copying every column into a new
 * `Float64Array` (useful to snapshot live recordings).
 *
 * @example
 * ```ts
 * import { toTable } from '@neurite/io';
 * const table = toTable({ t: [0, 0.025], v: [-65, -64.99] });
 * ```
 */
export function toTable(data: RecordingSet): Table {
  const cols = resolveColumns(data);
  return new Table(
    cols.map((c) => c.name),
    cols.map((c) => Float64Array.from(c.values)),
  );
}
