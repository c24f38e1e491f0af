/**
 * Coverage-weighted sums (docs/methods.md §6.2: sum = Σ c·x). Each cell adds value × covered fraction ×
 * an optional per-row scale (cell area in m² when a cell holds a share or a mask); nodata cells add
 * nothing and are tallied separately so the caller can report how much of a zone had no data.
 */
import type { WindowPart } from '../core/raster.js';

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
 * Adds one band of cells to `acc`. `coverage` is row-major `rows × cols`; the cell values are `parts`
 * (core/raster.ts: the blocks the band covers, in any order, or the whole band as one part), read
 * where they lie. Each band row is summed left to right across its parts, so the result does not
 * depend on how the raster is cut into blocks or tiles. `rowSpans` (kernels/coverage.ts): each row's covered columns
 * [first, end); cells outside are not visited, and blocks without covered cells need not be among the parts. `rowAreaM2[r]` is the area of a cell of band row r;
 * `scale` multiplies each value (e.g. 0.01 for percent).
 */
export function accumulateCoveredSum(
  acc: CoveredSum,
  coverage: Float64Array,
  rowSpans: Int32Array,
  parts: readonly WindowPart[],
  rows: number,
  cols: number,
  rowAreaM2: Float64Array,
  nodata: number | null,
  quantity: CellQuantity,
  scale: number,
): void {
  const hasNodata = nodata !== null && !Number.isNaN(nodata);
  const isMask = quantity === 'mask-times-area';
  let sum = 0, coveredCells = 0, coveredAreaM2 = 0, nodataCells = 0;
  // Stripes of rows that the same parts cover (a row of blocks; tiles of a mosaic may cut it again),
  // each stripe's parts left to right.
  const cuts = [...new Set([0, rows, ...parts.flatMap((p) => [p.row0, p.row0 + p.rows])])].filter((r) => r >= 0 && r <= rows).sort((a, b) => a - b);
  for (let k = 0; k + 1 < cuts.length; k++) {
    const stripe = parts.filter((p) => p.row0 <= cuts[k] && cuts[k] < p.row0 + p.rows).sort((a, b) => a.col0 - b.col0);
    for (let row = cuts[k]; row < cuts[k + 1]; row++) {
      const area = rowAreaM2[row];
      const factor = quantity === 'value' ? scale : scale * area;
      let rowSum = 0, rowCovered = 0;
      const spanStart = rowSpans[2 * row];
      const spanEnd = rowSpans[2 * row + 1];
      for (const { values, cellStride, col0, cols: partCols, offset, rowStride, row0 } of stripe) {
        // The part's columns that the row's span covers.
        const c0 = spanStart > col0 ? spanStart - col0 : 0;
        const c1 = Math.min(partCols, spanEnd - col0);
        let at = offset + (row - row0) * rowStride + c0 * cellStride;
        for (let i = row * cols + col0 + c0, end = row * cols + col0 + c1; i < end; i++, at += cellStride) {
          const c = coverage[i];
          if (c === 0) continue;
          rowCovered += c;
          const v = values[at];
          // NaN and ±Infinity are never summed: they count as nodata (v − v is NaN for both).
          if ((hasNodata && v === nodata) || v - v !== 0) {
            nodataCells += c;
            continue;
          }
          rowSum += isMask ? (v !== 0 ? c : 0) : c * v;
        }
      }
      sum += rowSum * factor;
      coveredCells += rowCovered;
      coveredAreaM2 += rowCovered * area;
    }
  }
  acc.sum += sum;
  acc.coveredCells += coveredCells;
  acc.coveredAreaM2 += coveredAreaM2;
  acc.nodataCells += nodataCells;
}
