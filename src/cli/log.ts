/**
 * stderr reporting (docs/architecture.md §2.14): stdout carries results only; file content is escaped.
 * Progress: a cli-progress bar per step on a terminal; in a log (not a terminal) a plain line at most
 * every 10 s, so a long run shows it is alive and a short one prints nothing; --quiet silences both.
 */
import chalk from 'chalk';
import type { SingleBar } from 'cli-progress';
import { requireCommonJs } from '../core/require-commonjs.js';
import type { RunLog } from '../core/inputs.js';
import { escapeControls } from '../errors.js';

export interface LogOptions {
  readonly quiet: boolean;
  readonly explain: boolean;
  /** Progress lines only on an interactive terminal. */
  readonly interactive: boolean;
  readonly write?: (text: string) => void;
  /** Milliseconds clock (tests). */
  readonly now?: () => number;
}

/** Shortest interval between two plain progress lines in a log. */
const PLAIN_PROGRESS_MS = 10_000;

export function createStderrLog(options: LogOptions): RunLog {
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  const now = options.now ?? Date.now;
  const started = now();
  let lastPlain = started;
  let bar: { label: string; bar: SingleBar } | null = null;
  return {
    explaining: options.explain,
    info(message) {
      if (!options.quiet) write(`${chalk.dim('info')} ${escapeControls(message)}\n`);
    },
    warn(message) {
      if (!options.quiet) write(`${chalk.yellow('warning')} ${escapeControls(message)}\n`);
    },
    explain(message) {
      if (options.explain) write(`${escapeControls(message)}\n`);
    },
    progress(label, done, total) {
      if (options.quiet) return;
      if (!options.interactive) {
        const time = now();
        if (time - lastPlain < PLAIN_PROGRESS_MS) return;
        lastPlain = time;
        write(`${chalk.dim('progress')} ${escapeControls(label)} ${done}/${total} (${((time - started) / 1000).toFixed(0)} s)\n`);
        return;
      }
      if (bar?.label !== label) {
        bar?.bar.stop();
        const cliProgress = requireCommonJs('cli-progress') as typeof import('cli-progress'); // loaded for a terminal only
        bar = { label, bar: new cliProgress.SingleBar({ format: `${escapeControls(label)} |{bar}| {value}/{total} | ETA {eta_formatted}`, stream: process.stderr, hideCursor: false, clearOnComplete: true }, cliProgress.Presets.shades_classic) };
        bar.bar.start(total, 0);
      }
      bar.bar.update(done);
      if (done >= total) {
        bar.bar.stop();
        bar = null;
      }
    },
  };
}
