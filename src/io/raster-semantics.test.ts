import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeZonalSums } from '../pipeline/zonal.js';
import { expectOneLineError, runCli } from '../test-support/run-cli.js';
import { openRaster } from './raster.js';
import { readZones } from './vector.js';

const DIR = 'fixtures/geotiff/semantics';
// What rasterio reads from the same files (make_semantics_fixtures.py): masked, scaled, finite cells.
const expected = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8')).files as Record<string, Record<string, { cells: number; sum: number; pixelHeight: number }>>;

const near = (got: number, want: number) => expect(Math.abs(got - want) / Math.max(1, Math.abs(want))).toBeLessThan(1e-12);

/** The whole grid as one zone (every cell covered exactly once). */
const WHOLE = { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:32737' } }, features: [{ type: 'Feature', properties: { id: 'all' }, geometry: { type: 'Polygon', coordinates: [[[300_000, 9_859_000], [301_200, 9_859_000], [301_200, 9_860_000], [300_000, 9_860_000], [300_000, 9_859_000]]] } }] };

describe('raster values as GDAL means them (rasterio reference)', () => {
  const cases = ['packbits-uint16.tif', 'scaled-uint16.tif', 'float32-nodata-9999.9.tif', 'float32-nodata-neg-inf.tif', 'float32-nan-inf-untagged.tif', 'two-bands.tif#2'];
  it.each(cases)('%s: the cells with data and their sum, through the exact zonal sums', async (name) => {
    const [file, bandText] = name.split('#');
    const band = bandText === undefined ? undefined : Number(bandText);
    const raster = await openRaster(`${DIR}/${file}`, { band });
    const zones = await readZones({ source: WHOLE, name: 'whole grid' });
    const [[sum]] = await computeZonalSums(zones, [{ raster, quantity: 'value', scale: 1 }], { maxCells: 1_000_000 });
    await raster.close();
    const want = expected[file][String(band ?? 1)];
    near(sum.sum, want.sum);
    near(sum.coveredCells - sum.nodataCells, want.cells);
  });

  it('applies the GDAL scale and offset (cell × 0.5 + 10) and records them', async () => {
    const raster = await openRaster(`${DIR}/scaled-uint16.tif`);
    expect([raster.info.scale, raster.info.offset, raster.info.dataType, raster.info.nodata]).toEqual([0.5, 10, 'float64', null]);
    await raster.close();
  });

  it('compares a Float32 nodata in Float32, as GDAL does (-9999.9 is -9999.900390625)', async () => {
    const raster = await openRaster(`${DIR}/float32-nodata-9999.9.tif`);
    expect(raster.info.nodata).toBe(Math.fround(-9999.9));
    await raster.close();
  });

  it('refuses a grid whose rows run south to north (rasterio: positive pixel height), instead of mirroring it', async () => {
    expect(expected['y-up.tif']['1']).toMatchObject({ pixelHeight: 100 });
    await expect(openRaster(`${DIR}/y-up.tif`)).rejects.toThrow(/y-up\.tif: rows run south to north \(pixel height \+100\); expected a north-up grid/);
  });

  it('warns and flags NaN and ±Inf population cells in 11.2.1 (never summed)', async () => {
    const zones = JSON.parse(readFileSync('fixtures/transit/zones.geojson', 'utf8'));
    const dir = mkdtempSync('/tmp/usdg-semantics-');
    writeFileSync(`${dir}/centre.geojson`, JSON.stringify({ ...zones, features: zones.features.slice(0, 1) }));
    const { code, stdout, stderr } = await runCli(['11.2.1', '--zones', `${dir}/centre.geojson`, '--population', `${DIR}/float32-nan-inf-untagged.tif`, '--stops', 'fixtures/transit/stops.geojson', '--time-period', '2023']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/zone "centre": [\d.]+ covered cells of .*float32-nan-inf-untagged\.tif are nodata \(or not finite\) and count 0/);
    const [o] = JSON.parse(stdout).observations;
    expect(o.flags).toContain('nodata-in-zone');
    expect(Number.isFinite(o.components.populationTotal)).toBe(true);
  });

  it('refuses an RGB picture, and a grid of several bands without --band', async () => {
    const zones = ['--zones', 'fixtures/transit/zones.geojson', '--stops', 'fixtures/transit/stops.geojson', '--time-period', '2023', '--quiet'];
    expectOneLineError(await runCli(['11.2.1', '--population', `${DIR}/rgb.tif`, ...zones]), /rgb\.tif: an RGB image, not a grid of quantities/);
    expectOneLineError(await runCli(['11.2.1', '--population', `${DIR}/two-bands.tif`, ...zones]), /two-bands\.tif: 2 bands \(expected one\); choose the band to read with --band/);
  });
});
