/**
 * SDMX-CSV (1.0-style header) in the DF_SDG_GLH column order (SDG DSD 1.14): 1 structure column,
 * 15 dimensions in series-key order, TIME_PERIOD, OBS_VALUE, 16 attributes. A period becomes
 * TIME_PERIOD = last year with TIME_DETAIL = "FIRST-LAST". Survey breakdowns carry their
 * CUST_BREAKDOWN code and label; city-level values are keyed by CUST_BREAKDOWN from the zone id with
 * the zone's name in CUST_BREAKDOWN_LB (docs/methods.md).
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
}

/** SDMX codes are [A-Za-z0-9_@$-]; other characters of a zone id become `_`. */
function toSdmxCode(id: string): string {
  return id.replace(/[^A-Za-z0-9_@$-]/g, '_');
}

function toRow(o: Observation, options: SdmxOptions): CsvCell[] {
  const periodEnd = /-(\d{4})$/.exec(o.timePeriod)?.[1] ?? o.timePeriod;
  const dimension: Record<string, string> = {
    FREQ: 'A', REPORTING_TYPE: options.reportingType, SERIES: o.series, REF_AREA: options.refArea,
    CUST_BREAKDOWN: o.dimensions.CUST_BREAKDOWN ?? (o.zone ? toSdmxCode(o.zone) : '_T'),
  };
  const attribute: Record<string, CsvCell> = {
    ...o.attributes,
    OBS_STATUS: o.value === null ? 'M' : o.attributes.OBS_STATUS ?? 'A',
    UNIT_MEASURE: o.unit,
    TIME_DETAIL: o.attributes.TIME_DETAIL ?? o.timePeriod,
    CUST_BREAKDOWN_LB: o.labels?.CUST_BREAKDOWN ?? (o.zone || undefined),
    DATA_LAST_UPDATE: options.dataLastUpdate,
  };
  return [
    options.dataflow,
    ...SDMX_DIMENSIONS.map((d) => dimension[d] ?? o.dimensions[d] ?? '_T'),
    periodEnd,
    o.value,
    ...SDMX_ATTRIBUTES.map((a) => attribute[a]),
  ];
}

export function formatSdmxCsv(output: IndicatorOutput, options: SdmxOptions): string {
  const header = ['DATAFLOW', ...SDMX_DIMENSIONS, 'TIME_PERIOD', 'OBS_VALUE', ...SDMX_ATTRIBUTES];
  return toCsvText(header, output.observations.map((o) => toRow(o, options)));
}
