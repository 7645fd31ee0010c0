import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/bin/nmodlc.js';
import { compileMod, formatDiagnostic, type IncludeResolver } from '../src/index.js';
import { fileIncludes, modlIncludeDirs } from '../src/node.js';

// A channel in three pieces: the .mod file, its rates, and a helper the rates include.
const RATES = [
  ': the rates',
  'INCLUDE "vtrap.inc"',
  'PROCEDURE rates(v (mV)) {',
  '    LOCAL a, b',
  '    a = 0.01 * vtrap(-(v + 55), 10)',
  '    b = 0.125 * exp(-(v + 65)/80)',
  '    ntau = 1 / (a + b)',
  '    ninf = a / (a + b)',
  '}',
].join('\n');
const VTRAP = [
  'FUNCTION vtrap(x, y) {',
  '    if (fabs(x/y) < 1e-6) { vtrap = y * (1 - x/y/2) } else { vtrap = x / (exp(x/y) - 1) }',
  '}',
].join('\n');
const head = [
  'NEURON { SUFFIX kn USEION k READ ek WRITE ik RANGE gbar GLOBAL ninf, ntau }',
  'UNITS { (mV) = (millivolt) (mA) = (milliamp) }',
  'PARAMETER { gbar = 0.03 (S/cm2) }',
  'ASSIGNED { v (mV) ek (mV) ik (mA/cm2) ninf ntau (ms) }',
  'STATE { n }',
];
const tail = [
  'BREAKPOINT { SOLVE states METHOD cnexp  ik = gbar * n^4 * (v - ek) }',
  'INITIAL { rates(v) n = ninf }',
  'DERIVATIVE states { rates(v) n\' = (ninf - n)/ntau }',
];
const MAIN = [...head, 'INCLUDE "rates.inc"', ...tail].join('\n');
const PASTED = [...head, RATES.replace('INCLUDE "vtrap.inc"', VTRAP), ...tail].join('\n');

/** A resolver over an in-memory set of files (as a browser would give them). */
const memory = (files: Record<string, string>): IncludeResolver => (name) => (name in files ? { path: name, text: files[name]! } : undefined);

