/**
 * SDG 1.4.2 — share of adults with (a) legally recognised documentation and (b) perceived security of
 * tenure rights to land (METHODS §12; UN metadata 1.4.2, 2021-08-01). The denominator is all adults,
 * with or without land; missing answers are never counted as secure but stay in the denominator.
 * Perceived secure = no fear of involuntary loss in the next five years AND the right to bequeath.
 */
import { toFileRow, type Microdata } from '../../core/microdata.js';
import type { Observation } from '../../core/observation.js';
import { InputError, UsageError } from '../../errors.js';
import { computeRatioEstimate, type SurveyDesign } from '../../kernels/survey.js';
import { buildObservationAttributes, toCommentObs } from '../../metadata/build.js';
import { buildSurveyDesign, toNumbers } from '../../pipeline/survey-design.js';
import type { IndicatorDefinition, IndicatorRun, RunContext } from '../define.js';
import { codedColumnOf, columnOf, matchCodes, toColumnRequests, requireCodes, SURVEY_OPTIONS, toBoundAttributes, toLonelyPolicy, toMicrodataConfig, toPercentFields, toUserError, type MicrodataConfig } from '../survey-common.js';

const FIELDS = ['weight', 'strata', 'psu', 'fpc', 'person', 'sex', 'age', 'adult', 'document', 'fear', 'bequeath', 'tenureType', 'proxy'];

