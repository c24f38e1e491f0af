/**
 * `--explain` for the survey indicators states the estimate with the user's numbers — numerator ÷
 * denominator = share, SE, 95 % CI, n, design effect — and those numbers are R survey's
 * (fixtures/survey/expected.json, from make_expected.R), not ours.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';

const R = JSON.parse(readFileSync('fixtures/survey/expected.json', 'utf8')) as {
  z: number;
  slums: { slum: { value: number; se: number; deff: number }; slumNumber: { value: number }; slumBySex: Record<string, { value: number; se: number }> };
  tenure: { documented: Record<string, { value: number; se: number }>; secure: Record<string, { value: number; se: number }> };
};

/** share, SE, CI and design effect of the explain line that starts with `label`. */
function parse(stderr: string, label: string) {
  const line = stderr.split('\n').find((l) => l.startsWith(label)) ?? '';
  const number = (pattern: RegExp) => Number(pattern.exec(line)?.[1]?.replace(/,/g, ''));
  return {
    numerator: number(/: [^÷]* ([\d,.]+) ÷/), share: number(/= ([\d.]+) %/), se: number(/SE ([\d.]+)/),
    lower: number(/CI ([\d.]+)–/), upper: number(/–([\d.]+) %/), n: number(/n = (\d+)/), deff: number(/design effect ([\d.]+)/),
  };
}

describe('--explain on the survey indicators', () => {
  it('11.1.1: the slum share, its numerator, SE, CI and design effect as R survey computes them', async () => {
    const { stderr } = await runCli(['11.1.1', '--data', 'fixtures/survey/households.csv', '--config', 'fixtures/survey/households-config.json', '--time-period', '2022', '--explain']);
    const all = parse(stderr, 'All urban households');
    expect(all.share).toBeCloseTo(R.slums.slum.value, 4);
    expect(all.se).toBeCloseTo(R.slums.slum.se, 4);
    expect(all.deff).toBeCloseTo(R.slums.slum.deff, 4);
    expect(all.lower).toBeCloseTo(R.slums.slum.value - R.z * R.slums.slum.se, 3);
    expect(all.upper).toBeCloseTo(R.slums.slum.value + R.z * R.slums.slum.se, 3);
    expect(all.numerator).toBeCloseTo(R.slums.slumNumber.value, 0);
    for (const sex of ['F', 'M']) {
      const line = parse(stderr, `Urban households with headSex=${sex}`);
      expect(line.share).toBeCloseTo(R.slums.slumBySex[sex].value, 4);
      expect(line.se).toBeCloseTo(R.slums.slumBySex[sex].se, 4);
    }
  });

  it('1.4.2: each series and sex as R survey computes them', async () => {
    const { stderr } = await runCli(['1.4.2', '--data', 'fixtures/survey/people.csv', '--config', 'fixtures/survey/people-config.json', '--time-period', '2021', '--explain']);
    for (const sex of ['T', 'F', 'M']) {
      for (const [series, expected] of [['SP_LGL_LNDDOC', R.tenure.documented[sex]], ['SP_LGL_LNDSEC', R.tenure.secure[sex]]] as const) {
        const line = parse(stderr, `${series} SEX=${sex === 'T' ? '_T' : sex}`);
        expect(line.share, `${series} ${sex}`).toBeCloseTo(expected.value, 4);
        expect(line.se, `${series} ${sex}`).toBeCloseTo(expected.se, 4);
      }
    }
  });
});
