/**
 * open-sdg / sdg-build CSV, by sdg-build's `check_csv.py`: first column Year, last column Value
 * (numeric), no leading or trailing spaces, no empty rows; Series and Units columns; one column per
 * disaggregation with readable labels (`City`, `Sex`, `Type of tenure`), empty for the total. A column
 * the same on every row says nothing and is left out, so one city's file has headline rows (all
 * disaggregations empty) for the page to open on. `GeoCode` (open-sdg's map key) when zones carry one
 * (`--geocode-field`). One period per series and end year, as in SDMX (`--sdmx-period`). Rows without
 * a value cannot be drawn: they are left out and listed by `listOpenSdgNulls`.
 */
import type { IndicatorOutput, Observation } from '../../core/observation.js';
import { toCsvText, type CsvCell } from './csv-text.js';
import { selectPeriods } from './sdmx-csv.js';

const UNIT_LABELS: Record<string, string> = { PT: 'Percent', RO: 'Ratio', NUMBER: 'Number' };
const DIMENSION_LABELS: Record<string, string> = { SEX: 'Sex', AGE: 'Age', URBANISATION: 'Urbanisation', DISABILITY_STATUS: 'Disability status' };
/** Readable column names of the breakdowns the survey indicators make. */
const BREAKDOWN_LABELS: Record<string, string> = { headSex: 'Sex of household head', tenureType: 'Type of tenure' };
const CODE_LABELS: Record<string, Record<string, string>> = {
  SEX: { F: 'Female', M: 'Male' },
  URBANISATION: { U: 'Urban', R: 'Rural' },
};
/** Where an observation's zone code for open-sdg maps is kept (set from `--geocode-field`). */
export const GEOCODE_LABEL = 'GeoCode';

export interface OpenSdgOptions {
  readonly periods: 'full' | 'consecutive';
  readonly spreadsheetSafe?: boolean;
}

interface Column {
  readonly name: string;
  readonly cell: (o: Observation) => string;
}

const breakdownOf = (o: Observation): [string, string] | null => {
  const label = o.labels?.CUST_BREAKDOWN;
  const cut = label?.indexOf('=') ?? -1;
  return label && cut > 0 ? [label.slice(0, cut), label.slice(cut + 1)] : null;
};

/** The disaggregation columns of the file, each named and read from an observation ('' = total). */
function toDisaggregations(observations: readonly Observation[]): Column[] {
  const zone: Column = { name: 'City', cell: (o) => (o.zone === '_T' ? '' : o.zone) };
  const dimensions = Object.keys(DIMENSION_LABELS).map((d): Column => ({
    name: DIMENSION_LABELS[d],
    cell: (o) => {
      const code = o.dimensions[d] ?? '_T';
      return code === '_T' ? '' : CODE_LABELS[d]?.[code] ?? code;
    },
  }));
  const variables = [...new Set(observations.flatMap((o) => breakdownOf(o)?.[0] ?? []))];
  const breakdowns = variables.map((v): Column => ({
    name: BREAKDOWN_LABELS[v] ?? v,
    cell: (o) => {
      const breakdown = breakdownOf(o);
      return breakdown?.[0] === v ? breakdown[1] : '';
    },
  }));
  const trimmed = (column: Column): Column => ({ name: column.name, cell: (o) => column.cell(o).trim() });
  // A column with one value on every row is no disaggregation (a single city, Urban throughout 11.1.1).
  return [zone, ...dimensions, ...breakdowns].map(trimmed).filter((c) => new Set(observations.map(c.cell)).size > 1);
}

const yearOf = (o: Observation) => /-(\d{4})$/.exec(o.timePeriod)?.[1] ?? o.timePeriod;

export function formatOpenSdgCsv(output: IndicatorOutput, options: OpenSdgOptions): string {
  const selected = selectPeriods(output.observations, options.periods);
  // Columns are chosen over all observations: a city whose value is null still keeps the City column.
  const disaggregations = toDisaggregations(selected);
  const observations = selected.filter((o) => o.value !== null);
  const geoCoded = observations.some((o) => o.labels?.[GEOCODE_LABEL]);
  const header = ['Year', 'Series', 'Units', ...disaggregations.map((c) => c.name), ...(geoCoded ? [GEOCODE_LABEL] : []), 'Value'];
  const rows: CsvCell[][] = observations.map((o) => [
    yearOf(o),
    o.series,
    UNIT_LABELS[o.unit] ?? o.unit,
    ...disaggregations.map((c) => c.cell(o)),
    ...(geoCoded ? [o.labels?.[GEOCODE_LABEL]?.trim() ?? ''] : []),
    o.value,
  ]);
  return toCsvText(header, rows, options.spreadsheetSafe);
}

/** The observations the open-sdg file leaves out for want of a value, with the reasons they carry. */
export function listOpenSdgNulls(output: IndicatorOutput, periods: OpenSdgOptions['periods']): Observation[] {
  return selectPeriods(output.observations, periods).filter((o) => o.value === null);
}

/** The file name sdg-build reads an indicator's data from: `indicator_11-3-1.csv`. */
export function toOpenSdgFileName(indicator: string): string {
  return `indicator_${indicator.replace(/\./g, '-')}.csv`;
}
