import { describe, expect, it } from 'vitest';
import { classifyDegurba, R2023A_PARAMETERS, type DegurbaParameters } from './classify.js';

/** A grid from rows of population per km² (1 km cells, all land unless `land` is given). */
function grid(rows: number[][], land?: number[][], built?: number[][]) {
  return {
    rows: rows.length, cols: rows[0].length, cellAreaKm2: 1,
    population: Float64Array.from(rows.flat()),
    landShare: land ? Float64Array.from(land.flat()) : null,
    builtM2: built ? Float64Array.from(built.flat()) : null,
  };
}

const LEVEL1: DegurbaParameters = { ...R2023A_PARAMETERS, level: 1, majorityRule: 'none', maxGapKm2: 0 };
const at = (classes: Uint8Array, cols: number, r: number, c: number) => classes[r * cols + c];

describe('Degree of Urbanisation rules (docs/methods.md §16.9)', () => {
  it('D1: two cells touching only diagonally are no urban centre (rook) but one urban cluster (queen)', () => {
    const g = grid([[30000, 0], [0, 30000]]);
    const { classes, centres } = classifyDegurba(g, { ...LEVEL1, clusterMinPopulation: 60000 });
    expect(centres.count).toBe(0);
    expect(Array.from(classes)).toEqual([2, 1, 1, 2]);
  });

  it('D2: a rook strip of 10 cells of 5,000 (Σ 50,000) is an urban centre; with 4,999 in one cell it is a cluster only', () => {
    expect(Array.from(classifyDegurba(grid([Array(10).fill(5000)]), LEVEL1).classes)).toEqual(Array(10).fill(3));
    const short = Array(10).fill(5000);
    short[3] = 4999;
    expect(Array.from(classifyDegurba(grid([short]), LEVEL1).classes)).toEqual(Array(10).fill(2));
  });

  it('D3: density is per km² of permanent land: 750 people on half land pass 1,500; 749 do not', () => {
    const row = (first: number) => [first, ...Array(33).fill(1500)];
    const pass = classifyDegurba(grid([row(750)], [[0.5, ...Array(33).fill(1)]]), { ...LEVEL1, centreMinPopulation: 50000 });
    expect(at(pass.classes, 34, 0, 0)).toBe(3);
    const fail = classifyDegurba(grid([row(749)], [[0.5, ...Array(33).fill(1)]]), { ...LEVEL1, centreMinPopulation: 50000 });
    expect(at(fail.classes, 34, 0, 0)).not.toBe(3);
  });

  it('D4: a 1-cell hole in an urban centre is filled; a 15-cell hole is not (gaps strictly < 15 km²)', () => {
    const ring = (hole: number) => {
      const size = hole + 2;
      return Array.from({ length: size }, (_, r) => Array.from({ length: size }, (_, c) => (r === 0 || c === 0 || r === size - 1 || c === size - 1 ? 20000 : 0)));
    };
    const small = classifyDegurba(grid(ring(1)), { ...LEVEL1, maxGapKm2: 15 });
    expect(at(small.classes, 3, 1, 1)).toBe(3);
    expect(small.gapCellsFilled).toBe(1);
    // A 1 × 15 hole: 15 km², not strictly below 15.
    const long = [Array(17).fill(20000), [20000, ...Array(15).fill(0), 20000], Array(17).fill(20000)];
    const large = classifyDegurba(grid(long), { ...LEVEL1, maxGapKm2: 15 });
    expect(large.gapCellsFilled).toBe(0);
    const fourteen = [Array(16).fill(20000), [20000, ...Array(14).fill(0), 20000], Array(16).fill(20000)];
    expect(classifyDegurba(grid(fourteen), { ...LEVEL1, maxGapKm2: 15 }).gapCellsFilled).toBe(14);
  });

  it('D5: a land cell with 5 of 8 neighbours in one centre joins it (R2022A); with 4 it does not; water never joins (R2023A)', () => {
    const C = 25000, L = 100;
    const five = classifyDegurba(grid([[C, C, C], [C, L, L], [C, L, L]]), { ...LEVEL1, majorityRule: 'R2022A' });
    expect(at(five.classes, 3, 1, 1)).toBe(3); // 5 of 8 neighbours in the centre
    expect(at(five.classes, 3, 1, 2)).toBe(1); // then 3 of 8
    expect(five.majorityCellsAdded).toBe(1);
    const four = classifyDegurba(grid([[C, C, C], [C, L, L], [L, L, L]]), { ...LEVEL1, majorityRule: 'R2022A', centreMinPopulation: 100000 });
    expect(at(four.classes, 3, 1, 1)).toBe(1); // 4 of 8
    const lake = [[20000, 20000, 20000], [20000, 0, 20000], [20000, 20000, 20000]];
    const water = classifyDegurba(grid(lake, [[1, 1, 1], [1, 0, 1], [1, 1, 1]]), { ...LEVEL1, majorityRule: 'R2023A', maxGapKm2: 0 });
    expect(at(water.classes, 3, 1, 1)).toBe(0);
  });

  it('counts a cell with a high built-up share for urban centres when the built-up criterion is on', () => {
    const pop = [[20000, 20000, 20000, 100]];
    const built = [[0, 0, 0, 300_000]]; // 30 % of the cell
    const on = classifyDegurba(grid(pop, undefined, built), { ...LEVEL1, builtThreshold: 0.2 });
    expect(at(on.classes, 4, 0, 3)).toBe(3);
    const off = classifyDegurba(grid(pop, undefined, built), { ...LEVEL1, builtThreshold: null });
    expect(at(off.classes, 4, 0, 3)).not.toBe(3);
  });
});
