/**
 * What 11.1.1 and 1.4.2 share: the microdata config (docs/slums.md, docs/tenure.md), code lists matched against the
 * values as they appear in the file, and turning a design-based estimate into observation fields
 * (SE, 95 % CI as LOWER_BOUND / UPPER_BOUND, design effect, unweighted n).
 */
import type { CodedColumn, ColumnRequest, Microdata, MicrodataColumn } from '../core/microdata.js';
import { findClosestName } from '../core/closest-name.js';
import { describeFound, describeList, InputError, UsageError } from '../errors.js';
import { LonelyPsuError, Z_95, type Estimate } from '../kernels/survey.js';
import { choice, file, text, texts } from './options.js';

export type CodeList = readonly (string | number)[];

export interface MicrodataConfig {
  readonly columns: Readonly<Record<string, string>>;
  readonly codes: Readonly<Record<string, CodeList>>;
  readonly thresholds: Readonly<Record<string, number>>;
  /** Per mapped field: values that mean "no answer" (e.g. DHS 99). */
  readonly missing: Readonly<Record<string, CodeList>>;
  /** Weights are divided by this (DHS: 1e6). */
  readonly weightScale: number;
}

export const SURVEY_OPTIONS = {
  data: file({ help: 'survey or census microdata, one row per household or person: CSV, Stata .dta (formats 117–119) or SPSS .sav', required: true }),
  config: file({ help: 'JSON mapping of columns, codes and thresholds (docs/slums.md, docs/tenure.md)' }),
  lonelyPsu: choice(['fail', 'remove', 'certainty', 'adjust', 'average'], { help: 'strata with a single PSU, as R survey.lonely.psu', default: 'fail', placeholder: 'policy' }),
  by: texts({ help: 'also estimate for each value of this column (region, wealth quintile, …)', placeholder: 'COLUMN' }),
  encoding: text({ help: 'text encoding of --data (utf-8, windows-1252, iso-8859-1, …); text that is not in it stops the run, naming row and column', default: 'utf-8', placeholder: 'NAME' }),
} as const;

/** A survey domain other than the total: a column and one of its values (head-of-household sex F, region south). */
export interface Breakdown {
  readonly variable: string;
  readonly value: string;
}

/**
 * Survey breakdowns are not geography: each goes into the SDMX dimension CUST_BREAKDOWN, coded
 * C01, C02, … in the stable order of the domains, with `variable=value` as its label
 * (CUST_BREAKDOWN_LB); the DSD has no code for household-head sex or tenure type (docs/methods.md).
 */
export function toBreakdownCodes(breakdowns: readonly Breakdown[]): Map<Breakdown, { dimensions: Record<string, string>; labels: Record<string, string> }> {
  return new Map(breakdowns.map((b, k) => [b, { dimensions: { CUST_BREAKDOWN: `C${String(k + 1).padStart(2, '0')}` }, labels: { CUST_BREAKDOWN: `${b.variable}=${b.value}` } }]));
}

function isCodeList(value: unknown): value is CodeList {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number');
}

/** The keys an indicator reads from its config: a key it does not know is a mistake, never ignored. */
export interface ConfigKeys {
  readonly columns: readonly string[];
  readonly codes: readonly string[];
  readonly thresholds: readonly string[];
}

const SECTIONS = ['columns', 'codes', 'thresholds', 'missing', 'weightScale'];

function assertKnown(keys: readonly string[], known: readonly string[], where: string, section: string): void {
  for (const key of keys) {
    if (known.includes(key)) continue;
    const closest = findClosestName(key, known);
    const label = section ? `${section}.${key}` : key;
    throw new UsageError(`${where}: unknown key ${describeFound(label)}${closest === null ? `; expected one of ${describeList(known, 5)}` : ` (did you mean ${describeFound(section ? `${section}.${closest}` : closest)}?)`}`);
  }
}

/**
 * Validates a parsed config object against the keys the indicator reads; `where` names the file. A
 * misspelt key (`"weigth"`) would silently change the estimate (an unweighted survey), so it stops
 * the run; so does one column mapped to two roles.
 */