interface PersonFlags {
  /** The row that stands for each person (its first row); other rows of the person are 0. */
  readonly representative: Uint8Array;
  readonly adult: Uint8Array;
  readonly documented: Uint8Array;
  readonly secure: Uint8Array;
  readonly sex: readonly string[];
  readonly tenureType: readonly string[] | null;
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
  let sex: string[] = Array(rows).fill('');
  if (sexColumn) {
    const female = matchCodes(sexColumn, requireCodes(config, 'sex', 'female', where));
    const male = matchCodes(sexColumn, requireCodes(config, 'sex', 'male', where));
    sex = Array.from(sexColumn.ids, (id) => (id === -1 ? '' : female[id] ? 'F' : male[id] ? 'M' : ''));
  }
  const tenureColumn = col('tenureType');
  const tenureType = tenureColumn ? Array.from(tenureColumn.ids, (id) => (id === -1 ? '' : tenureColumn.dictionary[id])) : null;
  const proxyColumn = col('proxy');
  const proxyCodes = proxyColumn ? matchCodes(proxyColumn, requireCodes(config, 'proxy', 'proxy', where)) : null;
  const proxy = proxyColumn && proxyCodes ? Uint8Array.from(proxyColumn.ids, (id) => (id !== -1 && proxyCodes[id] ? 1 : 0)) : null;
  // Several parcels per person: count each person once (METHODS §12.3, G3).
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

async function run(context: RunContext): Promise<IndicatorRun> {
  const { options, common, inputs, log } = context;
  if (!options.data) throw new UsageError('--data: expected the person (or parcel) microdata (CSV)');
  if (!options.config) throw new UsageError('--config: expected the column and code mapping (CONTRACT §6), with codes.legalDocument from the country metadata');
  if (!common.timePeriod) throw new UsageError('--time-period: expected the survey year (e.g. --time-period 2022); microdata carry no year');
  const where = String(options.config);
  const config = toMicrodataConfig(await inputs.readJson('config', where), where);
  const by = (options.by as string[] | undefined) ?? [];
  const parcelRule = (options.parcelRule ?? 'any') as 'any' | 'all';
  const numeric = ['weight', 'fpc', 'age', ...(config.codes.fear ? [] : ['fear'])];
  const data = await inputs.readMicrodata('data', String(options.data), toColumnRequests(config, FIELDS, numeric, by));
  const flags = classifyPeople(data, config, parcelRule, where);
  const design = buildSurveyDesign(data, { weight: config.columns.weight, weightScale: config.weightScale, strata: config.columns.strata, psu: config.columns.psu, fpc: config.columns.fpc }, toLonelyPolicy(options.lonelyPsu));
  const warnings: string[] = [];
  if (config.columns.age && config.thresholds.adultAge === undefined) warnings.push('thresholds.adultAge not set: adults are persons aged 18 or more (set the legal age of the country)');
  if (flags.unknownAge > 0) warnings.push(`${flags.unknownAge} rows have no age and are not counted as adults`);
  const base = Uint8Array.from(flags.adult, (a, i) => (a && flags.representative[i] ? 1 : 0));
  const fearRule = config.codes.fear ? `fear when the answer is in codes.fear (${config.codes.fear.join(', ')})` : `fear:=Q13>=${config.thresholds.fearMin}`;
  const commentObs = toCommentObs({
    'adult-age': config.columns.adult ? 'adult-column' : config.thresholds.adultAge ?? 18,
    'legal-documents': config.codes.legalDocument ?? [],
    // METHODS G2: record the cut-off as fear:=Q13>=k.
    ...(config.codes.fear ? { 'fear-codes': config.codes.fear } : { 'fear:': `Q13>=${config.thresholds.fearMin}` }),
    'parcel-rule': config.columns.person ? parcelRule : undefined,
    'lonely-psu': options.lonelyPsu ?? 'fail',
    'lndstr-rule': options.lndstrRule,
  });
  log.explain('1.4.2 (UN metadata 1.4.2): denominator = all adults, with or without land; missing answers are not secure but stay in the denominator.');
  log.explain(`  (a) documented: document type in codes.legalDocument = ${JSON.stringify(config.codes.legalDocument ?? [])}`);
  log.explain(`  (b) perceived secure: no fear of losing the land in the next five years (${fearRule}) AND the right to bequeath`);
  if (log.explaining) {
    let shown = 0;
    for (let i = 0; i < data.rows && shown < 4; i++) {
      if (!base[i]) continue;
      shown++;
      log.explain(`  row ${toFileRow(i)}: adult, sex ${flags.sex[i] || 'unknown'} → ${flags.documented[i] ? 'documented' : 'not documented'}, ${flags.secure[i] ? 'perceived secure' : 'not perceived secure'}`);
    }
    log.explain('Estimate: share = Σ w·flag / Σ w over adults (R svymean on the adult domain); SE by Taylor linearisation, PSUs within strata.');
  }

  type Domain = { zone: string; sex: string; mask: Uint8Array };
  const domains: Domain[] = [{ zone: '_T', sex: '_T', mask: base }];
  for (const sex of ['F', 'M']) domains.push({ zone: '_T', sex, mask: Uint8Array.from(base, (v, i) => (v && flags.sex[i] === sex ? 1 : 0)) });
  const groupColumns: [string, readonly string[]][] = [
    ...(flags.tenureType ? [['tenureType', flags.tenureType] as [string, readonly string[]]] : []),
    ...by.map((name) => {
      const column = data.columns.get(name);
      return [name, column?.kind === 'code' ? Array.from(column.ids, (id) => (id === -1 ? '' : column.dictionary[id])) : []] as [string, readonly string[]];
    }),
  ];
  for (const [name, values] of groupColumns) {
    for (const value of [...new Set(values)].filter(Boolean).sort()) domains.push({ zone: `${name}=${value}`, sex: '_T', mask: Uint8Array.from(base, (v, i) => (v && values[i] === value ? 1 : 0)) });
  }
  const lndstr = options.lndstrRule as string | undefined;
  const series: [string, Uint8Array][] = [['SP_LGL_LNDDOC', flags.documented], ['SP_LGL_LNDSEC', flags.secure]];
  if (lndstr) series.push(['SP_LGL_LNDSTR', Uint8Array.from(flags.documented, (d, i) => (lndstr === 'doc-and-sec' ? d && flags.secure[i] : d || flags.secure[i]))]);
  const observations: Observation[] = [];
  try {
    for (const domain of domains) {
      for (const [code, flag] of series) {
        const e = estimateShare(design, domain.mask, flag);
        const pct = toPercentFields(e);
        let adultsWeighted = 0;
        let proxyWeighted = 0;
        for (let i = 0; i < domain.mask.length; i++) {
          if (!domain.mask[i]) continue;
          adultsWeighted += design.weights[i];
          if (flags.proxy?.[i]) proxyWeighted += design.weights[i];
        }
        observations.push({
          zone: domain.zone, series: code, timePeriod: common.timePeriod, value: pct.value, unit: 'PT',
          dimensions: { SEX: domain.sex, AGE: '_T', URBANISATION: '_T', DISABILITY_STATUS: '_T' },
          components: { adults: adultsWeighted, adultsSampled: e.n, designEffect: pct.deff, ...(flags.proxy ? { proxyAnswersPct: adultsWeighted > 0 ? (100 * proxyWeighted) / adultsWeighted : null } : {}) },
          standardError: pct.se,
          attributes: { ...buildObservationAttributes({ nature: common.nature, sourceDetail: common.sourceDetail ?? String(options.data), commentObs, timeDetail: common.timePeriod }), ...toBoundAttributes(pct.lower, pct.upper) },
          flags: e.n === 0 ? ['empty-domain'] : [],
        });
      }
    }
  } catch (error) {
    throw toUserError(error, data.path, config.columns.strata);
  }
  const parameters = { config: where, parcelRule, lonelyPsu: options.lonelyPsu ?? 'fail', adultAge: config.thresholds.adultAge ?? 18, fearRule, legalDocuments: config.codes.legalDocument ?? [], lndstrRule: lndstr ?? null, by, rows: data.rows };
  return { observations, parameters, warnings };
}

function estimateShare(design: SurveyDesign, mask: Uint8Array, flag: Uint8Array) {
  const x = Float64Array.from(mask);
  const y = Float64Array.from(mask, (m, i) => (m && flag[i] ? 1 : 0));
  return computeRatioEstimate(design, y, x, mask);
}

export const tenure: IndicatorDefinition = {
  code: '1.4.2',
  slug: 'tenure',
  title: 'Adults with legally documented and with perceived-secure land rights',
  geospatial: false,
  series: [
    { code: 'SP_LGL_LNDDOC', description: 'Proportion of people with legally recognized documentation of their rights to land out of total adult population, by sex (%)', unit: 'PT' },
    { code: 'SP_LGL_LNDSEC', description: 'Proportion of people who perceive their rights to land as secure out of total adult population, by sex (%)', unit: 'PT' },
    { code: 'SP_LGL_LNDSTR', description: 'Proportion of people with secure tenure rights to land out of total adult population, by sex (%)', unit: 'PT' },
  ],
  options: [
    ...SURVEY_OPTIONS,
    { flags: '--parcel-rule <rule>', description: 'with columns.person (one row per parcel): perceived secure when any (default) or all of the person\'s parcels are', choices: ['any', 'all'], defaultValue: 'any' },
    { flags: '--lndstr-rule <rule>', description: 'also emit SP_LGL_LNDSTR, combining (a) and (b): the UN publishes no rule, so it is not emitted unless chosen', choices: ['doc-and-sec', 'doc-or-sec'] },
  ],
  run,
};
