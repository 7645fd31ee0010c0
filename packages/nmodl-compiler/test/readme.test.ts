// The README's TypeScript examples (its ```ts blocks) against the real API: each type-checks
// (with the packages' sources, as the tests import them) and runs on hh.mod.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as core from '@neurite/core';
import * as compiler from '../src/index.js';
import * as node from '../src/node.js';

const PKG = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(join(PKG, 'README.md'), 'utf8');
const HH = readFileSync(new URL('./fixtures/hh.mod', import.meta.url), 'utf8');
const blocks = [...README.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

/** The examples' free variable: the text of the .mod file being compiled. */
const GLOBALS = 'declare const text: string;\n';

/** Type errors of each block, as `line:col message` (none when the example is right). */
function typeErrors(examples: readonly string[]): string[][] {
  const config = ts.readConfigFile(join(PKG, 'tsconfig.json'), (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, PKG);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, customConditions: ['source'] };
  // Virtual files in test/, so that package names resolve as from a file of this package.
  const names = examples.map((_, i) => join(PKG, 'test', `readme-example-${i}.ts`));
  const globals = join(PKG, 'test', 'readme-globals.d.ts');
  const virtual = new Map([[globals, GLOBALS], ...examples.map((b, i) => [names[i]!, `${b}export {};\n`] as const)]);
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (f, lang, ...rest) => (virtual.has(f) ? ts.createSourceFile(f, virtual.get(f)!, lang) : getSourceFile.call(host, f, lang, ...rest));
  host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
  host.readFile = (f) => virtual.get(f) ?? readFile.call(host, f);
  const program = ts.createProgram([globals, ...names], options, host);
  return names.map((f) => ts.getPreEmitDiagnostics(program, program.getSourceFile(f)).map((d) => {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    return `${at ? `${at.line + 1}:${at.character + 1} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  }));
}

/** Runs a block as CommonJS with its imports taken from the modules the tests import; returns
 * what it wrote with console.error. */
function run(block: string): string[] {
  const modules: Record<string, unknown> = {
    '@neurite/core': core,
    '@neurite/nmodl-compiler': compiler,
    '@neurite/nmodl-compiler/node': node,
    // The INCLUDE example reads mod/kdr.mod: hh.mod here.
    'node:fs': { readFileSync: (file: string) => { if (file !== 'mod/kdr.mod') throw new Error(`unexpected read of ${file}`); return HH; } },
  };
  const require = (name: string): unknown => {
    if (!(name in modules)) throw new Error(`the README example imports ${name}, which this test does not provide`);
    return modules[name];
  };
  const js = ts.transpileModule(block, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const errors: string[] = [];
  const console = { error: (...args: unknown[]) => { errors.push(args.join(' ')); }, log: () => {} };
  // (In a block of its own: an example may declare its own `text`.)
  new Function('require', 'exports', 'module', 'console', 'text', `{\n${js}\n}`)(require, {}, { exports: {} }, console, HH);
  return errors;
}

describe('README examples', () => {
  it('are the three ```ts blocks (compileMod with a catalogue, INCLUDE, timings)', () => {
    expect(blocks).toHaveLength(3);
    expect(blocks[0]).toContain('new Catalogue([plugin])');
    expect(blocks[1]).toContain('fileIncludes(file');
    expect(blocks[2]).toContain('timings: true');
  });

  it('type-check against the packages\' sources', () => {
    expect(typeErrors(blocks)).toEqual(blocks.map(() => []));
  });

  it.each(blocks.map((b, i) => [i, b] as const))('block %i runs on hh.mod without diagnostics', (_, block) => {
    expect(run(block)).toEqual([]);
  });

  it('catch a method a catalogue does not have', () => {
    const wrong = blocks[0]!.replace(/new Catalogue\(\[plugin\]\)/, 'new Catalogue().register(plugin)');
    expect(wrong).not.toBe(blocks[0]);
    expect(typeErrors([wrong])).toEqual([["7:50 Property 'register' does not exist on type 'Catalogue'."]]);
    expect(() => run(wrong)).toThrow(/register is not a function/);
  });
});
