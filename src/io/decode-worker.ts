/**
 * A decode thread (io/decode-pool.ts): a run of neighbouring compressed blocks in — their bytes, or
 * where they lie in a local file, read here so that the main thread never holds them — and the
 * decoded blocks out (moved, not copied). A run, not a block, per task: a task costs ~30 µs of
 * messaging, a 256 × 256 block ~0.2 ms to inflate.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { requireCommonJs } from '../core/require-commonjs.js';
import { decodeBlock, type BlockParameters } from './block-decode.js';

const { Piscina } = requireCommonJs('piscina') as typeof import('piscina');

interface DecodeRun {
  readonly compression: number;
  /** Each block's start and length in the run's bytes. */
  readonly blocks: readonly (readonly [number, number])[];
  readonly parameters: BlockParameters;
}

/** The run's bytes, handed over, or `length` bytes of the file at `path` from `offset`. */
export type DecodeTask = DecodeRun & ({ readonly bytes: ArrayBuffer } | { readonly path: string; readonly offset: number; readonly length: number });

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

/** The decoded blocks, each its own buffer, all moved to the main thread (piscina's transferable interface). */
export default async function decode(task: DecodeTask): Promise<unknown> {
  const input = 'bytes' in task ? new Uint8Array(task.bytes) : readFileRange(task.path, task.offset, task.length);
  const decoded: ArrayBuffer[] = [];
  for (const [start, length] of task.blocks) decoded.push(await decodeBlock(task.compression, input.subarray(start, start + length), task.parameters));
  return Piscina.move({ [Piscina.transferableSymbol]: decoded, [Piscina.valueSymbol]: decoded } as unknown as Parameters<typeof Piscina.move>[0]);
}
