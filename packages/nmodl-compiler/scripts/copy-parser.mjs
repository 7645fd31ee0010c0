// tsc does not copy the generated parser (plain JS) into dist/: copy it next to the compiled code.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'src/grammar/generated');
const to = join(root, 'dist/grammar/generated');
mkdirSync(to, { recursive: true });
for (const f of ['parser.js', 'parser.d.ts']) copyFileSync(join(from, f), join(to, f));
