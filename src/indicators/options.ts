/**
 * Options as typed data (idea: vitest's cli-config table). Each option is declared once, keyed by its
 * camel-cased long name; the flag (`--built-unit`), the commander option, the help text with its unit,
 * choices and default, the value check and the flag named in error hints all derive from that entry.
 * `resolveOptions` turns raw values — from commander, a batch manifest or a library call — into one
 * typed object before any file is opened.
 */
import { findClosestName } from '../core/closest-name.js';
import type { InputSource } from '../core/inputs.js';
import { UsageError } from '../errors.js';

export type OptionKind = 'file' | 'files' | 'year-files' | 'group-files' | 'output' | 'choice' | 'number' | 'boolean' | 'text' | 'texts' | 'crs' | 'layer-name';

export interface OptionSpec<T = unknown> {
  readonly kind: OptionKind;
  /** Help text: what the value means (units and defaults are appended from the fields below). */
  readonly help: string;
  /** The value's name in `--help` (`FILE`, `YEAR=FILE`, `m`). */
  readonly placeholder: string;
  readonly short?: string;
  readonly repeatable: boolean;
  /** A boolean declared as `--no-<name>`: true unless given. */
  readonly negate?: boolean;
  readonly choices?: readonly string[];
  /** The default as shown in help and docs (absent: no default). */
  readonly defaultValue?: string | number | boolean;
  /** Unit of a number (`m`, `persons per km²`), shown in help. */
  readonly unit?: string;
  /** For a `crs` or `layer-name` option: the input layer (role) whose CRS or layer it declares. */
  readonly layer?: string;
  /** A positional argument (e.g. `11.7.1 sample`) rather than a flag. */
  readonly positional?: boolean;
  /** Checks and converts a raw value (undefined when not given); throws UsageError naming `flag`. */
  readonly parse: (raw: unknown, flag: string) => T;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** The typed object `resolveOptions` returns for a table. */
export type OptionValues<T extends OptionTable> = { readonly [K in keyof T]: T[K] extends OptionSpec<infer V> ? V : never };

export interface YearSource {
  readonly year: number;
  readonly source: InputSource;
}

export interface GroupSource {
  readonly dimension: string;
  readonly code: string;
  readonly source: InputSource;
}

/** `builtUnit` → `--built-unit`. */
export function toFlag(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** `built-unit` or `builtUnit` → `builtUnit`. */
export function toOptionKey(name: string): string {
  return name.replace(/^-+/, '').replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function found(raw: unknown): string {
  if (raw === undefined) return 'nothing';
  if (typeof raw === 'string') return raw === '' ? 'an empty value' : JSON.stringify(raw.length > 80 ? `${raw.slice(0, 77)}…` : raw);
  if (Array.isArray(raw)) return `a list of ${raw.length}`;
  return typeof raw === 'object' && raw !== null ? 'an object' : String(raw);
}

function last(raw: unknown): unknown {
  // commander collects repeated flags of single-valued options as the last one; a manifest may not.
  return Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
}

function toText(raw: unknown, flag: string): string {
  const value = last(raw);
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new UsageError(`${flag}: expected a value, found ${found(value)}`);
}

function toList(raw: unknown): unknown[] {
  if (raw === undefined) return [];
  return Array.isArray(raw) ? raw : [raw];
}

interface Common<D> {
  readonly help: string;
  readonly placeholder?: string;
  readonly short?: string;
  readonly default?: D;
}

function spec<T>(fields: Omit<OptionSpec<T>, 'repeatable'> & { repeatable?: boolean }): OptionSpec<T> {
  return { repeatable: false, ...fields };
}

/** A free text value (an id, a field name, a code). */
export function text(o: Common<string> & { default: string }): OptionSpec<string>;
export function text(o: Common<string>): OptionSpec<string | undefined>;
export function text(o: Common<string>): OptionSpec<string | undefined> {
  return spec({ kind: 'text', help: o.help, placeholder: o.placeholder ?? 'VALUE', short: o.short, defaultValue: o.default, parse: (raw, flag) => (raw === undefined ? o.default : toText(raw, flag)) });
}

/** A repeatable text value (`--by region --by quintile`). */
export function texts(o: Common<never>): OptionSpec<readonly string[]> {
  return spec({ kind: 'texts', help: o.help, placeholder: o.placeholder ?? 'VALUE', repeatable: true, parse: (raw, flag) => toList(raw).map((v) => toText(v, flag)) });
}

/** A CRS for one input layer that declares none (or a wrong one): EPSG/ESRI code, WKT or PROJ string. */
export function crs(layer: string, help: string): OptionSpec<string | undefined> {
  return spec({ kind: 'crs', help, placeholder: 'CRS', layer, parse: (raw, flag) => (raw === undefined ? undefined : toText(raw, flag)) });
}

/** Which layer to read from an input file that holds several (a GeoPackage). */
export function layerName(layer: string, help: string): OptionSpec<string | undefined> {
  return spec({ kind: 'layer-name', help, placeholder: 'NAME', layer, parse: (raw, flag) => (raw === undefined ? undefined : toText(raw, flag)) });
}

function toSource(raw: unknown, flag: string): InputSource {
  const value = last(raw);
  if (typeof value === 'string' && value.trim() !== '') return value;
  // A library caller may hand the data itself (GeoJSON object, raster, records) instead of a path.
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as InputSource;
  if (Array.isArray(value) && value.length > 0 && typeof value[0] === 'object') return value as InputSource;
  throw new UsageError(`${flag}: expected a file path, found ${found(value)}`);
}

/** An input file (or, from the library, the data itself). */
export function file(o: Common<never> & { required: true }): OptionSpec<InputSource>;
export function file(o: Common<never>): OptionSpec<InputSource | undefined>;
export function file(o: Common<never> & { required?: boolean }): OptionSpec<InputSource | undefined> {
  return spec({
    kind: 'file', help: o.help, placeholder: o.placeholder ?? 'FILE', short: o.short,
    parse: (raw, flag) => {
      if (raw !== undefined) return toSource(raw, flag);
      if (o.required) throw new UsageError(`${flag}: expected ${o.help}`);
      return undefined;
    },
  });
}

/** A repeatable input file (`--gtfs a.zip --gtfs b.zip`). */
export function files(o: Common<never>): OptionSpec<readonly InputSource[]> {
  return spec({ kind: 'files', help: o.help, placeholder: o.placeholder ?? 'FILE', repeatable: true, parse: (raw, flag) => toList(raw).map((v) => toSource(v, flag)) });
}

/** An output file the run writes besides the main result. */
export function output(o: Common<never>): OptionSpec<string | undefined> {
  return spec({ kind: 'output', help: o.help, placeholder: o.placeholder ?? 'FILE', short: o.short, parse: (raw, flag) => (raw === undefined ? undefined : toText(raw, flag)) });
}

/** Repeated `YEAR=FILE` (or, from a manifest or the library, `{ "2000": FILE }`), sorted by year. */
export function yearFiles(o: Common<never>): OptionSpec<readonly YearSource[]> {
  return spec({
    kind: 'year-files', help: o.help, placeholder: o.placeholder ?? 'YEAR=FILE', repeatable: true,
    parse: (raw, flag) => {
      const entries: [string, unknown][] = typeof raw === 'object' && raw !== null && !Array.isArray(raw)
        ? Object.entries(raw)
        : toList(raw).map((value) => {
          const match = typeof value === 'string' ? /^(\d{4})=(.+)$/.exec(value) : null;
          if (!match) throw new UsageError(`${flag}: expected YEAR=FILE (e.g. ${flag} 2000=built_2000.tif), found ${found(value)}`);
          return [match[1], match[2]];
        });
      const seen = new Set<number>();
      return entries.map(([key, value]) => {
        const year = Number(key);
        if (!/^\d{4}$/.test(key)) throw new UsageError(`${flag}: expected a four-digit year, found ${found(key)}`);
        if (seen.has(year)) throw new UsageError(`${flag}: year ${year} given twice`);
        seen.add(year);
        return { year, source: toSource(value, flag) };
      }).sort((a, b) => a.year - b.year);
    },
  });
}

/** Repeated `DIM=CODE=FILE`: the population of one group (SDMX dimension and code), e.g. `SEX=F=female.tif`. */
export function groupFiles(o: Common<never>): OptionSpec<readonly GroupSource[]> {
  return spec({
    kind: 'group-files', help: o.help, placeholder: o.placeholder ?? 'DIM=CODE=FILE', repeatable: true,
    parse: (raw, flag) => {
      const seen = new Set<string>();
      return toList(raw).map((value) => {
        const match = typeof value === 'string' ? /^([A-Z_]+)=([A-Za-z0-9_]+)=(.+)$/.exec(value) : null;
        if (!match) throw new UsageError(`${flag}: expected DIM=CODE=FILE with an SDMX dimension and code (e.g. SEX=F=female.tif, AGE=Y_GE65=over65.tif), found ${found(value)}`);
        const key = `${match[1]}=${match[2]}`;
        if (seen.has(key)) throw new UsageError(`${flag}: group ${key} given twice`);
        seen.add(key);
        return { dimension: match[1], code: match[2], source: match[3] };
      });
    },
  });
}

/** One of a fixed list of words. */
export function choice<const C extends readonly string[]>(choices: C, o: Common<C[number]> & { default: C[number] }): OptionSpec<C[number]>;
export function choice<const C extends readonly string[]>(choices: C, o: Common<C[number]>): OptionSpec<C[number] | undefined>;
export function choice<const C extends readonly string[]>(choices: C, o: Common<C[number]>): OptionSpec<C[number] | undefined> {
  return spec({
    kind: 'choice', help: o.help, placeholder: o.placeholder ?? choices.join('|'), choices, defaultValue: o.default,
    parse: (raw, flag) => {
      if (raw === undefined) return o.default;
      const value = last(raw);
      const match = choices.find((c) => c === String(value));
      if (match === undefined) throw new UsageError(`${flag}: expected one of ${choices.join(', ')}, found ${found(value)}`);
      return match;
    },
  });
}

/** A positional word after the subcommand (`11.7.1 sample`). */
export function mode<const C extends readonly string[]>(choices: C, help: string): OptionSpec<C[number] | undefined> {
  return { ...choice(choices, { help, placeholder: 'mode' }), positional: true };
}

interface NumberRange {
  /** Inclusive lower bound. */
  readonly min?: number;
  /** Exclusive lower bound (distances, spacings, widths must be > 0). */
  readonly above?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly unit?: string;
}

function describeRange(r: NumberRange): string {
  const kind = r.integer ? 'a whole number' : 'a number';
  const parts = [r.above !== undefined ? `> ${r.above}` : '', r.min !== undefined ? `≥ ${r.min}` : '', r.max !== undefined ? `≤ ${r.max}` : ''].filter(Boolean);
  return parts.length ? `${kind} ${parts.join(' and ')}` : kind;
}

/** A number, checked against its range. */
export function number(o: Common<number> & NumberRange & { default: number }): OptionSpec<number>;
export function number(o: Common<number> & NumberRange): OptionSpec<number | undefined>;
export function number(o: Common<number> & NumberRange): OptionSpec<number | undefined> {
  return spec({
    kind: 'number', help: o.help, placeholder: o.placeholder ?? (o.integer ? 'N' : 'n'), defaultValue: o.default, unit: o.unit,
    parse: (raw, flag) => {
      if (raw === undefined) return o.default;
      const value = last(raw);
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      const ok = Number.isFinite(n) && (!o.integer || Number.isInteger(n)) && (o.min === undefined || n >= o.min) && (o.above === undefined || n > o.above) && (o.max === undefined || n <= o.max);
      if (!ok) throw new UsageError(`${flag}: expected ${describeRange(o)}, found ${found(value)}`);
      return n;
    },
  });
}

/** A switch; `negate` declares it as `--no-<name>` (true unless given). */
export function flag(o: { help: string; negate?: boolean }): OptionSpec<boolean> {
  return spec({
    kind: 'boolean', help: o.help, placeholder: '', negate: o.negate,
    parse: (raw, name) => {
      const value = last(raw);
      if (value === undefined) return Boolean(o.negate);
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw new UsageError(`${name}: expected true or false, found ${found(value)}`);
    },
  });
}

/** The help line: text, unit, choices and default, as `--help` and the docs show it. */
export function describeOption(spec: OptionSpec): string {
  const extras = [
    spec.unit ? `unit: ${spec.unit}` : '',
    spec.choices && !spec.positional ? `choices: ${spec.choices.join(', ')}` : '',
    spec.defaultValue !== undefined ? `default: ${JSON.stringify(spec.defaultValue)}` : '',
    spec.repeatable ? 'repeatable' : '',
  ].filter(Boolean);
  return extras.length ? `${spec.help} (${extras.join('; ')})` : spec.help;
}

/** The flag a user types for `key`, with its value placeholder: `--built <YEAR=FILE>`. */
export function toFlagSyntax(key: string, spec: OptionSpec): string {
  const long = spec.negate ? `--no-${toFlag(key).slice(2)}` : toFlag(key);
  const short = spec.short ? `-${spec.short}, ` : '';
  return spec.kind === 'boolean' ? `${short}${long}` : `${short}${long} <${spec.placeholder}>`;
}

function suggest(name: string, keys: readonly string[]): string {
  const closest = findClosestName(name, keys);
  return closest === null ? '' : ` (did you mean ${toFlag(closest)}?)`;
}

/**
 * Raw values (keys as camel-case or as flag names without dashes) → the typed options of `table`.
 * Unknown keys, bad values and out-of-range numbers are UsageErrors naming the flag; nothing is read.
 */
export function resolveTable<T extends OptionTable>(table: T, raw: Readonly<Record<string, unknown>>, where: string): OptionValues<T> {
  const given = new Map<string, unknown>();
  for (const [name, value] of Object.entries(raw)) {
    const key = toOptionKey(name);
    if (!(key in table)) throw new UsageError(`${where}: unknown option ${toFlag(key)}${suggest(key, Object.keys(table))}`);
    if (value !== undefined) given.set(key, value);
  }
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(table)) out[key] = spec.parse(given.get(key), spec.positional ? key : toFlag(key));
  return out as OptionValues<T>;
}

/** The paths of every input a resolved table names (files in memory have none). */
export function listInputPaths(table: OptionTable, options: Readonly<Record<string, unknown>>): string[] {
  const paths: string[] = [];
  for (const [key, spec] of Object.entries(table)) {
    const value = options[key];
    if (spec.kind === 'file' && typeof value === 'string') paths.push(value);
    if (spec.kind === 'files' && Array.isArray(value)) paths.push(...value.filter((v): v is string => typeof v === 'string'));
    if ((spec.kind === 'year-files' || spec.kind === 'group-files') && Array.isArray(value)) {
      for (const entry of value as { source: InputSource }[]) if (typeof entry.source === 'string') paths.push(entry.source);
    }
  }
  return paths;
}

/** The paths of every output a resolved table names (`--out`, `--classes-out`, `--service-areas`, …). */
export function listOutputPaths(table: OptionTable, options: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(table).flatMap(([key, spec]) => (spec.kind === 'output' && typeof options[key] === 'string' ? [options[key] as string] : []));
}
