/**
 * Snapping points to the nearest point of the nearest segment (a Flatbush index of segment boxes,
 * then exact point-to-segment distances), within a maximum distance: stops and homes onto streets
 * (11.2.1, 11.7.1), homes onto the edges of open spaces (11.7.1 Euclidean access).
 */
import Flatbush from 'flatbush';
import type { Network } from './network.js';

/** The first square searched around a point (metres): a street within it is found in one search. */
const FIRST_SNAP_RADIUS_M = 50;

export interface Snap {
  /** Index of the segment (the network edge). */
  readonly edge: number;
  /** Distance along the segment from its first end (the edge's `edgeFrom` node), metres. */
  readonly along: number;
  /** Straight-line distance from the point to the segment, metres. */
  readonly offset: number;
}

export interface SegmentIndex {
  nearest(x: number, y: number, maxDistanceM: number): Snap | null;
}

/** The edges of a network as segments (ax, ay, bx, by per edge, from `edgeFrom` to `edgeTo`). */
export function toNetworkSegments(network: Network): Float64Array {
  const { edgeFrom, edgeTo, x, y } = network;
  const segments = new Float64Array(4 * edgeFrom.length);
  for (let e = 0; e < edgeFrom.length; e++) {
    segments[4 * e] = x[edgeFrom[e]];
    segments[4 * e + 1] = y[edgeFrom[e]];
    segments[4 * e + 2] = x[edgeTo[e]];
    segments[4 * e + 3] = y[edgeTo[e]];
  }
  return segments;
}

/** An index over segments given as interleaved end points: ax, ay, bx, by per segment. */
export function buildSegmentIndex(segments: Float64Array): SegmentIndex {
  const count = segments.length / 4;
  const index = new Flatbush(Math.max(1, count));
  for (let e = 0; e < count; e++) {
    const ax = segments[4 * e], ay = segments[4 * e + 1], bx = segments[4 * e + 2], by = segments[4 * e + 3];
    index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
  }
  if (count === 0) index.add(0, 0, 0, 0);
  index.finish();
  // The search in progress: the point, the distance limit and the best segment so far (one search at a
  // time; kept here so that a search allocates nothing, for the hundreds of thousands of cells snapped).
  let qx = 0, qy = 0, limit = 0, best = -1, bestT = 0, bestOffset = Infinity;
  /** Segment e against the best so far: the point of it nearest (qx, qy) (its position t, 0–1) and the distance to it. */
  const visit = (e: number): boolean => {
    const ax = segments[4 * e], ay = segments[4 * e + 1];
    const dx = segments[4 * e + 2] - ax, dy = segments[4 * e + 3] - ay;
    const length2 = dx * dx + dy * dy;
    const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((qx - ax) * dx + (qy - ay) * dy) / length2));
    const ox = qx - (ax + t * dx), oy = qy - (ay + t * dy);
    const offset = Math.sqrt(ox * ox + oy * oy);
    if (offset > limit || offset > bestOffset || (offset === bestOffset && e > best)) return false;
    best = e;
    bestT = t;
    bestOffset = offset;
    return false; // nothing collected
  };
  return {
    nearest(px, py, maxDistanceM) {
      if (count === 0) return null;
      qx = px;
      qy = py;
      limit = maxDistanceM;
      best = -1;
      bestT = 0;
      bestOffset = Infinity;
      // Box searches in growing squares (no priority queue): box distance never exceeds the segment
      // distance, so a segment nearer than r has its box inside the square of radius r, and a best
      // found within r is the nearest.
      for (let r = Math.min(FIRST_SNAP_RADIUS_M, maxDistanceM); ; r = Math.min(4 * r, maxDistanceM)) {
        index.search(px - r, py - r, px + r, py + r, visit);
        if ((best >= 0 && bestOffset <= r) || r >= maxDistanceM) break;
      }
      if (best < 0) return null;
      const dx = segments[4 * best + 2] - segments[4 * best], dy = segments[4 * best + 3] - segments[4 * best + 1];
      return { edge: best, along: bestT * Math.sqrt(dx * dx + dy * dy), offset: bestOffset };
    },
  };
}
