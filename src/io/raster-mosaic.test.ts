/**
 * Raster mosaics: the demo-city rasters cut into 4 tiles by gdal_translate, with a gdalbuildvrt VRT
 * (fixtures/mosaic/make_mosaic.sh). Windows across the tiles' corner must hold exactly the cells of
 * the file they were cut from, and the zonal sums must be the same.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeInputSha256 } from './open-inputs.js';
import { openRaster } from './raster.js';
import { openMosaic } from './raster-mosaic.js';
import { expectOneLineError, runCli } from '../test-support/run-cli.js';

const WHOLE = 'fixtures/demo-city';
const TILES = 'fixtures/mosaic';
const ZONES = ['--zones', 'fixtures/demo-city/zones.geojson'];

function args(spell: (name: string) => string): string[] {
  return [2000, 2020].flatMap((y) => ['--built', `${y}=${spell(`built_${y}`)}`, '--population', `${y}=${spell(`population_${y}`)}`]);
}

async function observations(argv: string[]) {
  const { code, stdout, stderr } = await runCli(['11.3.1', ...argv, ...ZONES, '--quiet']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  // Everything but the attributes, whose SOURCE_DETAIL names the files.
  return (JSON.parse(stdout) as { observations: { zone: string; value: number; components: Record<string, number>; flags: string[] }[] }).observations.map((o) => [o.zone, o.value, o.components, o.flags]);
}

describe('raster mosaics (a folder of tiles, a GDAL VRT)', () => {
  it('reads every window across the tiles\' corner exactly as the whole file', async () => {
    for (const name of ['built_2000', 'population_2020']) {
      const whole = await openRaster(`${WHOLE}/${name}.tif`);
      for (const mosaic of [await openMosaic(`${TILES}/${name}.vrt`, false, {}), await openMosaic(`${TILES}/${name}`, true, {})]) {
        expect(mosaic.info.grid).toEqual(whole.info.grid);
        expect(mosaic.info.nodata).toBe(whole.info.nodata);
        for (const window of [{ row0: 90, col0: 100, rows: 25, cols: 40 }, { row0: 0, col0: 0, rows: 200, cols: 240 }, { row0: 99, col0: 116, rows: 2, cols: 2 }, { row0: 150, col0: 200, rows: 50, cols: 40 }]) {
          const want = Array.from(await whole.readWindow(window));
          expect(Array.from(await mosaic.readWindow(window))).toEqual(want);
          // The cells where they lie in the tiles' blocks: each cell of the window once, with its value.
          const assembled = new Array<number>(window.rows * window.cols).fill(Number.NaN);
          for (const p of await mosaic.readWindowParts?.(window) ?? []) {
            for (let r = 0; r < p.rows; r++) for (let c = 0; c < p.cols; c++) assembled[(p.row0 + r) * window.cols + p.col0 + c] = p.values[p.offset + r * p.rowStride + c * p.cellStride];
          }
          expect(assembled).toEqual(want);
        }
        await mosaic.close();
      }
      await whole.close();
    }
  });

  it('gives the zonal sums of the whole files, from the VRTs and from the folders', async () => {
    const whole = await observations(args((n) => `${WHOLE}/${n}.tif`));
    expect(await observations(args((n) => `${TILES}/${n}.vrt`))).toEqual(whole);
    expect(await observations(args((n) => `${TILES}/${n}`))).toEqual(whole);
  });

  it('records a folder\'s hash as sha256sum would: the SHA-256 of its tiles\' "HASH  NAME" list', async () => {
    const listing = execFileSync('sha256sum', ['r0c0.tif', 'r0c1.tif', 'r1c0.tif', 'r1c1.tif'], { cwd: `${TILES}/built_2000` });
    const expected = execFileSync('sha256sum', { input: listing }).toString().split(' ')[0];
    expect((await computeInputSha256(`${TILES}/built_2000`)).sha256).toBe(expected);
  });

  it('flags a zone over a missing tile and counts the gap as nodata, never as 0', async () => {
    const gap = mkdtempSync('/tmp/usdg-gap-');
    for (const tile of ['r0c0', 'r1c0', 'r1c1']) copyFileSync(`${TILES}/built_2000/${tile}.tif`, `${gap}/${tile}.tif`);
    const { code, stdout, stderr } = await runCli(['11.3.1', '--built', `2000=${gap}`, ...args((n) => `${WHOLE}/${n}.tif`).slice(2), ...ZONES]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/zone "city": [\d.]+ covered cells of .* are nodata and count 0/);
    const city = (JSON.parse(stdout).observations as { zone: string; flags: string[] }[]).find((o) => o.zone === 'city');
    expect(city?.flags).toContain('nodata-in-zone');
  });

  it('refuses tiles of different grids, and a VRT that resamples, in one line', async () => {
    expectOneLineError(await runCli(['11.3.1', '--built', `2000=${TILES}/bad-grid`, ...args((n) => `${WHOLE}/${n}.tif`).slice(2), ...ZONES]), /bad-grid: tile .*r0c1\.tif has cells of 200 × 200, not 100 × 100 as .*r0c0\.tif \(expected tiles of one grid; warp them to one with gdalwarp first\)$/);
    const dir = mkdtempSync('/tmp/usdg-vrt-');
    const vrt = readFileSync(`${TILES}/built_2000.vrt`, 'utf8').replace(/relativeToVRT="1">built_2000\//g, `relativeToVRT="0">${process.cwd()}/${TILES}/built_2000/`).replace('<DstRect xOff="117" yOff="0" xSize="123" ySize="100" />', '<DstRect xOff="117" yOff="0" xSize="61" ySize="50" />');
    writeFileSync(`${dir}/half.vrt`, vrt);
    expectOneLineError(await runCli(['11.3.1', '--built', `2000=${dir}/half.vrt`, ...args((n) => `${WHOLE}/${n}.tif`).slice(2), ...ZONES]), /half\.vrt source 1 \(.*r0c1\.tif\): SrcRect 0 0 123 100 → DstRect 117 0 61 50 resamples or crops/);
  });
});

describe('population rasters for 11.2.1 as users hold them', () => {
  it('reads a folder of tiles and a GHSL-style zip as the population raster: the results of the plain GeoTIFF', async () => {
    const { buildZip } = await import('../test-support/hostile-files.js');
    const dir = mkdtempSync('/tmp/usdg-pop-');
    writeFileSync(`${dir}/GHS_POP_demo.zip`, buildZip([{ name: 'GHS_POP_demo.tif', text: readFileSync('fixtures/transit/population.tif') }]));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(`${dir}/tiles`);
    copyFileSync('fixtures/transit/population.tif', `${dir}/tiles/only-tile.tif`);
    const run = async (population: string) => {
      const { code, stdout, stderr } = await runCli(['11.2.1', '--zones', 'fixtures/transit/zones.geojson', '--population', population, '--stops', 'fixtures/transit/stops.geojson', '--time-period', '2023', '--quiet']);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      return (JSON.parse(stdout).observations as { zone: string; value: number; components: unknown }[]).map((o) => [o.zone, o.value, o.components]);
    };
    const plain = await run('fixtures/transit/population.tif');
    expect(await run(`${dir}/GHS_POP_demo.zip`)).toEqual(plain);
    expect(await run(`${dir}/tiles`)).toEqual(plain);
  });
});
