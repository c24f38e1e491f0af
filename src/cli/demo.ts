/**
 * `urban-sdg demo` (and `npm start`): runs every available indicator on the bundled demo city
 * (fixtures/demo-city) and prints a readable summary; indicators not built yet are listed as such.
 */
import { fileURLToPath } from 'node:url';
import chalk from 'chalk';
import { publicSpace } from '../indicators/public-space/index.js';
import { landConsumption } from '../indicators/land-consumption/index.js';
import { slums } from '../indicators/slums/index.js';
import { tenure } from '../indicators/tenure/index.js';
import { transit } from '../indicators/transit/index.js';
import type { Observation } from '../core/observation.js';
import { runDegurba } from '../indicators/degurba/index.js';
import { createFileInputOpener } from '../io/open-inputs.js';
import { DEFAULT_DATAFLOW, DEFAULT_MAX_CELLS } from './common-options.js';
import { createStderrLog } from './log.js';
import { computeIndicatorOutput, type RunEnvironment } from './run-indicator.js';

const DEMO_DIR = fileURLToPath(new URL('../../fixtures/demo-city/', import.meta.url));
const SURVEY_DIR = fileURLToPath(new URL('../../fixtures/survey/', import.meta.url));
const TRANSIT_DIR = fileURLToPath(new URL('../../fixtures/transit/', import.meta.url));
const SPACE_DIR = fileURLToPath(new URL('../../fixtures/public-space/', import.meta.url));
const YEARS = [2000, 2010, 2020];

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

