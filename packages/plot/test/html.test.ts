import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PlotError, plot, renderPlotHtml } from '../src/index.js';
import { plotHtml, readBokehScripts, writePlotHtml } from '../src/node.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { OUTPUT, generateRuntime } from '../scripts/generate-runtime.mjs';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'neurite-plot-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('renderPlotHtml', () => {
  it('inlines the given scripts and the data, with nothing loaded from the network', () => {
    const html = renderPlotHtml(plot([0, 1], [2, 3], { title: 'Tiny' }), { bokehScripts: ['var Bokeh = {};'] });
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<script>var Bokeh = {};</script>');
    expect(html).toContain('<title>Tiny</title>');
    expect(html).toContain('id="neurite-plot-0"');
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
  });

  it('cannot be broken out of by names, titles or scripts containing </script>', () => {
    const evil = '</script><script>alert(1)</script><!--';
    const html = renderPlotHtml(plot([0, 1], { [evil]: [2, 3] }, { title: evil }), {
      bokehScripts: [`var Bokeh = "${evil}";`],
    });
    expect(html.match(/<\/script>/g)?.length).toBe(3); // the two inline scripts and the data block
    expect(html).toContain('<title>&#60;/script&#62;');
    expect(html).toContain('src="data:text/javascript;base64,');
    expect(html).toContain('\\u003c/script>');
  });

  it('renders several figures, one element each', () => {
    const html = renderPlotHtml([plot([0, 1], [2, 3]), plot([0, 1], [3, 2])], { bokehScripts: ['0'] });
    expect(html).toContain('id="neurite-plot-1"');
  });

  it('reports a missing BokehJS and bad options with typed errors', () => {
    const spec = plot([0, 1], [2, 3]);
    expect(() => renderPlotHtml(spec, { bokehScripts: [] })).toThrow(PlotError);
    expect(() => renderPlotHtml(spec, { bokehScripts: ['0'], embed: 'some' as 'all' })).toThrow(/embed/);
  });

  it('is generated from the current drawing sources', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(generateRuntime());
  });
});

describe('@neurite/plot/node', () => {
  it('reads BokehJS 3 from the installed package', async () => {
    const [bokeh, api] = await readBokehScripts();
    expect(bokeh.length).toBeGreaterThan(1_000_000);
    expect(api).toContain('Plotting');
  });

  it('writes a self-contained page atomically, replacing an old file and leaving no temporary file', async () => {
    const dir = await tempDir();
    const file = join(dir, 'v.html');
    await writeFile(file, 'old');
    const written = await writePlotHtml({ x: [0, 1, 2], ys: { v: [1, 2, 3] } }, file, { title: 'v' });
    expect(written.file).toBe(file);
    const html = await readFile(file, 'utf8');
    expect(Buffer.byteLength(html)).toBe(written.bytes);
    expect(html).toBe(await plotHtml({ x: [0, 1, 2], ys: { v: [1, 2, 3] } }, { title: 'v' }));
    expect(readdirSync(dir)).toEqual(['v.html']);
  });

  it('fails with WRITE_FAILED, leaving nothing behind, when the folder does not exist', async () => {
    const dir = await tempDir();
    const err = await writePlotHtml(plot([0, 1], [1, 2]), join(dir, 'missing', 'v.html')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlotError);
    expect((err as PlotError).code).toBe('WRITE_FAILED');
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});
