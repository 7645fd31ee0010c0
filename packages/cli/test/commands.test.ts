import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { compileMod } from '@neurite/nmodl-compiler';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, cli, readCsv, tmp } from './helpers.js';

describe.concurrent('neurite compile', () => {
  it('writes the TypeScript module nmodlc writes into the working folder, and JavaScript with --js', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'mod'));
    copyFileSync(join(FIXTURES, 'leak/leak.mod'), join(dir, 'mod', 'leak.mod'));
    const ts = await cli(['compile', 'mod/leak.mod'], { cwd: dir });
    expect(ts.code).toBe(0);
    expect(ts.stdout).toContain('mod/leak.mod: leak (density) -> leak.ts');
    const text = readFileSync(join(FIXTURES, 'leak/leak.mod'), 'utf8');
    expect(readFileSync(join(dir, 'leak.ts'), 'utf8')).toBe(compileMod(text, { filename: 'leak.mod', instantiate: false }).source);
    const js = await cli(['compile', 'mod', '--js', '-o', 'out', '--json'], { cwd: dir });
    expect(js.code).toBe(0);
    expect(JSON.parse(js.stdout)).toMatchObject([{ ok: true, mechanism: 'leak', kind: 'density', output: join('out', 'leak.ts'), jsOutput: join('out', 'leak.js') }]);
    const mod = (await import(pathToFileURL(join(dir, 'out', 'leak.js')).href)) as { default: { name: string; fields: { name: string }[] } };
    expect(mod.default.name).toBe('leak');
    expect(mod.default.fields.map((f) => f.name)).toContain('g');
  });

  it('--check reports diagnostics and writes nothing; errors exit 1', async () => {
    const dir = tmp();
    copyFileSync(join(FIXTURES, 'leak/leak.mod'), join(dir, 'leak.mod'));
    copyFileSync(join(FIXTURES, 'badmod/broken.mod'), join(dir, 'broken.mod'));
    const ok = await cli(['compile', '--check', 'leak.mod'], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('leak.mod: leak (density) ok');
    const bad = await cli(['compile', '--check', 'leak.mod', 'broken.mod'], { cwd: dir });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('broken.mod:11:5: error NMODL200: undefined name `i`');
    expect(bad.stderr).toContain('1 of 2 .mod files did not compile: broken.mod');
    expect(existsSync(join(dir, 'leak.ts'))).toBe(false);
    const missing = await cli(['compile', 'nope.mod'], { cwd: dir });
    expect(missing.code).toBe(2);
  });

  it('reads INCLUDEd files beside the .mod file, then from MODL_INCLUDE, and names them in errors', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'mod'));
    mkdirSync(join(dir, 'shared'));
    const leak = readFileSync(join(FIXTURES, 'leak/leak.mod'), 'utf8');
    const breakpoint = leak.slice(leak.indexOf('BREAKPOINT'));
    writeFileSync(join(dir, 'mod', 'leak.mod'), leak.replace(breakpoint, 'INCLUDE "leak_current.inc"\n'));
    writeFileSync(join(dir, 'mod', 'leak_current.inc'), `INCLUDE "units.inc"\n${breakpoint}`);
    writeFileSync(join(dir, 'shared', 'units.inc'), ': nothing but a comment\n');
    const without = await cli(['compile', '--check', 'mod/leak.mod'], { cwd: dir });
    expect(without.code).toBe(1);
    expect(without.stderr).toContain(`${join('mod', 'leak_current.inc')}:1:1: error NMODL203: INCLUDE "units.inc": the include resolver found no file of that name`);
    const env = { MODL_INCLUDE: join(dir, 'shared') };
    const ok = await cli(['compile', 'mod/leak.mod', '-o', 'out'], { cwd: dir, env });
    expect(ok.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'leak.ts'), 'utf8')).toBe(compileMod(leak, { filename: 'leak.mod', instantiate: false }).source);
    writeFileSync(join(dir, 'mod', 'leak_current.inc'), `INCLUDE "units.inc"\n${breakpoint.replace('g * (v - e)', 'g * (v - ee)')}`);
    const bad = await cli(['compile', '--check', 'mod/leak.mod'], { cwd: dir, env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${join('mod', 'leak_current.inc')}:3:18: error NMODL200: undefined name \`ee\``);
    expect(bad.stderr).toContain('3 |     i = g * (v - ee)');
  });
});

