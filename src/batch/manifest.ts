/**
 * Reads a batch manifest — JSON, YAML or CSV — into one raw shape with the line of every unit and
 * option, so that a mistake found later (an unknown option, a bad value, a template that matches no
 * file) names the manifest line. JSON and YAML go through the `yaml` parser (JSON is YAML 1.2), which
 * keeps source positions; CSV is one unit per row (docs/batch.md).
 */
import { extname } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { describeFound, describeList, UsageError } from '../errors.js';
import { parseCsvRecords } from '../io/csv-records.js';
import { readWholeText } from '../io/read-text.js';

/** A value with the manifest line it was written on. */
export interface Located<T> {
  readonly value: T;
  readonly line: number;
}

export interface RawUnit {
  readonly line: number;
  readonly id?: Located<string>;
  readonly indicator?: Located<string>;
  /** Template variables: a list of values, or a glob whose `*` gives the value. */
  readonly each: Readonly<Record<string, Located<unknown>>>;
  /** Aggregation levels of this unit (`region: Coast`), templates allowed. */
  readonly levels: Readonly<Record<string, Located<string>>>;
  readonly options: Readonly<Record<string, Located<unknown>>>;
}

export interface RawManifest {
  readonly path: string;
  readonly defaults: Readonly<Record<string, Located<unknown>>>;
  readonly units: readonly RawUnit[];
  /** Aggregation levels: level name → zone attribute that gives it where a unit sets none. */
  readonly aggregate: { readonly levels: Readonly<Record<string, string | null>>; readonly line: number } | null;
}

/** Largest manifest read (a country's units are a few thousand lines). */
const MAX_MANIFEST_BYTES = 64 * 1024 ** 2;

const UNIT_KEYS = ['id', 'indicator', 'each', 'levels', 'options'];
const TOP_KEYS = ['defaults', 'units', 'aggregate'];

export class ManifestError extends UsageError {}

function fail(path: string, line: number, message: string): never {
  throw new ManifestError(`${path} line ${line}: ${message}`);
}

export async function readManifest(path: string): Promise<RawManifest> {
  const text = await readWholeText(path, MAX_MANIFEST_BYTES, 'a batch manifest', 'split the country into several manifests');
  return extname(path).toLowerCase() === '.csv' ? parseCsvManifest(text, path) : parseTreeManifest(text, path);
}

function lineOf(node: Node | null | undefined, counter: LineCounter): number {
  return node?.range ? counter.linePos(node.range[0]).line : 1;
}

/** A plain value of a YAML node (scalars, lists and maps of them). */
function toPlain(node: unknown): unknown {
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map(toPlain);
  if (isMap(node)) return Object.fromEntries(node.items.map((pair) => [String(toPlain(pair.key)), toPlain(pair.value)]));
  return node ?? null;
}

/** The entries of a map node, each located, refusing anything but a map. */
function toEntries(node: unknown, counter: LineCounter, path: string, what: string): Record<string, Located<unknown>> {
  if (node === undefined || node === null) return {};
  if (!isMap(node)) fail(path, lineOf(node as Node, counter), `${what}: expected a map of names to values, found ${describeFound(toPlain(node))}`);
  const out: Record<string, Located<unknown>> = {};
  for (const pair of node.items) {
    const key = String(toPlain(pair.key));
    const line = lineOf(pair.key as Node, counter);
    if (key in out) fail(path, line, `${what}: ${describeFound(key)} given twice`);
    out[key] = { value: toPlain(pair.value), line };
  }
  return out;
}

function toText(entry: Located<unknown> | undefined, path: string, what: string): Located<string> | undefined {
  if (entry === undefined) return undefined;
  if (typeof entry.value === 'string' && entry.value !== '') return entry as Located<string>;
  if (typeof entry.value === 'number') return { value: String(entry.value), line: entry.line };
  return fail(path, entry.line, `${what}: expected a text, found ${describeFound(entry.value)}`);
}

function checkKeys(entries: Readonly<Record<string, Located<unknown>>>, allowed: readonly string[], path: string, what: string): void {
  for (const [key, { line }] of Object.entries(entries)) {
    if (!allowed.includes(key)) fail(path, line, `${what}: unknown key ${describeFound(key)} (expected ${describeList(allowed)})`);
  }
}

