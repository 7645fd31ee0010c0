import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, cli, readCsv, tmp } from './helpers.js';

const TUTORIAL = join(FIXTURES, 'tutorial.model.json');
// The tutorial cell's frequency-current curve: 200 ms of constant current at each amplitude.
const FI = ['sweep', TUTORIAL, '--param', 'stim.amp=0:0.6:0.1', '--set', 'stim.dur=200', '--tstop', '200'];

describe.concurrent('neurite sweep', () => {
  it('gives the same table on 2 workers as on 1, with a plot', async () => {
    const dir = tmp();
    const [one, two] = await Promise.all([
      cli([...FI, '--workers', '1', '-o', 'one.csv', '--plot', 'one.html', '--json'], { cwd: dir }),
      cli([...FI, '--workers', '2', '-o', 'two.csv', '--plot', 'two.html', '--json'], { cwd: dir }),
    ]);
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ runs: 7, workers: 1, out: 'one.csv', plot: 'one.html' });
    expect(JSON.parse(two.stdout)).toMatchObject({ runs: 7, workers: 2 });
    expect(readFileSync(join(dir, 'two.csv'), 'utf8')).toBe(readFileSync(join(dir, 'one.csv'), 'utf8'));
    const table = readCsv(join(dir, 'one.csv'));
    expect(Object.keys(table)).toEqual(['stim.amp', 'soma(0.5).v.spikes', 'soma(0.5).v.rate_hz', 'soma(0.5).v.max', 'soma(0.5).v.min', 'soma(0.5).v.mean']);
    expect(table['stim.amp']).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    const spikes = table['soma(0.5).v.spikes']!;
    expect(spikes[0]).toBe(0);
    // Above threshold the rate rises with the current.
    for (let i = 2; i < spikes.length; i++) expect(spikes[i]).toBeGreaterThanOrEqual(spikes[i - 1]!);
    expect(spikes[6]).toBeGreaterThan(spikes[1]!);
    expect(table['soma(0.5).v.rate_hz']![6]).toBe(spikes[6]! * 5);
    expect(readFileSync(join(dir, 'one.html'), 'utf8')).toContain('<html');
  });

  it('matches single runs with the same settings', async () => {
    const dir = tmp();
    const s = await cli(['sweep', TUTORIAL, '--param', 'stim.amp=0.3,0.9', '--workers', '2', '--no-plot'], { cwd: dir });
    expect(s.code).toBe(0);
    expect(existsSync(join(dir, 'sweep.csv'))).toBe(true);
    expect(existsSync(join(dir, 'sweep.html'))).toBe(false);
    const table = readCsv(join(dir, 'sweep.csv'));
    const runs = await Promise.all([0.3, 0.9].map((amp) => cli(['run', TUTORIAL, '--set', `stim.amp=${amp}`, '--out', `${amp}.csv`, '--json'], { cwd: dir })));
    runs.forEach((r, i) => {
      const summary = JSON.parse(r.stdout) as { recordings: { max: number; spikes: number }[] };
      expect(table['soma(0.5).v.max']![i]).toBe(summary.recordings[0]!.max);
      expect(table['soma(0.5).v.spikes']![i]).toBe(summary.recordings[0]!.spikes);
    });
  });

  it('sweeps two parameters (a grid) and records v of the first section when the model records nothing', async () => {
    const dir = tmp();
    const r = await cli(['sweep', join(FIXTURES, 'leak/model.yaml'), '--param', 'soma.leak.e=-60,-50', '--param', 'soma.leak.g=0.0005,0.001', '--tstop', '20', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const table = readCsv(join(dir, 'sweep.csv'));
    expect(table['soma.leak.e']).toEqual([-60, -60, -50, -50]);
    expect(table['soma.leak.g']).toEqual([0.0005, 0.001, 0.0005, 0.001]);
    expect(table['v.max']![3]).toBeGreaterThan(table['v.max']![2]!);
  });

  it('reports usage errors (exit 2) and model errors (exit 1)', async () => {
    const cases: [string[], number, RegExp][] = [
      [['sweep', TUTORIAL], 2, /at least one --param/],
      [['sweep', TUTORIAL, '--param', 'stim.amp=0:1'], 2, /start:stop:step/],
      [['sweep', TUTORIAL, '--param', 'stim.amp=1:0:0.1'], 2, /the step must go from start towards stop/],
      [['sweep', TUTORIAL, '--param', 'stim.ampp=0:1:0.5'], 2, /IClamp has no variable 'ampp' \(did you mean 'amp'\?\)/],
      [['sweep', TUTORIAL, '--param', 'amp=0,1', '--workers', '0'], 2, /--workers must be a whole number/],
      [['sweep', TUTORIAL, '--param', 'amp=0,1', '--y', 'nope'], 2, /--y nope: not a column/],
      [['sweep', join(FIXTURES, 'badmod/model.json'), '--param', 'tstop=1,2'], 1, /broken\.mod:11:18/],
    ];
    await Promise.all(cases.map(async ([args, code, message]) => {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr).toMatch(message);
    }));
  });
});
