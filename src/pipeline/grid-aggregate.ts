/**
 * Reads a raster into memory on a coarser grid: blocks of `factor × factor` cells are summed
 * (counts such as population and built-up m²) or averaged (shares such as permanent land), reading
 * row bands of at most `maxCells` cells — memory grows with the output grid, not the input (docs/methods.md
 * §3.2: 100 m GHSL cells aggregate to the 1 km classification grid).
 */
import type { CellWindow, Grid } from '../core/grid.js';
import type { RasterSource } from '../core/raster.js';

export interface AggregatedGrid {
  readonly grid: Grid;
  readonly values: Float64Array;
  /** Input cells that were nodata (they count 0 in sums and are left out of means). */
  readonly nodataCells: number;
  /** Input cells with data. */
  readonly dataCells: number;
  /** Per output cell: 1 when none of its input cells has data (nodata, NaN or ±Infinity). */
  readonly noData: Uint8Array;
}

/** `window` (default: the whole grid) is the part read; the output grid starts at its corner. */
export async function readAggregatedGrid(raster: RasterSource, factor: number, mode: 'sum' | 'mean', maxCells: number, window?: CellWindow): Promise<AggregatedGrid> {
  const whole = raster.info.grid;
  const part = window ?? { row0: 0, col0: 0, rows: whole.rows, cols: whole.cols };
  const input = { rows: part.rows, cols: part.cols };
  const nodata = raster.info.nodata;
  const rows = Math.ceil(input.rows / factor);
  const cols = Math.ceil(input.cols / factor);
  const values = new Float64Array(rows * cols);
  const counts = mode === 'mean' ? new Float64Array(rows * cols) : null;
  const noData = new Uint8Array(rows * cols).fill(1);
  let nodataCells = 0;
  let dataCells = 0;
  const bandRows = Math.max(factor, Math.floor(maxCells / input.cols / factor) * factor);
  for (let row0 = 0; row0 < input.rows; row0 += bandRows) {
    const bandHeight = Math.min(bandRows, input.rows - row0);
    const band = await raster.readWindow({ row0: part.row0 + row0, col0: part.col0, rows: bandHeight, cols: input.cols });
    for (let r = 0; r < bandHeight; r++) {
      const outRow = ((row0 + r) / factor) | 0;
      for (let c = 0; c < input.cols; c++) {
        const v = band[r * input.cols + c];
        if (v === nodata || v - v !== 0) { // nodata, NaN or ±Infinity
          nodataCells++;
          continue;
        }
        dataCells++;
        const k = outRow * cols + ((c / factor) | 0);
        values[k] += v;
        noData[k] = 0;
        if (counts) counts[k]++;
      }
    }
  }
  if (counts) for (let k = 0; k < values.length; k++) values[k] = counts[k] > 0 ? values[k] / counts[k] : Number.NaN;
  return {
    grid: {
      originX: whole.originX + part.col0 * whole.cellWidth, originY: whole.originY - part.row0 * whole.cellHeight,
      cellWidth: whole.cellWidth * factor, cellHeight: whole.cellHeight * factor, rows, cols,
    },
    values, nodataCells, dataCells, noData,
  };
}
