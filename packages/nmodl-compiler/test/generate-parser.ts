/**
 * Vitest global setup: (re)generates the Peggy parser when it is missing or older than the
 * grammar, so that tests run from a fresh checkout without a separate `pnpm run generate`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const grammar = join(root, 'src/grammar/nmodl.peggy');
  const parser = join(root, 'src/grammar/generated/parser.js');
  if (existsSync(parser) && statSync(parser).mtimeMs >= statSync(grammar).mtimeMs) return;
  const bin = join(root, 'node_modules/peggy/bin/peggy.js');
  execFileSync(process.execPath, [bin, '-c', 'peggy.config.json'], { cwd: root, stdio: 'inherit' });
}
