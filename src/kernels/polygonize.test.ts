import { describe, expect, it } from 'vitest';
import { computeLabelPolygons } from './polygonize.js';

function grid(text: string): { labels: Int32Array; rows: number; cols: number } {
  const lines = text.trim().split('\n').map((l) => l.trim());
  return { labels: Int32Array.from(lines.join('').split('').map(Number)), rows: lines.length, cols: lines[0].length };
}

function ringArea(ring: Float64Array): number {
  let twice = 0;
  for (let i = 0; i + 2 < ring.length; i += 2) twice += ring[i] * -ring[i + 3] - ring[i + 2] * -ring[i + 1];
  return twice / 2;
}

describe('raster regions to polygons', () => {
  it('outlines a block with 4 corners, counter-clockwise', () => {
    const { labels, rows, cols } = grid('000\n011\n011');
    const [[polygon]] = computeLabelPolygons(labels, rows, cols, 1);
    expect(polygon).toHaveLength(1);
    expect(polygon[0].length).toBe(10); // 4 corners + closing point
    expect(ringArea(polygon[0])).toBe(4);
  });

  it('splits a ring pinched at a corner into an outer ring and a hole touching it (valid for OGC)', () => {
    const { labels, rows, cols } = grid('111\n101\n110');
    const [polygons] = computeLabelPolygons(labels, rows, cols, 1);
    expect(polygons).toHaveLength(1);
    expect(polygons[0].map(ringArea)).toEqual([8, -1]);
    for (const ring of polygons[0]) {
      const corners = new Set<string>();
      for (let i = 0; i + 2 < ring.length; i += 2) corners.add(`${ring[i]},${ring[i + 1]}`);
      expect(corners.size).toBe(ring.length / 2 - 1); // no corner visited twice
    }
  });

  it('gives a hole inside an island inside a hole to the island', () => {
    const { labels, rows, cols } = grid('1111111\n1000001\n1011101\n1010101\n1011101\n1000001\n1111111');
    const [polygons] = computeLabelPolygons(labels, rows, cols, 1);
    expect(polygons.map((p) => p.map(ringArea))).toEqual(expect.arrayContaining([[49, -25], [9, -1]]));
  });

  it('keeps a hole as a clockwise ring inside its polygon', () => {
    const { labels, rows, cols } = grid('1111\n1001\n1111');
    const [[polygon]] = computeLabelPolygons(labels, rows, cols, 1);
    expect(polygon).toHaveLength(2);
    expect(ringArea(polygon[0])).toBe(12);
    expect(ringArea(polygon[1])).toBe(-2);
  });

  it('splits cells touching only diagonally into parts touching at a point', () => {
    const { labels, rows, cols } = grid('10\n01');
    const [polygons] = computeLabelPolygons(labels, rows, cols, 1);
    expect(polygons).toHaveLength(2);
    expect(polygons.map((p) => ringArea(p[0]))).toEqual([1, 1]);
  });

  it('traces each label separately, with total area equal to its cell count', () => {
    const { labels, rows, cols } = grid('11022\n10002\n11022\n00000\n33303');
    const result = computeLabelPolygons(labels, rows, cols, 3);
    const areas = result.map((polygons) => polygons.reduce((s, p) => s + p.reduce((t, ring) => t + ringArea(ring), 0), 0));
    expect(areas).toEqual([5, 5, 4]);
    expect(result[2]).toHaveLength(2);
  });
});
