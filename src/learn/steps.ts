/**
 * The steps of each indicator's module, computed on the bundled demo city: which catalogue step, and
 * the numbers that fill its template (one line per zone, group or component). The numbers come from
 * the same runs as `urban-sdg demo` (computeIndicator on the demo inputs), so what a learner reads is
 * what the tool computes.
 */
import { readInterval, type IndicatorOutput, type Observation } from '../core/observation.js';
import { DEMO_INPUTS, DEMO_DIR } from '../cli/demo.js';
import { computeIndicator, type RunEnvironment } from '../cli/run-indicator.js';
import { resolveOptions, type AnyIndicator } from '../indicators/define.js';
import { degurba } from '../indicators/degurba/index.js';
import { landConsumption } from '../indicators/land-consumption/index.js';
import { publicSpace } from '../indicators/public-space/index.js';
import { slums } from '../indicators/slums/index.js';
import { tenure } from '../indicators/tenure/index.js';
import { transit } from '../indicators/transit/index.js';
import { createFileInputOpener } from '../io/open-inputs.js';
import type { Catalogue, Language } from './catalogue.js';
import { createNumberFormat } from './catalogue.js';
import { drawBars, drawClassMap, drawShadedMap } from './pictures.js';

export interface LearnStep {
  readonly key: string;
  /** One set of values per line of numbers. */
  readonly rows: readonly Readonly<Record<string, string>>[];
  readonly picture?: readonly string[];
}

type Format = ReturnType<typeof createNumberFormat>;

async function compute(definition: AnyIndicator, raw: Record<string, unknown>, env: RunEnvironment) {
  return computeIndicator(definition, resolveOptions(definition, { ...raw, quiet: true }), { ...env, interactive: false });
}

async function observationsOf(definition: AnyIndicator, raw: Record<string, unknown>, env: RunEnvironment): Promise<readonly Observation[]> {
  return ((await compute(definition, raw, env)).output as IndicatorOutput).observations;
}

const isTotal = (o: Observation) => Object.entries(o.dimensions).every(([k, v]) => v === '_T' || k === 'URBANISATION');

async function landConsumptionSteps(env: RunEnvironment, f: Format): Promise<LearnStep[]> {
  const full = (await observationsOf(landConsumption, DEMO_INPUTS.land(), env)).filter((o) => o.timePeriod === '2000-2020');
  const rows = full.map((o) => {
    const c = o.components as Record<string, number>;
    return {
      zone: o.zone, areaKm2: f(c.zoneAreaM2Start / 1e6, 1), yearStart: String(c.yearStart), yearEnd: String(c.yearEnd), years: String(c.years),
      builtStart: f(c.builtUpM2Start / 1e6, 2), builtEnd: f(c.builtUpM2End / 1e6, 2), popStart: f(c.populationStart, 0), popEnd: f(c.populationEnd, 0),
      lcr: f(c.lcr, 4), pgr: f(c.pgr, 4), ratio: f(o.value ?? NaN, 3), perCapitaStart: f(c.builtUpPerCapitaM2Start, 1), perCapitaEnd: f(c.builtUpPerCapitaM2End, 1),
    };
  });
  const opener = createFileInputOpener({ hash: false });
  let picture: string[] = [];
  try {
    const raster = await opener.openRaster('built:2020', `${DEMO_DIR}built_2020.tif`);
    const { grid, nodata } = raster.info;
    const values = await raster.readWindow({ row0: 0, col0: 0, rows: grid.rows, cols: grid.cols });
    picture = drawShadedMap(values, grid.rows, grid.cols, 60, (v) => v !== nodata);
  } finally {
    await opener.closeAll();
  }
  return [{ key: 'zones', rows }, { key: 'built', rows, picture }, { key: 'lcr', rows }, { key: 'pgr', rows }, { key: 'ratio', rows }];
}