describe('INCLUDE', () => {
  it('compiles as if the included text were written in place, nested includes too', () => {
    const included = compileMod(MAIN, { filename: 'kn.mod', include: memory({ 'rates.inc': RATES, 'vtrap.inc': VTRAP }) });
    const pasted = compileMod(PASTED, { filename: 'kn.mod' });
    expect(included.diagnostics).toEqual([]);
    expect(included.plugin?.name).toBe('kn');
    expect(included.js).toBe(pasted.js);
    expect(included.includes).toEqual({ 'rates.inc': RATES, 'vtrap.inc': VTRAP });
  });

  it('asks the resolver with the including file, so nested names resolve beside their includer', () => {
    const asked: [string, string | undefined][] = [];
    const files: Record<string, string> = { 'lib/rates.inc': RATES, 'lib/vtrap.inc': VTRAP };
    const include: IncludeResolver = (name, from) => {
      asked.push([name, from]);
      const path = from?.startsWith('lib/') ? `lib/${name}` : name.startsWith('lib/') ? name : `lib/${name}`;
      return path in files ? { path, text: files[path]! } : undefined;
    };
    expect(compileMod(MAIN, { filename: 'kn.mod', include }).plugin).toBeDefined();
    expect(asked).toEqual([['rates.inc', 'kn.mod'], ['vtrap.inc', 'lib/rates.inc']]);
  });

  it('is an error at the INCLUDE without a resolver, or when the file is not found', () => {
    const none = compileMod(MAIN, { filename: 'kn.mod' });
    expect(none.plugin).toBeUndefined();
    expect(none.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column])).toEqual([['NMODL500', 6, 1]]);
    expect(none.diagnostics[0]!.message).toMatch(/INCLUDE "rates.inc" needs the included file: compile with an `include` resolver/);
    const missing = compileMod(MAIN, { filename: 'kn.mod', include: memory({ 'rates.inc': RATES }) });
    expect(missing.plugin).toBeUndefined();
    expect(missing.diagnostics).toHaveLength(1);
    const d = missing.diagnostics[0]!;
    expect(d.range.file).toBe('rates.inc');
    expect(formatDiagnostic(d, { filename: 'kn.mod', source: MAIN, includes: missing.includes })).toBe([
      'rates.inc:2:1: error NMODL203: INCLUDE "vtrap.inc": the include resolver found no file of that name for rates.inc; put it beside the .mod file or in an include directory, or fix the name',
      '2 | INCLUDE "vtrap.inc"',
      '  | ^^^^^^^^^^^^^^^^^^^',
    ].join('\n'));
  });

  it('reports a syntax error and an undefined name in an included file at its own line, with its source line', () => {
    const broken = RATES.replace('LOCAL a, b', 'LOCAL a, b,');
    const r1 = compileMod(MAIN, { filename: 'kn.mod', include: memory({ 'rates.inc': broken, 'vtrap.inc': VTRAP }) });
    expect(r1.plugin).toBeUndefined();
    expect(r1.diagnostics.map((d) => [d.range.file, d.code, d.range.start.line])).toEqual([['rates.inc', 'NMODL100', 5]]);
    const text1 = formatDiagnostic(r1.diagnostics[0]!, { filename: 'kn.mod', source: MAIN, includes: r1.includes });
    expect(text1.split('\n')[0]).toMatch(/^rates\.inc:5:\d+: error NMODL100: syntax error/);
    expect(text1).toContain('5 |     a = 0.01 * vtrap(-(v + 55), 10)');

    const typo = RATES.replace('ninf = a / (a + b)', 'ninf = a / (a + bb)');
    const r2 = compileMod(MAIN.replace('gbar * n^4', 'gbar * m^4'), { filename: 'kn.mod', include: memory({ 'rates.inc': typo, 'vtrap.inc': VTRAP }) });
    // In source order: the included file where its INCLUDE stands (line 6), then the .mod file's line 7.
    expect(r2.diagnostics.map((d) => [d.range.file ?? 'kn.mod', d.range.start.line, d.message])).toEqual([
      ['rates.inc', 8, 'undefined name `bb`: declare it in PARAMETER, ASSIGNED, STATE or LOCAL'],
      ['kn.mod', 7, 'undefined name `m`: declare it in PARAMETER, ASSIGNED, STATE or LOCAL'],
    ]);
    expect(formatDiagnostic(r2.diagnostics[0]!, { filename: 'kn.mod', source: MAIN, includes: r2.includes })).toBe([
      'rates.inc:8:21: error NMODL200: undefined name `bb`: declare it in PARAMETER, ASSIGNED, STATE or LOCAL',
      '8 |     ninf = a / (a + bb)',
      '  |                     ^^',
    ].join('\n'));
  });

  it('orders diagnostics as the text reads with nested INCLUDEs, and reports the same mistake in two files twice', () => {
    const a = 'FUNCTION fa() { fa = qq }\nINCLUDE "b.inc"\nFUNCTION fc() { fc = rr }';
    const b = `${'\n'.repeat(59)}FUNCTION fb() { fb = qq }`;
    const r = compileMod([...head, 'INCLUDE "a.inc"', 'BREAKPOINT { ik = gbar * n * (v - ek) }'].join('\n'), { filename: 'kn.mod', include: memory({ 'a.inc': a, 'b.inc': b }) });
    expect(r.diagnostics.map((d) => `${d.range.file ?? 'kn.mod'}:${d.range.start.line} ${d.message.split(':')[0]}`)).toEqual([
      'a.inc:1 undefined name `qq`', 'b.inc:60 undefined name `qq`', 'a.inc:3 undefined name `rr`',
    ]);
  });

  it('stops a file that includes itself, and a resolver that throws, with an error at the INCLUDE', () => {
    const loop = compileMod(MAIN, { filename: 'kn.mod', include: memory({ 'rates.inc': `INCLUDE "again.inc"\n${RATES}`, 'again.inc': 'INCLUDE "rates.inc"', 'vtrap.inc': VTRAP }) });
    expect(loop.plugin).toBeUndefined();
    expect(loop.diagnostics.map((d) => [d.range.file, d.range.start.line, d.message])).toEqual([
      ['again.inc', 1, 'INCLUDE "rates.inc" includes rates.inc inside itself (rates.inc -> again.inc -> rates.inc); remove one of the INCLUDEs'],
    ]);
    const self = compileMod(MAIN, { filename: 'kn.mod', include: memory({ 'rates.inc': 'INCLUDE "kn.mod"', 'kn.mod': MAIN }) });
    expect(self.diagnostics[0]!.message).toMatch(/includes kn\.mod inside itself/);
    const throwing = compileMod(MAIN, { filename: 'kn.mod', include: () => { throw new Error('EACCES: permission denied'); } });
    expect(throwing.diagnostics.map((d) => [d.range.start.line, d.message])).toEqual([[6, 'INCLUDE "rates.inc" could not be read: EACCES: permission denied']]);
  });
});

