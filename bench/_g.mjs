import { readFileSync, writeFileSync } from 'node:fs';
const { compileMod } = await import('@neurite/nmodl-compiler');
const r = compileMod(readFileSync('/tmp/nadbg/na.mod', 'utf8'), { filename: 'na.mod', include: (n) => ({ path: n, text: readFileSync('/tmp/nadbg/' + n, 'utf8') }) });
writeFileSync('/tmp/na.gen.js', r.js);
