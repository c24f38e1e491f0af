/**
 * Polygon validity checks that matter for area sums: rings too short, zero-area rings and edges that
 * cross (a bow-tie's lobes would cancel in any signed-area method), found through an R-tree of the
 * edges' boxes: O(n log n + k) for k overlapping pairs.
 */
import Flatbush from 'flatbush';
import { orient2d } from 'robust-predicates';
import type { Ring } from './zones.js';

export type RingProblem =
  | { kind: 'too-few-points'; ring: number; points: number }
  | { kind: 'zero-area'; ring: number }
  | { kind: 'crossing'; x: number; y: number };

/** Finds a problem in a polygon's rings, or null when it is usable. */
export function findPolygonProblem(rings: readonly Ring[], computeArea: (xy: Float64Array) => number): RingProblem | null {
  const edges: number[] = []; // ax, ay, bx, by, ringIndex, edgeIndex, ringEdgeCount
  for (let r = 0; r < rings.length; r++) {
    const { xy } = rings[r];
    let n = xy.length / 2;
    if (n > 1 && xy[0] === xy[2 * n - 2] && xy[1] === xy[2 * n - 1]) n -= 1;
    if (n < 3) return { kind: 'too-few-points', ring: r, points: n };
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      edges.push(xy[2 * i], xy[2 * i + 1], xy[2 * j], xy[2 * j + 1], r, i, n);
    }
  }
  const count = edges.length / 7;
  // Only edges whose boxes overlap can cross: an R-tree of the boxes finds those pairs in
  // O(n log n + k) (a 200,000-vertex comb: well under a second; the former sweep took minutes).
  const index = new Flatbush(Math.max(1, count));
  for (let e = 0; e < count; e++) {
    const ax = edges[7 * e], ay = edges[7 * e + 1], bx = edges[7 * e + 2], by = edges[7 * e + 3];
    index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
  }
  if (count === 0) index.add(0, 0, 0, 0);
  index.finish();
  let crossing: RingProblem | null = null;
  for (let e = 0; e < count && crossing === null; e++) {
    const ax = edges[7 * e], ay = edges[7 * e + 1], bx = edges[7 * e + 2], by = edges[7 * e + 3];
    index.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by), (f) => {
      if (f <= e || crossing !== null) return false;
      const sameRing = edges[7 * e + 4] === edges[7 * f + 4];
      const gap = Math.abs(edges[7 * e + 5] - edges[7 * f + 5]);
      if (sameRing && (gap === 1 || gap === edges[7 * e + 6] - 1)) return false; // neighbours share a vertex
      const cx = edges[7 * f], cy = edges[7 * f + 1], dx = edges[7 * f + 2], dy = edges[7 * f + 3];
      // Exact signs (Shewchuk's adaptive predicates): a near-collinear vertex is never misjudged.
      const o1 = orient2d(ax, ay, bx, by, cx, cy);
      const o2 = orient2d(ax, ay, bx, by, dx, dy);
      const o3 = orient2d(cx, cy, dx, dy, ax, ay);
      const o4 = orient2d(cx, cy, dx, dy, bx, by);
      // Proper crossing only: rings may touch at a point (OGC validity), but not cross.
      if (o1 * o2 < 0 && o3 * o4 < 0) {
        const t = o3 / (o3 - o4);
        crossing = { kind: 'crossing', x: ax + t * (bx - ax), y: ay + t * (by - ay) };
      }
      return false;
    });
  }
  if (crossing) return crossing;
  // After the crossing test: a bow-tie's lobes cancel to zero area, and crossing is the better message.
  for (let r = 0; r < rings.length; r++) if (computeArea(rings[r].xy) === 0) return { kind: 'zero-area', ring: r };
  return null;
}
