/**
 * SDG 11.7.1 — share of the city that is open space for public use (open public spaces + streets), and
 * the share of the population within 400 m of an open public space (UN metadata 11.7.1, 2021-03-01;
 * docs/methods.md). The options and their rules; the computation is in run.ts.
 */
import { UsageError } from '../../errors.js';
import { GEOSPATIAL_OPTIONS, OUTPUT_OPTIONS } from '../common-options.js';
import { defineIndicator, requireTimePeriod, type SeriesSpec } from '../define.js';
import { crs, layerName, file, mode, number, output, text, type OptionValues } from '../options.js';
import { POPULATION_FIELD_OPTIONS } from '../population-groups.js';

export const SERIES: SeriesSpec = { code: 'EN_URB_OPENSP', description: 'Average share of the built-up area of cities that is open space for public use for all (%)', unit: 'PT' };
/** The access series: its code and title are not in the UN metadata yet (docs/methods.md, open questions). */
export const ACCESS_SERIES: SeriesSpec = { code: 'EN_ACS_URB_OPENSP', description: 'Share of the population within 400 m walking distance of an open public space (%) — series title unverified', unit: 'PT' };

export const PUBLIC_SPACE_OPTIONS = {
  mode: mode(['sample'], 'sample: write Halton sample circles of 10 ha (GeoJSON) for digitising streets, instead of computing'),
  openSpaces: file({ help: 'open public space polygons (GeoJSON, Shapefile or FlatGeobuf)' }),
  openSpacesCrs: crs('open-spaces', 'CRS of --open-spaces when the file declares none'),
  openSpacesLayer: layerName('open-spaces', 'the layer of --open-spaces to read when the file is a GeoPackage of several'),
  openSpaceFilter: text({ help: 'keep only spaces matching field=value / field!=value conditions joined by , (e.g. "access!=private,fee!=yes")', placeholder: 'EXPR' }),
  validatedField: text({ help: 'attribute marking spaces validated as free and public (yes/true/1); the others count as potential only', placeholder: 'FIELD' }),
  streetAreas: file({ help: 'street polygons (land allocated to streets)' }),
  streetAreasCrs: crs('street-areas', 'CRS of --street-areas when the file declares none'),
  streetAreasLayer: layerName('street-areas', 'the layer of --street-areas to read when the file is a GeoPackage of several'),
  streets: file({ help: 'street centre lines, buffered by their width (flat caps, bevel joins)' }),
  streetsCrs: crs('streets', 'CRS of --streets when the file declares none'),
  streetsLayer: layerName('streets', 'the layer of --streets to read when the file is a GeoPackage of several'),
  streetWidthField: text({ help: 'attribute with each street\'s width in metres', placeholder: 'FIELD' }),
  streetWidthM: number({ help: 'one width for all --streets', above: 0, unit: 'm', placeholder: 'm' }),
  streetSamples: file({ help: 'digitised Halton circles (from `11.7.1 sample`) with streetSharePct filled in: land allocated to streets = mean share, with its standard error' }),
  streetSamplesCrs: crs('street-samples', 'CRS of --street-samples when the file declares none'),
  streetSamplesLayer: layerName('street-samples', 'the layer of --street-samples to read when the file is a GeoPackage of several'),
  haltonPerHa: number({ help: 'sample mode: circles per hectare (default: 1 for cities of 20 km² or more, 0.5 below, as the 2021 metadata; 0.1 in the 2016–17 metadata)', above: 0, unit: 'circles per ha' }),
  population: file({ help: 'population: adds the access component (share within --access-m of an open space); a count raster (.tif, a GHSL .zip, a .vrt or a folder of tiles) or points / polygons with --population-field' }),
  ...POPULATION_FIELD_OPTIONS,
  subcells: number({ help: 'judge each population cell at n × n sub-cell centres and count the served fraction (1 = the cell centre only)', default: 1, integer: true, min: 1, max: 100 }),
  serviceAreas: output({ help: 'write the merged access service area (served population cells) as GeoJSON' }),
  walkNetwork: file({ help: 'walkable streets (lines or .osm.pbf) for network distance to open spaces; Euclidean otherwise' }),
  walkNetworkCrs: crs('walk-network', 'CRS of --walk-network when the file declares none'),
  walkNetworkLayer: layerName('walk-network', 'the layer of --walk-network to read when the file is a GeoPackage of several'),
  accessM: number({ help: 'walking distance to an open public space (400 m ≈ 5 minutes)', default: 400, above: 0, unit: 'm', placeholder: 'm' }),
  entrySpacingM: number({ help: 'network mode: entry points every this many metres along each space\'s boundary', default: 30, above: 0, unit: 'm', placeholder: 'm' }),
  maxSnapM: number({ help: 'network mode: homes and entry points farther than this from any street are off the network', default: 200, min: 0, unit: 'm', placeholder: 'm' }),
  ...GEOSPATIAL_OPTIONS,
  ...OUTPUT_OPTIONS,
} as const;

type Options = OptionValues<typeof PUBLIC_SPACE_OPTIONS>;

/** Cross-option rules, before any file is read. */
function check(options: Options): void {
  if (!options.zones) throw new UsageError('--zones: expected the city (built-up area) boundaries, e.g. urban centres from urban-sdg degurba');
  if (options.mode === 'sample') {
    if (options.format !== 'json') throw new UsageError(`--format: 11.7.1 sample writes its circles as GeoJSON (--format json), found ${options.format}`);
    return;
  }
  if (!options.openSpaces) throw new UsageError('--open-spaces: expected open public space polygons (GeoJSON, Shapefile or FlatGeobuf)');
  if (!options.streetAreas && !options.streets && !options.streetSamples) throw new UsageError('--streets: expected streets: --street-areas (polygons), --streets (lines) with a width, or --street-samples (digitised Halton circles)');
  if (options.streets && !options.streetAreas && !options.streetWidthField && options.streetWidthM === undefined) throw new UsageError('--street-width-m: --streets are lines: give their width with --street-width-field FIELD or --street-width-m METRES');
  if (options.serviceAreas && !options.population) throw new UsageError('--service-areas: needs --population (a count raster) to draw the served cells');
  requireTimePeriod(options.timePeriod, 'the open spaces and streets');
}

export const publicSpace = defineIndicator({
  code: '11.7.1',
  slug: 'public-space',
  title: 'Open public space and streets as a share of the city, and access to it',
  output: 'observations',
  series: [SERIES, ACCESS_SERIES],
  options: PUBLIC_SPACE_OPTIONS,
  check,
  run: async (options, context) => (await import('./run.js')).run(options, context),
});
