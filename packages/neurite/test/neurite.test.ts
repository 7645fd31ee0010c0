import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { csvStream, parseCsv } from '@neurite/io';
import { loadCsv, saveCsv } from '@neurite/io/node';
import { MechanismCompileError, NeuriteError, createH, h } from '../src/index.js';
import { ms, mV } from '../src/units.js';

const fixture = (path: string): string => readFileSync(fileURLToPath(new URL(`../../mechanisms/test/fixtures/${path}`, import.meta.url)), 'utf8');

describe('the neurite preset', () => {
  it('runs the tutorial with the global h and gives NEURON\'s trace', () => {
    const ref = JSON.parse(fixture('tutorial/reference.json')) as { t: number[]; traces: Record<string, number[]> };
    h.load_file('stdrun.hoc');
    const soma = h.Section({ name: 'soma' });
    soma.L = 20;
    soma.diam = 20;
    soma.insert('hh');
    expect(soma(0.5).hh.gkbar).toBe(0.036);
    expect(soma(0.5).gkbar_hh).toBe(0.036);
    const iclamp = h.IClamp(soma(0.5));
    iclamp.delay = 2;
    iclamp.dur = 0.1;
    iclamp.amp = 0.9;
    expect(iclamp.get_segment()?.toString()).toBe('soma(0.5)');
    const v = h.Vector().record(soma(0.5)._ref_v);
    const t = h.Vector().record(h._ref_t);
    h.finitialize(-65 * mV);
    h.continuerun(40 * ms);
    expect(t.size()).toBe(ref.t.length);
    let worst = 0;
    ref.traces['soma(0.5).v'].forEach((x, i) => { worst = Math.max(worst, Math.abs(v[i] - x)); });
    expect(worst).toBeLessThan(1e-6);
    h.delete_section(soma);
  });

  it('compiles a user mechanism at run time and inserts it', () => {
    const h2 = createH();
    const type = h2.compile(fixture('mod/ka.mod'), { filename: 'ka.mod' });
    expect(type.name).toBe('ka');
    const soma = h2.Section('soma');
    soma.insert('ka');
    expect(soma.has_membrane('ka')).toBe(true);
    h2.finitialize(-65);
    h2.continuerun(1);
    expect(Number.isFinite(soma(0.5).v)).toBe(true);
  });

  it('compiles a mechanism whose rates are in INCLUDEd files, and names an included file in its errors', () => {
    const h2 = createH();
    const files: Record<string, string> = { 'kdri_rates.inc': fixture('mod/kdri_rates.inc'), 'vtrap.inc': fixture('mod/vtrap.inc') };
    const include = (name: string) => (name in files ? { path: name, text: files[name]! } : undefined);
    expect(h2.compile(fixture('mod/kdri.mod'), { filename: 'kdri.mod', include }).name).toBe('kdri');
    h2.Section('soma').insert('kdri');
    files['vtrap.inc'] = files['vtrap.inc']!.replace('vtrap = x / (exp(x/y) - 1)', 'vtrap = x / (exp(x/y) - 1');
    expect(() => createH().compile(fixture('mod/kdri.mod'), { filename: 'kdri.mod', include })).toThrowError(/vtrap\.inc:9:5: error NMODL100: syntax error: unexpected "\}"\n9 \|     \}\n[^]*expected: [^\n]*"\)"/);
  });

  it('a broken .mod gives file:line:col, the line and a caret, and no mechanism', () => {
    const h2 = createH();
    const broken = 'NEURON {\n  SUFFIX bad\n}\nPARAMETER {\n  g = 0.001 (S/cm2\n}\n';
    let err: unknown;
    try {
      h2.compile(broken, { filename: 'bad.mod' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MechanismCompileError);
    expect(err).toBeInstanceOf(NeuriteError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/bad\.mod:\d+:\d+/);
    expect(msg).toContain('g = 0.001 (S/cm2');
    expect(msg).toMatch(/\^/);
    expect(() => h2.Section('s').insert('bad')).toThrowError(/unknown mechanism 'bad'/);
  });

  it('streams a recording to CSV as the run goes, and a loaded file plays back into h.Vector', () => {
    const h2 = createH();
    const soma = h2.Section('soma');
    soma.insert('hh');
    let text = '';
    const stream = csvStream({ write: (chunk: string) => { text += chunk; } }, [
      { name: 't', source: h2._ref_t },
      { name: 'v', source: soma(0.5)._ref_v },
    ], { header: true });
    const stop = h2.observe(stream);
    const v = h2.Vector().record(soma(0.5)._ref_v);
    h2.finitialize(-65);
    h2.continuerun(2);
    stop();
    stream.close?.();
    const table = parseCsv(text);
    expect(table.names).toEqual(['t', 'v']);
    expect(Array.from(table.columns.v)).toEqual(v.to_python());
    const dir = mkdtempSync(join(tmpdir(), 'neurite-'));
    saveCsv(join(dir, 'v.csv'), { v });
    const back = h2.Vector(loadCsv(join(dir, 'v.csv'), { names: ['v'] }).columns.v);
    expect(back.to_python()).toEqual(v.to_python());
  });
});

describe('section-wide ion variables', () => {
  it('sec.ek = -85 sets every segment, as in NEURON', () => {
    const h2 = createH();
    const s = h2.Section('s') as ReturnType<typeof h2.Section> & { ek: number };
    s.nseg = 3;
    s.insert('hh');
    s.ek = -85;
    expect([...s].map((seg) => seg.ek)).toEqual([-85, -85, -85]);
    expect(s.ek).toBe(-85);
  });
});
