/**
 * SDG 1.4.2, the computation: adults, their documents and perceived security (no fear of involuntary
 * loss in the next five years AND the right to bequeath), then shares on the full survey design, by
 * sex (SEX) and by tenure type and `--by` columns (CUST_BREAKDOWN), as R svymean on the adult domain.
 */
import { describeSource, describeSourceName } from '../../core/inputs.js';
import { fillEach } from '../../core/typed-array.js';
import { toFileRow, type CodedColumn, type Microdata } from '../../core/microdata.js';
import type { Observation } from '../../core/observation.js';
import { InputError, UsageError } from '../../errors.js';
import { computeRatioEstimate, type SurveyDesign } from '../../kernels/survey.js';
import { buildSurveyDesign, toNumbers } from '../../pipeline/survey-design.js';
import type { IndicatorRun, RunContext, SeriesSpec } from '../define.js';
import { given } from '../define.js';
import { createObservationFactory } from '../observations.js';
import type { OptionValues } from '../options.js';
import { codedColumnOf, explainShare, columnOf, matchCodes, requireCodes, toBreakdownCodes, toColumnRequests, toMicrodataConfig, toPercentFields, toUserError, type Breakdown, type MicrodataConfig } from '../survey-common.js';
import { DOCUMENTED_SERIES, SECURE_SERIES, SECURE_TENURE_SERIES, type TENURE_OPTIONS } from './index.js';

type Options = OptionValues<typeof TENURE_OPTIONS>;

const FIELDS = ['weight', 'strata', 'psu', 'fpc', 'person', 'sex', 'age', 'adult', 'document', 'fear', 'bequeath', 'tenureType', 'proxy'];

/** Codes of a person's sex in PersonFlags.sex. */
const SEX = { unknown: 0, F: 1, M: 2 } as const;

interface PersonFlags {
  /** The row that stands for each person (its first row); other rows of the person are 0. */
  readonly representative: Uint8Array;
  readonly adult: Uint8Array;
  readonly documented: Uint8Array;
  readonly secure: Uint8Array;
  /** SEX codes per row. */
  readonly sex: Uint8Array;
  readonly tenureType: CodedColumn | null;
  readonly proxy: Uint8Array | null;
  readonly unknownAge: number;
}

function classifyPeople(data: Microdata, config: MicrodataConfig, parcelRule: 'any' | 'all', where: string): PersonFlags {
  const rows = data.rows;
  const col = (field: string) => codedColumnOf(data, config, field);
  // Adults: an adult flag column, or age ≥ thresholds.adultAge.
  const adult = new Uint8Array(rows);
  let unknownAge = 0;
  const adultColumn = col('adult');
  const ageColumn = columnOf(data, config, 'age');
  if (adultColumn) {
    const yes = matchCodes(adultColumn, requireCodes(config, 'adult', 'adult', where));
    adultColumn.ids.forEach((id, i) => { adult[i] = id !== -1 && yes[id] ? 1 : 0; });
  } else if (ageColumn) {
    const ages = toNumbers(data, ageColumn, 'an age in years');
    const adultAge = config.thresholds.adultAge ?? 18;
    ages.forEach((a, i) => {
      if (Number.isNaN(a)) unknownAge++;
      adult[i] = a >= adultAge ? 1 : 0;
    });
  } else {
    throw new UsageError(`${where}: expected columns.age (with thresholds.adultAge) or columns.adult to find the adult population`);
  }
  const documentColumn = col('document');
  const documented = new Uint8Array(rows);
  if (documentColumn) {
    const legal = matchCodes(documentColumn, requireCodes(config, 'document', 'legalDocument', where));
    documentColumn.ids.forEach((id, i) => { documented[i] = id !== -1 && legal[id] ? 1 : 0; });
  }
  const secure = new Uint8Array(rows);
  const fearColumn = columnOf(data, config, 'fear');
  const bequeathColumn = col('bequeath');
  if (fearColumn && bequeathColumn) {
    const canBequeath = matchCodes(bequeathColumn, requireCodes(config, 'bequeath', 'yes', where));
    let fears: (i: number) => boolean | null;
    if (config.codes.fear && fearColumn.kind === 'code') {
      const fearCodes = matchCodes(fearColumn, config.codes.fear);
      fears = (i) => (fearColumn.ids[i] === -1 ? null : fearCodes[fearColumn.ids[i]] === 1);
    } else {
      const fearMin = config.thresholds.fearMin;
      if (fearMin === undefined) throw new UsageError(`${where}: columns.fear is a 1–7 likelihood scale, so thresholds.fearMin is required (the UN metadata sets no cut-off), or give codes.fear for a yes/no fear column`);
      const likelihood = toNumbers(data, fearColumn, 'a likelihood of involuntary loss from 1 to 7');
      fears = (i) => (Number.isNaN(likelihood[i]) ? null : likelihood[i] >= fearMin);
    }
    for (let i = 0; i < rows; i++) {
      const fear = fears(i);
      const bequeath = bequeathColumn.ids[i] !== -1 && canBequeath[bequeathColumn.ids[i]] === 1;
      secure[i] = fear === false && bequeath ? 1 : 0; // unknown fear or bequest: not secure
    }
  }
  const sexColumn = col('sex');
  let sex: Uint8Array = new Uint8Array(rows);
  if (sexColumn) {
    const female = matchCodes(sexColumn, requireCodes(config, 'sex', 'female', where));
    const male = matchCodes(sexColumn, requireCodes(config, 'sex', 'male', where));
    sex = fillEach(new Uint8Array(rows), (i) => {
      const id = sexColumn.ids[i];
      return id === -1 ? SEX.unknown : female[id] ? SEX.F : male[id] ? SEX.M : SEX.unknown;
    });
  }
  const tenureType = col('tenureType') ?? null;
  const proxyColumn = col('proxy');
  const proxyCodes = proxyColumn ? matchCodes(proxyColumn, requireCodes(config, 'proxy', 'proxy', where)) : null;
  const proxy = proxyColumn && proxyCodes ? fillEach(new Uint8Array(rows), (i) => (proxyColumn.ids[i] !== -1 && proxyCodes[proxyColumn.ids[i]] ? 1 : 0)) : null;
  // Several parcels per person: count each person once (docs/methods.md §12.3, G3).
  const representative = new Uint8Array(rows).fill(1);
  const personColumn = col('person');
  if (personColumn) {
    const first = new Map<number, number>();
    for (let i = 0; i < rows; i++) {
      const id = personColumn.ids[i];
      if (id === -1) throw new InputError(`${data.path} row ${toFileRow(i)}, column ${personColumn.name}: expected a person id, found an empty value`);
      const head = first.get(id);
      if (head === undefined) {
        first.set(id, i);
        continue;
      }
      representative[i] = 0;
      documented[head] = documented[head] || documented[i];
      secure[head] = parcelRule === 'any' ? secure[head] || secure[i] : secure[head] && secure[i];
    }
  }
  return { representative, adult, documented, secure, sex, tenureType, proxy, unknownAge };
}

