/**
 * SDG 11.3.1 — ratio of land consumption rate to population growth rate (METHODS §10).
 * Built-up area and population are exact coverage-weighted sums inside each zone, per year; one
 * observation per zone for first→last year and for each consecutive pair of years (CONTRACT §4).
 */
import type { PopulationTableRow } from '../../core/inputs.js';
import { TOTAL_DIMENSIONS, type Observation } from '../../core/observation.js';
import type { RasterSource } from '../../core/raster.js';
import { UsageError, InputError } from '../../errors.js';
import { buildObservationAttributes, toCommentObs } from '../../metadata/build.js';
import type { ZoneLayer } from '../../core/zones.js';
import { computeZonalSums, type ZonalLayer, type ZoneRasterSum } from '../../pipeline/zonal.js';
import { computeDegurbaZones, type DegurbaBoundary } from '../degurba/zones.js';
import type { CellQuantity } from '../../kernels/zonal-sum.js';
import type { IndicatorDefinition, RunContext, IndicatorRun } from '../define.js';
import { computeLandConsumption, SMALL_POPULATION_GROWTH_PER_YEAR, type LcrFormula } from './formula.js';
import { explainPeriod } from './explain.js';

const SERIES = 'EN_LND_CNSPOP';

/** What a built-up cell holds (CONTRACT §4 `--built-unit`) → how it becomes m². */
const BUILT_UNITS: Record<string, { quantity: CellQuantity; scale: number; meaning: string }> = {
  m2: { quantity: 'value', scale: 1, meaning: 'm² of built-up surface per cell (GHS-BUILT-S)' },
  share: { quantity: 'value-times-area', scale: 1, meaning: 'built-up share of the cell, 0–1' },
  percent: { quantity: 'value-times-area', scale: 0.01, meaning: 'built-up percent of the cell, 0–100' },
  mask: { quantity: 'mask-times-area', scale: 1, meaning: 'non-zero = built-up cell' },
};

/** Parses repeated `YEAR=FILE` values into a year-sorted list. */
export function parseYearFiles(values: readonly string[], option: string): { year: number; path: string }[] {
  const seen = new Set<number>();
  return values.map((value) => {
    const match = /^(\d{4})=(.+)$/.exec(value);
    if (!match) throw new UsageError(`${option}: expected YEAR=FILE (e.g. ${option} 2000=built_2000.tif), found ${JSON.stringify(value)}`);
    const year = Number(match[1]);
    if (seen.has(year)) throw new UsageError(`${option}: year ${year} given twice`);
    seen.add(year);
    return { year, path: match[2] };
  }).sort((a, b) => a.year - b.year);
}

function toPeriods(years: readonly number[]): [number, number][] {
  const periods: [number, number][] = [[years[0], years[years.length - 1]]];
  if (years.length > 2) for (let k = 0; k + 1 < years.length; k++) periods.push([years[k], years[k + 1]]);
  return periods;
}

