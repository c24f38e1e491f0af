import { describe, expect, it } from 'vitest';
import type { Observation } from '../core/observation.js';
import { demoArgs, runCli } from '../test-support/run-cli.js';

const RUNS: [string, string[]][] = [
  ['11.3.1 with three years', ['11.3.1', ...demoArgs()]],
  ['11.2.1 with a group', ['11.2.1', '--zones', 'fixtures/transit/zones.geojson', '--population', 'fixtures/transit/population.tif', '--population-group', 'SEX=F=fixtures/transit/population.tif', '--stops', 'fixtures/transit/stops.geojson', '--streets', 'fixtures/transit/streets.geojson', '--time-period', '2023']],
  ['11.7.1 with access', ['11.7.1', '--zones', 'fixtures/public-space/city.geojson', '--open-spaces', 'fixtures/public-space/open-spaces.geojson', '--streets', 'fixtures/public-space/streets.geojson', '--street-width-field', 'width', '--population', 'fixtures/public-space/population.tif', '--time-period', '2023']],
  ['11.1.1 by head sex and region', ['11.1.1', '--data', 'fixtures/survey/households.csv', '--config', 'fixtures/survey/households-config.json', '--by', 'region', '--time-period', '2022']],
  ['1.4.2 by sex, tenure type and stratum', ['1.4.2', '--data', 'fixtures/survey/people.csv', '--config', 'fixtures/survey/people-config.json', '--by', 'stratum', '--time-period', '2021']],
];

const keyOf = (o: Observation) => JSON.stringify([o.zone, o.series, o.timePeriod, Object.entries(o.dimensions).sort()]);

describe('observation keys', () => {
  it.each(RUNS)('%s: each series once per zone × period × dimensions; breakdowns are dimensions, not zones', async (_name, args) => {
    const { code, stdout } = await runCli([...args, '--quiet']);
    expect(code).toBe(0);
    const observations = JSON.parse(stdout).observations as Observation[];
    expect(observations.length).toBeGreaterThan(1);
    const keys = observations.map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
    for (const o of observations) {
      expect(o.zone).not.toMatch(/=/);
      // A coded breakdown always carries its label (CUST_BREAKDOWN_LB in SDMX).
      if (o.dimensions.CUST_BREAKDOWN !== undefined) expect(o.labels?.CUST_BREAKDOWN).toMatch(/^\w+=.+$/);
    }
  });
});
