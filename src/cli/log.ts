/** stderr reporting (docs/architecture.md §2.14): stdout carries results only; file content is escaped. */
import chalk from 'chalk';
import type { RunLog } from '../core/inputs.js';
import { escapeControls } from '../errors.js';

export interface LogOptions {
  readonly quiet: boolean;
  readonly explain: boolean;
  /** Progress lines only on an interactive terminal. */
  readonly interactive: boolean;
  readonly write?: (text: string) => void;
}

export function createStderrLog(options: LogOptions): RunLog {
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  let lastProgress = 0;
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
      if (options.quiet || !options.interactive) return;
      const now = Date.now();
      if (done < total && now - lastProgress < 200) return;
      lastProgress = now;
      write(`\r${chalk.dim(label)} ${done}/${total}${done === total ? '\n' : ''}`);
    },
  };
}
