// Runs one of this package's scripts (`*.vm.js`, written by the build from the ES module of the
// same name) with V8's code cache when there is one, and returns what the script exports. Only
// the Node.js variants of the modules (`*.node.js`, the `node` condition of the package's
// exports) use it; the ES modules themselves are unchanged.
//
// A cache (`*.vm.cache`) holds the code V8 compiled for the script, the functions a typical run
// calls included, so that those functions are not compiled again on their first call; it starts
// with the identifier of the script it was made from and is used only with that script. V8
// checks its own version and flags and compiles afresh when they differ, so a cache never changes
// what runs, only how soon it runs fast.
//
// NEURITE_CODE_CACHE=off compiles without the caches; NEURITE_CODE_CACHE=write compiles without
// them and writes new ones when the process exits (scripts/code-cache/write.mjs).
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const mode = process.env.NEURITE_CODE_CACHE ?? 'on';
// Every script loaded in this process and whether its cache served (read by the tests).
const loaded = (globalThis[Symbol.for('neurite.codeCache')] ??= []);

const toWrite = [];

/** Writes the caches of the scripts loaded so far (at exit, when NEURITE_CODE_CACHE=write). */
function writeCaches() {
  for (const { script, cacheFile, id } of toWrite) {
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, Buffer.concat([Buffer.from(header(id), 'latin1'), script.createCachedData()]));
      renameSync(tmp, cacheFile);
    } catch (e) {
      rmSync(tmp, { force: true });
      process.stderr.write(`neurite: could not write the code cache ${cacheFile}: ${e instanceof Error ? e.message : String(e)}\n`);
      return;
    }
  }
}

/** The first bytes of a cache file for the script `id`. */
const header = (id) => `neurite code cache 1 ${id}\n`;

/**
 * Compiles and runs the script `name` beside the module `meta.url` and returns its exports.
 *
 * @param {ImportMeta} meta the calling module's `import.meta`, given to the script as its own
 * @param {string} name the script's file name, relative to that module
 * @param {string} id the script's identifier (a hash of its text)
 * @param {object[]} imports the modules the script imports, in its order
 * @param {(specifier: string) => Promise<object>} dynamicImport the script's `import()`
 * @returns {Record<string, unknown>}
 *
 * @example
 * const $m = load(import.meta, 'index.vm.js', '0123456789abcdef', [$0], (s) => import(s));
 */
export function load(meta, name, id, imports, dynamicImport) {
  const file = fileURLToPath(new URL(name, meta.url));
  const cacheFile = file.replace(/\.js$/, '.cache');
  const source = readFileSync(file, 'latin1'); // ASCII: the build checks
  let cachedData;
  if (mode === 'on') {
    try {
      const bytes = readFileSync(cacheFile);
      const h = header(id);
      if (bytes.length > h.length && bytes.toString('latin1', 0, h.length) === h) cachedData = bytes.subarray(h.length);
    } catch {
      // no cache: compiled as it runs
    }
  }
  const script = new Script(source, { filename: file, cachedData });
  loaded.push({ file, cached: cachedData !== undefined && !script.cachedDataRejected });
  if (mode === 'write') {
    if (toWrite.length === 0) process.once('exit', writeCaches);
    toWrite.push({ script, cacheFile, id });
  }
  return script.runInThisContext()(imports, dynamicImport, meta);
}
