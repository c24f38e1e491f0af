/**
 * Reprojection of ring coordinates with adaptive densification: an edge that is straight in the
 * source CRS is curved in the target CRS, so it is split until the projected midpoint lies within
 * `toleranceUnits` of the projected chord (recursion depth capped). Keeps boundaries faithful when
 * zones in lon/lat are summed on a Mollweide or LAEA grid (STYLE: zones reprojected per raster).
 */
import type { PointTransform } from '../core/crs.js';

const MAX_DEPTH = 14;

function subdivide(
  transform: PointTransform,
  ax: number, ay: number, pax: number, pay: number,
  bx: number, by: number, pbx: number, pby: number,
  tolerance: number, depth: number, out: number[],
): void {
  const mx = (ax + bx) / 2;
  const my = (ay + by) / 2;
  const [pmx, pmy] = transform(mx, my);
  const deviation = Math.hypot(pmx - (pax + pbx) / 2, pmy - (pay + pby) / 2);
  if (deviation > tolerance && depth < MAX_DEPTH) {
    subdivide(transform, ax, ay, pax, pay, mx, my, pmx, pmy, tolerance, depth + 1, out);
    out.push(pmx, pmy);
    subdivide(transform, mx, my, pmx, pmy, bx, by, pbx, pby, tolerance, depth + 1, out);
  } else if (depth === 0 && deviation > tolerance / 10) {
    // Keep one midpoint on visibly curved edges, so a single long edge cannot hide a bulge.
    out.push(pmx, pmy);
  }
}

/** Projects a ring (interleaved x,y) and densifies its edges; returns the projected ring. */
export function computeDensifiedRing(xy: Float64Array, transform: PointTransform, toleranceUnits: number): Float64Array {
  const n = xy.length / 2;
  const out: number[] = [];
  let [pax, pay] = transform(xy[0], xy[1]);
  out.push(pax, pay);
  for (let i = 1; i < n; i++) {
    const ax = xy[2 * i - 2];
    const ay = xy[2 * i - 1];
    const bx = xy[2 * i];
    const by = xy[2 * i + 1];
    const [pbx, pby] = transform(bx, by);
    subdivide(transform, ax, ay, pax, pay, bx, by, pbx, pby, toleranceUnits, 0, out);
    out.push(pbx, pby);
    pax = pbx;
    pay = pby;
  }
  for (const v of out) {
    if (!Number.isFinite(v)) throw new RangeError('non-finite coordinate after reprojection');
  }
  return Float64Array.from(out);
}
