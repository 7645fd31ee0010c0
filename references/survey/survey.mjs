#!/usr/bin/env node
// Compile every .mod file under a folder with the neurite NMODL compiler and
// summarise what compiles, what is rejected (grouped by diagnostic), and what
// crashes (a thrown exception or a hang, which is a compiler bug).
//
// usage: node references/survey/survey.mjs <folder> [--json] [--timeout ms] [--examples n]
//
// Published models often ship many identical copies of the same .mod file, so
// each distinct file content is compiled once and the figures are given both
// per file and per distinct content ("unique"). Failure groups count unique
// contents. An NMODL900 diagnostic (internal compiler error, caught by the
// compiler itself) is counted as a crash, like a thrown exception or a hang.
//
// Each file is compiled in a worker thread so that a hang can be cut off by the
// per-file timeout without stopping the survey.

import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const here = dirname(fileURLToPath(import.meta.url));
const compilerEntry = resolve(here, '../../packages/nmodl-compiler/dist/index.js');

if (!isMainThread) {
  // Worker: compile files on request, report a compact result per file.
  const { compileMod } = await import(pathToFileURL(workerData.compilerEntry).href);
  // INCLUDEd files are read beside the .mod file, as nrnivmodl does.
  const { fileIncludes } = await import(pathToFileURL(join(dirname(workerData.compilerEntry), 'node.js')).href);
  parentPort.on('message', ({ file, path, text }) => {
    const t0 = performance.now();
    try {
      const r = compileMod(text, { filename: file, include: fileIncludes(path) });
      const diags = (r.diagnostics ?? []).map((d) => ({
        severity: d.severity,
        code: d.code,
        message: String(d.message ?? ''),
      }));
      const errors = diags.filter((d) => d.severity === 'error');
      const ok = !!r.plugin && errors.length === 0;
      const internal = errors.find((d) => d.code === 'NMODL900');
      if (internal) {
        parentPort.postMessage({
          file,
          status: 'crashed',
          internal: true,
          error: `${internal.code}: ${internal.message}`,
          diags,
          ms: performance.now() - t0,
        });
        return;
      }
      parentPort.postMessage({ file, status: ok ? 'compiled' : 'failed', diags, ms: performance.now() - t0 });
    } catch (e) {
      parentPort.postMessage({
        file,
        status: 'crashed',
        error: String(e && e.stack ? e.stack : e),
        ms: performance.now() - t0,
      });
    }
  });
} else {
  await main();
}

function parseArgs(argv) {
  const opts = { dir: null, json: false, timeout: 20000, examples: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') opts.json = true;
    else if (a === '--timeout') opts.timeout = Number(argv[++i]);
    else if (a === '--examples') opts.examples = Number(argv[++i]);
    else if (a === '-h' || a === '--help') {
      console.log('usage: node survey.mjs <folder> [--json] [--timeout ms] [--examples n]');
      process.exit(0);
    } else opts.dir = a;
  }
  if (!opts.dir) {
    console.error('usage: node survey.mjs <folder> [--json] [--timeout ms] [--examples n]');
    process.exit(2);
  }
  return opts;
}

function findModFiles(dir) {
  const out = [];
  const walk = (d) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.mod$/i.test(e.name)) out.push(p);
      else if (e.isSymbolicLink()) {
        try {
          const s = statSync(p);
          if (s.isFile() && /\.mod$/i.test(e.name)) out.push(p);
        } catch {}
      }
    }
  };
  walk(dir);
  return out.sort();
}

function makeWorker() {
  return new Worker(fileURLToPath(import.meta.url), { workerData: { compilerEntry } });
}

// Compile one file in `state.worker`; on timeout, terminate the worker and start a new one.
function compileInWorker(state, file, path, text, timeout) {
  return new Promise((resolvePromise) => {
    let done = false;
    const w = state.worker;
    const onMessage = (m) => finish(m);
    const onError = (e) =>
      finish({ file, status: 'crashed', error: 'worker error: ' + String(e && e.stack ? e.stack : e) }, true);
    const onExit = (code) => finish({ file, status: 'crashed', error: `worker exited with code ${code}` }, true);
    const timer = setTimeout(() => {
      finish({ file, status: 'crashed', hang: true, error: `timeout: no result after ${timeout} ms` }, true);
    }, timeout);
    function finish(result, replace = false) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('error', onError);
      w.off('exit', onExit);
      if (replace) {
        w.terminate().catch(() => {});
        state.worker = makeWorker();
      }
      resolvePromise(result);
    }
    w.on('message', onMessage);
    w.on('error', onError);
    w.on('exit', onExit);
    w.postMessage({ file, path, text });
  });
}

function firstLine(s) {
  return String(s).split('\n')[0].trim();
}

