/**
 * Raster blocks decoded on other cores (--threads N): a piscina pool of N − 1 threads
 * (io/decode-worker.ts) that inflate and undo the predictor, a run of neighbouring blocks per task,
 * while the main thread computes coverage and sums (pipeline/zonal.ts requests the next band's windows
 * before it sums the current one). On this project's 2-core machine the main thread's own work
 * (coverage, sums, window assembly, garbage collection) is the bottleneck and `--threads 2` measured
 * 5 % slower than 1, so 1 is the default (`npm run bench` prints both). The compressed block is
 * moved to the thread and the decoded block moved back (no copy). The pool is not used, and blocks
 * decode on the main thread, when `--threads 1`, inside a batch unit (the batch already runs one
 * unit per core), when the built worker file is absent (running from the TypeScript sources), or
 * when the process's address space is capped (ulimit -v): each thread reserves address space, and
 * Node stops with SIGTRAP rather than an error when the cap refuses it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { BlockParameters } from './block-decode.js';
import type { DecodeTask } from './decode-worker.js';

export interface DecodePool {
  readonly threads: number;
  /** The blocks at `blocks` ([start, length]) of `bytes`, decoded; `bytes` is moved to the thread. */
  decodeRun(compression: number, bytes: ArrayBuffer, blocks: readonly (readonly [number, number])[], parameters: BlockParameters): Promise<Uint8Array[]>;
  close(): Promise<void>;
}

/** Whether this process may create threads: no cap on its address space (Linux /proc; elsewhere assumed). */
function isAddressSpaceUncapped(): boolean {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max address space'));
    // Columns: name, soft limit, hard limit, unit; the soft limit is the one that applies.
    return !line || line.split(/\s{2,}/)[1] === 'unlimited';
  } catch {
    return true;
  }
}

/** `threads` in all: the main one and `threads − 1` decode threads; null when blocks should decode on the main thread (see above). */
export function createDecodePool(threads: number): DecodePool | null {
  if (threads <= 1) return null;
  const filename = fileURLToPath(new URL('./decode-worker.js', import.meta.url));
  if (!existsSync(filename) || !isAddressSpaceUncapped()) return null;
  const pool = new Piscina({ filename, minThreads: threads - 1, maxThreads: threads - 1, idleTimeout: 1000 });
  return {
    threads,
    async decodeRun(compression, bytes, blocks, parameters) {
      const task: DecodeTask = { compression, bytes, blocks, parameters };
      const decoded = (await pool.run(task, { transferList: [bytes] })) as ArrayBuffer[];
      return decoded.map((buffer) => new Uint8Array(buffer));
    },
    close: () => pool.destroy(),
  };
}
