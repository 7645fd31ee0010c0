#!/usr/bin/env node
// Writes a package's JavaScript into dist/ as a few ES modules instead of one per source file:
// each entry point (the `source` condition of the package's `exports`, and its `bin` scripts) is
// bundled by esbuild from src/, with the code entries share split into chunks beside them. The
// package's dependencies and Node's built-in modules stay imports, so packages still share one
// copy of each other. tsc writes the declarations (`emitDeclarationOnly` in tsconfig.build.json).
//
// Why: Node resolves, reads and compiles each ES module on its own; `import 'neurite'` loaded about
// 75 files and took about 54 ms, and takes about half that as one file per package.
//
//   node ../../scripts/bundle.mjs        (in a package's directory, after tsc)
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.cwd();
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

const entries = [];
for (const target of Object.values(pkg.exports ?? {})) {
  if (typeof target === 'object' && target !== null && typeof target.source === 'string') entries.push(target.source);
}
const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
for (const bin of bins) entries.push(bin.replace(/^\.\/dist\//, './src/').replace(/\.js$/, '.ts'));
if (entries.length === 0) {
  console.error(`bundle: ${pkg.name} has no exports with a source condition and no bin`);
  process.exit(1);
}

// JavaScript a previous build left (tsc's one file per module, older chunks) goes first.
if (existsSync(join(dir, 'dist'))) {
  for (const f of readdirSync(join(dir, 'dist'), { recursive: true })) {
    if (/\.js(\.map)?$/.test(f)) rmSync(join(dir, 'dist', f));
  }
}

await build({
  absWorkingDir: dir,
  entryPoints: entries,
  outbase: 'src',
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  // Dependencies (other neurite packages among them) and node: built-ins stay imports.
  packages: 'external',
  external: ['node:*'],
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  logLevel: 'warning',
});
