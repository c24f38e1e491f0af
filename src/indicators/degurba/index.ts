/**
 * `urban-sdg degurba`: the Degree of Urbanisation grid classification (METHODS §3), from a
 * population grid with optional built-up and land-share grids, aggregated to the 1 km² grid when finer.
 * Returns the class grid, urban-centre and urban-cluster outlines, per-class totals and, with
 * `--units`, the classification of local units. Writing files is the CLI's job.
 */
import { resolveCrs, type Crs } from '../../core/crs.js';
import type { Grid } from '../../core/grid.js';
import type { InputOpener, RunLog } from '../../core/inputs.js';
import { InputError, UsageError } from '../../errors.js';
import { readAggregatedGrid } from '../../pipeline/grid-aggregate.js';
import type { OptionSpec } from '../define.js';
import { classifyDegurba, LEVEL1_CODES, LEVEL2_CODES, R2022A_OVERRIDES, R2023A_PARAMETERS, type DegurbaParameters } from './classify.js';
import { aggregationFactor, assertSameGrid } from './grids.js';
import { computeClusterFeatures, type ClusterFeature } from './polygons.js';
import { classifyUnits, type UnitClass } from './units.js';
import { computeUrbanExtent, URBAN_EXTENT_DEFAULTS } from './urban-extent.js';

