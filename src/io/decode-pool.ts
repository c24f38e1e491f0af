/**
 * The threads of a run (--threads N, default: the cores, at most 4): with 2 or more, N − 1 threads decode raster
 * blocks (io/decode-worker.ts: read, inflate and predictor, a run of neighbouring blocks per task)
 * while the main thread computes coverage and sums (pipeline/zonal.ts computes the next band's
 * coverage and requests its blocks before it sums the current one), and inputs of 16 MB or more are
 * hashed for provenance on a thread of their own (io/hash-worker.ts). A decode thread reads a local
 * file's blocks itself and decodes them into buffers shared with the main thread (no copy); each is
 * handed many tasks at once, so that it never waits for the busy main thread to give it the next.
 * Whenever the main thread waits (its event loop turns), it decodes queued runs itself, the last
 * first, while the threads take them from the first: a claim per run in shared memory makes sure one
 * thread decodes each.
 * Measured on this project's 2-core machine (`npm run bench`): 11.3.1 10–15 % faster with the decode
 * thread than without; decoding a whole 10,000² raster 10–15 % faster when the main thread also
 * decodes while it waits. The pool is not used, and blocks decode on the main thread, for raster
 * files under 16 MB (io/open-inputs.ts), when `--threads 1`, inside a batch unit
 * (the batch already runs one unit per core), when the built worker file is absent (running from the
 * TypeScript sources), or when the process's address space is capped (ulimit -v): each thread
 * reserves address space, and Node stops with SIGTRAP rather than an error when the cap refuses it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { requireCommonJs } from '../core/require-commonjs.js';
import type { BlockParameters } from './block-decode.js';
import { CLAIM_MAIN, CLAIM_QUEUED, decodeRunBlocks, fromThreadResult, type FileDecodeTask } from './decode-run.js';

const { Piscina } = requireCommonJs('piscina') as typeof import('piscina');

export interface DecodePool {
  /**
   * The blocks at `blocks` ([start, length]) of a run's bytes, decoded: the bytes given (moved to the
   * thread), or `length` bytes of a local file from `offset`, read by the thread. `outputs`: a buffer
   * per block to decode into (io/block-buffers.ts), written by whichever thread takes the run (null: a
   * new one, made by that thread).
   */
  decodeRun(compression: number, bytes: ArrayBuffer | { path: string; offset: number; length: number }, blocks: readonly (readonly [number, number])[], parameters: BlockParameters, outputs?: readonly (SharedArrayBuffer | null)[]): Promise<Uint8Array[]>;
  close(): Promise<void>;
  /** Runs handed to the threads, and of those, decoded by the main thread while it waited. */
  readonly counts: { readonly handed: number; readonly takenHere: number };
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

/**
 * Threads by default at most: the main thread's own work (coverage, sums) keeps one or two decode
 * threads busy, so a 64-core node would only pay for more (each thread ~10 MB and ~30 ms to start).
 */
const MAX_DEFAULT_THREADS = 4;

/** The default --threads: the cores, at most MAX_DEFAULT_THREADS. */
export function defaultThreads(): number {
  return Math.min(availableParallelism(), MAX_DEFAULT_THREADS);
}

/** The built worker file beside this module, when threads may be started (see above). */
function findWorkerFile(name: string): string | null {
  const filename = fileURLToPath(new URL(name, import.meta.url));
  return existsSync(filename) && isAddressSpaceUncapped() ? filename : null;
}

/**
 * Tasks handed to a decode thread before it finishes any: the thread takes the next one from its own
 * queue while the main thread is busy summing. With one task at a time, a thread that finishes waits
 * idle until the main thread next turns its event loop to give it another.
 */
const TASKS_QUEUED_PER_THREAD = 256;

/**
 * Runs that may be taken by the main thread at once (a slot each in shared memory); a run given while
 * all are in use is left to the threads.
 */
const CLAIM_SLOTS = 4096;

/** A run handed to the threads that the main thread may still take. */
interface QueuedRun {
  readonly task: FileDecodeTask;
  readonly slot: number;
  readonly resolve: (blocks: Uint8Array[]) => void;
  readonly reject: (error: unknown) => void;
  settled: boolean;
}

