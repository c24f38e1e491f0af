/**
 * The commander program, built from the indicator registry: one subcommand per definition with its
 * alias, flags and help derived from the option tables. Commander only collects strings; values are
 * checked by `resolveOptions`, so a command line and a batch manifest are checked by the same code.
 */
import type * as Commander from 'commander';
import { requireCommonJs } from '../core/require-commonjs.js';
import type { AnyIndicator } from '../indicators/define.js';
import { choice, describeOption, flag, number, output, text, toFlagSyntax, type OptionSpec, type OptionTable } from '../indicators/options.js';
import { INDICATORS } from '../indicators/registry.js';

const commander = requireCommonJs('commander') as typeof import('commander');

export type Action = (definition: AnyIndicator, raw: Record<string, unknown>) => Promise<void>;

function toOption(key: string, spec: OptionSpec): Commander.Option {
  const option = new commander.Option(toFlagSyntax(key, spec), describeOption(spec));
  if (spec.repeatable) option.argParser((value: string, previous: unknown) => [...(Array.isArray(previous) ? previous : []), value]);
  return option;
}

export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
  outputError(text: string, write: (text: string) => void): void;
}

/** What each subcommand does once commander has collected its strings. */
export interface ProgramActions {
  readonly indicator: Action;
  readonly demo: () => Promise<void>;
  readonly validate: (files: string[]) => Promise<void>;
  readonly batch: (manifest: string, raw: Record<string, unknown>) => Promise<void>;
  readonly merge: (shards: string[], raw: Record<string, unknown>) => Promise<void>;
  readonly report: (results: string[], raw: Record<string, unknown>) => Promise<void>;
  readonly learn: (indicator: string | undefined, raw: Record<string, unknown>) => Promise<void>;
}

/** Options of `batch` and `merge`, typed and checked like an indicator's. */
export const BATCH_OPTIONS = {
  out: output({ help: 'folder for the units (units/ID.json), the combined files per indicator and format (results/), aggregates, failures and summary', short: 'o', placeholder: 'DIR' }),
  plan: flag({ help: 'list every expanded unit (id, indicator, manifest line, cost, shard) with the command line it means, and compute nothing' }),
  jobs: number({ help: 'units computed at once, each in a worker thread (default: the number of cores)', integer: true, min: 1, max: 1024, placeholder: 'N' }),
  shard: text({ help: 'compute one shard of the plan: I/N (0-based), or auto from the array job\'s environment (Slurm, AWS Batch, Cloud Run, Kubernetes Indexed Job)', placeholder: 'I/N|auto' }),
  shards: number({ help: 'shard count for --shard auto where the engine sets none (Kubernetes JOB_COMPLETION_INDEX)', integer: true, min: 1, placeholder: 'N' }),
  workerMemory: number({ help: 'heap limit of each worker thread; a unit above it fails alone', integer: true, min: 64, placeholder: 'MB', unit: 'MB' }),
  quiet: flag({ help: 'no progress on stderr (failures and errors still print)' }),
} as const;

export const MERGE_OPTIONS = {
  out: output({ help: 'folder for the merged result: the same files as one unsharded batch --out DIR', short: 'o', placeholder: 'DIR' }),
  quiet: BATCH_OPTIONS.quiet,
} as const;

export const REPORT_OPTIONS = {
  out: output({ help: 'the report to write: one self-contained .html file (no network), or a .pdf with --format pdf', short: 'o', placeholder: 'FILE' }),
  format: choice(['html', 'pdf'], { help: 'html, or pdf printed by a local Chromium (URBAN_SDG_CHROMIUM or chromium on the PATH)', default: 'html', placeholder: 'format' }),
  inputsDir: text({ help: 'folder the results\' input paths are relative to (the folder the run or the batch manifest was in); default: each result\'s folder, then the working directory', placeholder: 'DIR' }),
  title: text({ help: 'the report\'s title (default: the indicators it holds)', placeholder: 'TEXT' }),
  quiet: flag({ help: 'no progress on stderr (errors still print)' }),
} as const;

export const LEARN_OPTIONS = {
  lang: choice(['en', 'fr', 'es'], { help: 'language of the walk-through (UN working languages of the courses)', default: 'en', placeholder: 'lang' }),
} as const;

function addOptions(command: Commander.Command, table: OptionTable): void {
  for (const [key, spec] of Object.entries(table)) command.addOption(toOption(key, spec));
}

export function buildProgram(version: string, output: ProgramOutput, actions: ProgramActions): Commander.Command {
  const program = new commander.Command('urban-sdg')
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
      await actions.indicator(definition, raw);
    });
  }
  program
    .command('demo')
    .description('compute the indicators for the bundled demo city (fixtures/demo-city) and print a readable summary')
    .exitOverride()
    .action(actions.demo);
  program
    .command('validate')
    .description('check SDMX-CSV, SDMX-ML and open-sdg CSV files offline against the SDG DSD 1.14 code lists and sdg-build\'s rules (columns, codes, mandatory attributes, unique keys)')
    .argument('<FILE...>', 'SDMX-CSV, SDMX-ML (structure-specific) or open-sdg CSV files')
    .exitOverride()
    .action(actions.validate);
  const batch = program
    .command('batch')
    .description('many units (city × indicator × period) from a manifest (JSON, YAML or CSV), in parallel worker threads, resumable, with combined files and national/regional aggregates; exit 3 when some units failed (docs/batch.md)')
    .argument('<MANIFEST>', 'the manifest: defaults, units (indicator, options, each, levels), aggregate levels')
    .exitOverride()
    .action((manifest: string, raw: Record<string, unknown>) => actions.batch(manifest, raw));
  addOptions(batch, BATCH_OPTIONS);
  const merge = program
    .command('merge')
    .description('combine the folders of batch --shard runs into exactly what one unsharded run writes')
    .argument('<SHARD_DIR...>', 'the --out folders of every shard of one plan')
    .exitOverride()
    .action((shards: string[], raw: Record<string, unknown>) => actions.merge(shards, raw));
  addOptions(merge, MERGE_OPTIONS);
  const report = program
    .command('report')
    .description('a self-contained HTML report (or PDF) with maps, charts, tables, the UN metadata concepts and provenance, from result files (--format json) and batch folders (docs/report.md)')
    .argument('<RESULTS...>', 'JSON results of any subcommand, or batch --out folders')
    .exitOverride()
    .action((results: string[], raw: Record<string, unknown>) => actions.report(results, raw));
  addOptions(report, REPORT_OPTIONS);
  const learn = program
    .command('learn')
    .description('walk through the UN-Habitat module of an indicator step by step on the bundled demo city, with its numbers (no INDICATOR: the list)')
    .argument('[INDICATOR]', 'one of 11.1.1, 11.2.1, 11.3.1, 11.7.1, 1.4.2, degurba')
    .exitOverride()
    .action((indicator: string | undefined, raw: Record<string, unknown>) => actions.learn(indicator, raw));
  addOptions(learn, LEARN_OPTIONS);
  return program;
}
