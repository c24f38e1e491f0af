import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.js';
import { resolveCrs, toPointTransform } from './crs.js';

// pyproj without the OSTN15 / NTv2 grids (make_datum_expected.py): its fallback operation and results.
const expected = JSON.parse(readFileSync('fixtures/crs/datum-expected.json', 'utf8')) as Record<string, { operation: string; accuracyM: number; points: { from: [number, number]; to: [number, number] }[] }>;

describe('datums shifted by a grid that is not shipped', () => {
  it.each(Object.keys(expected))('%s: the positions PROJ gives without the grid, and a note of the accuracy', (code) => {
    const crs = resolveCrs(code, 'test');
    expect(crs.datumNote).toMatch(/Helmert transformation EPSG:\d+/);
    expect(crs.datumNote).toContain(`accurate to about ${expected[code].accuracyM} m`);
    const toLonLat = toPointTransform(crs, resolveCrs('EPSG:4326', 'test'));
    for (const { from, to } of expected[code].points) {
      const [lon, lat] = toLonLat?.(from[0], from[1]) ?? [NaN, NaN];
      expect(Math.abs(lon - to[0])).toBeLessThan(1e-8);
      expect(Math.abs(lat - to[1])).toBeLessThan(1e-8);
    }
  });

  it('warns on every run that reads such a layer', async () => {
    const result = await runCli(['11.2.1', '--zones', 'fixtures/transit/zones.geojson', '--population', 'fixtures/transit/population.tif', '--stops', 'fixtures/transit/stops.geojson', '--time-period', '2023']);
    expect(result.stderr).not.toContain('Helmert');
    const { stderr } = await runCli(['11.3.1', '--built', '2000=fixtures/demo-city/built_2000.tif', '--built', '2020=fixtures/demo-city/built_2020.tif', '--population', '2000=fixtures/demo-city/population_2000.tif', '--population', '2020=fixtures/demo-city/population_2020.tif', '--zones', 'fixtures/demo-city/zones.geojson', '--zones-crs', 'EPSG:4267']);
    expect(stderr).toMatch(/zones\.geojson \(EPSG:4267\): NAD27 to WGS 84 by the Helmert transformation EPSG:1173 .*accurate to about 10 m/);
  });

  it('refuses a grid it has no fallback for, instead of NaN coordinates', () => {
    expect(() => resolveCrs('+proj=longlat +ellps=intl +nadgrids=some_national.gsb +no_defs', 'the layer')).toThrow(/the CRS shifts its datum with the grid "some_national\.gsb", which urban-sdg does not have/);
  });
});