export async function runDemo(env: RunEnvironment): Promise<void> {
  const path = (name: string) => `${DEMO_DIR}${name}`;
  const out: string[] = [chalk.bold('urban-sdg demo city') + chalk.dim(` (${DEMO_DIR})`), ''];
  const output = await computeIndicatorOutput(landConsumption, {
    built: YEARS.map((y) => `${y}=${path(`built_${y}.tif`)}`),
    population: YEARS.map((y) => `${y}=${path(`population_${y}.tif`)}`),
    zones: path('zones.geojson'),
    builtUnit: 'm2', lcrFormula: 'official', smallGrowth: 0.001,
    refArea: '_Z', nature: 'C', maxCells: DEFAULT_MAX_CELLS, dataflow: DEFAULT_DATAFLOW, quiet: true,
  }, { ...env, interactive: false });
  out.push(chalk.bold(`11.3.1 ${landConsumption.title}`) + chalk.dim(' (EN_LND_CNSPOP, official LCR formula)'));
  for (const o of output.observations) out.push(describeLandConsumption(o));
  out.push('');
  const degurba = await runDegurba({
    options: { population: path('population_2020.tif'), built: path('built_2020.tif'), level: '2', preset: 'R2023A', polygonsCrs: 'EPSG:4326', maxGapKm2: 15, centreDensity: 1500, centrePopulation: 50000, clusterDensity: 300, clusterPopulation: 5000, denseClusterPopulation: 5000, semiDenseBufferKm: 3, ruralClusterPopulation: 500, lowDensity: 50, waterLandShare: 0.5 },
    inputs: createFileInputOpener({}), log: createStderrLog({ quiet: true, explain: false, interactive: false }), maxCells: DEFAULT_MAX_CELLS,
  });
  out.push(chalk.bold('degurba Degree of Urbanisation, 2020') + chalk.dim(' (1 km grid from the 100 m rasters, R2023A)'));
  for (const c of degurba.classSummary.filter((k) => k.cells > 0)) out.push(`  ${String(c.code).padEnd(3)} ${c.name.padEnd(26)} ${String(c.cells).padStart(4)} km²  ${fmt(c.population, 0).padStart(11)} inhabitants`);
  out.push('');
  const surveyOptions = { timePeriod: '2022', refArea: '_Z', nature: 'C', maxCells: DEFAULT_MAX_CELLS, dataflow: DEFAULT_DATAFLOW, quiet: true, lonelyPsu: 'fail' };
  const slumsOutput = await computeIndicatorOutput(slums, { ...surveyOptions, data: `${SURVEY_DIR}households.csv`, config: `${SURVEY_DIR}households-config.json`, missingPolicy: 'flag' }, { ...env, interactive: false });
  out.push(chalk.bold(`11.1.1 ${slums.title}`) + chalk.dim(' (household survey, 2022)'));
  for (const o of slumsOutput.observations.filter((x) => x.series === 'EN_LND_SLUM')) {
    const c = o.components;
    out.push(`  ${o.zone.padEnd(10)} slum ${chalk.bold(`${fmt(o.value, 1)} %`)} ± ${fmt(1.96 * (o.standardError ?? 0), 1)}  inadequate housing ${fmt(c.inadequateHousingPct, 1)} %  two or more deprivations ${fmt(c.twoOrMoreDeprivationsPct, 1)} %`);
  }
  out.push('');
  const tenureOutput = await computeIndicatorOutput(tenure, { ...surveyOptions, timePeriod: '2021', data: `${SURVEY_DIR}people.csv`, config: `${SURVEY_DIR}people-config.json`, parcelRule: 'any' }, { ...env, interactive: false });
  out.push(chalk.bold(`1.4.2 ${tenure.title}`) + chalk.dim(' (person survey, 2021)'));
  for (const o of tenureOutput.observations.filter((x) => x.zone === '_T')) {
    out.push(`  ${o.series.padEnd(14)} ${o.dimensions.SEX.padEnd(3)} ${chalk.bold(`${fmt(o.value, 1)} %`)} ± ${fmt(1.96 * (o.standardError ?? 0), 1)}`);
  }
  out.push('');
  const transitOutput = await computeIndicatorOutput(transit, {
    zones: `${TRANSIT_DIR}zones.geojson`, population: `${TRANSIT_DIR}population.tif`, stops: `${TRANSIT_DIR}stops.geojson`, streets: `${TRANSIT_DIR}streets.geojson`,
    capacityField: 'capacity', lowCapacityM: 500, highCapacityM: 1000, maxSnapM: 200, snapOffset: 'add', subcells: 1, serviceWindow: '06:00-20:00', minDeparturesPerHour: 1,
    timePeriod: '2023', refArea: '_Z', nature: 'C', maxCells: DEFAULT_MAX_CELLS, dataflow: DEFAULT_DATAFLOW, quiet: true,
  }, { ...env, interactive: false });
  out.push(chalk.bold(`11.2.1 ${transit.title}`) + chalk.dim(' (street network, 500 m / 1 km)'));
  for (const o of transitOutput.observations) {
    const c = o.components;
    out.push(`  ${o.zone.padEnd(8)} served ${chalk.bold(`${fmt(o.value, 1)} %`)}  of ${fmt(c.populationTotal, 0)} people  (low-capacity ${fmt(c.servedLowCapacityPct, 1)} %, high-capacity ${fmt(c.servedHighCapacityPct, 1)} %)`);
  }
  out.push('');
  const spaceOutput = await computeIndicatorOutput(publicSpace, {
    zones: `${SPACE_DIR}city.geojson`, openSpaces: `${SPACE_DIR}open-spaces.geojson`, openSpaceFilter: 'access!=private', validatedField: 'validated',
    streets: `${SPACE_DIR}streets.geojson`, streetWidthField: 'width', population: `${SPACE_DIR}population.tif`, accessM: 400, entrySpacingM: 30, maxSnapM: 200,
    timePeriod: '2023', refArea: '_Z', nature: 'C', maxCells: DEFAULT_MAX_CELLS, dataflow: DEFAULT_DATAFLOW, quiet: true,
  }, { ...env, interactive: false });
  out.push(chalk.bold(`11.7.1 ${publicSpace.title}`));
  const [land, access] = spaceOutput.observations;
  out.push(`  ${land.zone.padEnd(8)} open space and streets ${chalk.bold(`${fmt(land.value, 1)} %`)} of the city (open spaces ${fmt(land.components.openSpaceSharePct, 1)} %, streets ${fmt(land.components.streetSharePct, 1)} %)`);
  out.push(`  ${access.zone.padEnd(8)} population within 400 m of an open space ${chalk.bold(`${fmt(access.value, 1)} %`)}`);
  out.push('', chalk.dim('Full output with metadata: urban-sdg 11.3.1 --help, then --format json|csv|sdmx-csv|open-sdg'));
  env.writeOut(`${out.join('\n')}\n`);
}
