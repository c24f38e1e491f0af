/** Child process for benchmarks: decodes a whole raster in tile-row windows and sums it. */
import type { RasterArray } from '../core/raster.js';
import { openRaster } from '../io/raster.js';

/** Σ and count of the cells that are not nodata (a function of its own: V8 optimises it, not module top-level code). */
function sumValues(values: RasterArray, nodata: number, total: { sum: number; count: number }): void {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] === nodata) continue;
    sum += values[i];
    count++;
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
let window: RasterArray | undefined;
for (let row0 = 0; row0 < grid.rows; row0 += blockHeight) {
  const rows = Math.min(blockHeight, grid.rows - row0);
  window = await raster.readWindow({ row0, col0: 0, rows, cols: grid.cols }, window);
  sumValues(window, nodata, total);
}
await raster.close();
process.stdout.write(`${JSON.stringify({ sum: total.sum, count: total.count, wallMs: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS })}\n`);
