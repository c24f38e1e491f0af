import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Microdata } from '../core/microdata.js';
import { readMicrodata } from '../io/microdata.js';
import { computeRatioEstimate, computeTotalEstimate, LonelyPsuError, type LonelyPsuPolicy } from '../kernels/survey.js';
import type { ColumnRequest } from '../core/microdata.js';
import { buildSurveyDesign, toNumbers } from './survey-design.js';

const numbersOf = (...names: string[]): ColumnRequest[] => names.map((name) => ({ name, kind: 'number' }));
const codesOf = (...names: string[]): ColumnRequest[] => names.map((name) => ({ name, kind: 'code' }));

const DIR = 'fixtures/survey';
// R `survey` 4.1.1 on its own example data (make_expected.R).
const expected = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8'));

function numbers(data: Microdata, name: string): Float64Array {
  return toNumbers(data, data.columns.get(name) as NonNullable<ReturnType<typeof data.columns.get>>, 'a number');
}

function close(got: { value: number; se: number }, want: { value: number; se: number }): void {
  expect(Math.abs(got.value - want.value) / Math.abs(want.value)).toBeLessThan(1e-9);
  expect(Math.abs(got.se - want.se) / want.se).toBeLessThan(1e-9);
}

function mean(design: ReturnType<typeof buildSurveyDesign>, y: Float64Array, domain: Uint8Array | null = null) {
  const x = Float64Array.from(y, (_, i) => (domain && !domain[i] ? 0 : 1));
  const yy = Float64Array.from(y, (v, i) => (domain && !domain[i] ? 0 : v));
  return computeRatioEstimate(design, yy, x, domain);
}

describe('survey estimation matches R survey', () => {
  it('one-stage cluster sample with fpc (apiclus1): svymean, svyratio, svytotal, svyby', async () => {
    const data = await readMicrodata(`${DIR}/apiclus1.csv`, [...codesOf('dnum', 'stype'), ...numbersOf('pw', 'fpc', 'api00', 'api.stu', 'enroll')]);
    const design = buildSurveyDesign(data, { weight: 'pw', psu: 'dnum', fpc: 'fpc' }, 'fail');
    const want = expected.engine.apiclus1;
    close(mean(design, numbers(data, 'api00')), want.meanApi00);
    close(computeRatioEstimate(design, numbers(data, 'api.stu'), numbers(data, 'enroll'), null), want.ratioApiStuEnroll);
    close(computeTotalEstimate(design, numbers(data, 'enroll'), null), want.totalEnroll);
    const stype = data.columns.get('stype');
    if (stype?.kind !== 'code') throw new Error('stype is a coded column');
    for (const [label, byWant] of Object.entries(want.meanApi00ByStype) as [string, { value: number; se: number }][]) {
      const domain = Uint8Array.from(stype.ids, (id) => (stype.dictionary[id] === label ? 1 : 0));
      close(mean(design, numbers(data, 'api00'), domain), byWant);
    }
  });

  it('stratified sample, every row its own PSU (apistrat)', async () => {
    const data = await readMicrodata(`${DIR}/apistrat.csv`, [...codesOf('stype'), ...numbersOf('pw', 'fpc', 'api00', 'api.stu', 'enroll')]);
    const design = buildSurveyDesign(data, { weight: 'pw', strata: 'stype', fpc: 'fpc' }, 'fail');
    close(mean(design, numbers(data, 'api00')), expected.engine.apistrat.meanApi00);
    close(computeRatioEstimate(design, numbers(data, 'api.stu'), numbers(data, 'enroll'), null), expected.engine.apistrat.ratioApiStuEnroll);
  });

  it('stratified two-PSU design with missing answers as a domain, and the design effect (nhanes)', async () => {
    const data = await readMicrodata(`${DIR}/nhanes.csv`, [...codesOf('SDMVPSU', 'SDMVSTRA'), ...numbersOf('WTMEC2YR', 'HI_CHOL', 'race')]);
    const design = buildSurveyDesign(data, { weight: 'WTMEC2YR', strata: 'SDMVSTRA', psu: 'SDMVPSU' }, 'fail');
    const chol = numbers(data, 'HI_CHOL');
    const answered = Uint8Array.from(chol, (v) => (Number.isNaN(v) ? 0 : 1));
    const y = Float64Array.from(chol, (v) => (Number.isNaN(v) ? 0 : v));
    const overall = mean(design, y, answered);
    close(overall, expected.engine.nhanes.meanHiChol);
    expect(Math.abs(overall.deff - expected.engine.nhanes.meanHiChol.deff) / expected.engine.nhanes.meanHiChol.deff).toBeLessThan(1e-9);
    const race = numbers(data, 'race');
    for (const [label, want] of Object.entries(expected.engine.nhanes.meanHiCholByRace) as [string, { value: number; se: number }][]) {
      const domain = Uint8Array.from(race, (r, i) => (r === Number(label) && answered[i] ? 1 : 0));
      close(mean(design, y, domain), want);
    }
  });

  for (const policy of ['certainty', 'remove', 'adjust', 'average'] as LonelyPsuPolicy[]) {
    it(`handles a stratum with one PSU like R's survey.lonely.psu = "${policy}"`, async () => {
      const data = await readMicrodata(`${DIR}/lonely.csv`, [...codesOf('stratum', 'psu'), ...numbersOf('w', 'y')]);
      const design = buildSurveyDesign(data, { weight: 'w', strata: 'stratum', psu: 'psu' }, policy);
      close(mean(design, numbers(data, 'y')), expected.lonely[policy]);
    });
  }

  it('fails on a lonely PSU under the default policy, naming the stratum', async () => {
    const data = await readMicrodata(`${DIR}/lonely.csv`, [...codesOf('stratum', 'psu'), ...numbersOf('w', 'y')]);
    const design = buildSurveyDesign(data, { weight: 'w', strata: 'stratum', psu: 'psu' }, 'fail');
    expect(() => mean(design, numbers(data, 'y'))).toThrow(LonelyPsuError);
    expect(() => mean(design, numbers(data, 'y'))).toThrow('stratum 4 has only one PSU');
  });
});
