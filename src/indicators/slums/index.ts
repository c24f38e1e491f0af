/**
 * SDG 11.1.1 — proportion of the urban population living in slums, informal settlements or
 * inadequate housing (METHODS §8; UN metadata 11.1.1, 2021-12-20). Person-weighted over urban
 * households: SISH = 100 × persons in slum households ÷ urban population, with design-based SEs.
 */
import { toFileRow, type Microdata } from '../../core/microdata.js';
import type { Observation } from '../../core/observation.js';
import { InputError, UsageError } from '../../errors.js';
import { computeRatioEstimate, computeTotalEstimate, type Estimate, type SurveyDesign } from '../../kernels/survey.js';
import { buildObservationAttributes, toCommentObs } from '../../metadata/build.js';
import { buildSurveyDesign } from '../../pipeline/survey-design.js';
import type { IndicatorDefinition, IndicatorRun, RunContext } from '../define.js';
import { SURVEY_OPTIONS, toBoundAttributes, toColumnRequests, toLonelyPolicy, toMicrodataConfig, toPercentFields, toUserError, type MicrodataConfig } from '../survey-common.js';
import { classifyHouseholds, COMPONENTS, MISSING, NUMERIC_FIELDS, type Component, type HouseholdFlags } from './deprivations.js';
import { explainHouseholds } from './explain.js';
import { DHS_PRESET } from './preset.js';

type MissingPolicy = 'flag' | 'deprived' | 'exclude' | 'error';

const COMPONENT_LABELS: Record<Component, string> = {
  water: 'improved water', sanitation: 'improved sanitation', livingArea: 'sufficient living area', durability: 'durable housing', tenure: 'secure tenure',
};

interface Domain {
  readonly zone: string;
  readonly mask: Uint8Array;
}

async function resolveConfig(context: RunContext): Promise<{ config: MicrodataConfig; source: string }> {
  const { options, inputs } = context;
  const preset = options.preset as string | undefined;
  if (!preset && !options.config) throw new UsageError('expected --config FILE (column and code mapping, CONTRACT §6) or --preset dhs');
  const base = preset === 'dhs' ? DHS_PRESET : undefined;
  if (!options.config) return { config: base as MicrodataConfig, source: 'preset dhs' };
  const raw = await inputs.readJson('config', String(options.config));
  return { config: toMicrodataConfig(raw, String(options.config), base), source: `${options.config}${base ? ' over preset dhs' : ''}` };
}

const FIELDS = ['weight', 'strata', 'psu', 'fpc', 'householdSize', 'urban', 'rooms', 'water', 'waterSecondary', 'sanitation', 'wall', 'roof', 'floor', 'tenure', 'housingCost', 'income', 'headSex'];

/** Per household: is it counted (urban, not excluded) and how many deprivations (known / with missing as deprived). */
function tallyHouseholds(flags: HouseholdFlags, policy: MissingPolicy, data: Microdata, config: MicrodataConfig) {
  const n = flags.persons.length;
  const inScope = Uint8Array.from(flags.urban);
  const count = new Uint8Array(n);
  const countUpper = new Uint8Array(n);
  const anyMissing = new Uint8Array(n);
  const assessed = COMPONENTS.filter((c) => flags.deprived[c]);
  for (let i = 0; i < n; i++) {
    for (const c of assessed) {
      const f = (flags.deprived[c] as Uint8Array)[i];
      if (f === 1) {
        count[i]++;
        countUpper[i]++;
      } else if (f === MISSING) {
        anyMissing[i] = 1;
        countUpper[i]++;
        if (policy === 'deprived') count[i]++;
        if (policy === 'error' && inScope[i]) {
          throw new InputError(`${data.path} row ${toFileRow(i)}, column ${config.columns[c === 'livingArea' ? 'rooms' : c === 'durability' ? 'wall' : c] ?? c}: no usable answer for ${COMPONENT_LABELS[c]} (--missing-policy error; use flag, deprived or exclude)`);
        }
      }
    }
    if (policy === 'exclude' && anyMissing[i]) inScope[i] = 0;
  }
  return { inScope, count, countUpper, anyMissing, assessed };
}

function buildDomains(flags: HouseholdFlags, inScope: Uint8Array, data: Microdata, by: readonly string[]): Domain[] {
  const domains: Domain[] = [{ zone: '_T', mask: inScope }];
  const headSex = flags.headSex;
  if (headSex) {
    for (const sex of ['F', 'M']) domains.push({ zone: `headSex=${sex}`, mask: flagWhere(inScope.length, (i) => inScope[i] === 1 && headSex[i] === sex) });
  }
  for (const name of by) {
    const column = data.columns.get(name);
    if (!column || column.kind !== 'code') continue;
    // One pass: each household into the mask of its group.
    const masks = column.dictionary.map(() => new Uint8Array(inScope.length));
    for (let i = 0; i < inScope.length; i++) if (inScope[i] && column.ids[i] !== -1) masks[column.ids[i]][i] = 1;
    column.dictionary.forEach((value, id) => domains.push({ zone: `${name}=${value}`, mask: masks[id] }));
  }
  return domains;
}

