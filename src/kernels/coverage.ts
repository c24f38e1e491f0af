/**
 * Exact fraction of each raster cell covered by a polygon (docs/methods.md §6.1, the quantity exactextract
 * computes), by a column-sweep formulation of the same idea:
 *
 *   area(P ∩ cell) = Σ over ring edges of  ±∫ (clamp(y(x), y0, y1) − y0) dx   over the cell's columns,
 *
 * because along any vertical line the polygon's extent inside [y0, y1] is a signed sum over the edges
 * crossing it. An edge contributes exactly (a trapezoid integral) to the cells it passes through, and
 * the full cell height to every cell below it in the same column. That constant is carried down the
 * column with a difference array and a prefix sum — this replaces exactextract's flood fill of
 * untouched cells, with the same result and no point-in-polygon tests.
 *
 * Sign: an edge running right-to-left adds, left-to-right subtracts; each ring's orientation is
 * normalised so outer rings add area and holes remove it, whatever the input winding or start vertex.
 * Works on any window of the grid, so large zones are processed in bounded row bands.
 */
import { computeRingSignedArea } from '../core/ring.js';
import type { Ring } from '../core/zones.js';

export type { Ring };
export { computeRingSignedArea };

/** A window of a north-up grid, in CRS units: left edge, top edge, cell size, shape. */
export interface CoverageWindow {
  readonly xMin: number;
  readonly yMax: number;
  readonly cellWidth: number;
  readonly cellHeight: number;
  readonly rows: number;
  readonly cols: number;
}


/** Area of a polygon given as rings (holes subtract), in squared CRS units. */
export function computePolygonArea(rings: readonly Ring[]): number {
  let area = 0;
  for (const ring of rings) {
    const a = Math.abs(computeRingSignedArea(ring.xy));
    area += ring.isHole ? -a : a;
  }
  return area;
}

/**
 * ∫ (clamp(y, y0, y1) − y0) dx along a straight piece of length `dx` whose y runs linearly from
 * `ya` to `yb`. Exact: the integrand is piecewise linear with kinks where y crosses y0 or y1.
 */
function integrateClampedHeight(dx: number, ya: number, yb: number, y0: number, y1: number): number {
  const h = y1 - y0;
  if (ya >= y1 && yb >= y1) return dx * h;
  if (ya <= y0 && yb <= y0) return 0;
  const ga = ya <= y0 ? 0 : ya >= y1 ? h : ya - y0;
  const gb = yb <= y0 ? 0 : yb >= y1 ? h : yb - y0;
  if (ya === yb) return dx * ga;
  // Breakpoints (as fractions of the piece) where y crosses y0 or y1, in order along the piece.
  const dy = yb - ya;
  let t0 = (y0 - ya) / dy;
  let t1 = (y1 - ya) / dy;
  if (t0 > t1) {
    const t = t0;
    t0 = t1;
    t1 = t;
  }
  // g at the breakpoints: y0 → 0, y1 → h; whichever comes first along the piece.
  const gAtT0 = dy > 0 ? 0 : h;
  const gAtT1 = dy > 0 ? h : 0;
  let total = 0;
  let tPrev = 0;
  let gPrev = ga;
  if (t0 > 0 && t0 < 1) {
    total += (t0 - tPrev) * (gPrev + gAtT0);
    tPrev = t0;
    gPrev = gAtT0;
  }
  if (t1 > 0 && t1 < 1) {
    total += (t1 - tPrev) * (gPrev + gAtT1);
    tPrev = t1;
    gPrev = gAtT1;
  }
  total += (1 - tPrev) * (gPrev + gb);
  return (total * dx) / 2;
}

/**
 * Adds the area (squared CRS units) that `ring` covers in each cell of `window` to `areaOut`
 * (row-major, `rows × cols`), and the constant carried to the cells below each edge to `carryOut`
 * (same shape; an entry applies to its cell and all cells below it in the column).
 */
