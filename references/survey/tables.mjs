#!/usr/bin/env node
// Which TABLEs of the .mod files under a folder are filled in WebAssembly: each distinct file that
// compiles and has a TABLE, its fill kernels (`_fill_<fn>` in the generated plugin) and those of
// them its WebAssembly module exports (the others fill in JavaScript: they read v or a node's
// value, or use what the translation does not take). Uses the built compiler
// (packages/nmodl-compiler/dist) and only its public API: the WebAssembly module is read from the
// plugin's TypeScript source, where it is written in.
//
// usage: node references/survey/tables.mjs <folder> [--list]
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { relative, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { modFiles } from './cell.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { compileMod } = await import(pathToFileURL(resolve(here, '../../packages/nmodl-compiler/dist/index.js')).href);
const { fileIncludes } = await import(pathToFileURL(resolve(here, '../../packages/nmodl-compiler/dist/node.js')).href);

const root = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!root) {
  console.error('usage: node references/survey/tables.mjs <folder> [--list]');
  process.exit(2);
}
const list = process.argv.includes('--list');
const files = modFiles(root);

const seen = new Set();
let withTable = 0, inWasm = 0, tables = 0, tablesInWasm = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const key = createHash('sha1').update(text).digest('hex');
  if (seen.has(key) || !/\bTABLE\b/.test(text)) continue;
  seen.add(key);
  const r = compileMod(text, { filename: file, include: fileIncludes(file), instantiate: false });
  const fills = [...r.js.matchAll(/function (_fill_\w+)\(/g)].map((m) => m[1]);
  if (fills.length === 0) continue;
  const plan = /const _WPLAN[^=]*= (\{.*\});$/m.exec(r.source);
  const exported = plan === null ? [] : WebAssembly.Module.exports(new WebAssembly.Module(Buffer.from(JSON.parse(plan[1]).bytes, 'base64')))
    .map((e) => e.name).filter((n) => fills.includes(n));
  withTable++;
  tables += fills.length;
  tablesInWasm += exported.length;
  if (exported.length > 0) inWasm++;
  if (list) console.log(`${relative(root, file)}: ${fills.map((f) => `${f.slice(6)} ${exported.includes(f) ? 'WebAssembly' : 'JavaScript'}`).join(', ')}`);
}
console.log(`${withTable} distinct files with TABLEs compile; ${tables} TABLEs, ${tablesInWasm} filled in WebAssembly (in ${inWasm} files)`);
