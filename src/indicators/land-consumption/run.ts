/**
 * SDG 11.3.1 — ratio of land consumption rate to population growth rate (docs/methods.md §10).
 * Built-up area and population are exact coverage-weighted sums inside each zone, per year; one
 * observation per zone for first→last year and for each consecutive pair of years.
 */
import { describeSource, describeSourceName, type PopulationTableRow } from '../../core/inputs.js';
import type { Observation } from '../../core/observation.js';
import type { RasterSource } from '../../core/raster.js';
import { InputError } from '../../errors.js';
import type { ZoneLayer } from '../../core/zones.js';
import { computeZonalSums, type ZonalLayer, type ZoneRasterSum } from '../../pipeline/zonal.js';
import { computeDegurbaZones } from '../degurba/zones.js';
import type { CellQuantity } from '../../kernels/zonal-sum.js';
import { given, type RunContext, type IndicatorRun } from '../define.js';
import { createObservationFactory } from '../observations.js';
import { type OptionValues } from '../options.js';
import { SERIES, type LAND_CONSUMPTION_OPTIONS } from './index.js';
import { computeLandConsumption } from './formula.js';
import { explainPeriod } from './explain.js';

type Options = OptionValues<typeof LAND_CONSUMPTION_OPTIONS>;

/** What a built-up cell holds (`--built-unit`) → how it becomes m². */
const BUILT_UNITS: Record<string, { quantity: CellQuantity; scale: number; meaning: string }> = {
  m2: { quantity: 'value', scale: 1, meaning: 'm² of built-up surface per cell (GHS-BUILT-S)' },
  share: { quantity: 'value-times-area', scale: 1, meaning: 'built-up share of the cell, 0–1' },
  percent: { quantity: 'value-times-area', scale: 0.01, meaning: 'built-up percent of the cell, 0–100' },
  mask: { quantity: 'mask-times-area', scale: 1, meaning: 'non-zero = built-up cell' },
};

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

/** The components of each observation, named with their units (`lcr` and `pgr` kept as aliases). */
interface LandConsumptionComponents {
  readonly [key: string]: number | null;
  readonly lcrPerYear: number | null;
  readonly pgrPerYear: number | null;
  readonly lcr: number | null;
  readonly pgr: number | null;
  readonly yearStart: number;
  readonly yearEnd: number;
  readonly years: number;
  readonly builtUpM2Start: number;
  readonly builtUpM2End: number;
  readonly populationStart: number;
  readonly populationEnd: number;
  readonly builtUpPerCapitaM2Start: number | null;
  readonly builtUpPerCapitaM2End: number | null;
  readonly builtUpChangePct: number | null;
  readonly zoneAreaM2Start: number;
  readonly zoneAreaM2End: number;
}

interface Opened {
  readonly builtRasters: readonly RasterSource[];
  readonly popRasters: readonly RasterSource[];
  readonly popTable: Map<string, number> | null;
  readonly zonesByYear: Map<number, ZoneLayer>;
}

async function open(options: Options, { inputs }: RunContext): Promise<Opened> {
  const years = options.built.map((b) => b.year);
  const builtRasters: RasterSource[] = [];
  for (const b of options.built) builtRasters.push(await inputs.openRaster(`built:${b.year}`, b.source));
  const popRasters: RasterSource[] = [];
  for (const p of options.population) popRasters.push(await inputs.openRaster(`population:${p.year}`, p.source));
  const tableSource = options.populationTable;
  const popTable = tableSource ? indexPopulationTable(await inputs.readPopulationTable('population-table', tableSource), describeSource(tableSource)) : null;
  let zonesByYear: Map<number, ZoneLayer>;
  if (options.zonesFrom) {
    zonesByYear = await computeDegurbaZones(years.map((year, k) => ({ year, population: popRasters[k], built: builtRasters[k] })), options.boundary, options.maxCells);
  } else {
    const layer = await inputs.readZones('zones', given(options.zones, '--zones'));
    zonesByYear = new Map(years.map((year) => [year, layer]));
  }
  return { builtRasters, popRasters, popTable, zonesByYear };
}

type YearSums = Map<number, Map<string, { built: ZoneRasterSum; population: ZoneRasterSum | null }>>;

