/**
 * Manifest → plan: templates (`{city}`) filled from each unit's `each` variables (lists, globs whose
 * `*` gives the value, or the zone ids of a vector file: one unit per feature), option paths resolved
 * against the manifest's folder, and every unit's options checked by the subcommand's own
 * `resolveOptions` — a manifest row and a command line mean the same thing. Nothing is computed.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { describeFound, isUserError } from '../errors.js';
import { resolveOptions, type AnyIndicator } from '../indicators/define.js';
import { toOptionKey, type OptionSpec } from '../indicators/options.js';
import { findIndicator, INDICATORS } from '../indicators/registry.js';
import { isUrl } from '../io/byte-source.js';
import { readZones } from '../io/vector.js';
import { ManifestError, type Located, type RawManifest, type RawUnit } from './manifest.js';

/** One unit of work as the plan lists it: paths relative to the manifest's folder, with `/`. */
export interface PlanUnit {
  readonly id: string;
  readonly indicator: string;
  /** The manifest line the unit comes from. */
  readonly line: number;
  /** Options keyed as on the command line without dashes, defaults merged, paths relative to the manifest. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Aggregation level values set by the manifest (`region: Coast`). */
  readonly levels: Readonly<Record<string, string>>;
  /** Restricts the unit to one zone of its zones file (one unit per feature). */
  readonly zone?: string;
}

/** Options the batch sets itself. */
const BATCH_OWNED: Readonly<Record<string, string>> = {
  out: 'the batch writes each unit under --out DIR/units',
  explain: 'explain one unit with its own subcommand',
  quiet: 'workers are always quiet; the batch reports progress',
};

const TEMPLATE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

function fail(path: string, line: number, message: string): never {
  throw new ManifestError(`${path} line ${line}: ${message}`);
}

/** A path as the plan records it: relative to the manifest's folder, with `/`. */
function toPlanPath(root: string, path: string): string {
  return relative(root, resolve(root, path)).split(sep).join('/') || '.';
}

function fillTemplate(text: string, variables: Readonly<Record<string, string>>, path: string, line: number): string {
  return text.replace(TEMPLATE, (whole, name: string) => {
    if (!(name in variables)) fail(path, line, `${whole}: no variable ${describeFound(name)} (this unit has ${Object.keys(variables).map((v) => `{${v}}`).join(', ') || 'none'}; declare it under each)`);
    return variables[name];
  });
}

function fillValue(value: unknown, variables: Readonly<Record<string, string>>, path: string, line: number): unknown {
  if (typeof value === 'string') return fillTemplate(value, variables, path, line);
  if (Array.isArray(value)) return value.map((v) => fillValue(v, variables, path, line));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillValue(v, variables, path, line)]));
  return value;
}

/** Wildcards of a manifest glob: `**` (any folders), `*` (within a name), `?` (one character). */
const WILDCARDS = /(\*\*|\*|\?)/;

function isGlob(text: string): boolean {
  return WILDCARDS.test(text);
}

/** `cities/*.geojson` → files, each with the text its first wildcard matched (the variable's value). */
async function expandGlob(pattern: string, root: string): Promise<{ file: string; match: string }[]> {
  const files = (await glob(pattern, { cwd: root, onlyFiles: true, expandDirectories: false })).sort();
  const parts = pattern.split(WILDCARDS);
  const wildcard: Readonly<Record<string, string>> = { '**': '.*', '*': '[^/]*', '?': '[^/]' };
  // Odd parts are wildcards; the first one is captured.
  const source = parts.map((part, k) => (k % 2 === 0 ? part.replace(/[.+^${}()|[\]\\]/g, '\\$&') : k === 1 ? `(${wildcard[part]})` : wildcard[part])).join('');
  const regex = new RegExp(`^${source}$`);
  return files.map((file) => ({ file, match: regex.exec(file)?.[1] ?? file }));
}

/** The values of one `each` variable: a list, a glob, or the zone ids of a vector file. */
async function expandVariable(name: string, entry: Located<unknown>, root: string, path: string): Promise<string[]> {
  const { value, line } = entry;
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.map(String);
  if (typeof value === 'string' && isGlob(value)) {
    const matches = await expandGlob(value, root);
    if (matches.length === 0) fail(path, line, `each.${name}: ${describeFound(value)} matches no file in ${root}`);
    return matches.map((m) => m.match);
  }
  const features = value as { features?: unknown; field?: unknown; layer?: unknown } | null;
  if (features && typeof features === 'object' && typeof features.features === 'string') {
    const file = resolve(root, features.features);
    if (!existsSync(file)) fail(path, line, `each.${name}.features: ${describeFound(features.features)} is not a file`);
    try {
      const layer = typeof features.layer === 'string' ? features.layer : undefined;
      const zones = await readZones({ source: file, name: features.features, layer, layerFlag: `each.${name}.layer` }, { idField: typeof features.field === 'string' ? features.field : undefined });
      return zones.features.map((z) => z.id);
    } catch (error) {
      if (isUserError(error)) fail(path, line, `each.${name}.features: ${error.message}`);
      throw error;
    }
  }
  return fail(path, line, `each.${name}: expected a list of values, a glob (cities/*.geojson) or { features: FILE, field: NAME, layer: NAME }, found ${describeFound(value)}`);
}

