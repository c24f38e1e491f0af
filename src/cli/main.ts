/**
 * Entry point: parse, run, and map errors to exit codes: 0 success; 2 the user's input or usage is
 * wrong (one line, no stack); 1 a bug (stack trace). Nothing else decides the exit code. The
 * computation is imported only when a subcommand runs, so `--help` and `--version` load no decoder.
 */
import { requireCommonJs } from '../core/require-commonjs.js';
import { escapeControls, isUserError } from '../errors.js';
import type { Clock } from '../metadata/build.js';
import { createEnvironmentClock } from './clock.js';
import { resolveOptions } from '../indicators/define.js';
import { resolveTable } from '../indicators/options.js';
import { BATCH_OPTIONS, buildProgram, LEARN_OPTIONS, MERGE_OPTIONS, REPORT_OPTIONS } from './program.js';
import type { RunEnvironment } from './run-indicator.js';
import { VERSION } from './version.js';

const { CommanderError } = requireCommonJs('commander') as typeof import('commander');

export interface MainIo {
  readonly writeOut: (text: string) => void;
  readonly writeErr: (text: string) => void;
  readonly interactive: boolean;
  readonly clock: Clock;
  /** The environment `batch --shard auto` reads (default: process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

const defaultIo: MainIo = {
  writeOut: (text) => process.stdout.write(text),
  writeErr: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
  clock: createEnvironmentClock(),
};


/** Longest first line of an error: the message names file, place, field, expected and found before this. */
const MAX_LINE = 300;

/** A user error as one terminal line: control characters escaped, a runaway message cut. */
function toOneLine(message: string): string {
  const line = escapeControls(message);
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}

export async function main(argv: readonly string[], io: MainIo = defaultIo): Promise<number> {
  const env: RunEnvironment = { version: VERSION, clock: io.clock, writeOut: io.writeOut, writeErr: io.writeErr, interactive: io.interactive };
  let subcommand = 'urban-sdg';
  /** A batch's own status: 3 when some units failed and the others were written. */
  let status = 0;
  const program = buildProgram(
    VERSION,
    {
      writeOut: io.writeOut,
      writeErr: io.writeErr,
      // commander's usage errors: one line, with the way to help on the same line.
      outputError: (text, write) => write(`${text.trimEnd()} (see --help)\n`),
    },
    {
      indicator: async (definition, raw) => {
        subcommand = `urban-sdg ${definition.code}`;
        const options = resolveOptions(definition, raw);
        const { runIndicatorCommand } = await import('./run-indicator.js');
        await runIndicatorCommand(definition, options, env);
      },
      demo: async () => {
        subcommand = 'urban-sdg demo';
        const { runDemo } = await import('./demo.js');
        await runDemo(env);
      },
      validate: async (files) => {
        subcommand = 'urban-sdg validate';
        const { runValidate } = await import('./validate.js');
        await runValidate(files, io.writeOut);
      },
      batch: async (manifest, raw) => {
        subcommand = 'urban-sdg batch';
        const options = resolveTable(BATCH_OPTIONS, raw, 'batch');
        const { runBatch } = await import('../batch/run.js');
        status = await runBatch({ manifest, ...options }, { version: VERSION, writeOut: io.writeOut, writeErr: io.writeErr, interactive: io.interactive, env: io.env ?? process.env });
      },
      merge: async (shards, raw) => {
        subcommand = 'urban-sdg merge';
        const options = resolveTable(MERGE_OPTIONS, raw, 'merge');
        const { runMerge } = await import('../batch/merge.js');
        status = await runMerge(shards, options.out, { quiet: options.quiet, version: VERSION, writeErr: io.writeErr });
      },
      report: async (results, raw) => {
        subcommand = 'urban-sdg report';
        const options = resolveTable(REPORT_OPTIONS, raw, 'report');
        const { runReport } = await import('../report/run.js');
        await runReport({ results, ...options }, { version: VERSION, writeErr: io.writeErr });
      },
      learn: async (indicator, raw) => {
        subcommand = 'urban-sdg learn';
        const options = resolveTable(LEARN_OPTIONS, raw, 'learn');
        const { runLearn } = await import('../learn/run.js');
        await runLearn(indicator, options.lang, { writeOut: io.writeOut, interactive: io.interactive, clock: io.clock, version: VERSION });
      },
    },
  );
  try {
    io.clock.now(); // a malformed SOURCE_DATE_EPOCH stops the run before any work
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed its message (or the help / version text).
      return ['commander.helpDisplayed', 'commander.version'].includes(error.code) || error.exitCode === 0 ? 0 : 2;
    }
    if (isUserError(error)) {
      const name = subcommand === 'urban-sdg' && argv[0] ? `urban-sdg ${argv[0]}` : subcommand;
      io.writeErr(`${toOneLine(`${name}: ${error.message}`)}\n`);
      return 2;
    }
    io.writeErr(`${subcommand}: internal error (a bug; please report it with this trace)\n${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
