/**
 * A run of neighbouring compressed blocks decoded into one buffer per block (io/block-decode.ts), by
 * whichever thread takes it: a decode thread (io/decode-worker.ts), or the main thread when it would
 * otherwise wait (io/decode-pool.ts). Each run handed to the threads has a claim in shared memory, so
 * that exactly one thread decodes it.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { decodeBlock, prepareDecoder, toBlockBytes, type BlockParameters } from './block-decode.js';

interface DecodeRun {
  readonly compression: number;
  /** Each block's start and length in the run's bytes. */
  readonly blocks: readonly (readonly [number, number])[];
  readonly parameters: BlockParameters;
  /**
   * A buffer per block to decode into (io/block-buffers.ts), shared with the decode threads; null: a new
   * one, made by the thread that decodes the run.
   */
  readonly outputs?: readonly (SharedArrayBuffer | null)[];
}

/** `length` bytes of the local file at `path` from `offset`. */
export type FileDecodeTask = DecodeRun & { readonly path: string; readonly offset: number; readonly length: number };

/** The run's bytes, handed over (a remote raster's), or where they lie in a local file. */
export type DecodeTask = (DecodeRun & { readonly bytes: ArrayBuffer }) | FileDecodeTask;

/** A run's claim (Int32 in shared memory): queued, then taken by a decode thread or by the main thread. */
export const CLAIM_QUEUED = 0;
export const CLAIM_THREAD = 1;
export const CLAIM_MAIN = 2;

/**
 * Read buffers of this thread, reused from run to run: a new buffer's pages fault in as the read
 * fills it, which cost the decode thread ~150 ms of an 11.3.1 run on the bench data. A run is decoded
 * synchronously once read, so one buffer serves a thread; SPARE_READS bounds what is kept regardless.
 */
const spareReads: Uint8Array[] = [];
const SPARE_READS = 4;

/** A spare read buffer, or a new one (of at least 1 MB) where the spare is too small for `length` bytes. */
function takeReadBuffer(length: number): Uint8Array {
  const spare = spareReads.pop();
  return spare && spare.length >= length ? spare : new Uint8Array(Math.max(length, 1 << 20));
}

function giveReadBuffer(buffer: Uint8Array): void {
  if (spareReads.length < SPARE_READS) spareReads.push(buffer);
}

/** `length` bytes of `path` from `offset`, read into `into` (its first `length` bytes). */
function readFileRange(path: string, offset: number, length: number, into: Uint8Array): Uint8Array {
  const bytes = into.subarray(0, length);
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
  await prepareDecoder(task.compression);
  // From here on synchronous: the read buffer is back among the spares before another run starts.
  const read = 'bytes' in task ? null : takeReadBuffer(task.length);
  try {
    const input = 'bytes' in task ? new Uint8Array(task.bytes) : readFileRange(task.path, task.offset, task.length, read as Uint8Array);
    const decoded: Uint8Array[] = [];
    for (const [k, [start, length]] of task.blocks.entries()) {
      const output = task.outputs ? new Uint8Array(task.outputs[k] ?? new SharedArrayBuffer(toBlockBytes(task.parameters))) : undefined;
      decoded.push(decodeBlock(task.compression, input.subarray(start, start + length), task.parameters, output));
    }
    return decoded;
  } finally {
    if (read) giveReadBuffer(read);
  }
}

/**
 * A run's decoded blocks as a decode thread hands them back: for each, the bytes it wrote at the start
 * of the output it was given (nothing to send), or the block itself: in shared memory it made (sent,
 * not copied), or in its own buffer (moved: `moved` lists those buffers).
 */
export function toThreadResult(task: DecodeTask, decoded: readonly Uint8Array[]): { result: (number | Uint8Array)[]; moved: ArrayBuffer[] } {
  const moved: ArrayBuffer[] = [];
  const result = decoded.map((block, k) => {
    if (block.buffer === task.outputs?.[k] && block.byteOffset === 0) return block.byteLength;
    if (!(block.buffer instanceof SharedArrayBuffer) && !moved.includes(block.buffer as ArrayBuffer)) moved.push(block.buffer as ArrayBuffer);
    return block;
  });
  return { result, moved };
}

/** The blocks a decode thread handed back (toThreadResult), as views. */
export function fromThreadResult(outputs: readonly (SharedArrayBuffer | null)[] | undefined, result: readonly (number | Uint8Array)[]): Uint8Array[] {
  return result.map((entry, k) => (typeof entry === 'number' ? new Uint8Array(outputs?.[k] as SharedArrayBuffer, 0, entry) : entry));
}
