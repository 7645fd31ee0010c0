// tsc does not copy the generated parser's declarations into dist/: copy them beside the others
// (the parser itself, plain JavaScript, is bundled into dist/ by scripts/bundle.mjs).
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'src/grammar/generated');
const to = join(root, 'dist/grammar/generated');
mkdirSync(to, { recursive: true });
copyFileSync(join(from, 'parser.d.ts'), join(to, 'parser.d.ts'));
