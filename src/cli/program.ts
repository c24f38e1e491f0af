/**
 * The commander program, built from the indicator registry (STYLE §1): one subcommand per indicator
 * with its alias, options from the declared specs. Parsing is testable without running anything.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { IndicatorDefinition, OptionSpec } from '../indicators/define.js';
import { DEGURBA_OPTIONS } from '../indicators/degurba/index.js';
import { INDICATORS } from '../indicators/registry.js';
import { UsageError } from '../errors.js';
import { GEOSPATIAL_OPTIONS, OUTPUT_OPTIONS } from './common-options.js';

export type Action = (definition: IndicatorDefinition, options: Record<string, unknown>) => Promise<void>;

const NUMBER_RANGES: Record<'number' | 'positive-number' | 'non-negative-number', [(n: number) => boolean, string]> = {
  number: [() => true, 'a number'],
  'positive-number': [(n) => n > 0, 'a number > 0'],
  'non-negative-number': [(n) => n >= 0, 'a number ≥ 0'],
};

function toOption(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.description);
  if (spec.choices) option.choices(spec.choices);
  if (spec.defaultValue !== undefined) option.default(spec.defaultValue);
  const flag = spec.flags.split(/[ ,]+/).find((f) => f.startsWith('--')) ?? spec.flags;
  if (spec.repeatable) {
    option.argParser((value: string, previous: unknown) => [...((previous as string[] | undefined) ?? []), value]);
  } else if (spec.type === 'number' || spec.type === 'positive-number' || spec.type === 'non-negative-number') {
    const [accepts, expected] = NUMBER_RANGES[spec.type];
    option.argParser((value: string) => {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n) || !accepts(n)) throw new InvalidArgumentError(`${flag}: expected ${expected}, found ${JSON.stringify(value)}`);
      return n;
    });
  } else if (spec.type === 'positive-integer') {
    option.argParser((value: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag}: expected a positive whole number, found ${JSON.stringify(value)}`);
      return n;
    });
  }
  return option;
}

export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
  outputError(text: string, write: (text: string) => void): void;
}

export function buildProgram(version: string, output: ProgramOutput, runIndicator: Action, runDegurba: (options: Record<string, unknown>) => Promise<void>, runDemo: () => Promise<void>): Command {
  const program = new Command('urban-sdg')
    .configureOutput(output)
    .description('Urban SDG indicators from geospatial and survey data, by the UN method (11.1.1, 11.2.1, 11.3.1, 11.7.1, 1.4.2)')
    .version(version)
    .exitOverride();
  for (const definition of INDICATORS) {
    const command = program.command(definition.code).alias(definition.slug).description(definition.title).exitOverride();
    const specs = [...definition.options, ...(definition.geospatial ? GEOSPATIAL_OPTIONS : []), ...OUTPUT_OPTIONS];
    for (const spec of specs) command.addOption(toOption(spec));
    if (definition.mode) command.argument(`[${definition.mode.name}]`, `${definition.mode.description} (${definition.mode.choices.join(', ')})`);
    command.action(async (...args: unknown[]) => {
      const mode = definition.mode ? (args[0] as string | undefined) : undefined;
      const options = (definition.mode ? args[1] : args[0]) as Record<string, unknown>;
      if (mode !== undefined && !definition.mode?.choices.includes(mode)) throw new UsageError(`${definition.code}: unknown mode ${JSON.stringify(mode)} (expected ${definition.mode?.choices.join(' or ')})`);
      await runIndicator(definition, mode === undefined ? options : { ...options, mode });
    });
  }
  const degurba = program
    .command('degurba')
    .description('Degree of Urbanisation grid classification: urban centres, urban clusters, rural and water cells; writes a class raster and polygons usable as --zones')
    .exitOverride();
  const degurbaShared = new Set(['--zone-id <FIELD>', '--zones-crs <CRS>', '--raster-crs <CRS>', '--max-cells <N>', '-o, --out <FILE>', '--explain', '--quiet']);
  for (const spec of [...DEGURBA_OPTIONS, ...[...GEOSPATIAL_OPTIONS, ...OUTPUT_OPTIONS].filter((s) => degurbaShared.has(s.flags))]) degurba.addOption(toOption(spec));
  degurba.action(async (options: Record<string, unknown>) => runDegurba(options));
  program
    .command('demo')
    .description('compute the indicators for the bundled demo city (fixtures/demo-city) and print a readable summary')
    .exitOverride()
    .action(runDemo);
  return program;
}
