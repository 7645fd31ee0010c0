// mountPlot in a page built with Vite the way the README says (keepNames), drawn in headless
// Chromium; then update() with new data, as sliders do.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHAPE_PALETTE } from '../src/index.js';
import { ARTIFACTS, HAVE_CHROMIUM, DEFAULT_COLORS_RGB, decodePng, hexToRgb, launch, near, pixelsOf, serveDir, watchErrors } from './chromium.js';

const fixture = fileURLToPath(new URL('./fixtures/vite-page', import.meta.url));
const outDir = join(ARTIFACTS, 'vite-page');

describe.skipIf(!HAVE_CHROMIUM)('mountPlot in a Vite page, in headless Chromium', () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  let page: Page;
  let errors: string[];
  beforeAll(async () => {
    await build({
      root: fixture,
      base: './',
      configFile: false,
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, target: 'es2022', rolldownOptions: { output: { keepNames: true } } },
    });
    server = await serveDir(outDir);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1000, height: 560 }, deviceScaleFactor: 1 });
    errors = watchErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function frame() {
    const state = await page.evaluate(() => {
      const el = document.getElementById('plot') as HTMLElement;
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, frame: el.dataset.frame ?? '', x: el.dataset.xRange ?? '', y: el.dataset.yRange ?? '' };
    });
    const [l, t, w, h] = state.frame.split(',').map(Number);
    const range = (s: string) => s.split(',').map(Number) as [number, number];
    return { left: state.left + l, top: state.top + t, width: w, height: h, xRange: range(state.x), yRange: range(state.y) };
  }

  async function show(what: 'two' | 'shape' | 'responsive') {
    await page.evaluate((w) => (window as unknown as { show(w: string): Promise<void> }).show(w), what);
    expect(await page.evaluate(() => document.body.dataset.shown)).toBe(what);
  }

  /** The plot area in page pixels and the x pixel of the highest trace pixel. */
  async function peak(name: string) {
    const state = await page.evaluate(() => {
      const el = document.getElementById('plot') as HTMLElement;
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, frame: el.dataset.frame ?? '' };
    });
    const [l, t, w, h] = state.frame.split(',').map(Number);
    const frame = { left: state.left + l, top: state.top + t, width: w, height: h };
    const img = decodePng(await page.screenshot({ path: join(ARTIFACTS, name) }));
    const blue = pixelsOf(img, [0x1f, 0x77, 0xb4], frame);
    const y = Math.min(...blue.map((p) => p.y));
    const top = blue.filter((p) => p.y <= y + 1);
    return { frame, x: top.reduce((a, p) => a + p.x, 0) / top.length, y, count: blue.length };
  }

  it('draws the trace where the data says', async () => {
    const start = Date.now();
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 30_000 });
    const ms = Date.now() - start;
    expect(errors).toEqual([]);
    const p = await peak('vite-page.png');
    // x range [0, 50] ms, y range [-80, 50] mV: the peak (20 ms, 40 mV).
    expect(Math.abs(p.x - (p.frame.left + (20 / 50) * p.frame.width))).toBeLessThanOrEqual(3);
    expect(Math.abs(p.y - (p.frame.top + (10 / 130) * p.frame.height))).toBeLessThanOrEqual(3);
    console.log(`[plot] Vite page: first trace drawn ${ms} ms after navigation; peak pixel (${p.x.toFixed(1)}, ${p.y})`);
  });

  it('moves the trace when update() gets new data', async () => {
    // Mark the figure's elements, to tell an in-place update from a new figure.
    await page.evaluate(() => {
      for (const el of Array.from(document.getElementById('plot')?.children ?? [])) (el as HTMLElement).dataset.mark = 'first';
    });
    await page.evaluate(() => (window as unknown as { setPeak(p: number): Promise<void> }).setPeak(35));
    expect(await page.evaluate(() => document.body.dataset.peak)).toBe('35');
    const p = await peak('vite-page-updated.png');
    expect(Math.abs(p.x - (p.frame.left + (35 / 50) * p.frame.width))).toBeLessThanOrEqual(3);
    expect(errors).toEqual([]);
    // Redrawn in place: the element holds the same figure, not a second one.
    expect(await page.evaluate(() => Array.from(document.getElementById('plot')?.children ?? []).map((e) => (e as HTMLElement).dataset.mark))).toEqual(
      ['first', 'first'],
    );
  });

  it('redraws when the layout changes: two traces with a legend, a shape plot, a responsive width', async () => {
    await show('two');
    let f = await frame();
    let img = decodePng(await page.screenshot({ path: join(ARTIFACTS, 'vite-page-two.png') }));
    const left = { ...f, width: f.width * 0.6 };
    for (const [i, tPeak] of [[0, 10], [1, 30]] as const) {
      const px = pixelsOf(img, DEFAULT_COLORS_RGB[i], left);
      const y = Math.min(...px.map((p) => p.y));
      const top = px.filter((p) => p.y === y);
      const x = top.reduce((a, p) => a + p.x, 0) / top.length;
      // The second peak (30 ms) is at 60% of the width, inside `left`.
      expect(Math.abs(x - (f.left + (tPeak / 50) * f.width)), `trace ${i}`).toBeLessThanOrEqual(3);
    }
    expect(pixelsOf(img, DEFAULT_COLORS_RGB[1], { ...f, left: f.left + f.width * 0.8, width: f.width * 0.2, height: 70 }).length).toBeGreaterThan(10); // legend

    await show('shape');
    f = await frame();
    img = decodePng(await page.screenshot({ path: join(ARTIFACTS, 'vite-page-shape.png') }));
    const at = (x: number, y: number) => ({
      x: Math.round(f.left + ((x - f.xRange[0]) / (f.xRange[1] - f.xRange[0])) * f.width),
      y: Math.round(f.top + ((f.yRange[1] - y) / (f.yRange[1] - f.yRange[0])) * f.height),
    });
    const tip = at(20 + 200 * (5 / 6), 0); // middle of dend's last segment, value 0: top of the palette
    expect(near(img, tip.x, tip.y, hexToRgb(SHAPE_PALETTE[63]), 40)).toBe(true);
    const base = at(20 + 200 / 6, 0); // first segment, value -70: bottom of the palette
    expect(near(img, base.x, base.y, hexToRgb(SHAPE_PALETTE[0]), 40)).toBe(true);

    await show('responsive');
    const wide = (await frame()).width;
    await page.setViewportSize({ width: 700, height: 560 });
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const narrow = await page.evaluate(() => {
      const el = document.querySelector('#plot > *') as HTMLElement;
      return el.getBoundingClientRect().width;
    });
    expect(wide).toBeGreaterThan(850); // stretched to the 1000 px page
    expect(narrow).toBeLessThan(700);
    expect(errors).toEqual([]);
  });
});
