/**
 * `urban-sdg demo` (and `npm start`): runs every indicator on the bundled demo data and prints a
 * readable summary. It names only its inputs: every default comes from the option tables, through
 * `resolveOptions`, exactly as on the command line.
 */
import { fileURLToPath } from 'node:url';
import chalk from 'chalk';
import type { IndicatorOutput, Observation } from '../core/observation.js';
import { resolveOptions, type AnyIndicator } from '../indicators/define.js';
import { degurba } from '../indicators/degurba/index.js';
import { landConsumption } from '../indicators/land-consumption/index.js';
import { publicSpace } from '../indicators/public-space/index.js';
import { slums } from '../indicators/slums/index.js';
import { tenure } from '../indicators/tenure/index.js';
import { transit } from '../indicators/transit/index.js';
import { computeIndicator, type RunEnvironment } from './run-indicator.js';

export const DEMO_DIR = fileURLToPath(new URL('../../fixtures/demo-city/', import.meta.url));
const SURVEY_DIR = fileURLToPath(new URL('../../fixtures/survey/', import.meta.url));
const TRANSIT_DIR = fileURLToPath(new URL('../../fixtures/transit/', import.meta.url));
const SPACE_DIR = fileURLToPath(new URL('../../fixtures/public-space/', import.meta.url));
const YEARS = [2000, 2010, 2020];

/** The demo city's inputs per subcommand, as raw options (shared by `demo` and `learn`). */
export const DEMO_INPUTS = {
  land: () => ({ built: YEARS.map((y) => `${y}=${DEMO_DIR}built_${y}.tif`), population: YEARS.map((y) => `${y}=${DEMO_DIR}population_${y}.tif`), zones: `${DEMO_DIR}zones.geojson` }),
  degurba: () => ({ population: `${DEMO_DIR}population_2020.tif`, built: `${DEMO_DIR}built_2020.tif` }),
  slums: () => ({ data: `${SURVEY_DIR}households.csv`, config: `${SURVEY_DIR}households-config.json`, timePeriod: '2022' }),
  tenure: () => ({ data: `${SURVEY_DIR}people.csv`, config: `${SURVEY_DIR}people-config.json`, timePeriod: '2021' }),
  transit: () => ({ zones: `${TRANSIT_DIR}zones.geojson`, population: `${TRANSIT_DIR}population.tif`, stops: `${TRANSIT_DIR}stops.geojson`, streets: `${TRANSIT_DIR}streets.geojson`, timePeriod: '2023' }),
  publicSpace: () => ({
    zones: `${SPACE_DIR}city.geojson`, openSpaces: `${SPACE_DIR}open-spaces.geojson`, openSpaceFilter: 'access!=private', validatedField: 'validated',
    streets: `${SPACE_DIR}streets.geojson`, streetWidthField: 'width', population: `${SPACE_DIR}population.tif`, timePeriod: '2023',
  }),
} as const;

function fmt(x: unknown, digits: number): string {
  return typeof x === 'number' ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—';
}

function describeLandConsumption(o: Observation): string {
  const c = o.components;
  return [
    `  ${chalk.bold(o.zone.padEnd(6))} ${o.timePeriod}  LCRPGR ${chalk.bold(fmt(o.value, 3))}`,
    `LCR ${fmt(Number(c.lcr) * 100, 2)} %/yr`,
    `PGR ${fmt(Number(c.pgr) * 100, 2)} %/yr`,
    `built-up ${fmt(Number(c.builtUpM2Start) / 1e6, 1)} → ${fmt(Number(c.builtUpM2End) / 1e6, 1)} km²`,
    `per person ${fmt(c.builtUpPerCapitaM2Start, 1)} → ${fmt(c.builtUpPerCapitaM2End, 1)} m²`,
    o.flags.length ? chalk.yellow(o.flags.join(', ')) : '',
  ].filter(Boolean).join('  ');
}

interface ClassLine {
  readonly code: number;
  readonly name: string;
  readonly cells: number;
  readonly population: number | null;
}