/** Exact coverage-weighted sums per zone and year; years that share one zone layer are summed in one pass. */
async function computeSums(options: Options, opened: Opened, log: RunContext['log']): Promise<YearSums> {
  const years = options.built.map((b) => b.year);
  const unit = BUILT_UNITS[options.builtUnit];
  const { zonesByYear, builtRasters, popRasters, popTable } = opened;
  const sumsByYear: YearSums = new Map();
  for (const layer of new Set(zonesByYear.values())) {
    const layerYears = years.filter((y) => zonesByYear.get(y) === layer);
    const layers: ZonalLayer[] = [
      ...layerYears.map((y) => ({ raster: builtRasters[years.indexOf(y)], quantity: unit.quantity, scale: unit.scale })),
      ...(popTable ? [] : layerYears.map((y) => ({ raster: popRasters[years.indexOf(y)], quantity: 'value' as const, scale: 1 }))),
    ];
    const sums = layer.features.length === 0 ? [] : await computeZonalSums(layer, layers, { maxCells: options.maxCells, onZoneDone: (done, total) => log.progress('zones', done, total) });
    layerYears.forEach((year, k) => {
      sumsByYear.set(year, new Map(layer.features.map((zone, z) => [zone.id, { built: sums[z][k], population: popTable ? null : sums[z][layerYears.length + k] }])));
    });
  }
  return sumsByYear;
}

export async function run(options: Options, context: RunContext): Promise<IndicatorRun> {
  const { log } = context;
  const { built, population, populationTable, lcrFormula: formula, builtUnit, zonesFrom, smallGrowth } = options;
  const years = built.map((b) => b.year);
  const unit = BUILT_UNITS[builtUnit];
  const opened = await open(options, context);
  const { builtRasters, popRasters, popTable, zonesByYear } = opened;
  const zoneList = zonesByYear.get(years[years.length - 1]) as ZoneLayer;
  const delineation = zonesFrom ? 'degurba-urban-centre' : 'user-zones';
  const boundaryLabel = zonesFrom ? options.boundary : 'fixed';
  log.explain(`11.3.1 land consumption rate / population growth rate (UN metadata 11.3.1, DATA_COMP).`);
  log.explain(`Step 1. Zones: ${zoneList.features.length} from ${zoneList.path} (${zoneList.crs.id}), ids from ${zoneList.idSource}; boundary ${boundaryLabel}.`);
  log.explain(`Step 2. Built-up cells hold ${unit.meaning}; each cell counts by the exact fraction of it inside the zone: builtUpM2 = Σ coverage × value${unit.quantity === 'value' ? '' : ' × cell area'}.`);
  const sumsByYear = await computeSums(options, opened, log);
  const warnings: string[] = [];
  const parameters = {
    lcrFormula: formula,
    builtUnit,
    delineation,
    boundary: boundaryLabel,
    coverage: 'fraction',
    smallPopulationGrowthPerYear: smallGrowth,
    population: popTable ? 'table' : 'raster',
    maxCells: options.maxCells,
  };
  const tableName = populationTable === undefined ? '' : describeSource(populationTable);
  const observe = createObservationFactory({
    nature: options.nature,
    sourceDetail: options.sourceDetail ?? `built-up: ${built.map((b) => `${b.year} ${describeSourceName(b.source)}`).join(', ')}; population: ${popTable ? describeSourceName(tableName) : population.map((p) => `${p.year} ${describeSourceName(p.source)}`).join(', ')}`,
    choices: { lcr: formula, delineation, boundary: boundaryLabel, coverage: 'fraction', 'built-unit': builtUnit, ...(zonesFrom ? { degurba: 'R2023A-level1' } : {}) },
  });
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
      if (value === undefined) throw new InputError(`${tableName}: no population for zone ${JSON.stringify(zone.id)} in ${year} (expected a row zone=${zone.id}, year=${year})`);
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
      const components: LandConsumptionComponents = {
        lcrPerYear: result.lcr,
        pgrPerYear: result.pgr,
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
      };
      observations.push(observe({ zone: zone.id, series: SERIES, timePeriod: `${yearStart}-${yearEnd}`, value: result.value, components, flags: [...result.flags, ...zoneFlags] }));
    }
  });
  return { observations, parameters, warnings };
}

