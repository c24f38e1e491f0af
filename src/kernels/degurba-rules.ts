/**
 * The grid rules of the Degree of Urbanisation (docs/methods.md §3; GHSL Data Package 2022/2023, as
 * reimplemented by flexurba): dense clusters with a size threshold, the iterative majority rule
 * (R2022A and R2023A variants), gap filling inside urban centres, and the buffer of level 2.
 * All on row-major typed arrays of one 1 km grid.
 */
import { computeComponents, neighbourOffsets, sumByComponent, type Connectivity } from './components.js';

/**
 * Clusters of candidate cells whose total population reaches `minPopulation` (inclusive, as
 * flexurba's `sum(xsiz) >= minsiz`). Returns labels 1..n of the kept clusters (0 elsewhere).
 */
export function computeQualifyingClusters(
  candidate: Uint8Array, population: Float64Array, rows: number, cols: number, connectivity: Connectivity, minPopulation: number,
): { labels: Int32Array; count: number; populations: Float64Array } {
  const components = computeComponents(candidate, rows, cols, connectivity);
  const sums = sumByComponent(components, population);
  const renumber = new Int32Array(components.count + 1);
  let count = 0;
  for (let k = 1; k <= components.count; k++) if (sums[k] >= minPopulation) renumber[k] = ++count;
  const populations = new Float64Array(count + 1);
  for (let k = 1; k <= components.count; k++) if (renumber[k] !== 0) populations[renumber[k]] = sums[k];
  const labels = components.labels;
  for (let i = 0; i < labels.length; i++) labels[i] = renumber[labels[i]];
  return { labels, count, populations };
}

export type MajorityRule = 'R2022A' | 'R2023A';

export interface MajorityContext {
  readonly rows: number;
  readonly cols: number;
  /** R2023A: cells never added (permanent water). */
  readonly water: Uint8Array;
  /** R2023A: cells not counted as neighbours (no population and land share < 0.5), unless water. */
  readonly ignored: Uint8Array;
}

/**
 * Iterative majority rule, synchronous per pass, until no cell is added (flexurba
 * apply_majority_rule). R2022A: a non-centre cell with ≥ 5 of its 8 neighbours in one centre joins
 * it. R2023A: majority (> half) among the neighbours that are neither water nor ignored (cells
 * beyond the grid edge count as valid non-centre neighbours); water cells never join.
 * Returns the number of cells added.
 */
export function applyMajorityRule(labels: Int32Array, rule: MajorityRule, context: MajorityContext): number {
  const { rows, cols, water, ignored } = context;
  const offsets = neighbourOffsets(8);
  let added = 0;
  let frontier: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] !== 0) frontier.push(i);
  const ids = new Int32Array(8);
  const counts = new Int32Array(8);
  const stamp = new Int32Array(labels.length);
  let pass = 0;
  while (frontier.length > 0) {
    pass++;
    // Cells adjacent to the cells added last pass: only their neighbourhoods changed.
    const candidates: number[] = [];
    for (const cell of frontier) {
      const row = (cell / cols) | 0;
      const col = cell - row * cols;
      for (const [dr, dc] of offsets) {
        const r = row + dr, c = col + dc;
        if (r < 0 || r >= rows || c < 0 || c >= cols) continue;
        const next = r * cols + c;
        if (labels[next] === 0 && stamp[next] !== pass) {
          stamp[next] = pass;
          candidates.push(next);
        }
      }
    }
    const joins: number[] = [];
    for (const cell of candidates) {
      if (rule === 'R2023A' && water[cell] !== 0) continue;
      const row = (cell / cols) | 0;
      const col = cell - row * cols;
      let distinct = 0;
      let valid = 0;
      for (const [dr, dc] of offsets) {
        const r = row + dr, c = col + dc;
        const inside = r >= 0 && r < rows && c >= 0 && c < cols;
        const next = inside ? r * cols + c : -1;
        if (rule === 'R2023A' && inside && labels[next] === 0 && (water[next] !== 0 || ignored[next] !== 0)) continue;
        valid++;
        const id = inside ? labels[next] : 0;
        if (id === 0) continue;
        let k = 0;
        while (k < distinct && ids[k] !== id) k++;
        if (k === distinct) {
          ids[distinct] = id;
          counts[distinct++] = 0;
        }
        counts[k]++;
      }
      let best = 0, bestCount = 0;
      for (let k = 0; k < distinct; k++) {
        if (counts[k] > bestCount) {
          bestCount = counts[k];
          best = ids[k];
        }
      }
      const joinsCentre = rule === 'R2022A' ? bestCount >= 5 : bestCount * 2 > valid;
      if (best !== 0 && joinsCentre) joins.push(cell, best);
    }
    frontier = [];
    for (let k = 0; k < joins.length; k += 2) {
      labels[joins[k]] = joins[k + 1];
      frontier.push(joins[k]);
    }
    added += frontier.length;
  }
  return added;
}

