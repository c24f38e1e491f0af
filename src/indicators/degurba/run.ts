/**
 * The Degree of Urbanisation classification and the urban extent, computed: the class grid, the
 * urban-centre and urban-cluster outlines, per-class totals and, with `--units`, the classification of
 * local units; then the summary document and the files it asks to be written.
 */
import { fillEach } from '../../core/typed-array.js';
import { resolveCrs, type Crs } from '../../core/crs.js';
import { toCoordinatePrecision } from '../../core/geojson-output.js';
import type { Grid } from '../../core/grid.js';
import type { InputOpener, RunLog } from '../../core/inputs.js';
import { InputError } from '../../errors.js';
import { readAggregatedGrid } from '../../pipeline/grid-aggregate.js';
import { given, type IndicatorRun, type OutputFile, type RunContext } from '../define.js';
import { classifyDegurba, LEVEL1_CODES, LEVEL2_CODES, R2022A_OVERRIDES, R2023A_PARAMETERS, type DegurbaParameters } from './classify.js';
import { aggregationFactor, assertSameGrid } from './grids.js';
import type { DegurbaOptions } from './index.js';
import { computeClusterFeatures, type ClusterFeature } from './polygons.js';
import { classifyUnits, type UnitClass } from './units.js';
import { computeUrbanExtent } from './urban-extent.js';

export interface DegurbaContext {
  readonly options: DegurbaOptions;
  readonly inputs: InputOpener;
  readonly log: RunLog;
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
  /** The CRS of the features' coordinates (--polygons-crs). */
  readonly outputCrs: Crs;
  readonly classSummary: ClassSummary[];
  /** Cells of the class grid with no population (or land) data: class NO_DATA_CLASS. */
  readonly noDataCells: number;
  readonly units: UnitClass[] | null;
  readonly parameters: Record<string, unknown>;
  readonly warnings: string[];
}

/** The class of cells without data in the UInt8 class raster (tagged as its nodata value). */
export const NO_DATA_CLASS = 255;

const CLASS_NAMES: Record<number, string> = {
  3: 'urban centre', 2: 'urban cluster', 1: 'rural', 0: 'water',
  30: 'urban centre', 23: 'dense urban cluster', 22: 'semi-dense urban cluster', 21: 'suburban or peri-urban',
  13: 'rural cluster', 12: 'low-density rural', 11: 'very-low-density rural', 10: 'water',
};

/** The classification rules: the preset's variants, then the user's thresholds (ranges checked by the option table). */
function toParameters(options: DegurbaOptions, hasBuilt: boolean): DegurbaParameters {
  const preset = { ...R2023A_PARAMETERS, ...(options.preset === 'R2022A' ? R2022A_OVERRIDES : {}) };
  const builtThreshold = !options.builtCriterion || !hasBuilt ? null : options.builtThreshold ?? preset.builtThreshold ?? 0.2;
  const p: DegurbaParameters = {
    ...preset,
    level: options.level === '1' ? 1 : 2,
    builtThreshold,
    majorityRule: options.majorityRule ?? preset.majorityRule,
    maxGapKm2: options.maxGapKm2,
    centreDensityPerKm2: options.centreDensity,
    centreMinPopulation: options.centrePopulation,
    clusterDensityPerKm2: options.clusterDensity,
    clusterMinPopulation: options.clusterPopulation,
    denseClusterMinPopulation: options.denseClusterPopulation,
    semiDenseBufferKm: options.semiDenseBufferKm,
    ruralClusterMinPopulation: options.ruralClusterPopulation,
    lowDensityPerKm2: options.lowDensity,
    waterLandShareMax: options.waterLandShare,
  };
  return { ...p, semiDenseDensityPerKm2: p.clusterDensityPerKm2, semiDenseMinPopulation: p.clusterMinPopulation, ruralClusterDensityPerKm2: p.clusterDensityPerKm2 };
}

