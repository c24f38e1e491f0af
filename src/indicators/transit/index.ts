/**
 * SDG 11.2.1 — share of the population with convenient access to public transport (UN metadata
 * 11.2.1, 2021-09-01; docs/methods.md): within 500 m walking distance along the street network of a
 * low-capacity stop or 1 km of a high-capacity stop. The options and their rules; the computation is
 * in run.ts.
 */
import type { ServiceFilter } from '../../core/transit.js';
import { UsageError } from '../../errors.js';
import { GEOSPATIAL_OPTIONS, OUTPUT_OPTIONS } from '../common-options.js';
import { defineIndicator, requireTimePeriod, type SeriesSpec } from '../define.js';
import { choice, crs, layerName, file, files, number, output, text, type OptionValues } from '../options.js';
import { POPULATION_FIELD_OPTIONS } from '../population-groups.js';

export const SERIES: SeriesSpec = { code: 'SP_TRN_PUBL', description: 'Proportion of population that has convenient access to public transport (%)', unit: 'PT' };

export const TRANSIT_OPTIONS = {
  population: file({ help: 'population: a count raster (persons per cell, GHS-POP, WorldPop; .tif, a GHSL .zip, a .vrt or a folder of tiles) or points / polygons with --population-field', required: true }),
  ...POPULATION_FIELD_OPTIONS,
  gtfs: files({ help: 'GTFS feed (.zip); stop capacity from the route types that serve each stop' }),
  capacityMap: file({ help: 'JSON mapping GTFS route_type to low, high or exclude, over the built-in table' }),
  serviceDate: text({ help: 'count only GTFS trips running on this date (calendar, calendar_dates) and keep stops with enough departures (frequency filter, off by default)', placeholder: 'YYYY-MM-DD' }),
  serviceWindow: text({ help: 'with --service-date: the hours whose departures count (start inclusive, end exclusive)', default: '06:00-20:00', placeholder: 'HH:MM-HH:MM' }),
  minDeparturesPerHour: number({ help: 'with --service-date: average departures per hour in the window a stop needs (ONS: 1)', default: 1, min: 0, unit: 'departures per hour' }),
  stops: file({ help: 'stop points (GeoJSON / Shapefile) with a capacity field holding low or high' }),
  stopsCrs: crs('stops', 'CRS of --stops when the file declares none'),
  stopsLayer: layerName('stops', 'the layer of --stops to read when the file is a GeoPackage of several'),
  capacityField: text({ help: 'the capacity attribute of --stops', default: 'capacity', placeholder: 'FIELD' }),
  streets: file({ help: 'walkable streets: GeoJSON / Shapefile lines or OpenStreetMap .osm.pbf' }),
  streetsCrs: crs('streets', 'CRS of --streets when the file declares none'),
  streetsLayer: layerName('streets', 'the layer of --streets to read when the file is a GeoPackage of several'),
  distance: choice(['network', 'euclidean'], { help: 'network (along --streets; the default when streets are given) or euclidean (buffers, as many statistics offices do)', placeholder: 'method' }),
  lowCapacityM: number({ help: 'walking distance to low-capacity stops (bus, tram, BRT)', default: 500, above: 0, unit: 'm', placeholder: 'm' }),
  highCapacityM: number({ help: 'walking distance to high-capacity stops (rail, metro, ferry)', default: 1000, above: 0, unit: 'm', placeholder: 'm' }),
  maxSnapM: number({ help: 'stops and homes farther than this from any street are not on the network (reported, not served)', default: 200, min: 0, unit: 'm', placeholder: 'm' }),
  snapOffset: choice(['add', 'ignore'], { help: 'add: the straight walk from a home or stop to its street counts; ignore: distance starts on the street', default: 'add', placeholder: 'rule' }),
  subcells: number({ help: 'judge each population cell at n × n sub-cell centres and count the served fraction (1 = the cell centre only)', default: 1, integer: true, min: 1, max: 100 }),
  serviceAreas: output({ help: 'write the merged service area (served population cells) as GeoJSON' }),
  ...GEOSPATIAL_OPTIONS,
  ...OUTPUT_OPTIONS,
} as const;

type Options = OptionValues<typeof TRANSIT_OPTIONS>;

/** `--service-date` switches the frequency filter on; window and rate default to the ONS practice. */
export function toServiceFilter(options: Pick<Options, 'serviceDate' | 'serviceWindow' | 'minDeparturesPerHour'>): ServiceFilter | undefined {
  if (!options.serviceDate) return undefined;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(options.serviceDate);
  if (!date || Number(date[2]) < 1 || Number(date[2]) > 12 || Number(date[3]) < 1 || Number(date[3]) > 31) throw new UsageError(`--service-date: expected YYYY-MM-DD, found ${JSON.stringify(options.serviceDate)}`);
  const window = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(options.serviceWindow);
  if (!window) throw new UsageError(`--service-window: expected HH:MM-HH:MM, found ${JSON.stringify(options.serviceWindow)}`);
  const windowStartS = Number(window[1]) * 3600 + Number(window[2]) * 60;
  const windowEndS = Number(window[3]) * 3600 + Number(window[4]) * 60;
  if (!(windowEndS > windowStartS)) throw new UsageError(`--service-window: the end must come after the start, found ${options.serviceWindow}`);
  return { date: `${date[1]}${date[2]}${date[3]}`, windowStartS, windowEndS, minPerHour: options.minDeparturesPerHour };
}

/** Cross-option rules, before any file is read. */
function check(options: Options): void {
  if (!options.zones) throw new UsageError('--zones: expected the city boundaries (GeoJSON, Shapefile or FlatGeobuf)');
  if (options.gtfs.length === 0 && !options.stops) throw new UsageError('--gtfs: expected stops: --gtfs FEED.zip (repeatable) and/or --stops FILE with --capacity-field');
  if (options.distance === 'network' && !options.streets) throw new UsageError('--distance: network needs --streets FILE (walkable street lines or an .osm.pbf)');
  toServiceFilter(options);
  requireTimePeriod(options.timePeriod, 'the population and the stops');
}

export const transit = defineIndicator({
  code: '11.2.1',
  slug: 'transit',
  title: 'Population with convenient access to public transport',
  output: 'observations',
  series: [SERIES],
  options: TRANSIT_OPTIONS,
  check,
  run: async (options, context) => (await import('./run.js')).run(options, context),
});
