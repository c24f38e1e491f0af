/**
 * open-sdg / sdg-build CSV (sdg-build's data format): first column Year, last column Value; Series
 * and Units columns; one column per disaggregation, empty for the total. Zones go in a `City` column;
 * each survey breakdown variable (`headSex`, `tenureType`, a `--by` column) in a column of its own.
 */
import type { IndicatorOutput, Observation } from '../../core/observation.js';
import { toCsvText, type CsvCell } from './csv-text.js';

const UNIT_LABELS: Record<string, string> = { PT: 'Percent', RO: 'Ratio', NUMBER: 'Number' };
const DIMENSION_LABELS: Record<string, string> = { SEX: 'Sex', AGE: 'Age', URBANISATION: 'Urbanisation', DISABILITY_STATUS: 'Disability status' };
/** Readable column names of the breakdowns the survey indicators make. */
const BREAKDOWN_LABELS: Record<string, string> = { headSex: 'Sex of household head', tenureType: 'Type of tenure' };
const CODE_LABELS: Record<string, Record<string, string>> = {
  SEX: { F: 'Female', M: 'Male' },
  URBANISATION: { U: 'Urban', R: 'Rural' },
};

export function formatOpenSdgCsv(output: IndicatorOutput, spreadsheetSafe = false): string {
  const dimensions = Object.keys(DIMENSION_LABELS).filter((d) => output.observations.some((o) => (o.dimensions[d] ?? '_T') !== '_T'));
  // Zones are cities; survey observations have none. Breakdowns are labelled `variable=value`.
  const zoneColumn = output.observations.some((o) => o.zone !== '' && o.zone !== '_T') ? 'City' : null;
  const breakdownOf = (o: Observation): [string, string] | null => {
    const label = o.labels?.CUST_BREAKDOWN;
    const cut = label?.indexOf('=') ?? -1;
    return label && cut > 0 ? [label.slice(0, cut), label.slice(cut + 1)] : null;
  };
  const variables = [...new Set(output.observations.flatMap((o) => breakdownOf(o)?.[0] ?? []))];
  const header = ['Year', 'Series', 'Units', ...(zoneColumn ? [zoneColumn] : []), ...dimensions.map((d) => DIMENSION_LABELS[d]), ...variables.map((v) => BREAKDOWN_LABELS[v] ?? v), 'Value'];
  const rows: CsvCell[][] = output.observations
    .filter((o) => o.value !== null) // sdg-build requires a numeric Value
    .map((o) => [
      /-(\d{4})$/.exec(o.timePeriod)?.[1] ?? o.timePeriod,
      o.series,
      UNIT_LABELS[o.unit] ?? o.unit,
      ...(zoneColumn ? [o.zone === '_T' ? '' : o.zone] : []),
      ...dimensions.map((d) => {
        const code = o.dimensions[d] ?? '_T';
        return code === '_T' ? '' : CODE_LABELS[d]?.[code] ?? code;
      }),
      ...variables.map((v) => {
        const breakdown = breakdownOf(o);
        return breakdown?.[0] === v ? breakdown[1] : '';
      }),
      o.value,
    ]);
  return toCsvText(header, rows, spreadsheetSafe);
}
