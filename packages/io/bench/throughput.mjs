// Throughput of every format through the file API: writes a recording of ROWS samples x 10
// columns (default 10^6), reads it back, checks every double is exact, prints MB/s and the peak
// memory each step needed beyond its input (each step runs in its own process).
// Run: pnpm --filter @neurite/io bench [-- rows]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Table } from '../dist/index.js';
import { loadCsv, loadJson, loadNpy, loadNpz, loadPickle, saveCsv, saveJson, saveNpy, saveNpz, savePickle } from '../dist/node.js';

const COLS = 10;
const names = Array.from({ length: COLS }, (_, j) => (j === 0 ? 't' : `v${j}`));
/** The recording's values, computed (not stored) so that checks need no second copy. */
const value = (i, j) => (j === 0 ? i * 0.025 : -65 + 30 * Math.sin(i * 1e-3 * j) + ((i * 7919 + j * 104729) % 1000) * 1e-6);

const formats = {
  csv: ['run.csv', (f, t) => saveCsv(f, t, { header: true }), (f) => loadCsv(f)],
  json: ['run.json', (f, t) => saveJson(f, t), (f) => loadJson(f)],
  'json-1-line': ['run1.json', (f, t) => saveJson(f, t, { indent: null }), (f) => loadJson(f)],
  'pickle-lists': ['run.p', (f, t) => savePickle(f, t), (f) => loadPickle(f)],
  'pickle-vectors': ['runv.p', (f, t) => savePickle(f, t, { as: 'vectors' }), (f) => loadPickle(f)],
  npy: ['run.npy', (f, t) => saveNpy(f, t), (f) => loadNpy(f, { names })],
  npz: ['run.npz', (f, t) => saveNpz(f, t), (f) => loadNpz(f)],
  'npz-compressed': ['runc.npz', (f, t) => saveNpz(f, t, { compress: true }), (f) => loadNpz(f)],
};

const MB = 1e6;
const peakAbove = (base) => (process.resourceUsage().maxRSS * 1024 - base) / MB;

if (process.argv[2] === 'write' || process.argv[2] === 'read') {
  // Child: one step, reported as JSON.
  const [, , step, fmt, rowsText, path] = process.argv;
  const rows = Number(rowsText);
  const [, save, load] = formats[fmt];
  if (step === 'write') {
    const table = new Table(names, names.map((_, j) => Float64Array.from({ length: rows }, (_, i) => value(i, j))));
    const base = process.memoryUsage().rss;
    const t0 = performance.now();
    save(path, table);
    const seconds = (performance.now() - t0) / 1000;
    console.log(JSON.stringify({ seconds, extraMB: peakAbove(base) }));
  } else {
    const base = process.memoryUsage().rss;
    const t0 = performance.now();
    const table = load(path);
    const seconds = (performance.now() - t0) / 1000;
    const extraMB = peakAbove(base);
    let exact = table.names.length === COLS && table.names.every((n, j) => n === names[j]);
    for (let j = 0; exact && j < COLS; j++) {
      const c = table.list[j];
      if (c.length !== rows) exact = false;
      for (let i = 0; exact && i < rows; i++) if (!Object.is(c[i], value(i, j))) exact = false;
    }
    console.log(JSON.stringify({ seconds, extraMB, exact }));
  }
} else {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'neurite-io-bench-'));
  const self = fileURLToPath(import.meta.url);
  const run = (...args) => {
    const r = spawnSync(process.execPath, [self, ...args.map(String)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };
  const dataMB = (rows * COLS * 8) / MB;
  console.log(`@neurite/io throughput: ${rows} rows x ${COLS} columns = ${dataMB.toFixed(0)} MB of doubles, node ${process.version}`);
  console.log('MB/s: file megabytes per second. extra MB: peak memory of the step beyond its starting point');
  console.log('(write: beyond the recording itself; read: including the loaded recording, itself ' + dataMB.toFixed(0) + ' MB).\n');
  const pad = (s, n) => String(s).padEnd(n);
  console.log(pad('format', 16) + pad('file MB', 9) + pad('write s', 9) + pad('MB/s', 7) + pad('extra MB', 10) + pad('read s', 8) + pad('MB/s', 7) + pad('extra MB', 10) + 'exact');
  let failed = false;
  try {
    for (const fmt of Object.keys(formats)) {
      const path = join(dir, formats[fmt][0]);
      const w = run('write', fmt, rows, path);
      const size = statSync(path).size / MB;
      const r = run('read', fmt, rows, path);
      rmSync(path);
      failed ||= !r.exact;
      console.log(
        pad(fmt, 16) + pad(size.toFixed(1), 9) + pad(w.seconds.toFixed(2), 9) + pad((size / w.seconds).toFixed(0), 7) + pad(w.extraMB.toFixed(0), 10) +
          pad(r.seconds.toFixed(2), 8) + pad((size / r.seconds).toFixed(0), 7) + pad(r.extraMB.toFixed(0), 10) + (r.exact ? 'yes' : 'NO'),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}
