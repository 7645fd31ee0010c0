/**
 * The `neurite` command: argument parsing (commander), output conventions and exit codes.
 * Results go to stdout (`--json` for machine-readable summaries), progress bars, warnings and
 * errors to stderr. Exit codes: 0 ok, 1 model or simulation error, 2 usage error.
 * @module
 */
import { extname } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { NeuriteError } from 'neurite';
import { compileCommand, convertCommand, formatInfo, infoCommand, plotCommand, topologyCommand, cliVersion } from './commands.js';
import { CliError, EXIT_FAILURE, EXIT_USAGE } from './errors.js';
import { isModelFileName } from './model-file.js';
import type { RunSettings } from './model.js';
import { RUN_KEYS } from './model-types.js';
import { runModelFile } from './run-model.js';
import { sweep } from './sweep.js';

/** Where the CLI writes: stdout, stderr, and whether stderr is a terminal. */
export interface CliIo {
  /** Writes text to standard output (as is: callers end lines with `\n`). */
  readonly stdout: (text: string) => void;
  /** Writes text to standard error (as is: callers end lines with `\n`). */
  readonly stderr: (text: string) => void;
  /** The terminal for progress bars, or undefined when there is none. */
  readonly terminal: NodeJS.WriteStream | undefined;
}

function numberArg(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number, got ${JSON.stringify(value)}.`);
    return n;
  };
}

function intArg(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number >= 1, got ${JSON.stringify(value)}.`);
    return n;
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
}

interface GlobalOptions {
  quiet?: boolean;
  json?: boolean;
}

interface RunOptions {
  tstop?: number;
  dt?: number;
  vInit?: number;
  celsius?: number;
  secondorder?: number;
  set?: string[];
  record?: string[];
  out?: string[];
  plot?: string[];
  mod?: string[];
  threshold?: number;
}

function runSettings(o: RunOptions): Partial<RunSettings> {
  const r: Partial<RunSettings> = {};
  if (o.tstop !== undefined) r.tstop = o.tstop;
  if (o.dt !== undefined) r.dt = o.dt;
  if (o.vInit !== undefined) r.v_init = o.vInit;
  if (o.celsius !== undefined) r.celsius = o.celsius;
  if (o.secondorder !== undefined) r.secondorder = o.secondorder;
  return r;
}

function addRunSettingOptions(cmd: Command): Command {
  return cmd
    .option('--tstop <ms>', 'stop time [ms]', numberArg('--tstop'))
    .option('--dt <ms>', 'time step [ms]', numberArg('--dt'))
    .option('--v-init <mV>', 'initial membrane potential [mV]', numberArg('--v-init'))
    .option('--celsius <degC>', 'temperature [degC]', numberArg('--celsius'))
    .addOption(new Option('--secondorder <n>', '0: implicit Euler, 2: Crank-Nicolson').choices(['0', '2']).argParser(Number))
    .option('--set <path=value>', 'set a parameter before the run (repeatable): soma.hh.gnabar=0.2, stim.amp=0.5, soma.L=30, usetable_hh=0', collect)
    .option('--record <path>', 'also record a variable (repeatable): soma(0.5).hh.m, stim.i', collect)
    .option('--mod <path>', 'a .mod file or a folder of them to compile (repeatable); .mod files next to the model always are', collect);
}

const RUN_HELP = `
Examples:
  $ neurite run examples/tutorial.ts                  run a script written against the neurite API
  $ neurite run tutorial.model.json                   run a model file, write the outputs it lists
  $ neurite run tutorial.model.json --tstop 100 --dt 0.01 --set soma.hh.gnabar=0.2 --out data.csv --plot plot.html
  $ neurite run cell.model.yaml --mod mechanisms/ --json
  $ neurite run script.ts -- --my-flag                 arguments after -- go to the script

A model file is JSON or YAML following schema/model.schema.json of @neurite/cli: cells with
sections, geometry, parent connections and mechanisms; point processes and artificial cells;
netcons; globals; record; run (dt, tstop, v_init, celsius, secondorder); outputs (.csv .tsv
.json .p .npy .npz .html).
--out and --plot replace the model's outputs. Paths for --set and --record:
  soma.L  soma(0.5).diam  soma.hh.gnabar  soma(0.5).hh.m  soma(0.5).ina  stim.amp  usetable_hh  tstop`;

