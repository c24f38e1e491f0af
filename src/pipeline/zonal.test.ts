import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveCrs } from '../core/crs.js';
import type { Grid } from '../core/grid.js';
import type { ZoneFeature, ZoneLayer } from '../core/zones.js';
import { createMemoryRaster } from '../core/memory-raster.js';
import { openRaster } from '../io/raster.js';
import { computePolygonArea } from '../kernels/coverage.js';
import { computeZonalSums } from './zonal.js';

const LAEA = resolveCrs('EPSG:3035', 'test');
const WGS84 = resolveCrs('EPSG:4326', 'test');

function zone(id: string, points: number[][], holes: number[][][] = []): ZoneFeature {
  const rings = [{ xy: Float64Array.from(points.flat()), isHole: false }, ...holes.map((h) => ({ xy: Float64Array.from(h.flat()), isHole: true }))];
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return { id, index: 0, properties: {}, polygons: [rings], bounds: { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) } };
}

function layerOf(features: ZoneFeature[], crs = LAEA): ZoneLayer {
  return { path: 'zones.geojson', crs, features: features.map((f, index) => ({ ...f, index })), idSource: 'id' };
}

const GRID: Grid = { originX: 1000, originY: 2000, cellWidth: 10, cellHeight: 10, cols: 50, rows: 40 };
const ones = new Float64Array(GRID.rows * GRID.cols).fill(1);
const gradient = Float64Array.from({ length: GRID.rows * GRID.cols }, (_, i) => (i % 7) + Math.floor(i / 50));

const STAR = zone('star', Array.from({ length: 25 }, (_, k) => {
  const angle = (2 * Math.PI * (k % 24)) / 24;
  const r = k % 2 === 0 ? 180 : 90;
  return [1250 + r * Math.cos(angle), 1800 + r * Math.sin(angle)];
}));
const SQUARE_WITH_HOLE = zone('holed', [[1020, 1620], [1220, 1620], [1220, 1820], [1020, 1820], [1020, 1620]],
  [[[1070, 1670], [1170, 1670], [1170, 1770], [1070, 1770], [1070, 1670]]]);

