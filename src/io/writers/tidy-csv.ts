/** Tidy CSV: one row per observation; components and attributes as columns (union, first-seen order). */
import type { IndicatorOutput } from '../../core/observation.js';
import { toCsvText, type CsvCell } from './csv-text.js';

export function formatTidyCsv(output: IndicatorOutput, spreadsheetSafe = false): string {
  const dimensionKeys: string[] = [];
  const componentKeys: string[] = [];
  const attributeKeys: string[] = [];
  const addKeys = (target: string[], keys: string[]) => keys.forEach((k) => target.includes(k) || target.push(k));
  for (const o of output.observations) {
    addKeys(dimensionKeys, Object.keys(o.dimensions));
    addKeys(componentKeys, Object.keys(o.components));
    addKeys(attributeKeys, Object.keys(o.attributes));
  }
  const header = ['indicator', 'zone', 'series', 'timePeriod', 'value', 'unit', ...dimensionKeys, 'standardError', 'flags', ...componentKeys, ...attributeKeys];
  const rows: CsvCell[][] = output.observations.map((o) => [
    output.indicator, o.zone, o.series, o.timePeriod, o.value, o.unit,
    ...dimensionKeys.map((k) => o.dimensions[k]),
    o.standardError, o.flags.join(' '),
    ...componentKeys.map((k) => o.components[k]),
    ...attributeKeys.map((k) => o.attributes[k]),
  ]);
  return toCsvText(header, rows, spreadsheetSafe);
}
