/**
 * Child process for benchmarks: decodes a whole raster and sums it, a row of blocks at a time, the
 * cells read where they lie in the decoded blocks (as the zonal sums read them, and as GDAL's
 * statistics visit blocks).
 */
import { readWindowCells, releaseWindowCells, type WindowPart } from '../core/raster.js';
import { DEFAULT_MAX_CELLS } from '../indicators/common-options.js';
import { createDecodePool, defaultThreads } from '../io/decode-pool.js';
import { openRaster } from '../io/raster.js';

/**
 * Σ and count of the cells that are not nodata (a function of its own: V8 optimises it, not module
 * top-level code). Four running sums, so that each addition need not wait for the one before (GDAL's
 * statistics sum eight cells at a time with SSE2).
 */
function sumPart({ values, rows, cols, offset, rowStride, cellStride }: WindowPart, nodata: number, total: { sum: number; count: number }): void {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let count = 0;
  for (let r = 0; r < rows; r++) {
    let at = offset + r * rowStride;
    const end = at + cols * cellStride;
    for (const step = 4 * cellStride; at + 3 * cellStride < end; at += step) {
      const a = values[at], b = values[at + cellStride], c = values[at + 2 * cellStride], d = values[at + 3 * cellStride];
      if (a !== nodata) { s0 += a; count++; }
      if (b !== nodata) { s1 += b; count++; }
      if (c !== nodata) { s2 += c; count++; }
      if (d !== nodata) { s3 += d; count++; }
    }
    for (; at < end; at += cellStride) {
      const v = values[at];
      if (v !== nodata) { s0 += v; count++; }
    }
  }
  total.sum += s0 + s1 + s2 + s3;
  total.count += count;
}

// `measure-decode.js RASTER [THREADS]`: THREADS as --threads (default: the cores; 1: the main thread only).
const path = process.argv[2];
const threads = Number(process.argv[3] ?? defaultThreads());
const started = performance.now();
const decodePool = createDecodePool(threads);
// The block cache the CLI gives a raster by default (--max-cells × 8 bytes, io/open-inputs.ts).
const raster = await openRaster(path, { decodePool, blockCacheBytes: DEFAULT_MAX_CELLS * 8 });
const { grid, blockHeight } = raster.info;
const nodata = raster.info.nodata ?? Number.NaN;
const total = { sum: 0, count: 0 };
/** A row of blocks, where the cells lie (or assembled, for a raster whose cells are scaled). */
const readRow = (row0: number) => readWindowCells(raster, { row0, col0: 0, rows: Math.min(blockHeight, grid.rows - row0), cols: grid.cols });
// The next rows of blocks are requested before this one is summed (decoded meanwhile on the decode
// threads, and on this one whenever it waits: io/decode-pool.ts).
const AHEAD_ROWS = 2;
const requested: Promise<WindowPart[]>[] = [];
for (let row0 = 0; row0 < grid.rows; row0 += blockHeight) {
  for (let ahead = row0 + requested.length * blockHeight; requested.length <= AHEAD_ROWS && ahead < grid.rows; ahead += blockHeight) requested.push(readRow(ahead));
  const parts = await (requested.shift() as Promise<WindowPart[]>);
  for (const part of parts) sumPart(part, nodata, total);
  releaseWindowCells(raster, parts);
}
await raster.close();
await decodePool?.close();
const runs = decodePool?.counts ?? { handed: 0, takenHere: 0 };
process.stdout.write(`${JSON.stringify({ sum: total.sum, count: total.count, runs, wallMs: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS })}\n`);