describe('exact zonal sums', () => {
  it('sums a raster of ones to the polygon area (Σ coverage × cell area = area, 1e-9 relative)', async () => {
    const raster = createMemoryRaster('ones', GRID, LAEA, ones);
    const [[star], [holed]] = await computeZonalSums(layerOf([STAR, SQUARE_WITH_HOLE]), [{ raster, quantity: 'value-times-area', scale: 1 }], { maxCells: 1e6 });
    const starArea = computePolygonArea(STAR.polygons[0]);
    expect(Math.abs(star.sum - starArea) / starArea).toBeLessThan(1e-9);
    expect(holed.sum).toBeCloseTo(200 * 200 - 100 * 100, 6);
    expect(star.partlyOutside).toBe(false);
  });

  it('gives the same sums whatever the band size (--max-cells) and the zone order', async () => {
    const raster = createMemoryRaster('gradient', GRID, LAEA, gradient);
    const layers = [{ raster, quantity: 'value' as const, scale: 1 }];
    const whole = await computeZonalSums(layerOf([STAR, SQUARE_WITH_HOLE]), layers, { maxCells: 1e6 });
    const banded = await computeZonalSums(layerOf([SQUARE_WITH_HOLE, STAR]), layers, { maxCells: 37 });
    expect(banded[1][0].sum).toBeCloseTo(whole[0][0].sum, 9);
    expect(banded[0][0].sum).toBeCloseTo(whole[1][0].sum, 9);
  });

  it('counts the part of a zone outside the raster as 0 and says so', async () => {
    const raster = createMemoryRaster('ones', GRID, LAEA, ones);
    const hanging = zone('edge', [[900, 1900], [1100, 1900], [1100, 2100], [900, 2100], [900, 1900]]);
    const [[sum]] = await computeZonalSums(layerOf([hanging]), [{ raster, quantity: 'value-times-area', scale: 1 }], { maxCells: 1e6 });
    expect(sum.partlyOutside).toBe(true);
    expect(sum.sum).toBeCloseTo(100 * 100, 6);
  });

  it('skips nodata cells and reports their covered amount', async () => {
    const values = Float64Array.from(ones);
    values[5 * 50 + 5] = -1;
    const raster = createMemoryRaster('holes', GRID, LAEA, values, -1);
    const square = zone('sq', [[1000, 1900], [1100, 1900], [1100, 2000], [1000, 2000], [1000, 1900]]);
    const [[sum]] = await computeZonalSums(layerOf([square]), [{ raster, quantity: 'value', scale: 1 }], { maxCells: 1e6 });
    expect(sum.sum).toBe(99);
    expect(sum.nodataCells).toBe(1);
  });

  it('rejects a zone that does not overlap the raster, naming zone and raster', async () => {
    const raster = createMemoryRaster('ones.tif', GRID, LAEA, ones);
    const far = zone('far', [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]);
    await expect(computeZonalSums(layerOf([far]), [{ raster, quantity: 'value', scale: 1 }], { maxCells: 1e6 }))
      .rejects.toThrow('zones.geojson feature 0 (zone "far"): does not overlap raster ones.tif');
  });

  it('uses ellipsoidal cell areas per row on a lon/lat raster (pyproj.Geod reference)', async () => {
    const want = JSON.parse(readFileSync('fixtures/geotiff/expected.json', 'utf8'))['lonlat-mask'];
    const raster = await openRaster('fixtures/geotiff/lonlat-mask.tif');
    const { lon, lat } = want.halfCoveredZone;
    const whole = zone('whole', [[10, 40], [20, 40], [20, 50], [10, 50], [10, 40]]);
    const part = zone('part', [[lon[0], lat[0]], [lon[1], lat[0]], [lon[1], lat[1]], [lon[0], lat[1]], [lon[0], lat[0]]]);
    const sums = await computeZonalSums(layerOf([whole, part], WGS84), [{ raster, quantity: 'mask-times-area', scale: 1 }], { maxCells: 1e6 });
    expect(Math.abs(sums[0][0].sum - want.wholeGridM2) / want.wholeGridM2).toBeLessThan(1e-9);
    // Partial cells are weighted by their planar lon/lat fraction (as exactextract does): with 1° cells
    // the half-cells at 47.5°N are off by 4e-4; the error shrinks with the cell height (≈ 3e-6 at 30″).
    expect(Math.abs(sums[1][0].sum - want.halfCoveredZone.areaM2) / want.halfCoveredZone.areaM2).toBeLessThan(1e-3);
    await raster.close();
  });

  it('sums cells where they lie in the blocks exactly as over assembled windows, reading only blocks with covered cells', async () => {
    // 70 × 45 cells in 16 × 16 tiles (5 × 3 blocks); the triangle leaves the bottom-right blocks uncovered.
    const raster = await openRaster('fixtures/geotiff/i16-tiled-lzw-pred2.tif');
    const triangle = zone('triangle', [[4321050, 3209950], [4327950, 3209950], [4321050, 3205550], [4321050, 3209950]]);
    const partsRead: number[] = [];
    const readWindowParts = raster.readWindowParts as NonNullable<typeof raster.readWindowParts>;
    const inBlocks = { ...raster, readWindowParts: async (...args: Parameters<typeof readWindowParts>) => {
      const parts = await readWindowParts(...args);
      partsRead.push(parts.length);
      return parts;
    } };
    const assembled = { info: raster.info, readWindow: raster.readWindow, close: raster.close };
    for (const maxCells of [200, 1e6]) {
      partsRead.length = 0;
      const [[fromBlocks]] = await computeZonalSums(layerOf([triangle]), [{ raster: inBlocks, quantity: 'value', scale: 1 }], { maxCells });
      const [[fromWindows]] = await computeZonalSums(layerOf([triangle]), [{ raster: assembled, quantity: 'value', scale: 1 }], { maxCells });
      expect(fromBlocks).toEqual(fromWindows);
      expect(fromBlocks.nodataCells).toBeGreaterThan(0);
    }
    // One window of 5 × 3 blocks: the hypotenuse leaves blocks (2–4, 2) and (3–4, 1) without a covered cell.
    expect(partsRead).toEqual([10]);
    await raster.close();
  });

  it('reprojects zones to the raster CRS, densifying edges', async () => {
    const raster = await openRaster('fixtures/geotiff/u8-stripped-none.tif');
    const lonlat = resolveCrs('EPSG:4326', 'test');
    // A small lon/lat box inside the EPSG:3035 fixture grid (x 4.321–4.328 Mm, y 3.2055–3.21 Mm).
    const box = zone('box', [[10.005, 51.975], [10.05, 51.975], [10.05, 51.99], [10.005, 51.99], [10.005, 51.975]]);
    const [[sum]] = await computeZonalSums(layerOf([box], lonlat), [{ raster, quantity: 'value', scale: 1 }], { maxCells: 1e6 });
    expect(sum.partlyOutside).toBe(false);
    // The projected box is ≈ 3.1 km × 1.7 km: its area in LAEA (an equal-area CRS) is the covered area.
    expect(Math.abs(sum.coveredAreaM2 - sum.zoneAreaM2) / sum.zoneAreaM2).toBeLessThan(1e-9);
    expect(sum.zoneAreaM2).toBeGreaterThan(4.5e6);
    await raster.close();
  });
});
