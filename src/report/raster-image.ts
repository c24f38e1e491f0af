/**
 * A raster window as a picture for a report map, in bounded memory: each `factor × factor` block of
 * the window becomes one pixel holding the block's mean of valid cells per km² of a cell (a density:
 * population per km², built-up m² per km²), read by pipeline/grid-aggregate.ts in bands of at most
 * MAX_CELLS cells. Blocks without a valid cell are no data (a checkerboard). The colours come from a d3
 * scale, quantised to a palette.
 */
import { toGridBounds, type Bounds, type CellWindow } from '../core/grid.js';
import type { RasterSource } from '../core/raster.js';
import { encodeIndexedPng } from '../io/png.js';
import { readAggregatedGrid } from '../pipeline/grid-aggregate.js';

/** Longest side of a map picture, in pixels (the map is 640 px wide). */
const MAX_SIDE_PX = 480;
/** Cells read at once for a picture. */
const MAX_CELLS = 4_000_000;

export interface DensityGrid {
  /** Per block: mean of its valid cells ÷ km² of a cell; NaN = no valid cell. */
  readonly values: Float64Array;
  readonly rows: number;
  readonly cols: number;
  /** What the picture covers, in the raster's CRS (block edges). */
  readonly box: Bounds;
  readonly factor: number;
}

/** The raster's window, aggregated; `cellAreaKm2` is the area one cell stands for. */
export async function readDensityGrid(raster: RasterSource, window: CellWindow, cellAreaKm2: number): Promise<DensityGrid> {
  const factor = Math.max(1, Math.ceil(Math.max(window.rows, window.cols) / MAX_SIDE_PX));
  const { grid, values } = await readAggregatedGrid(raster, factor, 'mean', MAX_CELLS, window);
  for (let k = 0; k < values.length; k++) values[k] /= cellAreaKm2;
  return { values, rows: grid.rows, cols: grid.cols, box: toGridBounds(grid), factor };
}

/** Palette entries 0 and 1 are the no-data checkerboard; the colours follow. */
const NO_DATA: readonly (readonly [number, number, number])[] = [[189, 189, 189], [240, 240, 240]];

function toRgb(colour: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour) ?? /^rgb\((\d+), ?(\d+), ?(\d+)\)$/.exec(colour);
  if (!m) throw new Error(`unexpected colour ${colour}`);
  return colour.startsWith('#') ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * The grid as a PNG data URI: `colours` is the palette (at most 254), `toIndex` picks a colour for
 * a value; no-data pixels alternate the two greys in 4-pixel squares.
 */
export function toPictureUri(values: Float64Array, rows: number, cols: number, colours: readonly string[], toIndex: (value: number) => number): string {
  const scale = Math.max(1, Math.floor(MAX_SIDE_PX / Math.max(rows, cols)));
  const checker = Math.max(1, Math.floor(4 / scale));
  const indexes = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c];
      indexes[r * cols + c] = Number.isNaN(v) ? (Math.floor(r / checker) + Math.floor(c / checker)) % 2 : 2 + toIndex(v);
    }
  }
  const png = encodeIndexedPng(indexes, rows, cols, [...NO_DATA, ...colours.map(toRgb)], scale);
  return `data:image/png;base64,${png.toString('base64')}`;
}
