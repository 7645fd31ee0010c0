#!/usr/bin/env node
// Summarises V8 .cpuprofile files (from `node --cpu-prof`): the functions by self time and by
// total time (time with the function anywhere on the stack), as percentages of the samples.
// With --under NAME, only the samples taken inside a function of that name (e.g. finitialize).
//
//   node bench/profile-summary.mjs out/prof/CPU.*.cpuprofile [--top 25] [--under finitialize]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const argv = process.argv.slice(2);
let top = 25;
let under = null;
const files = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--top') top = Number(argv[++i]);
  else if (argv[i] === '--under') under = argv[++i];
  else files.push(argv[i]);
}
if (files.length === 0) {
  console.error('usage: node profile-summary.mjs FILE.cpuprofile... [--top N]');
  process.exit(2);
}

for (const file of files) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n) => {
    const f = n.callFrame;
    const where = f.url ? `${basename(f.url)}:${f.lineNumber + 1}` : '';
    return `${f.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
  };
  const self = new Map();
  const total = new Map();
  let sum = 0;
  const deltas = prof.timeDeltas ?? [];
  const inside = (id) => {
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) if (byId.get(cur).callFrame.functionName === under) return true;
    return false;
  };
  prof.samples.forEach((id, i) => {
    const dt = deltas[i + 1] ?? deltas[i] ?? 0;
    if (under !== null && !inside(id)) return;
    sum += dt;
    const node = byId.get(id);
    const l = label(node);
    self.set(l, (self.get(l) ?? 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cl = label(byId.get(cur));
      if (seen.has(cl)) continue;
      seen.add(cl);
      total.set(cl, (total.get(cl) ?? 0) + dt);
    }
  });
  const table = (m, title) => {
    console.log(`\n${title}`);
    console.log('| % | ms | function |');
    console.log('|---:|---:|---|');
    for (const [l, t] of [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`| ${((100 * t) / sum).toFixed(1)} | ${(t / 1000).toFixed(0)} | ${l.replace(/\|/g, '\\|')} |`);
    }
  };
  console.log(`# ${basename(file)}: ${(sum / 1e6).toFixed(3)} s sampled${under !== null ? ` inside ${under}` : ''}`);
  table(self, 'By self time');
  table(total, 'By total time');
}