export const DEGURBA_OPTIONS: readonly OptionSpec[] = [
  { flags: '--method <method>', description: 'degurba: Degree of Urbanisation grid classes (UN Statistical Commission 2020); urban-extent: built-up density classes and urban extent (UN-Habitat, Atlas of Urban Expansion, Trends.Earth)', choices: ['degurba', 'urban-extent'], defaultValue: 'degurba' },
  { flags: '--population <FILE>', description: 'population grid (persons per cell, as GHS-POP), projected in metres; cells of 1 km or a divisor of 1 km (100 m cells are summed to 1 km)' },
  { flags: '--built <FILE>', description: 'built-up surface grid (m² per cell, as GHS-BUILT-S), same grid as the population; enables the built-up criterion and water cells' },
  { flags: '--land <FILE>', description: 'share of permanent land per cell, 0–1 (as GHS-LAND), same grid; densities are per km² of land (default: all land)' },
  { flags: '--level <level>', description: '1: urban centre / urban cluster / rural / water; 2: the eight GHS-SMOD classes', choices: ['1', '2'], defaultValue: '2' },
  { flags: '--classes-out <FILE>', description: 'write the class grid as GeoTIFF (level 2: 30, 23, 22, 21, 13, 12, 11, 10; level 1: 3, 2, 1, 0)' },
  { flags: '--polygons-out <FILE>', description: 'write urban centres and urban clusters as GeoJSON polygons (id, class, population, areaKm2, densityPerKm2), usable as --zones' },
  { flags: '--polygons-crs <CRS>', description: 'CRS of --polygons-out', defaultValue: 'EPSG:4326' },
  { flags: '--units <FILE>', description: 'local units (GeoJSON/Shapefile) to classify as city, town-semi-dense or rural by where their population lives; ids from --zone-id' },
  { flags: '--preview <FILE>', description: 'write a PNG picture of the classes' },
  { flags: '--preset <release>', description: 'GHSL release whose rule variants are the defaults: R2023A (built-up share ≥ 0.2, majority among land cells) or R2022A (built-up share ≥ 0.5, 5 of 8 neighbours)', choices: ['R2023A', 'R2022A'], defaultValue: 'R2023A' },
  { flags: '--built-threshold <share>', description: 'built-up share of permanent land that also qualifies a cell for urban centres and dense clusters (default: the preset\'s)', type: 'number' },
  { flags: '--no-built-criterion', description: 'use population density only, even when --built is given' },
  { flags: '--majority-rule <rule>', description: 'edge smoothing of urban centres (default: the preset\'s)', choices: ['R2023A', 'R2022A', 'none'] },
  { flags: '--max-gap-km2 <km2>', description: 'fill gaps inside urban centres smaller than this (strictly); 0 = no gap filling', defaultValue: 15, type: 'number' },
  { flags: '--centre-density <perKm2>', description: 'urban-centre cell density, inhabitants per km² of land (inclusive)', defaultValue: 1500, type: 'number' },
  { flags: '--centre-population <persons>', description: 'urban-centre minimum population (inclusive)', defaultValue: 50000, type: 'number' },
  { flags: '--cluster-density <perKm2>', description: 'urban-cluster cell density (inclusive)', defaultValue: 300, type: 'number' },
  { flags: '--cluster-population <persons>', description: 'urban-cluster minimum population (inclusive)', defaultValue: 5000, type: 'number' },
  { flags: '--dense-cluster-population <persons>', description: 'level 2: dense urban cluster minimum population', defaultValue: 5000, type: 'number' },
  { flags: '--semi-dense-buffer-km <km>', description: 'level 2: urban clusters within this distance of a centre or dense cluster are suburban, farther ones semi-dense', defaultValue: 3, type: 'number' },
  { flags: '--rural-cluster-population <persons>', description: 'level 2: rural cluster minimum population', defaultValue: 500, type: 'number' },
  { flags: '--low-density <perKm2>', description: 'level 2: low-density rural cells have at least this density', defaultValue: 50, type: 'number' },
  { flags: '--built-unit <unit>', description: 'urban-extent: what a --built cell holds (m2 per cell, share 0–1, percent, mask)', choices: ['m2', 'share', 'percent', 'mask'], defaultValue: 'm2' },
  { flags: '--built-pixel-share <share>', description: 'urban-extent: a pixel is built-up when its built-up share reaches this', defaultValue: URBAN_EXTENT_DEFAULTS.builtPixelShare, type: 'number' },
  { flags: '--radius-m <m>', description: 'urban-extent: radius of the circle for the neighbourhood built-up share (564 m ≈ 1 km²; the docs say 500)', defaultValue: URBAN_EXTENT_DEFAULTS.radiusM, type: 'positive-number' },
  { flags: '--urban-share <share>', description: 'urban-extent: urban built-up when the neighbourhood share is above this', defaultValue: URBAN_EXTENT_DEFAULTS.urbanShare, type: 'number' },
  { flags: '--suburban-share <share>', description: 'urban-extent: suburban from this share up to the urban share (0.10 in the 2016–17 11.7.1 metadata)', defaultValue: URBAN_EXTENT_DEFAULTS.suburbanShare, type: 'number' },
  { flags: '--fringe-m <m>', description: 'urban-extent: open space closer than this to urban or suburban built-up is fringe', defaultValue: URBAN_EXTENT_DEFAULTS.fringeM, type: 'non-negative-number' },
  { flags: '--captured-max-ha <ha>', description: 'urban-extent: enclosed open patches up to this area are captured open space', defaultValue: URBAN_EXTENT_DEFAULTS.capturedMaxHa, type: 'non-negative-number' },
  { flags: '--water-land-share <share>', description: 'water cells have less permanent land than this share, no population and no built-up', defaultValue: 0.5, type: 'number' },
];

export interface DegurbaContext {
  readonly options: Readonly<Record<string, unknown>>;
  readonly inputs: InputOpener;
  readonly log: RunLog;
  readonly maxCells: number;
}

export interface ClassSummary {
  readonly code: number;
  readonly name: string;
  readonly cells: number;
  readonly population: number | null;
  readonly areaKm2: number;
}

export interface DegurbaRun {
  readonly grid: Grid;
  readonly crs: Crs;
  readonly method: 'degurba' | 'urban-extent';
  readonly level: 1 | 2 | null;
  readonly classes: Uint8Array;
  readonly features: ClusterFeature[];
  readonly classSummary: ClassSummary[];
  readonly units: UnitClass[] | null;
  readonly parameters: Record<string, unknown>;
  readonly warnings: string[];
}

const CLASS_NAMES: Record<number, string> = {
  3: 'urban centre', 2: 'urban cluster', 1: 'rural', 0: 'water',
  30: 'urban centre', 23: 'dense urban cluster', 22: 'semi-dense urban cluster', 21: 'suburban or peri-urban',
  13: 'rural cluster', 12: 'low-density rural', 11: 'very-low-density rural', 10: 'water',
};

