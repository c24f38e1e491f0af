/**
 * Child process for benchmarks: decodes a whole raster and sums it, a row of blocks at a time, the
 * cells read where they lie in the decoded blocks (as the zonal sums read them, and as GDAL's
 * statistics visit blocks).
 */
import type { WindowPart } from '../core/raster.js';
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

const path = process.argv[2];
const started = performance.now();
const raster = await openRaster(path);
const { grid, blockHeight } = raster.info;
const nodata = raster.info.nodata ?? Number.NaN;
const total = { sum: 0, count: 0 };
for (let row0 = 0; row0 < grid.rows; row0 += blockHeight) {
  const window = { row0, col0: 0, rows: Math.min(blockHeight, grid.rows - row0), cols: grid.cols };
  const parts = raster.readWindowParts ? await raster.readWindowParts(window) : [];
  for (const part of parts) sumPart(part, nodata, total);
}
await raster.close();
process.stdout.write(`${JSON.stringify({ sum: total.sum, count: total.count, wallMs: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS })}\n`);
