// Runs one of this package's scripts (`*.vm.js`, written by the build from the ES module of the
// same name) with V8's code cache when there is one, and returns what the script exports. Only
// the Node.js variants of the modules (`*.node.js`, the `node` condition of the package's
// exports) use it; the ES modules themselves are unchanged.
//
// A cache (`*.vm.cache`) holds the code V8 compiled for the script, the functions a typical run
// calls included, so that those functions are not compiled again on their first call. Its first
// line holds the SHA-1 of the script it was made from, and it is used only with that script (V8's
// own check compares lengths only). The line also holds the script file's size and modification
// time: when they are the file's, the script is the one the cache was written beside and the
// SHA-1 is not computed (loading node:crypto and hashing the scripts took 3 ms); when they are
// not (a copy, an install, an edit), the SHA-1 decides. V8 also checks its version and flags, and
// compiles afresh when they differ: a cache never changes what runs, only how soon it runs fast.
//
// NEURITE_CODE_CACHE=off compiles without the caches; NEURITE_CODE_CACHE=write compiles without
// them and writes new ones when the process exits (scripts/code-cache/write.mjs).
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const mode = process.env.NEURITE_CODE_CACHE ?? 'on';
// Every script loaded in this process and whether its cache served (read by the tests).
const loaded = (globalThis[Symbol.for('neurite.codeCache')] ??= []);
const toWrite = [];

/** A cache file's first line (128 bytes, so that the compiled code after it is aligned). */
const HEADER = 128;
const MAGIC = 'neurite code cache 3 ';
const sha1 = (bytes) => createRequire(import.meta.url)('node:crypto').createHash('sha1').update(bytes).digest('hex');
/** The first line: `<MAGIC><SHA-1> <size> <mtimeMs>` of the script's bytes and file. */
const header = (bytes, stat) => `${MAGIC}${sha1(bytes)} ${stat.size} ${stat.mtimeMs}`.padEnd(HEADER - 1) + '\n';
/** Whether a cache's first line was written for these bytes, read from a file with this stat. */
function headerFits(line, bytes, stat) {
  if (!line.startsWith(MAGIC) || !line.endsWith('\n')) return false;
  const [hash, size, mtimeMs] = line.slice(MAGIC.length).trimEnd().split(' ');
  if (Number(size) === stat.size && Number(mtimeMs) === stat.mtimeMs && stat.size === bytes.length) return true;
  return hash === sha1(bytes);
}

// While writing, V8 runs without Sparkplug (its baseline compiler, for the functions that run
// most) and without dropping the bytecode of functions that have not run for a while (a cache
// holds what is compiled when it is written). Caches written after Sparkplug had compiled the
// busiest functions served less: the tutorial's first run took 1.8 ms with them, 1.3 with caches
// written without it (bench/PROFILE.md). The flags are set back before the caches are
// written, since a cache records the flags it was made under and a node takes only one made under
// its own; a flag the process was started with (NODE_OPTIONS or the command line) is left alone.
const WRITE_FLAGS = ['sparkplug', 'flush-bytecode'];
const startFlags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`.replace(/_/g, '-').split(/\s+/);
const ownFlags = WRITE_FLAGS.filter((f) => !startFlags.some((a) => a === `--${f}` || a === `--no-${f}`));
const setFlags = (on) => {
  if (ownFlags.length === 0) return;
  try {
    const require = createRequire(import.meta.url);
    // (The flags are the process's: a worker thread's copy of this loader leaves them to the
    // main thread's, or its exit would set them back while the main thread still warms up.)
    if (!require('node:worker_threads').isMainThread) return;
    const { setFlagsFromString } = require('node:v8');
    for (const f of ownFlags) setFlagsFromString(on ? `--${f}` : `--no-${f}`);
  } catch {
    // (an engine without V8's flags: the caches are written as they come)
  }
};

/** Writes the caches of the scripts loaded so far (at exit, when NEURITE_CODE_CACHE=write). */
function writeCaches() {
  setFlags(true);
  for (const { script, cacheFile, head } of toWrite) {
    // (Unique among processes and among the threads of one: a random part.)
    const tmp = `${cacheFile}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
    try {
      writeFileSync(tmp, Buffer.concat([Buffer.from(head, 'latin1'), script.createCachedData()]));
      renameSync(tmp, cacheFile);
    } catch (e) {
      rmSync(tmp, { force: true });
      process.stderr.write(`neurite: could not write the code cache ${cacheFile}: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
}

/**
 * Compiles and runs the script `name` beside the module `meta.url` and returns its exports.
 *
 * @param {ImportMeta} meta the calling module's `import.meta`, given to the script as its own
 * @param {string} name the script's file name, relative to that module
 * @param {'latin1' | 'utf8'} encoding how to read it (latin1 when it is ASCII: the faster)
 * @param {object[]} imports the modules the script imports, in its order
 * @param {(specifier: string, options?: object) => Promise<object>} dynamicImport its `import()`
 * @returns {Record<string, unknown>}
 *
 * @example
 * const $$vm_m = load(import.meta, 'index.vm.js', 'latin1', [$$vm_0], (s, o) => import(s, o));
 */
export function load(meta, name, encoding, imports, dynamicImport) {
  const file = fileURLToPath(new URL(name, meta.url));
  const cacheFile = file.replace(/\.js$/, '.cache');
  let bytes, stat;
  try {
    bytes = readFileSync(file);
    stat = statSync(file);
  } catch (e) {
    throw new Error(`neurite: ${name} is missing beside ${fileURLToPath(meta.url)}. A bundler took this package's "node" `
      + 'export condition, whose modules read their code from beside them; give the bundler the "module" condition '
      + `(esbuild, webpack, Vite and Rollup do by default) or leave the package external. (${e instanceof Error ? e.message : String(e)})`);
  }
  let cachedData;
  if (mode === 'on') {
    try {
      const cache = readFileSync(cacheFile);
      if (cache.length > HEADER && headerFits(cache.toString('latin1', 0, HEADER), bytes, stat)) cachedData = cache.subarray(HEADER);
    } catch {
      // no cache: compiled as it runs
    }
  }
  const script = new Script(bytes.toString(encoding), { filename: file, cachedData });
  loaded.push({ file, cached: cachedData !== undefined && script.cachedDataRejected === false });
  if (mode === 'write') {
    if (toWrite.length === 0) {
      setFlags(false);
      process.once('exit', writeCaches);
    }
    toWrite.push({ script, cacheFile, head: header(bytes, stat) });
  }
  return script.runInThisContext()(imports, dynamicImport, meta);
}
