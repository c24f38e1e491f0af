/**
 * Connected-component labelling on a row-major grid, 4- (rook) or 8-connected (queen), with an
 * explicit typed-array stack (no recursion, no per-cell allocation).
 */

export type Connectivity = 4 | 8;

export interface Components {
  /** 0 = not selected; 1..count = component id, in row-major order of first cell. */
  readonly labels: Int32Array;
  readonly count: number;
}

const ROOK = [[-1, 0], [1, 0], [0, -1], [0, 1]] as const;
const QUEEN = [...ROOK, [-1, -1], [-1, 1], [1, -1], [1, 1]] as const;

export function neighbourOffsets(connectivity: Connectivity): readonly (readonly [number, number])[] {
  return connectivity === 4 ? ROOK : QUEEN;
}

/** Labels the components of cells where `selected[i] !== 0`. */
export function computeComponents(selected: Uint8Array, rows: number, cols: number, connectivity: Connectivity): Components {
  const labels = new Int32Array(rows * cols);
  const stack = new Int32Array(rows * cols);
  const queen = connectivity === 8;
  let count = 0;
  for (let start = 0; start < selected.length; start++) {
    if (selected[start] === 0 || labels[start] !== 0) continue;
    count++;
    labels[start] = count;
    let top = 0;
    stack[top++] = start;
    while (top > 0) {
      const cell = stack[--top];
      const row = (cell / cols) | 0;
      const col = cell - row * cols;
      // Neighbours unrolled (this loop runs once per cell of every component).
      const up = row > 0, down = row < rows - 1, left = col > 0, right = col < cols - 1;
      let next: number;
      if (up && selected[(next = cell - cols)] !== 0 && labels[next] === 0) { labels[next] = count; stack[top++] = next; }
      if (down && selected[(next = cell + cols)] !== 0 && labels[next] === 0) { labels[next] = count; stack[top++] = next; }
      if (left && selected[(next = cell - 1)] !== 0 && labels[next] === 0) { labels[next] = count; stack[top++] = next; }
      if (right && selected[(next = cell + 1)] !== 0 && labels[next] === 0) { labels[next] = count; stack[top++] = next; }
      if (!queen) continue;
      if (up && left && selected[(next = cell - cols - 1)] !== 0 && labels[next] === 0) { labels[next] = count; stack[top++] = next; }
      if (up && right && selected[(next = cell - cols + 1)] !== 0 && labels[next] === 0) { labels[next] = count; stack[top++] = next; }
      if (down && left && selected[(next = cell + cols - 1)] !== 0 && labels[next] === 0) { labels[next] = count; stack[top++] = next; }
      if (down && right && selected[(next = cell + cols + 1)] !== 0 && labels[next] === 0) { labels[next] = count; stack[top++] = next; }
    }
  }
  return { labels, count };
}

/** Σ values per component (index 0 unused). */
export function sumByComponent(components: Components, values: Float64Array): Float64Array {
  const sums = new Float64Array(components.count + 1);
  const { labels } = components;
  for (let i = 0; i < labels.length; i++) if (labels[i] !== 0) sums[labels[i]] += values[i];
  return sums;
}
