/**
 * A north-up raster grid: origin at the top-left corner, rows increase southwards.
 * Cell sizes are positive and in CRS units (metres for projected, degrees for geographic CRSs).
 */
export interface Grid {
  readonly originX: number;
  readonly originY: number;
  readonly cellWidth: number;
  readonly cellHeight: number;
  readonly cols: number;
  readonly rows: number;
}

/** A rectangular block of cells of a grid, in cell indices. */
export interface CellWindow {
  readonly row0: number;
  readonly col0: number;
  readonly rows: number;
  readonly cols: number;
}

/** Axis-aligned bounds in CRS units. */
export interface Bounds {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

export function toGridBounds(grid: Grid): Bounds {
  return {
    minX: grid.originX,
    maxX: grid.originX + grid.cols * grid.cellWidth,
    maxY: grid.originY,
    minY: grid.originY - grid.rows * grid.cellHeight,
  };
}

/** The cells of `grid` that `bounds` touches, clipped to the grid; null when they do not overlap. */
export function toCellWindow(grid: Grid, bounds: Bounds): CellWindow | null {
  const col0 = Math.max(0, Math.floor((bounds.minX - grid.originX) / grid.cellWidth));
  const col1 = Math.min(grid.cols, Math.ceil((bounds.maxX - grid.originX) / grid.cellWidth));
  const row0 = Math.max(0, Math.floor((grid.originY - bounds.maxY) / grid.cellHeight));
  const row1 = Math.min(grid.rows, Math.ceil((grid.originY - bounds.minY) / grid.cellHeight));
  if (col1 <= col0 || row1 <= row0) return null;
  return { row0, col0, rows: row1 - row0, cols: col1 - col0 };
}

/** True when `inner` lies wholly inside the grid's extent. */
export function isInsideGrid(grid: Grid, inner: Bounds): boolean {
  const outer = toGridBounds(grid);
  return inner.minX >= outer.minX && inner.maxX <= outer.maxX && inner.minY >= outer.minY && inner.maxY <= outer.maxY;
}

/**
 * Splits a window into row bands of at most `maxCells` cells (at least one row each). Band edges fall
 * on absolute multiples of the band height, itself a multiple of `rowAlign` (the file's block height)
 * when it can be, so that no block is decoded for two bands.
 */
export function splitIntoBands(window: CellWindow, maxCells: number, rowAlign = 1): CellWindow[] {
  let bandRows = Math.max(1, Math.floor(maxCells / Math.max(1, window.cols)));
  if (bandRows >= rowAlign) bandRows -= bandRows % rowAlign;
  const bands: CellWindow[] = [];
  const end = window.row0 + window.rows;
  for (let row = window.row0; row < end; ) {
    const next = Math.min(end, (Math.floor(row / bandRows) + 1) * bandRows);
    bands.push({ row0: row, col0: window.col0, rows: next - row, cols: window.cols });
    row = next;
  }
  return bands;
}

/** A grid's identity for reuse of per-grid work (coverage fractions). */
export function toGridKey(grid: Grid, crsKey: string): string {
  return [crsKey, grid.originX, grid.originY, grid.cellWidth, grid.cellHeight, grid.cols, grid.rows].join('|');
}
