// Spawns the built CLI (packages/cli/dist/bin.js) and collects its output.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/bin.js ...args` in `cwd` (a fresh temporary folder by default). */
export function cli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? tmp(),
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A new empty temporary folder (outside the workspace). */
export function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'neurite-cli-'));
}

/** The NEURON reference trace of the tutorial. */
export function reference(): { t: number[]; v: number[] } {
  const ref = JSON.parse(readFileSync(join(REPO, 'packages/mechanisms/test/fixtures/tutorial/reference.json'), 'utf8')) as { t: number[]; traces: Record<string, number[]> };
  return { t: ref.t, v: ref.traces['soma(0.5).v']! };
}

/** Largest absolute difference of two equally long series (Infinity when lengths differ). */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Reads a CSV with a header row into columns by name. */
export function readCsv(file: string): Record<string, number[]> {
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const names = parseCsvLine(lines[0]!);
  const cols: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, [] as number[]]));
  for (const line of lines.slice(1)) line.split(',').forEach((x, i) => cols[names[i]!]!.push(Number(x)));
  return cols;
}

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}
