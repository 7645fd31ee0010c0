/**
 * `@neurite/io`: save and load neurite recordings as CSV, JSON, Python pickle and NumPy
 * `.npy`/`.npz`, exactly (every double reads back as written) and safely. This entry is
 * browser-safe (strings and bytes only); files are in `@neurite/io/node`.
 */
export { IoError } from './errors.js';
export { Table, resolveColumns, toTable } from './table.js';
export { formatFloat, formatJsonFloat, parseFloatStrict } from './numbers.js';
export { CsvParser, CsvStream, csvChunks, csvStream, formatCsv, parseCsv } from './formats/csv.js';
export { JsonTableParser, formatJson, jsonChunks, parseJson } from './formats/json.js';
export { PICKLE_ALLOWED_GLOBALS, PyNdArray, PyTuple, formatPickle, parsePickle, pickleChunks, pickleToTable, unpickle } from './formats/pickle.js';
export { formatNpy, formatNpz, ndarrayToTable, npyChunks, npzChunks, parseNpy, parseNpyHeader, parseNpz, parseNpzArrays } from './formats/npy.js';

export type { IoErrorCode, IoErrorOptions, IoErrorPosition } from './errors.js';
export type { ColumnSource, NamedColumn, RecordingSet, ResolvedColumn, VectorLike } from './table.js';
export type {
  CsvReadOptions,
  CsvStreamOptions,
  CsvWriteOptions,
  RecordingObserver,
  SampleSource,
  StreamColumn,
  TextSink,
} from './formats/csv.js';
export type { JsonReadOptions, JsonWriteOptions } from './formats/json.js';
export type { PickleReadOptions, PickleWriteOptions, PyValue } from './formats/pickle.js';
export type { NdArray, NpyHeader, NpyReadOptions, NpyTableOptions, NpzWriteOptions } from './formats/npy.js';