function accumulateRing(ring: Ring, window: CoverageWindow, areaOut: Float64Array, carryOut: Float64Array): void {
  const { xy } = ring;
  let n = xy.length / 2;
  if (n < 3) return;
  if (xy[0] === xy[2 * n - 2] && xy[1] === xy[2 * n - 1]) n -= 1;
  const orientation = computeRingSignedArea(xy) >= 0 ? 1 : -1;
  const ringSign = ring.isHole ? -orientation : orientation;
  const { xMin, yMax, cellWidth: cw, cellHeight: ch, rows, cols } = window;
  const xMax = xMin + cols * cw;
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    const xa = xy[2 * i];
    const ya = xy[2 * i + 1];
    const xb = xy[2 * j];
    const yb = xy[2 * j + 1];
    if (xa === xb) continue; // vertical edges enclose no area under them
    // Right-to-left edges add (they bound the polygon from above when it winds counter-clockwise).
    const sign = xa > xb ? ringSign : -ringSign;
    const leftX = xa < xb ? xa : xb;
    const leftY = xa < xb ? ya : yb;
    const rightX = xa < xb ? xb : xa;
    const rightY = xa < xb ? yb : ya;
    if (rightX <= xMin || leftX >= xMax) continue;
    const slope = (rightY - leftY) / (rightX - leftX);
    const colFirst = Math.max(0, Math.floor((leftX - xMin) / cw));
    const colLast = Math.min(cols - 1, Math.ceil((rightX - xMin) / cw) - 1);
    for (let col = colFirst; col <= colLast; col++) {
      const cellLeft = xMin + col * cw;
      const xs = leftX > cellLeft ? leftX : cellLeft;
      const cellRight = cellLeft + cw;
      const xe = rightX < cellRight ? rightX : cellRight;
      const dx = xe - xs;
      if (dx <= 0) continue;
      const ys = xs === leftX ? leftY : leftY + slope * (xs - leftX);
      const ye = xe === rightX ? rightY : leftY + slope * (xe - leftX);
      const yHigh = ys > ye ? ys : ye;
      const yLow = ys > ye ? ye : ys;
      const rowTop = Math.floor((yMax - yHigh) / ch);
      const rowBottom = Math.floor((yMax - yLow) / ch);
      if (rowTop >= rows) continue; // wholly below the window: clamps to nothing
      const rowFirst = rowTop < 0 ? 0 : rowTop;
      const rowLast = rowBottom < rows ? rowBottom : rows - 1;
      for (let row = rowFirst; row <= rowLast; row++) {
        const cellTop = yMax - row * ch;
        areaOut[row * cols + col] += sign * integrateClampedHeight(dx, ys, ye, cellTop - ch, cellTop);
      }
      const below = rowLast < 0 ? 0 : rowLast + 1; // an edge above the window covers whole columns
      if (below < rows) carryOut[below * cols + col] += sign * dx * ch;
    }
  }
}

/**
 * Covered fraction (0–1) of each cell of `window` by the polygon(s) made of `rings`, written to
 * `fractionOut` (row-major, rows × cols). Parts of a multipolygon are passed together; valid parts
 * do not overlap, and the sum is clamped to [0, 1]. `carryScratch` is a work buffer of the same size.
 * `spansOut` (2 × rows), when given, receives each row's first covered column and one past its last
 * (0, 0 for a row the polygon does not cover), so that sums can skip the cells outside.
 */
export function computeCoverageFractions(
  rings: readonly Ring[],
  window: CoverageWindow,
  fractionOut: Float64Array,
  carryScratch: Float64Array,
  spansOut?: Int32Array,
): void {
  const cells = window.rows * window.cols;
  fractionOut.fill(0, 0, cells);
  carryScratch.fill(0, 0, cells);
  for (const ring of rings) accumulateRing(ring, window, fractionOut, carryScratch);
  const cellArea = window.cellWidth * window.cellHeight;
  const { rows, cols } = window;
  // Each column's carry, summed down the column; row by row, so that memory is read in order.
  if (carried.length < cols) carried = new Float64Array(cols);
  carried.fill(0, 0, cols);
  for (let row = 0, i = 0; row < rows; row++) {
    let first = cols;
    let last = -1;
    for (let col = 0; col < cols; col++, i++) {
      const down = carried[col] + carryScratch[i];
      carried[col] = down;
      // Outside the polygon and wholly inside it, the covered area is often exactly 0 or the cell's: no division.
      const covered = fractionOut[i] + down;
      const fraction = covered === 0 ? 0 : covered === cellArea ? 1 : covered / cellArea;
      // Rounding leaves ±1e-16 residues in cells the polygon only grazes.
      const clamped = fraction <= 1e-12 ? 0 : fraction >= 1 - 1e-12 ? 1 : fraction;
      fractionOut[i] = clamped;
      if (clamped !== 0) {
        if (first === cols) first = col;
        last = col;
      }
    }
    if (spansOut) {
      spansOut[2 * row] = last < 0 ? 0 : first;
      spansOut[2 * row + 1] = last + 1;
    }
  }
}

/** The running carry of each column (grown as windows widen). */
let carried = new Float64Array(0);
