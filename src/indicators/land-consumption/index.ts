/**
 * SDG 11.3.1 — ratio of land consumption rate to population growth rate (UN metadata 11.3.1,
 * 2021-03-01; docs/methods.md). The options and their rules; the computation is in run.ts.
 */
import { UsageError } from '../../errors.js';
import { GEOSPATIAL_OPTIONS, OUTPUT_OPTIONS } from '../common-options.js';
import { defineIndicator, type SeriesSpec } from '../define.js';
import { choice, file, number, text, yearFiles, type OptionValues } from '../options.js';
import { SMALL_POPULATION_GROWTH_PER_YEAR } from './formula.js';

export const SERIES: SeriesSpec = { code: 'EN_LND_CNSPOP', description: 'Ratio of land consumption rate to population growth rate', unit: 'RO' };

export const LAND_CONSUMPTION_OPTIONS = {
  built: yearFiles({ help: 'built-up raster for a year: a GeoTIFF, a folder of GeoTIFF tiles of one grid, or a GDAL VRT of them; repeat for each year (at least two)' }),
  builtUnit: choice(['m2', 'share', 'percent', 'mask'], { help: 'what a built-up cell holds: m2 = square metres of built-up surface (GHS-BUILT-S), share = 0–1 of the cell, percent = 0–100, mask = non-zero is built-up', default: 'm2', placeholder: 'unit' }),
  population: yearFiles({ help: 'population count raster (persons per cell, as GHS-POP) for a year, a GeoTIFF, tile folder or VRT; repeat with the same years as --built' }),
  populationTable: file({ help: 'population per zone and year instead of rasters: CSV with columns zone (or id), year, population' }),
  encoding: text({ help: 'text encoding of --population-table (utf-8, windows-1252, iso-8859-1, …)', default: 'utf-8', placeholder: 'NAME' }),
  lcrFormula: choice(['official', 'log'], { help: 'official: LCR = (V_present − V_past)/V_past/t (UN metadata 2021); log: LCR = ln(V_present/V_past)/t (2018 training module, Trends.Earth)', default: 'official', placeholder: 'formula' }),
  zonesFrom: choice(['degurba'], { help: 'derive the zones instead of --zones: degurba = Degree of Urbanisation urban centres (R2023A, level 1) from the population and built-up rasters', placeholder: 'method' }),
  boundary: choice(['per-year', 'fixed-last', 'fixed-first'], { help: 'with --zones-from: per-year = each year\'s own urban centres, matched to the last year\'s; fixed-last / fixed-first = one year\'s centres for every year', default: 'per-year', placeholder: 'rule' }),
  sdmxPeriod: choice(['full', 'consecutive'], { help: 'SDMX and open-sdg output hold one period per zone and end year: full = first → last year (2000-2020); consecutive = each pair (2000-2010, 2010-2020); JSON and CSV keep all periods', default: 'full', placeholder: 'periods' }),
  smallGrowth: number({ help: 'flag small-population-growth when |PGR| is below this rate', default: SMALL_POPULATION_GROWTH_PER_YEAR, min: 0, unit: 'per year', placeholder: 'rate' }),
  ...GEOSPATIAL_OPTIONS,
  ...OUTPUT_OPTIONS,
} as const;

type Options = OptionValues<typeof LAND_CONSUMPTION_OPTIONS>;

/** Cross-option rules, before any file is read. */
function check(options: Options): void {
  const { built, population, populationTable, zones, zonesFrom, builtUnit } = options;
  if (built.length < 2) throw new UsageError(`--built: expected at least two years (e.g. --built 2000=a.tif --built 2020=b.tif), found ${built.length}`);
  if (population.length === 0 && !populationTable) throw new UsageError('--population: expected population as --population YEAR=FILE (repeat per year) or --population-table FILE');
  if (population.length > 0 && populationTable) throw new UsageError('--population-table: give population either as --population rasters or as --population-table, not both');
  const years = built.map((b) => b.year).join(', ');
  const popYears = population.map((p) => p.year).join(', ');
  if (population.length > 0 && popYears !== years) {
    throw new UsageError(`--population: years must pair with --built years (UN metadata: "the analysis years for both … should be the same"): built ${years}, population ${popYears}`);
  }
  if (!zones && !zonesFrom) throw new UsageError('--zones: expected a city / urban-area boundary file (GeoJSON, Shapefile or FlatGeobuf), or --zones-from degurba');
  if (zones && zonesFrom) throw new UsageError('--zones-from: give either --zones or --zones-from, not both');
  if (zonesFrom && population.length === 0) throw new UsageError('--zones-from: degurba needs population rasters (--population YEAR=FILE), not a table');
  if (zonesFrom && builtUnit !== 'm2') throw new UsageError(`--zones-from: degurba needs built-up in m² per cell (--built-unit m2, as GHS-BUILT-S), found --built-unit ${builtUnit}`);
}

export const landConsumption = defineIndicator({
  code: '11.3.1',
  slug: 'land-consumption',
  title: 'Ratio of land consumption rate to population growth rate',
  output: 'observations',
  series: [SERIES],
  options: LAND_CONSUMPTION_OPTIONS,
  check,
  run: async (options, context) => (await import('./run.js')).run(options, context),
});
