/** Runs one indicator subcommand: open inputs → compute → wrap with metadata → format → write. */
import type { CommonOptions, IndicatorDefinition } from '../indicators/define.js';
import type { IndicatorOutput } from '../core/observation.js';
import { createFileInputOpener } from '../io/open-inputs.js';
import { formatOutput, writeFileAtomically, type OutputFormat } from '../io/writers/index.js';
import { buildIndicatorMetadata, buildProvenance, type Clock } from '../metadata/build.js';
import { createStderrLog } from './log.js';

export interface RunEnvironment {
  readonly version: string;
  readonly clock: Clock;
  readonly writeOut: (text: string) => void;
  readonly writeErr: (text: string) => void;
  readonly interactive: boolean;
}

/** Computes the indicator's output object (no formatting, no writing). */
export async function computeIndicatorOutput(definition: IndicatorDefinition, options: Record<string, unknown>, env: RunEnvironment): Promise<IndicatorOutput & { readonly text?: string }> {
  const log = createStderrLog({ quiet: Boolean(options.quiet), explain: Boolean(options.explain), interactive: env.interactive, write: env.writeErr });
  const common: CommonOptions = {
    zones: options.zones as string | undefined,
    zoneId: options.zoneId as string | undefined,
    refArea: String(options.refArea),
    timePeriod: options.timePeriod as string | undefined,
    nature: String(options.nature),
    sourceDetail: options.sourceDetail as string | undefined,
    maxCells: Number(options.maxCells ?? Number.POSITIVE_INFINITY),
  };
  const opener = createFileInputOpener({
    rasterCrs: options.rasterCrs as string | undefined,
    zonesCrs: options.zonesCrs as string | undefined,
    zoneId: common.zoneId,
  });
  try {
    const run = await definition.run({ options, common, inputs: opener, log });
    for (const warning of run.warnings) log.warn(warning);
    for (const file of run.files ?? []) await writeFileAtomically(file.path, file.content);
    const parameters = { ...run.parameters, refArea: common.refArea, nature: common.nature, ...(common.timePeriod ? { timePeriod: common.timePeriod } : {}) };
    return {
      ...(run.output !== undefined ? { text: run.output } : {}),
      indicator: definition.code,
      observations: run.observations,
      metadata: buildIndicatorMetadata(definition.code, definition.series, run.observations),
      provenance: buildProvenance(env.version, parameters, await opener.describeInputs(), env.clock),
    };
  } finally {
    await opener.closeAll();
  }
}

export async function runIndicatorCommand(definition: IndicatorDefinition, options: Record<string, unknown>, env: RunEnvironment): Promise<void> {
  const { text: replacement, ...output } = await computeIndicatorOutput(definition, options, env);
  const text = replacement ?? formatOutput(output, options.format as OutputFormat, {
    dataflow: String(options.dataflow),
    refArea: String(options.refArea),
    reportingType: 'N',
    dataLastUpdate: output.provenance.generatedAt,
  });
  const out = options.out as string | undefined;
  if (!out) {
    env.writeOut(text);
    return;
  }
  await writeFileAtomically(out, text);
}
