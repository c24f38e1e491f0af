/**
 * Urban centres as zones for other indicators (docs/methods.md §3.1, §10.4 step 2: "delimit the urban area
 * (DEGURBA)"). `fixed-last` / `fixed-first` use one year's centres for every year; `per-year` uses
 * each year's own centres, matched to the last year's: a centre of year t belongs to the last-year
 * centre it shares most cells with, so ids stay comparable across years (docs/methods.md G17).
 */
import { fillEach } from '../../core/typed-array.js';
import type { Crs } from '../../core/crs.js';
import type { Grid } from '../../core/grid.js';
import { computeRingsBox } from '../../core/ring.js';
import type { RasterSource } from '../../core/raster.js';
import type { Ring, ZoneFeature, ZoneLayer } from '../../core/zones.js';
import { computeLabelPolygons } from '../../kernels/polygonize.js';
import { toGridRing } from '../../pipeline/cell-outlines.js';
import { readAggregatedGrid } from '../../pipeline/grid-aggregate.js';
import { classifyDegurba, R2023A_PARAMETERS, type DegurbaParameters } from './classify.js';
import { aggregationFactor, assertSameGrid } from './grids.js';

export type DegurbaBoundary = 'fixed-last' | 'fixed-first' | 'per-year';

export interface YearRasters {
  readonly year: number;
  readonly population: RasterSource;
  /** Built-up m² per cell. */
  readonly built: RasterSource;
}

async function classifyYear(rasters: YearRasters, parameters: DegurbaParameters, maxCells: number): Promise<{ grid: Grid; labels: Int32Array; count: number; population: Float64Array }> {
  assertSameGrid(rasters.population, rasters.built, 'built-up');
  const factor = aggregationFactor(rasters.population);
  const pop = await readAggregatedGrid(rasters.population, factor, 'sum', maxCells);
  const built = await readAggregatedGrid(rasters.built, factor, 'sum', maxCells);
  const { grid } = pop;
  const result = classifyDegurba({ rows: grid.rows, cols: grid.cols, cellAreaKm2: (grid.cellWidth * grid.cellHeight) / 1e6, population: pop.values, builtM2: built.values, landShare: null }, parameters);
  return { grid, labels: result.centres.labels, count: result.centres.count, population: pop.values };
}

function toZoneLayer(labels: Int32Array, count: number, grid: Grid, crs: Crs, name: string, population: Float64Array): ZoneLayer {
  const polygons = computeLabelPolygons(labels, grid.rows, grid.cols, count);
  const cellPop = new Float64Array(count + 1);
  const cells = new Int32Array(count + 1);
  labels.forEach((id, i) => {
    if (id !== 0) {
      cellPop[id] += population[i];
      cells[id]++;
    }
  });
  const features: ZoneFeature[] = [];
  polygons.forEach((parts, k) => {
    if (parts.length === 0) return;
    const rings: Ring[][] = parts.map((ringsOfPart) => ringsOfPart.map((corners, r) => ({ xy: toGridRing(corners, grid), isHole: r > 0 })));
    const id = k + 1;
    features.push({
      id: `UC-${id}`, index: features.length,
      properties: { class: 'urban-centre', population: cellPop[id], areaKm2: (cells[id] * grid.cellWidth * grid.cellHeight) / 1e6 },
      polygons: rings, bounds: computeRingsBox(rings.flatMap((part) => part.map((ring) => ring.xy))),
    });
  });
  return { path: name, crs, features, idSource: 'degurba urban-centre id' };
}

/** Zone layers per year (same ids in every year) from the Degree of Urbanisation urban centres. */
export async function computeDegurbaZones(years: readonly YearRasters[], boundary: DegurbaBoundary, maxCells: number, parameters: DegurbaParameters = { ...R2023A_PARAMETERS, level: 1 }): Promise<Map<number, ZoneLayer>> {
  const reference = boundary === 'fixed-first' ? years[0] : years[years.length - 1];
  const crs = reference.population.info.crs;
  const ref = await classifyYear(reference, parameters, maxCells);
  const referenceLayer = toZoneLayer(ref.labels, ref.count, ref.grid, crs, `degurba urban centres ${reference.year}`, ref.population);
  const layers = new Map<number, ZoneLayer>();
  if (boundary !== 'per-year') {
    for (const { year } of years) layers.set(year, referenceLayer);
    return layers;
  }
  for (const rasters of years) {
    if (rasters === reference) {
      layers.set(rasters.year, referenceLayer);
      continue;
    }
    const own = await classifyYear(rasters, parameters, maxCells);
    // Match each of this year's centres to the last-year centre it overlaps most.
    const overlap = new Map<number, Map<number, number>>();
    own.labels.forEach((id, i) => {
      const target = ref.labels[i];
      if (id === 0 || target === 0) return;
      const counts = overlap.get(id) ?? new Map<number, number>();
      counts.set(target, (counts.get(target) ?? 0) + 1);
      overlap.set(id, counts);
    });
    const assigned = new Int32Array(own.count + 1);
    for (const [id, counts] of overlap) assigned[id] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
    const labels = fillEach(new Int32Array(own.labels.length), (i) => assigned[own.labels[i]]);
    layers.set(rasters.year, toZoneLayer(labels, ref.count, own.grid, crs, `degurba urban centres ${rasters.year}`, own.population));
  }
  return layers;
}