/** The commander program of the `neurite` command; actions report through `io` and throw on failure. */
function program(io: CliIo): Command {
  const prog = new Command('neurite');
  prog
    .description('neurite: NEURON in TypeScript. Run models and scripts, compile mechanisms, convert and plot data.')
    .version(cliVersion(), '-V, --version')
    .option('-q, --quiet', 'print nothing but errors (and what --json asks for)')
    .option('--json', 'print a machine-readable summary on stdout')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (s, write) => write(s) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', `
Examples:
  $ neurite run examples/tutorial.ts
  $ neurite run tutorial.model.json --tstop 100 --out data.csv --plot plot.html
  $ neurite sweep tutorial.model.json --param stim.amp=0:2:0.1 --set stim.dur=1000 --tstop 1000
  $ neurite compile mod/*.mod -o src/generated
  $ neurite convert data.p data.csv
  $ neurite plot data.csv -o plot.html
  $ neurite info
  $ neurite topology cell.model.json

Exit codes: 0 ok, 1 model, mechanism or simulation error, 2 usage error.
Run neurite <command> --help for each command's options and examples.`);

  const globals = (): GlobalOptions => prog.opts<GlobalOptions>();
  const say = (text: string): void => {
    if (!globals().quiet && !globals().json) io.stdout(`${text}\n`);
  };
  const warn = (text: string): void => {
    if (!globals().quiet) io.stderr(`${text}\n`);
  };
  const json = (value: unknown): void => {
    if (globals().json) io.stdout(`${JSON.stringify(value, null, 2)}\n`);
  };
  const progress = (): NodeJS.WriteStream | undefined => (globals().quiet || globals().json ? undefined : io.terminal);

  addRunSettingOptions(prog.command('run')
    .description('run a script (.ts, .js) or a model file (.json, .yaml)')
    .argument('<file>', 'a TypeScript/JavaScript script or a JSON/YAML model file')
    .argument('[args...]', 'arguments for a script (after --)'))
    .option('--out <file>', 'write the recordings to this file, format by extension (repeatable; replaces the model\'s outputs)', collect)
    .option('--plot <file.html>', 'write a standalone HTML plot of the recordings (repeatable)', collect)
    .option('--threshold <mV>', 'spike threshold for the summary [mV] (default 0)', numberArg('--threshold'))
    .addHelpText('after', RUN_HELP)
    .action(async (file: string, args: string[], o: RunOptions) => {
      const ext = extname(file).toLowerCase();
      if (isModelFileName(file)) {
        if (args.length > 0) throw new CliError('USAGE', `extra arguments ${args.join(' ')}: only scripts take arguments`);
        const summary = await runModelFile(file, {
          set: o.set ?? [], record: o.record ?? [], run: runSettings(o), mod: o.mod ?? [], out: o.out ?? [], plot: o.plot ?? [],
          ...(o.threshold !== undefined ? { threshold: o.threshold } : {}),
          ...(progress() ? { progress: progress()! } : {}),
          warn,
        });
        json(summary);
        const isV = (path: string): boolean => /(^|\.)v$/.test(path.trim());
        const recs = summary.recordings.map((r) => `${r.name}: ${r.min.toFixed(2)}..${r.max.toFixed(2)}${r.spikes && isV(r.path) ? `, ${r.spikes} spike${r.spikes === 1 ? '' : 's'}` : ''}`).join('; ');
        say(`ran ${file} to ${summary.run.tstop} ms (dt ${summary.run.dt} ms, ${summary.steps} steps) in ${summary.wallSeconds.toFixed(2)} s${recs ? `; ${recs}` : ''}`);
        for (const f of summary.outputs) say(`wrote ${f}`);
        return;
      }
      if (!['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.tsx', '.jsx'].includes(ext)) {
        throw new CliError('USAGE', `${file}: run takes a script (.ts, .mts, .js, .mjs) or a model file (.json, .yaml, .yml)`);
      }
      const modelOnly = [...RUN_KEYS.filter((k) => runSettings(o)[k] !== undefined).map((k) => `--${k.replace('_', '-')}`),
        ...(o.set ? ['--set'] : []), ...(o.record ? ['--record'] : []), ...(o.out ? ['--out'] : []), ...(o.plot ? ['--plot'] : []), ...(o.mod ? ['--mod'] : [])];
      if (modelOnly.length > 0) {
        throw new CliError('USAGE', `${modelOnly.join(', ')} apply to model files; a script sets these itself (pass your own arguments after --: neurite run ${file} -- ...)`);
      }
      const start = performance.now();
      // tsx is loaded only for scripts.
      const { runScript } = await import('./script.js');
      await runScript(file, { args, stdoutToStderr: globals().json === true, ...(progress() ? { progress: progress()! } : {}) });
      json({ script: file, args, wallSeconds: (performance.now() - start) / 1000 });
    });

  addRunSettingOptions(prog.command('sweep')
    .description('run a model over a grid of parameter values in parallel; write a table of results and a plot')
    .argument('<model>', 'a JSON/YAML model file'))
    .option('--param <path=grid>', 'a swept parameter (repeatable): amp=0:2:0.1 (start:stop:step), amp=0.1,0.5,1 (list)', collect)
    .option('--workers <n>', 'worker threads (default: every core)', intArg('--workers'))
    .option('-o, --out <file>', 'the results table (default sweep.csv)')
    .option('--plot <file.html>', 'the plot of the results (default sweep.html)')
    .option('--no-plot', 'do not write a plot')
    .option('--y <column>', 'the column to plot (default: <first recording>.rate_hz)')
    .option('--threshold <mV>', 'spike threshold [mV] (default 0)', numberArg('--threshold'))
    .addHelpText('after', `
Each run is a fresh simulation of the model with --set, run settings and one grid point applied.
The table has one row per grid point: the parameters, then for each recording (the model's
record, or the middle of its first section's v) <name>.spikes (upward crossings of --threshold),
<name>.rate_hz (spikes per second of tstop), <name>.max, <name>.min, <name>.mean.

Examples:
  frequency-current curve of the tutorial cell (1 s of constant current at each amplitude):
  $ neurite sweep tutorial.model.json --param stim.amp=0:2:0.1 --set stim.dur=1000 --tstop 1000 -o fi.csv --plot fi.html
  $ neurite sweep cell.model.json --param amp=0.1,0.2,0.4 --param soma.hh.gnabar=0.1:0.2:0.05 --workers 4
  $ neurite sweep cell.model.json --param celsius=6.3:36.3:10 --y "soma(0.5).v.max" --no-plot --json`)
    .action(async (file: string, o: RunOptions & { param?: string[]; workers?: number; out?: string | string[]; plot?: string | false; y?: string }) => {
      const summary = await sweep(file, {
        params: o.param ?? [], set: o.set ?? [], record: o.record ?? [], run: runSettings(o), mod: o.mod ?? [],
        ...(o.workers !== undefined ? { workers: o.workers } : {}),
        ...(typeof o.out === 'string' ? { out: o.out } : {}),
        ...(o.plot === false ? { plot: false as const } : typeof o.plot === 'string' ? { plot: o.plot } : {}),
        ...(o.y !== undefined ? { y: o.y } : {}),
        ...(o.threshold !== undefined ? { threshold: o.threshold } : {}),
        ...(progress() ? { progress: progress()! } : {}),
      });
      json(summary);
      say(`swept ${file}: ${summary.runs} runs on ${summary.workers} worker${summary.workers === 1 ? '' : 's'} in ${summary.wallSeconds.toFixed(2)} s`);
      say(`wrote ${summary.out}${summary.plot ? ` and ${summary.plot}` : ''}`);
    });

  prog.command('compile')
    .description('compile .mod files (NMODL) to neurite mechanism modules, or check them')
    .argument('<files...>', '.mod files or folders of them')
    .option('-o, --out-dir <dir>', 'where to write the modules (default: the current folder)')
    .option('--check', 'only report diagnostics; write nothing')
    .option('--js', 'also write a JavaScript module (<name>.js) next to each TypeScript one')
    .addHelpText('after', `
Each file <name>.mod becomes <name>.ts (what the compiler's own nmodlc writes): a module whose
default export is the mechanism; add it with h.addMechanism(type) or catalogue.extend(type).
Diagnostics show file:line:column, the line and a caret.

Examples:
  $ neurite compile kd.mod                      writes ./kd.ts
  $ neurite compile mod/ -o src/generated       every .mod file in mod/
  $ neurite compile --check mod/*.mod           diagnostics only; exit code 1 if any file has errors
  $ neurite compile kd.mod --js -o mechanisms   writes mechanisms/kd.ts and mechanisms/kd.js`)
    .action((files: string[], o: { outDir?: string; check?: boolean; js?: boolean }) => {
      const reports = compileCommand(files, { ...(o.outDir ? { outDir: o.outDir } : {}), check: o.check === true, js: o.js === true }, (t) => io.stderr(`${t}\n`));
      json(reports);
      for (const r of reports) {
        if (!r.ok) continue;
        const written = [r.output, r.jsOutput].filter((x) => x !== undefined).join(', ');
        say(`${r.file}: ${r.mechanism} (${r.kind})${written ? ` -> ${written}` : ' ok'}${r.warnings ? `, ${r.warnings} warning${r.warnings === 1 ? '' : 's'}` : ''}`);
      }
      const failed = reports.filter((r) => !r.ok);
      if (failed.length > 0) throw new CliError('MOD_COMPILE', `${failed.length} of ${reports.length} .mod file${reports.length === 1 ? '' : 's'} did not compile: ${failed.map((r) => r.file).join(', ')}`);
    });

  prog.command('convert')
    .description('convert a data file to another format, both by extension (.csv .tsv .txt .json .p .pkl .pickle .npy .npz)')
    .argument('<in>', 'the data file to read')
    .argument('<out>', 'the data file to write')
    .option('--names <a,b,...>', 'column names for files without them (CSV without a header, 2-D .npy)', list)
    .option('--no-header', 'write CSV without a header row (the tutorial\'s layout)')
    .addHelpText('after', `
Examples:
  $ neurite convert data.p data.csv
  $ neurite convert data.csv data.npz --names t,v
  $ neurite convert data.json data.csv --no-header`)
    .action((input: string, output: string, o: { names?: string[]; header: boolean }) => {
      const r = convertCommand(input, output, { ...(o.names ? { names: o.names } : {}), header: o.header });
      json({ in: input, out: output, rows: r.rows, columns: r.columns });
      say(`wrote ${output}: ${r.rows} rows of ${r.columns.join(', ')}`);
    });

  prog.command('plot')
    .description('write a standalone HTML plot of a data file')
    .argument('<data>', 'a data file (.csv .tsv .json .p .npy .npz)')
    .requiredOption('-o, --out <file.html>', 'the HTML file to write')
    .option('--x <column>', 'the x column (default t, else the first)')
    .option('--y <columns>', 'the columns to plot, comma-separated (default: all others)', list)
    .option('--names <a,b,...>', 'column names for files without them', list)
    .option('--title <text>', 'the plot\'s title')
    .addHelpText('after', `
Examples:
  $ neurite plot data.csv -o plot.html
  $ neurite plot data.csv -o v.html --names t,v --title "soma(0.5).v"
  $ neurite plot sweep.csv -o fi.html --x stim.amp --y "soma(0.5).v.rate_hz"`)
    .action(async (input: string, o: { out: string; x?: string; y?: string[]; names?: string[]; title?: string }) => {
      const r = await plotCommand(input, { out: o.out, ...(o.x ? { x: o.x } : {}), ...(o.y ? { y: o.y } : {}), ...(o.names ? { names: o.names } : {}), ...(o.title ? { title: o.title } : {}) });
      json({ in: input, out: o.out, x: r.x, y: r.y });
      say(`wrote ${o.out}: ${r.y.join(', ')} against ${r.x}`);
    });

  prog.command('info')
    .description('show versions and the mechanisms neurite knows, with their parameters and units')
    .option('--mod <path>', 'also compile and list these .mod files or folders (repeatable)', collect)
    .addHelpText('after', `
Examples:
  $ neurite info
  $ neurite info --mod mechanisms/ --json`)
    .action((o: { mod?: string[] }) => {
      const info = infoCommand(o.mod ?? []);
      json(info);
      say(formatInfo(info));
    });

  prog.command('topology')
    .description('print the section tree of a model file as NEURON\'s h.topology() does')
    .argument('<model>', 'a JSON/YAML model file')
    .option('--mod <path>', 'a .mod file or folder to compile (repeatable)', collect)
    .addHelpText('after', `
Examples:
  $ neurite topology cell.model.json
  $ neurite topology cell.model.yaml --json`)
    .action((file: string, o: { mod?: string[] }) => {
      const r = topologyCommand(file, o.mod ?? []);
      json({ model: file, sections: r.sections });
      if (!globals().json) io.stdout(r.text.endsWith('\n') ? r.text : `${r.text}\n`);
    });

  return prog;
}

/** Formats an error for the terminal: `neurite: <message>`. */
function formatError(e: unknown): { text: string; code: number } {
  if (e instanceof CliError) return { text: `neurite: ${e.message}`, code: e.exitCode };
  if (e instanceof NeuriteError) return { text: `neurite: ${e.message} [${e.code}]`, code: EXIT_FAILURE };
  const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return { text: `neurite: internal error (please report it):\n${text}`, code: EXIT_FAILURE };
}

/**
 * Runs the `neurite` command with `argv` (without `node` and the script); returns the exit code.
 * Failures are printed to stderr; with `--json` also as `{ "error": { code, message, exitCode } }`
 * on stdout.
 *
 * @example
 * ```ts
 * const code = await main(['info', '--json']);
 * process.exitCode = code;
 * ```
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const prog = program(io);
  try {
    await prog.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      return EXIT_USAGE;
    }
    const { text, code } = formatError(e);
    io.stderr(`${text}\n`);
    if (prog.opts<GlobalOptions>().json) {
      const errorCode = e instanceof CliError || e instanceof NeuriteError ? e.code : 'INTERNAL';
      io.stdout(`${JSON.stringify({ error: { code: errorCode, message: text.replace(/^neurite: /, ''), exitCode: code } }, null, 2)}\n`);
    }
    return code;
  }
}

/**
 * The process's stdout and stderr, with stderr as the terminal for progress bars when it is one.
 * @example
 * ```ts
 * await main(process.argv.slice(2), processIo());
 * ```
 */
export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    terminal: process.stderr.isTTY ? process.stderr : undefined,
  };
}
