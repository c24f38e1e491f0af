import { mkdtempSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openRaster } from '../../io/raster.js';
import { writeGeoTiff } from '../../io/geotiff-writer.js';
import { runCli, expectOneLineError } from '../../test-support/run-cli.js';

const DIR = 'fixtures/degurba';
const INPUTS = ['--population', `${DIR}/population_1km.tif`, '--built', `${DIR}/built_1km.tif`, '--land', `${DIR}/land_1km.tif`];

async function readAll(path: string): Promise<Uint8Array> {
  const raster = await openRaster(path);
  const { rows, cols } = raster.info.grid;
  const values = await raster.readWindow({ row0: 0, col0: 0, rows, cols });
  await raster.close();
  return Uint8Array.from(values);
}

function tempDir(): string {
  return mkdtempSync('/tmp/usdg-degurba-');
}

describe('urban-sdg degurba on a synthetic country (expected classes from numpy/scipy.ndimage)', () => {
  for (const [name, extra] of [
    ['level2_R2023A', []],
    ['level1_R2023A', ['--level', '1']],
    ['level2_R2022A', ['--preset', 'R2022A']],
  ] as const) {
    it(`classifies every cell as the independent implementation does (${name})`, async () => {
      const dir = tempDir();
      const { code, stderr } = await runCli(['degurba', ...INPUTS, ...extra, '--classes-out', `${dir}/classes.tif`, '--quiet']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const got = await readAll(`${dir}/classes.tif`);
      const want = await readAll(`${DIR}/expected_${name}.tif`);
      const differing = got.reduce((n, v, i) => n + (v === want[i] ? 0 : 1), 0);
      expect(differing).toBe(0);
    });
  }

  it('classifies a 100 m version of the country (blocks summing to the 1 km cells) identically', async () => {
    const dir = tempDir();
    for (const [name, mode] of [['population', 'sum'], ['built', 'sum'], ['land', 'mean']] as const) {
      const coarse = await openRaster(`${DIR}/${name}_1km.tif`);
      const { grid } = coarse.info;
      const values = await coarse.readWindow({ row0: 0, col0: 0, rows: grid.rows, cols: grid.cols });
      await coarse.close();
      const fine = { ...grid, cellWidth: 100, cellHeight: 100, rows: grid.rows * 10, cols: grid.cols * 10 };
      // Unequal parts: weights 1..10 across each block row, normalised so every block sums to its 1 km cell.
      await writeGeoTiff(`${dir}/${name}.tif`, { grid: fine, crs: { wkt: coarse.info.crs.wkt }, dataType: 'float64' }, (row0, rows, out) => {
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < fine.cols; c++) {
            const v = values[Math.floor((row0 + r) / 10) * grid.cols + Math.floor(c / 10)];
            out[r * fine.cols + c] = mode === 'mean' ? v : (v * ((c % 10) + 1)) / 55 / 10;
          }
        }
      });
    }
    const { code, stderr } = await runCli(['degurba', '--population', `${dir}/population.tif`, '--built', `${dir}/built.tif`, '--land', `${dir}/land.tif`, '--classes-out', `${dir}/classes.tif`, '--quiet']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const got = await readAll(`${dir}/classes.tif`);
    const want = await readAll(`${DIR}/expected_level2_R2023A.tif`);
    expect(got.reduce((n, v, i) => n + (v === want[i] ? 0 : 1), 0)).toBe(0);
  });

  it('gives cells without population data the no-data class (255), not rural, and leaves them out of every class (numpy/scipy reference)', async () => {
    const dir = tempDir();
    const { code, stdout, stderr } = await runCli(['degurba', '--population', `${DIR}/population_nodata_1km.tif`, '--built', `${DIR}/built_1km.tif`, '--land', `${DIR}/land_1km.tif`, '--classes-out', `${dir}/classes.tif`]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/996 cells of the 1 km grid have no population or land data: class 255 \(no data\)/);
    const got = await readAll(`${dir}/classes.tif`);
    const want = await readAll(`${DIR}/expected_level2_nodata.tif`);
    expect(got.reduce((n, v, i) => n + (v === want[i] ? 0 : 1), 0)).toBe(0);
    const summary = JSON.parse(stdout);
    const counts = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8')).classCounts.level2_nodata;
    for (const c of summary.classes) expect(c.cells).toBe(counts[String(c.code)] ?? 0);
    expect(summary.noDataCells).toBe(counts['255']);
    const raster = await openRaster(`${dir}/classes.tif`);
    expect(raster.info.nodata).toBe(255);
    await raster.close();
  });

  it('summarises each class and writes urban-centre polygons usable as --zones', async () => {
    const dir = tempDir();
    const { code, stdout } = await runCli(['degurba', ...INPUTS, '--polygons-out', `${dir}/centres.geojson`, '--quiet']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    const counts = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8')).classCounts.level2_R2023A;
    for (const c of summary.classes) expect(c.cells).toBe(counts[String(c.code)] ?? 0);
    const polygons = JSON.parse(readFileSync(`${dir}/centres.geojson`, 'utf8'));
    const centres = polygons.features.filter((f: { properties: { class: string } }) => f.properties.class === 'urban-centre');
    expect(centres.length).toBe(summary.urbanCentres.length);
    const centreClass = summary.classes.find((c: { code: number }) => c.code === 30);
    expect(centres.reduce((s: number, f: { properties: { areaKm2: number } }) => s + f.properties.areaKm2, 0)).toBe(centreClass.areaKm2);
    // The polygons, back on the population grid with exact coverage, hold the centres' population.
    const zonal = await runCli(['11.3.1', '--built', `2000=${DIR}/population_1km.tif`, '--built', `2020=${DIR}/population_1km.tif`,
      '--population', `2000=${DIR}/population_1km.tif`, '--population', `2020=${DIR}/population_1km.tif`, '--zones', `${dir}/centres.geojson`, '--quiet']);
    expect(zonal.stderr).toBe('');
    const observations = JSON.parse(zonal.stdout).observations;
    expect(observations).toHaveLength(summary.urbanCentres.length + summary.urbanClusters.length);
    for (const o of observations) {
      const feature = polygons.features.find((f: { properties: { id: string } }) => f.properties.id === o.zone);
      expect(Math.abs(o.components.populationEnd - feature.properties.population) / feature.properties.population).toBeLessThan(1e-6);
    }
  });

  it('classifies local units as city, town or rural by where their population lives (shapely reference)', async () => {
    const { code, stdout } = await runCli(['degurba', ...INPUTS, '--units', `${DIR}/units.geojson`, '--quiet']);
    expect(code).toBe(0);
    const units = JSON.parse(stdout).units;
    const expected = JSON.parse(readFileSync(`${DIR}/units.geojson`, 'utf8')).features.map((f: { properties: Record<string, unknown> }) => f.properties);
    expect(units.map((u: { id: string; class: string }) => [u.id, u.class])).toEqual(expected.map((e: Record<string, unknown>) => [e.id, e.expectedClass]));
    units.forEach((u: { population: number; urbanCentreSharePct: number; ruralSharePct: number }, k: number) => {
      expect(Math.abs(u.population - (expected[k].population as number)) / u.population).toBeLessThan(1e-9);
      expect(u.urbanCentreSharePct).toBeCloseTo(expected[k].urbanCentreSharePct as number, 9);
      expect(u.ruralSharePct).toBeCloseTo(expected[k].ruralSharePct as number, 9);
    });
  });

  it('draws a PNG preview of the classes', async () => {
    const dir = tempDir();
    expect((await runCli(['degurba', ...INPUTS, '--preview', `${dir}/classes.png`, '--quiet'])).code).toBe(0);
    const png = readFileSync(`${dir}/classes.png`);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // The map (120 × 90 cells, 6 px each) and a 300 px legend panel beside it.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([120 * 6 + 300, 90 * 6]);
    const { Jimp } = await import('jimp');
    const image = await Jimp.read(png);
    const pixel = (x: number, y: number) => Array.from(image.bitmap.data.subarray(4 * (y * image.bitmap.width + x), 4 * (y * image.bitmap.width + x) + 3));
    // Each legend swatch (inside its border) has its class's GHS-SMOD colour, urban centre (red) first.
    const summary = JSON.parse((await runCli(['degurba', ...INPUTS, '--quiet'])).stdout) as { classes: { code: number; cells: number }[] };
    const present = summary.classes.filter((c) => c.cells > 0).map((c) => c.code).sort((a, b) => b - a);
    const smod: Record<number, number[]> = { 30: [255, 0, 0], 23: [115, 38, 0], 22: [168, 112, 0], 21: [255, 255, 0], 13: [55, 86, 35], 12: [171, 205, 102], 11: [205, 245, 122], 10: [122, 182, 245] };
    present.forEach((code, k) => expect(pixel(120 * 6 + 16 + 9, 64 + k * 26 + 9), `swatch ${k}`).toEqual(smod[code]));
    // The map's pixels are only class colours.
    const colours = new Set(present.map((c) => smod[c].join()));
    for (let y = 3; y < 90 * 6; y += 37) for (let x = 3; x < 120 * 6; x += 41) expect(colours.has(pixel(x, y).join())).toBe(true);
    // No-data cells are a grey checkerboard, in the map and in the last swatch, never a class colour.
    const nodataDir = tempDir();
    expect((await runCli(['degurba', '--population', `${DIR}/population_nodata_1km.tif`, '--built', `${DIR}/built_1km.tif`, '--land', `${DIR}/land_1km.tif`, '--preview', `${nodataDir}/classes.png`, '--quiet'])).code).toBe(0);
    const withGaps = await Jimp.read(readFileSync(`${nodataDir}/classes.png`));
    const at = (x: number, y: number) => Array.from(withGaps.bitmap.data.subarray(4 * (y * withGaps.bitmap.width + x), 4 * (y * withGaps.bitmap.width + x) + 3)).join();
    const mapWidth = withGaps.bitmap.width - 300;
    let greys = 0;
    for (let y = 0; y < withGaps.bitmap.height; y += 2) for (let x = 0; x < mapWidth; x += 2) if (at(x, y) === '200,200,200' || at(x, y) === '120,120,120') greys++;
    expect(greys).toBeGreaterThan(0);
  });

  describe('bad input: exit 2 with one line', () => {

    it('grids in different CRSs', async () => {
      expectOneLineError(await runCli(['degurba', '--population', `${DIR}/population_1km.tif`, '--land', 'fixtures/geotiff/f32-tiled-deflate-pred3.tif']),
        /f32-tiled-deflate-pred3\.tif: the land-share grid is in EPSG:3035, the population grid in WKT:World_Mollweide/);
    });

    it('misaligned grids', async () => {
      const dir = tempDir();
      const raster = await openRaster(`${DIR}/land_1km.tif`);
      const { grid } = raster.info;
      const values = await raster.readWindow({ row0: 0, col0: 0, rows: grid.rows, cols: grid.cols });
      await writeGeoTiff(`${dir}/land.tif`, { grid: { ...grid, originX: grid.originX + 500 }, crs: { wkt: raster.info.crs.wkt }, dataType: 'float64' }, (row0, rows, out) => out.set(values.subarray(row0 * grid.cols, (row0 + rows) * grid.cols)));
      await raster.close();
      expectOneLineError(await runCli(['degurba', '--population', `${DIR}/population_1km.tif`, '--land', `${dir}/land.tif`]), /land\.tif: the land-share grid is not aligned with the population grid \(origin 3600500, 200000/);
    });

    it('an all-nodata population grid', async () => {
      const dir = tempDir();
      await writeGeoTiff(`${dir}/pop.tif`, { grid: { originX: 0, originY: 0, cellWidth: 1000, cellHeight: 1000, rows: 4, cols: 4 }, crs: { epsg: 3035 }, dataType: 'float32', nodata: -200 }, (_r, _n, out) => { out.fill(-200); });
      expectOneLineError(await runCli(['degurba', '--population', `${dir}/pop.tif`]), /pop\.tif: every cell is nodata/);
    });

    it('a grid that is not in metres, suggesting reprojection', async () => {
      expectOneLineError(await runCli(['degurba', '--population', 'fixtures/geotiff/lonlat-mask.tif']), /lonlat-mask\.tif: the grid is not in metres \(found EPSG:4326, degrees\).*gdalwarp -t_srs ESRI:54009/);
    });

    it('thresholds out of range', async () => {
      expectOneLineError(await runCli(['degurba', ...INPUTS, '--water-land-share', '1.5']), /--water-land-share: expected a number ≥ 0 and ≤ 1, found "1\.5"/);
      expectOneLineError(await runCli(['degurba', ...INPUTS, '--centre-density', '-3']), /--centre-density: expected a number ≥ 0, found "-3"/);
    });

  });
});
