/**
 * Coverage-weighted sums (docs/methods.md §6.2: sum = Σ c·x). Each cell adds value × covered fraction ×
 * an optional per-row scale (cell area in m² when a cell holds a share or a mask); nodata cells add
 * nothing and are tallied separately so the caller can report how much of a zone had no data.
 */
import type { RasterArray } from '../core/raster.js';

/** How a cell's value becomes the quantity summed. */
export type CellQuantity = 'value' | 'value-times-area' | 'mask-times-area';

export interface CoveredSum {
  /** Σ c·q over cells with data. */
  sum: number;
  /** Σ c over all cells (cell-count units). */
  coveredCells: number;
  /** Σ c·area over all cells, m². */
  coveredAreaM2: number;
  /** Σ c over nodata cells. */
  nodataCells: number;
}

export function createCoveredSum(): CoveredSum {
  return { sum: 0, coveredCells: 0, coveredAreaM2: 0, nodataCells: 0 };
}

/**
 * Adds one band of cells to `acc`. `coverage` and `values` are row-major `rows × cols`;
 * `rowAreaM2[r]` is the area of a cell of band row r; `scale` multiplies each value (e.g. 0.01 for percent).
 */
export function accumulateCoveredSum(
  acc: CoveredSum,
  coverage: Float64Array,
  values: RasterArray,
  rows: number,
  cols: number,
  rowAreaM2: Float64Array,
  nodata: number | null,
  quantity: CellQuantity,
  scale: number,
): void {
  const hasNodata = nodata !== null && !Number.isNaN(nodata);
  let sum = 0, coveredCells = 0, coveredAreaM2 = 0, nodataCells = 0;
  for (let row = 0; row < rows; row++) {
    const area = rowAreaM2[row];
    const factor = quantity === 'value' ? scale : scale * area;
    let rowSum = 0, rowCovered = 0;
    for (let i = row * cols, end = i + cols; i < end; i++) {
      const c = coverage[i];
      if (c === 0) continue;
      rowCovered += c;
      const v = values[i];
      // NaN and ±Infinity are never summed: they count as nodata (v − v is NaN for both).
      if ((hasNodata && v === nodata) || v - v !== 0) {
        nodataCells += c;
        continue;
      }
      rowSum += quantity === 'mask-times-area' ? (v !== 0 ? c : 0) : c * v;
    }
    sum += rowSum * factor;
    coveredCells += rowCovered;
    coveredAreaM2 += rowCovered * area;
  }
  acc.sum += sum;
  acc.coveredCells += coveredCells;
  acc.coveredAreaM2 += coveredAreaM2;
  acc.nodataCells += nodataCells;
}
