// Helpers of the standalone-HTML browser tests: synthetic recordings, opening a page and
// waiting until it is drawn, and mapping data to page pixels.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ARTIFACTS, decodePng, watchErrors } from './chromium.js';
import type { Image } from './chromium.js';

/** A recording as core's Vector provides it. */
export function rec(values: Float64Array, label: string, unit: string) {
  return { toArray: () => values, label, unit };
}

/** t from 0 with step dt; v at -65 mV with a Gaussian spike to +40 mV at `peak` ms. */
export function spikeTrace(n: number, dt: number, peak: number, width: number) {
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = i * dt;
    v[i] = -65 + 105 * Math.exp(-(((t[i] - peak) / width) ** 2));
  }
  return { t, v };
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Drawn {
  /** The plot area in page pixels. */
  frame: Box;
  points: number;
  total: number;
  /** Milliseconds from navigation to the figure being drawn. */
  loadMs: number;
}

export async function open(page: Page, file: string): Promise<Drawn> {
  const errors = watchErrors(page);
  const start = Date.now();
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => document.body.dataset.ready === 'true' || document.body.dataset.error !== undefined, null, {
    timeout: 30_000,
  });
  const loadMs = Date.now() - start;
  const state = await page.evaluate(() => {
    const el = document.getElementById('neurite-plot-0') as HTMLElement;
    const r = el.getBoundingClientRect();
    return { error: document.body.dataset.error, left: r.left, top: r.top, frame: el.dataset.frame, points: el.dataset.points, total: el.dataset.total };
  });
  expect(state.error, errors.join('\n')).toBeUndefined();
  expect(errors).toEqual([]);
  return { frame: frameOf(state), points: Number(state.points), total: Number(state.total), loadMs };
}

function frameOf(state: { left: number; top: number; frame?: string }): Box {
  const [l, t, w, h] = (state.frame ?? '').split(',').map(Number);
  expect(w).toBeGreaterThan(100);
  return { left: state.left + l, top: state.top + t, width: w, height: h };
}

export async function shoot(page: Page, name: string): Promise<Image> {
  return decodePng(await page.screenshot({ path: join(ARTIFACTS, name) }));
}

/** Page pixel of data point (x, y) in a figure showing `xr` × `yr` in `frame`. */
export function toPixel(frame: Box, xr: readonly [number, number], yr: readonly [number, number], x: number, y: number) {
  return {
    x: frame.left + ((x - xr[0]) / (xr[1] - xr[0])) * frame.width,
    y: frame.top + ((yr[1] - y) / (yr[1] - yr[0])) * frame.height,
  };
}

/** The highest point of a drawn line: its top row (and the one below), x averaged. */
export function topmost(pixels: readonly { x: number; y: number }[]) {
  const y = Math.min(...pixels.map((p) => p.y));
  const top = pixels.filter((p) => p.y <= y + 1);
  return { x: top.reduce((a, p) => a + p.x, 0) / top.length, y };
}

