/**
 * SDG 11.2.1, the computation: service areas are merged before population is counted — each
 * population cell is served or not (by its centre or sub-cell centres), so nobody is counted twice,
 * and cells count by their exact covered fraction of the city.
 */
import { toPointTransform, type Crs, type PointTransform } from '../../core/crs.js';
import { describeSource, describeSourceName } from '../../core/inputs.js';
import type { Observation } from '../../core/observation.js';
import type { RasterSource } from '../../core/raster.js';
import type { Capacity, PopulationPoints, StopLayer } from '../../core/transit.js';
import { toLocalMetricCrs, toLonLatExtent, type ZoneLayer } from '../../core/zones.js';
import { describeFound, InputError, UsageError } from '../../errors.js';
import { buildMetricLines } from '../../pipeline/metric-lines.js';
import { toServiceAreaLayer } from '../../pipeline/service-areas.js';
import { forEachSubcellCentre, toServedRule } from '../../pipeline/subcells.js';
import { buildEuclideanAccess, buildNetworkAccess, type AccessModel, type ProjectedStop } from '../../pipeline/transit-access.js';
import { visitZoneCells } from '../../pipeline/zonal.js';
import { visitZonePoints } from '../../pipeline/zone-points.js';
import { given, type IndicatorRun, type OutputFile, type RunContext } from '../define.js';
import { createObservationFactory } from '../observations.js';
import type { OptionValues } from '../options.js';
import { openPopulationLayers } from '../population-groups.js';
import { SERIES, toServiceFilter, type TRANSIT_OPTIONS } from './index.js';

type Options = OptionValues<typeof TRANSIT_OPTIONS>;

/** The components of each observation, named with their units. */
interface TransitComponents {
  readonly [key: string]: number | string | null;
  readonly populationTotal: number;
  readonly populationServed: number;
  readonly populationServedLowCapacity: number;
  readonly populationServedHighCapacity: number;
  readonly servedLowCapacityPct: number | null;
  readonly servedHighCapacityPct: number | null;
  readonly servedAreaM2: number;
  readonly lowCapacityStations: number;
  readonly highCapacityStations: number;
  readonly lowCapacityThresholdM: number;
  readonly highCapacityThresholdM: number;
  readonly distance: string;
}

/** Served population by capacity class, per zone. */
interface ZoneTally {
  total: number;
  servedAny: number;
  servedLow: number;
  servedHigh: number;
  servedAreaM2: number;
}


function toCapacityMap(raw: unknown, where: string): Record<string, Capacity | 'exclude'> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`${where}: expected an object mapping route_type to low, high or exclude`);
  const out: Record<string, Capacity | 'exclude'> = {};
  for (const [type, value] of Object.entries(raw)) {
    if (!/^\d+$/.test(type)) throw new UsageError(`${where}: unknown key ${describeFound(type)} (expected GTFS route_type numbers such as "3" or "1100", each mapped to low, high or exclude)`);
    if (value !== 'low' && value !== 'high' && value !== 'exclude') throw new UsageError(`${where}: route_type ${type} must map to low, high or exclude, found ${describeFound(value)}`);
    out[type] = value;
  }
  return out;
}

/**
 * The CRS in which distances are measured: the first candidate (streets, population) whose planar
 * metres agree with true distances within 1e-3 at the city (UTM, national grids), so nothing needs
 * reprojecting; otherwise an azimuthal equidistant CRS centred on the zones (scale error < 1e-5 over a city).
 */
