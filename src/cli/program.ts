/**
 * The commander program, built from the indicator registry: one subcommand per definition with its
 * alias, flags and help derived from the option tables. Commander only collects strings; values are
 * checked by `resolveOptions`, so a command line and a batch manifest are checked by the same code.
 */
import { Command, Option } from 'commander';
import type { AnyIndicator } from '../indicators/define.js';
import { describeOption, toFlagSyntax, type OptionSpec } from '../indicators/options.js';
import { INDICATORS } from '../indicators/registry.js';

export type Action = (definition: AnyIndicator, raw: Record<string, unknown>) => Promise<void>;

function toOption(key: string, spec: OptionSpec): Option {
  const option = new Option(toFlagSyntax(key, spec), describeOption(spec));
  if (spec.repeatable) option.argParser((value: string, previous: unknown) => [...(Array.isArray(previous) ? previous : []), value]);
  return option;
}

export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
  outputError(text: string, write: (text: string) => void): void;
}

export function buildProgram(version: string, output: ProgramOutput, runIndicator: Action, runDemo: () => Promise<void>, runValidate: (files: string[]) => Promise<void>): Command {
  const program = new Command('urban-sdg')
    .configureOutput(output)
    .description('Urban SDG indicators from geospatial and survey data, by the UN method (11.1.1, 11.2.1, 11.3.1, 11.7.1, 1.4.2) and the Degree of Urbanisation')
    .version(version)
    .exitOverride();
  for (const definition of INDICATORS) {
    const command = program.command(definition.code).description(definition.title).exitOverride();
    if (definition.slug !== definition.code) command.alias(definition.slug);
    const entries = Object.entries(definition.options);
    const positional = entries.find(([, spec]) => spec.positional);
    if (positional) command.argument(`[${positional[0]}]`, `${positional[1].help} (${positional[1].choices?.join(', ')})`);
    for (const [key, spec] of entries) if (!spec.positional) command.addOption(toOption(key, spec));
    command.action(async (...args: unknown[]) => {
      const flags = (positional ? args[1] : args[0]) as Record<string, unknown>;
      const raw = positional && args[0] !== undefined ? { ...flags, [positional[0]]: args[0] } : flags;
      await runIndicator(definition, raw);
    });
  }
  program
    .command('demo')
    .description('compute the indicators for the bundled demo city (fixtures/demo-city) and print a readable summary')
    .exitOverride()
    .action(runDemo);
  program
    .command('validate')
    .description('check SDMX-CSV, SDMX-ML and open-sdg CSV files offline against the SDG DSD 1.14 code lists and sdg-build\'s rules (columns, codes, mandatory attributes, unique keys)')
    .argument('<FILE...>', 'SDMX-CSV, SDMX-ML (structure-specific) or open-sdg CSV files')
    .exitOverride()
    .action(runValidate);
  return program;
}