// Group key: diagnostic code + first line of the message, with quoted names and
// numbers generalised so that the same cause in different files groups together.
function normalise(msg) {
  return firstLine(msg)
    .replace(/'[^']*'/g, "'…'")
    .replace(/"[^"]*"/g, '"…"')
    .replace(/`[^`]*`/g, '`…`')
    .replace(/\b\d+(\.\d+)?\b/g, 'N');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(compilerEntry)) {
    console.error('compiler not built: run `pnpm --filter @neurite/nmodl-compiler build` first');
    process.exit(2);
  }
  const root = resolve(opts.dir);
  const files = findModFiles(root);
  const state = { worker: makeWorker() };
  const all = []; // every file, with the hash of its content
  const byHash = new Map(); // hash -> result of the first file with that content
  for (const f of files) {
    const rel = relative(root, f);
    let text;
    try {
      text = readFileSync(f, 'latin1');
    } catch (e) {
      all.push({ file: rel, hash: 'unreadable:' + rel });
      byHash.set('unreadable:' + rel, { file: rel, status: 'crashed', error: 'read error: ' + e.message });
      continue;
    }
    const hash = createHash('sha256').update(text).digest('hex');
    all.push({ file: rel, hash });
    if (byHash.has(hash)) continue;
    const r = await compileInWorker(state, rel, f, text, opts.timeout);
    r.file = rel;
    if (r.status === 'failed') r.cause = likelyCause(r.diags, text);
    byHash.set(hash, r);
  }
  await state.worker.terminate();
  const results = [...byHash.values()]; // one per distinct content
  const perFileStatus = all.map(({ file, hash }) => ({ file, status: byHash.get(hash).status, sameAs: byHash.get(hash).file }));
  const fileCount = (status) => perFileStatus.filter((r) => r.status === status).length;

  const compiled = results.filter((r) => r.status === 'compiled');
  const failed = results.filter((r) => r.status === 'failed');
  const crashed = results.filter((r) => r.status === 'crashed');

  // Group failures: each failing file counts once per distinct (code, message) group
  // among its errors; `first` counts only the first error of each file.
  const groups = new Map();
  const firstGroups = new Map();
  const byCode = new Map();
  for (const r of failed) {
    const errors = r.diags.filter((d) => d.severity === 'error');
    const list = errors.length ? errors : [{ code: 'NO_PLUGIN', message: 'no plugin and no error diagnostic' }];
    const seen = new Set();
    const seenCodes = new Set();
    list.forEach((d, i) => {
      const key = `${d.code}\t${normalise(d.message)}`;
      if (i === 0) {
        const g = firstGroups.get(key) ?? { code: d.code, message: normalise(d.message), count: 0, examples: [] };
        g.count++;
        if (g.examples.length < opts.examples) g.examples.push(r.file);
        firstGroups.set(key, g);
      }
      if (!seen.has(key)) {
        seen.add(key);
        const g = groups.get(key) ?? { code: d.code, message: normalise(d.message), files: 0, examples: [], sample: firstLine(d.message) };
        g.files++;
        if (g.examples.length < opts.examples) g.examples.push(r.file);
        groups.set(key, g);
      }
      if (!seenCodes.has(d.code)) {
        seenCodes.add(d.code);
        byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
      }
    });
  }
  const causes = new Map();
  for (const r of failed) {
    const g = causes.get(r.cause) ?? { cause: r.cause, count: 0, examples: [] };
    g.count++;
    if (g.examples.length < opts.examples) g.examples.push(r.file);
    causes.set(r.cause, g);
  }
  const sortDesc = (a, b) => (b.files ?? b.count) - (a.files ?? a.count);
  const summary = {
    date: new Date().toISOString(),
    files: all.length,
    filesCompiled: fileCount('compiled'),
    filesFailed: fileCount('failed'),
    filesCrashed: fileCount('crashed'),
    filesCompiledFraction: all.length ? fileCount('compiled') / all.length : 0,
    unique: results.length,
    compiled: compiled.length,
    failed: failed.length,
    crashed: crashed.length,
    compiledFraction: results.length ? compiled.length / results.length : 0,
    byFolder: byFolder(perFileStatus),
    likelyCauses: [...causes.values()].sort(sortDesc),
    failuresByCode: [...byCode.entries()].map(([code, files]) => ({ code, files })).sort(sortDesc),
    firstErrorGroups: [...firstGroups.values()].sort(sortDesc),
    errorGroups: [...groups.values()].sort(sortDesc),
    slowest: results
      .filter((r) => typeof r.ms === 'number')
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5)
      .map((r) => ({ file: r.file, ms: Math.round(r.ms) })),
    crashes: crashed.map((r) => ({ file: r.file, hang: !!r.hang, internal: !!r.internal, error: r.error })),
    perUnique: results.map((r) => ({
      file: r.file,
      status: r.status,
      errors: (r.diags ?? []).filter((d) => d.severity === 'error').map((d) => `${d.code}: ${firstLine(d.message)}`),
    })),
  };

  if (opts.json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  const pct = (n, d) => (d ? ((100 * n) / d).toFixed(1) + '%' : '-');
  const row = (a, b, c, d, e) => console.log(`  ${a.padEnd(16)}${String(b).padStart(8)}${String(c).padStart(10)}${String(d).padStart(8)}${String(e).padStart(9)}`);
  row('', 'files', 'compiled', 'failed', 'crashed');
  row('all files', all.length, summary.filesCompiled, summary.filesFailed, summary.filesCrashed);
  row('unique contents', results.length, compiled.length, failed.length, crashed.length);
  console.log(`\ncompiled fraction: ${pct(summary.filesCompiled, all.length)} of all files, ${pct(compiled.length, results.length)} of unique contents`);
  console.log('\nper top-level folder (all files):');
  row('folder', 'files', 'compiled', 'failed', 'crashed');
  for (const f of summary.byFolder) row(f.folder, f.files, f.compiled, f.failed, f.crashed);
  console.log('\nlikely cause of each failing unique content (heuristic, see likelyCause):');
  for (const g of summary.likelyCauses)
    console.log(`  ${String(g.count).padStart(5)}  ${g.cause}\n         e.g. ${g.examples.join(', ')}`);
  console.log('\nfailing unique contents by diagnostic code (a file counts once per code):');
  for (const { code, files } of summary.failuresByCode) console.log(`  ${String(files).padStart(5)}  ${code}`);
  console.log('\nfirst error of each failing unique content (code, message; count; examples):');
  for (const g of summary.firstErrorGroups)
    console.log(`  ${String(g.count).padStart(5)}  ${g.code}  ${g.message}\n         e.g. ${g.examples.join(', ')}`);
  console.log('\nall errors (a file counts once per group):');
  for (const g of summary.errorGroups)
    console.log(`  ${String(g.files).padStart(5)}  ${g.code}  ${g.message}\n         e.g. ${g.examples.join(', ')}`);
  console.log('\nslowest compiles: ' + summary.slowest.map((r) => `${r.file} ${r.ms} ms`).join(', '));
  if (crashed.length) {
    console.log('\ncrashes (compiler bugs):');
    for (const c of summary.crashes) console.log(`  ${c.file}${c.hang ? ' (hang)' : c.internal ? ' (internal error)' : ''}\n    ${c.error.split('\n').slice(0, 8).join('\n    ')}`);
  }
}

function byFolder(perFileStatus) {
  const m = new Map();
  for (const { file, status } of perFileStatus) {
    const folder = file.split(/[\\/]/)[0];
    const e = m.get(folder) ?? { folder, files: 0, compiled: 0, failed: 0, crashed: 0 };
    e.files++;
    e[status]++;
    m.set(folder, e);
  }
  return [...m.values()].sort((a, b) => a.folder.localeCompare(b.folder, undefined, { numeric: true }));
}

// The compiler stops after name resolution when a name is undefined, so an
// unsupported construct reported later (INCLUDE, VERBATIM) can hide behind
// NMODL200 errors. This names the most likely root cause of a failure:
// an NMODL500 (unsupported feature) if there is one, else a construct in the
// text that explains undefined names, else the first error.
function likelyCause(diags, text) {
  const errors = (diags ?? []).filter((d) => d.severity === 'error');
  const unsupported = errors.find((d) => d.code === 'NMODL500');
  if (unsupported) return `${unsupported.code} ${normalise(unsupported.message)}`;
  const undefinedNames = errors.filter((d) => d.code === 'NMODL200');
  if (undefinedNames.length && undefinedNames.length === errors.length) {
    const code = text.replace(/^\s*COMMENT\b[\s\S]*?^\s*ENDCOMMENT\b/gm, '').replace(/:.*$/gm, '');
    if (/^\s*INCLUDE\b/m.test(code)) return 'INCLUDE (hidden behind NMODL200: the names are defined in the included file)';
    if (undefinedNames.some((d) => /`(IF|ELSE|WHILE)`/.test(d.message)))
      return 'NMODL200 upper-case IF / ELSE / WHILE keywords not recognised';
    if (/^\s*VERBATIM\b/m.test(code)) return 'VERBATIM (hidden behind NMODL200: names used from or defined in C code)';
  }
  const first = errors[0];
  return first ? `${first.code} ${normalise(first.message)}` : 'no plugin and no error diagnostic';
}
