/**
 * Batch progress on stderr: a cli-progress bar on a terminal (done / failed / total, ETA, the unit
 * running longest), plain lines otherwise (one per finished unit, so logs of array jobs stay readable),
 * nothing with --quiet.
 */
import { requireCommonJs } from '../core/require-commonjs.js';
import { escapeControls } from '../errors.js';

const cliProgress = requireCommonJs('cli-progress') as typeof import('cli-progress');

export interface BatchProgress {
  started(id: string): void;
  finished(id: string, outcome: 'ok' | 'cached' | 'failed', reason?: string): void;
  stop(): void;
}

export function createBatchProgress(total: number, options: { quiet: boolean; interactive: boolean; write: (text: string) => void; now?: () => number }): BatchProgress {
  const now = options.now ?? (() => performance.now());
  const running = new Map<string, number>();
  let done = 0;
  let failed = 0;
  const slowest = () => {
    let id = '';
    let since = Infinity;
    for (const [unit, start] of running) if (start < since) [id, since] = [unit, start];
    return id ? `${id} ${((now() - since) / 1000).toFixed(0)} s` : '—';
  };
  if (options.quiet) return { started: () => undefined, finished: () => undefined, stop: () => undefined };
  if (options.interactive) {
    const bar = new cliProgress.SingleBar({
      format: 'batch |{bar}| {value}/{total} units, {failed} failed | ETA {eta_formatted} | longest running: {slowest}',
      stream: process.stderr,
      hideCursor: false,
      etaBuffer: 20,
    }, cliProgress.Presets.shades_classic);
    bar.start(total, 0, { failed: 0, slowest: '—' });
    const timer = setInterval(() => bar.update({ slowest: slowest() }), 1000);
    timer.unref();
    return {
      started: (id) => running.set(id, now()),
      finished: (id, outcome) => {
        running.delete(id);
        done++;
        if (outcome === 'failed') failed++;
        bar.update(done, { failed, slowest: slowest() });
      },
      stop: () => {
        clearInterval(timer);
        bar.stop();
      },
    };
  }
  return {
    started: (id) => running.set(id, now()),
    finished: (id, outcome, reason) => {
      const seconds = ((now() - (running.get(id) ?? now())) / 1000).toFixed(1);
      running.delete(id);
      done++;
      if (outcome === 'failed') failed++;
      const detail = outcome === 'failed' ? `failed: ${escapeControls(reason ?? '').split('\n')[0].slice(0, 300)}` : outcome === 'cached' ? 'up to date' : `done in ${seconds} s`;
      options.write(`[${done}/${total}] ${id}: ${detail}\n`);
    },
    stop: () => undefined,
  };
}
