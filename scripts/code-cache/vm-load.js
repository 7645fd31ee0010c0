// Runs one of this package's scripts (`*.vm.js`, written by the build from the ES module of the
// same name) with V8's code cache when there is one, and returns what the script exports. Only
// the Node.js variants of the modules (`*.node.js`, the `node` condition of the package's
// exports) use it; the ES modules themselves are unchanged.
//
// A cache (`*.vm.cache`) holds the code V8 compiled for the script, the functions a typical run
// calls included, so that those functions are not compiled again on their first call. Its first
// line holds the SHA-1 of the script it was made from, and it is used only with that script (V8's
// own check compares lengths only). The line also holds what the script file's stat said when
// the cache was made (size, modification and change times, inode, device), as git's index does:
// when the file's stat says the same, and the file had not changed since before the cache was
// written (its change time is older than the cache's modification time, so that an edit within
// one tick of a coarse clock cannot hide), the SHA-1 is not computed (loading node:crypto and
// hashing the scripts took 1-2 ms of an import: bench/PROFILE.md). Otherwise (a copy, an
// install, an edit: any write to a file, and any change of its times, sets its change time to
// now) the SHA-1 decides. V8 also
// checks its version and flags, and compiles afresh when they differ: a cache never changes what
// runs, only how soon it runs fast.
//
// NEURITE_CODE_CACHE=off compiles without the caches; NEURITE_CODE_CACHE=write compiles without
// them and writes new ones when the process exits (scripts/code-cache/write.mjs).
import { closeSync, fstatSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const mode = process.env.NEURITE_CODE_CACHE ?? 'on';
// Every script loaded in this process and whether its cache served (read by the tests).
const loaded = (globalThis[Symbol.for('neurite.codeCache')] ??= []);
const toWrite = [];

/** A cache file's first line (256 bytes, so that the compiled code after it is aligned). */
const HEADER = 256;
const MAGIC = 'neurite code cache 4 ';
const sha1 = (bytes) => createRequire(import.meta.url)('node:crypto').createHash('sha1').update(bytes).digest('hex');
/** What a file's stat says of it; null when unknown (the file changed while it was read). */
const stamp = (st) => (st === null ? 'none' : `${st.size} ${st.mtimeMs} ${st.ctimeMs} ${st.ino} ${st.dev}`);
/** The first line: `<MAGIC><SHA-1> <stamp>` of the script's bytes and file. */
const header = (bytes, st) => `${MAGIC}${sha1(bytes)} ${stamp(st)}`.padEnd(HEADER - 1) + '\n';

/**
 * Whether a cache's first line was written for these bytes (read from a file whose stat was `st`,
 * null if unknown), the cache file last modified at `cacheMtimeMs`.
 */
function headerFits(line, bytes, st, cacheMtimeMs) {
  if (!line.startsWith(MAGIC) || !line.endsWith('\n')) return false;
  const [hash, ...rest] = line.slice(MAGIC.length).trimEnd().split(' ');
  if (st !== null && rest.join(' ') === stamp(st) && Math.max(st.mtimeMs, st.ctimeMs) < cacheMtimeMs) return true;
  return hash === sha1(bytes);
}

/** A file's bytes and its stat, from one descriptor; the stat is null if it changed meanwhile. */
function readWithStat(file) {
  const fd = openSync(file, 'r');
  try {
    const before = fstatSync(fd);
    const bytes = readFileSync(fd);
    const after = fstatSync(fd);
    return { bytes, st: stamp(before) === stamp(after) && after.size === bytes.length ? after : null };
  } finally {
    closeSync(fd);
  }
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
  let bytes, st;
  try {
    ({ bytes, st } = readWithStat(file));
  } catch (e) {
    throw new Error(`neurite: ${name} is missing beside ${fileURLToPath(meta.url)}. A bundler took this package's "node" `
      + 'export condition, whose modules read their code from beside them; give the bundler the "module" condition '
      + `(esbuild, webpack, Vite and Rollup do by default) or leave the package external. (${e instanceof Error ? e.message : String(e)})`);
  }
  let cachedData;
  if (mode === 'on') {
    try {
      const { bytes: cache, st: cacheSt } = readWithStat(cacheFile);
      if (cache.length > HEADER && headerFits(cache.toString('latin1', 0, HEADER), bytes, st, cacheSt?.mtimeMs ?? -Infinity)) cachedData = cache.subarray(HEADER);
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
    toWrite.push({ script, cacheFile, head: header(bytes, st) });
  }
  return script.runInThisContext()(imports, dynamicImport, meta);
}
