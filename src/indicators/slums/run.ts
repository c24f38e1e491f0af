/**
 * SDG 11.1.1, the computation: household deprivations, then person-weighted shares on the full survey
 * design for the total and each breakdown (household-head sex, `--by` columns), as R
 * svyratio(~slum·persons, ~persons).
 */
import { describeSource, describeSourceName } from '../../core/inputs.js';
import { toFileRow, type Microdata } from '../../core/microdata.js';
import type { Observation } from '../../core/observation.js';
import { InputError, UsageError } from '../../errors.js';
import { computeRatioEstimate, computeTotalEstimate, Z_95, type Estimate, type SurveyDesign } from '../../kernels/survey.js';
import { buildSurveyDesign } from '../../pipeline/survey-design.js';
import { given, type IndicatorRun, type RunContext } from '../define.js';
import { createObservationFactory } from '../observations.js';
import type { OptionValues } from '../options.js';
import { explainShare, toBreakdownCodes, toColumnRequests, toMicrodataConfig, toPercentFields, toUserError, type Breakdown, type ConfigKeys, type MicrodataConfig } from '../survey-common.js';
import { classifyHouseholds, COMPONENTS, HEAD_SEX, MISSING, NUMERIC_FIELDS, type Component, type HouseholdFlags } from './deprivations.js';
import { explainHouseholds } from './explain.js';
import { SLUM_NUMBER_SERIES, SLUM_SERIES, type SLUMS_OPTIONS } from './index.js';
import { DHS_PRESET } from './preset.js';

type Options = OptionValues<typeof SLUMS_OPTIONS>;

type MissingPolicy = 'flag' | 'deprived' | 'exclude' | 'error';

const COMPONENT_LABELS: Record<Component, string> = {
  water: 'improved water', sanitation: 'improved sanitation', livingArea: 'sufficient living area', durability: 'durable housing', tenure: 'secure tenure',
};

interface Domain {
  /** null for the total. */
  readonly breakdown: Breakdown | null;
  readonly mask: Uint8Array;
}

async function resolveConfig(options: Options, { inputs }: RunContext): Promise<{ config: MicrodataConfig; source: string }> {
  const base = options.preset === 'dhs' ? DHS_PRESET : undefined;
  if (!options.config) return { config: given(base, '--preset'), source: 'preset dhs' };
  const where = describeSource(options.config);
  const raw = await inputs.readJson('config', options.config);
  return { config: toMicrodataConfig(raw, where, CONFIG_KEYS, base), source: `${where}${base ? ' over preset dhs' : ''}` };
}

/** What an 11.1.1 config may hold (docs/slums.md). */
const CONFIG_KEYS: ConfigKeys = {
  columns: ['weight', 'strata', 'psu', 'fpc', 'householdSize', 'urban', 'rooms', 'water', 'waterSecondary', 'sanitation', 'wall', 'roof', 'floor', 'tenure', 'housingCost', 'income', 'headSex'],
  codes: [
    'urban', 'improvedWater', 'unimprovedWater', 'bottledWater', 'improvedSanitation', 'unimprovedSanitation', 'secureTenure', 'insecureTenure',
    'durableWall', 'durableRoof', 'durableFloor', 'nonDurableWall', 'nonDurableRoof', 'nonDurableFloor', 'female', 'male',
  ],
  thresholds: ['personsPerRoomMax', 'housingCostShareMax'],
};

