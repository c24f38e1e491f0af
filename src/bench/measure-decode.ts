/** Child process for benchmarks: decodes a whole raster in tile-row windows and sums it. */
import { openRaster } from '../io/raster.js';

const path = process.argv[2];
const started = performance.now();
const raster = await openRaster(path);
const { grid, blockHeight } = raster.info;
const nodata = raster.info.nodata ?? Number.NaN;
let sum = 0;
for (let row0 = 0; row0 < grid.rows; row0 += blockHeight) {
  const rows = Math.min(blockHeight, grid.rows - row0);
  const values = await raster.readWindow({ row0, col0: 0, rows, cols: grid.cols });
  for (let i = 0; i < values.length; i++) if (values[i] !== nodata) sum += values[i];
}
await raster.close();
process.stdout.write(`${JSON.stringify({ sum, wallMs: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS })}\n`);