/** Every combination of the variables, in manifest order (the first varies slowest). */
function combine(variables: readonly [string, string[]][]): Record<string, string>[] {
  return variables.reduce<Record<string, string>[]>((rows, [name, values]) => rows.flatMap((row) => values.map((v) => ({ ...row, [name]: v }))), [{}]);
}

/** Resolves the file paths in one option value against the manifest folder; a glob becomes its files. */
async function resolvePaths(spec: OptionSpec, value: unknown, root: string, where: { path: string; line: number; flag: string }): Promise<unknown> {
  const one = async (file: string, many: boolean): Promise<string[]> => {
    if (isUrl(file)) return [file];
    if (!isGlob(file)) {
      const absolute = resolve(root, file);
      if (!existsSync(absolute)) fail(where.path, where.line, `${where.flag}: ${describeFound(file)} is not a file (paths are relative to the manifest's folder ${root})`);
      return [toPlanPath(root, file)];
    }
    const matches = await expandGlob(file, root);
    if (matches.length === 0) fail(where.path, where.line, `${where.flag}: ${describeFound(file)} matches no file`);
    if (!many && matches.length > 1) fail(where.path, where.line, `${where.flag}: ${describeFound(file)} matches ${matches.length} files (${matches.slice(0, 2).map((m) => m.file).join(', ')} …); this option takes one`);
    return matches.map((m) => m.file);
  };
  const list = (v: unknown) => (Array.isArray(v) ? v : [v]);
  switch (spec.kind) {
    case 'output':
      if (typeof value === 'string' && !/^[^/\\]+$/.test(value)) fail(where.path, where.line, `${where.flag}: expected a file name (it is written in the unit's folder under --out DIR/units), found ${describeFound(value)}`);
      return value;
    case 'file':
      return typeof value === 'string' ? (await one(value, false))[0] : value;
    case 'files': {
      const out: unknown[] = [];
      for (const v of list(value)) out.push(...(typeof v === 'string' ? await one(v, true) : [v]));
      return out;
    }
    case 'year-files':
    case 'group-files': {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, typeof v === 'string' ? (await one(v, false))[0] : v]));
        return Object.fromEntries(entries);
      }
      const out: unknown[] = [];
      for (const v of list(value)) {
        const match = typeof v === 'string' ? /^((?:[^=]*=){1,2})(.+)$/.exec(v) : null;
        const prefix = spec.kind === 'year-files' ? /^\d{4}=$/ : /^[A-Z_]+=[A-Za-z0-9_]+=$/;
        out.push(match && prefix.test(match[1]) ? `${match[1]}${(await one(match[2], false))[0]}` : v);
      }
      return out;
    }
    default:
      return value;
  }
}

/** The plan's options of one unit: defaults then the unit's own, templates filled, paths resolved. */
async function toUnitOptions(definition: AnyIndicator, unit: RawUnit, defaults: RawManifest['defaults'], variables: Readonly<Record<string, string>>, root: string, path: string): Promise<Record<string, unknown>> {
  const merged = new Map<string, Located<unknown>>();
  for (const [name, entry] of Object.entries(defaults)) if (toOptionKey(name) in definition.options) merged.set(name, entry);
  for (const [name, entry] of Object.entries(unit.options)) merged.set(name, entry);
  const out: Record<string, unknown> = {};
  for (const [name, entry] of [...merged.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const key = toOptionKey(name);
    const flag = `--${name.replace(/^-+/, '')}`;
    if (key in BATCH_OWNED) fail(path, entry.line, `${flag}: not in a manifest (${BATCH_OWNED[key]})`);
    const spec = definition.options[key];
    if (spec === undefined) {
      out[name.replace(/^-+/, '')] = entry.value; // refused by resolveOptions below, with its did-you-mean
      continue;
    }
    out[name.replace(/^-+/, '')] = await resolvePaths(spec, fillValue(entry.value, variables, path, entry.line), root, { path, line: entry.line, flag });
  }
  return out;
}

/** The options as the subcommand reads them: paths made absolute for the worker. */
export function toRunOptions(definition: AnyIndicator, options: Readonly<Record<string, unknown>>, root: string): Record<string, unknown> {
  const absolute = (v: unknown) => (typeof v === 'string' && !isAbsolute(v) && !isUrl(v) ? resolve(root, v) : v);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) {
    const spec = definition.options[toOptionKey(name)];
    if (spec?.kind === 'file') out[name] = absolute(value);
    else if (spec?.kind === 'files') out[name] = (value as unknown[]).map(absolute);
    else if (spec?.kind === 'year-files' || spec?.kind === 'group-files') {
      out[name] = Array.isArray(value)
        ? value.map((v) => (typeof v === 'string' ? v.replace(/^((?:[^=]*=){1,2})(.+)$/, (_, p: string, f: string) => `${p}${absolute(f) as string}`) : v))
        : Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, absolute(v)]));
    } else out[name] = value;
  }
  return out;
}

