/**
 * Cell areas in square metres. Projected equal-area grids have one constant cell area; geographic
 * (longitude/latitude) grids need the area of each row on the ellipsoid (docs/methods.md §5, §10.4), which
 * shrinks towards the poles — a constant would overstate high-latitude areas.
 */
import type { Grid } from './grid.js';

/** WGS 84 semi-major axis (m) and flattening. */
const WGS84_A_M = 6378137;
const WGS84_F = 1 / 298.257223563;

export interface Ellipsoid {
  readonly semiMajorM: number;
  readonly flattening: number;
}

export const WGS84: Ellipsoid = { semiMajorM: WGS84_A_M, flattening: WGS84_F };

/**
 * Authalic latitude function q(φ) (Snyder, Map Projections — A Working Manual, eq. 3-12) times b²/2:
 * the area between the equator and latitude φ per radian of longitude is (b²/2)·q(φ).
 */
function toAuthalicArea(latRad: number, e: number): number {
  const s = Math.sin(latRad);
  const es = e * s;
  return s / (1 - es * es) + (1 / (2 * e)) * Math.log((1 + es) / (1 - es));
}

/** Area in m² of a lon/lat cell between two latitudes (degrees) spanning `lonWidthDeg` degrees. */
export function computeEllipsoidalCellAreaM2(latSouthDeg: number, latNorthDeg: number, lonWidthDeg: number, ellipsoid: Ellipsoid = WGS84): number {
  const f = ellipsoid.flattening;
  const a = ellipsoid.semiMajorM;
  const b = a * (1 - f);
  const e = Math.sqrt(f * (2 - f));
  const toRad = Math.PI / 180;
  const band = toAuthalicArea(latNorthDeg * toRad, e) - toAuthalicArea(latSouthDeg * toRad, e);
  return Math.abs((b * b) / 2 * band * lonWidthDeg * toRad);
}

/**
 * Area of one cell of each row, in m². `metresPerUnit` scales projected units to metres (1 for metres);
 * for geographic grids, each row gets its ellipsoidal area.
 */
export function computeRowCellAreasM2(grid: Grid, geographic: boolean, metresPerUnit = 1, ellipsoid: Ellipsoid = WGS84): Float64Array {
  const areas = new Float64Array(grid.rows);
  if (!geographic) {
    areas.fill(grid.cellWidth * metresPerUnit * grid.cellHeight * metresPerUnit);
    return areas;
  }
  for (let row = 0; row < grid.rows; row++) {
    const north = grid.originY - row * grid.cellHeight;
    const south = north - grid.cellHeight;
    areas[row] = computeEllipsoidalCellAreaM2(Math.max(-90, south), Math.min(90, north), grid.cellWidth, ellipsoid);
  }
  return areas;
}
