/**
 * The coverage-weighted sums do not depend on how the band is cut into parts (blocks, tiles): the same
 * cells cut at random columns and rows, parts in any order, give bit-identical sums and nodata, for
 * integer, floating-point and mask cells. Their value is checked against a plain Σ c·v (exact-rational
 * references are elsewhere: fixtures/land-consumption against terra/exactextract).
 */
import { describe, expect, it } from 'vitest';
import type { RasterArray, WindowPart } from '../core/raster.js';
import { accumulateCoveredCells, accumulateCoveredSum, createCoveredSum, type CellQuantity } from './zonal-sum.js';

/** A deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rows = 23;
const cols = 61;

/** The band's cells as parts cut at `colCuts` and `rowCuts`, each part in a block of its own (with padding), shuffled. */
function cut(values: RasterArray, colCuts: number[], rowCuts: number[], next: () => number): WindowPart[] {
  const parts: WindowPart[] = [];
  const cs = [0, ...colCuts, cols];
  const rs = [0, ...rowCuts, rows];
  for (let a = 0; a + 1 < rs.length; a++) {
    for (let b = 0; b + 1 < cs.length; b++) {
      const [r0, r1, c0, c1] = [rs[a], rs[a + 1], cs[b], cs[b + 1]];
      const stride = c1 - c0 + 3; // padded block rows
      const block = new (values.constructor as new (n: number) => RasterArray)(stride * (r1 - r0) + 2);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) block[2 + (r - r0) * stride + (c - c0)] = values[r * cols + c];
      parts.push({ values: block, row0: r0, col0: c0, rows: r1 - r0, cols: c1 - c0, offset: 2, rowStride: stride, cellStride: 1 });
    }
  }
  return parts.sort(() => next() - 0.5);
}

describe('accumulateCoveredSum', () => {
  const next = random(7);
  const coverage = Float64Array.from({ length: rows * cols }, () => (next() < 0.3 ? next() : 1));
  const spans = new Int32Array(2 * rows);
  for (let r = 0; r < rows; r++) {
    spans[2 * r] = Math.floor(next() * 9);
    spans[2 * r + 1] = cols - Math.floor(next() * 9);
  }
  const rowArea = Float64Array.from({ length: rows }, (_, r) => 10_000 + r * 0.37);
  const cases: [string, RasterArray, number, CellQuantity][] = [
    ['UInt16', Uint16Array.from({ length: rows * cols }, () => (next() < 0.05 ? 65535 : Math.floor(next() * 10_000))), 65535, 'value'],
    ['Float32', Float32Array.from({ length: rows * cols }, () => (next() < 0.05 ? Number.NaN : next() * 1e4)), -200, 'value-times-area'],
    ['mask', Uint8Array.from({ length: rows * cols }, () => (next() < 0.05 ? 255 : next() < 0.5 ? 1 : 0)), 255, 'mask-times-area'],
  ];

  it.each(cases)('%s: bit-identical however the band is cut, and equal to Σ c·v', (_, values, nodata, quantity) => {
    const sumOf = (parts: WindowPart[]) => {
      const acc = createCoveredSum();
      accumulateCoveredSum(acc, coverage, spans, parts, rows, cols, rowArea, nodata, quantity, 0.5);
      return acc;
    };
    const whole = sumOf([{ values, row0: 0, col0: 0, rows, cols, offset: 0, rowStride: cols, cellStride: 1 }]);
    for (let k = 0; k < 20; k++) {
      const colCuts = [...new Set(Array.from({ length: 1 + Math.floor(next() * 6) }, () => 1 + Math.floor(next() * (cols - 1))))].sort((a, b) => a - b);
      const rowCuts = [...new Set(Array.from({ length: Math.floor(next() * 4) }, () => 1 + Math.floor(next() * (rows - 1))))].sort((a, b) => a - b);
      expect(sumOf(cut(values, colCuts, rowCuts, next))).toEqual(whole);
    }
    let plain = 0, plainNodata = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = spans[2 * r]; c < spans[2 * r + 1]; c++) {
        const [cover, v] = [coverage[r * cols + c], values[r * cols + c]];
        if (v === nodata || Number.isNaN(v)) plainNodata += cover;
        else plain += cover * (quantity === 'mask-times-area' ? (v !== 0 ? 1 : 0) : v) * 0.5 * (quantity === 'value' ? 1 : rowArea[r]);
      }
    }
    expect(Math.abs(whole.sum - plain) / plain).toBeLessThan(1e-12);
    expect(Math.abs(whole.nodataCells - plainNodata) / plainNodata).toBeLessThan(1e-12);
  });

  it('counts covered cells in the same lanes: Σ c and Σ c·area', () => {
    const acc = createCoveredSum();
    accumulateCoveredCells(acc, coverage, spans, rows, cols, rowArea);
    let cells = 0, area = 0;
    for (let r = 0; r < rows; r++) for (let c = spans[2 * r]; c < spans[2 * r + 1]; c++) {
      cells += coverage[r * cols + c];
      area += coverage[r * cols + c] * rowArea[r];
    }
    expect(Math.abs(acc.coveredCells - cells) / cells).toBeLessThan(1e-12);
    expect(Math.abs(acc.coveredAreaM2 - area) / area).toBeLessThan(1e-12);
  });
});
