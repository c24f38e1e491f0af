/**
 * Snapping points to the nearest point of the nearest street segment (a Flatbush index of segment
 * boxes, then exact point-to-segment distances), within a maximum snap distance.
 */
import Flatbush from 'flatbush';
import type { Network } from './network.js';

export interface Snap {
  readonly edge: number;
  /** Distance along the edge from its `edgeFrom` node, metres. */
  readonly along: number;
  /** Straight-line distance from the point to the street, metres. */
  readonly offset: number;
}

export interface SegmentIndex {
  nearest(x: number, y: number, maxDistanceM: number): Snap | null;
}

export function buildSegmentIndex(network: Network): SegmentIndex {
  const { edgeFrom, edgeTo, x, y, edgeLength } = network;
  const count = edgeFrom.length;
  const index = new Flatbush(Math.max(1, count));
  for (let e = 0; e < count; e++) {
    const a = edgeFrom[e], b = edgeTo[e];
    index.add(Math.min(x[a], x[b]), Math.min(y[a], y[b]), Math.max(x[a], x[b]), Math.max(y[a], y[b]));
  }
  if (count === 0) index.add(0, 0, 0, 0);
  index.finish();
  const project = (e: number, px: number, py: number): { along: number; offset: number } => {
    const a = edgeFrom[e], b = edgeTo[e];
    const dx = x[b] - x[a], dy = y[b] - y[a];
    const length2 = dx * dx + dy * dy;
    const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x[a]) * dx + (py - y[a]) * dy) / length2));
    return { along: t * edgeLength[e], offset: Math.hypot(px - (x[a] + t * dx), py - (y[a] + t * dy)) };
  };
  return {
    nearest(px, py, maxDistanceM) {
      if (count === 0) return null;
      // Box distance never exceeds the segment distance: a first guess, then every box within it.
      let best: Snap | null = null;
      const consider = (e: number) => {
        const p = project(e, px, py);
        if (p.offset <= maxDistanceM && (!best || p.offset < best.offset || (p.offset === best.offset && e < best.edge))) best = { edge: e, ...p };
      };
      for (const e of index.neighbors(px, py, 1, maxDistanceM)) consider(e);
      const bound = best ? (best as Snap).offset : maxDistanceM;
      for (const e of index.neighbors(px, py, Infinity, bound)) consider(e);
      return best;
    },
  };
}
