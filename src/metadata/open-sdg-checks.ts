/**
 * Offline checks of an open-sdg data CSV, by sdg-build's `check_csv.py` (first column Year, last
 * column Value, a numeric Value, no leading or trailing spaces in names or cells, no empty rows) and
 * by what open-sdg draws: one row per year and disaggregation, SERIES codes of the SDG DSD, and a
 * headline row (every disaggregation empty) for the page to open on — a warning when missing, as a
 * file of several cities has none. Pure: rows in, problems out.
 */
import { isKnownCode, SDG_CODE_LISTS } from './code-lists.js';
import { NUMBER, type SdmxProblem } from './sdmx-checks.js';
import { describeFound } from '../errors.js';

/** Columns that are not disaggregations in open-sdg. */
const NOT_DISAGGREGATIONS = new Set(['Year', 'Value', 'Units', 'Series', 'GeoCode', 'Observation status', 'Unit multiplier']);

export function checkOpenSdgCsv(header: readonly string[], rows: readonly (readonly string[])[]): SdmxProblem[] {
  const problems: SdmxProblem[] = [];
  if (header[0] !== 'Year') problems.push({ row: 1, column: header[0] ?? 'column 1', message: `expected the first column to be Year, found ${describeFound(header[0] ?? '')}` });
  if (header[header.length - 1] !== 'Value') problems.push({ row: 1, column: header[header.length - 1] ?? '*', message: `expected the last column to be Value, found ${describeFound(header[header.length - 1] ?? '')}` });
  header.forEach((name, k) => {
    if (name !== name.trim()) problems.push({ row: 1, column: name, message: 'a column name with leading or trailing spaces' });
    if (header.indexOf(name) !== k) problems.push({ row: 1, column: name, message: `the same column name as column ${header.indexOf(name) + 1}` });
  });
  if (problems.length > 0) return problems;
  const disaggregations = header.map((name, k) => [name, k] as const).filter(([name]) => !NOT_DISAGGREGATIONS.has(name));
  const seriesAt = header.indexOf('Series');
  const seen = new Map<string, number>();
  let headline = false;
  rows.forEach((cells, k) => {
    const row = k + 2;
    const problem = (column: string, message: string, warning = false) => problems.push({ row, column, message, ...(warning ? { warning } : {}) });
    if (cells.length !== header.length) problem('*', `expected ${header.length} fields, found ${cells.length}`);
    if (cells.every((c) => c.trim() === '')) {
      problem('*', 'an empty row');
      return;
    }
    cells.forEach((cell, c) => {
      if (cell !== cell.trim()) problem(header[c] ?? String(c + 1), `leading or trailing spaces in ${describeFound(cell)}`);
    });
    if (!/^\d{4}$/.test(cells[0] ?? '')) problem('Year', `expected a year, found ${describeFound(cells[0] ?? '')}`);
    const value = cells[header.length - 1] ?? '';
    if (!NUMBER.test(value)) problem('Value', `expected a number (open-sdg draws numbers only), found ${describeFound(value)}`);
    const series = seriesAt >= 0 ? cells[seriesAt] ?? '' : '';
    if (seriesAt >= 0 && !isKnownCode('SERIES', series)) {
      problem('Series', `${describeFound(series)} is not in ${SDG_CODE_LISTS.codeLists.SERIES.codelist}`, true);
    }
    if (disaggregations.every(([, c]) => (cells[c] ?? '') === '')) headline = true;
    const key = cells.slice(0, -1).join('\u0000');
    const first = seen.get(key);
    if (first !== undefined) problem('Value', `the same year and disaggregation as row ${first} (expected each once)`);
    else seen.set(key, row);
  });
  if (!headline && rows.length > 0) problems.push({ row: 2, column: '*', message: 'no headline row (every disaggregation empty): the indicator page opens with no series chosen', warning: true });
  return problems;
}
