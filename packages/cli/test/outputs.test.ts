// Where the CLI writes: output locations are checked before any run and reported as the user's
// errors (the option, the path and the fix), never as internal errors; write failures name the
// file once; the files written are printed as paths the user can open.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, cli, tmp } from './helpers.js';

const TUTORIAL = join(FIXTURES, 'tutorial.model.json');
// A current so large that the simulation fails (NaN): an output error reported instead shows
// that the output was checked before the run.
const FAILING = ['--set', 'stim.amp=1e308'];

/** A temporary folder with a regular file `afile`, a folder `folder.csv`, a data file and a .mod file. */
function workspace(): string {
  const dir = tmp();
  writeFileSync(join(dir, 'afile'), 'not a folder\n');
  mkdirSync(join(dir, 'folder.csv'));
  writeFileSync(join(dir, 'data.csv'), 't,v\r\n0,-65\r\n0.025,-64.5\r\n');
  copyFileSync(join(FIXTURES, 'leak/leak.mod'), join(dir, 'kd.mod'));
  return dir;
}

function expectUserError(r: { code: number | null; stderr: string }, code: number, message: string): void {
  expect(r.stderr).not.toContain('internal error');
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).toContain(`neurite: ${message}`);
  expect(r.stderr).toMatch(/\n {2}fix: \S/);
  expect(r.code, r.stderr).toBe(code);
}

describe.concurrent('output locations are checked first and reported as usage errors', () => {
  it('compile -o naming a file, or a folder under a file', async () => {
    const dir = workspace();
    const file = await cli(['compile', 'kd.mod', '-o', 'afile'], { cwd: dir });
    expectUserError(file, 2, '-o afile: that is a file, not a folder');
    expect(readFileSync(join(dir, 'afile'), 'utf8')).toBe('not a folder\n');
    const under = await cli(['compile', 'kd.mod', '-o', 'afile/generated'], { cwd: dir });
    expectUserError(under, 2, '-o afile/generated: afile is a file, not a folder');
  });

  it('compile where a module would replace a folder', async () => {
    const dir = workspace();
    mkdirSync(join(dir, 'kd.ts'));
    const r = await cli(['compile', 'kd.mod'], { cwd: dir });
    expectUserError(r, 2, 'kd.ts: that is a folder');
  });

  it('plot and convert to a path under a file, or to a folder', async () => {
    const dir = workspace();
    expectUserError(await cli(['plot', 'data.csv', '-o', 'afile/p.html'], { cwd: dir }), 2, '-o afile/p.html: afile is a file, not a folder');
    mkdirSync(join(dir, 'p.html'));
    expectUserError(await cli(['plot', 'data.csv', '-o', 'p.html'], { cwd: dir }), 2, '-o p.html: that is a folder, not a file');
    expectUserError(await cli(['convert', 'data.csv', 'afile/x.json'], { cwd: dir }), 2, 'afile/x.json: afile is a file, not a folder');
    expectUserError(await cli(['convert', 'data.csv', 'folder.csv'], { cwd: dir }), 2, 'folder.csv: that is a folder, not a file');
  });

  it('run --out and --plot, before the simulation', async () => {
    const dir = workspace();
    // The same run with a good output fails in the simulation (exit 1).
    const ok = await cli(['run', TUTORIAL, ...FAILING, '--out', 'x.csv'], { cwd: dir });
    expect(ok.code).toBe(1);
    expect(ok.stderr).toContain('the simulation failed');
    expectUserError(await cli(['run', TUTORIAL, ...FAILING, '--out', 'afile/x.csv'], { cwd: dir }), 2, '--out afile/x.csv: afile is a file, not a folder');
    expectUserError(await cli(['run', TUTORIAL, ...FAILING, '--plot', 'afile/x.html'], { cwd: dir }), 2, '--plot afile/x.html: afile is a file, not a folder');
    expectUserError(await cli(['run', TUTORIAL, ...FAILING, '--out', 'folder.csv'], { cwd: dir }), 2, '--out folder.csv: that is a folder, not a file');
  });

  it('sweep -o and --plot, before any run', async () => {
    const dir = workspace();
    const sweep = ['sweep', TUTORIAL, '--param', 'tstop=40,41', ...FAILING, '--workers', '1'];
    const ok = await cli([...sweep, '-o', 's.csv'], { cwd: dir });
    expect(ok.code).toBe(1);
    expect(ok.stderr).toContain('the simulation failed');
    expectUserError(await cli([...sweep, '-o', 'afile/s.csv'], { cwd: dir }), 2, '-o afile/s.csv: afile is a file, not a folder');
    expectUserError(await cli([...sweep, '--plot', 'afile/s.html'], { cwd: dir }), 2, '--plot afile/s.html: afile is a file, not a folder');
    expect(existsSync(join(dir, 's.csv'))).toBe(false);
    expect(existsSync(join(dir, 'sweep.html'))).toBe(false);
  });

  it('a model\'s outputs, at their JSON path (exit 1)', async () => {
    const dir = workspace();
    const doc = JSON.parse(readFileSync(TUTORIAL, 'utf8')) as Record<string, unknown>;
    doc.outputs = ['v.csv', { file: 'afile/v.html' }];
    writeFileSync(join(dir, 'm.json'), JSON.stringify(doc, null, 2));
    const r = await cli(['run', 'm.json', ...FAILING], { cwd: dir });
    expectUserError(r, 1, 'm.json:');
    expect(r.stderr).toMatch(/m\.json:\d+:\d+: at \$\.outputs\[1\]\.file: afile\/v\.html: afile is a file, not a folder/);
    expect(existsSync(join(dir, 'v.csv'))).toBe(false);
  });
});