describe('INCLUDE from files (@neurite/nmodl-compiler/node)', () => {
  const dirs: string[] = [];
  const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'nmodl-include-')); dirs.push(d); return d; };
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); vi.restoreAllMocks(); });

  it('reads beside the including file first, then the include directories in order', () => {
    const root = tmp();
    mkdirSync(join(root, 'mod'));
    mkdirSync(join(root, 'shared'));
    mkdirSync(join(root, 'other'));
    writeFileSync(join(root, 'mod', 'kn.mod'), MAIN);
    writeFileSync(join(root, 'shared', 'rates.inc'), RATES);
    writeFileSync(join(root, 'shared', 'vtrap.inc'), VTRAP);
    writeFileSync(join(root, 'other', 'vtrap.inc'), 'this is not NMODL {');
    const file = join(root, 'mod', 'kn.mod');
    const r = compileMod(MAIN, { filename: 'kn.mod', include: fileIncludes(file, { dirs: [join(root, 'other'), join(root, 'shared')] }) });
    // rates.inc is only in shared/; vtrap.inc beside it wins over other/'s.
    expect(r.diagnostics).toEqual([]);
    expect(Object.keys(r.includes)).toEqual([join(root, 'shared', 'rates.inc'), join(root, 'shared', 'vtrap.inc')]);
    expect(modlIncludeDirs({ MODL_INCLUDE: `/a${process.platform === 'win32' ? ';' : ':'}/b` })).toEqual(['/a', '/b']);
    expect(modlIncludeDirs({})).toEqual([]);
  });

  it('nmodlc compiles a file with INCLUDEs (-I adds a directory) and prints errors inside them with their file', () => {
    const root = tmp();
    mkdirSync(join(root, 'inc'));
    writeFileSync(join(root, 'kn.mod'), MAIN);
    writeFileSync(join(root, 'inc', 'rates.inc'), RATES);
    writeFileSync(join(root, 'inc', 'vtrap.inc'), VTRAP.replace('exp(x/y) - 1)', 'exp(x/y) - 1'));
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err.push(String(s)); return true; });
    expect(main([join(root, 'kn.mod'), '-I', join(root, 'inc'), '-o', join(root, 'out')])).toBe(1);
    expect(err.join('')).toMatch(new RegExp(`^${join(root, 'inc', 'vtrap.inc').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: error NMODL100`, 'm'));
    writeFileSync(join(root, 'inc', 'vtrap.inc'), VTRAP);
    err.length = 0;
    expect(main([join(root, 'kn.mod'), `-I${join(root, 'inc')}`, '-o', join(root, 'out')])).toBe(0);
    expect(err).toEqual([]);
    expect(main([join(root, 'kn.mod'), '-o', join(root, 'out')])).toBe(1);
    expect(err.join('')).toContain('INCLUDE "rates.inc": the include resolver found no file of that name for kn.mod');
  });
});
