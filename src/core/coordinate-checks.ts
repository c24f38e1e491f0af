/**
 * Are these coordinates plausible in this CRS? A layer read in the wrong CRS gives a number with
 * no error at all (metres read as degrees put a county's zone over half the globe), so every input's
 * extent is checked against its CRS before it is used.
 */
import type { Crs } from './crs.js';

/** A little beyond the axes' ranges: rounding, and 0–360° longitudes of some global grids. */
const LON_MIN = -180.001;
const LON_MAX = 360.001;
const LAT_LIMIT = 90.001;
/** A projected layer all of whose coordinates fit in this box, within ±180/±90, is degrees mislabelled. */
const DEGREE_LIKE_SPAN = 5;

export interface Extent {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** Whether one position is outside longitude/latitude degrees. */
export function isOutsideDegrees(x: number, y: number): boolean {
  return x < LON_MIN || x > LON_MAX || y < -LAT_LIMIT || y > LAT_LIMIT;
}

/** Why the extent cannot be in `crs`, or null when it can. */
export function describeImplausibleExtent(crs: Crs, extent: Extent): string | null {
  const { minX, minY, maxX, maxY } = extent;
  if (crs.geographic) {
    if (isOutsideDegrees(minX, minY) || isOutsideDegrees(maxX, maxY)) {
      return `coordinates reach x ${Number(minX.toPrecision(7))}…${Number(maxX.toPrecision(7))}, y ${Number(minY.toPrecision(7))}…${Number(maxY.toPrecision(7))}, outside the lon/lat of ${crs.id}`;
    }
    return null;
  }
  const degreeLike = !isOutsideDegrees(minX, minY) && !isOutsideDegrees(maxX, maxY) && minX >= -180.001 && maxX <= 180.001;
  if (degreeLike && maxX - minX < DEGREE_LIKE_SPAN && maxY - minY < DEGREE_LIKE_SPAN) {
    return `coordinates span x ${Number(minX.toPrecision(5))}…${Number(maxX.toPrecision(5))}, y ${Number(minY.toPrecision(5))}…${Number(maxY.toPrecision(5))}: degrees, not ${crs.metresPerUnit === 1 ? 'metres' : 'units'} of ${crs.id}`;
  }
  return null;
}