export function toMicrodataConfig(raw: unknown, where: string, keys: ConfigKeys, base?: MicrodataConfig): MicrodataConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`${where}: expected a JSON object with columns, codes and thresholds, found ${describeFound(raw)}`);
  const value = raw as Record<string, unknown>;
  assertKnown(Object.keys(value), SECTIONS, where, '');
  const section = (name: string): Record<string, unknown> => {
    const s = value[name] ?? {};
    if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new UsageError(`${where}: "${name}" must be an object`);
    return s as Record<string, unknown>;
  };
  assertKnown(Object.keys(section('columns')), keys.columns, where, 'columns');
  assertKnown(Object.keys(section('codes')), keys.codes, where, 'codes');
  assertKnown(Object.keys(section('thresholds')), keys.thresholds, where, 'thresholds');
  assertKnown(Object.keys(section('missing')), keys.columns, where, 'missing');
  const columns: Record<string, string> = { ...(base?.columns ?? {}) };
  for (const [k, v] of Object.entries(section('columns'))) {
    if (typeof v !== 'string' || v === '') throw new UsageError(`${where}: columns.${k} must be a column name, found ${JSON.stringify(v)}`);
    columns[k] = v;
  }
  const lists = (name: string, start: Readonly<Record<string, CodeList>>) => {
    const out: Record<string, CodeList> = { ...start };
    for (const [k, v] of Object.entries(section(name))) {
      if (!isCodeList(v)) throw new UsageError(`${where}: ${name}.${k} must be a list of values as they appear in the file, found ${JSON.stringify(v)}`);
      out[k] = v;
    }
    return out;
  };
  const thresholds: Record<string, number> = { ...(base?.thresholds ?? {}) };
  for (const [k, v] of Object.entries(section('thresholds'))) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new UsageError(`${where}: thresholds.${k} must be a number, found ${JSON.stringify(v)}`);
    thresholds[k] = v;
  }
  const roles = new Map<string, string>();
  for (const [field, column] of Object.entries(columns)) {
    const other = roles.get(column);
    if (other !== undefined) throw new UsageError(`${where}: column ${describeFound(column)} is mapped to two roles, columns.${other} and columns.${field} (expected one column per role)`);
    roles.set(column, field);
  }
  const weightScale = value.weightScale === undefined ? base?.weightScale ?? 1 : Number(value.weightScale);
  if (!(weightScale > 0)) throw new UsageError(`${where}: weightScale must be a positive number`);
  return { columns, codes: lists('codes', base?.codes ?? {}), thresholds, missing: lists('missing', base?.missing ?? {}), weightScale };
}

function sameValue(raw: string, code: string | number): boolean {
  if (raw === String(code)) return true;
  return typeof code === 'number' && raw.trim() !== '' && Number(raw) === code;
}

/**
 * Per dictionary id of `column`: 1 when the value is in `codes`. In a labelled file (.dta, .sav) a
 * code may also be given by its value label ("piped into dwelling" for 11). A text that is neither a
 * value nor a label of the column, or a label that is also another code's value, is refused: in a
 * labelled file such a text is a typo or a clash, and would silently match nothing or the wrong code.
 */
export function matchCodes(column: CodedColumn, codes: CodeList): Uint8Array {
  const labels = column.labels;
  if (labels) assertLabelledCodes(column, labels, codes);
  return Uint8Array.from(column.dictionary, (raw) => (codes.some((code) => sameValue(raw, code) || (labels !== undefined && typeof code === 'string' && labels.byValue.get(raw) === code)) ? 1 : 0));
}

function assertLabelledCodes(column: CodedColumn, labels: NonNullable<CodedColumn['labels']>, codes: CodeList): void {
  const byLabel = new Map<string, string[]>();
  for (const [value, label] of labels.byValue) byLabel.set(label, [...(byLabel.get(label) ?? []), value]);
  for (const code of codes) {
    if (typeof code !== 'string') continue;
    const values = byLabel.get(code) ?? [];
    const isValue = labels.byValue.has(code) || column.dictionary.includes(code);
    if (values.length > 0 && isValue && !values.includes(code)) {
      throw new InputError(`${labels.file}: column ${describeFound(column.name)}: the config's ${describeFound(code)} is a value and also the label of ${values.join(', ')} (value labels ${describeFound(labels.set)}); give the number instead`);
    }
    if (values.length > 1) throw new InputError(`${labels.file}: column ${describeFound(column.name)}: the label ${describeFound(code)} names several values (${values.join(', ')}) in value labels ${describeFound(labels.set)}; give the numbers instead`);
    if (values.length === 0 && !isValue) {
      throw new InputError(`${labels.file}: column ${describeFound(column.name)}: the config's ${describeFound(code)} is neither a value nor a value label of the column (labels: ${describeList([...labels.byValue.values()], 4)})`);
    }
  }
}

