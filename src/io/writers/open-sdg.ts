/**
 * open-sdg / sdg-build CSV (METHODS §15): first column Year, last column Value; Series and Units
 * columns; one column per disaggregation, empty for the total. Zones go in a `City` column, survey
 * subgroups (`headSex=F`) in a `Group` column.
 */
import type { IndicatorOutput } from '../../core/observation.js';
import { toCsvText, type CsvCell } from './csv-text.js';

const UNIT_LABELS: Record<string, string> = { PT: 'Percent', RO: 'Ratio', NUMBER: 'Number' };
const DIMENSION_LABELS: Record<string, string> = { SEX: 'Sex', AGE: 'Age', URBANISATION: 'Urbanisation', DISABILITY_STATUS: 'Disability status' };
const CODE_LABELS: Record<string, Record<string, string>> = {
  SEX: { F: 'Female', M: 'Male' },
  URBANISATION: { U: 'Urban', R: 'Rural' },
};

export function formatOpenSdgCsv(output: IndicatorOutput): string {
  const dimensions = Object.keys(DIMENSION_LABELS).filter((d) => output.observations.some((o) => (o.dimensions[d] ?? '_T') !== '_T'));
  // Zones are cities (spatial indicators) or survey subgroups such as "headSex=F"; "_T" is the total.
  const zones = output.observations.map((o) => o.zone);
  const zoneColumn = zones.every((z) => z === '_T') ? null : zones.some((z) => z.includes('=')) ? 'Group' : 'City';
  const header = ['Year', 'Series', 'Units', ...(zoneColumn ? [zoneColumn] : []), ...dimensions.map((d) => DIMENSION_LABELS[d]), 'Value'];
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
      o.value,
    ]);
  return toCsvText(header, rows);
}
