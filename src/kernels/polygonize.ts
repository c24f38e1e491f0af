/**
 * Raster regions → polygons: the outline of the cells of each label, traced along cell edges.
 * Every boundary edge is directed with its region on the left (counter-clockwise in map
 * orientation); rings follow edges, turning left first at a vertex shared by two diagonal cells, so
 * diagonal neighbours become separate parts touching at a point (valid, never self-crossing); a ring
 * that comes back to a corner is split there into an outer ring and a hole touching it at that point.
 * Outer rings are counter-clockwise, holes clockwise; each hole goes to the innermost outer ring around it.
 * Coordinates are cell corners: x = column, y = row (rows grow downwards).
 */

import { computeRingSignedArea, computeRingsBox } from '../core/ring.js';
import { isPointInRings } from './point-in-polygon.js';

/** One polygon: outer ring, then holes; each ring closed, as interleaved corner coordinates. */
export type CornerPolygon = Float64Array[];

/** Direction codes: 0 east, 1 north, 2 west, 3 south (north = decreasing row). */
const DC = [1, 0, -1, 0];
const DR = [0, -1, 0, 1];

/** Area in map orientation (rows grow downwards, so the shoelace sign flips): counter-clockwise on the map is positive. */
const signedAreaCorners = (ring: Float64Array): number => -computeRingSignedArea(ring);

/**
 * A closed ring that passes a corner twice (a region pinched at a saddle, e.g. a hole touching its own
 * shell) as simple loops, each closed: an outer ring and a hole touching at a point, both valid
 * (OGC simple features), where one self-touching ring is not.
 */
function splitAtRepeatedCorners(closed: readonly number[]): Float64Array[] {
  const loops: Float64Array[] = [];
  const stack: number[] = [];
  const depth = new Map<string, number>();
  for (let i = 0; i < closed.length; i += 2) {
    const key = `${closed[i]},${closed[i + 1]}`;
    const seen = depth.get(key);
    if (seen !== undefined) {
      const loop = stack.splice(seen);
      for (let k = 2; k < loop.length; k += 2) depth.delete(`${loop[k]},${loop[k + 1]}`);
      loops.push(Float64Array.from([...loop, closed[i], closed[i + 1]]));
    }
    depth.set(key, stack.length);
    stack.push(closed[i], closed[i + 1]);
  }
  return loops;
}

/** Traces the polygons of labels 1..count; result[k - 1] holds the polygons of label k. */
export function computeLabelPolygons(labels: Int32Array, rows: number, cols: number, count: number): CornerPolygon[][] {
  const width = cols + 1;
  // Per label: outgoing boundary edges keyed by start corner (corner index * 4 + direction).
  const edges: Map<number, number>[] = Array.from({ length: count + 1 }, () => new Map());
  const at = (r: number, c: number) => (r < 0 || r >= rows || c < 0 || c >= cols ? 0 : labels[r * cols + c]);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const id = labels[r * cols + c];
      if (id === 0) continue;
      const m = edges[id];
      // Region on the left of each edge: bottom edge eastwards, right edge northwards, top westwards, left southwards.
      if (at(r + 1, c) !== id) m.set(((r + 1) * width + c) * 4 + 0, 1);
      if (at(r, c + 1) !== id) m.set(((r + 1) * width + c + 1) * 4 + 1, 1);
      if (at(r - 1, c) !== id) m.set((r * width + c + 1) * 4 + 2, 1);
      if (at(r, c - 1) !== id) m.set((r * width + c) * 4 + 3, 1);
    }
  }
  const result: CornerPolygon[][] = [];
  for (let id = 1; id <= count; id++) {
    const m = edges[id];
    const rings: Float64Array[] = [];
    for (const key of m.keys()) {
      if (m.get(key) !== 1) continue;
      const points: number[] = [];
      const start = Math.floor(key / 4);
      let corner = start;
      let dir = key % 4;
      let previousDir = -1;
      for (;;) {
        m.set(corner * 4 + dir, 0);
        if (dir !== previousDir) points.push(corner % width, Math.floor(corner / width)); // keep only turns
        previousDir = dir;
        corner = (Math.floor(corner / width) + DR[dir]) * width + (corner % width) + DC[dir];
        if (corner === start) break;
        // Left turn first, then straight, then right: diagonal neighbours stay separate rings.
        const next = [(dir + 1) % 4, dir, (dir + 3) % 4].find((d) => m.get(corner * 4 + d) === 1);
        if (next === undefined) break;
        dir = next;
      }
      // The start corner is redundant when it lies inside a straight run.
      if (points.length > 4 && dir === key % 4) points.splice(0, 2);
      points.push(points[0], points[1]);
      rings.push(...splitAtRepeatedCorners(points));
    }
    const areas = rings.map(signedAreaCorners);
    const outerRings = rings.filter((_, k) => areas[k] > 0);
    const outerAreas = areas.filter((area) => area > 0);
    const outerBoxes = outerRings.map((ring) => computeRingsBox([ring]));
    const outers = outerRings.map((ring) => [ring]);
    for (const hole of rings.filter((_, k) => areas[k] < 0)) {
      // A point surely inside the hole: the centre of the cell to the right of its first edge.
      const x0 = hole[0], y0 = hole[1], x1 = hole[2], y1 = hole[3];
      const dx = Math.sign(x1 - x0), dy = Math.sign(y1 - y0);
      const px = x0 + dx * 0.5 - dy * 0.5;
      const py = y0 + dy * 0.5 + dx * 0.5;
      // The innermost outer ring around it (an island in a hole can have holes of its own).
      let owner = -1;
      for (let k = 0; k < outers.length; k++) {
        const box = outerBoxes[k];
        if (owner >= 0 && outerAreas[k] >= outerAreas[owner]) continue;
        if (px < box.minX || px > box.maxX || py < box.minY || py > box.maxY) continue;
        if (isPointInRings([{ xy: outerRings[k], isHole: false }], px, py)) owner = k;
      }
      outers[Math.max(0, owner)].push(hole);
    }
    result.push(outers);
  }
  return result;
}
