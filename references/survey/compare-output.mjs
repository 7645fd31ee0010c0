#!/usr/bin/env node
// Two builds of the compiler on the same files: this checkout's and another checkout's (built).
// Compiles every distinct .mod file under <dir> (INCLUDEd files read beside it) with both and
// compares the generated JavaScript and the diagnostics (code, severity, message, range). For
// changes to the compiler that should not change what it writes or reports.
//
//   node references/survey/compare-output.mjs <other-checkout> <dir> [--list N] [--same-values]
//
// With --same-values, a line that differs only by parentheses around the whole value of an
// assignment or a return (`x = (e);` against `x = e;`) counts as the same, and files that
// compile in one build only are counted apart (for a change that makes more files compile).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNeurite, modFiles } from './cell.mjs';

const positional = [];
let list = 10;
let sameValues = false;
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--list') list = Number(process.argv[++i]);
  else if (process.argv[i] === '--same-values') sameValues = true;
  else positional.push(process.argv[i]);
}
const [other, root] = positional;
if (!other || !root) {
  console.error('usage: node references/survey/compare-output.mjs <other-checkout> <dir> [--list N]');
  process.exit(2);
}

const here = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const builds = [await loadNeurite(here), await loadNeurite(resolve(other))];

const files = modFiles(root);

/** What a build makes of a file: its JavaScript and its diagnostics, as text. */
function output(b, file, text) {
  const r = b.compileMod(text, { filename: file.split('/').pop(), include: b.fileIncludes(file), instantiate: false });
  const diagnostics = r.diagnostics.map((d) => JSON.stringify([d.code, d.severity, d.message, d.range]));
  return { js: r.js, diagnostics: diagnostics.join('\n'), compiled: r.js !== '' };
}

/** The generated JavaScript with `x = (e);` and `return (e);` written as `x = e;`, `return e;`. */
function values(js) {
  return js.split('\n').map((l) => {
    const m = /^(\s*(?:return |[\w[\].]+ = ))\((.*)\);$/.exec(l);
    return m ? `${m[1]}${m[2]};` : l;
  }).join('\n');
}

const seen = new Set();
let distinct = 0, same = 0, compiled = 0;
const otherJs = [], otherDiagnostics = [], newlyCompiled = [];
for (const file of files) {
  const text = readFileSync(file, 'latin1');
  const hash = createHash('sha1').update(text).digest('hex');
  if (seen.has(hash)) continue;
  seen.add(hash);
  distinct++;
  const [a, b] = builds.map((x) => output(x, file, text));
  if (a.compiled) compiled++;
  if (sameValues && a.compiled !== b.compiled) newlyCompiled.push(`${relative(root, file)} (${a.compiled ? 'compiles here only' : 'compiles in the other build only'})`);
  else if (sameValues ? values(a.js) !== values(b.js) : a.js !== b.js) otherJs.push(relative(root, file));
  else if (a.diagnostics !== b.diagnostics) otherDiagnostics.push(relative(root, file));
  else same++;
}
console.log(`${distinct} distinct files (${compiled} compile): ${same} with the same JavaScript and diagnostics, ${otherJs.length} with other JavaScript, ${otherDiagnostics.length} with other diagnostics only${sameValues ? `, ${newlyCompiled.length} compiling in one build only` : ''}`);
for (const f of newlyCompiled.slice(0, list)) console.log(`  ${f}`);
for (const f of otherJs.slice(0, list)) console.log(`  other JavaScript: ${f}`);
for (const f of otherDiagnostics.slice(0, list)) console.log(`  other diagnostics: ${f}`);
process.exit(otherJs.length + otherDiagnostics.length > 0 ? 1 : 0);
