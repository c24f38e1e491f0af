/**
 * A raster window as a picture for a report map, in bounded memory: the window is read in strips of
 * `factor` rows and each `factor × factor` block becomes one pixel holding the block's sum of valid
 * cells per km² of valid cells (a density: population per km², built-up m² per km²). Blocks without a
 * valid cell are no data (a checkerboard). The colours come from a d3 scale, quantised to a palette.
 */
import type { Bounds, CellWindow } from '../core/grid.js';
import type { RasterSource } from '../core/raster.js';
import { encodeIndexedPng } from '../io/png.js';

/** Longest side of a map picture, in pixels (the map is 640 px wide). */
const MAX_SIDE_PX = 480;

export interface DensityGrid {
  /** Per block: sum of valid cells ÷ km² of valid cells; NaN = no valid cell. */
  readonly values: Float64Array;
  readonly rows: number;
  readonly cols: number;
  /** What the picture covers, in the raster's CRS (block edges). */
  readonly box: Bounds;
  readonly factor: number;
}

/** The raster's window, aggregated; `cellAreaKm2` is the area one cell stands for. */
export async function readDensityGrid(raster: RasterSource, window: CellWindow, cellAreaKm2: number): Promise<DensityGrid> {
  const { grid, nodata } = raster.info;
  const factor = Math.max(1, Math.ceil(Math.max(window.rows, window.cols) / MAX_SIDE_PX));
  const rows = Math.ceil(window.rows / factor);
  const cols = Math.ceil(window.cols / factor);
  const sums = new Float64Array(rows * cols);
  const counts = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const stripRows = Math.min(factor, window.rows - r * factor);
    const strip = await raster.readWindow({ row0: window.row0 + r * factor, col0: window.col0, rows: stripRows, cols: window.cols });
    for (let i = 0; i < stripRows; i++) {
      for (let j = 0; j < window.cols; j++) {
        const v = strip[i * window.cols + j];
        if (v === nodata || !Number.isFinite(v)) continue;
        const k = r * cols + Math.floor(j / factor);
        sums[k] += v;
        counts[k] += 1;
      }
    }
  }
  const values = new Float64Array(rows * cols);
  for (let k = 0; k < values.length; k++) values[k] = counts[k] > 0 ? sums[k] / (counts[k] * cellAreaKm2) : NaN;
  const minX = grid.originX + window.col0 * grid.cellWidth;
  const maxY = grid.originY - window.row0 * grid.cellHeight;
  const box = { minX, maxY, maxX: minX + cols * factor * grid.cellWidth, minY: maxY - rows * factor * grid.cellHeight };
  return { values, rows, cols, box, factor };
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
