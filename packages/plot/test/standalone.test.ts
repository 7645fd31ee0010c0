// Opens standalone HTML files made by writePlotHtml in headless Chromium, from file:// with the
// network off, and checks the pixels: the trace is drawn where the data says.
import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHAPE_PALETTE, plot, plotTraces, renderPlotHtml, shapePlot } from '../src/index.js';
import type { PlotSpec } from '../src/index.js';
import { readBokehScripts, writePlotHtml } from '../src/node.js';
import { ARTIFACTS, HAVE_CHROMIUM, hexToRgb, launch, near, pixelsOf } from './chromium.js';
import { open, rec, shoot, spikeTrace, toPixel, topmost } from './pages.js';

describe.skipIf(!HAVE_CHROMIUM)('standalone HTML in headless Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  beforeAll(async () => {
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1000, height: 620 }, deviceScaleFactor: 1, offline: true });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });

  it('draws a spike where the data says: peak in the upper part of the plot area, baseline low', async () => {
    const { t, v } = spikeTrace(2001, 0.025, 20, 0.5);
    const spec = plot(rec(t, 't', 'ms'), rec(v, 'v', 'mV'), { title: 'Synthetic spike' });
    const file = join(ARTIFACTS, 'spike.html');
    const written = await writePlotHtml(spec, file);
    expect(written.bytes).toBeGreaterThan(1_000_000); // BokehJS is inlined
    const page = await context.newPage();
    const drawn = await open(page, file);
    const img = await shoot(page, 'spike.png');
    expect(drawn.total).toBe(2001);
    expect(drawn.points).toBe(2001); // short traces are drawn in full

    const blue = pixelsOf(img, hexToRgb(spec.traces[0].color), drawn.frame);
    expect(blue.length).toBeGreaterThan(500);
    const px = (x: number, y: number) => toPixel(drawn.frame, spec.xRange, spec.yRange, x, y);
    const peak = topmost(blue);
    const want = px(20, 40);
    expect(Math.abs(peak.x - want.x)).toBeLessThanOrEqual(3);
    expect(Math.abs(peak.y - want.y)).toBeLessThanOrEqual(3);
    expect((peak.y - drawn.frame.top) / drawn.frame.height).toBeLessThan(0.1);

    // Away from the spike the line lies on the baseline, in the lower part of the plot area.
    const base = px(0, -65).y;
    for (const tMs of [5, 12, 30, 45]) {
      const col = Math.round(px(tMs, 0).x);
      const ys = blue.filter((p) => p.x === col).map((p) => p.y);
      expect(ys.length, `trace pixels in the column of t=${tMs} ms`).toBeGreaterThan(0);
      const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
      expect(Math.abs(mean - base)).toBeLessThanOrEqual(2);
      expect((mean - drawn.frame.top) / drawn.frame.height).toBeGreaterThan(0.9);
    }
    const farAbove = blue.filter((p) => Math.abs(p.x - want.x) > px(3, 0).x - px(0, 0).x && p.y < px(0, -60).y);
    expect(farAbove).toEqual([]);

    // Hover over the peak: the tooltip names the trace and gives t and v with their units.
    await page.mouse.move(want.x, peak.y);
    const tip = page.locator('.bk-Tooltip').first();
    await tip.waitFor({ state: 'visible', timeout: 5000 });
    // The tooltip's content lives in shadow roots: collect the text through them.
    const tipText = (
      await tip.evaluate((el) => {
        const text = (n: Node): string => {
          const own = n instanceof Element && n.shadowRoot ? text(n.shadowRoot) : '';
          if (n.nodeName === 'STYLE') return '';
          if (n.nodeType === Node.TEXT_NODE) return ` ${n.textContent ?? ''}`;
          return own + Array.from(n.childNodes).map(text).join('');
        };
        return text(el);
      })
    ).replace(/\s+/g, ' ').trim();
    expect(tipText).toMatch(/t \(ms\).*v \(mV\)/);
    expect(tipText).toMatch(/\b(39\.\d+|40)\b/);

    // Pan with the mouse (the active drag tool): 100 px to the left moves the view 100 px of t.
    await page.mouse.move(want.x, drawn.frame.top + drawn.frame.height / 2);
    await page.mouse.down();
    await page.mouse.move(want.x - 50, drawn.frame.top + drawn.frame.height / 2, { steps: 5 });
    await page.mouse.move(want.x - 100, drawn.frame.top + drawn.frame.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.mouse.move(0, 0);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const xr = (await page.evaluate(() => document.getElementById('neurite-plot-0')?.dataset.xRange ?? '')).split(',').map(Number);
    const shift = (100 / drawn.frame.width) * (spec.xRange[1] - spec.xRange[0]);
    expect(xr[0]).toBeCloseTo(spec.xRange[0] + shift, 0);
    const panned = pixelsOf(await shoot(page, 'spike-panned.png'), hexToRgb(spec.traces[0].color), drawn.frame);
    expect(Math.abs(topmost(panned).x - (want.x - 100))).toBeLessThanOrEqual(3);
    console.log(
      `[plot] spike.html: ${(written.bytes / 1e6).toFixed(2)} MB, drawn in ${drawn.loadMs} ms; plot area ${drawn.frame.width}×${drawn.frame.height} px; ` +
        `peak pixel (${peak.x}, ${peak.y}) for expected (${want.x.toFixed(1)}, ${want.y.toFixed(1)}); baseline y ${base.toFixed(1)}; ` +
        `tooltip "${tipText}"; panned by 100 px: t from ${xr[0].toFixed(2)} ms`,
    );
    await page.close();
  });

  it('draws several traces in their own colours, with a legend', async () => {
    const { t, v: soma } = spikeTrace(4001, 0.025, 20, 0.5);
    const dend = new Float64Array(t.length);
    for (let i = 0; i < t.length; i++) dend[i] = -65 + 60 * Math.exp(-(((t[i] - 24) / 1.5) ** 2));
    const spec: PlotSpec = plot(rec(t, 't', 'ms'), { soma: rec(soma, 'v', 'mV'), dend: rec(dend, 'v', 'mV') });
    expect(spec.legend).toBe('top_right');
    const file = join(ARTIFACTS, 'two-traces.html');
    await writePlotHtml(spec, file);
    const page = await context.newPage();
    const drawn = await open(page, file);
    const img = await shoot(page, 'two-traces.png');
    const px = (x: number, y: number) => toPixel(drawn.frame, spec.xRange, spec.yRange, x, y);
    // Leave out the legend (top right) when looking for the peaks.
    const plotArea = { ...drawn.frame, width: drawn.frame.width * 0.6 };
    for (const [i, peakT, peakV] of [[0, 20, 40], [1, 24, -5]] as const) {
      const p = topmost(pixelsOf(img, hexToRgb(spec.traces[i].color), plotArea));
      const want = px(peakT, peakV);
      expect(Math.abs(p.x - want.x), spec.traces[i].name).toBeLessThanOrEqual(3);
      expect(Math.abs(p.y - want.y), spec.traces[i].name).toBeLessThanOrEqual(3);
    }
    // The legend's swatches: both colours in the top-right corner of the plot area.
    const corner = { left: drawn.frame.left + drawn.frame.width * 0.75, top: drawn.frame.top, width: drawn.frame.width * 0.25, height: 80 };
    for (const trace of spec.traces) expect(pixelsOf(img, hexToRgb(trace.color), corner).length, trace.name).toBeGreaterThan(10);
    await page.close();
  });

  it('draws a shape plot: each segment where its 3D points are, in the colour of its value', async () => {
    const p = (x: number, y: number, diam: number) => ({ x, y, z: 0, diam });
    const spec = shapePlot(
      [
        { name: 'soma', points: [p(0, 0, 20), p(20, 0, 20)], values: [-65] },
        { name: 'dend', points: [p(20, 0, 3), p(220, 0, 3)], parent: 'soma', values: [-60, -45, -30, -15, 0] },
        { name: 'apic', points: [p(10, 0, 3), p(10, 150, 3)], parent: 'soma', parentX: 0.5, values: [-70, -35, 0] },
      ],
      { variable: 'v', unit: 'mV', colorRange: [-70, 0], title: 'v along the cell' },
    );
    const file = join(ARTIFACTS, 'shape.html');
    await writePlotHtml(spec, file);
    const page = await context.newPage();
    const drawn = await open(page, file);
    const img = await shoot(page, 'shape.png');
    const ranges = await page.evaluate(() => {
      const d = (document.getElementById('neurite-plot-0') as HTMLElement).dataset;
      return [d.xRange ?? '', d.yRange ?? ''].map((r) => r.split(',').map(Number) as [number, number]);
    });
    const at = (x: number, y: number) => {
      const q = toPixel(drawn.frame, ranges[0], ranges[1], x, y);
      return { x: Math.round(q.x), y: Math.round(q.y) };
    };
    const colorOf = (v: number) => hexToRgb(SHAPE_PALETTE[Math.min(63, Math.floor(((v + 70) / 70) * 64))]);
    // The middle of each segment has its value's colour.
    const checks: [string, number, number, number][] = [
      ['dend(0.1)', 40, 0, -60],
      ['dend(0.5)', 120, 0, -30],
      ['dend(0.9)', 200, 0, 0],
      ['apic(0.1667)', 10, 25, -70],
      ['apic(0.8333)', 10, 125, 0],
    ];
    for (const [name, x, y, v] of checks) {
      const q = at(x, y);
      expect(near(img, q.x, q.y, colorOf(v), 40), `${name} at pixel (${q.x}, ${q.y})`).toBe(true);
    }
    // Equal aspect: 200 µm of dend and 150 µm of apic span pixels in proportion.
    const dx = at(220, 0).x - at(20, 0).x;
    const dy = at(10, 0).y - at(10, 150).y;
    expect(Math.abs(dx / dy - 200 / 150)).toBeLessThan(0.05);
    await page.close();
  });

  it('shows an error message instead of a blank page when drawing fails', async () => {
    const [bokeh] = await readBokehScripts();
    // BokehJS without its plotting API: drawing must fail visibly.
    const html = renderPlotHtml(plotTraces({ x: [0, 1], ys: [0, 1] }), { bokehScripts: [bokeh] });
    const file = join(ARTIFACTS, 'broken.html');
    await writeFile(file, html);
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => document.body.dataset.error !== undefined || document.body.dataset.ready !== undefined);
    expect(await page.evaluate(() => document.body.dataset.ready)).toBeUndefined();
    await expect(page.locator('.neurite-plot-error').textContent()).resolves.toMatch(/could not be drawn/);
    await page.close();
    expect(statSync(file).size).toBeGreaterThan(0);
  });
});