const FIELDS = CONFIG_KEYS.columns;

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
  const domains: Domain[] = [{ breakdown: null, mask: inScope }];
  const headSex = flags.headSex;
  if (headSex) {
    for (const sex of ['F', 'M'] as const) domains.push({ breakdown: { variable: 'headSex', value: sex }, mask: flagWhere(inScope.length, (i) => inScope[i] === 1 && headSex[i] === HEAD_SEX[sex]) });
  }
  for (const name of by) {
    const column = data.columns.get(name);
    if (!column || column.kind !== 'code') continue;
    // One pass: each household into the mask of its group.
    const masks = column.dictionary.map(() => new Uint8Array(inScope.length));
    for (let i = 0; i < inScope.length; i++) if (inScope[i] && column.ids[i] !== -1) masks[column.ids[i]][i] = 1;
    column.dictionary.forEach((value, id) => domains.push({ breakdown: { variable: name, value }, mask: masks[id] }));
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

export async function run(options: Options, context: RunContext): Promise<IndicatorRun> {
  const { inputs, log } = context;
  const { config: baseConfig, source } = await resolveConfig(options, context);
  const thresholds = { ...baseConfig.thresholds };
  if (options.personsPerRoomMax !== undefined) thresholds.personsPerRoomMax = options.personsPerRoomMax;
  if (options.housingCostShareMax !== undefined) thresholds.housingCostShareMax = options.housingCostShareMax;
  for (const key of ['personsPerRoomMax', 'housingCostShareMax'] as const) {
    if (thresholds[key] !== undefined && !(thresholds[key] > 0)) throw new UsageError(`${source}: thresholds.${key} must be a number > 0, found ${thresholds[key]}`);
  }
  const config = { ...baseConfig, thresholds };
  const policy = options.missingPolicy;
  const by = options.by;
  const data = await inputs.readMicrodata('data', options.data, toColumnRequests(config, FIELDS, NUMERIC_FIELDS, by));
  const flags = classifyHouseholds(data, config, source);
  const design = buildSurveyDesign(data, { weight: config.columns.weight, weightScale: config.weightScale, strata: config.columns.strata, psu: config.columns.psu, fpc: config.columns.fpc }, options.lonelyPsu);
  const { inScope, count, countUpper, anyMissing, assessed } = tallyHouseholds(flags, policy, data, config);
  const notAssessed = COMPONENTS.filter((c) => !assessed.includes(c));
  if (assessed.length === 0) throw new UsageError(`${source}: no deprivation column is mapped (expected at least one of water, sanitation, rooms, wall/roof/floor, tenure)`);
  const warnings = [...flags.notes];
  if (log.explaining) explainHouseholds(log, data, flags, count, inScope, assessed, config);
  const timePeriod = given(options.timePeriod, '--time-period');
  const observe = createObservationFactory({
    nature: options.nature,
    sourceDetail: options.sourceDetail ?? describeSourceName(options.data),
    choices: {
      assessed: assessed.join('+'), 'not-assessed': notAssessed.join('+'),
      'persons-per-room-max': thresholds.personsPerRoomMax ?? 3, 'housing-cost-share-max': thresholds.housingCostShareMax ?? 0.3,
      'missing-policy': policy, 'lonely-psu': options.lonelyPsu, ...(config.columns.rooms === 'hv216' ? { rooms: 'sleeping-rooms' } : {}),
    },
  });
  const observations: Observation[] = [];
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
    const domains = buildDomains(flags, inScope, data, by);
    const codes = toBreakdownCodes(domains.flatMap((d) => (d.breakdown ? [d.breakdown] : [])));
    for (const domain of domains) {
      const { mask } = domain;
      const slum = estimateShare(design, flags.persons, mask, isSlum, work);
      const pct = toPercentFields(slum);
      const number = computeTotalEstimate(design, personsWhere(flags.persons, mask, isSlum, work.y), mask);
      const urbanPopulation = computeTotalEstimate(design, personsWhere(flags.persons, mask, null, work.x), mask).value;
      log.explain(explainShare(domain.breakdown ? `Urban households with ${domain.breakdown.variable}=${domain.breakdown.value}` : 'All urban households', { name: 'slum persons Σ w·persons·slum', value: number.value }, { name: 'urban persons Σ w·persons', value: urbanPopulation }, pct, slum.n, 'households'));
      const components: Record<string, number | string | null> = {
        urbanPopulation,
        slumPersons: number.value,
        households: slum.n,
        designEffect: pct.deff,
      };
      const domainFlags: string[] = [];
      // No urban household in the sample (or in the breakdown): nothing to estimate, said so.
      if (slum.n === 0) domainFlags.push(domain.breakdown ? 'empty-domain' : 'no-urban-households');
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
      const code = domain.breakdown ? codes.get(domain.breakdown) : undefined;
      const base = { zone: '', timePeriod, dimensions: { URBANISATION: 'U', ...code?.dimensions }, labels: code?.labels, flags: domainFlags };
      observations.push(observe({ ...base, series: SLUM_SERIES, value: pct.value, components, standardError: pct.se, bounds: { lower: pct.lower, upper: pct.upper } }));
      const numberSe = Number.isFinite(number.se) ? number.se : null;
      observations.push(observe({
        ...base, series: SLUM_NUMBER_SERIES, value: slum.n === 0 ? null : number.value, components: { households: number.n }, standardError: slum.n === 0 ? null : numberSe,
        bounds: numberSe === null ? undefined : { lower: number.value - Z_95 * numberSe, upper: number.value + Z_95 * numberSe },
      }));
    }
  } catch (error) {
    throw toUserError(error, data.path, config.columns.strata);
  }
  const parameters = { config: source, missingPolicy: policy, lonelyPsu: options.lonelyPsu, thresholds, assessed, notAssessed, by, rows: data.rows };
  return { observations, parameters, warnings };
}

