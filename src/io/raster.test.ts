import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openRaster } from './raster.js';

const DIR = 'fixtures/geotiff';
// rasterio's reading of GDAL-written files (make_geotiff_fixtures.py).
const expected = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8'));
const VARIANTS = Object.keys(expected).filter((k) => expected[k].dtype);

function sum(values: ArrayLike<number>, skip?: number | null): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== skip) total += values[i];
  return total;
}

describe('windowed GeoTIFF reading', () => {
  for (const name of VARIANTS) {
    it(`decodes ${name} to the values rasterio reads`, async () => {
      const want = expected[name];
      const raster = await openRaster(`${DIR}/${name}.tif`);
      try {
        const { grid, nodata, dataType } = raster.info;
        expect(dataType).toBe(want.dtype);
        expect(nodata).toBe(want.nodata);
        expect([grid.cols, grid.rows, grid.cellWidth, grid.cellHeight, grid.originX, grid.originY]).toEqual([70, 45, 100, 100, 4_321_000, 3_210_000]);
        const all = await raster.readWindow({ row0: 0, col0: 0, rows: 45, cols: 70 });
        expect(sum(all)).toBeCloseTo(want.sumAll, 6);
        expect(sum(all, nodata)).toBeCloseTo(want.sumValid, 6);
        expect(Array.from(all.subarray(0, 8))).toEqual(want.firstRow.map((v: number) => (want.dtype === 'float32' ? Math.fround(v) : v)));
        expect(all[all.length - 1]).toBeCloseTo(want.lastValue, 6);
        const w = expected.window;
        const window = await raster.readWindow({ row0: w.row0, col0: w.col0, rows: w.rows, cols: w.cols });
        expect(sum(window)).toBeCloseTo(want.sumWindow, 6);
      } finally {
        await raster.close();
      }
    });
  }

  // Long runs of one value (make_lzw_runs_fixture.py): LZW codes that each extend the one before by a byte.
  const runs = JSON.parse(readFileSync(`${DIR}/runs-expected.json`, 'utf8')) as Record<string, { sha256: string; rows: number; cols: number }>;
  for (const [name, want] of Object.entries(runs)) {
    it(`decodes ${name}, long runs in LZW, to the cells rasterio reads`, async () => {
      const raster = await openRaster(`${DIR}/${name}.tif`);
      try {
        const cells = await raster.readWindow({ row0: 0, col0: 0, rows: want.rows, cols: want.cols });
        expect(createHash('sha256').update(new Uint8Array(cells.buffer, cells.byteOffset, cells.byteLength)).digest('hex')).toBe(want.sha256);
      } finally {
        await raster.close();
      }
    });
  }

  it('finds the CRS from the EPSG GeoKey, and from the ESRI WKT in the citation keys (GHSL Mollweide)', async () => {
    const epsg = await openRaster(`${DIR}/u8-stripped-none.tif`);
    expect([epsg.info.crs.id, epsg.info.crsSource]).toEqual(['EPSG:3035', 'epsg-geokey']);
    const moll = await openRaster(`${DIR}/u16-tiled-deflate-pred2.tif`);
    expect(moll.info.crs.name).toBe('World_Mollweide');
    expect(moll.info.crsSource).toBe('wkt-citation');
    expect(moll.info.crs.geographic).toBe(false);
    await Promise.all([epsg.close(), moll.close()]);
  });

  it('reports BigTIFF, layout and compression', async () => {
    const raster = await openRaster(`${DIR}/f32-bigtiff-lzw.tif`);
    expect(raster.info).toMatchObject({ bigTiff: true, layout: 'tiled', compression: 'LZW' });
    await raster.close();
  });

  it('rejects a file that is not a GeoTIFF, naming what it found', async () => {
    const dir = mkdtempSync('/tmp/usdg-');
    writeFileSync(`${dir}/fake.tif`, 'id,population\n1,2\n');
    await expect(openRaster(`${dir}/fake.tif`)).rejects.toThrow(/fake\.tif: not a GeoTIFF \(expected a TIFF header II\*\/MM\*, found bytes 69642c70\)/);
  });

  it('rejects a truncated GeoTIFF before reading any block', async () => {
    const dir = mkdtempSync('/tmp/usdg-');
    const bytes = readFileSync(`${DIR}/u16-tiled-deflate-pred2.tif`);
    writeFileSync(`${dir}/cut.tif`, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expect(openRaster(`${dir}/cut.tif`)).rejects.toThrow(/cut\.tif: truncated GeoTIFF \(block \d+ needs bytes up to \d+, found a file of \d+ bytes\)/);
  });

  it('asks for --raster-crs when the CRS cannot be determined, and accepts it', async () => {
    await expect(openRaster(`${DIR}/no-crs.tif`)).rejects.toThrow(/cannot determine the raster's coordinate reference system.*--raster-crs/);
    const raster = await openRaster(`${DIR}/no-crs.tif`, { crsOverride: 'EPSG:3035' });
    expect(raster.info.crs.id).toBe('EPSG:3035');
    await raster.close();
  });

  it('names a missing file', async () => {
    const dir = mkdtempSync('/tmp/usdg-');
    copyFileSync(`${DIR}/no-crs.tif`, `${dir}/x.tif`);
    await expect(openRaster(`${dir}/missing.tif`)).rejects.toThrow(/missing\.tif: file not found/);
  });
});