function chooseMetricCrs(zones: ZoneLayer, candidates: readonly Crs[]): { crs: Crs; scaleError: number } {
  const local = toLocalMetricCrs(zones, 'aeqd');
  const fromLocal = (crs: Crs) => toPointTransform(local, crs);
  for (const crs of candidates) {
    if (crs.geographic || crs.metresPerUnit !== 1) continue;
    const transform = fromLocal(crs);
    if (!transform) return { crs, scaleError: 0 };
    // 1 km east and north of the centre: true metres in the local CRS vs planar metres in the candidate.
    const [x0, y0] = transform(0, 0);
    const [xe, ye] = transform(1000, 0);
    const [xn, yn] = transform(0, 1000);
    const scaleError = Math.max(Math.abs(Math.hypot(xe - x0, ye - y0) / 1000 - 1), Math.abs(Math.hypot(xn - x0, yn - y0) / 1000 - 1));
    if (scaleError < 1e-3) return { crs, scaleError };
  }
  return { crs: local, scaleError: 0 };
}

function projectStops(layers: readonly StopLayer[], working: Crs): ProjectedStop[] {
  const out: ProjectedStop[] = [];
  for (const layer of layers) {
    const transform = toPointTransform(layer.crs, working);
    for (const s of layer.stops) {
      const [x, y] = transform ? transform(s.x, s.y) : [s.x, s.y];
      out.push({ x, y, capacity: s.capacity, station: `${layer.path}:${s.station}` });
    }
  }
  return out;
}

