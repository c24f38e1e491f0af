/**
 * Exact areas of unions of polygons inside a zone (11.7.1: open spaces and streets overlapping count
 * once; docs/methods.md §11.2). Vertical-strip sweep: between consecutive event x's (vertices, and crossings of
 * edges) the edges crossing a strip keep their vertical order, so the covered length along a vertical
 * line is linear in x and the strip's area is its width times the length at the middle. Along a line,
 * each polygon is inside where it has crossed an odd number of its edges (holes need no special case);
 * a point is covered by a category when any polygon of it is inside. Work is done tile by tile, with
 * the polygons clipped to each tile, so each sweep sees few edges.
 */
import { computeRingsBox } from '../core/ring.js';

/** A polygon as closed rings (interleaved x,y), with its category: 0 open space, 1 street. */
export interface CategorisedPolygon {
  readonly rings: readonly Float64Array[];
  readonly category: 0 | 1;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

export interface UnionAreas {
  readonly zoneM2: number;
  readonly openSpaceM2: number;
  readonly streetM2: number;
  readonly unionM2: number;
}

const ZONE = 2;

/** Sutherland–Hodgman clip of a closed ring to a rectangle (degenerate edges along the border are harmless for parity). */
export function clipRingToRectangle(ring: Float64Array, x0: number, y0: number, x1: number, y1: number): number[] {
  let points: number[] = [];
  const n = ring.length / 2 - (ring[0] === ring[ring.length - 2] && ring[1] === ring[ring.length - 1] ? 1 : 0);
  for (let i = 0; i < n; i++) points.push(ring[2 * i], ring[2 * i + 1]);
  const clip = (inside: (x: number, y: number) => boolean, cross: (ax: number, ay: number, bx: number, by: number) => [number, number]) => {
    const out: number[] = [];
    const m = points.length / 2;
    for (let i = 0; i < m; i++) {
      const ax = points[2 * i], ay = points[2 * i + 1];
      const j = (i + 1) % m;
      const bx = points[2 * j], by = points[2 * j + 1];
      const aIn = inside(ax, ay), bIn = inside(bx, by);
      if (aIn) out.push(ax, ay);
      if (aIn !== bIn) out.push(...cross(ax, ay, bx, by));
    }
    points = out;
  };
  const atX = (x: number) => (ax: number, ay: number, bx: number, by: number): [number, number] => [x, ay + ((x - ax) * (by - ay)) / (bx - ax)];
  const atY = (y: number) => (ax: number, ay: number, bx: number, by: number): [number, number] => [ax + ((y - ay) * (bx - ax)) / (by - ay), y];
  clip((x) => x >= x0, atX(x0));
  if (points.length) clip((x) => x <= x1, atX(x1));
  if (points.length) clip((_x, y) => y >= y0, atY(y0));
  if (points.length) clip((_x, y) => y <= y1, atY(y1));
  return points;
}

interface Edges {
  x1: number[]; y1: number[]; x2: number[]; y2: number[];
  owner: number[];
}

function addRing(edges: Edges, points: readonly number[], owner: number): void {
  const m = points.length / 2;
  for (let i = 0; i < m; i++) {
    const j = (i + 1) % m;
    let ax = points[2 * i], ay = points[2 * i + 1], bx = points[2 * j], by = points[2 * j + 1];
    if (ax === bx) continue; // vertical edges enclose nothing between strips
    if (ax > bx) [ax, ay, bx, by] = [bx, by, ax, ay];
    edges.x1.push(ax); edges.y1.push(ay); edges.x2.push(bx); edges.y2.push(by); edges.owner.push(owner);
  }
}

/**
 * Sweeps one tile. `active` holds the edges spanning the current strip, kept sorted by height at the
 * strip's left end (insertion sort: from one strip to the next the order barely changes). When the
 * right-end heights keep that order — the usual case — the strip has no crossing and its covered
 * lengths are read in that order at the middle; otherwise the crossings cut it into pieces.
 */
function sweepTile(edges: Edges, ownerCategory: readonly number[], sums: Float64Array): void {
  const count = edges.x1.length;
  if (count === 0) return;
  const x1 = Float64Array.from(edges.x1), y1 = Float64Array.from(edges.y1), x2 = Float64Array.from(edges.x2);
  const slope = Float64Array.from({ length: count }, (_, e) => (edges.y2[e] - edges.y1[e]) / (edges.x2[e] - edges.x1[e]));
  const owner = Int32Array.from(edges.owner);
  const category = Int32Array.from(ownerCategory);
  const allX = new Float64Array(2 * count);
  allX.set(x1);
  allX.set(x2, count);
  allX.sort();
  let distinct = 0;
  for (let k = 0; k < allX.length; k++) if (k === 0 || allX[k] !== allX[k - 1]) allX[distinct++] = allX[k];
  const xs = allX.subarray(0, distinct);
  const byStart = Int32Array.from({ length: count }, (_, k) => k).sort((a, b) => x1[a] - x1[b]);
  const yAt = (e: number, x: number) => y1[e] + (x - x1[e]) * slope[e];
  const parity = new Uint8Array(ownerCategory.length);
  const active = new Int32Array(count);
  let size = 0;
  let next = 0;
  const inside = new Int32Array(3);
  /** Covered lengths at x, with the active edges in their order at x and `heights` their heights there. */
  const addLengths = (order: Int32Array, heights: Float64Array, n: number, width: number) => {
    inside.fill(0);
    for (let k = 0; k < n; k++) parity[owner[order[k]]] = 0;
    let previousY = 0;
    for (let k = 0; k < n; k++) {
      const e = order[k];
      const y = heights[k];
      if (k > 0 && inside[ZONE] > 0) {
        const span = (y - previousY) * width;
        if (span > 0) {
          sums[0] += span;
          if (inside[0] > 0) sums[1] += span;
          if (inside[1] > 0) sums[2] += span;
          if (inside[0] > 0 || inside[1] > 0) sums[3] += span;
        }
      }
      const o = owner[e];
      parity[o] ^= 1;
      inside[category[o]] += parity[o] ? 1 : -1;
      previousY = y;
    }
  };
  const keyA = new Float64Array(count);
  const byMid = new Int32Array(count);
  const midKey = new Float64Array(count);
  /** Insertion sort of `order[0..n)` by `key` (values move with their edges); nearly sorted input is O(n). */
  const sortByKey = (order: Int32Array, key: Float64Array, n: number, onSwap?: (moving: number, passed: number) => void) => {
    for (let k = 1; k < n; k++) {
      const e = order[k], v = key[k];
      let j = k - 1;
      while (j >= 0 && key[j] > v) {
        onSwap?.(e, order[j]);
        order[j + 1] = order[j];
        key[j + 1] = key[j];
        j--;
      }
      order[j + 1] = e;
      key[j + 1] = v;
    }
  };
  for (let s = 0; s + 1 < xs.length; s++) {
    const xa = xs[s], xb = xs[s + 1];
    let kept = 0;
    for (let k = 0; k < size; k++) if (x2[active[k]] > xa) active[kept++] = active[k];
    size = kept;
    while (next < count && x1[byStart[next]] <= xa) {
      if (x2[byStart[next]] > xa) active[size++] = byStart[next];
      next++;
    }
    if (size === 0) continue;
    // Order by height at the middle of the strip (ties there cannot change the lengths).
    const mid = (xa + xb) / 2;
    for (let k = 0; k < size; k++) keyA[k] = yAt(active[k], mid);
    sortByKey(active, keyA, size);
    // No crossing inside the strip when the heights at both ends keep that order.
    let ordered = true;
    let previousA = -Infinity, previousB = -Infinity;
    for (let k = 0; k < size && ordered; k++) {
      const ya = yAt(active[k], xa), yb = yAt(active[k], xb);
      if (ya < previousA || yb < previousB) ordered = false;
      previousA = ya;
      previousB = yb;
    }
    if (ordered) {
      addLengths(active, keyA, size, xb - xa);
      continue;
    }
    for (let k = 0; k < size; k++) keyA[k] = yAt(active[k], xa);
    // Each pair that swaps between the left and the right end crosses once inside the strip.
    const cuts: number[] = [xa, xb];
    for (let k = 0; k < size; k++) {
      byMid[k] = active[k];
      midKey[k] = keyA[k];
    }
    sortByKey(byMid, midKey, size);
    for (let k = 0; k < size; k++) midKey[k] = yAt(byMid[k], xb);
    sortByKey(byMid, midKey, size, (e, f) => {
      const da = yAt(e, xa) - yAt(f, xa), db = yAt(e, xb) - yAt(f, xb);
      if (da !== db) cuts.push(xa + ((xb - xa) * da) / (da - db));
    });
    cuts.sort((p, q) => p - q);
    for (let k = 0; k < size; k++) byMid[k] = active[k];
    for (let c = 0; c + 1 < cuts.length; c++) {
      const width = cuts[c + 1] - cuts[c];
      if (width <= 0) continue;
      const x = (cuts[c] + cuts[c + 1]) / 2;
      for (let k = 0; k < size; k++) midKey[k] = yAt(byMid[k], x);
      sortByKey(byMid, midKey, size);
      addLengths(byMid, midKey, size, width);
    }
  }
}

/**
 * Areas inside `zoneRings` of: the zone, the union of open spaces, the union of streets, and the
 * union of both. `candidates(x0, y0, x1, y1)` lists the polygons whose boxes meet a tile.
 */
export function computeUnionAreas(
  zoneRings: readonly Float64Array[], candidates: (x0: number, y0: number, x1: number, y1: number) => readonly CategorisedPolygon[], tileSizeM: number,
): UnionAreas {
  const { minX, minY, maxX, maxY } = computeRingsBox(zoneRings);
  const sums = new Float64Array(4); // zone, open space, streets, union
  for (let tx = minX; tx < maxX; tx += tileSizeM) {
    for (let ty = minY; ty < maxY; ty += tileSizeM) {
      const x1 = Math.min(maxX, tx + tileSizeM), y1 = Math.min(maxY, ty + tileSizeM);
      const edges: Edges = { x1: [], y1: [], x2: [], y2: [], owner: [] };
      const ownerCategory: number[] = [ZONE];
      for (const ring of zoneRings) {
        const clipped = clipRingToRectangle(ring, tx, ty, x1, y1);
        if (clipped.length >= 6) addRing(edges, clipped, 0);
      }
      if (edges.x1.length === 0) continue;
      for (const polygon of candidates(tx, ty, x1, y1)) {
        const owner = ownerCategory.length;
        let added = false;
        for (const ring of polygon.rings) {
          const clipped = clipRingToRectangle(ring, tx, ty, x1, y1);
          if (clipped.length >= 6) {
            addRing(edges, clipped, owner);
            added = true;
          }
        }
        if (added) ownerCategory.push(polygon.category);
      }
      sweepTile(edges, ownerCategory, sums);
    }
  }
  return { zoneM2: sums[0], openSpaceM2: sums[1], streetM2: sums[2], unionM2: sums[3] };
}
