/**
 * Decoded blocks' memory is reused (io/block-buffers.ts) only once nothing can read it any more: parts
 * held by a caller keep their cells however many blocks are decoded meanwhile, released parts' memory
 * goes to later blocks, and every part read equals the raster's cells. With the main thread alone and
 * with a decode thread (shared buffers written by either thread), over the fixture matrix; the pool
 * runs from the built package (dist/), so this runs in child processes as io/decode-pool.test.ts does.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlockBuffers } from './block-buffers.js';
import type { WindowPart } from '../core/raster.js';

const DIST = resolve('dist/io');
const FIXTURES = readdirSync('fixtures/geotiff').filter((f) => f.endsWith('.tif') && f !== 'no-crs.tif').map((f) => resolve('fixtures/geotiff', f));

interface Outcome { readonly wrongCells: number; readonly heldChanged: number; readonly heldReused: boolean; readonly reused: boolean }

function churn(threads: number): Record<string, Outcome> {
  const script = `
    import { openRaster } from ${JSON.stringify(`${DIST}/raster.js`)};
    import { createDecodePool } from ${JSON.stringify(`${DIST}/decode-pool.js`)};
    const pool = createDecodePool(${threads});
    const out = {};
    const cellsOf = (parts, w, reference) => {
      let wrong = 0;
      for (const p of parts) for (let r = 0; r < p.rows; r++) for (let c = 0; c < p.cols; c++) {
        const v = p.values[p.offset + r * p.rowStride + c * p.cellStride];
        const want = reference[(w.row0 + p.row0 + r) * w.width + w.col0 + p.col0 + c];
        if (!(v === want || (v !== v && want !== want))) wrong++;
      }
      return wrong;
    };
    for (const path of ${JSON.stringify(FIXTURES)}) {
      const raster = await openRaster(path, { decodePool: pool, blockCacheBytes: 1 });
      const { rows, cols } = raster.info.grid;
      const { blockHeight } = raster.info;
      const reference = await (await openRaster(path)).readWindow({ row0: 0, col0: 0, rows, cols });
      // The first block row, held (never released) while every other block row is read at once and released in turn.
      const first = { row0: 0, col0: 0, rows: Math.min(blockHeight, rows), cols, width: cols };
      const held = await raster.readWindowParts(first);
      const heldBuffers = new Set(held.map((p) => p.values.buffer));
      const seen = new Set();
      let wrongCells = 0, heldReused = false, reused = false;
      for (let pass = 0; pass < 2; pass++) {
        const windows = [];
        for (let row0 = blockHeight; row0 < rows; row0 += blockHeight) windows.push({ row0, col0: 0, rows: Math.min(blockHeight, rows - row0), cols, width: cols });
        const reads = windows.map((w) => raster.readWindowParts(w));
        for (const [k, read] of reads.entries()) {
          const parts = await read;
          wrongCells += cellsOf(parts, windows[k], reference);
          for (const p of parts) {
            if (heldBuffers.has(p.values.buffer)) heldReused = true;
            if (seen.has(p.values.buffer)) reused = true;
            seen.add(p.values.buffer);
          }
          raster.releaseParts(parts);
          raster.releaseParts(parts); // twice: ignored
        }
      }
      // Windows sharing block rows with the next, all requested at once: blocks found in the cache and
      // blocks decoded anew, held by two windows at once.
      const shared = await openRaster(path, { decodePool: pool, blockCacheBytes: Math.ceil(cols / raster.info.blockWidth) * raster.info.blockWidth * blockHeight * 8 });
      const half = Math.max(1, Math.floor(blockHeight / 2));
      const overlapping = [];
      for (let row0 = 0; row0 < rows; row0 += half) overlapping.push({ row0, col0: 0, rows: Math.min(blockHeight, rows - row0), cols, width: cols });
      for (let pass = 0; pass < 3; pass++) {
        const reads = overlapping.map((w) => shared.readWindowParts(w));
        for (const [k, read] of reads.entries()) {
          const parts = await read;
          wrongCells += cellsOf(parts, overlapping[k], reference);
          shared.releaseParts(parts);
        }
      }
      await shared.close();
      out[path] = { wrongCells, heldChanged: cellsOf(held, first, reference), heldReused, reused };
      await raster.close();
    }
    await pool?.close();
    console.log(JSON.stringify(out));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, Outcome>;
}

describe('decoded block memory', () => {
  it.each([1, 2])('is reused only once released, with %i thread(s): held parts keep their cells, every part read is right', (threads) => {
    const outcomes = churn(threads);
    for (const [path, outcome] of Object.entries(outcomes)) {
      expect({ path, wrongCells: outcome.wrongCells, heldChanged: outcome.heldChanged, heldReused: outcome.heldReused }).toEqual({ path, wrongCells: 0, heldChanged: 0, heldReused: false });
    }
    // Reused wherever blocks are decompressed (DEFLATE, LZW, ZSTD) in the machine's byte order.
    const reusing = Object.keys(outcomes).filter((path) => outcomes[path].reused).map((path) => path.split('/').pop());
    expect(reusing).toEqual(expect.arrayContaining(['u16-tiled-deflate-pred2.tif', 'f32-tiled-deflate-pred3.tif', 'i16-tiled-lzw-pred2.tif', 'u8-runs-lzw-tiled.tif', 'u32-tiled-zstd.tif', 'f64-tiled-zstd-pred3.tif']));
    expect(reusing).not.toContain('u16-stripped-bigendian.tif'); // swapped into buffers of their own
  }, 60_000);
});

describe('BlockBuffers', () => {
  const part = (values: Uint8Array): WindowPart => ({ values, row0: 0, col0: 0, rows: 1, cols: 1, offset: 0, rowStride: 1, cellStride: 1 });

  it('hands a buffer out again only when its last holder lets go', () => {
    const buffers = new BlockBuffers(16, 8);
    const a = buffers.take();
    buffers.hold(a); // the cache
    const lent = part(new Uint8Array(a));
    buffers.lend(lent);
    buffers.drop(a); // the cache lets it go; the part still holds it
    expect(buffers.take()).not.toBe(a);
    buffers.release(lent);
    buffers.release(lent); // a second release is ignored
    expect(buffers.take()).toBe(a);
    expect(buffers.take()).not.toBe(a); // once only
    expect(buffers.counts).toEqual({ created: 3, reused: 1 });
  });

  it('adopts the block buffers a decode thread made (of the block size only), to reuse them like its own', () => {
    const buffers = new BlockBuffers(16, 8);
    expect(buffers.takeFree()).toBeNull(); // nothing free: the thread makes one
    const madeThere = new SharedArrayBuffer(16);
    const odd = new SharedArrayBuffer(8);
    buffers.adopt(madeThere);
    buffers.adopt(odd);
    for (const buffer of [madeThere, odd]) {
      buffers.hold(buffer);
      buffers.drop(buffer);
    }
    expect(buffers.takeFree()).toBe(madeThere);
    expect(buffers.takeFree()).toBeNull();
    expect(buffers.counts).toEqual({ created: 1, reused: 1 });
  });

  it('ignores buffers it did not make, and keeps at most maxFree', () => {
    const buffers = new BlockBuffers(16, 1);
    const foreign = new SharedArrayBuffer(16);
    buffers.hold(foreign);
    buffers.drop(foreign);
    buffers.release(part(new Uint8Array(foreign)));
    const [a, b] = [buffers.take(), buffers.take()];
    for (const buffer of [a, b]) {
      buffers.hold(buffer);
      buffers.drop(buffer);
    }
    buffers.drop(a); // dropped once more than held: not freed twice
    expect([buffers.take(), buffers.take()]).not.toContain(b);
    expect(buffers.counts.created).toBe(3);
  });
});
