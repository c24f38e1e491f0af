/** Ring arithmetic shared by validation (io), the kernels and the indicators. */
import type { Bounds } from './grid.js';

/** Signed shoelace area of a ring (positive when counter-clockwise), in squared CRS units. */
export function computeRingSignedArea(xy: Float64Array): number {
  const n = xy.length / 2;
  if (n < 3) return 0;
  // Shift by the first vertex to keep the products small (precision for projected coordinates).
  const x0 = xy[0];
  const y0 = xy[1];
  let twice = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    twice += (xy[2 * i] - x0) * (xy[2 * j + 1] - y0) - (xy[2 * j] - x0) * (xy[2 * i + 1] - y0);
  }
  return twice / 2;
}

/** Centroid of the area a ring encloses (closed or open ring); its first vertex when it encloses none. */
export function computeRingCentroid(xy: Float64Array): [number, number] {
  const n = xy.length / 2;
  const x0 = xy[0];
  const y0 = xy[1];
  let twice = 0, cx = 0, cy = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const xi = xy[2 * i] - x0, yi = xy[2 * i + 1] - y0, xj = xy[2 * j] - x0, yj = xy[2 * j + 1] - y0;
    const cross = xi * yj - xj * yi;
    twice += cross;
    cx += (xi + xj) * cross;
    cy += (yi + yj) * cross;
  }
  return twice === 0 ? [x0, y0] : [x0 + cx / (3 * twice), y0 + cy / (3 * twice)];
}

/** The bounding box of rings given as interleaved x, y. */
export function computeRingsBox(rings: readonly Float64Array[]): Bounds {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i += 2) {
      if (ring[i] < minX) minX = ring[i];
      if (ring[i] > maxX) maxX = ring[i];
      if (ring[i + 1] < minY) minY = ring[i + 1];
      if (ring[i + 1] > maxY) maxY = ring[i + 1];
    }
  }
  return { minX, minY, maxX, maxY };
}
