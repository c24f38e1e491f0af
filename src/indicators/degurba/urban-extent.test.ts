import { mkdtempSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openRaster } from '../../io/raster.js';
import { runCli } from '../../test-support/run-cli.js';
import { computeUrbanExtent, URBAN_EXTENT_DEFAULTS } from './urban-extent.js';

describe('urban extent by built-up density (docs/methods.md §4)', () => {
  // A 2 × 2 grid with a 1.5-cell radius: every window holds the 4 cells, so shares are k / 4.
  const run = (built: number[], suburbanShare = 0.25) =>
    Array.from(computeUrbanExtent(Float64Array.from(built), 2, 2, 100, { ...URBAN_EXTENT_DEFAULTS, radiusM: 150, fringeM: 0, suburbanShare }).classes);

  it('U1: a neighbourhood share of exactly 0.50 is suburban, not urban; above it is urban', () => {
    expect(run([1, 1, 0, 0]).slice(0, 2)).toEqual([2, 2]);
    expect(run([1, 1, 1, 0]).slice(0, 3)).toEqual([1, 1, 1]);
  });

  it('U1: exactly 0.25 is suburban; a share below the suburban threshold is rural built-up', () => {
    expect(run([1, 0, 0, 0])[0]).toBe(2);
    expect(run([1, 0, 0, 0], 0.2501)[0]).toBe(3);
  });

  it('classifies a 30 m city as the independent scipy implementation does', async () => {
    const dir = mkdtempSync('/tmp/usdg-ue-');
    const { code, stdout, stderr } = await runCli(['degurba', '--method', 'urban-extent', '--built', 'fixtures/degurba/built_30m.tif', '--built-unit', 'mask',
      '--classes-out', `${dir}/classes.tif`, '--polygons-out', `${dir}/extent.geojson`, '--quiet']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [got, want] = await Promise.all([`${dir}/classes.tif`, 'fixtures/degurba/expected_urban_extent.tif'].map(async (path) => {
      const raster = await openRaster(path);
      const values = await raster.readWindow({ row0: 0, col0: 0, rows: raster.info.grid.rows, cols: raster.info.grid.cols });
      await raster.close();
      return Array.from(values);
    }));
    expect(got.reduce((n, v, i) => n + (v === want[i] ? 0 : 1), 0)).toBe(0);
    const expected = JSON.parse(readFileSync('fixtures/degurba/expected_urban_extent.json', 'utf8'));
    const areas = JSON.parse(stdout).urbanExtents.map((e: { areaKm2: number }) => e.areaKm2).sort((a: number, b: number) => b - a);
    areas.forEach((a: number, k: number) => expect(a).toBeCloseTo(expected.extentAreasKm2[k], 9));
    const polygons = JSON.parse(readFileSync(`${dir}/extent.geojson`, 'utf8'));
    expect(polygons.features).toHaveLength(expected.extentAreasKm2.length);
  });
});