async function transitSteps(env: RunEnvironment, f: Format, text: Catalogue): Promise<LearnStep[]> {
  const observations = await observationsOf(transit, DEMO_INPUTS.transit(), env);
  const rows = observations.map((o) => {
    const c = o.components as Record<string, number | string>;
    return {
      zone: o.zone, low: String(c.lowCapacityStations), high: String(c.highCapacityStations), lowM: f(Number(c.lowCapacityThresholdM), 0), highM: f(Number(c.highCapacityThresholdM), 0),
      distance: text.distance[String(c.distance)] ?? String(c.distance), popLow: f(Number(c.populationServedLowCapacity), 0), popHigh: f(Number(c.populationServedHighCapacity), 0),
      served: f(Number(c.populationServed), 0), total: f(Number(c.populationTotal), 0), share: f(o.value ?? NaN, 2),
    };
  });
  const picture = drawBars(observations.map((o) => ({ label: o.zone, pct: o.value ?? 0, text: `${f(o.value ?? NaN, 1)} %` })));
  return [{ key: 'stops', rows }, { key: 'walk', rows: rows.slice(0, 1) }, { key: 'served', rows }, { key: 'share', rows, picture }];
}

async function slumSteps(env: RunEnvironment, f: Format, text: Catalogue): Promise<LearnStep[]> {
  const o = (await observationsOf(slums, DEMO_INPUTS.slums(), env)).find((x) => x.series === 'EN_LND_SLUM' && isTotal(x) && x.dimensions.CUST_BREAKDOWN === undefined) as Observation;
  const c = o.components as Record<string, number>;
  const components = (['water', 'sanitation', 'livingArea', 'durability', 'tenure'] as const).map((k) => {
    const key = `lacking${k[0].toUpperCase()}${k.slice(1)}`;
    return { component: text.components[k], pct: f(c[`${key}Pct`], 1), se: f(c[`${key}SE`], 2), value: c[`${key}Pct`] };
  });
  const se = o.standardError ?? NaN;
  const value = o.value ?? NaN;
  const [low, high] = readInterval(o) ?? [NaN, NaN];
  return [
    { key: 'deprivations', rows: components.map(({ value: _value, ...row }) => row), picture: drawBars(components.map((x) => ({ label: x.component, pct: x.value, text: `${x.pct} %` }))) },
    { key: 'slum', rows: [{ one: f(c.oneDeprivationPct, 1), two: f(c.twoOrMoreDeprivationsPct, 1) }] },
    { key: 'estimate', rows: [{ slum: f(c.slumPersons, 0), urban: f(c.urbanPopulation, 0), share: f(value, 2) }] },
    { key: 'precision', rows: [{ se: f(se, 2), low: f(low, 1), high: f(high, 1), n: f(c.households, 0), deff: f(c.designEffect, 2) }] },
  ];
}

async function tenureSteps(env: RunEnvironment, f: Format, text: Catalogue): Promise<LearnStep[]> {
  const observations = (await observationsOf(tenure, DEMO_INPUTS.tenure(), env)).filter((o) => o.dimensions.CUST_BREAKDOWN === undefined && o.dimensions.AGE === '_T');
  const groups = ['_T', 'F', 'M'];
  const find = (series: string, sex: string) => observations.find((o) => o.series === series && o.dimensions.SEX === sex) as Observation;
  const share = (series: string) => groups.map((sex) => {
    const o = find(series, sex);
    // The interval the result publishes (LOWER_BOUND / UPPER_BOUND), as the report shows it.
    const [low, high] = readInterval(o) ?? [NaN, NaN];
    return { group: text.groups[sex], pct: f(o.value ?? NaN, 1), se: f(o.standardError ?? NaN, 2), low: f(low, 1), high: f(high, 1) };
  });
  const adults = groups.map((sex) => {
    const c = find('SP_LGL_LNDDOC', sex).components as Record<string, number>;
    return { group: text.groups[sex], adults: f(c.adults, 0), n: f(c.adultsSampled, 0) };
  });
  const precision = groups.map((sex) => ({ group: text.groups[sex], deff: f(Number(find('SP_LGL_LNDDOC', sex).components.designEffect), 2), deffSecure: f(Number(find('SP_LGL_LNDSEC', sex).components.designEffect), 2) }));
  const picture = drawBars(groups.flatMap((sex) => ['SP_LGL_LNDDOC', 'SP_LGL_LNDSEC'].map((series) => ({ label: `${text.groups[sex]} ${series}`, pct: find(series, sex).value ?? 0, text: `${f(find(series, sex).value ?? NaN, 1)} %` }))));
  return [{ key: 'adults', rows: adults }, { key: 'documented', rows: share('SP_LGL_LNDDOC') }, { key: 'secure', rows: share('SP_LGL_LNDSEC'), picture }, { key: 'precision', rows: precision }];
}