function indexPopulationTable(rows: readonly PopulationTableRow[], path: string): Map<string, number> {
  const table = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.zone}\u0000${row.year}`;
    if (table.has(key)) throw new InputError(`${path}: zone ${JSON.stringify(row.zone)} has two populations for ${row.year}`);
    table.set(key, row.population);
  }
  return table;
}

async function run(context: RunContext): Promise<IndicatorRun> {
  const { options, common, inputs, log } = context;
  const built = parseYearFiles((options.built as string[] | undefined) ?? [], '--built');
  if (built.length < 2) throw new UsageError(`--built: expected at least two years (e.g. --built 2000=a.tif --built 2020=b.tif), found ${built.length}`);
  const populationFiles = parseYearFiles((options.population as string[] | undefined) ?? [], '--population');
  const populationTablePath = options.populationTable as string | undefined;
  if (populationFiles.length === 0 && !populationTablePath) throw new UsageError('expected population as --population YEAR=FILE (repeat per year) or --population-table FILE');
  if (populationFiles.length > 0 && populationTablePath) throw new UsageError('give population either as --population rasters or as --population-table, not both');
  const years = built.map((b) => b.year);
  if (populationFiles.length > 0) {
    const popYears = populationFiles.map((p) => p.year);
    if (popYears.join() !== years.join()) {
      throw new UsageError(`--population years must pair with --built years (UN metadata: "the analysis years for both … should be the same"): built ${years.join(', ')}, population ${popYears.join(', ')}`);
    }
  }
  const zonesFrom = options.zonesFrom as string | undefined;
  if (!common.zones && !zonesFrom) throw new UsageError('--zones: expected a city / urban-area boundary file (GeoJSON or Shapefile), or --zones-from degurba');
  if (common.zones && zonesFrom) throw new UsageError('give either --zones or --zones-from, not both');
  const formula = options.lcrFormula as LcrFormula;
  const builtUnit = options.builtUnit as string;
  const unit = BUILT_UNITS[builtUnit];
  const smallGrowth = Number(options.smallGrowth ?? SMALL_POPULATION_GROWTH_PER_YEAR);

  const builtRasters: RasterSource[] = [];
  for (const b of built) builtRasters.push(await inputs.openRaster(`built:${b.year}`, b.path));
  const popRasters: RasterSource[] = [];
  for (const p of populationFiles) popRasters.push(await inputs.openRaster(`population:${p.year}`, p.path));
  const popTable = populationTablePath ? indexPopulationTable(await inputs.readPopulationTable('population-table', populationTablePath), populationTablePath) : null;
  const boundary = (options.boundary as DegurbaBoundary | undefined) ?? 'per-year';
  let zonesByYear: Map<number, ZoneLayer>;
  if (zonesFrom) {
    if (popRasters.length === 0) throw new UsageError('--zones-from degurba: needs population rasters (--population YEAR=FILE), not a table');
    if (builtUnit !== 'm2') throw new UsageError(`--zones-from degurba: needs built-up in m² per cell (--built-unit m2, as GHS-BUILT-S), found --built-unit ${builtUnit}`);
    zonesByYear = await computeDegurbaZones(years.map((year, k) => ({ year, population: popRasters[k], built: builtRasters[k] })), boundary, common.maxCells);
  } else {
    const layer = await inputs.readZones('zones', common.zones as string);
    zonesByYear = new Map(years.map((year) => [year, layer]));
  }
  const zoneList = zonesByYear.get(years[years.length - 1]) as ZoneLayer;
  const delineation = zonesFrom ? 'degurba-urban-centre' : 'user-zones';
  const boundaryLabel = zonesFrom ? boundary : 'fixed';
  log.explain(`11.3.1 land consumption rate / population growth rate (UN metadata 11.3.1, DATA_COMP).`);
  log.explain(`Step 1. Zones: ${zoneList.features.length} from ${zoneList.path} (${zoneList.crs.id}), ids from ${zoneList.idSource}; boundary ${boundaryLabel}.`);
  log.explain(`Step 2. Built-up cells hold ${unit.meaning}; each cell counts by the exact fraction of it inside the zone: builtUpM2 = Σ coverage × value${unit.quantity === 'value' ? '' : ' × cell area'}.`);
  // Years that share one zone layer are summed in one pass (one coverage computation per grid).
  const sumsByYear = new Map<number, Map<string, { built: ZoneRasterSum; population: ZoneRasterSum | null }>>();
  for (const layer of new Set(zonesByYear.values())) {
    const layerYears = years.filter((y) => zonesByYear.get(y) === layer);
    const layers: ZonalLayer[] = [
      ...layerYears.map((y) => ({ raster: builtRasters[years.indexOf(y)], quantity: unit.quantity, scale: unit.scale })),
      ...(popTable ? [] : layerYears.map((y) => ({ raster: popRasters[years.indexOf(y)], quantity: 'value' as const, scale: 1 }))),
    ];
    const sums = layer.features.length === 0 ? [] : await computeZonalSums(layer, layers, { maxCells: common.maxCells, onZoneDone: (done, total) => log.progress('zones', done, total) });
    layerYears.forEach((year, k) => {
      sumsByYear.set(year, new Map(layer.features.map((zone, z) => [zone.id, { built: sums[z][k], population: popTable ? null : sums[z][layerYears.length + k] }])));
    });
  }
  const warnings: string[] = [];
  const parameters = {
    lcrFormula: formula,
    builtUnit,
    delineation,
    boundary: boundaryLabel,
    coverage: 'fraction',
    smallPopulationGrowthPerYear: smallGrowth,
    population: popTable ? 'table' : 'raster',
    maxCells: common.maxCells,
  };
  const commentObs = toCommentObs({ lcr: formula, delineation, boundary: boundaryLabel, coverage: 'fraction', 'built-unit': builtUnit, ...(zonesFrom ? { degurba: 'R2023A-level1' } : {}) });
  const sourceDetail = common.sourceDetail ?? `built-up: ${built.map((b) => `${b.year} ${b.path}`).join(', ')}; population: ${popTable ? populationTablePath : populationFiles.map((p) => `${p.year} ${p.path}`).join(', ')}`;
  const observations: Observation[] = [];
  const empty: ZoneRasterSum = { sum: 0, coveredCells: 0, coveredAreaM2: 0, nodataCells: 0, partlyOutside: false, zoneAreaM2: 0 };
  zoneList.features.forEach((zone) => {
    const yearSums = years.map((year) => sumsByYear.get(year)?.get(zone.id) ?? { built: empty, population: popTable ? null : empty });
    const builtByYear = new Map(years.map((y, k) => [y, yearSums[k].built.sum]));
    const zoneFlags = new Set<string>();
    yearSums.forEach((s, k) => {
      for (const [sum, raster] of [[s.built, builtRasters[k]], [s.population, popRasters[k]]] as const) {
        if (!sum || !raster) continue;
        if (sum.partlyOutside) {
          zoneFlags.add('zone-partly-outside-raster');
          warnings.push(`zone ${JSON.stringify(zone.id)} extends beyond ${raster.info.path}; the part outside counts 0`);
        }
        if (sum.nodataCells > 0) {
          zoneFlags.add('nodata-in-zone');
          warnings.push(`zone ${JSON.stringify(zone.id)}: ${sum.nodataCells.toFixed(2)} covered cells of ${raster.info.path} are nodata and count 0`);
        }
      }
    });
    const populationOf = (year: number): number => {
      if (!popTable) return (yearSums[years.indexOf(year)].population as ZoneRasterSum).sum;
      const value = popTable.get(`${zone.id}\u0000${year}`);
      if (value === undefined) throw new InputError(`${populationTablePath}: no population for zone ${JSON.stringify(zone.id)} in ${year} (expected a row zone=${zone.id}, year=${year})`);
      return value;
    };
    for (const [yearStart, yearEnd] of toPeriods(years)) {
      const totals = {
        yearStart, yearEnd,
        builtUpM2Start: builtByYear.get(yearStart) as number,
        builtUpM2End: builtByYear.get(yearEnd) as number,
        populationStart: populationOf(yearStart),
        populationEnd: populationOf(yearEnd),
      };
      const result = computeLandConsumption(totals, formula, smallGrowth);
      if (log.explaining) explainPeriod(log, zone.id, totals, result, formula);
      const timePeriod = `${yearStart}-${yearEnd}`;
      observations.push({
        zone: zone.id,
        series: SERIES,
        timePeriod,
        value: result.value,
        unit: 'RO',
        dimensions: TOTAL_DIMENSIONS,
        components: {
          lcr: result.lcr,
          pgr: result.pgr,
          yearStart,
          yearEnd,
          years: yearEnd - yearStart,
          builtUpM2Start: totals.builtUpM2Start,
          builtUpM2End: totals.builtUpM2End,
          populationStart: totals.populationStart,
          populationEnd: totals.populationEnd,
          builtUpPerCapitaM2Start: result.builtUpPerCapitaM2Start,
          builtUpPerCapitaM2End: result.builtUpPerCapitaM2End,
          builtUpChangePct: result.builtUpChangePct,
          zoneAreaM2Start: yearSums[years.indexOf(yearStart)].built.coveredAreaM2,
          zoneAreaM2End: yearSums[years.indexOf(yearEnd)].built.coveredAreaM2,
        },
        standardError: null,
        attributes: buildObservationAttributes({ nature: common.nature, sourceDetail, commentObs, timeDetail: timePeriod }),
        flags: [...result.flags, ...zoneFlags],
      });
    }
  });
  return { observations, parameters, warnings };
}

export const landConsumption: IndicatorDefinition = {
  code: '11.3.1',
  slug: 'land-consumption',
  title: 'Ratio of land consumption rate to population growth rate',
  geospatial: true,
  series: [{ code: SERIES, description: 'Ratio of land consumption rate to population growth rate', unit: 'RO' }],
  options: [
    { flags: '--built <YEAR=FILE>', description: 'built-up raster (GeoTIFF) for a year; repeat for each year (at least two)', repeatable: true },
    { flags: '--built-unit <unit>', description: 'what a built-up cell holds: m2 = square metres of built-up surface (GHS-BUILT-S), share = 0–1 of the cell, percent = 0–100, mask = non-zero is built-up', choices: ['m2', 'share', 'percent', 'mask'], defaultValue: 'm2' },
    { flags: '--population <YEAR=FILE>', description: 'population count raster (persons per cell, as GHS-POP) for a year; repeat with the same years as --built', repeatable: true },
    { flags: '--population-table <FILE>', description: 'population per zone and year instead of rasters: CSV with columns zone (or id), year, population' },
    { flags: '--lcr-formula <formula>', description: 'official: LCR = (V_present − V_past)/V_past/t (UN metadata 2021); log: LCR = ln(V_present/V_past)/t (2018 training module, Trends.Earth)', choices: ['official', 'log'], defaultValue: 'official' },
    { flags: '--zones-from <method>', description: 'derive the zones instead of --zones: degurba = Degree of Urbanisation urban centres (R2023A, level 1) from the population and built-up rasters', choices: ['degurba'] },
    { flags: '--boundary <rule>', description: 'with --zones-from: per-year = each year\'s own urban centres, matched to the last year\'s; fixed-last / fixed-first = one year\'s centres for every year', choices: ['per-year', 'fixed-last', 'fixed-first'], defaultValue: 'per-year' },
    { flags: '--small-growth <perYear>', description: 'flag small-population-growth when |PGR| is below this rate per year', defaultValue: SMALL_POPULATION_GROWTH_PER_YEAR, type: 'number' },
  ],
  run,
};