const BUILT_SHARE_SCALE: Record<string, (value: number, cellAreaM2: number) => number> = {
  m2: (v, area) => v / area, share: (v) => v, percent: (v) => v / 100, mask: (v) => (v !== 0 ? 1 : 0),
};

const EXTENT_NAMES: Record<number, string> = {
  1: 'urban built-up', 2: 'suburban built-up', 3: 'rural built-up', 4: 'fringe open space', 5: 'captured open space', 6: 'rural open space',
};

async function runUrbanExtent(context: DegurbaContext): Promise<DegurbaRun> {
  const { options, inputs, log } = context;
  const maxCells = options.maxCells;
  const built = await inputs.openRaster('built', given(options.built, '--built'));
  const { crs, path } = built.info;
  if (crs.geographic || crs.metresPerUnit !== 1) throw new InputError(`${path}: the grid is not in metres (found ${crs.id}); distances of the urban-extent method need a projected grid in metres — reproject, e.g. gdalwarp -t_srs EPSG:<local UTM>`);
  const cellSizeM = built.info.grid.cellWidth;
  if (built.info.grid.cellHeight !== cellSizeM) throw new InputError(`${path}: cells are not square (${cellSizeM} × ${built.info.grid.cellHeight} m)`);
  const p = {
    radiusM: options.radiusM, urbanShare: options.urbanShare, suburbanShare: options.suburbanShare,
    fringeM: options.fringeM, capturedMaxHa: options.capturedMaxHa, builtPixelShare: options.builtPixelShare,
  };
  const raw = await readAggregatedGrid(built, 1, 'sum', maxCells);
  if (raw.dataCells === 0) throw new InputError(`${path}: every cell is nodata (expected built-up values)`);
  const { grid } = raw;
  const toShare = BUILT_SHARE_SCALE[options.builtUnit];
  const cellAreaM2 = cellSizeM * cellSizeM;
  const share = fillEach(new Float64Array(raw.values.length), (i) => toShare(raw.values[i], cellAreaM2));
  const result = computeUrbanExtent(share, grid.rows, grid.cols, cellSizeM, p);
  log.explain(`Urban extent (UN-Habitat): neighbourhood built-up share within ${p.radiusM} m; urban > ${p.urbanShare * 100} %, suburban ≥ ${p.suburbanShare * 100} %; fringe < ${p.fringeM} m; captured ≤ ${p.capturedMaxHa} ha.`);
  const cellAreaKm2 = cellAreaM2 / 1e6;
  const outputCrs = resolveCrs(options.polygonsCrs, '--polygons-crs');
  const features = computeClusterFeatures(result.extent, 'urban-extent', grid, crs, outputCrs, cellAreaKm2);
  const classSummary = Object.entries(EXTENT_NAMES).map(([code, name]) => {
    const cells = result.classes.reduce((n, c) => n + (c === Number(code) ? 1 : 0), 0);
    return { code: Number(code), name, cells, population: null, areaKm2: cells * cellAreaKm2 };
  });
  for (const c of classSummary) log.explain(`  ${c.code} ${c.name}: ${c.cells} cells, ${c.areaKm2.toFixed(3)} km²`);
  const parameters = { method: 'urban-extent', ...p, builtUnit: options.builtUnit, polygonsCrs: outputCrs.id };
  return { grid, crs, outputCrs, method: 'urban-extent', level: null, classes: result.classes, noDataCells: 0, features, classSummary, units: null, parameters, warnings: [] };
}

