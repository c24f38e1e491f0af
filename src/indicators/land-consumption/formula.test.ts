import { describe, expect, it } from 'vitest';
import { computeLandConsumption, type LcrFormula } from './formula.js';

const KM2 = 1e6;

// docs/methods.md §16.1 cases A–E (IEEE double, natural logs); areas in km², t = y.
const CASES = [
  { name: 'A proportional', v: [100, 120], pop: [1_000_000, 1_200_000], t: 10, lcr: { official: 0.02, log: 0.0182321557 }, pgr: 0.0182321557, ratio: { official: 1.096963, log: 1.0 }, perCapita: [100, 100], change: 20, flags: [] },
  { name: 'B population decline', v: [100, 110], pop: [1_000_000, 950_000], t: 10, lcr: { official: 0.01, log: 0.009531018 }, pgr: -0.0051293294, ratio: { official: -1.949573, log: -1.858141 }, perCapita: [100, 115.79], change: 10, flags: ['negative-population-growth'] },
  { name: 'C both decline', v: [100, 98], pop: [1_000_000, 950_000], t: 10, lcr: { official: -0.002, log: -0.0020202707 }, pgr: -0.0051293294, ratio: { official: 0.389915, log: 0.393866 }, perCapita: [100, 103.16], change: -2, flags: ['negative-population-growth', 'both-rates-negative'] },
  { name: 'D sprawl', v: [200, 300], pop: [500_000, 550_000], t: 5, lcr: { official: 0.1, log: 0.0810930216 }, pgr: 0.019062036, ratio: { official: 5.246029, log: 4.254164 }, perCapita: [400, 545.45], change: 50, flags: [] },
  { name: 'E densification', v: [100, 105], pop: [1_000_000, 1_300_000], t: 10, lcr: { official: 0.005, log: 0.0048790164 }, pgr: 0.0262364264, ratio: { official: 0.190575, log: 0.185963 }, perCapita: [100, 80.77], change: 5, flags: [] },
];

function relClose(actual: number | null, expected: number, digits: number): void {
  expect(actual).not.toBeNull();
  const scale = Math.max(1, Math.abs(expected));
  expect(Math.abs((actual as number) - expected) / scale).toBeLessThan(10 ** -digits);
}

describe('11.3.1 arithmetic against the docs/methods.md §16.1 table', () => {
  for (const c of CASES) {
    for (const formula of ['official', 'log'] as LcrFormula[]) {
      it(`case ${c.name}, ${formula} formula: LCR, PGR, LCRPGR, per-capita and change`, () => {
        const r = computeLandConsumption({
          yearStart: 2000, yearEnd: 2000 + c.t,
          builtUpM2Start: c.v[0] * KM2, builtUpM2End: c.v[1] * KM2,
          populationStart: c.pop[0], populationEnd: c.pop[1],
        }, formula);
        relClose(r.lcr, c.lcr[formula as 'official' | 'log'], 9);
        relClose(r.pgr, c.pgr, 9);
        relClose(r.value, c.ratio[formula as 'official' | 'log'], 6);
        relClose(r.builtUpPerCapitaM2Start, c.perCapita[0], 2);
        relClose(r.builtUpPerCapitaM2End, c.perCapita[1], 2);
        relClose(r.builtUpChangePct, c.change, 9);
        expect(r.flags).toEqual(c.flags);
      });
    }
  }

  it('case F: equal populations give null with zero-population-growth', () => {
    const r = computeLandConsumption({ yearStart: 2000, yearEnd: 2010, builtUpM2Start: 1e8, builtUpM2End: 1.2e8, populationStart: 5e5, populationEnd: 5e5 }, 'official');
    expect(r.value).toBeNull();
    expect(r.flags).toContain('zero-population-growth');
  });

  it('null with zero-baseline-built-up when there was no built-up area at the start', () => {
    const r = computeLandConsumption({ yearStart: 2000, yearEnd: 2010, builtUpM2Start: 0, builtUpM2End: 1e6, populationStart: 5e5, populationEnd: 6e5 }, 'official');
    expect(r.value).toBeNull();
    expect(r.lcr).toBeNull();
    expect(r.flags).toEqual(['zero-baseline-built-up']);
  });

  it('null with zero-population when a population total is 0', () => {
    const r = computeLandConsumption({ yearStart: 2000, yearEnd: 2010, builtUpM2Start: 1e6, builtUpM2End: 2e6, populationStart: 0, populationEnd: 6e5 }, 'official');
    expect(r.value).toBeNull();
    expect(r.flags).toEqual(['zero-population']);
  });

  it('flags |PGR| below 0.001 per year but keeps the value', () => {
    const r = computeLandConsumption({ yearStart: 2000, yearEnd: 2010, builtUpM2Start: 1e6, builtUpM2End: 1.1e6, populationStart: 1e6, populationEnd: 1.005e6 }, 'official');
    expect(r.value).not.toBeNull();
    expect(r.flags).toEqual(['small-population-growth']);
  });
});