async function publicSpaceSteps(env: RunEnvironment, f: Format): Promise<LearnStep[]> {
  const [land, access] = await observationsOf(publicSpace, DEMO_INPUTS.publicSpace(), env);
  const c = land.components as Record<string, number>;
  const a = access.components as Record<string, number>;
  const row = {
    zone: land.zone, areaKm2: f(c.zoneAreaM2 / 1e6, 3), openKm2: f(c.openSpaceAreaM2 / 1e6, 3), openPct: f(c.openSpaceSharePct, 2), streetKm2: f(c.streetAreaM2 / 1e6, 3),
    streetPct: f(c.streetSharePct, 2), overlapKm2: f(c.overlapAreaM2 / 1e6, 3), share: f(land.value ?? NaN, 2), served: f(a.populationServed, 0), total: f(a.populationTotal, 0), access: f(access.value ?? NaN, 2),
  };
  return [{ key: 'city', rows: [row] }, { key: 'open', rows: [row] }, { key: 'streets', rows: [row] }, { key: 'share', rows: [row] }, { key: 'access', rows: [row] }];
}

/** GHS-SMOD classes as terminal characters: centres solid, clusters shaded, rural light, water `~`. */
const CLASS_SYMBOLS = new Map<number, string>([[30, '█'], [23, '▓'], [22, '▒'], [21, '▒'], [13, '░'], [12, '·'], [11, ' '], [10, '~'], [255, '?']]);

async function degurbaSteps(env: RunEnvironment, f: Format): Promise<LearnStep[]> {
  // classesOut makes the run hand over its class grid; computeIndicator writes nothing.
  const result = await compute(degurba, { ...DEMO_INPUTS.degurba(), classesOut: 'classes.tif' }, env);
  const classes = (result.output as { classes: { code: number; cells: number; population: number | null }[] }).classes;
  const sum = (codes: readonly number[]) => {
    const chosen = classes.filter((c) => codes.includes(c.code));
    return { cells: f(chosen.reduce((n, c) => n + c.cells, 0), 0), population: f(chosen.reduce((n, c) => n + (c.population ?? 0), 0), 0) };
  };
  const grid = result.files.find((file) => file.kind === 'class-raster');
  const picture = grid && grid.kind === 'class-raster' ? [...drawClassMap(grid.values, grid.grid.rows, grid.grid.cols, CLASS_SYMBOLS), "  █ 30  ▓ 23  ▒ 22/21  ░ 13  · 12  ' ' 11  ~ 10"] : undefined;
  return [
    { key: 'grid', rows: [sum([30, 23, 22, 21, 13, 12, 11, 10])] },
    { key: 'centres', rows: [sum([30])] },
    { key: 'clusters', rows: [sum([23, 22, 21])], picture },
    { key: 'rural', rows: [sum([13, 12, 11, 10])] },
  ];
}

export const LEARN_INDICATORS = ['11.1.1', '11.2.1', '11.3.1', '11.7.1', '1.4.2', 'degurba'] as const;
export type LearnIndicator = (typeof LEARN_INDICATORS)[number];

export function computeSteps(indicator: LearnIndicator, lang: Language, text: Catalogue, env: RunEnvironment): Promise<LearnStep[]> {
  const f = createNumberFormat(lang);
  switch (indicator) {
    case '11.3.1': return landConsumptionSteps(env, f);
    case '11.2.1': return transitSteps(env, f, text);
    case '11.1.1': return slumSteps(env, f, text);
    case '1.4.2': return tenureSteps(env, f, text);
    case '11.7.1': return publicSpaceSteps(env, f);
    case 'degurba': return degurbaSteps(env, f);
  }
}