/** Person-weighted share of households with `flag` among those in `mask` (R svyratio(~flag·persons, ~persons)). */
function estimateShare(design: SurveyDesign, persons: Float64Array, mask: Uint8Array, flag: Uint8Array, work: { y: Float64Array; x: Float64Array }): Estimate {
  const { y, x } = work;
  for (let i = 0; i < x.length; i++) {
    const inDomain = mask[i] !== 0;
    x[i] = inDomain ? persons[i] : 0;
    y[i] = inDomain && flag[i] ? persons[i] : 0;
  }
  return computeRatioEstimate(design, y, x, mask);
}

/** Σ over the domain of persons × flag, as a per-household vector (for totals). */
function personsWhere(persons: Float64Array, mask: Uint8Array, flag: Uint8Array | null, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = mask[i] && (!flag || flag[i]) ? persons[i] : 0;
  return out;
}

function flagWhere(n: number, test: (i: number) => boolean): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = test(i) ? 1 : 0;
  return out;
}

async function run(context: RunContext): Promise<IndicatorRun> {
  const { options, common, inputs, log } = context;
  if (!options.data) throw new UsageError('--data: expected the household microdata (CSV)');
  if (!common.timePeriod) throw new UsageError('--time-period: expected the survey year (e.g. --time-period 2022); microdata carry no year');
  const { config: baseConfig, source } = await resolveConfig(context);
  const thresholds = { ...baseConfig.thresholds };
  if (options.personsPerRoomMax !== undefined) thresholds.personsPerRoomMax = Number(options.personsPerRoomMax);
  if (options.housingCostShareMax !== undefined) thresholds.housingCostShareMax = Number(options.housingCostShareMax);
  for (const key of ['personsPerRoomMax', 'housingCostShareMax'] as const) {
    if (thresholds[key] !== undefined && !(thresholds[key] > 0)) throw new UsageError(`${source}: thresholds.${key} must be a number > 0, found ${thresholds[key]}`);
  }
  const config = { ...baseConfig, thresholds };
  const policy = (options.missingPolicy ?? 'flag') as MissingPolicy;
  const by = (options.by as string[] | undefined) ?? [];
  const data = await inputs.readMicrodata('data', String(options.data), toColumnRequests(config, FIELDS, NUMERIC_FIELDS, by));
  const flags = classifyHouseholds(data, config, source);
  const design = buildSurveyDesign(data, { weight: config.columns.weight, weightScale: config.weightScale, strata: config.columns.strata, psu: config.columns.psu, fpc: config.columns.fpc }, toLonelyPolicy(options.lonelyPsu));
  const { inScope, count, countUpper, anyMissing, assessed } = tallyHouseholds(flags, policy, data, config);
  const notAssessed = COMPONENTS.filter((c) => !assessed.includes(c));
  if (assessed.length === 0) throw new UsageError(`${source}: no deprivation column is mapped (expected at least one of water, sanitation, rooms, wall/roof/floor, tenure)`);
  const warnings = [...flags.notes];
  if (log.explaining) explainHouseholds(log, data, flags, count, inScope, assessed, config);

  const observations: Observation[] = [];
  const commentObs = toCommentObs({
    assessed: assessed.join('+'), 'not-assessed': notAssessed.join('+'),
    'persons-per-room-max': thresholds.personsPerRoomMax ?? 3, 'housing-cost-share-max': thresholds.housingCostShareMax ?? 0.3,
    'missing-policy': policy, 'lonely-psu': options.lonelyPsu ?? 'fail', ...(config.columns.rooms === 'hv216' ? { rooms: 'sleeping-rooms' } : {}),
  });
  const sourceDetail = common.sourceDetail ?? String(options.data);
  const n = flags.persons.length;
  // Household flags, computed once for every domain.
  const isSlum = flagWhere(n, (i) => count[i] >= 1);
  const isSlumUpper = flagWhere(n, (i) => countUpper[i] >= 1);
  const lackingFlags = assessed.map((c) => {
    const f = flags.deprived[c] as Uint8Array;
    return flagWhere(n, (i) => f[i] === 1 || (policy === 'deprived' && f[i] === MISSING));
  });
  const hasOne = flagWhere(n, (i) => count[i] === 1);
  const hasTwoOrMore = flagWhere(n, (i) => count[i] >= 2);
  const isInadequate = flags.inadequate ? flagWhere(n, (i) => flags.inadequate?.[i] === 1) : null;
  const work = { y: new Float64Array(n), x: new Float64Array(n) };
  const share = (mask: Uint8Array, flag: Uint8Array) => toPercentFields(estimateShare(design, flags.persons, mask, flag, work));
  try {
    for (const domain of buildDomains(flags, inScope, data, by)) {
      const { mask } = domain;
      const slum = estimateShare(design, flags.persons, mask, isSlum, work);
      const pct = toPercentFields(slum);
      const number = computeTotalEstimate(design, personsWhere(flags.persons, mask, isSlum, work.y), mask);
      const components: Record<string, number | string | null> = {
        urbanPopulation: computeTotalEstimate(design, personsWhere(flags.persons, mask, null, work.x), mask).value,
        slumPersons: number.value,
        households: slum.n,
        designEffect: pct.deff,
      };
      const domainFlags: string[] = [];
      if (notAssessed.length > 0) domainFlags.push('components-not-assessed');
      let missingPersons = 0;
      for (let i = 0; i < mask.length; i++) if (mask[i] && anyMissing[i]) missingPersons += design.weights[i] * flags.persons[i];
      if (policy === 'flag') {
        const upper = share(mask, isSlumUpper);
        components.slumUpperBoundPct = upper.value;
        components.missingComponentPersons = missingPersons;
        if (missingPersons > 0) domainFlags.push('missing-components');
      }
      for (const [k, c] of assessed.entries()) {
        const lacking = share(mask, lackingFlags[k]);
        components[`lacking${c[0].toUpperCase()}${c.slice(1)}Pct`] = lacking.value;
        components[`lacking${c[0].toUpperCase()}${c.slice(1)}SE`] = lacking.se;
      }
      for (const [key, flag] of [['oneDeprivation', hasOne], ['twoOrMoreDeprivations', hasTwoOrMore]] as const) {
        const e = share(mask, flag);
        components[`${key}Pct`] = e.value;
        components[`${key}SE`] = e.se;
      }
      if (isInadequate) {
        const e = share(mask, isInadequate);
        components.inadequateHousingPct = e.value;
        components.inadequateHousingSE = e.se;
        components.inadequateHousingLower = e.lower;
        components.inadequateHousingUpper = e.upper;
      }
      const dimensions = { SEX: '_T', AGE: '_T', URBANISATION: 'U', DISABILITY_STATUS: '_T' };
      const base = { zone: domain.zone, timePeriod: common.timePeriod, dimensions, flags: domainFlags };
      observations.push({
        ...base, series: 'EN_LND_SLUM', value: pct.value, unit: 'PT', components, standardError: pct.se,
        attributes: { ...buildObservationAttributes({ nature: common.nature, sourceDetail, commentObs, timeDetail: common.timePeriod }), ...toBoundAttributes(pct.lower, pct.upper) },
      });
      const numberSe = Number.isFinite(number.se) ? number.se : null;
      observations.push({
        ...base, series: 'EN_LND_SLUMN', value: number.value, unit: 'NUMBER', components: { households: number.n }, standardError: numberSe,
        attributes: { ...buildObservationAttributes({ nature: common.nature, sourceDetail, commentObs, timeDetail: common.timePeriod }), ...(numberSe === null ? {} : toBoundAttributes(number.value - 1.959963984540054 * numberSe, number.value + 1.959963984540054 * numberSe)) },
      });
    }
  } catch (error) {
    throw toUserError(error, data.path, config.columns.strata);
  }
  const parameters = { config: source, missingPolicy: policy, lonelyPsu: options.lonelyPsu ?? 'fail', thresholds, assessed, notAssessed, by, rows: data.rows };
  return { observations, parameters, warnings };
}

