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

/** The run's blocks, decoded, each its own buffer. */
export async function decodeRunBlocks(task: DecodeTask): Promise<ArrayBuffer[]> {
  const input = 'bytes' in task ? new Uint8Array(task.bytes) : readFileRange(task.path, task.offset, task.length);
  const decoded: ArrayBuffer[] = [];
  for (const [start, length] of task.blocks) decoded.push(await decodeBlock(task.compression, input.subarray(start, start + length), task.parameters));
  return decoded;
}
