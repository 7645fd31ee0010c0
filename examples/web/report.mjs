#!/usr/bin/env node
// Builds examples/web and reports the size of its browser bundle and the time from page load to
// the first drawn trace, measured in headless Chromium (Debian's, at /usr/bin/chromium or
// CHROMIUM_PATH; nothing is downloaded).
//
//   pnpm --filter neurite-examples web:report [--runs 5] [--json]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = join(here, 'dist');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || (args.includes('--runs') ? 1 : 3);
const asJson = args.includes('--json');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const log = (...a) => {
  if (!asJson) console.log(...a);
};

// 1. Build.
const buildStart = Date.now();
await build({ configFile: join(here, 'vite.config.ts'), logLevel: 'error' });
const buildMs = Date.now() - buildStart;

// 2. Sizes of what was built.
const files = readdirSync(join(dist, 'assets')).map((name) => {
  const body = readFileSync(join(dist, 'assets', name));
  return { name, bytes: body.length, gzip: gzipSync(body).length };
});
const js = files.filter((f) => f.name.endsWith('.js'));
const sum = (list, k) => list.reduce((a, f) => a + f[k], 0);

// 3. Load it in Chromium, several times, from a local server.
if (!existsSync(chromiumPath)) {
  console.error(`no Chromium at ${chromiumPath}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  process.exit(1);
}
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join(dist, path.endsWith('/') ? `${path}index.html` : path);
  if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const samples = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 60_000 });
    samples.push(
      await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const resources = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.js'));
        const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
        return {
          scriptStartMs: mark('neurite:script-start'),
          modelBuiltMs: mark('neurite:model-built'),
          firstRunDoneMs: mark('neurite:first-run-done'),
          firstTraceMs: Number(document.body.dataset.firstTraceMs),
          domContentLoadedMs: nav ? nav.domContentLoadedEventEnd : NaN,
          scriptsLoaded: resources.length,
          scriptBytesLoaded: resources.reduce((a, r) => a + (r.decodedBodySize || 0), 0),
        };
      }),
    );
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
const median = (k) => {
  const v = samples.map((s) => s[k]).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
};
const report = {
  buildMs,
  bundle: {
    jsFiles: js.length,
    jsBytes: sum(js, 'bytes'),
    jsGzipBytes: sum(js, 'gzip'),
    largest: [...js].sort((a, b) => b.bytes - a.bytes).slice(0, 5),
  },
  firstLoad: {
    scripts: median('scriptsLoaded'),
    scriptBytes: median('scriptBytesLoaded'),
  },
  firstTraceMs: { median: median('firstTraceMs'), samples: samples.map((s) => s.firstTraceMs) },
  // Milestones of the median-ish page load, ms from navigation start.
  milestones: {
    scriptStart: median('scriptStartMs'),
    modelBuilt: median('modelBuiltMs'),
    firstRunDone: median('firstRunDoneMs'),
    firstTrace: median('firstTraceMs'),
  },
  domContentLoadedMs: median('domContentLoadedMs'),
};
if (asJson) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const kB = (b) => `${(b / 1024).toFixed(0)} kB`;
  log(`examples/web, built in ${buildMs} ms`);
  log(`  bundle: ${js.length} JS files, ${kB(report.bundle.jsBytes)} (${kB(report.bundle.jsGzipBytes)} gzip)`);
  for (const f of report.bundle.largest) log(`    ${f.name.padEnd(36)} ${kB(f.bytes).padStart(8)} ${kB(f.gzip).padStart(8)} gzip`);
  log(`  loaded by the page before its first trace: ${report.firstLoad.scripts} scripts, ${kB(report.firstLoad.scriptBytes)}`);
  log(`  page load to first drawn trace: ${report.firstTraceMs.median.toFixed(0)} ms median of ${runs} (${report.firstTraceMs.samples.map((s) => s.toFixed(0)).join(', ')} ms)`);
  const m = report.milestones;
  log(`  milestones (median, ms after navigation start): page script starts ${m.scriptStart.toFixed(0)}, model built ${m.modelBuilt.toFixed(0)}, ` +
    `first run done ${m.firstRunDone.toFixed(0)}, first trace drawn ${m.firstTrace.toFixed(0)} (DOMContentLoaded ${report.domContentLoadedMs.toFixed(0)})`);
}