function toParameters(options: Readonly<Record<string, unknown>>, hasBuilt: boolean): DegurbaParameters {
  const preset = { ...R2023A_PARAMETERS, ...(options.preset === 'R2022A' ? R2022A_OVERRIDES : {}) };
  const number = (key: string, fallback: number) => (options[key] === undefined ? fallback : Number(options[key]));
  const builtThreshold = options.builtCriterion === false || !hasBuilt ? null : number('builtThreshold', preset.builtThreshold ?? 0.2);
  const p: DegurbaParameters = {
    ...preset,
    level: options.level === '1' ? 1 : 2,
    builtThreshold,
    majorityRule: (options.majorityRule as DegurbaParameters['majorityRule'] | undefined) ?? preset.majorityRule,
    maxGapKm2: number('maxGapKm2', preset.maxGapKm2),
    centreDensityPerKm2: number('centreDensity', preset.centreDensityPerKm2),
    centreMinPopulation: number('centrePopulation', preset.centreMinPopulation),
    clusterDensityPerKm2: number('clusterDensity', preset.clusterDensityPerKm2),
    clusterMinPopulation: number('clusterPopulation', preset.clusterMinPopulation),
    denseClusterMinPopulation: number('denseClusterPopulation', preset.denseClusterMinPopulation),
    semiDenseBufferKm: number('semiDenseBufferKm', preset.semiDenseBufferKm),
    ruralClusterMinPopulation: number('ruralClusterPopulation', preset.ruralClusterMinPopulation),
    lowDensityPerKm2: number('lowDensity', preset.lowDensityPerKm2),
    waterLandShareMax: number('waterLandShare', preset.waterLandShareMax),
  };
  const checks: [string, number, number, number][] = [
    ['--built-threshold', builtThreshold ?? 0.5, 0, 1], ['--max-gap-km2', p.maxGapKm2, 0, Infinity],
    ['--centre-density', p.centreDensityPerKm2, 0, Infinity], ['--centre-population', p.centreMinPopulation, 0, Infinity],
    ['--cluster-density', p.clusterDensityPerKm2, 0, Infinity], ['--cluster-population', p.clusterMinPopulation, 0, Infinity],
    ['--dense-cluster-population', p.denseClusterMinPopulation, 0, Infinity], ['--semi-dense-buffer-km', p.semiDenseBufferKm, 0, 100],
    ['--rural-cluster-population', p.ruralClusterMinPopulation, 0, Infinity], ['--low-density', p.lowDensityPerKm2, 0, Infinity],
    ['--water-land-share', p.waterLandShareMax, 0, 1],
  ];
  for (const [flag, value, min, max] of checks) {
    const range = max === Infinity ? `a value ≥ ${min}` : `a value from ${min} to ${max}`;
    if (!(value >= min && value <= max)) throw new UsageError(`${flag}: expected ${range}, found ${value}`);
  }
  if (builtThreshold !== null && builtThreshold <= 0) throw new UsageError(`--built-threshold: expected a share above 0 and at most 1, found ${builtThreshold}`);
  if (p.clusterDensityPerKm2 > p.centreDensityPerKm2) throw new UsageError(`--cluster-density (${p.clusterDensityPerKm2}) must not exceed --centre-density (${p.centreDensityPerKm2})`);
  return { ...p, semiDenseDensityPerKm2: p.clusterDensityPerKm2, semiDenseMinPopulation: p.clusterMinPopulation, ruralClusterDensityPerKm2: p.clusterDensityPerKm2 };
}

const BUILT_SHARE_SCALE: Record<string, (value: number, cellAreaM2: number) => number> = {
  m2: (v, area) => v / area, share: (v) => v, percent: (v) => v / 100, mask: (v) => (v !== 0 ? 1 : 0),
};

const EXTENT_NAMES: Record<number, string> = {
  1: 'urban built-up', 2: 'suburban built-up', 3: 'rural built-up', 4: 'fringe open space', 5: 'captured open space', 6: 'rural open space',
};

