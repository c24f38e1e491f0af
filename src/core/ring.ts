/** Ring arithmetic shared by validation (io) and the coverage kernel. */

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
