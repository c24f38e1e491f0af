/**
 * What an indicator is, as data: the CLI, help, docs, the batch manifest and the library API are all
 * derived from these definitions. Adding an indicator = one folder + one registry line.
 *
 * A run goes: resolve (typed options, cross-option rules, no I/O) → open inputs → compute →
 * observations (one factory per run: indicators/observations.ts).
 */
import type { GeoJsonOutput } from '../core/geojson-output.js';
import type { InputOpener, RunLog } from '../core/inputs.js';
import type { Observation } from '../core/observation.js';
import type { OutputFile } from '../core/output-file.js';
import { UsageError } from '../errors.js';
import { isKnownCode } from '../metadata/code-lists.js';
import { resolveTable, type OptionTable, type OptionValues } from './options.js';

export interface SeriesSpec {
  readonly code: string;
  readonly description: string;
  /** SDMX UNIT_MEASURE. */
  readonly unit: 'PT' | 'RO' | 'NUMBER';
}

export interface RunContext {
  readonly inputs: InputOpener;
  readonly log: RunLog;
}

export type { OutputFile };

export interface IndicatorRun {
  readonly observations: Observation[];
  readonly files?: readonly OutputFile[];
  /**
   * A document written instead of observations: degurba's summary (JSON, the runner adds provenance)
   * or the circles of `11.7.1 sample` (GeoJSON).
   */
  readonly document?: { readonly kind: 'json'; readonly value: Readonly<Record<string, unknown>> } | { readonly kind: 'geojson'; readonly layer: GeoJsonOutput };
  /** Method choices with defaults resolved, recorded in provenance. */
  readonly parameters: Record<string, unknown>;
  readonly warnings: string[];
}

export interface IndicatorDefinition<O extends OptionTable = OptionTable> {
  readonly code: string;
  /** Alias subcommand, fixtures folder and docs page name. */
  readonly slug: string;
  readonly title: string;
  /** Observations (SDMX series) or a document of its own (degurba). */
  readonly output: 'observations' | 'document';
  readonly series: readonly SeriesSpec[];
  readonly options: O;
  /** Cross-option rules (one of two inputs, years that pair, a year where inputs carry none); no I/O. */
  readonly check?: (options: OptionValues<O>) => void;
  readonly run: (options: OptionValues<O>, context: RunContext) => Promise<IndicatorRun>;
}

/** The registry's view of a definition: options are resolved by the definition's own table. */
export type AnyIndicator = IndicatorDefinition<OptionTable>;

/** Declares an indicator with its option types inferred from its table. */
export function defineIndicator<const O extends OptionTable>(definition: IndicatorDefinition<O>): AnyIndicator {
  return definition as unknown as AnyIndicator;
}

/**
 * Raw option values (from commander, a manifest or a library call) → typed options, defaults
 * applied, ranges and cross-option rules checked — before any file is opened.
 */
export function resolveOptions(definition: AnyIndicator, raw: Readonly<Record<string, unknown>>): OptionValues<OptionTable> {
  const options = resolveTable(definition.options, raw, definition.code);
  // REF_AREA is an M49 area of the SDG code list (CL_AREA); `_Z` (not applicable) is the default.
  const refArea = options.refArea;
  if (typeof refArea === 'string' && refArea !== '_Z' && !isKnownCode('REF_AREA', refArea)) {
    throw new UsageError(`--ref-area: expected an M49 area code of the SDG code list (e.g. 404 for Kenya, 1 for World), found ${JSON.stringify(refArea.slice(0, 20))}`);
  }
  // Zone attributes are read from the zone polygons: a population table or degurba zones have none.
  for (const [key, flag] of [['geocodeField', '--geocode-field'], ['refAreaField', '--ref-area-field']] as const) {
    if (options[key] !== undefined && options.zones === undefined) throw new UsageError(`${flag}: reads an attribute of the --zones polygons, and no --zones is given`);
  }
  definition.check?.(options);
  return options;
}

/** Requires `--time-period` where the inputs carry no year. */
export function requireTimePeriod(timePeriod: string | undefined, what: string): void {
  if (timePeriod === undefined) throw new UsageError(`--time-period: expected the reference year of ${what} (e.g. --time-period 2023); the inputs carry none`);
  if (!/^\d{4}(-\d{4})?$/.test(timePeriod)) throw new UsageError(`--time-period: expected a year (2023) or a period (2020-2023), found ${JSON.stringify(timePeriod)}`);
}

/** An option that `check` has already required. */
export function given<T>(value: T | undefined, flag: string): T {
  if (value === undefined) throw new UsageError(`${flag}: expected a value`);
  return value;
}