/** `threads − 1` decode threads beside the main one; null when blocks should decode on the main thread (see above). */
export function createDecodePool(threads: number): DecodePool | null {
  if (threads <= 1) return null;
  const filename = findWorkerFile('./decode-worker.js');
  if (!filename) return null;
  const claims = new Int32Array(new SharedArrayBuffer(CLAIM_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  const slotInUse = new Uint8Array(CLAIM_SLOTS);
  let nextSlot = 0;
  /** Runs in the order given; the main thread takes the last (the threads take the first). */
  let queued: QueuedRun[] = [];
  const counts = { handed: 0, takenHere: 0 };
  const pool = new Piscina({ filename, minThreads: threads - 1, maxThreads: threads - 1, idleTimeout: 1000, concurrentTasksPerWorker: TASKS_QUEUED_PER_THREAD, workerData: { claims: claims.buffer } });
  /**
   * The last queued run no thread has taken, decoded here; false when there is none. Run from the
   * event loop's check phase (setImmediate), that is whenever this thread has nothing else to do but
   * wait: its own work (coverage, sums) always goes first, and the threads' results come in between.
   */
  const takeQueuedRun = async (): Promise<boolean> => {
    for (let run = queued.pop(); run; run = queued.pop()) {
      if (run.settled || Atomics.compareExchange(claims, run.slot, CLAIM_QUEUED, CLAIM_MAIN) !== CLAIM_QUEUED) continue;
      run.settled = true;
      counts.takenHere++;
      await decodeRunBlocks(run.task).then(run.resolve, run.reject);
      return true;
    }
    return false;
  };
  let helping = false;
  const help = () => {
    void takeQueuedRun().then((took) => {
      if (took) setImmediate(help);
      else helping = false;
    });
  };
  /** Starts taking queued runs at the next turn of the event loop, unless already doing so. */
  const helpSoon = () => {
    if (helping) return;
    helping = true;
    setImmediate(help);
  };
  return {
    counts,
    async decodeRun(compression, bytes, blocks, parameters, outputs) {
      counts.handed++;
      // Bytes handed over (a remote raster's) move to the thread: only a local file's runs can be taken back.
      if (bytes instanceof ArrayBuffer) {
        return fromThreadResult(outputs, await pool.run({ compression, bytes, blocks, parameters, outputs, claim: -1 }, { transferList: [bytes] }));
      }
      const task: FileDecodeTask = { compression, ...bytes, blocks, parameters, outputs };
      const slot = slotInUse[nextSlot] ? -1 : nextSlot;
      if (slot >= 0) {
        slotInUse[slot] = 1;
        Atomics.store(claims, slot, CLAIM_QUEUED);
        nextSlot = (nextSlot + 1) % CLAIM_SLOTS;
      }
      return new Promise<Uint8Array[]>((resolve, reject) => {
        const run: QueuedRun = { task, slot, resolve, reject, settled: false };
        if (slot >= 0) {
          if (queued.length >= CLAIM_SLOTS) queued = queued.filter((r) => !r.settled);
          queued.push(run);
          helpSoon();
        }
        // The slot is free again once the thread has seen the run (decoded it, or found it taken: null);
        // the run is settled by whichever thread decoded it first.
        const seen = (settle: () => void) => {
          if (slot >= 0) slotInUse[slot] = 0;
          if (run.settled) return;
          run.settled = true;
          settle();
        };
        pool.run({ ...task, claim: slot }).then((result: (number | Uint8Array)[] | null) => seen(() => resolve(fromThreadResult(outputs, result as (number | Uint8Array)[]))), (error: unknown) => seen(() => reject(error)));
      });
    },
    close: () => {
      queued = []; // nothing left for this thread to take
      return pool.destroy();
    },
  };
}

export interface HashPool {
  hash(path: string): Promise<{ sha256: string; bytes: number }>;
  close(): Promise<void>;
}

/** One thread that hashes the inputs for provenance (io/hash-worker.ts) while the run computes; null as for decoding. */
export function createHashPool(): HashPool | null {
  const filename = findWorkerFile('./hash-worker.js');
  if (!filename) return null;
  const pool = new Piscina({ filename, minThreads: 1, maxThreads: 1, idleTimeout: 1000 });
  return {
    hash: (path) => pool.run(path) as Promise<{ sha256: string; bytes: number }>,
    close: () => pool.destroy(),
  };
}