describe.concurrent('failures to write', () => {
  // A name the file system refuses (longer than 255 bytes) passes the checks and fails on writing.
  const long = 'x'.repeat(300);

  it('name the file once, say why and how to fix it (exit 1)', async () => {
    const dir = workspace();
    const cases: [string[], string][] = [
      [['convert', 'data.csv', `${long}.csv`], `${long}.csv`],
      [['plot', 'data.csv', '-o', `${long}.html`], `${long}.html`],
      [['run', TUTORIAL, '--tstop', '1', '--out', `${long}.json`], `${long}.json`],
    ];
    for (const [args, file] of cases) {
      const r = await cli(args, { cwd: dir });
      expectUserError(r, 1, `cannot write ${file}: the name is too long for the file system`);
      expect(r.stderr.split(file).length - 1, r.stderr).toBe(1);
    }
  });

  it('compile reports a module it cannot write as an error of the user, not an internal one', async () => {
    const dir = workspace();
    mkdirSync(join(dir, 'mod'));
    const name = 'k'.repeat(250);
    copyFileSync(join(FIXTURES, 'leak/leak.mod'), join(dir, 'mod', `${name}.mod`));
    const r = await cli(['compile', 'mod'], { cwd: dir });
    expectUserError(r, 1, `cannot write ${name}.ts: the name is too long for the file system`);
  });
});

describe.concurrent('the files written are printed as paths the user can open', () => {
  it('a model\'s outputs, beside the model, relative to the working folder', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'models'));
    copyFileSync(TUTORIAL, join(dir, 'models', 'tutorial.model.json'));
    const r = await cli(['run', join('models', 'tutorial.model.json'), '--tstop', '5'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`wrote ${join('models', 'tutorial.csv')}\n`);
    expect(r.stdout).toContain(`wrote ${join('models', 'tutorial.html')}\n`);
    expect(existsSync(join(dir, 'models', 'tutorial.csv'))).toBe(true);
    const json = await cli(['run', join('models', 'tutorial.model.json'), '--tstop', '5', '--json'], { cwd: dir });
    expect((JSON.parse(json.stdout) as { outputs: string[] }).outputs).toEqual([join('models', 'tutorial.csv'), join('models', 'tutorial.html')]);
  });

  it('absolute when outside the working folder', async () => {
    const dir = tmp();
    copyFileSync(TUTORIAL, join(dir, 'tutorial.model.json'));
    const r = await cli(['run', join(dir, 'tutorial.model.json'), '--tstop', '5']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`wrote ${join(dir, 'tutorial.csv')}\n`);
    expect(r.stdout).toContain(`wrote ${join(dir, 'tutorial.html')}\n`);
  });
});
