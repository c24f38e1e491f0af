/** An in-memory RasterSource (docs/architecture.md §2.9): the same interface as a GeoTIFF, over a typed array. */
import type { Crs } from './crs.js';
import type { CellWindow, Grid } from './grid.js';
import type { RasterArray, RasterSource } from './raster.js';

export function createMemoryRaster(path: string, grid: Grid, crs: Crs, values: Float64Array | Float32Array, nodata: number | null = null): RasterSource {
  if (values.length !== grid.rows * grid.cols) throw new RangeError(`${path}: ${values.length} values for a ${grid.rows} × ${grid.cols} grid`);
  return {
    info: {
      path, grid, crs, crsSource: 'memory', nodata, dataType: values instanceof Float32Array ? 'float32' : 'float64', bands: 1,
      blockWidth: grid.cols, blockHeight: 1, compression: 'none', layout: 'stripped', bigTiff: false,
    },
    async readWindow(window: CellWindow): Promise<RasterArray> {
      const out = new (values.constructor as Float64ArrayConstructor)(window.rows * window.cols);
      for (let r = 0; r < window.rows; r++) {
        const src = (window.row0 + r) * grid.cols + window.col0;
        out.set(values.subarray(src, src + window.cols), r * window.cols);
      }
      return out;
    },
    async close() {},
  };
}
