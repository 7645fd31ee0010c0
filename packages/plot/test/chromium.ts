// Headless Chromium for the browser tests: Debian's chromium driven by playwright-core (never a
// downloaded browser). Tests skip, saying why, when it is not installed.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) {
  console.warn(`[plot] browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
}

/** Where screenshots and the pages they show are kept (gitignored). */
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Collects the page's uncaught errors and console errors, to show when a test fails. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** A decoded screenshot. */
export interface Image {
  readonly width: number;
  readonly height: number;
  /** RGBA bytes, row by row. */
  readonly data: Uint8Array;
}

export function decodePng(buffer: Buffer): Image {
  const png = PNG.sync.read(buffer);
  return { width: png.width, height: png.height, data: png.data };
}

export function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Whether the pixel at (x, y) is close to `rgb` (anti-aliased edges included). */
export function near(img: Image, x: number, y: number, rgb: readonly [number, number, number], tolerance = 60): boolean {
  const i = (y * img.width + x) * 4;
  const d = Math.abs(img.data[i] - rgb[0]) + Math.abs(img.data[i + 1] - rgb[1]) + Math.abs(img.data[i + 2] - rgb[2]);
  return d <= tolerance;
}

/** The pixels of colour `rgb` inside a rectangle (page pixels). */
export function pixelsOf(
  img: Image,
  rgb: readonly [number, number, number],
  box: { left: number; top: number; width: number; height: number },
): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  const x0 = Math.max(0, Math.floor(box.left));
  const y0 = Math.max(0, Math.floor(box.top));
  const x1 = Math.min(img.width, Math.ceil(box.left + box.width));
  const y1 = Math.min(img.height, Math.ceil(box.top + box.height));
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (near(img, x, y, rgb)) out.push({ x, y });
  return out;
}

/** Serves the files of `root` on 127.0.0.1 (a random port) for pages that need http (ES modules). */
export async function serveDir(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer } = await import('node:http');
  const { readFile } = await import('node:fs/promises');
  const { extname, normalize } = await import('node:path');
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
    '.wasm': 'application/wasm',
  };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => {
        res.writeHead(404);
        res.end('not found');
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first colours of DEFAULT_COLORS (Bokeh's Category10), as RGB. */
export const DEFAULT_COLORS_RGB: readonly [number, number, number][] = [
  [0x1f, 0x77, 0xb4],
  [0xff, 0x7f, 0x0e],
];
