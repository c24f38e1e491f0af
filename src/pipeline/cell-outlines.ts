/**
 * Outlines of raster regions (kernels/polygonize) for files: corner coordinates → the grid's CRS →
 * the output CRS, densified (cell edges are straight in the grid CRS, curved in lon/lat); the GeoJSON
 * writer rounds them to about 1 mm so files stay small and byte-stable. Used for degurba centres and clusters and for the
 * 11.2.1 / 11.7.1 service areas.
 */
import { toPointTransform, type Crs } from '../core/crs.js';
import type { Grid } from '../core/grid.js';
import { computeDensifiedRing } from '../kernels/densify.js';
import type { CornerPolygon } from '../kernels/polygonize.js';

/** A traced ring's corners (column, row) as coordinates of the grid's CRS. */
export function toGridRing(corners: Float64Array, grid: Grid): Float64Array {
  const xy = new Float64Array(corners.length);
  for (let i = 0; i < corners.length; i += 2) {
    xy[i] = grid.originX + corners[i] * grid.cellWidth;
    xy[i + 1] = grid.originY - corners[i + 1] * grid.cellHeight;
  }
  return xy;
}

/** One region's polygons as GeoJSON MultiPolygon coordinates in `outputCrs` (~1 cm densified). */
export function toOutlineCoordinates(polygons: readonly CornerPolygon[], grid: Grid, gridCrs: Crs, outputCrs: Crs): number[][][][] {
  const transform = toPointTransform(gridCrs, outputCrs);
  const tolerance = outputCrs.geographic ? 1e-7 : 0.01;
  return polygons.map((rings) => rings.map((corners) => {
    const gridXy = toGridRing(corners, grid);
    const xy = transform ? computeDensifiedRing(gridXy, transform, tolerance) : gridXy;
    const positions: number[][] = [];
    for (let i = 0; i < xy.length; i += 2) positions.push([xy[i], xy[i + 1]]);
    return positions;
  }));
}
