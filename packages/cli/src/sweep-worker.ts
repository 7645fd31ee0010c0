/**
 * A worker thread of `neurite sweep`: prepares the model once, then runs the grid points the
 * main thread sends, one independent simulation each, and sends back their summaries.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { NeuriteError } from 'neurite';
import { CliError } from './errors.js';
import { simulate } from './model.js';
import { instantiate, prepareModel, summarise, type Overrides } from './run-model.js';
import type { SweepJob, SweepReply, SweepWorkerData } from './sweep.js';

const data = workerData as SweepWorkerData;
const port = parentPort!;

function errorReply(index: number, e: unknown): SweepReply {
  if (e instanceof CliError) return { index, error: { code: e.code, message: e.message } };
  if (e instanceof NeuriteError) return { index, error: { code: 'SIMULATION', message: `${e.message} [${e.code}]` } };
  return { index, error: { code: 'SIMULATION', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } };
}

let prepared: ReturnType<typeof prepareModel> | undefined;
let prepareError: unknown;
try {
  prepared = prepareModel(data.file, data.mod);
} catch (e) {
  prepareError = e;
}

const overrides: Overrides = { set: data.set, run: data.run, record: data.record };

port.on('message', (job: SweepJob) => {
  if (!prepared) {
    port.postMessage(errorReply(job.index, prepareError));
    return;
  }
  try {
    const { built, run } = instantiate(prepared, overrides, data.params.map((p, i) => [p, job.values[i]!]));
    simulate(built, run);
    port.postMessage({ index: job.index, run, summaries: summarise(built, data.threshold) } satisfies SweepReply);
  } catch (e) {
    port.postMessage(errorReply(job.index, e));
  }
});