describe.concurrent('neurite convert and plot', () => {
  const data = (): string => {
    const dir = tmp();
    writeFileSync(join(dir, 'data.csv'), 't,v\r\n0.0,-65.0\r\n0.025,-64.5\r\n0.05,0.1\r\n');
    return dir;
  };

  it('converts between formats by extension, exactly', async () => {
    const dir = data();
    for (const [from, to] of [['data.csv', 'data.npz'], ['data.npz', 'data.p'], ['data.p', 'data.json'], ['data.json', 'back.csv']] as const) {
      const r = await cli(['convert', from, to], { cwd: dir });
      expect(r.code, `${from} -> ${to}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(`wrote ${to}: 3 rows of t, v`);
    }
    expect(readFileSync(join(dir, 'back.csv'), 'utf8')).toBe(readFileSync(join(dir, 'data.csv'), 'utf8'));
    const noHeader = await cli(['convert', 'data.csv', 'plain.csv', '--no-header'], { cwd: dir });
    expect(noHeader.code).toBe(0);
    expect(readFileSync(join(dir, 'plain.csv'), 'utf8')).toBe('0.0,-65.0\r\n0.025,-64.5\r\n0.05,0.1\r\n');
    const named = await cli(['convert', 'plain.csv', 'named.csv', '--names', 'time,volt'], { cwd: dir });
    expect(named.code).toBe(0);
    expect(Object.keys(readCsv(join(dir, 'named.csv')))).toEqual(['time', 'volt']);
  });

  it('convert errors: unknown extension and missing file exit 2, unreadable data exits 1', async () => {
    const dir = data();
    writeFileSync(join(dir, 'broken.csv'), 't,v\n1,2\n3,x\n');
    const cases: [string[], number, RegExp][] = [
      [['convert', 'data.csv', 'data.xlsx'], 2, /unknown format/],
      [['convert', 'data.xlsx', 'data.csv'], 2, /no such file/],
      [['convert', 'data.csv', 'plot.html'], 2, /neurite plot data\.csv -o plot\.html/],
      [['convert', 'broken.csv', 'x.json'], 1, /broken\.csv.*3/],
      [['convert', 'data.csv'], 2, /missing required argument 'out'/],
    ];
    for (const [args, code, message] of cases) {
      const r = await cli(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toMatch(message);
    }
  });

  it('plots a data file', async () => {
    const dir = data();
    const r = await cli(['plot', 'data.csv', '-o', 'p.html', '--title', 'my trace'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote p.html: v against t');
    expect(readFileSync(join(dir, 'p.html'), 'utf8')).toContain('my trace');
    const bad = await cli(['plot', 'data.csv', '-o', 'p.html', '--y', 'w'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("data.csv has no column 'w'; its columns are t, v");
    const noOut = await cli(['plot', 'data.csv'], { cwd: dir });
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain("required option '-o, --out <file.html>' not specified");
  });
});

describe.concurrent('neurite info and topology', () => {
  it('info lists the mechanisms with parameters and units', async () => {
    const r = await cli(['info']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^neurite \d+\.\d+\.\d+/);
    expect(r.stdout).toMatch(/gnabar +0\.12 +S\/cm2/);
    expect(r.stdout).toMatch(/IClamp \(point\)/);
    const j = await cli(['info', '--json', '--mod', join(FIXTURES, 'leak')]);
    expect(j.code).toBe(0);
    const info = JSON.parse(j.stdout) as { version: string; mechanisms: { name: string; parameters: { name: string; unit: string; default: number }[] }[] };
    const names = info.mechanisms.map((m) => m.name);
    // NEURON's order: its density mechanisms by type number, then the point processes
    expect(names.slice(0, 4)).toEqual(['pas', 'extracellular', 'hh', 'IClamp']);
    expect(names[names.length - 1]).toBe('leak');
    expect(info.mechanisms.find((m) => m.name === 'IClamp')!.parameters.map((p) => p.name)).toEqual(['delay', 'dur', 'amp']);
    expect(info.mechanisms.find((m) => m.name === 'leak')!.parameters).toEqual([{ name: 'g', unit: 'S/cm2', default: 0.0005 }, { name: 'e', unit: 'mV', default: -60 }]);
    const missing = await cli(['info', '--mod', 'nowhere/']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nowhere/: no such file or folder of .mod files');
    const broken = await cli(['info', '--mod', join(FIXTURES, 'badmod')]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('error NMODL200');
  });

  it('topology prints the tree of a model', async () => {
    const r = await cli(['topology', join(FIXTURES, 'branched.model.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('|-|       soma(0-1)');
    expect(r.stdout).toContain('`----|       dend(0-1)');
    expect(r.stdout).toContain('`--------|       axon(0-1)');
    const j = await cli(['topology', join(FIXTURES, 'branched.model.json'), '--json']);
    const sections = (JSON.parse(j.stdout) as { sections: { name: string; parent: string | null; nseg: number }[] }).sections;
    expect(sections).toEqual([
      expect.objectContaining({ name: 'soma', parent: null, nseg: 1 }),
      expect.objectContaining({ name: 'dend', parent: 'soma(1)', nseg: 5 }),
      expect.objectContaining({ name: 'axon', parent: 'soma(0)', nseg: 9 }),
    ]);
    const bad = await cli(['topology', 'nope.json']);
    expect(bad.code).toBe(2);
  });
});

describe.concurrent('--help', () => {
  for (const cmd of ['run', 'sweep', 'compile', 'convert', 'plot', 'info', 'topology']) {
    it(`neurite ${cmd} --help shows usage and examples`, async () => {
      const r = await cli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: neurite ${cmd}`);
      expect(r.stdout).toContain('Examples:');
      expect(r.stdout).toContain(`$ neurite ${cmd}`);
    });
  }
  it('runs through a symbolic link, as package managers install it', async () => {
    const dir = tmp();
    symlinkSync(BIN, join(dir, 'neurite'));
    const r = spawnSync(join(dir, 'neurite'), ['--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('neurite --help and --version', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes: 0 ok, 1 model, mechanism or simulation error, 2 usage error');
    const v = await cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

