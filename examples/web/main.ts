// The page: runs the tutorial model on load and whenever a slider moves, redraws the trace with
// @neurite/plot, and compiles pasted .mod files in the page (errors with line and column).
import { mountPlot, plot } from '@neurite/plot';
import type { MountedPlot, PlotSpec } from '@neurite/plot';
import { MechanismCompileError } from 'neurite';
import { InsertError, TSTOP, TUTORIAL, buildModel } from './model.js';
import type { Model, Params } from './model.js';

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
};

const SLIDERS = ['amp', 'dur', 'delay', 'gnabar'] as const;
const status = $<HTMLPreElement>('mod-status');
const timing = $<HTMLParagraphElement>('timing');

performance.mark('neurite:script-start');
let model: Model = buildModel();
performance.mark('neurite:model-built');
let mods: { text: string; filename: string }[] = [];
let figure: MountedPlot | undefined;
let runs = 0;

function params(): Params {
  const p = { ...TUTORIAL };
  for (const name of SLIDERS) {
    const input = $<HTMLInputElement>(name);
    p[name] = Number(input.value);
    $<HTMLOutputElement>(`${name}-value`).value = input.value;
  }
  return p;
}

function simulate(): { spec: PlotSpec; ms: number } {
  const start = performance.now();
  const r = model.run(params());
  const ms = performance.now() - start;
  const title = model.inserted.length > 0 ? `soma(0.5).v with hh + ${model.inserted.join(' + ')}` : 'soma(0.5).v';
  const spec = plot(r.t, { v: r.v }, {
    title,
    xLabel: r.tLabel,
    yLabel: r.vLabel,
    xRange: [0, TSTOP],
    yRange: [-90, 60],
    width: 720,
    height: 400,
  });
  return { spec, ms };
}

async function redraw(): Promise<void> {
  const { spec, ms } = simulate();
  if (!figure) performance.mark('neurite:first-run-done');
  const start = performance.now();
  if (figure) await figure.update(spec, { keepRanges: true });
  else figure = await mountPlot($('plot'), spec);
  runs += 1;
  document.body.dataset.runs = String(runs);
  timing.textContent = `run ${runs}: simulated ${TSTOP} ms in ${ms.toFixed(1)} ms, drawn in ${(performance.now() - start).toFixed(1)} ms`;
}

// Re-run at most once per frame while a slider moves; never two runs at once.
let busy = false;
let again = false;
async function schedule(): Promise<void> {
  if (busy) {
    again = true;
    return;
  }
  busy = true;
  try {
    do {
      again = false;
      await new Promise((r) => requestAnimationFrame(r));
      await redraw();
    } while (again);
  } finally {
    busy = false;
  }
}

for (const name of SLIDERS) $<HTMLInputElement>(name).addEventListener('input', () => void schedule());

$<HTMLButtonElement>('mod-insert').addEventListener('click', () => {
  const text = $<HTMLTextAreaElement>('mod-text').value;
  const filename = `pasted-${mods.length + 1}.mod`;
  const next = [...mods, { text, filename }];
  try {
    model = buildModel(next);
    mods = next;
  } catch (e) {
    status.className = 'error';
    if (e instanceof MechanismCompileError) {
      const where = e.diagnostics.map((d) => `line ${d.range.start.line}, column ${d.range.start.column}: ${d.message}`);
      status.textContent = `${where.join('\n')}\n\n${e.message}`;
    } else if (e instanceof InsertError) {
      status.textContent = e.message;
    } else {
      status.textContent = `could not add the mechanism: ${e instanceof Error ? e.message : String(e)}`;
    }
    document.body.dataset.modStatus = 'error';
    return;
  }
  status.className = 'ok';
  status.textContent = `compiled ${filename} and inserted ${model.inserted[model.inserted.length - 1]} into the soma`;
  document.body.dataset.modStatus = 'ok';
  void schedule();
});

$<HTMLButtonElement>('mod-reset').addEventListener('click', () => {
  mods = [];
  model = buildModel();
  status.className = '';
  status.textContent = '';
  void schedule();
});

await redraw();
performance.mark('neurite:first-trace');
document.body.dataset.firstTraceMs = performance.now().toFixed(1);
document.body.dataset.ready = 'true';