/**
 * Fills gaps inside clusters: a 4-connected region of non-member cells that does not touch the
 * grid edge and is bordered (rook) only by cells of one cluster joins that cluster when its area is
 * strictly below `maxGapCells` cells (GHSL: "gaps < 15 km²"). Returns the number of cells filled.
 */
export function fillGaps(labels: Int32Array, rows: number, cols: number, maxGapCells: number): number {
  const outside = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) outside[i] = labels[i] === 0 ? 1 : 0;
  const gaps = computeComponents(outside, rows, cols, 4);
  const size = new Int32Array(gaps.count + 1);
  const border = new Int32Array(gaps.count + 1); // the one bordering cluster, -1 when several or the edge
  for (let i = 0; i < labels.length; i++) {
    const g = gaps.labels[i];
    if (g === 0) continue;
    size[g]++;
    const row = (i / cols) | 0;
    const col = i - row * cols;
    if (row === 0 || col === 0 || row === rows - 1 || col === cols - 1) {
      border[g] = -1;
      continue;
    }
    if (border[g] === -1) continue;
    // Interior cell: its four rook neighbours exist.
    for (const id of [labels[i - cols], labels[i + cols], labels[i - 1], labels[i + 1]]) {
      if (id !== 0) border[g] = border[g] === 0 || border[g] === id ? id : -1;
    }
  }
  let filled = 0;
  for (let i = 0; i < labels.length; i++) {
    const g = gaps.labels[i];
    if (g !== 0 && border[g] > 0 && size[g] < maxGapCells) {
      labels[i] = border[g];
      filled++;
    }
  }
  return filled;
}

/** Marks in `out` the cells of one line (start, stride, length) within `steps` of a marked cell of `marked`. */
function dilateLine(marked: Uint8Array, out: Uint8Array, start: number, stride: number, length: number, steps: number): void {
  let last = -Infinity;
  for (let k = 0; k < length; k++) {
    if (marked[start + k * stride]) last = k;
    if (k - last <= steps) out[start + k * stride] = 1;
  }
  last = Infinity;
  for (let k = length - 1; k >= 0; k--) {
    if (marked[start + k * stride]) last = k;
    if (last - k <= steps) out[start + k * stride] = 1;
  }
}

/** Cells within `steps` queen steps (Chebyshev distance) of a selected cell, selected cells included. */
export function computeBuffer(selected: Uint8Array, rows: number, cols: number, steps: number): Uint8Array {
  // Chebyshev dilation is separable: along rows, then along columns.
  const horizontal = new Uint8Array(selected.length);
  for (let r = 0; r < rows; r++) dilateLine(selected, horizontal, r * cols, 1, cols, steps);
  const out = new Uint8Array(selected.length);
  for (let c = 0; c < cols; c++) dilateLine(horizontal, out, c, cols, rows, steps);
  return out;
}