export async function runDemo(env: RunEnvironment): Promise<void> {
  const quietEnv = { ...env, interactive: false };
  const compute = async (definition: AnyIndicator, raw: Record<string, unknown>) => (await computeIndicator(definition, resolveOptions(definition, { ...raw, quiet: true }), quietEnv)).output;
  const observationsOf = async (definition: AnyIndicator, raw: Record<string, unknown>) => ((await compute(definition, raw)) as IndicatorOutput).observations;
  const out: string[] = [chalk.bold('urban-sdg demo city') + chalk.dim(` (${DEMO_DIR})`), ''];
  const landObservations = await observationsOf(landConsumption, DEMO_INPUTS.land());
  out.push(chalk.bold(`11.3.1 ${landConsumption.title}`) + chalk.dim(' (EN_LND_CNSPOP, official LCR formula)'));
  for (const o of landObservations) out.push(describeLandConsumption(o));
  out.push('');
  const summary = await compute(degurba, DEMO_INPUTS.degurba());
  const classes = (summary as { classes?: readonly ClassLine[] }).classes ?? [];
  out.push(chalk.bold('degurba Degree of Urbanisation, 2020') + chalk.dim(' (1 km grid from the 100 m rasters, R2023A)'));
  for (const c of classes.filter((k) => k.cells > 0)) out.push(`  ${String(c.code).padEnd(3)} ${c.name.padEnd(26)} ${String(c.cells).padStart(4)} km²  ${fmt(c.population, 0).padStart(11)} inhabitants`);
  out.push('');
  const slumObservations = await observationsOf(slums, DEMO_INPUTS.slums());
  out.push(chalk.bold(`11.1.1 ${slums.title}`) + chalk.dim(' (household survey, 2022)'));
  for (const o of slumObservations.filter((x) => x.series === 'EN_LND_SLUM')) {
    const c = o.components;
    out.push(`  ${(o.labels?.CUST_BREAKDOWN ?? 'all').padEnd(10)} slum ${chalk.bold(`${fmt(o.value, 1)} %`)} ± ${fmt(1.96 * (o.standardError ?? 0), 1)}  inadequate housing ${fmt(c.inadequateHousingPct, 1)} %  two or more deprivations ${fmt(c.twoOrMoreDeprivationsPct, 1)} %`);
  }
  out.push('');
  const tenureObservations = await observationsOf(tenure, DEMO_INPUTS.tenure());
  out.push(chalk.bold(`1.4.2 ${tenure.title}`) + chalk.dim(' (person survey, 2021)'));
  for (const o of tenureObservations.filter((x) => x.dimensions.CUST_BREAKDOWN === undefined)) {
    out.push(`  ${o.series.padEnd(14)} ${o.dimensions.SEX.padEnd(3)} ${chalk.bold(`${fmt(o.value, 1)} %`)} ± ${fmt(1.96 * (o.standardError ?? 0), 1)}`);
  }
  out.push('');
  const transitObservations = await observationsOf(transit, DEMO_INPUTS.transit());
  out.push(chalk.bold(`11.2.1 ${transit.title}`) + chalk.dim(' (street network, 500 m / 1 km)'));
  for (const o of transitObservations) {
    const c = o.components;
    out.push(`  ${o.zone.padEnd(8)} served ${chalk.bold(`${fmt(o.value, 1)} %`)}  of ${fmt(c.populationTotal, 0)} people  (low-capacity ${fmt(c.servedLowCapacityPct, 1)} %, high-capacity ${fmt(c.servedHighCapacityPct, 1)} %)`);
  }
  out.push('');
  const [land, access] = await observationsOf(publicSpace, DEMO_INPUTS.publicSpace());
  out.push(chalk.bold(`11.7.1 ${publicSpace.title}`));
  out.push(`  ${land.zone.padEnd(8)} open space and streets ${chalk.bold(`${fmt(land.value, 1)} %`)} of the city (open spaces ${fmt(land.components.openSpaceSharePct, 1)} %, streets ${fmt(land.components.streetSharePct, 1)} %)`);
  out.push(`  ${access.zone.padEnd(8)} population within 400 m of an open space ${chalk.bold(`${fmt(access.value, 1)} %`)}`);
  out.push('', chalk.dim('Full output with metadata: urban-sdg 11.3.1 --help, then --format json|csv|sdmx-csv|open-sdg'));
  env.writeOut(`${out.join('\n')}\n`);
}
