/**
 * A run of neighbouring compressed blocks decoded into one buffer per block (io/block-decode.ts), by
 * whichever thread takes it: a decode thread (io/decode-worker.ts), or the main thread when it would
 * otherwise wait (io/decode-pool.ts). Each run handed to the threads has a claim in shared memory, so
 * that exactly one thread decodes it.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { decodeBlock, type BlockParameters } from './block-decode.js';

interface DecodeRun {
  readonly compression: number;
  /** Each block's start and length in the run's bytes. */
  readonly blocks: readonly (readonly [number, number])[];
  readonly parameters: BlockParameters;
  /** A buffer per block to decode into (io/block-buffers.ts), shared with the decode threads. */
  readonly outputs?: readonly SharedArrayBuffer[];
}

/** `length` bytes of the local file at `path` from `offset`. */
export type FileDecodeTask = DecodeRun & { readonly path: string; readonly offset: number; readonly length: number };

/** The run's bytes, handed over (a remote raster's), or where they lie in a local file. */
export type DecodeTask = (DecodeRun & { readonly bytes: ArrayBuffer }) | FileDecodeTask;

/** A run's claim (Int32 in shared memory): queued, then taken by a decode thread or by the main thread. */
export const CLAIM_QUEUED = 0;
export const CLAIM_THREAD = 1;
export const CLAIM_MAIN = 2;

function readFileRange(path: string, offset: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const fd = openSync(path, 'r');
  try {
    let filled = 0;
    while (filled < length) {
      const read = readSync(fd, bytes, filled, length - filled, offset + filled);
      if (read === 0) throw new RangeError(`${path} ends at byte ${offset + filled}, before the blocks' ${offset + length}`);
      filled += read;
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/** The run's blocks, decoded: each at the start of its output, or in a buffer of its own (io/block-decode.ts). */
export async function decodeRunBlocks(task: DecodeTask): Promise<Uint8Array[]> {
  const input = 'bytes' in task ? new Uint8Array(task.bytes) : readFileRange(task.path, task.offset, task.length);
  const decoded: Uint8Array[] = [];
  for (const [k, [start, length]] of task.blocks.entries()) {
    const output = task.outputs ? new Uint8Array(task.outputs[k]) : undefined;
    decoded.push(await decodeBlock(task.compression, input.subarray(start, start + length), task.parameters, output));
  }
  return decoded;
}

/**
 * A run's decoded blocks as a decode thread hands them back: for each, the bytes it wrote at the start
 * of its output (shared memory, nothing to move), or its own bytes (moved: `moved` lists their buffers).
 */
export function toThreadResult(task: DecodeTask, decoded: readonly Uint8Array[]): { result: (number | Uint8Array)[]; moved: ArrayBuffer[] } {
  const moved: ArrayBuffer[] = [];
  const result = decoded.map((block, k) => {
    if (block.buffer === task.outputs?.[k] && block.byteOffset === 0) return block.byteLength;
    if (!moved.includes(block.buffer as ArrayBuffer)) moved.push(block.buffer as ArrayBuffer);
    return block;
  });
  return { result, moved };
}

/** The blocks a decode thread handed back (toThreadResult), as views. */
export function fromThreadResult(outputs: readonly SharedArrayBuffer[] | undefined, result: readonly (number | Uint8Array)[]): Uint8Array[] {
  return result.map((entry, k) => (typeof entry === 'number' ? new Uint8Array((outputs as readonly SharedArrayBuffer[])[k], 0, entry) : entry));
}
