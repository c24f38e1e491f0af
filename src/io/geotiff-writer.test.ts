import { mkdtempSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { writeGeoTiff } from './geotiff-writer.js';
import { openRaster } from './raster.js';

describe('streaming GeoTIFF writer', () => {
  it('writes tiled DEFLATE rasters that read back cell for cell, with CRS and nodata', async () => {
    const dir = mkdtempSync('/tmp/usdg-w-');
    const grid = { originX: 4_321_000, originY: 3_210_000, cellWidth: 100, cellHeight: 100, cols: 300, rows: 130 };
    await writeGeoTiff(`${dir}/a.tif`, { grid, crs: { epsg: 3035 }, dataType: 'uint16', nodata: 65535, tileSize: 64 }, (row0, rows, out) => {
      for (let r = 0; r < rows; r++) for (let c = 0; c < grid.cols; c++) out[r * grid.cols + c] = ((row0 + r) * 7 + c) % 65535;
    });
    const raster = await openRaster(`${dir}/a.tif`);
    expect(raster.info).toMatchObject({ grid, nodata: 65535, dataType: 'uint16', compression: 'DEFLATE', layout: 'tiled', blockWidth: 64 });
    expect(raster.info.crs.id).toBe('EPSG:3035');
    const cells = await raster.readWindow({ row0: 60, col0: 250, rows: 70, cols: 50 });
    for (let r = 0; r < 70; r++) for (let c = 0; c < 50; c++) expect(cells[r * 50 + c]).toBe(((60 + r) * 7 + 250 + c) % 65535);
    await raster.close();
  });

  it('writes a WKT CRS (ESRI:54009) as the ESRI PE citation that the reader understands', async () => {
    const dir = mkdtempSync('/tmp/usdg-w-');
    const wkt = 'PROJCS["World_Mollweide",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mollweide"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],UNIT["Meter",1.0]]';
    const grid = { originX: 0, originY: 0, cellWidth: 1000, cellHeight: 1000, cols: 10, rows: 10 };
    await writeGeoTiff(`${dir}/m.tif`, { grid, crs: { wkt }, dataType: 'float32' }, (_row0, _rows, out) => { out.fill(1.5); });
    const raster = await openRaster(`${dir}/m.tif`);
    expect([raster.info.crs.name, raster.info.crsSource]).toEqual(['World_Mollweide', 'wkt-citation']);
    expect(Array.from(await raster.readWindow({ row0: 9, col0: 9, rows: 1, cols: 1 }))).toEqual([1.5]);
    await raster.close();
  });
});
