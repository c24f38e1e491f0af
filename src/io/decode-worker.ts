/**
 * A decode thread (io/decode-pool.ts): a run of neighbouring compressed blocks in (one read of the
 * file), the decoded blocks out (moved, not copied). A run, not a block, per task: a task costs ~30 µs
 * of messaging, a 256 × 256 block ~0.2 ms to inflate.
 */
import { Piscina } from 'piscina';
import { decodeBlock, type BlockParameters } from './block-decode.js';

export interface DecodeTask {
  readonly compression: number;
  readonly bytes: ArrayBuffer;
  /** Each block's start and length in `bytes`. */
  readonly blocks: readonly (readonly [number, number])[];
  readonly parameters: BlockParameters;
}

/** The decoded blocks, each its own buffer, all moved to the main thread (piscina's transferable interface). */
export default async function decode(task: DecodeTask): Promise<unknown> {
  const input = new Uint8Array(task.bytes);
  const decoded: ArrayBuffer[] = [];
  for (const [start, length] of task.blocks) decoded.push(await decodeBlock(task.compression, input.subarray(start, start + length), task.parameters));
  return Piscina.move({ [Piscina.transferableSymbol]: decoded, [Piscina.valueSymbol]: decoded } as unknown as Parameters<typeof Piscina.move>[0]);
}
