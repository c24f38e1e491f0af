import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoArgs, DEMO, runCli } from '../../test-support/run-cli.js';

interface ExpectedPeriod {
  timePeriod: string; builtUpM2Start: number; builtUpM2End: number; populationStart: number; populationEnd: number;
  lcr: number; lcrLog: number; pgr: number; value: number; valueLog: number;
}
// Independent values: shapely exact cell intersections + pyproj + rasterio (make_demo_city.py).
const expected = JSON.parse(readFileSync(`${DEMO}/expected.json`, 'utf8')) as { zones: Record<string, ExpectedPeriod[]> };

function expectRelative(actual: unknown, wanted: number, tolerance: number): void {
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - wanted) / Math.abs(wanted)).toBeLessThan(tolerance);
}

describe('urban-sdg 11.3.1 on the demo city', () => {

  it('gives the same result from a population table as from population rasters', async () => {
    const rows = Object.entries(expected.zones).flatMap(([zone, periods]) => [
      `${zone},2000,${periods[0].populationStart}`, `${zone},2020,${periods[0].populationEnd}`,
    ]);
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/usdg-');
    writeFileSync(`${dir}/pop.csv`, `\uFEFFzone;year;population\n${rows.join('\n').replace(/,/g, ';')}\n`);
    const { code, stdout, stderr } = await runCli(['11.3.1', '--built', `2000=${DEMO}/built_2000.tif`, '--built', `2020=${DEMO}/built_2020.tif`,
      '--population-table', `${dir}/pop.csv`, '--zones', `${DEMO}/zones.geojson`, '--quiet']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const o of JSON.parse(stdout).observations) expectRelative(o.value, expected.zones[o.zone][0].value, 1e-5);
  });

  it('is byte-identical across runs, and stamps SOURCE_DATE_EPOCH time only when given', async () => {
    const first = await runCli(['11.3.1', ...demoArgs(), '--quiet']);
    const second = await runCli(['11.3.1', ...demoArgs(), '--quiet']);
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(first.stdout).provenance.generatedAt).toBeUndefined();
    const stamped = await runCli(['11.3.1', ...demoArgs(), '--quiet'], '2026-01-01T00:00:00.000Z');
    expect(JSON.parse(stamped.stdout).provenance.generatedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('records every input with its hash, CRS and grid, and the resolved parameters', async () => {
    const output = JSON.parse((await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--quiet'])).stdout);
    const roles = output.provenance.inputs.map((i: { role: string }) => i.role);
    expect(roles).toEqual(['built:2000', 'built:2020', 'population:2000', 'population:2020', 'zones']);
    const built = output.provenance.inputs[0];
    expect(built.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(built.crs).toBe('WKT:World_Mollweide:' + built.crs.split(':')[2]);
    expect(built.resolution).toEqual([100, 100]);
    expect(built.nodata).toBe(65535);
    expect(output.provenance.parameters).toMatchObject({ lcrFormula: 'official', builtUnit: 'm2', boundary: 'fixed', coverage: 'fraction' });
    expect(output.metadata).toMatchObject({ SDG_INDICATOR: '11.3.1', SERIES: 'EN_LND_CNSPOP', UNIT_MEASURE: 'RO', NATURE: 'C', TIME_DETAIL: '2000-2020' });
    expect(output.metadata.COMMENT_OBS).toContain('lcr=official');
    for (const key of ['SOURCE_TYPE', 'COLL_METHOD', 'FREQ_COLL', 'SOURCE_DETAIL']) expect(output.metadata[key]).toBeTruthy();
  });

  it('walks a trainer through each step with --explain, on stderr only', async () => {
    const { stdout, stderr } = await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--explain']);
    expect(stderr).toContain('LCR = (V_2020 − V_2000) / V_2000 / t');
    expect(stderr).toContain('PGR = ln(P_2020 / P_2000) / t');
    expect(stderr).toContain('LCRPGR = LCR / PGR');
    expect(() => JSON.parse(stdout)).not.toThrow();
  });

  describe('--zones-from degurba (urban centres of the synthetic country; numpy/scipy reference)', () => {
    const country = JSON.parse(readFileSync('fixtures/degurba/expected.json', 'utf8')).landConsumption2000to2020 as Record<string, Record<string, Record<string, number>>>;
    const args = ['--built', '2000=fixtures/degurba/built_2000_1km.tif', '--built', '2020=fixtures/degurba/built_1km.tif',
      '--population', '2000=fixtures/degurba/population_2000_1km.tif', '--population', '2020=fixtures/degurba/population_1km.tif', '--zones-from', 'degurba', '--quiet'];
    for (const boundary of ['fixed-last', 'per-year']) {
      it(`sums each centre with ${boundary} boundaries`, async () => {
        const { code, stdout, stderr } = await runCli(['11.3.1', ...args, '--boundary', boundary]);
        expect(stderr).toBe('');
        expect(code).toBe(0);
        const observations = JSON.parse(stdout).observations;
        expect(observations.map((o: { zone: string }) => o.zone)).toEqual(Object.keys(country[boundary]));
        for (const o of observations) {
          const want = country[boundary][o.zone];
          for (const key of ['builtUpM2Start', 'builtUpM2End', 'populationStart', 'populationEnd']) expectRelative(o.components[key], want[key], 1e-9);
          expectRelative(o.value, want.value, 1e-9);
          expect(o.attributes.COMMENT_OBS).toContain(`delineation=degurba-urban-centre; boundary=${boundary}`);
        }
      });
    }
  });
});