export async function run(options: Options, context: RunContext): Promise<IndicatorRun> {
  const { inputs, log } = context;
  const gtfs = options.gtfs;
  const distance = options.distance ?? (options.streets ? 'network' : 'euclidean');
  const thresholds = { lowM: options.lowCapacityM, highM: options.highCapacityM };
  const { maxSnapM, subcells } = options;
  const countOffset = options.snapOffset !== 'ignore';

  const zones = await inputs.readZones('zones', given(options.zones, '--zones'));
  const capacityMap = options.capacityMap ? toCapacityMap(await inputs.readJson('capacity map', options.capacityMap), describeSource(options.capacityMap)) : {};
  const filter = toServiceFilter(options);
  const stopLayers: StopLayer[] = [];
  for (const path of gtfs) stopLayers.push(await inputs.readGtfsStops(`gtfs`, path, capacityMap, filter));
  if (options.stops) stopLayers.push(await inputs.readStopPoints('stops', options.stops, options.capacityField));
  const warnings = stopLayers.flatMap((l) => [...l.notes]);
  // An .osm.pbf keeps only nodes this close to the zones: no walk of at most the largest threshold from
  // a point in a zone (after snapping) leaves it.
  const networkMarginM = 1.1 * (Math.max(thresholds.lowM, thresholds.highM) + maxSnapM);
  const streets = distance === 'network' ? await inputs.readStreets('streets', given(options.streets, '--streets'), toLonLatExtent(zones, networkMarginM)) : null;
  const layers = await openPopulationLayers(inputs, options);
  const main = layers[0];
  const populationCrs = main.raster ? main.raster.info.crs : (main.points as PopulationPoints).crs;
  const { crs: working, scaleError } = chooseMetricCrs(zones, [...(streets ? [streets.crs] : []), populationCrs]);
  const stops = projectStops(stopLayers, working);
  if (stops.length === 0) {
    // Say why here: with --quiet the warnings are not printed.
    const files = stopLayers.map((l) => describeSourceName(l.path)).join(', ');
    const reasons = warnings.map((w) => w.replace(/^[^:]*: /, ''));
    throw new InputError(`${files}: no usable stops${reasons.length > 0 ? ` — ${reasons.slice(0, 2).join('; ')}${reasons.length > 2 ? ` … and ${reasons.length - 2} more` : ''}` : ' (the files hold none)'}`);
  }

  let access: AccessModel;
  if (streets) {
    const model = buildNetworkAccess(buildMetricLines(streets, working), stops, thresholds, maxSnapM, countOffset, (label, done, total) => log.progress(label, done, total));
    access = model;
    log.explain(`Network: ${model.network.nodeCount} nodes, ${model.network.edgeFrom.length} street segments, ${model.network.componentCount} connected parts; stops and homes snap to the nearest street within ${maxSnapM} m.`);
    if (model.stopsNotSnapped > 0) warnings.push(`${model.stopsNotSnapped} stops are farther than ${maxSnapM} m from any street and serve nobody (--max-snap-m)`);
  } else {
    access = buildEuclideanAccess(stops, thresholds);
  }
  log.explain(`11.2.1: a person is served within ${thresholds.lowM} m of a low-capacity stop or ${thresholds.highM} m of a high-capacity stop (${distance} distance, ≤ inclusive); service areas merged before counting.`);

  const servedCells = new Map<string, Set<number>>();
  const results = new Map<string, ZoneTally[]>();
  const partlyOutside = new Set<string>();
  const noData = new Set<string>();
  for (const layer of layers) {
    const key = `${layer.dimension}=${layer.code}`;
    if (layer.points) {
      results.set(key, tallyPoints(layer.points, zones, working, access));
      continue;
    }
    const raster = layer.raster as RasterSource;
    const { grid, crs } = raster.info;
    const toWorking: PointTransform | null = toPointTransform(crs, working);
    // cell index → served fractions of the cell (low, high, any), from its centre or N × N sub-centres
    const cache = new Map<number, [number, number, number]>();
    const tallies = zones.features.map(() => ({ total: 0, servedAny: 0, servedLow: 0, servedHigh: 0, servedAreaM2: 0 }));
    const served = new Set<number>();
    const visited = await visitZoneCells(zones, raster, options.maxCells, (z) => (row, col, coverage, value, cellAreaM2) => {
      const t = tallies[z];
      const people = coverage * value;
      t.total += people;
      const cell = row * grid.cols + col;
      let fractions = cache.get(cell);
      if (fractions === undefined) {
        let low = 0, high = 0, any = 0;
        forEachSubcellCentre(grid, row, col, subcells, toWorking, (x, y) => {
          const s = access.served(x, y);
          if (s.low) low++;
          if (s.high) high++;
          if (s.low || s.high) any++;
        });
        const n = subcells * subcells;
        fractions = [low / n, high / n, any / n];
        cache.set(cell, fractions);
      }
      t.servedLow += people * fractions[0];
      t.servedHigh += people * fractions[1];
      if (fractions[2] > 0) {
        t.servedAny += people * fractions[2];
        t.servedAreaM2 += coverage * cellAreaM2 * fractions[2];
        served.add(cell);
      }
    }, (done, total) => log.progress('zones: served population', done, total));
    visited.partlyOutside.forEach((o, z) => o && partlyOutside.add(zones.features[z].id));
    visited.nodataCells.forEach((cells, z) => {
      if (cells === 0) return;
      noData.add(zones.features[z].id);
      warnings.push(`zone ${JSON.stringify(zones.features[z].id)}: ${cells.toFixed(2)} covered cells of ${raster.info.path} are nodata (or not finite) and count 0`);
    });
    results.set(key, tallies);
    servedCells.set(key, served);
  }
  if (distance === 'network' && access.pointsNotSnapped() > 0) warnings.push(`${access.pointsNotSnapped()} populated cells lie farther than ${maxSnapM} m from any street and count as not served`);
  for (const id of partlyOutside) warnings.push(`zone ${JSON.stringify(id)} extends beyond the population raster; the part outside counts 0`);

  const stations = { low: new Set(stops.filter((s) => s.capacity === 'low').map((s) => s.station)).size, high: new Set(stops.filter((s) => s.capacity === 'high').map((s) => s.station)).size };
  const observe = createObservationFactory({
    nature: options.nature,
    sourceDetail: options.sourceDetail ?? [...stopLayers.map((l) => describeSourceName(l.path)), describeSourceName(options.population)].join('; '),
    choices: { distance, 'low-capacity-m': thresholds.lowM, 'high-capacity-m': thresholds.highM, ...(distance === 'network' ? { 'max-snap-m': maxSnapM, 'snap-offset': countOffset ? 'add' : 'ignore' } : {}), 'served-rule': toServedRule(subcells), 'service-filter': filter ? `${options.serviceDate} ${options.serviceWindow} >=${filter.minPerHour}/h` : 'none', coverage: 'fraction' },
  });
  const timePeriod = given(options.timePeriod, '--time-period');
  const observations: Observation[] = [];
  for (const layer of layers) {
    const tallies = results.get(`${layer.dimension}=${layer.code}`) as ZoneTally[];
    zones.features.forEach((zone, z) => {
      const t = tallies[z];
      const pct = (x: number) => (t.total > 0 ? (100 * x) / t.total : null);
      const components: TransitComponents = {
        populationTotal: t.total, populationServed: t.servedAny, populationServedLowCapacity: t.servedLow, populationServedHighCapacity: t.servedHigh,
        servedLowCapacityPct: pct(t.servedLow), servedHighCapacityPct: pct(t.servedHigh), servedAreaM2: t.servedAreaM2,
        lowCapacityStations: stations.low, highCapacityStations: stations.high, lowCapacityThresholdM: thresholds.lowM, highCapacityThresholdM: thresholds.highM, distance,
      };
      const group = layer.dimension ? ` (${layer.dimension}=${layer.code})` : '';
      const share = pct(t.servedAny);
      log.explain(`Zone ${zone.id}${group}: population ${t.total.toFixed(1)}; within ${thresholds.lowM} m of a low-capacity stop ${t.servedLow.toFixed(1)}, within ${thresholds.highM} m of a high-capacity stop ${t.servedHigh.toFixed(1)}; served by either (service areas merged, counted once) ${t.servedAny.toFixed(1)}; ${t.servedAny.toFixed(1)} ÷ ${t.total.toFixed(1)} = ${share === null ? 'undefined (no population)' : `${share.toFixed(2)} %`} (${distance} distance)`);
      observations.push(observe({
        zone: zone.id, series: SERIES, timePeriod, value: share, components,
        dimensions: layer.dimension ? { [layer.dimension]: layer.code } : undefined,
        flags: [...(t.total < 0 ? ['negative-population'] : t.total === 0 ? ['zero-population'] : []), ...(partlyOutside.has(zone.id) ? ['zone-partly-outside-raster'] : []), ...(noData.has(zone.id) ? ['nodata-in-zone'] : [])],
      }));
    });
  }
  const files: OutputFile[] = [];
  if (options.serviceAreas) {
    if (!main.raster) throw new UsageError('--service-areas: needs a population raster (the served cells are drawn)');
    files.push({ kind: 'geojson', path: options.serviceAreas, layer: toServiceAreaLayer(main.raster, servedCells.get('null=_T') as Set<number>, 'served population cells (merged 11.2.1 service area)') });
  }
  const parameters = { distance, thresholds, maxSnapM, snapOffset: countOffset ? 'add' : 'ignore', servedRule: toServedRule(subcells), workingCrs: working.id, workingCrsScaleError: scaleError, capacityMap, groups: layers.slice(1).map((l) => `${l.dimension}=${l.code}`) };
  return { observations, parameters, warnings, files };
}

/** Population points inside each zone, each served or not (pipeline/zone-points). */
function tallyPoints(points: PopulationPoints, zones: ZoneLayer, working: Crs, access: AccessModel): ZoneTally[] {
  const tallies = zones.features.map(() => ({ total: 0, servedAny: 0, servedLow: 0, servedHigh: 0, servedAreaM2: 0 }));
  visitZonePoints(points, zones, working, (x, y) => access.served(x, y), (z, people, served) => {
    const t = tallies[z];
    t.total += people;
    if (served.low) t.servedLow += people;
    if (served.high) t.servedHigh += people;
    if (served.low || served.high) t.servedAny += people;
  });
  return tallies;
}