function parseTreeManifest(text: string, path: string): RawManifest {
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) {
    const error = document.errors[0];
    fail(path, error.linePos?.[0]?.line ?? 1, `not readable as JSON or YAML (${error.message.split('\n')[0].slice(0, 120)})`);
  }
  const top = toEntries(document.contents, counter, path, 'the manifest');
  checkKeys(top, TOP_KEYS, path, 'the manifest');
  const unitsNode = isMap(document.contents) ? document.contents.get('units', true) : undefined;
  if (!isSeq(unitsNode) || unitsNode.items.length === 0) fail(path, top.units?.line ?? 1, `units: expected a list of units (each with an indicator and its options), found ${describeFound(top.units?.value)}`);
  const defaultsNode = isMap(document.contents) ? document.contents.get('defaults', true) : undefined;
  const units = unitsNode.items.map((node, k): RawUnit => {
    const entries = toEntries(node, counter, path, `unit ${k + 1}`);
    checkKeys(entries, UNIT_KEYS, path, `unit ${k + 1}`);
    const levels: Record<string, Located<string>> = {};
    for (const [name, entry] of Object.entries(isMap(node) ? toEntries(node.get('levels', true), counter, path, `unit ${k + 1} levels`) : {})) {
      levels[name] = toText(entry, path, `levels.${name}`) as Located<string>;
    }
    return {
      line: lineOf(node as Node, counter),
      id: toText(entries.id, path, 'id'),
      indicator: toText(entries.indicator, path, 'indicator'),
      each: isMap(node) ? toEntries(node.get('each', true), counter, path, `unit ${k + 1} each`) : {},
      levels,
      options: isMap(node) ? toEntries(node.get('options', true), counter, path, `unit ${k + 1} options`) : {},
    };
  });
  return { path, defaults: toEntries(defaultsNode, counter, path, 'defaults'), units, aggregate: toAggregate(top.aggregate, path) };
}

/** `aggregate: { levels: { region: ADM1_NAME, country: null } }` or `aggregate: { levels: [region] }`. */
function toAggregate(entry: Located<unknown> | undefined, path: string): RawManifest['aggregate'] {
  if (entry === undefined) return null;
  const value = entry.value as { levels?: unknown } | null;
  const levels = value && typeof value === 'object' && !Array.isArray(value) ? value.levels : undefined;
  const extra = value && typeof value === 'object' ? Object.keys(value).filter((k) => k !== 'levels') : [];
  if (extra.length > 0) fail(path, entry.line, `aggregate: unknown key ${describeFound(extra[0])} (expected "levels")`);
  if (Array.isArray(levels) && levels.every((l) => typeof l === 'string' && l !== '')) return { levels: Object.fromEntries(levels.map((l: string) => [l, null])), line: entry.line };
  if (levels && typeof levels === 'object' && !Array.isArray(levels) && Object.values(levels).every((f) => f === null || (typeof f === 'string' && f !== ''))) {
    return { levels: levels as Record<string, string | null>, line: entry.line };
  }
  return fail(path, entry.line, `aggregate.levels: expected a list of level names or a map level → zone attribute, found ${describeFound(levels)}`);
}

/**
 * CSV: one unit per row. Columns `id`, `indicator`, `level:NAME` (aggregation levels) and option names;
 * a repeatable option takes several values separated by `;` (`2000=b2000.tif;2020=b2020.tif`).
 */
async function parseCsvManifest(text: string, path: string): Promise<RawManifest> {
  const records = await parseCsvRecords(text, path);
  const header = records[0]?.map((h) => h.trim()) ?? [];
  if (!header.includes('indicator')) fail(path, 1, `expected a header with an "indicator" column, found ${describeList(header)}`);
  const units: RawUnit[] = [];
  records.slice(1).forEach((row, k) => {
    const line = k + 2;
    if (row.every((cell) => cell.trim() === '')) return;
    if (row.length !== header.length) fail(path, line, `expected ${header.length} cells as in the header, found ${row.length}`);
    const options: Record<string, Located<unknown>> = {};
    const levels: Record<string, Located<string>> = {};
    let id: Located<string> | undefined;
    let indicator: Located<string> | undefined;
    header.forEach((column, c) => {
      const cell = row[c].trim();
      if (cell === '') return;
      if (column === 'id') id = { value: cell, line };
      else if (column === 'indicator') indicator = { value: cell, line };
      else if (column.startsWith('level:')) levels[column.slice(6)] = { value: cell, line };
      else options[column] = { value: cell.includes(';') ? cell.split(';').map((v) => v.trim()).filter(Boolean) : cell, line };
    });
    units.push({ line, id, indicator, each: {}, levels, options });
  });
  if (units.length === 0) fail(path, 1, 'expected at least one unit row under the header');
  const levelNames = header.filter((h) => h.startsWith('level:')).map((h) => h.slice(6));
  return { path, defaults: {}, units, aggregate: levelNames.length > 0 ? { levels: Object.fromEntries(levelNames.map((l) => [l, null])), line: 1 } : null };
}
