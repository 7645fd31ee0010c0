// The cell on which agree.mjs, compare-builds.mjs and time-mod.mjs put a published mechanism,
// the built packages they take it from, and the .mod files the survey scripts read.
// neuron_cell.py builds the same cell in NEURON.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Every `.mod` file under `root` (any case of the extension), sorted by path.
 * @example
 * for (const file of modFiles('/tmp/modeldb')) console.log(file);
 */
export function modFiles(root) {
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.mod$/i.test(e.name)) files.push(p);
    }
  };
  walk(root);
  return files.sort();
}

/**
 * The compiler and the simulator as built in a checkout (`packages/<name>/dist`): the modules Node
 * loads for `import 'neurite'` (`x.node.js`, with their code caches; `x.js` in checkouts built
 * before they existed), so that the packages share one copy of each other.
 * @example
 * const n = await loadNeurite(resolve(here, '../..'));
 * const plugin = n.compileMod(text, { filename, include: n.fileIncludes(filename) }).plugin;
 */
export async function loadNeurite(checkout) {
  const pkg = (p) => {
    const file = resolve(checkout, 'packages', p);
    const variant = file.replace(/\.js$/, '.node.js');
    return pathToFileURL(existsSync(variant) ? variant : file).href;
  };
  const compiler = await import(pkg('nmodl-compiler/dist/index.js'));
  return {
    compileMod: compiler.compileMod,
    formatDiagnostic: compiler.formatDiagnostic,
    fileIncludes: (await import(pkg('nmodl-compiler/dist/node.js'))).fileIncludes,
    createH: (await import(pkg('core/dist/index.js'))).createH,
    catalogue: (await import(pkg('mechanisms/dist/index.js'))).defaultCatalogue,
  };
}

/**
 * A single-compartment soma (L = diam = 20 um) with hh and the mechanism at its defaults (a point
 * process at soma(0.5), driven through a NetCon by a NetStim when it has a NET_RECEIVE: 5 events
 * 3 ms apart from 4 ms, weight 0.005, delay 1 ms), and an IClamp of 0.3 nA from 2 to 3 ms. The
 * caller records, then runs from -65 mV (dt = 0.025).
 * @example
 * const { h, soma } = agreeCell(n, plugin);
 * const v = h.Vector().record(soma(0.5)._ref_v);
 * h.finitialize(-65); h.continuerun(20);
 */
export function agreeCell(n, plugin, variant = 'soma') {
  const h = n.createH({ catalogue: n.catalogue.extend(plugin) });
  const soma = h.Section({ name: 'soma' });
  soma.L = 20;
  soma.diam = 20;
  soma.insert('hh');
  // The `tree` variant: a dendrite (200 x 2 um, nseg 5, hh) at soma(1) with the mechanism too
  // (a point process at dend(0.7)), secondorder 2, celsius 34; v is recorded at dend(0.9).
  let dend = null;
  if (variant === 'tree') {
    dend = h.Section({ name: 'dend' });
    dend.L = 200;
    dend.diam = 2;
    dend.nseg = 5;
    dend.insert('hh');
    dend.connect(soma(1));
    h.secondorder = 2;
    h.celsius = 34;
  }
  let pp = null;
  if (plugin.kind === 'density') {
    soma.insert(plugin.name);
    dend?.insert(plugin.name);
  } else {
    pp = h.pointProcess(plugin.name, dend ? dend(0.7) : soma(0.5));
    if (plugin.netReceiveArgs) {
      const ns = h.NetStim();
      ns.start = 4;
      ns.interval = 3;
      ns.number = 5;
      ns.noise = 0;
      const nc = h.NetCon(ns, pp);
      nc.weight[0] = 0.005;
      nc.delay = 1;
    }
  }
  const stim = h.IClamp(soma(0.5));
  stim.delay = 2;
  stim.dur = 1;
  stim.amp = 0.3;
  return { h, soma, pp, probe: dend ? dend(0.9) : soma(0.5) };
}
