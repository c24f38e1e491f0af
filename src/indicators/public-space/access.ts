/**
 * The access component of 11.7.1 (UN metadata 11.7.1; docs/public-space.md): the share of the population within 400 m of an
 * open public space — along the street network from entry points every 30 m of each space's boundary,
 * or as the crow flies to the space's edge — service areas merged (each population cell served or
 * not by its centre or by the share of its n × n sub-cell centres, each population point where it
 * lies; a home inside a space is served).
 */
import Flatbush from 'flatbush';
import { toPointTransform, type Crs } from '../../core/crs.js';
import { describeSourceName } from '../../core/inputs.js';
import type { GeoJsonOutput } from '../../core/geojson-output.js';
import type { Observation } from '../../core/observation.js';
import type { RasterSource } from '../../core/raster.js';
import { toLonLatExtent, type ZoneLayer } from '../../core/zones.js';
import { UsageError } from '../../errors.js';
import { isPointInRings } from '../../kernels/point-in-polygon.js';
import { buildSegmentIndex } from '../../kernels/snap.js';
import { buildMetricLines } from '../../pipeline/metric-lines.js';
import { toServiceAreaLayer } from '../../pipeline/service-areas.js';
import { forEachSubcellCentre, toServedRule } from '../../pipeline/subcells.js';
import { buildNetworkAccess, type ProjectedStop } from '../../pipeline/transit-access.js';
import { visitZoneCells } from '../../pipeline/zonal.js';
import { visitZonePoints } from '../../pipeline/zone-points.js';
import { given, type RunContext, type SeriesSpec } from '../define.js';
import type { RunLog } from '../../core/inputs.js';
import { createObservationFactory } from '../observations.js';
import { openPopulationLayers } from '../population-groups.js';
import type { OpenSpace } from './layers.js';
import type { Options } from './run.js';

/** Points every `spacingM` along each outer ring (and its vertices' start), in the working CRS. */
function toEntryPoints(spaces: readonly OpenSpace[], spacingM: number): ProjectedStop[] {
  const points: ProjectedStop[] = [];
  spaces.forEach((space, k) => {
    const ring = space.rings[0];
    let carry = 0;
    for (let i = 0; i + 2 < ring.length; i += 2) {
      const ax = ring[i], ay = ring[i + 1], bx = ring[i + 2], by = ring[i + 3];
      const length = Math.hypot(bx - ax, by - ay);
      for (let d = carry; d < length; d += spacingM) points.push({ x: ax + ((bx - ax) * d) / length, y: ay + ((by - ay) * d) / length, capacity: 'low', station: `space-${k}` });
      carry = (carry - length) % spacingM;
      if (carry < 0) carry += spacingM;
    }
  });
  return points;
}

/** Whether a point lies inside an open space (even–odd over its rings, holes excluded). */
function buildInsideTest(spaces: readonly OpenSpace[]): (x: number, y: number) => boolean {
  const rings = spaces.map((space) => space.rings.map((xy) => ({ xy, isHole: false })));
  const boxes = new Flatbush(Math.max(1, spaces.length));
  for (const s of spaces) boxes.add(s.minX, s.minY, s.maxX, s.maxY);
  if (spaces.length === 0) boxes.add(0, 0, 0, 0);
  boxes.finish();
  return (x, y) => spaces.length > 0 && boxes.search(x, y, x, y).some((k) => isPointInRings(rings[k], x, y));
}

/** Served when inside a space or within `accessM` of a space's edge (straight line, ≤ inclusive). */
function buildEuclidean(spaces: readonly OpenSpace[], accessM: number): (x: number, y: number) => boolean {
  const ends: number[] = [];
  for (const space of spaces) for (const ring of space.rings) for (let i = 0; i + 2 < ring.length; i += 2) ends.push(ring[i], ring[i + 1], ring[i + 2], ring[i + 3]);
  const edges = buildSegmentIndex(Float64Array.from(ends));
  const inside = buildInsideTest(spaces);
  return (x, y) => inside(x, y) || edges.nearest(x, y, accessM) !== null;
}

export interface AccessResult {
  readonly observations: Observation[];
  /** The merged service area of the total population, when it is a raster (--service-areas). */
  readonly serviceArea: GeoJsonOutput | null;
  readonly warnings: string[];
}