/** Counts rows per value not in any of `lists` (for "codes not in any list" reports). */
export function countUnlistedCodes(column: CodedColumn, lists: readonly Uint8Array[]): Map<string, number> {
  const perId = new Float64Array(column.dictionary.length);
  for (const id of column.ids) if (id !== -1) perId[id]++;
  const counts = new Map<string, number>();
  column.dictionary.forEach((raw, id) => {
    if (perId[id] > 0 && !lists.some((l) => l[id] === 1)) counts.set(raw, perId[id]);
  });
  return counts;
}

export function describeCodeCounts(counts: Map<string, number>): string {
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} (${n} rows)`).join(', ');
}

export function columnOf(data: Microdata, config: MicrodataConfig, field: string): MicrodataColumn | undefined {
  const name = config.columns[field];
  return name === undefined ? undefined : data.columns.get(name);
}

/** A mapped column read as codes (the indicator asked for it so). */
export function codedColumnOf(data: Microdata, config: MicrodataConfig, field: string): CodedColumn | undefined {
  const column = columnOf(data, config, field);
  if (column && column.kind !== 'code') throw new Error(`columns.${field} was read as numbers`);
  return column;
}

/** Read requests for the mapped fields: `numeric` fields as numbers, the rest as codes; `extra` as codes. */
export function toColumnRequests(config: MicrodataConfig, fields: readonly string[], numeric: readonly string[], extra: readonly string[] = []): ColumnRequest[] {
  const requests = new Map<string, ColumnRequest>();
  for (const field of fields) {
    const name = config.columns[field];
    if (name && !requests.has(name)) requests.set(name, { name, kind: numeric.includes(field) ? 'number' : 'code' });
  }
  for (const name of extra) if (!requests.has(name)) requests.set(name, { name, kind: 'code' });
  return [...requests.values()];
}

export function requireCodes(config: MicrodataConfig, field: string, codesKey: string, where: string): CodeList {
  const codes = config.codes[codesKey];
  if (!codes || codes.length === 0) throw new UsageError(`${where}: columns.${field} is mapped but codes.${codesKey} is not given (expected the list of values as they appear in the file)`);
  return codes;
}

/** Percent, SE and 95 % interval of a share; null (never NaN) when undefined. */
export function toPercentFields(estimate: Estimate): { value: number | null; se: number | null; lower: number | null; upper: number | null; deff: number | null } {
  if (!Number.isFinite(estimate.value)) return { value: null, se: null, lower: null, upper: null, deff: null };
  const value = 100 * estimate.value;
  const se = Number.isFinite(estimate.se) ? 100 * estimate.se : null;
  return {
    value, se,
    lower: se === null ? null : value - Z_95 * se,
    upper: se === null ? null : value + Z_95 * se,
    deff: Number.isFinite(estimate.deff) ? estimate.deff : null,
  };
}

/**
 * The estimate in words for `--explain`, with the user's numbers (UN-Habitat's module steps):
 * numerator ÷ denominator = share, its linearised SE and 95 % CI, n and the design effect.
 */
export function explainShare(label: string, numerator: { name: string; value: number }, denominator: { name: string; value: number }, pct: ReturnType<typeof toPercentFields>, n: number, unit: string): string {
  const big = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 1 });
  if (pct.value === null) return `${label}: ${denominator.name} ${big(denominator.value)} (n = ${n} ${unit}) — no estimate`;
  const interval = pct.lower !== null && pct.upper !== null ? `, 95 % CI ${pct.lower.toFixed(4)}–${pct.upper.toFixed(4)} %` : '';
  const se = pct.se === null ? 'SE not defined' : `SE ${pct.se.toFixed(4)} (Taylor linearisation, PSUs within strata)`;
  return `${label}: ${numerator.name} ${big(numerator.value)} ÷ ${denominator.name} ${big(denominator.value)} = ${pct.value.toFixed(4)} %; ${se}${interval}; n = ${n} ${unit}; design effect ${pct.deff === null ? '—' : pct.deff.toFixed(4)}`;
}

/** A lonely PSU under `--lonely-psu fail` becomes the user's error, naming file and strata column. */
export function toUserError(error: unknown, path: string, strataColumn: string | undefined): unknown {
  if (!(error instanceof LonelyPsuError)) return error;
  return new InputError(`${path}: ${error.message} (column ${strataColumn}); choose --lonely-psu remove, certainty, adjust or average`);
}
