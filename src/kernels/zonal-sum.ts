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
 * Adds a band's covered cells to `acc` (Σ c and Σ c·area, the same for every layer of a grid, so
 * computed once per band): `coverage` row-major `rows × cols`, each row's covered columns in
 * `rowSpans` (kernels/coverage.ts), `rowAreaM2[r]` the area of a cell of band row r.
 */
export function accumulateCoveredCells(acc: CoveredSum, coverage: Float64Array, rowSpans: Int32Array, rows: number, cols: number, rowAreaM2: Float64Array): void {
  let coveredCells = 0, coveredAreaM2 = 0;
  for (let row = 0; row < rows; row++) {
    let rowCovered = 0;
    for (let i = row * cols + rowSpans[2 * row], end = row * cols + rowSpans[2 * row + 1]; i < end; i++) rowCovered += coverage[i];
    coveredCells += rowCovered;
    coveredAreaM2 += rowCovered * rowAreaM2[row];
  }
  acc.coveredCells += coveredCells;
  acc.coveredAreaM2 += coveredAreaM2;
}

/**
 * Adds one band of cells to `acc.sum` and `acc.nodataCells` (the covered cells: accumulateCoveredCells).
 * `coverage` is row-major `rows × cols`; the cell values are `parts` (core/raster.ts: the blocks the
 * band covers, in any order, or the whole band as one part), read where they lie. Each band row is
 * summed left to right across its parts, so the result does not depend on how the raster is cut into
 * blocks or tiles. `rowSpans` (kernels/coverage.ts): each row's covered columns [first, end); cells
 * outside are not visited, and blocks without covered cells need not be among the parts (a cell of
 * coverage 0 inside a span adds 0). `rowAreaM2[r]` is the area of a cell of band row r; `scale`
 * multiplies each value (e.g. 0.01 for percent). The loops are written out per kind of cell (mask,
 * integer, floating point) so that each stays small: integers cannot be NaN or infinite.
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
  // NaN never equals a value: with no nodata (or a NaN one) only the NaN test below applies.
  const noValue = nodata === null ? Number.NaN : nodata;
  const isMask = quantity === 'mask-times-area';
  let sum = 0, nodataCells = 0;
  // Stripes of rows that the same parts cover (a row of blocks; tiles of a mosaic may cut it again),
  // each stripe's parts left to right.
  const cuts = [...new Set([0, rows, ...parts.flatMap((p) => [p.row0, p.row0 + p.rows])])].filter((r) => r >= 0 && r <= rows).sort((a, b) => a - b);
  for (let k = 0; k + 1 < cuts.length; k++) {
    const stripe = parts.filter((p) => p.row0 <= cuts[k] && cuts[k] < p.row0 + p.rows).sort((a, b) => a.col0 - b.col0);
    for (let row = cuts[k]; row < cuts[k + 1]; row++) {
      const factor = quantity === 'value' ? scale : scale * rowAreaM2[row];
      let rowSum = 0;
      const spanStart = rowSpans[2 * row];
      const spanEnd = rowSpans[2 * row + 1];
      for (const { values, cellStride, col0, cols: partCols, offset, rowStride, row0 } of stripe) {
        // The part's columns that the row's span covers.
        const c0 = spanStart > col0 ? spanStart - col0 : 0;
        const c1 = Math.min(partCols, spanEnd - col0);
        let at = offset + (row - row0) * rowStride + c0 * cellStride;
        const end = row * cols + col0 + c1;
        const isInteger = !(values instanceof Float32Array || values instanceof Float64Array);
        // NaN and ±Infinity are never summed: they count as nodata (v − v is NaN for both).
        if (isMask) {
          for (let i = row * cols + col0 + c0; i < end; i++, at += cellStride) {
            const c = coverage[i];
            const v = values[at];
            if (v === noValue || v - v !== 0) nodataCells += c;
            else if (v !== 0) rowSum += c;
          }
        } else if (isInteger) {
          for (let i = row * cols + col0 + c0; i < end; i++, at += cellStride) {
            const c = coverage[i];
            const v = values[at];
            if (v === noValue) nodataCells += c;
            else rowSum += c * v;
          }
        } else {
          for (let i = row * cols + col0 + c0; i < end; i++, at += cellStride) {
            const c = coverage[i];
            const v = values[at];
            if (v === noValue || v - v !== 0) nodataCells += c;
            else rowSum += c * v;
          }
        }
      }
      sum += rowSum * factor;
    }
  }
  acc.sum += sum;
  acc.nodataCells += nodataCells;
}
