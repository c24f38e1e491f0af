import { describe, expect, it } from 'vitest';
import { findPolygonProblem } from './polygon-validity.js';
import { computeRingSignedArea } from './ring.js';

/** A comb: `teeth` thin teeth 1,000 units tall on a shared base — long, parallel, close edges. */
function comb(teeth: number, crossAt = -1): Float64Array {
  const xy: number[] = [];
  for (let k = 0; k < teeth; k++) {
    // Tooth `crossAt` leans over its right neighbour's left edge.
    const lean = k === crossAt ? 12 : 0;
    xy.push(k * 10, 0, k * 10, 1000, k * 10 + 5 + lean, 1000, k * 10 + 5, 0.5);
  }
  xy.push(teeth * 10, 0, teeth * 10, -10, 0, -10, 0, 0);
  return Float64Array.from(xy);
}

describe('polygon validity', () => {
  it('accepts a valid 200,000-vertex comb (an R-tree of edge boxes, not a quadratic sweep)', () => {
    expect(findPolygonProblem([{ xy: comb(50_000), isHole: false }], computeRingSignedArea)).toBeNull();
  });

  it('finds the one crossing in a comb, where it is', () => {
    const problem = findPolygonProblem([{ xy: comb(1000, 500), isHole: false }], computeRingSignedArea);
    expect(problem?.kind).toBe('crossing');
    if (problem?.kind === 'crossing') expect(problem.x).toBeCloseTo(5010, 6);
  });

  it('finds a bow-tie crossing at its centre, and accepts rings touching at a point', () => {
    expect(findPolygonProblem([{ xy: Float64Array.from([0, 0, 10, 10, 10, 0, 0, 10, 0, 0]), isHole: false }], computeRingSignedArea)).toEqual({ kind: 'crossing', x: 5, y: 5 });
    const square = Float64Array.from([0, 0, 10, 0, 10, 10, 0, 10, 0, 0]);
    const touchingHole = Float64Array.from([0, 0, 5, 2, 2, 5, 0, 0]);
    expect(findPolygonProblem([{ xy: square, isHole: false }, { xy: touchingHole, isHole: true }], computeRingSignedArea)).toBeNull();
  });
});
