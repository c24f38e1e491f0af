/**
 * A walking network on typed arrays: nodes at street vertices (shared vertices join streets), edges
 * both ways in compressed sparse rows, edge lengths in metres (planar, in a local projected CRS).
 * Connected components are labelled so that what lies on an island is reported, not misrouted.
 */
import { fillEach } from '../core/typed-array.js';
import FlatQueue from 'flatqueue';

export interface Network {
  readonly nodeCount: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** CSR adjacency: neighbours of node n are targets[offsets[n] .. offsets[n+1]). */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly weights: Float64Array;
  /** Undirected edges (for snapping): endpoints and length. */
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  readonly edgeLength: Float64Array;
  readonly component: Int32Array;
  readonly componentCount: number;
}

/** Open-addressing hash of a vertex's millimetre coordinates (integers below 2⁵³): low and high 32-bit words mixed. */
function hashVertex(x: number, y: number): number {
  const xh = Math.floor(x / 4294967296), yh = Math.floor(y / 4294967296);
  let h = Math.imul((x >>> 0) ^ Math.imul(xh, 0x27d4eb2d), 0x9e3779b1);
  h ^= Math.imul((y >>> 0) ^ Math.imul(yh, 0x165667b1), 0x85ebca6b);
  h ^= h >>> 15;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 13);
}

/**
 * Builds the network from polylines (interleaved x,y in metres) in one pass over the vertices:
 * vertices equal to the millimetre are one node, found in a typed-array hash table (nodes numbered in
 * order of first appearance; the former sort of every vertex took 0.4 s of a 2-million-vertex city).
 */
export function buildNetwork(lines: readonly Float64Array[]): Network {
  let vertexCount = 0;
  for (const line of lines) vertexCount += line.length / 2;
  let capacity = 16;
  while (capacity < 2 * vertexCount) capacity *= 2;
  const slots = new Int32Array(capacity).fill(-1);
  const nodeX = new Float64Array(vertexCount); // millimetres
  const nodeY = new Float64Array(vertexCount);
  let nodeCount = 0;
  const nodeOf = (x: number, y: number): number => {
    for (let h = hashVertex(x, y) & (capacity - 1); ; h = (h + 1) & (capacity - 1)) {
      const node = slots[h];
      if (node === -1) {
        nodeX[nodeCount] = x;
        nodeY[nodeCount] = y;
        slots[h] = nodeCount;
        return nodeCount++;
      }
      if (nodeX[node] === x && nodeY[node] === y) return node;
    }
  };
  const from = new Int32Array(vertexCount);
  const to = new Int32Array(vertexCount);
  let edgeCount = 0;
  for (const line of lines) {
    let previous = -1;
    for (let i = 0; i < line.length; i += 2) {
      const node = nodeOf(Math.round(line[i] * 1000), Math.round(line[i + 1] * 1000));
      if (previous !== -1 && previous !== node) {
        from[edgeCount] = previous;
        to[edgeCount++] = node;
      }
      previous = node;
    }
  }
  const xs = fillEach(new Float64Array(nodeCount), (i) => nodeX[i] / 1000);
  const ys = fillEach(new Float64Array(nodeCount), (i) => nodeY[i] / 1000);
  const lengths = new Float64Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) lengths[e] = Math.hypot(xs[to[e]] - xs[from[e]], ys[to[e]] - ys[from[e]]);
  const degree = new Int32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e++) {
    degree[from[e] + 1]++;
    degree[to[e] + 1]++;
  }
  const offsets = new Int32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n++) offsets[n + 1] = offsets[n] + degree[n + 1];
  const fill = offsets.slice(0, nodeCount);
  const targets = new Int32Array(2 * edgeCount);
  const weights = new Float64Array(2 * edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    targets[fill[from[e]]] = to[e];
    weights[fill[from[e]]++] = lengths[e];
    targets[fill[to[e]]] = from[e];
    weights[fill[to[e]]++] = lengths[e];
  }
  const component = new Int32Array(nodeCount).fill(-1);
  const stack = new Int32Array(nodeCount);
  let componentCount = 0;
  for (let start = 0; start < nodeCount; start++) {
    if (component[start] !== -1) continue;
    let top = 0;
    stack[top++] = start;
    component[start] = componentCount;
    while (top > 0) {
      const n = stack[--top];
      for (let k = offsets[n]; k < offsets[n + 1]; k++) {
        if (component[targets[k]] === -1) {
          component[targets[k]] = componentCount;
          stack[top++] = targets[k];
        }
      }
    }
    componentCount++;
  }
  return {
    nodeCount, x: xs, y: ys, offsets, targets, weights,
    edgeFrom: from.slice(0, edgeCount), edgeTo: to.slice(0, edgeCount), edgeLength: lengths, component, componentCount,
  };
}

/** Dijkstra reports its settled nodes every 2¹⁶ (a mask). */
const PROGRESS_EVERY_NODES = 0xffff;

/**
 * Multi-source Dijkstra with a cutoff (flatqueue binary heap, lazy deletion): shortest network
 * distance from the nearest source to every node, Infinity beyond `cutoffM`.
 */
export function computeNodeDistances(network: Network, sourceNodes: Int32Array, sourceDistances: Float64Array, cutoffM: number, onSettled?: (settledNodes: number) => void): Float64Array {
  const distance = new Float64Array(network.nodeCount).fill(Infinity);
  const queue = new FlatQueue<number>();
  for (let s = 0; s < sourceNodes.length; s++) {
    const node = sourceNodes[s];
    const d = sourceDistances[s];
    if (d <= cutoffM && d < distance[node]) {
      distance[node] = d;
      queue.push(node, d);
    }
  }
  const settled = new Uint8Array(network.nodeCount);
  const { offsets, targets, weights } = network;
  let count = 0;
  while (queue.length > 0) {
    const key = queue.peekValue() as number;
    const node = queue.pop() as number;
    if (settled[node] || key > distance[node]) continue;
    settled[node] = 1;
    if ((++count & PROGRESS_EVERY_NODES) === 0) onSettled?.(count);
    for (let k = offsets[node]; k < offsets[node + 1]; k++) {
      const next = targets[k];
      const d = key + weights[k];
      if (d <= cutoffM && d < distance[next]) {
        distance[next] = d;
        queue.push(next, d);
      }
    }
  }
  return distance;
}
