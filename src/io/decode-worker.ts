/**
 * A decode thread (io/decode-pool.ts): a run of neighbouring compressed blocks in — their bytes, or
 * where they lie in a local file, read here so that the main thread never holds them — and the
 * decoded blocks out: written into the buffers the run came with (shared memory), or moved, not
 * copied. A run, not a block, per task: a task costs ~30 µs of messaging, a 256 × 256 block ~0.2 ms
 * to inflate. A run whose claim the main thread took while it
 * waited (it decodes that run itself) is skipped.
 */
import { requireCommonJs } from '../core/require-commonjs.js';
import { CLAIM_QUEUED, CLAIM_THREAD, decodeRunBlocks, toThreadResult, type DecodeTask } from './decode-run.js';

const { Piscina } = requireCommonJs('piscina') as typeof import('piscina');

/** The pool's claims (io/decode-pool.ts), one Int32 per run slot. */
const claims = new Int32Array((Piscina.workerData as { claims: SharedArrayBuffer }).claims);

/**
 * The decoded blocks (io/decode-run.ts toThreadResult): written into the run's shared outputs, or
 * moved to the main thread (piscina's transferable interface); null when the main thread took the run.
 */
export default async function decode(task: DecodeTask & { readonly claim: number }): Promise<unknown> {
  if (task.claim >= 0 && Atomics.compareExchange(claims, task.claim, CLAIM_QUEUED, CLAIM_THREAD) !== CLAIM_QUEUED) return null;
  const { result, moved } = toThreadResult(task, await decodeRunBlocks(task));
  return Piscina.move({ [Piscina.transferableSymbol]: moved, [Piscina.valueSymbol]: result } as unknown as Parameters<typeof Piscina.move>[0]);
}