export async function computeAccess(options: Options, context: RunContext, zones: ZoneLayer, working: Crs, spaces: readonly OpenSpace[], series: SeriesSpec): Promise<AccessResult> {
  const { inputs, log } = context;
  const { accessM, subcells } = options;
  const layers = await openPopulationLayers(inputs, { population: given(options.population, '--population'), populationField: options.populationField, populationGroup: options.populationGroup });
  if (options.serviceAreas && !layers[0].raster) throw new UsageError('--service-areas: needs a population raster (the served cells are drawn)');
  let served: (x: number, y: number) => boolean;
  const distance = options.walkNetwork ? 'network' : 'euclidean';
  if (options.walkNetwork) {
    // An .osm.pbf keeps only nodes within the walk (and the snap) of the zones.
    const streets = await inputs.readStreets('walk-network', options.walkNetwork, toLonLatExtent(zones, 1.1 * (accessM + options.maxSnapM)));
    const model = buildNetworkAccess(buildMetricLines(streets, working), toEntryPoints(spaces, options.entrySpacingM), { lowM: accessM, highM: -1 }, options.maxSnapM, true, (label, done, total) => log.progress(label, done, total));
    const inside = buildInsideTest(spaces);
    served = (x, y) => inside(x, y) || model.served(x, y).low;
  } else {
    served = buildEuclidean(spaces, accessM);
  }
  const servedRule = layers[0].raster ? toServedRule(subcells) : 'point';
  log.explain(`Access: population within ${accessM} m (${distance}) of an open public space, service areas merged, ${layers[0].raster ? 'cells judged at their centre or sub-cell centres' : 'each point judged where it lies'} (${servedRule}).`);
  const timePeriod = given(options.timePeriod, '--time-period');
  const observations: Observation[] = [];
  let serviceArea: GeoJsonOutput | null = null;
  const warnings: string[] = [];
  for (const layer of layers) {
    const observe = createObservationFactory({
      nature: options.nature,
      sourceDetail: options.sourceDetail ?? describeSourceName(layer.path),
      choices: { distance, 'access-m': accessM, ...(options.walkNetwork ? { 'entry-spacing-m': options.entrySpacingM } : {}), 'served-rule': servedRule },
    });
    const tallies = zones.features.map(() => ({ total: 0, served: 0, nodataCells: 0 }));
    if (layer.points) {
      visitZonePoints(layer.points, zones, working, served, (z, people, hit) => {
        tallies[z].total += people;
        if (hit) tallies[z].served += people;
      });
    } else {
      const servedCells = await tallyCells(layer.raster as RasterSource, zones, working, { maxCells: options.maxCells, subcells }, served, tallies, log);
      tallies.forEach((t, z) => {
        if (t.nodataCells > 0) warnings.push(`zone ${JSON.stringify(zones.features[z].id)}: ${t.nodataCells.toFixed(2)} covered cells of ${layer.path} are nodata (or not finite) and count 0`);
      });
      if (layer.dimension === null && options.serviceAreas) serviceArea = toServiceAreaLayer(layer.raster as RasterSource, servedCells, `served population cells (merged 11.7.1 service area, within ${accessM} m of an open public space)`);
    }
    zones.features.forEach((zone, z) => observations.push(observe({
      zone: zone.id, series, timePeriod, value: tallies[z].total > 0 ? (100 * tallies[z].served) / tallies[z].total : null,
      dimensions: layer.dimension ? { [layer.dimension]: layer.code } : undefined,
      components: { populationTotal: tallies[z].total, populationServed: tallies[z].served, accessM, distance },
      flags: [...(tallies[z].total > 0 ? [] : tallies[z].total < 0 ? ['negative-population'] : ['zero-population']), ...(tallies[z].nodataCells > 0 ? ['nodata-in-zone'] : [])],
    })));
  }
  return { observations, serviceArea, warnings };
}

/** Population cells by their exact covered fraction of each zone, each served by the share of its sub-cell centres that are; returns the served cells. */
async function tallyCells(
  raster: RasterSource, zones: ZoneLayer, working: Crs, options: { maxCells: number; subcells: number },
  served: (x: number, y: number) => boolean, tallies: { total: number; served: number; nodataCells: number }[], log: RunLog,
): Promise<Set<number>> {
  const { grid, crs } = raster.info;
  const toWorking = toPointTransform(crs, working);
  const cache = new Map<number, number>(); // cell → served fraction
  const servedCells = new Set<number>();
  const n = options.subcells * options.subcells;
  const visited = await visitZoneCells(zones, raster, options.maxCells, (z) => (row, col, coverage, value) => {
    const people = coverage * value;
    tallies[z].total += people;
    const key = row * grid.cols + col;
    let fraction = cache.get(key);
    if (fraction === undefined) {
      let hits = 0;
      forEachSubcellCentre(grid, row, col, options.subcells, toWorking, (x, y) => {
        if (served(x, y)) hits++;
      });
      fraction = hits / n;
      cache.set(key, fraction);
    }
    if (fraction > 0) {
      tallies[z].served += people * fraction;
      servedCells.add(key);
    }
  }, (done, total) => log.progress('zones: population within reach', done, total));
  visited.nodataCells.forEach((cells, z) => {
    tallies[z].nodataCells += cells;
  });
  return servedCells;
}
