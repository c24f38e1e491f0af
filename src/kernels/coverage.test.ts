import { describe, expect, it } from 'vitest';
import { computeCoverageFractions, computePolygonArea, type CoverageWindow, type Ring } from './coverage.js';

/** 3×3 unit cells over [0,3]×[0,3]; row 0 is the top row (docs/methods.md §16.6). */
const GRID_3X3: CoverageWindow = { xMin: 0, yMax: 3, cellWidth: 1, cellHeight: 1, rows: 3, cols: 3 };

function ringOf(points: number[][], isHole = false): Ring {
  return { xy: Float64Array.from(points.flat()), isHole };
}

function coverage(rings: Ring[], window: CoverageWindow = GRID_3X3): number[][] {
  const cells = window.rows * window.cols;
  const out = new Float64Array(cells);
  computeCoverageFractions(rings, window, out, new Float64Array(cells));
  const matrix: number[][] = [];
  for (let r = 0; r < window.rows; r++) matrix.push(Array.from(out.subarray(r * window.cols, (r + 1) * window.cols)));
  return matrix;
}

function rotations(points: number[][]): number[][][] {
  const open = points.slice(0, -1);
  return open.map((_, k) => {
    const rotated = [...open.slice(k), ...open.slice(0, k)];
    return [...rotated, rotated[0]];
  });
}

// Published expectations from exactextract's test_raster_cell_intersection.cpp (docs/methods.md §16.6).
const PUBLISHED_CASES = [
  {
    name: 'square',
    ring: [[0.5, 0.5], [2.5, 0.5], [2.5, 2.5], [0.5, 2.5], [0.5, 0.5]],
    expected: [[0.25, 0.5, 0.25], [0.5, 1, 0.5], [0.25, 0.5, 0.25]],
  },
  {
    name: 'diamond',
    ring: [[1.5, 0.5], [2.5, 1.5], [1.5, 2.5], [0.5, 1.5], [1.5, 0.5]],
    expected: [[0, 0.25, 0], [0.25, 1, 0.25], [0, 0.25, 0]],
  },
  {
    name: 'notched square',
    ring: [[0.5, 0.5], [2.5, 0.5], [2.5, 2.0], [2.0, 2.0], [2.0, 2.5], [0.5, 2.5], [0.5, 0.5]],
    expected: [[0.25, 0.5, 0], [0.5, 1, 0.5], [0.25, 0.5, 0.25]],
  },
];

describe('exact coverage fractions', () => {
  for (const { name, ring, expected } of PUBLISHED_CASES) {
    it(`matches exactextract's published matrix for the ${name}, from every start vertex and both windings`, () => {
      for (const rotated of rotations(ring)) {
        for (const points of [rotated, [...rotated].reverse()]) {
          const got = coverage([ringOf(points)]);
          got.flat().forEach((v, i) => expect(v).toBeCloseTo(expected.flat()[i], 12));
        }
      }
    });
  }

  it('subtracts holes whatever their winding', () => {
    const outer = [[0, 0], [3, 0], [3, 3], [0, 3], [0, 0]];
    const hole = [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]];
    for (const h of [hole, [...hole].reverse()]) {
      const got = coverage([ringOf(outer), ringOf(h, true)]);
      expect(got).toEqual([[1, 1, 1], [1, 0, 1], [1, 1, 1]]);
    }
  });

  it('sums the parts of a multipolygon', () => {
    const left = ringOf([[0, 0], [1, 0], [1, 3], [0, 3], [0, 0]]);
    const right = ringOf([[2.5, 0], [3, 0], [3, 3], [2.5, 3], [2.5, 0]]);
    expect(coverage([left, right])).toEqual([[1, 0, 0.5], [1, 0, 0.5], [1, 0, 0.5]]);
  });

  it('counts only the part of a polygon inside the window (zone partly outside the raster)', () => {
    const got = coverage([ringOf([[-5, -5], [1.5, -5], [1.5, 10], [-5, 10], [-5, -5]])]);
    expect(got).toEqual([[1, 0.5, 0], [1, 0.5, 0], [1, 0.5, 0]]);
  });

  it('gives the same fractions for a band of rows as for the whole window', () => {
    const ring = ringOf([[0.3, 0.2], [2.9, 0.7], [2.2, 2.8], [1.1, 2.1], [0.1, 2.9], [0.3, 0.2]]);
    const whole = coverage([ring]).flat();
    const band = coverage([ring], { xMin: 0, yMax: 2, cellWidth: 1, cellHeight: 1, rows: 2, cols: 3 }).flat();
    band.forEach((v, i) => expect(v).toBeCloseTo(whole[i + 3], 12));
  });

  it('keeps Σ coverage × cell area equal to the polygon area (to 1e-9 relative) in projected coordinates', () => {
    // An irregular 40-gon around a Mollweide-like offset, on 100 m cells.
    const points: number[][] = [];
    for (let k = 0; k < 40; k++) {
      const angle = (2 * Math.PI * k) / 40;
      const radius = 3000 + 900 * Math.sin(5 * angle) + 300 * Math.cos(11 * angle);
      points.push([4_321_000 + radius * Math.cos(angle), 3_210_000 + radius * Math.sin(angle)]);
    }
    points.push(points[0]);
    const ring = ringOf(points);
    const window: CoverageWindow = { xMin: 4_316_000, yMax: 3_215_000, cellWidth: 100, cellHeight: 100, rows: 100, cols: 100 };
    const fractions = coverage([ring], window).flat();
    const covered = fractions.reduce((s, f) => s + f, 0) * 100 * 100;
    const area = computePolygonArea([ring]);
    expect(Math.abs(covered - area) / area).toBeLessThan(1e-9);
    for (const f of fractions) expect(f >= 0 && f <= 1).toBe(true);
  });
});
