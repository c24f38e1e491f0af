/**
 * A walking network on typed arrays: nodes at street vertices (shared vertices join streets), edges
 * both ways in compressed sparse rows, edge lengths in metres (planar, in a local projected CRS).
 * Connected components are labelled so that what lies on an island is reported, not misrouted.
 */
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

/** Builds the network from polylines (interleaved x,y in metres); vertices equal to the millimetre are one node. */
export function buildNetwork(lines: readonly Float64Array[]): Network {
  // Vertices are deduplicated by sorting their millimetre coordinates (no string keys, O(n log n)).
  let vertexCount = 0;
  for (const line of lines) vertexCount += line.length / 2;
  const vx = new Float64Array(vertexCount);
  const vy = new Float64Array(vertexCount);
  let v = 0;
  for (const line of lines) {
    for (let i = 0; i < line.length; i += 2) {
      vx[v] = Math.round(line[i] * 1000);
      vy[v++] = Math.round(line[i + 1] * 1000);
    }
  }
  const order = new Uint32Array(vertexCount);
  for (let i = 0; i < vertexCount; i++) order[i] = i;
  order.sort((a, b) => vx[a] - vx[b] || vy[a] - vy[b]);
  const nodeOfVertex = new Int32Array(vertexCount);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k < vertexCount; k++) {
    const i = order[k];
    const previous = k > 0 ? order[k - 1] : -1;
    if (previous === -1 || vx[previous] !== vx[i] || vy[previous] !== vy[i]) {
      xs.push(vx[i] / 1000);
      ys.push(vy[i] / 1000);
    }
    nodeOfVertex[i] = xs.length - 1;
  }
  const from: number[] = [];
  const to: number[] = [];
  const lengths: number[] = [];
  v = 0;
  for (const line of lines) {
    let previous = -1;
    for (let i = 0; i < line.length; i += 2) {
      const node = nodeOfVertex[v++];
      if (previous !== -1 && previous !== node) {
        from.push(previous);
        to.push(node);
        lengths.push(Math.hypot(xs[node] - xs[previous], ys[node] - ys[previous]));
      }
      previous = node;
    }
  }
  const nodeCount = xs.length;
  const degree = new Int32Array(nodeCount + 1);
  for (let e = 0; e < from.length; e++) {
    degree[from[e] + 1]++;
    degree[to[e] + 1]++;
  }
  const offsets = new Int32Array(nodeCount + 1);
  for (let n = 0; n < nodeCount; n++) offsets[n + 1] = offsets[n] + degree[n + 1];
  const fill = offsets.slice(0, nodeCount);
  const targets = new Int32Array(2 * from.length);
  const weights = new Float64Array(2 * from.length);
  for (let e = 0; e < from.length; e++) {
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
    nodeCount, x: Float64Array.from(xs), y: Float64Array.from(ys), offsets, targets, weights,
    edgeFrom: Int32Array.from(from), edgeTo: Int32Array.from(to), edgeLength: Float64Array.from(lengths), component, componentCount,
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