async function runUrbanExtent(context: DegurbaContext): Promise<DegurbaRun> {
  const { options, inputs, log, maxCells } = context;
  if (!options.built) throw new UsageError('--method urban-extent: expected --built FILE (a built-up raster)');
  const built = await inputs.openRaster('built', String(options.built));
  const { crs, path } = built.info;
  if (crs.geographic || crs.metresPerUnit !== 1) throw new InputError(`${path}: the grid is not in metres (found ${crs.id}); distances of the urban-extent method need a projected grid in metres — reproject, e.g. gdalwarp -t_srs EPSG:<local UTM>`);
  const cellSizeM = built.info.grid.cellWidth;
  if (built.info.grid.cellHeight !== cellSizeM) throw new InputError(`${path}: cells are not square (${cellSizeM} × ${built.info.grid.cellHeight} m)`);
  const number = (key: string) => Number(options[key]);
  const p = {
    radiusM: number('radiusM'), urbanShare: number('urbanShare'), suburbanShare: number('suburbanShare'),
    fringeM: number('fringeM'), capturedMaxHa: number('capturedMaxHa'), builtPixelShare: number('builtPixelShare'),
  };
  for (const [flag, value] of [['--urban-share', p.urbanShare], ['--suburban-share', p.suburbanShare], ['--built-pixel-share', p.builtPixelShare]] as const) {
    if (!(value > 0 && value <= 1)) throw new UsageError(`${flag}: expected a share above 0 and at most 1, found ${value}`);
  }
  if (p.suburbanShare > p.urbanShare) throw new UsageError(`--suburban-share (${p.suburbanShare}) must not exceed --urban-share (${p.urbanShare})`);
  const raw = await readAggregatedGrid(built, 1, 'sum', maxCells);
  if (raw.dataCells === 0) throw new InputError(`${path}: every cell is nodata (expected built-up values)`);
  const { grid } = raw;
  const toShare = BUILT_SHARE_SCALE[String(options.builtUnit ?? 'm2')];
  const cellAreaM2 = cellSizeM * cellSizeM;
  const share = Float64Array.from(raw.values, (v) => toShare(v, cellAreaM2));
  const result = computeUrbanExtent(share, grid.rows, grid.cols, cellSizeM, p);
  log.explain(`Urban extent (UN-Habitat): neighbourhood built-up share within ${p.radiusM} m; urban > ${p.urbanShare * 100} %, suburban ≥ ${p.suburbanShare * 100} %; fringe < ${p.fringeM} m; captured ≤ ${p.capturedMaxHa} ha.`);
  const cellAreaKm2 = cellAreaM2 / 1e6;
  const outputCrs = resolveCrs(String(options.polygonsCrs ?? 'EPSG:4326'), '--polygons-crs');
  const features = computeClusterFeatures(result.extent, 'urban-extent', grid, crs, outputCrs, cellAreaKm2);
  const classSummary = Object.entries(EXTENT_NAMES).map(([code, name]) => {
    const cells = result.classes.reduce((n, c) => n + (c === Number(code) ? 1 : 0), 0);
    return { code: Number(code), name, cells, population: null, areaKm2: cells * cellAreaKm2 };
  });
  for (const c of classSummary) log.explain(`  ${c.code} ${c.name}: ${c.cells} cells, ${c.areaKm2.toFixed(3)} km²`);
  const parameters = { method: 'urban-extent', ...p, builtUnit: options.builtUnit ?? 'm2', polygonsCrs: outputCrs.id };
  return { grid, crs, method: 'urban-extent', level: null, classes: result.classes, features, classSummary, units: null, parameters, warnings: [] };
}