/** Expands every unit of the manifest, checks each with its subcommand's rules, and refuses duplicate ids. */
export async function expandManifest(manifest: RawManifest): Promise<PlanUnit[]> {
  const root = dirname(resolve(manifest.path));
  const path = manifest.path;
  for (const [name, entry] of Object.entries(manifest.defaults)) {
    const key = toOptionKey(name);
    if (key in BATCH_OWNED) fail(path, entry.line, `--${name}: not in a manifest (${BATCH_OWNED[key]})`);
    if (!INDICATORS.some((d) => key in d.options)) fail(path, entry.line, `defaults: unknown option --${name} (no subcommand has it)`);
  }
  // First every unit's id (so that a duplicate is named before any option), then the options.
  const rows: { unit: RawUnit; definition: AnyIndicator; values: Record<string, string>; id: string; zone?: string }[] = [];
  const seen = new Map<string, number>();
  for (const unit of manifest.units) {
    const name = unit.indicator;
    if (!name) fail(path, unit.line, 'expected an indicator (11.1.1, 11.2.1, 11.3.1, 11.7.1, 1.4.2, degurba)');
    const definition = findIndicator(name.value);
    if (!definition) fail(path, name.line, `indicator: expected one of ${INDICATORS.map((d) => d.code).join(', ')} (or an alias), found ${describeFound(name.value)}`);
    const variables: [string, string[]][] = [];
    for (const [variable, entry] of Object.entries(unit.each)) variables.push([variable, await expandVariable(variable, entry, root, path)]);
    const featureVariable = Object.entries(unit.each).find(([, e]) => typeof e.value === 'object' && e.value !== null && !Array.isArray(e.value))?.[0];
    for (const row of combine(variables)) {
      const values = { ...row, indicator: definition.code };
      const idText = unit.id ? fillTemplate(unit.id.value, values, path, unit.id.line) : undefined;
      const id = idText ?? (manifest.units.length === 1 && variables.length === 0 ? definition.code : undefined);
      if (id === undefined) fail(path, unit.line, `expected an id${variables.length > 0 ? ` with a template ({${variables[0][0]}}) so that each expanded unit has its own` : ''}`);
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id)) fail(path, unit.id?.line ?? unit.line, `id: expected letters, digits, '.', '_' or '-' (it names the unit's files), found ${describeFound(id)}`);
      const previous = seen.get(id);
      if (previous !== undefined) fail(path, unit.id?.line ?? unit.line, `two units have the id ${describeFound(id)} (also line ${previous}); ids must be unique`);
      seen.set(id, unit.id?.line ?? unit.line);
      rows.push({ unit, definition, values, id, ...(featureVariable !== undefined ? { zone: row[featureVariable] } : {}) });
    }
  }
  const units: PlanUnit[] = [];
  for (const { unit, definition, values, id, zone } of rows) {
    const options = await toUnitOptions(definition, unit, manifest.defaults, values, root, path);
    try {
      resolveOptions(definition, { ...toRunOptions(definition, options, root), quiet: true });
    } catch (error) {
      if (isUserError(error)) fail(path, unit.line, `unit ${id}: ${error.message}`);
      throw error;
    }
    const levels = Object.fromEntries(Object.entries(unit.levels).map(([level, entry]) => [level, fillTemplate(entry.value, values, path, entry.line)]));
    units.push({ id, indicator: definition.code, line: unit.line, options, levels, ...(zone !== undefined ? { zone } : {}) });
  }
  return units;
}

/** The bytes of each plan path, or 0 when it is not a regular file (cost estimate only). */
export function fileBytes(root: string, path: string): number {
  try {
    const info = statSync(resolve(root, path));
    return info.isFile() ? info.size : 0;
  } catch {
    return 0;
  }
}