export async function run(options: Options, context: RunContext): Promise<IndicatorRun> {
  const { inputs, log } = context;
  const configSource = given(options.config, '--config');
  const where = describeSource(configSource);
  const config = toMicrodataConfig(await inputs.readJson('config', configSource), where, { columns: FIELDS, codes: ['female', 'male', 'adult', 'legalDocument', 'yes', 'fear', 'proxy'], thresholds: ['adultAge', 'fearMin'] });
  const { by, parcelRule } = options;
  const numeric = ['weight', 'fpc', 'age', ...(config.codes.fear ? [] : ['fear'])];
  const data = await inputs.readMicrodata('data', options.data, toColumnRequests(config, FIELDS, numeric, by));
  const flags = classifyPeople(data, config, parcelRule, where);
  const design = buildSurveyDesign(data, { weight: config.columns.weight, weightScale: config.weightScale, strata: config.columns.strata, psu: config.columns.psu, fpc: config.columns.fpc }, options.lonelyPsu);
  const warnings: string[] = [];
  if (config.columns.age && config.thresholds.adultAge === undefined) warnings.push('thresholds.adultAge not set: adults are persons aged 18 or more (set the legal age of the country)');
  if (flags.unknownAge > 0) warnings.push(`${flags.unknownAge} rows have no age and are not counted as adults`);
  const base = fillEach(new Uint8Array(data.rows), (i) => (flags.adult[i] && flags.representative[i] ? 1 : 0));
  const fearRule = config.codes.fear ? `fear when the answer is in codes.fear (${config.codes.fear.join(', ')})` : `fear:=Q13>=${config.thresholds.fearMin}`;
  const timePeriod = given(options.timePeriod, '--time-period');
  const observe = createObservationFactory({
    nature: options.nature,
    sourceDetail: options.sourceDetail ?? describeSourceName(options.data),
    choices: {
      'adult-age': config.columns.adult ? 'adult-column' : config.thresholds.adultAge ?? 18,
      'legal-documents': config.codes.legalDocument ?? [],
      // The UN metadata sets no fear cut-off: record it as fear:=Q13>=k (docs/methods.md).
      ...(config.codes.fear ? { 'fear-codes': config.codes.fear } : { 'fear:': `Q13>=${config.thresholds.fearMin}` }),
      'parcel-rule': config.columns.person ? parcelRule : undefined,
      'lonely-psu': options.lonelyPsu,
      'lndstr-rule': options.lndstrRule,
    },
  });
  log.explain('1.4.2 (UN metadata 1.4.2): denominator = all adults, with or without land; missing answers are not secure but stay in the denominator.');
  log.explain(`  (a) documented: document type in codes.legalDocument = ${JSON.stringify(config.codes.legalDocument ?? [])}`);
  log.explain(`  (b) perceived secure: no fear of losing the land in the next five years (${fearRule}) AND the right to bequeath`);
  if (log.explaining) {
    let shown = 0;
    for (let i = 0; i < data.rows && shown < 4; i++) {
      if (!base[i]) continue;
      shown++;
      log.explain(`  row ${toFileRow(i)}: adult, sex ${flags.sex[i] === SEX.F ? 'F' : flags.sex[i] === SEX.M ? 'M' : 'unknown'} → ${flags.documented[i] ? 'documented' : 'not documented'}, ${flags.secure[i] ? 'perceived secure' : 'not perceived secure'}`);
    }
    log.explain('Estimate: share = Σ w·flag / Σ w over adults (R svymean on the adult domain); SE by Taylor linearisation, PSUs within strata.');
  }

  type Domain = { breakdown: Breakdown | null; sex: string; mask: Uint8Array };
  const domains: Domain[] = [{ breakdown: null, sex: '_T', mask: base }];
  for (const sex of ['F', 'M'] as const) domains.push({ breakdown: null, sex, mask: fillEach(new Uint8Array(base.length), (i) => (base[i] && flags.sex[i] === SEX[sex] ? 1 : 0)) });
  const groupColumns: [string, CodedColumn][] = [
    ...(flags.tenureType ? [['tenureType', flags.tenureType] as [string, CodedColumn]] : []),
    ...by.flatMap((name) => {
      const column = data.columns.get(name);
      return column?.kind === 'code' ? [[name, column] as [string, CodedColumn]] : [];
    }),
  ];
  // Each group's value in text order, its rows compared by dictionary id.
  for (const [name, column] of groupColumns) {
    const ordered = column.dictionary.map((value, id) => ({ value, id })).filter((g) => g.value !== '').sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    for (const { value, id } of ordered) domains.push({ breakdown: { variable: name, value }, sex: '_T', mask: fillEach(new Uint8Array(base.length), (i) => (base[i] && column.ids[i] === id ? 1 : 0)) });
  }
  const codes = toBreakdownCodes(domains.flatMap((d) => (d.breakdown ? [d.breakdown] : [])));
  const lndstr = options.lndstrRule;
  const series: [SeriesSpec, Uint8Array][] = [[DOCUMENTED_SERIES, flags.documented], [SECURE_SERIES, flags.secure]];
  if (lndstr) series.push([SECURE_TENURE_SERIES, fillEach(new Uint8Array(flags.documented.length), (i) => (lndstr === 'doc-and-sec' ? flags.documented[i] && flags.secure[i] : flags.documented[i] || flags.secure[i]))]);
  const observations: Observation[] = [];
  const work = { y: new Float64Array(data.rows), x: new Float64Array(data.rows) };
  try {
    for (const domain of domains) {
      for (const [seriesSpec, flag] of series) {
        const e = estimateShare(design, domain.mask, flag, work);
        const pct = toPercentFields(e);
        let adultsWeighted = 0;
        let proxyWeighted = 0;
        let flaggedWeighted = 0;
        for (let i = 0; i < domain.mask.length; i++) {
          if (!domain.mask[i]) continue;
          adultsWeighted += design.weights[i];
          if (flag[i]) flaggedWeighted += design.weights[i];
          if (flags.proxy?.[i]) proxyWeighted += design.weights[i];
        }
        const code = domain.breakdown ? codes.get(domain.breakdown) : undefined;
        const label = `${seriesSpec.code} ${domain.breakdown ? `${domain.breakdown.variable}=${domain.breakdown.value}` : `SEX=${domain.sex}`}`;
        log.explain(explainShare(label, { name: seriesSpec.code === DOCUMENTED_SERIES.code ? 'documented adults Σ w' : seriesSpec.code === SECURE_SERIES.code ? 'perceived-secure adults Σ w' : 'adults with secure tenure Σ w', value: flaggedWeighted }, { name: 'adults Σ w', value: adultsWeighted }, pct, e.n, 'adults'));
        observations.push(observe({
          zone: '', series: seriesSpec, timePeriod, value: pct.value,
          dimensions: { SEX: domain.sex, ...code?.dimensions }, labels: code?.labels,
          components: { adults: adultsWeighted, adultsSampled: e.n, designEffect: pct.deff, ...(flags.proxy ? { proxyAnswersPct: adultsWeighted > 0 ? (100 * proxyWeighted) / adultsWeighted : null } : {}) },
          standardError: pct.se, bounds: { lower: pct.lower, upper: pct.upper },
          flags: e.n === 0 ? ['empty-domain'] : [],
        }));
      }
    }
  } catch (error) {
    throw toUserError(error, data.path, config.columns.strata);
  }
  const parameters = { config: where, parcelRule, lonelyPsu: options.lonelyPsu, adultAge: config.thresholds.adultAge ?? 18, fearRule, legalDocuments: config.codes.legalDocument ?? [], lndstrRule: lndstr ?? null, by, rows: data.rows };
  return { observations, parameters, warnings };
}

/** Share of `flag` among the rows of `mask` (R svymean on the domain), in `work`'s arrays (one pair for every estimate). */
function estimateShare(design: SurveyDesign, mask: Uint8Array, flag: Uint8Array, work: { y: Float64Array; x: Float64Array }) {
  const { x, y } = work;
  for (let i = 0; i < mask.length; i++) {
    x[i] = mask[i];
    y[i] = mask[i] && flag[i] ? 1 : 0;
  }
  return computeRatioEstimate(design, y, x, mask);
}