export async function runDegurba(context: DegurbaContext): Promise<DegurbaRun> {
  if (context.options.method === 'urban-extent') return runUrbanExtent(context);
  const { options, inputs, log, maxCells } = context;
  if (!options.population) throw new UsageError('--population: expected a population grid (GeoTIFF, persons per cell)');
  const population = await inputs.openRaster('population', String(options.population));
  const built = options.built ? await inputs.openRaster('built', String(options.built)) : null;
  const land = options.land ? await inputs.openRaster('land', String(options.land)) : null;
  const p = toParameters(options, built !== null);
  const factor = aggregationFactor(population);
  if (built) assertSameGrid(population, built, 'built-up');
  if (land) assertSameGrid(population, land, 'land-share');
  const warnings: string[] = [];
  const popGrid = await readAggregatedGrid(population, factor, 'sum', maxCells);
  if (popGrid.dataCells === 0) throw new InputError(`${population.info.path}: every cell is nodata (expected population counts)`);
  const builtGrid = built ? await readAggregatedGrid(built, factor, 'sum', maxCells) : null;
  const landGrid = land ? await readAggregatedGrid(land, factor, 'mean', maxCells) : null;
  if (landGrid) {
    for (const v of landGrid.values) {
      if (v > 1.000001 || v < 0) throw new InputError(`${land?.info.path}: land share ${v} out of range (expected 0–1, the share of permanent land, as GHS-LAND)`);
    }
  }
  const { grid } = popGrid;
  const cellAreaKm2 = (grid.cellWidth * grid.cellHeight) / 1e6;
  if (factor > 1) log.explain(`Step 1. Aggregated ${population.info.grid.cellWidth} m cells to the 1 km grid (${factor} × ${factor} blocks): population and built-up summed, land share averaged.`);
  if (grid.originX % 1000 !== 0 || grid.originY % 1000 !== 0) warnings.push(`the grid origin (${grid.originX}, ${grid.originY}) is not on whole kilometres, so 1 km cells do not match the GHSL grid`);
  const classification = classifyDegurba({ rows: grid.rows, cols: grid.cols, cellAreaKm2, population: popGrid.values, builtM2: builtGrid?.values ?? null, landShare: landGrid?.values ?? null }, p);
  log.explain(`Step 2. Urban centres: cells with ≥ ${p.centreDensityPerKm2} inhabitants per km² of land${p.builtThreshold !== null ? ` or ≥ ${p.builtThreshold * 100} % built-up` : ''}, ${p.centreContiguity}-connected clusters of ≥ ${p.centreMinPopulation} inhabitants: ${classification.centres.count} centres.`);
  log.explain(`Step 3. Majority rule ${p.majorityRule}: ${classification.majorityCellsAdded} cells added; gaps < ${p.maxGapKm2} km² filled: ${classification.gapCellsFilled} cells.`);

  const crs = population.info.crs;
  const outputCrs = resolveCrs(String(options.polygonsCrs ?? 'EPSG:4326'), '--polygons-crs');
  const features = [
    ...computeClusterFeatures(classification.centres, 'urban-centre', grid, crs, outputCrs, cellAreaKm2),
    ...computeClusterFeatures(classification.towns, 'urban-cluster', grid, crs, outputCrs, cellAreaKm2),
  ];
  const codes = p.level === 1 ? Object.values(LEVEL1_CODES) : Object.values(LEVEL2_CODES);
  const classSummary: ClassSummary[] = codes.map((code) => {
    let cells = 0, pop = 0;
    for (let i = 0; i < classification.classes.length; i++) {
      if (classification.classes[i] === code) {
        cells++;
        pop += popGrid.values[i];
      }
    }
    return { code, name: CLASS_NAMES[code], cells, population: pop, areaKm2: cells * cellAreaKm2 };
  });
  for (const c of classSummary) log.explain(`  class ${c.code} ${c.name}: ${c.cells} cells, ${Math.round(c.population ?? 0)} inhabitants`);

  let units: UnitClass[] | null = null;
  if (options.units) {
    const layer = await inputs.readZones('units', String(options.units));
    const centreCode = p.level === 1 ? LEVEL1_CODES.centre : LEVEL2_CODES.centre;
    const ruralCodes = new Set<number>(p.level === 1 ? [LEVEL1_CODES.rural, LEVEL1_CODES.water] : [13, 12, 11, 10]);
    units = await classifyUnits(layer, grid, crs, popGrid.values, (i) => classification.classes[i] === centreCode, (i) => ruralCodes.has(classification.classes[i]), maxCells);
    log.explain(`Step 4. Local units: city when ≥ 50 % of the population lives in urban-centre cells, rural when > 50 % in rural cells, town / semi-dense otherwise.`);
  }
  const parameters: Record<string, unknown> = { method: 'degurba', preset: options.preset ?? 'R2023A', ...p, aggregationFactor: factor, polygonsCrs: outputCrs.id };
  return { grid, crs, method: 'degurba', level: p.level, classes: classification.classes, features, classSummary, units, parameters, warnings };
}