export const slums: IndicatorDefinition = {
  code: '11.1.1',
  slug: 'slums',
  title: 'Urban population living in slums, informal settlements or inadequate housing',
  geospatial: false,
  series: [
    { code: 'EN_LND_SLUM', description: 'Proportion of urban population living in slums (%)', unit: 'PT' },
    { code: 'EN_LND_SLUMN', description: 'Urban population living in slums (number)', unit: 'NUMBER' },
  ],
  options: [
    ...SURVEY_OPTIONS,
    { flags: '--preset <name>', description: 'column names and codes of a standard file: dhs = DHS household recode (hv005, hv021, hv022, hv025, hv009, hv216, hv201, hv205, hv213–hv215); --config entries override it', choices: ['dhs'] },
    { flags: '--missing-policy <policy>', description: 'a household with an unknown component: flag = not deprived, plus an upper bound and the persons affected; deprived; exclude; error', choices: ['flag', 'deprived', 'exclude', 'error'], defaultValue: 'flag' },
    { flags: '--persons-per-room-max <n>', description: 'overcrowded when persons per room exceed this (default: config, else 3)', type: 'positive-number' },
    { flags: '--housing-cost-share-max <share>', description: 'unaffordable when housing cost / income exceeds this (default: config, else 0.3)', type: 'positive-number' },
  ],
  run,
};
