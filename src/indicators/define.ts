/**
 * What an indicator is, as data: the CLI, help, docs and metadata are all derived from these
 * definitions (STYLE §2.1). Adding an indicator = one folder + one registry line.
 */
import type { InputOpener, RunLog } from '../core/inputs.js';
import type { Observation } from '../core/observation.js';

/** One command-line option, declared once; commander flags, help and validation come from it. */
export interface OptionSpec {
  /** Commander flags, e.g. `--built <YEAR=FILE>`. */
  readonly flags: string;
  /** Help text, with units and what the default means. */
  readonly description: string;
  readonly defaultValue?: string | number | boolean;
  readonly choices?: readonly string[];
  /** May be given several times; values collect into an array. */
  readonly repeatable?: boolean;
  /** Value type checked before the indicator runs (distances, spacings and widths must be positive). */
  readonly type?: 'string' | 'number' | 'positive-number' | 'non-negative-number' | 'positive-integer';
}

export interface SeriesSpec {
  readonly code: string;
  readonly description: string;
  /** SDMX UNIT_MEASURE. */
  readonly unit: 'PT' | 'RO' | 'NUMBER';
}

/** Options every indicator receives after parsing (CONTRACT §3). */
export interface CommonOptions {
  readonly zones?: string;
  readonly zoneId?: string;
  readonly refArea: string;
  readonly timePeriod?: string;
  readonly nature: string;
  readonly sourceDetail?: string;
  readonly maxCells: number;
}

export interface RunContext {
  /** Indicator-specific options by camel-cased long flag (e.g. `builtUnit`). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly common: CommonOptions;
  readonly inputs: InputOpener;
  readonly log: RunLog;
}

/** A file an indicator asks the runner to write (atomically), e.g. a service-area map. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

export interface IndicatorRun {
  readonly observations: Observation[];
  readonly files?: readonly OutputFile[];
  /** Text that replaces the formatted observations on stdout / --out (e.g. the circles of `11.7.1 sample`). */
  readonly output?: string;
  /** Method choices with defaults resolved (METHODS §2.1), recorded in provenance. */
  readonly parameters: Record<string, unknown>;
  readonly warnings: string[];
}

export interface IndicatorDefinition {
  readonly code: string;
  /** Alias subcommand, fixtures folder and docs page name. */
  readonly slug: string;
  readonly title: string;
  readonly geospatial: boolean;
  readonly series: readonly SeriesSpec[];
  readonly options: readonly OptionSpec[];
  readonly run: (context: RunContext) => Promise<IndicatorRun>;
  /** An optional positional argument (e.g. `11.7.1 sample`), passed to `run` as `options.mode`. */
  readonly mode?: { readonly name: string; readonly description: string; readonly choices: readonly string[] };
}
