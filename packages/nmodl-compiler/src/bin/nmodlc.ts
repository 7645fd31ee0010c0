#!/usr/bin/env node
/**
 * `nmodlc file.mod... -o dir`: compiles `.mod` files to TypeScript modules (one `<file>.ts` per
 * input, exporting the mechanism as default and importing only `@neurite/core/abi` types).
 * Node only: it reads the `.mod` files and writes the outputs (whole or not at all, see
 * `write-file.ts`); `src/node.ts` reads the files they INCLUDE.
 * @module
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compileMod } from '../compile.js';
import { formatDiagnostic } from '../diagnostics.js';
import { fileIncludes, modlIncludeDirs } from '../node.js';
import { WriteFileError, writeFileAtomic } from './write-file.js';

const USAGE = `usage: nmodlc file.mod... -o outdir

Compiles NMODL (.mod) files to neurite mechanism plugins written as TypeScript modules.
  -o, --out <dir>   where to write <name>.ts (default: the current directory)
  -I <dir>          also look for INCLUDEd files here (after the .mod file's directory;
                    then the directories of the MODL_INCLUDE environment variable)
  --js              also write <name>.js (the plain JavaScript function body)
  -h, --help        this text`;

/**
 * Runs the command with the given arguments; returns the process exit code.
 * @example
 * ```ts
 * process.exitCode = main(['hh.mod', '-o', 'src/generated']);
 * ```
 */
export function main(argv: readonly string[]): number {
  const files: string[] = [];
  let out = '.';
  let js = false;
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') { process.stdout.write(`${USAGE}\n`); return 0; }
    if (a === '-o' || a === '--out') {
      const dir = argv[++i];
      if (dir === undefined) { process.stderr.write(`nmodlc: ${a} needs a directory\n${USAGE}\n`); return 2; }
      out = dir;
    } else if (a === '-I' || (a.startsWith('-I') && a.length > 2)) {
      const dir = a === '-I' ? argv[++i] : a.slice(2);
      if (dir === undefined) { process.stderr.write(`nmodlc: -I needs a directory\n${USAGE}\n`); return 2; }
      dirs.push(dir);
    } else if (a === '--js') {
      js = true;
    } else if (a.startsWith('-')) {
      process.stderr.write(`nmodlc: unknown option ${a}\n${USAGE}\n`);
      return 2;
    } else {
      files.push(a);
    }
  }
  if (files.length === 0) { process.stderr.write(`${USAGE}\n`); return 2; }
  try {
    mkdirSync(out, { recursive: true });
  } catch (e) {
    process.stderr.write(`nmodlc: cannot create the output directory ${out}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  let failed = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      process.stderr.write(`nmodlc: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
      failed++;
      continue;
    }
    const name = basename(file).replace(/\.mod$/, '');
    const include = fileIncludes(file, { dirs: [...dirs, ...modlIncludeDirs()] });
    const r = compileMod(text, { filename: basename(file), instantiate: false, include });
    for (const d of r.diagnostics) process.stderr.write(`${formatDiagnostic(d, { filename: file, source: text, includes: r.includes })}\n`);
    if (r.source === '') { failed++; continue; }
    // Each output is written whole or not at all; a failure is one line naming the file.
    try {
      writeFileAtomic(join(out, `${name}.ts`), r.source);
      if (js) writeFileAtomic(join(out, `${name}.js`), r.js);
    } catch (e) {
      if (!(e instanceof WriteFileError)) throw e;
      process.stderr.write(`nmodlc: ${e.message}\n`);
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}

const invoked = process.argv[1] ?? '';
if (/nmodlc(\.[cm]?[jt]s)?$/.test(invoked)) process.exitCode = main(process.argv.slice(2));
