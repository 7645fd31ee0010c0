#!/usr/bin/env node
// Builds every package (and the code caches of their Node.js variants), runs every package's tests in one vitest run, then checks the packages
// as users get them (lint-packages: publint, attw and our own checks of each tarball;
// pack-test: tarballs installed with plain npm outside the workspace), and prints the totals of
// all three as a closing line `N passed, N failed`. Exits non-zero when anything fails.
//
// Browser and Python checks need Debian's chromium and python3 with numpy; where they are
// missing and apt-get can install them (root), this script installs them first.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

function ensureSystemPackages() {
  const missing = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (run('python3', ['-c', 'import numpy'], { stdio: 'ignore' }) !== 0) missing.push('python3-numpy');
  if (missing.length === 0) return;
  const canApt = process.getuid?.() === 0 && run('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }) === 0;
  if (!canApt) {
    console.warn(`warning: missing system packages (${missing.join(', ')}); their tests will be skipped`);
    return;
  }
  console.log(`installing system packages: ${missing.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

process.env.TURBO_TELEMETRY_DISABLED = '1';
ensureSystemPackages();
if (run('turbo', ['run', 'build', '--output-logs=errors-only']) !== 0 || run(process.execPath, ['scripts/code-cache/write.mjs']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = '.vitest-report.json';
rmSync(report, { force: true });
const status = run('vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
let passed = 0, failed = 0, skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests; failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  skipped = r.numPendingTests + (r.numTodoTests ?? 0);
  if (r.numFailedTestSuites && failed === 0) failed = r.numFailedTestSuites;
} else {
  failed = 1;
}
let packagesOk = true;
for (const script of ['scripts/lint-packages.mjs', 'scripts/pack-test.mjs']) {
  const r = spawnSync('node', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(r.stdout ?? '');
  const m = /(\d+) passed, (\d+) failed/.exec(r.stdout ?? '');
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  if (r.status !== 0) {
    packagesOk = false;
    if (!m || Number(m[2]) === 0) failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status !== 0 || !packagesOk || failed > 0 || passed === 0 ? 1 : 0);
