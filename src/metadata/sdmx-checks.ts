/**
 * Offline checks of SDMX-CSV rows against the SDG DSD 1.14 (metadata/code-lists.ts): the columns in
 * DSD order, every coded dimension and attribute in its code list, the mandatory attributes, years,
 * numbers, and unique series keys. Pure: rows in, problems out.
 */
import { describeFound } from '../errors.js';
import { isKnownCode, SDG_CODE_LISTS } from './code-lists.js';

export interface SdmxProblem {
  /** Row in the file (the header is row 1). */
  readonly row: number;
  readonly column: string;
  readonly message: string;
  /** A warning does not make the file invalid (a series code the DSD does not list yet). */
  readonly warning?: boolean;
}

/** SDMX cross-domain observation status codes (CL_OBS_STATUS). */
const OBS_STATUS = new Set(['A', 'B', 'D', 'E', 'F', 'G', 'I', 'K', 'M', 'N', 'O', 'P', 'Q', 'S', 'T', 'U', 'V', 'W']);
/** A decimal number as SDMX-CSV and open-sdg write it (no NaN, no thousands separators). */
export const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function checkSdmxCsv(header: readonly string[], rows: readonly (readonly string[])[]): SdmxProblem[] {
  const problems: SdmxProblem[] = [];
  const { dimensions, attributes, mandatoryAttributes, seriesNotInCodeList } = SDG_CODE_LISTS;
  const expected = ['DATAFLOW', ...dimensions, 'TIME_PERIOD', 'OBS_VALUE'];
  expected.forEach((name, k) => {
    if (header[k] !== name) problems.push({ row: 1, column: header[k] ?? String(k + 1), message: `expected column ${k + 1} to be ${name} (DSD order), found ${describeFound(header[k] ?? '')}` });
  });
  for (const name of header.slice(expected.length)) {
    if (!attributes.includes(name)) problems.push({ row: 1, column: name, message: `not an attribute of the SDG DSD (expected one of ${attributes.slice(0, 4).join(', ')}, …)` });
  }
  if (problems.length > 0) return problems;
  const at = new Map(header.map((name, k) => [name, k]));
  const keys = new Map<string, number>();
  rows.forEach((cells, k) => {
    const row = k + 2;
    const value = (name: string) => cells[at.get(name) ?? -1] ?? '';
    const problem = (column: string, message: string, warning = false) => problems.push({ row, column, message, ...(warning ? { warning } : {}) });
    if (cells.length !== header.length) problem('*', `expected ${header.length} fields, found ${cells.length}`);
    if (!/^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+\([0-9.]+\)$/.test(value('DATAFLOW'))) problem('DATAFLOW', `expected AGENCY:ID(VERSION), found ${describeFound(value('DATAFLOW'))}`);
    if (value('FREQ') !== 'A') problem('FREQ', `expected A (annual), found ${describeFound(value('FREQ'))}`);
    for (const dimension of dimensions) {
      const code = value(dimension);
      if (dimension === 'SERIES' && seriesNotInCodeList.includes(code)) {
        problem(dimension, `${code} is not in ${SDG_CODE_LISTS.codeLists.SERIES.codelist} (an unverified series code)`, true);
      } else if (!isKnownCode(dimension, code)) {
        problem(dimension, `expected a code of ${SDG_CODE_LISTS.codeLists[dimension].codelist}, found ${describeFound(code)}${dimension === 'REF_AREA' && code === '_Z' ? ' (give the M49 area with --ref-area)' : ''}`);
      }
    }
    if (!/^\d{4}$/.test(value('TIME_PERIOD'))) problem('TIME_PERIOD', `expected a year, found ${describeFound(value('TIME_PERIOD'))}`);
    const observation = value('OBS_VALUE');
    if (observation !== '' && !NUMBER.test(observation)) problem('OBS_VALUE', `expected a number, found ${describeFound(observation)}`);
    if (observation === '' && value('OBS_STATUS') !== 'M') problem('OBS_VALUE', `empty, so OBS_STATUS must be M (missing), found ${describeFound(value('OBS_STATUS'))}`);
    for (const attribute of mandatoryAttributes) if (value(attribute) === '') problem(attribute, 'a mandatory attribute, found an empty value');
    if (value('OBS_STATUS') !== '' && !OBS_STATUS.has(value('OBS_STATUS'))) problem('OBS_STATUS', `expected an SDMX observation status (A, E, M, …), found ${describeFound(value('OBS_STATUS'))}`);
    if (value('UNIT_MULT') !== '' && !/^-?\d+$/.test(value('UNIT_MULT'))) problem('UNIT_MULT', `expected a power of ten (0, 3, 6, …), found ${describeFound(value('UNIT_MULT'))}`);
    for (const attribute of ['UNIT_MEASURE', 'NATURE', 'GEO_INFO_TYPE']) {
      if (value(attribute) !== '' && !isKnownCode(attribute, value(attribute))) problem(attribute, `expected a code of ${SDG_CODE_LISTS.codeLists[attribute].codelist}, found ${describeFound(value(attribute))}`);
    }
    for (const bound of ['LOWER_BOUND', 'UPPER_BOUND']) if (value(bound) !== '' && !NUMBER.test(value(bound))) problem(bound, `expected a number, found ${describeFound(value(bound))}`);
    const key = [...dimensions.map(value), value('TIME_PERIOD')].join('\u0000');
    const first = keys.get(key);
    if (first !== undefined) problem('TIME_PERIOD', `the same series key and period as row ${first} (expected each observation once)`);
    else keys.set(key, row);
  });
  return problems;
}