export async function computeDegurba(context: DegurbaContext): Promise<DegurbaRun> {
  if (context.options.method === 'urban-extent') return runUrbanExtent(context);
  const { options, inputs, log } = context;
  const maxCells = options.maxCells;
  const population = await inputs.openRaster('population', given(options.population, '--population'));
  const built = options.built ? await inputs.openRaster('built', options.built) : null;
  const land = options.land ? await inputs.openRaster('land', options.land) : null;
  const p = toParameters(options, built !== null);
  const factor = aggregationFactor(population);
  if (built) assertSameGrid(population, built, 'built-up');
  if (land) assertSameGrid(population, land, 'land-share');
  const warnings: string[] = [];
  // Stages: the three grids aggregated to 1 km, classification, polygons, class totals.
  const STAGES = 6;
  const stage = (done: number) => log.progress('degurba: aggregate population, built-up, land; classify; polygons; totals', done, STAGES);
  stage(0);
  const popGrid = await readAggregatedGrid(population, factor, 'sum', maxCells);
  stage(1);
  if (popGrid.dataCells === 0) throw new InputError(`${population.info.path}: every cell is nodata (expected population counts)`);
  const builtGrid = built ? await readAggregatedGrid(built, factor, 'sum', maxCells) : null;
  stage(2);
  const landGrid = land ? await readAggregatedGrid(land, factor, 'mean', maxCells) : null;
  stage(3);
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
  // Cells without population data (or outside the land mask) are not rural land: they get the
  // no-data class and leave every class total, centre and cluster (docs/degurba.md).
  let noDataCells = 0;
  for (let i = 0; i < classification.classes.length; i++) {
    if (popGrid.noData[i] === 0 && landGrid?.noData[i] !== 1) continue;
    noDataCells++;
    classification.classes[i] = NO_DATA_CLASS;
    classification.centres.labels[i] = 0;
    classification.towns.labels[i] = 0;
  }
  if (noDataCells > 0) warnings.push(`${noDataCells} cells of the 1 km grid have no population${landGrid ? ' or land' : ''} data: class ${NO_DATA_CLASS} (no data), left out of every class, centre and cluster`);

  stage(4);
  const crs = population.info.crs;
  const outputCrs = resolveCrs(options.polygonsCrs, '--polygons-crs');
  const features = [
    ...computeClusterFeatures(classification.centres, 'urban-centre', grid, crs, outputCrs, cellAreaKm2),
    ...computeClusterFeatures(classification.towns, 'urban-cluster', grid, crs, outputCrs, cellAreaKm2),
  ];
  stage(5);
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
  stage(6);
  for (const c of classSummary) log.explain(`  class ${c.code} ${c.name}: ${c.cells} cells, ${Math.round(c.population ?? 0)} inhabitants`);

  let units: UnitClass[] | null = null;
  if (options.units) {
    const layer = await inputs.readZones('units', options.units);
    const centreCode = p.level === 1 ? LEVEL1_CODES.centre : LEVEL2_CODES.centre;
    const ruralCodes = new Set<number>(p.level === 1 ? [LEVEL1_CODES.rural, LEVEL1_CODES.water] : [13, 12, 11, 10]);
    units = await classifyUnits(layer, grid, crs, popGrid.values, (i) => classification.classes[i] === centreCode, (i) => ruralCodes.has(classification.classes[i]), maxCells);
    log.explain(`Step 4. Local units: city when ≥ 50 % of the population lives in urban-centre cells, rural when > 50 % in rural cells, town / semi-dense otherwise.`);
  }
  const parameters: Record<string, unknown> = { method: 'degurba', preset: options.preset, ...p, aggregationFactor: factor, polygonsCrs: outputCrs.id };
  return { grid, crs, outputCrs, method: 'degurba', level: p.level, classes: classification.classes, noDataCells, features, classSummary, units, parameters, warnings };
}

/** GHS-SMOD legend colours (GHSL Data Package 2023), by class code; level 1 and urban extent alike. */
export const CLASS_COLOURS: Readonly<Record<number, readonly [number, number, number]>> = {
  30: [255, 0, 0], 23: [115, 38, 0], 22: [168, 112, 0], 21: [255, 255, 0], 13: [55, 86, 35], 12: [171, 205, 102], 11: [205, 245, 122], 10: [122, 182, 245],
  3: [255, 0, 0], 2: [255, 255, 0], 1: [171, 205, 102], 0: [122, 182, 245],
  [NO_DATA_CLASS]: [64, 64, 64],
};

