/**
 * Who is served by public transport (docs/methods.md §9): within 500 m of a low-capacity stop or 1 km of a
 * high-capacity stop, along the street network (multi-source Dijkstra from the snapped stops) or as
 * the crow flies. A point is served when its distance is ≤ the threshold (inclusive). Both stops and
 * query points are snapped to the nearest street within `maxSnapM`; farther ones are not served and
 * are counted. The walk from a point to its street (the snap offset) counts unless told otherwise.
 */
import Flatbush from 'flatbush';
import type { Capacity } from '../core/transit.js';
import type { ProgressReport } from '../core/inputs.js';
import { buildNetwork, computeNodeDistances, type Network } from '../kernels/network.js';
import { buildSegmentIndex, toNetworkSegments, type SegmentIndex } from '../kernels/snap.js';

export interface ProjectedStop {
  readonly x: number;
  readonly y: number;
  readonly capacity: Capacity;
  readonly station: string;
}

export interface AccessThresholds {
  readonly lowM: number;
  readonly highM: number;
}

export interface Served {
  readonly low: boolean;
  readonly high: boolean;
}

export interface AccessModel {
  served(x: number, y: number): Served;
  /** Stops farther than the snap distance from any street (network mode). */
  readonly stopsNotSnapped: number;
  /** Query points farther than the snap distance from any street. */
  pointsNotSnapped(): number;
}

export function buildEuclideanAccess(stops: readonly ProjectedStop[], thresholds: AccessThresholds): AccessModel {
  const indexOf = (capacity: Capacity) => {
    const chosen = stops.filter((s) => s.capacity === capacity);
    if (chosen.length === 0) return null;
    const index = new Flatbush(chosen.length);
    for (const s of chosen) index.add(s.x, s.y, s.x, s.y);
    index.finish();
    return index;
  };
  const low = indexOf('low');
  const high = indexOf('high');
  return {
    served: (x, y) => ({
      low: low !== null && low.neighbors(x, y, 1, thresholds.lowM).length > 0,
      high: high !== null && high.neighbors(x, y, 1, thresholds.highM).length > 0,
    }),
    stopsNotSnapped: 0,
    pointsNotSnapped: () => 0,
  };
}

interface ClassRouting {
  readonly thresholdM: number;
  readonly nodeDistance: Float64Array;
  /** Stops lying on each edge: along-edge position and their own snap offset. */
  readonly onEdge: Map<number, { along: number; offset: number }[]>;
}

function routeClass(network: Network, index: SegmentIndex, stops: readonly ProjectedStop[], capacity: Capacity, thresholdM: number, maxSnapM: number, countOffset: boolean, progress?: ProgressReport): { routing: ClassRouting; unsnapped: number } {
  const nodes: number[] = [];
  const distances: number[] = [];
  const onEdge = new Map<number, { along: number; offset: number }[]>();
  let unsnapped = 0;
  for (const stop of stops) {
    if (stop.capacity !== capacity) continue;
    const snap = index.nearest(stop.x, stop.y, maxSnapM);
    if (!snap) {
      unsnapped++;
      continue;
    }
    const offset = countOffset ? snap.offset : 0;
    nodes.push(network.edgeFrom[snap.edge], network.edgeTo[snap.edge]);
    distances.push(snap.along + offset, network.edgeLength[snap.edge] - snap.along + offset);
    const list = onEdge.get(snap.edge) ?? [];
    list.push({ along: snap.along, offset });
    onEdge.set(snap.edge, list);
  }
  const nodeDistance = computeNodeDistances(network, Int32Array.from(nodes), Float64Array.from(distances), thresholdM, (settled) => progress?.(`network: shortest walks, ${capacity} threshold (nodes settled of at most)`, settled, network.nodeCount));
  return { routing: { thresholdM, nodeDistance, onEdge }, unsnapped };
}

/** `progress` hears the stages (graph, index, one Dijkstra per capacity class) and the nodes each Dijkstra settles. */
export function buildNetworkAccess(lines: readonly Float64Array[], stops: readonly ProjectedStop[], thresholds: AccessThresholds, maxSnapM: number, countOffset: boolean, progress?: ProgressReport): AccessModel & { readonly network: Network } {
  const stage = (done: number) => progress?.('network: graph, snapping index, shortest walks', done, 4);
  stage(0);
  const network = buildNetwork(lines);
  stage(1);
  const index = buildSegmentIndex(toNetworkSegments(network));
  stage(2);
  const low = routeClass(network, index, stops, 'low', thresholds.lowM, maxSnapM, countOffset, progress);
  stage(3);
  const high = routeClass(network, index, stops, 'high', thresholds.highM, maxSnapM, countOffset, progress);
  stage(4);
  let pointsNotSnapped = 0;
  const distanceTo = (routing: ClassRouting, edge: number, along: number, offset: number): number => {
    const { nodeDistance, onEdge } = routing;
    let d = Math.min(nodeDistance[network.edgeFrom[edge]] + along, nodeDistance[network.edgeTo[edge]] + network.edgeLength[edge] - along);
    for (const stop of onEdge.get(edge) ?? []) d = Math.min(d, Math.abs(along - stop.along) + stop.offset);
    return d + offset;
  };
  return {
    network,
    served(x, y) {
      const snap = index.nearest(x, y, maxSnapM);
      if (!snap) {
        pointsNotSnapped++;
        return { low: false, high: false };
      }
      const offset = countOffset ? snap.offset : 0;
      return {
        low: distanceTo(low.routing, snap.edge, snap.along, offset) <= thresholds.lowM,
        high: distanceTo(high.routing, snap.edge, snap.along, offset) <= thresholds.highM,
      };
    },
    stopsNotSnapped: low.unsnapped + high.unsnapped,
    pointsNotSnapped: () => pointsNotSnapped,
  };
}
