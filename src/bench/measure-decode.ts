/**
 * Child process for benchmarks: decodes a whole raster and sums it, a row of blocks at a time, the
 * cells read where they lie in the decoded blocks (as the zonal sums read them, and as GDAL's
 * statistics visit blocks).
 */
import { readWindowCells, type WindowPart } from '../core/raster.js';
import { createDecodePool, defaultThreads } from '../io/decode-pool.js';
import { openRaster } from '../io/raster.js';

/** Σ and count of the cells that are not nodata (a function of its own: V8 optimises it, not module top-level code). */
function sumPart({ values, rows, cols, offset, rowStride, cellStride }: WindowPart, nodata: number, total: { sum: number; count: number }): void {
  let sum = 0;
  let count = 0;
  for (let r = 0; r < rows; r++) {
    for (let at = offset + r * rowStride, end = at + cols * cellStride; at < end; at += cellStride) {
      const v = values[at];
      if (v === nodata) continue;
      sum += v;
      count++;
    }
  }
  total.sum += sum;
  total.count += count;
}

// `measure-decode.js RASTER [THREADS]`: THREADS as --threads (default: the cores; 1: the main thread only).
const path = process.argv[2];
const threads = Number(process.argv[3] ?? defaultThreads());
const started = performance.now();
const decodePool = createDecodePool(threads);
const raster = await openRaster(path, { decodePool });
const { grid, blockHeight } = raster.info;
const nodata = raster.info.nodata ?? Number.NaN;
const total = { sum: 0, count: 0 };
/** A row of blocks, where the cells lie (or assembled, for a raster whose cells are scaled). */
const readRow = (row0: number) => readWindowCells(raster, { row0, col0: 0, rows: Math.min(blockHeight, grid.rows - row0), cols: grid.cols });
// The next row of blocks is requested before this one is summed (decoded meanwhile on the decode threads).
let next = readRow(0);
for (let row0 = 0; row0 < grid.rows; row0 += blockHeight) {
  const parts = await next;
  if (row0 + blockHeight < grid.rows) next = readRow(row0 + blockHeight);
  for (const part of parts) sumPart(part, nodata, total);
}
await raster.close();
await decodePool?.close();
process.stdout.write(`${JSON.stringify({ sum: total.sum, count: total.count, wallMs: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS })}\n`);
