/**
 * `urban-sdg degurba`: the Degree of Urbanisation grid classification (UN Statistical Commission
 * 2020; GHSL R2023A; docs/methods.md), from a population grid with optional built-up and land-share
 * grids, aggregated to the 1 km² grid when finer; or UN-Habitat's urban extent. The options and their
 * rules; the computation is in run.ts.
 */
import { UsageError } from '../../errors.js';
import { DOCUMENT_OUTPUT_OPTIONS, GEOSPATIAL_OPTIONS } from '../common-options.js';
import { defineIndicator } from '../define.js';
import { choice, crs, layerName, file, flag, number, output, text, type OptionValues } from '../options.js';
import { URBAN_EXTENT_DEFAULTS } from './urban-extent.js';

export const DEGURBA_OPTIONS = {
  method: choice(['degurba', 'urban-extent'], { help: 'degurba: Degree of Urbanisation grid classes (UN Statistical Commission 2020); urban-extent: built-up density classes and urban extent (UN-Habitat, Atlas of Urban Expansion, Trends.Earth)', default: 'degurba', placeholder: 'method' }),
  population: file({ help: 'population grid (persons per cell, as GHS-POP; a GeoTIFF, tile folder or VRT), projected in metres; cells of 1 km or a divisor of 1 km (100 m cells are summed to 1 km)' }),
  built: file({ help: 'built-up surface grid (m² per cell, as GHS-BUILT-S), same grid as the population; enables the built-up criterion and water cells' }),
  land: file({ help: 'share of permanent land per cell, 0–1 (as GHS-LAND), same grid; densities are per km² of land (default: all land)' }),
  level: choice(['1', '2'], { help: '1: urban centre / urban cluster / rural / water; 2: the eight GHS-SMOD classes', default: '2', placeholder: 'level' }),
  classesOut: output({ help: 'write the class grid as GeoTIFF (level 2: 30, 23, 22, 21, 13, 12, 11, 10; level 1: 3, 2, 1, 0)' }),
  polygonsOut: output({ help: 'write urban centres and urban clusters as GeoJSON polygons (id, class, population, areaKm2, densityPerKm2), usable as --zones' }),
  polygonsCrs: text({ help: 'CRS of --polygons-out', default: 'EPSG:4326', placeholder: 'CRS' }),
  units: file({ help: 'local units (GeoJSON/Shapefile) to classify as city, town-semi-dense or rural by where their population lives; ids from --zone-id' }),
  unitsCrs: crs('units', 'CRS of --units when the file declares none'),
  unitsLayer: layerName('units', 'the layer of --units to read when the file is a GeoPackage of several'),
  preview: output({ help: 'write a PNG picture of the classes with its legend (GHS-SMOD colours; no data as a grey checkerboard)' }),
  preset: choice(['R2023A', 'R2022A'], { help: 'GHSL release whose rule variants are the defaults: R2023A (built-up share ≥ 0.2, majority among land cells) or R2022A (built-up share ≥ 0.5, 5 of 8 neighbours)', default: 'R2023A', placeholder: 'release' }),
  builtThreshold: number({ help: 'built-up share of permanent land that also qualifies a cell for urban centres and dense clusters (default: the preset\'s)', above: 0, max: 1, placeholder: 'share' }),
  builtCriterion: flag({ help: 'use population density only, even when --built is given', negate: true }),
  majorityRule: choice(['R2023A', 'R2022A', 'none'], { help: 'edge smoothing of urban centres (default: the preset\'s)', placeholder: 'rule' }),
  maxGapKm2: number({ help: 'fill gaps inside urban centres smaller than this (strictly); 0 = no gap filling', default: 15, min: 0, unit: 'km²', placeholder: 'km2' }),
  centreDensity: number({ help: 'urban-centre cell density, per km² of land (inclusive)', default: 1500, min: 0, unit: 'inhabitants per km²', placeholder: 'perKm2' }),
  centrePopulation: number({ help: 'urban-centre minimum population (inclusive)', default: 50000, min: 0, unit: 'persons', placeholder: 'persons' }),
  clusterDensity: number({ help: 'urban-cluster cell density (inclusive)', default: 300, min: 0, unit: 'inhabitants per km²', placeholder: 'perKm2' }),
  clusterPopulation: number({ help: 'urban-cluster minimum population (inclusive)', default: 5000, min: 0, unit: 'persons', placeholder: 'persons' }),
  denseClusterPopulation: number({ help: 'level 2: dense urban cluster minimum population', default: 5000, min: 0, unit: 'persons', placeholder: 'persons' }),
  semiDenseBufferKm: number({ help: 'level 2: urban clusters within this distance of a centre or dense cluster are suburban, farther ones semi-dense', default: 3, min: 0, max: 100, unit: 'km', placeholder: 'km' }),
  ruralClusterPopulation: number({ help: 'level 2: rural cluster minimum population', default: 500, min: 0, unit: 'persons', placeholder: 'persons' }),
  lowDensity: number({ help: 'level 2: low-density rural cells have at least this density', default: 50, min: 0, unit: 'inhabitants per km²', placeholder: 'perKm2' }),
  waterLandShare: number({ help: 'water cells have less permanent land than this share, no population and no built-up', default: 0.5, min: 0, max: 1, placeholder: 'share' }),
  builtUnit: choice(['m2', 'share', 'percent', 'mask'], { help: 'urban-extent: what a --built cell holds (m2 per cell, share 0–1, percent, mask)', default: 'm2', placeholder: 'unit' }),
  builtPixelShare: number({ help: 'urban-extent: a pixel is built-up when its built-up share reaches this', default: URBAN_EXTENT_DEFAULTS.builtPixelShare, above: 0, max: 1, placeholder: 'share' }),
  radiusM: number({ help: 'urban-extent: radius of the circle for the neighbourhood built-up share (564 m ≈ 1 km²; the docs say 500)', default: URBAN_EXTENT_DEFAULTS.radiusM, above: 0, unit: 'm', placeholder: 'm' }),
  urbanShare: number({ help: 'urban-extent: urban built-up when the neighbourhood share is above this', default: URBAN_EXTENT_DEFAULTS.urbanShare, above: 0, max: 1, placeholder: 'share' }),
  suburbanShare: number({ help: 'urban-extent: suburban from this share up to the urban share (0.10 in the 2016–17 11.7.1 metadata)', default: URBAN_EXTENT_DEFAULTS.suburbanShare, above: 0, max: 1, placeholder: 'share' }),
  fringeM: number({ help: 'urban-extent: open space closer than this to urban or suburban built-up is fringe', default: URBAN_EXTENT_DEFAULTS.fringeM, min: 0, unit: 'm', placeholder: 'm' }),
  capturedMaxHa: number({ help: 'urban-extent: enclosed open patches up to this area are captured open space', default: URBAN_EXTENT_DEFAULTS.capturedMaxHa, min: 0, unit: 'ha', placeholder: 'ha' }),
  zoneId: GEOSPATIAL_OPTIONS.zoneId,
  rasterCrs: GEOSPATIAL_OPTIONS.rasterCrs,
  band: GEOSPATIAL_OPTIONS.band,
  maxCells: GEOSPATIAL_OPTIONS.maxCells,
  threads: GEOSPATIAL_OPTIONS.threads,
  ...DOCUMENT_OUTPUT_OPTIONS,
} as const;

export type DegurbaOptions = OptionValues<typeof DEGURBA_OPTIONS>;

/** Cross-option rules, before any file is read. */
function check(options: DegurbaOptions): void {
  if (options.method === 'urban-extent') {
    if (!options.built) throw new UsageError('--built: --method urban-extent expects a built-up raster');
    if (options.suburbanShare > options.urbanShare) throw new UsageError(`--suburban-share: ${options.suburbanShare} must not exceed --urban-share (${options.urbanShare})`);
    return;
  }
  if (!options.population) throw new UsageError('--population: expected a population grid (GeoTIFF, persons per cell)');
  if (options.clusterDensity > options.centreDensity) throw new UsageError(`--cluster-density: ${options.clusterDensity} must not exceed --centre-density (${options.centreDensity})`);
}

export const degurba = defineIndicator({
  code: 'degurba',
  slug: 'degurba',
  title: 'Degree of Urbanisation grid classification: urban centres, urban clusters, rural and water cells; writes a class raster and polygons usable as --zones',
  output: 'document',
  series: [],
  options: DEGURBA_OPTIONS,
  check,
  run: async (options, context) => (await import('./run.js')).run(options, context),
});
