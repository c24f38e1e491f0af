/**
 * The library API: `import { indicators, run } from 'urban-sdg'`. A call takes the same options as the
 * command line (camel-case or flag names without dashes) and returns what the CLI writes as JSON.
 * File options take a path or the data itself: a GeoJSON FeatureCollection for zones, points and
 * lines; `{ grid, crs, values, nodata }` for a raster; an array of records for microdata and tables.
 * Side outputs the options name (`serviceAreas`, `classesOut`, …) are written as the CLI writes them.
 */
import { computeIndicator, toInputFiles } from './cli/run-indicator.js';
import { VERSION } from './cli/version.js';
import type { IndicatorOutput } from './core/observation.js';
import { resolveOptions, type AnyIndicator } from './indicators/define.js';
import { listOutputPaths } from './indicators/options.js';
import { findIndicator, INDICATORS } from './indicators/registry.js';
import { checkOutputTargets, writeOutputFiles } from './io/writers/output-files.js';
import { createEnvironmentClock } from './cli/clock.js';
import type { Clock } from './metadata/build.js';
import { UsageError } from './errors.js';

export type { IndicatorOutput, Observation, Provenance } from './core/observation.js';
export type { AnyIndicator as Indicator } from './indicators/define.js';
export { InputError, UsageError, isUserError } from './errors.js';

/** Every subcommand computed from data, in CLI order: code, alias, title, series and option table. */
export const indicators: readonly AnyIndicator[] = INDICATORS;

export interface RunSettings {
  /** Where progress, warnings and `explain` text go (default: nowhere). */
  readonly onMessage?: (text: string) => void;
  /** The run's timestamp source (default: SOURCE_DATE_EPOCH, else no timestamp). */
  readonly clock?: Clock;
}

/**
 * Computes one indicator (`'11.3.1'` or `'land-consumption'`, or a definition from `indicators`).
 * Options are checked before anything is read; a user mistake throws UsageError or InputError.
 */
export async function run(indicator: string | AnyIndicator, options: Readonly<Record<string, unknown>>, settings: RunSettings = {}): Promise<IndicatorOutput | Record<string, unknown>> {
  const definition = typeof indicator === 'string' ? findIndicator(indicator) : indicator;
  if (!definition) throw new UsageError(`unknown indicator ${JSON.stringify(indicator)} (expected one of ${INDICATORS.map((d) => d.code).join(', ')})`);
  const resolved = resolveOptions(definition, options);
  await checkOutputTargets(listOutputPaths(definition.options, resolved), toInputFiles(definition, resolved));
  const result = await computeIndicator(definition, resolved, {
    version: VERSION,
    clock: settings.clock ?? createEnvironmentClock(),
    writeOut: () => undefined,
    writeErr: settings.onMessage ?? (() => undefined),
    interactive: false,
  });
  await writeOutputFiles(result.files, toInputFiles(definition, resolved));
  return result.output;
}
