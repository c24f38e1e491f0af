/**
 * SDMX-CSV (1.0-style header) in the DF_SDG_GLH column order (SDG DSD 1.14): 1 structure column,
 * 15 dimensions in series-key order, TIME_PERIOD, OBS_VALUE, 16 attributes. A period becomes
 * TIME_PERIOD = last year with TIME_DETAIL = "FIRST-LAST", one period per series key (`--sdmx-period`).
 * Survey breakdowns carry their CUST_BREAKDOWN code and label; zones (cities) are coded C01, C02, … in
 * the order they come, the zone's id in CUST_BREAKDOWN_LB (the DSD's CL_CUST_BREAKDOWN holds codes,
 * not names; docs/methods.md G5).
 */
import type { IndicatorOutput, Observation } from '../../core/observation.js';
import { toCsvText, type CsvCell } from './csv-text.js';

export const SDMX_DIMENSIONS = [
  'FREQ', 'REPORTING_TYPE', 'SERIES', 'REF_AREA', 'SEX', 'AGE', 'URBANISATION', 'INCOME_WEALTH_QUANTILE', 'EDUCATION_LEV',
  'OCCUPATION', 'CUST_BREAKDOWN', 'COMPOSITE_BREAKDOWN', 'DISABILITY_STATUS', 'ACTIVITY', 'PRODUCT',
] as const;

export const SDMX_ATTRIBUTES = [
  'OBS_STATUS', 'UNIT_MULT', 'UNIT_MEASURE', 'BASE_PER', 'NATURE', 'TIME_DETAIL', 'COMMENT_OBS', 'TIME_COVERAGE', 'UPPER_BOUND',
  'LOWER_BOUND', 'SOURCE_DETAIL', 'COMMENT_TS', 'GEO_INFO_URL', 'GEO_INFO_TYPE', 'CUST_BREAKDOWN_LB', 'DATA_LAST_UPDATE',
] as const;

export interface SdmxOptions {
  readonly dataflow: string;
  readonly refArea: string;
  readonly reportingType: string;
  readonly dataLastUpdate?: string;
  /** Where periods share an end year: keep the full first → last one, or the consecutive pair. */
  readonly periods?: 'full' | 'consecutive';
  /** The user's codes for zones and subgroups (`--cust-breakdown-map`, `--composite-breakdown-map`). */
  readonly breakdownCodes?: BreakdownCodes;
}

/** Zone id or subgroup label (`headSex=F`) → the user's CUST_BREAKDOWN or COMPOSITE_BREAKDOWN code. */
export interface BreakdownCodes {
  readonly cust: ReadonlyMap<string, string>;
  readonly composite: ReadonlyMap<string, string>;
}

const periodEnd = (o: Observation) => /-(\d{4})$/.exec(o.timePeriod)?.[1] ?? o.timePeriod;
const periodStart = (o: Observation) => Number(/^(\d{4})/.exec(o.timePeriod)?.[1] ?? o.timePeriod);

/** Zone ids → CUST_BREAKDOWN codes C01, C02, … in the order the zones come. */
function toZoneCodes(observations: readonly Observation[]): Map<string, string> {
  const codes = new Map<string, string>();
  for (const o of observations) if (o.zone && !codes.has(o.zone)) codes.set(o.zone, `C${String(codes.size + 1).padStart(2, '0')}`);
  return codes;
}

/** One observation per series key and end year: 2000-2020 and 2010-2020 would share TIME_PERIOD 2020 (docs/methods.md G20). */
export function selectPeriods(observations: readonly Observation[], keep: 'full' | 'consecutive'): Observation[] {
  const chosen = new Map<string, Observation>();
  for (const o of observations) {
    const key = JSON.stringify([o.zone, o.series, periodEnd(o), Object.entries(o.dimensions).sort()]);
    const other = chosen.get(key);
    const better = !other || (keep === 'full' ? periodStart(o) < periodStart(other) : periodStart(o) > periodStart(other));
    if (better) chosen.set(key, o);
  }
  const kept = new Set(chosen.values());
  return observations.filter((o) => kept.has(o));
}

/** One observation as SDMX sees it: its dimensions (series key), period, value and attributes. */
export interface SdmxRecord {
  readonly dimensions: Readonly<Record<(typeof SDMX_DIMENSIONS)[number], string>>;
  readonly timePeriod: string;
  readonly value: number | null;
  readonly attributes: Readonly<Record<string, string | undefined>>;
}

function toRecord(o: Observation, options: SdmxOptions, zoneCodes: ReadonlyMap<string, string>): SdmxRecord {
  // A zone or subgroup takes the user's code where a map gives one, else a generated C01…; COMMENT_OBS says which.
  const label = o.labels?.CUST_BREAKDOWN ?? (o.zone || undefined);
  const composite = label === undefined ? undefined : options.breakdownCodes?.composite.get(label);
  const custGiven = label === undefined ? undefined : options.breakdownCodes?.cust.get(label);
  const rule = label === undefined ? undefined : composite ? 'composite-breakdown=user-map' : custGiven ? 'cust-breakdown=user-map' : 'cust-breakdown=generated';
  const fixed: Record<string, string> = {
    FREQ: 'A', REPORTING_TYPE: options.reportingType, SERIES: o.series, REF_AREA: o.dimensions.REF_AREA ?? options.refArea,
    CUST_BREAKDOWN: composite ? '_T' : custGiven ?? o.dimensions.CUST_BREAKDOWN ?? zoneCodes.get(o.zone) ?? '_T',
    COMPOSITE_BREAKDOWN: composite ?? o.dimensions.COMPOSITE_BREAKDOWN ?? '_T',
  };
  const attributes: Record<string, string | undefined> = {
    ...o.attributes,
    OBS_STATUS: o.value === null ? 'M' : o.attributes.OBS_STATUS ?? 'A',
    UNIT_MEASURE: o.unit,
    TIME_DETAIL: o.attributes.TIME_DETAIL ?? o.timePeriod,
    CUST_BREAKDOWN_LB: label,
    COMMENT_OBS: [o.attributes.COMMENT_OBS, rule].filter(Boolean).join('; ') || undefined,
    DATA_LAST_UPDATE: options.dataLastUpdate,
  };
  const dimensions = Object.fromEntries(SDMX_DIMENSIONS.map((d) => [d, fixed[d] ?? o.dimensions[d] ?? '_T'])) as SdmxRecord['dimensions'];
  return { dimensions, timePeriod: periodEnd(o), value: o.value, attributes };
}

/** The observations of an output as SDMX records: zones coded, one period per series key and end year. */
export function toSdmxRecords(output: IndicatorOutput, options: SdmxOptions): SdmxRecord[] {
  const zoneCodes = toZoneCodes(output.observations);
  return selectPeriods(output.observations, options.periods ?? 'full').map((o) => toRecord(o, options, zoneCodes));
}

export function formatSdmxCsv(output: IndicatorOutput, options: SdmxOptions): string {
  const header = ['DATAFLOW', ...SDMX_DIMENSIONS, 'TIME_PERIOD', 'OBS_VALUE', ...SDMX_ATTRIBUTES];
  const rows: CsvCell[][] = toSdmxRecords(output, options).map((r) => [
    options.dataflow, ...SDMX_DIMENSIONS.map((d) => r.dimensions[d]), r.timePeriod, r.value, ...SDMX_ATTRIBUTES.map((a) => r.attributes[a]),
  ]);
  return toCsvText(header, rows);
}
