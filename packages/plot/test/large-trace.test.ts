// A 10^6-point trace in a standalone file, in headless Chromium: decimated for display (the
// spike survives), the full data kept for zooming; and the small file of `embed: 'decimated'`.
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plot } from '../src/index.js';
import { writePlotHtml } from '../src/node.js';
import { ARTIFACTS, HAVE_CHROMIUM, hexToRgb, launch, pixelsOf } from './chromium.js';
import { open, rec, shoot, spikeTrace, toPixel, topmost } from './pages.js';

describe.skipIf(!HAVE_CHROMIUM)('a standalone HTML file of 10^6 points in headless Chromium', () => {
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

  it('draws a 10^6-point trace, decimated for display, keeping a 0.1 ms spike and the full data for zooming', async () => {
    const n = 1_000_000;
    const { t, v } = spikeTrace(n, 0.001, 612.345, 0.03);
    const spec = plot(rec(t, 't', 'ms'), rec(v, 'v', 'mV'));
    const file = join(ARTIFACTS, 'million.html');
    const written = await writePlotHtml(spec, file);
    const page = await context.newPage();
    const drawn = await open(page, file);
    const img = await shoot(page, 'million.png');
    expect(drawn.total).toBe(n);
    // At most 4 points per bucket, 3 buckets per pixel (the window plus one width each side).
    expect(drawn.points).toBeLessThanOrEqual(12 * Math.ceil(drawn.frame.width) + 8);
    const blue = pixelsOf(img, hexToRgb(spec.traces[0].color), drawn.frame);
    const peak = topmost(blue);
    const want = toPixel(drawn.frame, spec.xRange, spec.yRange, 612.345, 40);
    expect(Math.abs(peak.x - want.x)).toBeLessThanOrEqual(3);
    expect(Math.abs(peak.y - want.y)).toBeLessThanOrEqual(3);
    expect(drawn.loadMs).toBeLessThan(20_000);

    const fullMs = await page.evaluate(() => Number(document.getElementById('neurite-plot-0')?.dataset.decimateMs));
    expect(fullMs).toBeLessThan(100); // choosing the points of 10^6 stays well within interactive budgets

    // Zoom to 0.3 ms around the spike (as the zoom tools do, by moving the x range): the
    // visible window is decimated again from the full data, now every sample is drawn.
    const zoom: [number, number] = [612.2, 612.5];
    await page.evaluate(([start, end]) => {
      const bokeh = (window as unknown as { Bokeh: { documents: { all_models: Set<{ type: string; start: number; end: number }> }[] } }).Bokeh;
      const ranges = [...bokeh.documents[0].all_models].filter((m) => m.type === 'Range1d');
      const x = ranges.find((r) => r.start === 0) as { start: number; end: number };
      x.start = start;
      x.end = end;
    }, zoom);
    await page.waitForFunction((before) => document.getElementById('neurite-plot-0')?.dataset.points !== before, String(drawn.points));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const zoomedPoints = Number(await page.evaluate(() => document.getElementById('neurite-plot-0')?.dataset.points));
    const decimateMs = await page.evaluate(() => Number(document.getElementById('neurite-plot-0')?.dataset.decimateMs));
    expect(zoomedPoints).toBeGreaterThan(850); // 0.9 ms of 1 µs samples: 901 points, all kept
    expect(zoomedPoints).toBeLessThan(910);
    const zoomed = await shoot(page, 'million-zoomed.png');
    const zblue = pixelsOf(zoomed, hexToRgb(spec.traces[0].color), drawn.frame);
    const zpeak = topmost(zblue);
    const zwant = toPixel(drawn.frame, zoom, spec.yRange, 612.345, 40);
    expect(Math.abs(zpeak.x - zwant.x)).toBeLessThanOrEqual(3);
    expect(Math.abs(zpeak.y - zwant.y)).toBeLessThanOrEqual(3);
    // The spike is now wide: at half height (-12.5 mV) it spans 2·0.03·√ln2 ms ≈ 0.05 ms.
    const half = Math.round(toPixel(drawn.frame, zoom, spec.yRange, 0, -12.5).y);
    const row = zblue.filter((p) => p.y === half).map((p) => p.x);
    const halfWidthPx = Math.max(...row) - Math.min(...row);
    const expectPx = ((2 * 0.03 * Math.sqrt(Math.LN2)) / (zoom[1] - zoom[0])) * drawn.frame.width;
    expect(Math.abs(halfWidthPx - expectPx)).toBeLessThanOrEqual(6);
    console.log(
      `[plot] million.html: ${(written.bytes / 1e6).toFixed(1)} MB, 10^6 points drawn as ${drawn.points} in ${drawn.loadMs} ms; ` +
        `peak pixel (${peak.x}, ${peak.y}) for expected (${want.x.toFixed(1)}, ${want.y.toFixed(1)}); ` +
        `decimating all 10^6 took ${fullMs} ms, the zoomed window ${decimateMs} ms; ` +
        `zoomed: ${zoomedPoints} points, spike ${halfWidthPx} px wide at half height (expected ${expectPx.toFixed(1)})`,
    );
    await page.close();
  });

  it("with embed: 'decimated', a 10^6-point file is small and still shows the spike", async () => {
    const { t, v } = spikeTrace(1_000_000, 0.001, 250.5, 0.03);
    const spec = plot(t, v, { xUnit: 'ms', yUnit: 'mV' });
    const file = join(ARTIFACTS, 'million-decimated.html');
    const written = await writePlotHtml(spec, file, { embed: 'decimated' });
    expect(written.bytes).toBeLessThan(1_800_000);
    const page = await context.newPage();
    const drawn = await open(page, file);
    const img = await shoot(page, 'million-decimated.png');
    expect(drawn.total).toBeLessThanOrEqual(4 * spec.width + 8);
    const peak = topmost(pixelsOf(img, hexToRgb(spec.traces[0].color), drawn.frame));
    const want = toPixel(drawn.frame, spec.xRange, spec.yRange, 250.5, 40);
    expect(Math.abs(peak.x - want.x)).toBeLessThanOrEqual(3);
    expect(Math.abs(peak.y - want.y)).toBeLessThanOrEqual(3);
    await page.close();
  });

});
