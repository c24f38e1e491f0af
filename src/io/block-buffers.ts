/**
 * Decoded-block memory reused from block to block within one raster, instead of a new buffer for
 * every block decoded. A block buffer has holders: the block cache while it keeps the block, and each
 * window part handed out for it until the caller releases that part (RasterSource.releaseParts). The
 * buffer goes back to the free list when its last holder lets go. A part that is never released keeps
 * its buffer out of reuse for good: a caller that forgets costs fresh allocations, never a wrong cell.
 *
 * Why: each decoded block used to be a fresh buffer, and their external memory made V8 run about 15
 * full collections in one 11.3.1 run on the bench data (~120 ms of the main thread), besides the
 * allocation itself. The buffers are shared memory so that a decode thread (io/decode-worker.ts)
 * writes a run's blocks straight into them, whichever thread takes the run.
 */
import type { WindowPart } from '../core/raster.js';

export class BlockBuffers {
  private readonly free: SharedArrayBuffer[] = [];
  private readonly holders = new Map<SharedArrayBuffer, number>();
  /** Parts handed out and not yet released, with the buffer each holds. */
  private readonly outstanding = new WeakMap<WindowPart, SharedArrayBuffer>();
  private readonly made = new WeakSet<ArrayBufferLike>();
  /** Buffers created, and buffers handed out again from the free list. */
  readonly counts = { created: 0, reused: 0 };

  /**
   * @param blockBytes the bytes of one decoded block
   * @param maxFree free buffers kept at most (more are left to the GC): the free list never holds
   *   more memory than the blocks decoded at once for one window
   */
  constructor(readonly blockBytes: number, private readonly maxFree: number) {}

  /** A buffer for one block: a free one, else a new one. */
  take(): SharedArrayBuffer {
    return this.takeFree() ?? this.adopt(new SharedArrayBuffer(this.blockBytes));
  }

  /**
   * A free buffer, or null. A decode thread given null makes the block's buffer itself: a new buffer's
   * pages fault in as it is first written (~50 µs for 128 KB here), and the decode thread has time to spare.
   */
  takeFree(): SharedArrayBuffer | null {
    const reused = this.free.pop();
    if (!reused) return null;
    this.counts.reused++;
    return reused;
  }

  /** A new block buffer (made here or by a decode thread) joins these. */
  adopt(buffer: SharedArrayBuffer): SharedArrayBuffer {
    if (buffer.byteLength === this.blockBytes && !this.made.has(buffer)) {
      this.counts.created++;
      this.made.add(buffer);
    }
    return buffer;
  }

  /** Whether `buffer` is one of these (others — a byte-swapped or shortened copy — are the GC's). */
  owns(buffer: ArrayBufferLike): buffer is SharedArrayBuffer {
    return this.made.has(buffer);
  }

  /** One more holder of `buffer` (the cache keeping the block). */
  hold(buffer: ArrayBufferLike): void {
    if (this.owns(buffer)) this.holders.set(buffer, (this.holders.get(buffer) ?? 0) + 1);
  }

  /** A holder of `buffer` lets go; the last one puts it back on the free list. */
  drop(buffer: ArrayBufferLike): void {
    if (!this.owns(buffer)) return;
    const left = (this.holders.get(buffer) ?? 0) - 1;
    if (left > 0) {
      this.holders.set(buffer, left);
      return;
    }
    this.holders.delete(buffer);
    if (left === 0 && this.free.length < this.maxFree) this.free.push(buffer);
  }

  /** `part` is handed out: its block's buffer is held until the part is released. */
  lend(part: WindowPart): void {
    const { buffer } = part.values;
    if (!this.owns(buffer)) return;
    this.outstanding.set(part, buffer);
    this.hold(buffer);
  }

  /** The caller is done with `part` (a part released twice, or not lent here, is ignored). */
  release(part: WindowPart): void {
    const buffer = this.outstanding.get(part);
    if (!buffer) return;
    this.outstanding.delete(part);
    this.drop(buffer);
  }
}