/** Urban-extent classes: 1 urban, 2 suburban, 3 rural built-up, 4 fringe, 5 captured, 6 rural open space (Trends.Earth-like). */
export const EXTENT_COLOURS: Readonly<Record<number, readonly [number, number, number]>> = {
  1: [190, 30, 45], 2: [247, 148, 29], 3: [255, 222, 23], 4: [0, 140, 70], 5: [141, 198, 63], 6: [230, 230, 210],
};

/** The files the options ask for: class GeoTIFF, polygons GeoJSON, PNG preview. */
function toOutputFiles(result: DegurbaRun, options: DegurbaOptions): OutputFile[] {
  const { grid, classes } = result;
  const files: OutputFile[] = [];
  if (options.classesOut) files.push({ kind: 'class-raster', path: options.classesOut, grid, crs: result.crs, values: classes, ...(result.noDataCells > 0 ? { nodata: NO_DATA_CLASS } : {}) });
  if (options.polygonsOut) {
    files.push({ kind: 'geojson', path: options.polygonsOut, layer: { features: result.features, crsId: result.outputCrs.id, precision: toCoordinatePrecision(result.outputCrs) } });
  }
  if (options.preview) {
    const codes = [...new Set(classes)].sort((a, b) => a - b);
    const index = new Map(codes.map((code, k) => [code, k]));
    const colours = result.method === 'urban-extent' ? EXTENT_COLOURS : CLASS_COLOURS;
    const names = new Map(result.classSummary.map((c) => [c.code, c.name]));
    const legend = {
      title: result.method === 'urban-extent' ? 'Urban extent classes' : `Degree of Urbanisation, level ${result.level ?? ''} (GHS-SMOD colours)`,
      // Highest class first, as GHSL's legend; no data last.
      entries: codes.map((code, k) => ({ index: k, code, label: code === NO_DATA_CLASS ? 'no data' : `${code}  ${names.get(code) ?? ''}` }))
        .sort((a, b) => (a.code === NO_DATA_CLASS ? 1 : b.code === NO_DATA_CLASS ? -1 : b.code - a.code)).map(({ index: i, label }) => ({ index: i, label })),
      ...(index.has(NO_DATA_CLASS) ? { hatched: index.get(NO_DATA_CLASS) } : {}),
    };
    files.push({
      kind: 'png', path: options.preview, rows: grid.rows, cols: grid.cols, indexes: fillEach(new Uint8Array(classes.length), (i) => index.get(classes[i]) ?? 0),
      palette: codes.map((code) => colours[code] ?? [0, 0, 0]), scale: Math.max(1, Math.floor(800 / Math.max(grid.rows, grid.cols))), legend,
    });
  }
  return files;
}

/** The subcommand: classify, then the summary (per class, per centre and cluster, per unit) and the files. */
export async function run(options: DegurbaOptions, context: RunContext): Promise<IndicatorRun> {
  const result = await computeDegurba({ options, ...context });
  const summary = {
    tool: 'degurba',
    method: result.method,
    ...(result.level === null ? {} : { level: result.level }),
    grid: { crs: result.crs.id, cellSizeM: result.grid.cellWidth, rows: result.grid.rows, cols: result.grid.cols, originX: result.grid.originX, originY: result.grid.originY },
    classes: result.classSummary,
    ...(result.noDataCells > 0 ? { noDataCells: result.noDataCells } : {}),
    ...(result.method === 'degurba'
      ? {
        urbanCentres: result.features.filter((f) => f.properties.class === 'urban-centre').map((f) => f.properties),
        urbanClusters: result.features.filter((f) => f.properties.class === 'urban-cluster').map((f) => f.properties),
      }
      : { urbanExtents: result.features.map((f) => f.properties) }),
    ...(result.units ? { units: result.units } : {}),
  };
  return { observations: [], document: { kind: 'json', value: summary }, files: toOutputFiles(result, options), parameters: result.parameters, warnings: result.warnings };
}
