import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelDocument, PointProcessSpec, SectionSpec } from '../src/model-types.js';
import { FIXTURES, REPO, cli, maxDiff, readCsv, reference, tmp } from './helpers.js';

const TUTORIAL_JSON = join(FIXTURES, 'tutorial.model.json');
const TUTORIAL_YAML = join(FIXTURES, 'tutorial.model.yaml');

describe.concurrent('neurite run: the tutorial matches NEURON', () => {
  it('as a model file (JSON), through the outputs the model lists', async () => {
    const dir = tmp();
    copyFileSync(TUTORIAL_JSON, join(dir, 'tutorial.model.json'));
    const r = await cli(['run', 'tutorial.model.json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ran tutorial\.model\.json to 40 ms .*1 spike/);
    const cols = readCsv(join(dir, 'tutorial.csv'));
    const ref = reference();
    expect(Object.keys(cols)).toEqual(['t', 'soma(0.5).v']);
    expect(cols.t!.length).toBe(1601);
    expect(maxDiff(cols.t!, ref.t)).toBeLessThan(1e-9);
    expect(maxDiff(cols['soma(0.5).v']!, ref.v)).toBeLessThan(1e-6);
    expect(readFileSync(join(dir, 'tutorial.html'), 'utf8')).toContain('<html');
  });

  it('as a model file (YAML), with --out json', async () => {
    const dir = tmp();
    const r = await cli(['run', TUTORIAL_YAML, '--out', 'v.json', '--quiet'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const data = JSON.parse(readFileSync(join(dir, 'v.json'), 'utf8')) as Record<string, number[]>;
    expect(maxDiff(data['soma(0.5).v']!, reference().v)).toBeLessThan(1e-6);
  });

  it('as a TypeScript script outside the workspace (neurite resolves to the CLI\'s own)', async () => {
    const dir = tmp();
    copyFileSync(join(FIXTURES, 'tutorial-script.ts'), join(dir, 'tutorial.ts'));
    const r = await cli(['run', 'tutorial.ts', '--', 'trace.json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wrote trace.json');
    const data = JSON.parse(readFileSync(join(dir, 'trace.json'), 'utf8')) as { t: number[]; v: number[] };
    const json = await cli(['--json', 'run', 'tutorial.ts', '--', 'trace2.json'], { cwd: dir });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ script: 'tutorial.ts', args: ['trace2.json'] });
    expect(json.stderr).toContain('wrote trace2.json');
    const ref = reference();
    expect(maxDiff(data.t, ref.t)).toBeLessThan(1e-9);
    expect(maxDiff(data.v, ref.v)).toBeLessThan(1e-6);
  });

  it('runs examples/tutorial.ts, the tutorial as a script', async () => {
    const r = await cli(['run', join(REPO, 'examples/tutorial.ts')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('neurite:');
  });
});

describe.concurrent('neurite run: options', () => {
  it('--tstop, --dt, --set, --out, --plot and --json', async () => {
    const dir = tmp();
    const r = await cli(['run', TUTORIAL_JSON, '--tstop', '10', '--dt', '0.01', '--set', 'soma.hh.gnabar=0', '--out', 'out/data.csv', '--plot', 'plot.html', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { run: { tstop: number; dt: number }; samples: number; recordings: { name: string; spikes: number; max: number }[]; outputs: string[] };
    expect(summary.run).toMatchObject({ tstop: 10, dt: 0.01 });
    expect(summary.samples).toBe(1001);
    expect(summary.recordings[0]).toMatchObject({ name: 'soma(0.5).v', spikes: 0 });
    expect(summary.recordings[0]!.max).toBeLessThan(0);
    expect(summary.outputs).toEqual(['out/data.csv', 'plot.html']);
    expect(readCsv(join(dir, 'out', 'data.csv')).t!.length).toBe(1001);
    expect(existsSync(join(dir, 'plot.html'))).toBe(true);
    expect(existsSync(join(dir, 'tutorial.csv'))).toBe(false);
  });

  it('--set a point process, a section, a segment, a global; --record more variables; every data format', async () => {
    const dir = tmp();
    const r = await cli(['run', TUTORIAL_JSON, '--set', 'stim.amp=0.3', '--set', 'soma.L=25', '--set', 'soma(0.5).hh.gkbar=0.04', '--set', 'usetable_hh=0',
      '--record', 'soma(0.5).hh.m', '--record', 'stim.i', '--record', 'soma(0.5).ina',
      '--out', 'a.csv', '--out', 'a.tsv', '--out', 'a.p', '--out', 'a.npy', '--out', 'a.npz', '--out', 'a.json', '--json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { recordings: { name: string; spikes: number; max: number }[] };
    expect(s.recordings.map((x) => x.name)).toEqual(['soma(0.5).v', 'soma(0.5).hh.m', 'stim.i', 'soma(0.5).ina']);
    expect(s.recordings[0]!.spikes).toBe(0);
    expect(s.recordings[2]!.max).toBeCloseTo(0.3, 12);
    for (const f of ['a.csv', 'a.tsv', 'a.p', 'a.npy', 'a.npz', 'a.json']) expect(existsSync(join(dir, f))).toBe(true);
    expect(readFileSync(join(dir, 'a.tsv'), 'utf8').split('\n')[0]).toBe('t\tsoma(0.5).v\tsoma(0.5).hh.m\tstim.i\tsoma(0.5).ina\r');
  });

  it('compiles .mod files next to the model', async () => {
    const r = await cli(['run', join(FIXTURES, 'leak/model.yaml'), '--out', 'leak.csv', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as { recordings: { name: string; final: number }[] };
    expect(s.recordings[0]!.final).toBeCloseTo(-50, 6);
  });

  it('compiles .mod files from --mod', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ cells: { c: { sections: { soma: { mechanisms: { leak: { e: -55 } } } } } }, record: ['soma(0.5).v'], run: { tstop: 300 } }));
    const without = await cli(['run', 'm.json'], { cwd: dir });
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/m\.json:1:\d+: at \$\.cells\.c\.sections\.soma\.mechanisms\.leak: there is no mechanism 'leak'/);
    const r = await cli(['run', 'm.json', '--mod', join(FIXTURES, 'leak'), '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { recordings: { final: number }[] }).recordings[0]!.final).toBeCloseTo(-55, 4);
  });

  it('draws no progress bar and writes nothing to stderr when not on a terminal', async () => {
    const r = await cli(['run', TUTORIAL_JSON, '--tstop', '400', '--out', 'x.csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('\r');
  });
});

describe.concurrent('neurite run: errors', () => {
  const model = (doc: unknown, name = 'bad.json'): string => {
    const dir = tmp();
    writeFileSync(join(dir, name), typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
    return join(dir, name);
  };
  const tutorial = (): ModelDocument => JSON.parse(readFileSync(TUTORIAL_JSON, 'utf8')) as ModelDocument;

  it('schema errors name the file, line, JSON path and fix (exit 1)', async () => {
    const doc = tutorial();
    const soma = doc.cells.cell!.sections.soma! as Record<string, unknown>;
    soma.L = -20;
    soma.daim = 20;
    doc.run!.secondorder = 1;
    const file = model(doc);
    const r = await cli(['run', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:9:16: at $.cells.cell.sections.soma.L: must be > 0, got -20`);
    expect(r.stderr).toContain("at $.cells.cell.sections.soma.daim: unknown property 'daim' (did you mean 'diam'?)");
    expect(r.stderr).toContain('at $.run.secondorder: must be one of 0, 2, got 1');
    expect(r.stderr).toContain('fix: ');
  });

  it('unknown mechanisms, parameters, sections and recordings (exit 1)', async () => {
    const soma = (d: ModelDocument): SectionSpec => d.cells.cell!.sections.soma!;
    const stim = (d: ModelDocument): PointProcessSpec => d.pointProcesses!.stim!;
    const cases: [(d: ModelDocument) => void, string][] = [
      [(d) => { soma(d).mechanisms = { hhh: {} }; }, "at $.cells.cell.sections.soma.mechanisms.hhh: there is no mechanism 'hhh' (did you mean 'hh'?)"],
      [(d) => { soma(d).mechanisms!.hh = { gnabr: 0.1 }; }, "at $.cells.cell.sections.soma.mechanisms.hh.gnabr: hh has no parameter 'gnabr' (did you mean 'gnabar'?)"],
      [(d) => { stim(d).at = 'dend(0.5)'; }, "at $.pointProcesses.stim.at: there is no section 'dend'"],
      [(d) => { stim(d).type = 'IClmp'; }, "at $.pointProcesses.stim.type: there is no point process 'IClmp' (did you mean 'IClamp'?)"],
      [(d) => { d.record = ['soma(0.5).vv']; }, "at $.record[0]: soma(0.5) has no variable 'vv'"],
      [(d) => { d.globals = { usetable_hhh: 0 }; }, "at $.globals.usetable_hhh: there is no global 'usetable_hhh' (did you mean 'usetable_hh'?)"],
    ];
    await Promise.all(cases.map(async ([edit, message]) => {
      const doc = tutorial();
      edit(doc);
      const r = await cli(['run', model(doc)]);
      expect(r.code, message).toBe(1);
      expect(r.stderr).toContain(message);
    }));
  });

  it('errors in YAML model files give the line and column too', async () => {
    const file = model('cells:\n  c:\n    sections:\n      soma:\n        mechanisms:\n          hh: { gnabar: 0.1, gkbarr: 0.2 }\n', 'cell.yaml');
    const r = await cli(['run', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:6:38: at $.cells.c.sections.soma.mechanisms.hh.gkbarr: hh has no parameter 'gkbarr' (did you mean 'gkbar'?)`);
    expect(r.stderr).toContain('fix: use one of its parameters: gnabar, gkbar, gl, el');
  });

  it('JSON and YAML syntax errors give the line (exit 1)', async () => {
    const j = await cli(['run', model('{\n  "cells": {,\n}')]);
    expect(j.code).toBe(1);
    expect(j.stderr).toMatch(/bad\.json:2:\d+: not valid JSON/);
    const y = await cli(['run', model('cells:\n  c: [\n', 'bad.yaml')]);
    expect(y.code).toBe(1);
    expect(y.stderr).toMatch(/bad\.yaml:\d+:\d+: not valid YAML/);
  });

  it('.mod files that do not compile show the compiler diagnostics (exit 1)', async () => {
    const r = await cli(['run', join(FIXTURES, 'badmod/model.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('broken.mod:11:18: error NMODL200: undefined name `undefined_name`');
    expect(r.stderr).toContain('^^^^^^^^^^^^^^');
  });

  it('usage errors exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['run', TUTORIAL_JSON, '--tstop', 'abc'], /--tstop must be a number/],
      [['run', TUTORIAL_JSON, '--set', 'soma.hh.gnabr=0.1'], /--set soma\.hh\.gnabr: hh has no parameter 'gnabr' \(did you mean 'gnabar'\?\)/],
      [['run', TUTORIAL_JSON, '--set', 'soma.hh.gnabar'], /write path=value/],
      [['run', TUTORIAL_JSON, '--set', 'dend.L=3'], /'dend' is neither a section nor a point process/],
      [['run', TUTORIAL_JSON, '--out', 'x.xlsx'], /unknown format/],
      [['run', TUTORIAL_JSON, '--dt', '0'], /dt = 0: must be > 0 ms/],
      [['run', 'missing.json'], /missing\.json: no such file/],
      [['run', 'model.txt'], /run takes a script/],
      [['run', join(FIXTURES, 'tutorial-script.ts'), '--tstop', '3'], /--tstop apply to model files/],
      [['run'], /missing required argument 'file'/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['run', TUTORIAL_JSON, '--bogus'], /unknown option '--bogus'/],
      [[], /Usage: neurite/],
    ];
    await Promise.all(cases.map(async ([args, message]) => {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }));
  });

  it('a simulation that fails exits 1', async () => {
    const r = await cli(['run', TUTORIAL_JSON, '--set', 'stim.amp=1e308', '--out', 'x.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the simulation failed: .*NaN/);
  });

  it('a script that throws exits 1 with its stack; a missing script exits 2; a plain .js ES module runs', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'boom.ts'), "import { h } from 'neurite';\nconst s = h.Section({ name: 's' });\ns.nseg = 0;\n");
    const r = await cli(['run', 'sub/boom.ts'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('s.nseg must be a whole number');
    const t = await cli(['run', 'x.mjs'], { cwd: dir });
    expect(t.code).toBe(2);
    writeFileSync(join(dir, 'plain.js'), "import { h } from 'neurite';\nconst s = h.Section({ name: 's' });\ns.insert('pas');\nh.finitialize(-65);\nh.continuerun(50);\nconsole.log(s(0.5).v.toFixed(2));\n");
    const js = await cli(['run', 'plain.js'], { cwd: dir });
    expect(js.code, js.stderr).toBe(0);
    expect(js.stdout.trim()).toBe('-70.00');
  });
});

describe.concurrent('neurite run: scripts in any module format, outside the workspace', () => {
  it('a TypeScript script with no import or export (CommonJS outside a "type": "module" package)', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.ts'), 'interface P { n: number }\nconst p: P = { n: 1 };\nconsole.log(p.n);\n');
    const r = await cli(['run', 'c.ts'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1\n');
  });

  it('a TypeScript script that requires neurite, with type annotations (.ts and .cts)', async () => {
    const dir = tmp();
    const script = [
      "const { h } = require('neurite');",
      "const { mV, ms } = require('neurite/units');",
      'interface Geometry { L: number; diam: number }',
      'const g: Geometry = { L: 20, diam: 20 };',
      "const soma: any = h.Section({ name: 'soma' });",
      'soma.L = g.L;',
      'soma.diam = g.diam;',
      "soma.insert('pas');",
      'h.finitialize(-65 * mV);',
      'h.continuerun(50 * ms);',
      "const same: boolean = h === require('neurite').h;",
      'console.log(soma(0.5).v.toFixed(2), same);',
    ].join('\n');
    writeFileSync(join(dir, 'r.ts'), script);
    writeFileSync(join(dir, 'r.cts'), script);
    for (const file of ['r.ts', 'r.cts']) {
      const r = await cli(['run', file], { cwd: dir });
      expect(r.stderr, file).toBe('');
      expect(r.code, file).toBe(0);
      expect(r.stdout, file).toBe('-70.00 true\n');
    }
  });

  it('an ES module script importing CommonJS TypeScript helpers', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'twice.cts'), 'exports.twice = (n: number): number => 2 * n;\n');
    writeFileSync(join(dir, 'thrice.ts'), 'exports.thrice = (n: number): number => 3 * n;\n');
    writeFileSync(join(dir, 'main.ts'), "import { twice } from './twice.cts';\nimport { thrice } from './thrice.ts';\nconst n: number = 2;\nconsole.log(twice(n), thrice(n));\n");
    const r = await cli(['run', 'main.ts'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('4 6\n');
  });
});

describe.concurrent('neurite run: an error in a script names its line', () => {
  // Type declarations and an enum before the failing line: the line is the TypeScript source's.
  const body = [
    '',
    'interface Geometry {',
    '  L: number;',
    '  diam: number;',
    '}',
    'enum Kind { A, B }',
    'const g: Geometry = { L: 20, diam: -1 };',
    "const soma = h.Section({ name: 'soma' });",
    'soma.L = g.L + Kind.B;',
    'soma.diam = g.diam;',
  ];

  it('an ES module script: neg.ts:LINE:COL', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'neg.ts'), ["import { h } from 'neurite';", ...body, ''].join('\n'));
    const r = await cli(['run', 'neg.ts'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^neurite: neg\.ts:11:\d+: soma\.diam must be .*\[INVALID_VALUE\]$/m);
  });

  it('a CommonJS script: neg.ts:LINE:COL', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'neg.ts'), ["const { h } = require('neurite');", ...body, ''].join('\n'));
    const r = await cli(['run', 'neg.ts'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^neurite: neg\.ts:11:\d+: soma\.diam must be .*\[INVALID_VALUE\]$/m);
  });

  it('no line when the error was thrown outside the script', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'helper.ts'), "import { h } from 'neurite';\nconst soma = h.Section({ name: 'soma' });\nsoma.diam = -1;\n");
    writeFileSync(join(dir, 'main.ts'), "import './helper.ts';\nconsole.log('not reached');\n");
    const r = await cli(['run', 'main.ts'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^neurite: main\.ts: soma\.diam must be .*\[INVALID_VALUE\]$/m);
  });
});

describe.concurrent('neurite run: location errors in model files', () => {
  it('give the fix', async () => {
    const dir = tmp();
    const doc = JSON.parse(readFileSync(TUTORIAL_JSON, 'utf8')) as ModelDocument;
    doc.pointProcesses!.stim!.at = 'soma(1.5)';
    writeFileSync(join(dir, 'loc.json'), JSON.stringify(doc, null, 2));
    const r = await cli(['run', 'loc.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^neurite: loc\.json:\d+:\d+: at \$\.pointProcesses\.stim\.at: soma\(1\.5\): x must be from 0 to 1, got 1\.5\n {2}fix: give a location from 0 to 1, such as soma\(0\.5\)$/m);
  });
});
