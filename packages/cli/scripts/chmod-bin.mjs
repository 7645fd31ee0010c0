// Makes dist/bin.js executable after tsc wrote it (tsc does not keep file modes).
import { chmodSync, statSync } from 'node:fs';

const bin = new URL('../dist/bin.js', import.meta.url);
chmodSync(bin, statSync(bin).mode | 0o111);
