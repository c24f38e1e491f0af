/**
 * Circular-window focal sums on a row-major grid: for every cell, the sum of `values` over the cells
 * whose centres lie within `radiusCells` of its centre (dx² + dy² ≤ r², or < r² when strict).
 * Row prefix sums make each window row one subtraction: O(cells × window rows).
 */

/** Half-widths of the window rows dy = −R..R (in cells), for an inclusive or strict radius. */
export function computeChordHalfWidths(radiusCells: number, strict: boolean): Int32Array {
  const reach = Math.floor(radiusCells);
  const halfWidths = new Int32Array(2 * reach + 1);
  const r2 = radiusCells * radiusCells;
  for (let dy = -reach; dy <= reach; dy++) {
    let w = Math.floor(Math.sqrt(Math.max(0, r2 - dy * dy)));
    while (w >= 0 && (strict ? w * w + dy * dy >= r2 : w * w + dy * dy > r2)) w--;
    halfWidths[dy + reach] = w;
  }
  return halfWidths;
}

/** Focal sums and the number of window cells inside the grid, per cell. */
export function computeCircularSums(values: Float64Array, rows: number, cols: number, radiusCells: number, strict = false): { sums: Float64Array; counts: Float64Array } {
  const halfWidths = computeChordHalfWidths(radiusCells, strict);
  const reach = (halfWidths.length - 1) / 2;
  const prefix = new Float64Array(rows * (cols + 1));
  for (let r = 0; r < rows; r++) {
    let running = 0;
    for (let c = 0; c < cols; c++) {
      running += values[r * cols + c];
      prefix[r * (cols + 1) + c + 1] = running;
    }
  }
  const sums = new Float64Array(rows * cols);
  const counts = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let dy = -reach; dy <= reach; dy++) {
      const rr = r + dy;
      const w = halfWidths[dy + reach];
      if (rr < 0 || rr >= rows || w < 0) continue;
      const base = rr * (cols + 1);
      for (let c = 0; c < cols; c++) {
        const c0 = c - w < 0 ? 0 : c - w;
        const c1 = c + w + 1 > cols ? cols : c + w + 1;
        sums[r * cols + c] += prefix[base + c1] - prefix[base + c0];
        counts[r * cols + c] += c1 - c0;
      }
    }
  }
  return { sums, counts };
}
