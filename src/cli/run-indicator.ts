/**
 * Runs one resolved indicator: open inputs → compute → wrap with metadata → format → write. The CLI,
 * the demo and the library API all come through `computeIndicator`, so a command line, a manifest row
 * and a library call mean the same thing.
 */
import type { InputSource } from '../core/inputs.js';
import type { IndicatorOutput } from '../core/observation.js';
import { realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { OutputFile } from '../core/output-file.js';
import type { OutputFormat } from '../core/output-formats.js';
import type { AnyIndicator, IndicatorRun } from '../indicators/define.js';
import { listInputPaths, listOutputPaths, toFlag, type OptionValues, type OptionTable } from '../indicators/options.js';
import { toZoneFailureObservations, type ZoneFailure } from '../indicators/observations.js';
import { createFileInputOpener, toRecordedPath, type CrsOverrides, type KnownHashes } from '../io/open-inputs.js';
import { formatGeoJson } from '../io/writers/geojson.js';
import { formatOutput } from '../io/writers/index.js';
import type { BreakdownCodes } from '../io/writers/sdmx-csv.js';
import { listOpenSdgNulls, toOpenSdgFileName } from '../io/writers/open-sdg.js';
import { defaultThreads } from '../io/decode-pool.js';
import { checkOutputTargets, writeOutputFiles } from '../io/writers/output-files.js';
import { buildIndicatorMetadata, buildProvenance, type Clock } from '../metadata/build.js';
import { createStderrLog } from './log.js';
import { assertBreakdownsCoded, readBreakdownCodes, withZoneFields } from './sdmx-codes.js';
import { summariseWarnings } from './warnings.js';

export interface RunEnvironment {
  readonly version: string;
  readonly clock: Clock;
  readonly writeOut: (text: string) => void;
  readonly writeErr: (text: string) => void;
  readonly interactive: boolean;
}

type Resolved = OptionValues<OptionTable>;

/** The options every runner reads, whatever the indicator (each may lack some: degurba has no format). */
function readCommon(options: Resolved) {
  const text = (key: string) => (typeof options[key] === 'string' ? (options[key] as string) : undefined);
  return {
    out: text('out'),
    format: (text('format') ?? 'json') as OutputFormat,
    dataflow: text('dataflow') ?? '',
    refArea: text('refArea') ?? '_Z',
    nature: text('nature'),
    timePeriod: text('timePeriod'),
    zoneId: text('zoneId'),
    geocodeField: text('geocodeField'),
    refAreaField: text('refAreaField'),
    band: typeof options.band === 'number' ? options.band : undefined,
    maxCells: typeof options.maxCells === 'number' ? options.maxCells : undefined,
    threads: typeof options.threads === 'number' ? options.threads : undefined,
    encoding: text('encoding'),
    quiet: options.quiet === true,
    explain: options.explain === true,
    hash: options.hash !== false,
  };
}

/** Each `crs` (or `layer-name`) option of the table sets the CRS (or the layer) of its input; the flag is named in hints. */
function toLayerSettings(definition: AnyIndicator, options: Resolved, kind: 'crs' | 'layer-name'): CrsOverrides {
  const overrides: Record<string, { value?: string; flag: string }> = {};
  for (const [key, spec] of Object.entries(definition.options)) {
    if (spec.kind === kind && spec.layer) overrides[spec.layer] = { value: options[key] as string | undefined, flag: toFlag(key) };
  }
  return overrides;
}

export interface IndicatorResult {
  /** Observations with metadata and provenance, or the subcommand's own document (degurba, `11.7.1 sample`). */
  readonly output: IndicatorOutput | Readonly<Record<string, unknown>>;
  readonly files: readonly OutputFile[];
  readonly run: IndicatorRun;
}

/** The zone attributes a run reports (each zone must carry them), with the option that asks. */
function toZoneFields(common: ReturnType<typeof readCommon>) {
  return [
    ...(common.geocodeField ? [{ field: common.geocodeField, flag: '--geocode-field' }] : []),
    ...(common.refAreaField ? [{ field: common.refAreaField, flag: '--ref-area-field' }] : []),
  ];
}

/** What a batch unit adds to a run: zones set aside or selected, known hashes, where paths are recorded from. */
export interface UnitContext {
  readonly zoneFailures?: ReadonlyMap<string, ZoneFailure>;
  readonly onlyZone?: string;
  readonly hashes?: KnownHashes;
  readonly recordRoot?: string;
  /** Raster decode threads (a batch unit: 1, the batch runs a unit per core). */
  readonly threads?: number;
}

/** Computes a resolved indicator (nothing written). */
export async function computeIndicator(definition: AnyIndicator, options: Resolved, env: RunEnvironment, unit: UnitContext = {}): Promise<IndicatorResult> {
  const common = readCommon(options);
  const log = createStderrLog({ quiet: common.quiet, explain: common.explain, interactive: env.interactive, write: env.writeErr });
  const opener = createFileInputOpener({
    zoneId: common.zoneId, band: common.band, maxCells: common.maxCells, encoding: common.encoding, zoneFields: toZoneFields(common), crs: toLayerSettings(definition, options, 'crs'), layerNames: toLayerSettings(definition, options, 'layer-name'),
    excludeZones: unit.zoneFailures ? new Set(unit.zoneFailures.keys()) : undefined, onlyZone: unit.onlyZone, hashes: unit.hashes, recordRoot: unit.recordRoot, hash: common.hash,
    progress: (label, done, total) => log.progress(label, done, total),
    // Subcommands without --threads (the survey indicators) read no raster: one thread.
    threads: unit.threads ?? common.threads ?? ('threads' in definition.options ? defaultThreads() : 1),
  });
  try {
    const computed = await definition.run(options, { inputs: opener, log });
    const failed = [...(unit.zoneFailures?.values() ?? [])].map((f) => f.reason);
    const run = { ...computed, warnings: [...opener.warnings(), ...computed.warnings, ...failed] };
    for (const line of summariseWarnings(run.warnings)) log.warn(line);
    const parameters = {
      ...run.parameters,
      ...(definition.output === 'observations' ? { refArea: common.refArea, nature: common.nature, ...(common.timePeriod ? { timePeriod: common.timePeriod } : {}) } : {}),
      ...(common.hash ? {} : { inputHashes: 'not computed (--no-hash)' }),
    };
    // Warnings name inputs as the user spelled them; provenance records them as it records paths.
    const spellings = toInputFiles(definition, options).map((given) => [given, toRecordedPath(given, unit.recordRoot)] as const).sort((a, b) => b[0].length - a[0].length);
    const warnings = run.warnings.map((w) => spellings.reduce((text, [given, recorded]) => text.split(given).join(recorded), w));
    const inputs = await opener.describeInputs();
    for (const input of inputs) {
      const http = input.http as { requests: number; bytes: number } | undefined;
      if (http) log.explain(`${input.path}: read by HTTP range requests — ${http.requests} requests, ${(http.bytes / 1024 ** 2).toFixed(2)} MB received`);
    }
    const provenance = { ...buildProvenance(env.version, parameters, inputs, env.clock), ...(warnings.length > 0 ? { warnings } : {}) };
    if (run.document?.kind === 'json') return { output: { ...run.document.value, provenance }, files: run.files ?? [], run };
    // The library returns the FeatureCollection exactly as the file would hold it.
    if (run.document?.kind === 'geojson') return { output: JSON.parse(formatGeoJson(run.document.layer)) as Record<string, unknown>, files: run.files ?? [], run };
    const computedZones = withZoneFields(run.observations, { geocode: common.geocodeField, refArea: common.refAreaField }, (field) => opener.zoneValues(field));
    const observations = unit.zoneFailures ? [...computedZones, ...toZoneFailureObservations(computedZones, unit.zoneFailures)] : computedZones;
    const output: IndicatorOutput = {
      indicator: definition.code,
      observations,
      metadata: buildIndicatorMetadata(definition.code, definition.series, observations),
      provenance,
    };
    return { output, files: run.files ?? [], run };
  } finally {
    await opener.closeAll();
  }
}

/** The main result as text in the chosen format. */
export function formatResult(result: IndicatorResult, options: Resolved, breakdownCodes?: BreakdownCodes): string {
  const common = readCommon(options);
  if (result.run.document?.kind === 'geojson') return formatGeoJson(result.run.document.layer);
  if (result.run.document) return `${JSON.stringify(result.output, null, 2)}\n`;
  const output = result.output as IndicatorOutput;
  const periods = options.sdmxPeriod === 'consecutive' ? 'consecutive' : 'full';
  return formatOutput(output, common.format, { dataflow: common.dataflow, refArea: common.refArea, reportingType: 'N', dataLastUpdate: output.provenance.generatedAt, periods, breakdownCodes }, options.csvSafe === true);
}

/** The files a run reads, Shapefile sidecars included: none may be overwritten by an output. */
export function toInputFiles(definition: AnyIndicator, options: Resolved): string[] {
  return listInputPaths(definition.options, options).flatMap((path) => {
    const shapefile = /^(.*)\.shp$/i.exec(path);
    return shapefile ? [path, ...['shx', 'dbf', 'prj', 'cpg'].flatMap((ext) => [`${shapefile[1]}.${ext}`, `${shapefile[1]}.${ext.toUpperCase()}`])] : [path];
  });
}

/** Computes, then writes every output of the run together (stdout when no --out). */
export async function runIndicatorCommand(definition: AnyIndicator, given: Resolved, env: RunEnvironment): Promise<void> {
  const options = await toOpenSdgTarget(definition, given);
  await checkOutputTargets(listOutputPaths(definition.options, options), toInputFiles(definition, options));
  const codes = await readBreakdownCodes(options.custBreakdownMap as InputSource | undefined, options.compositeBreakdownMap as InputSource | undefined);
  const result = await computeIndicator(definition, options, env);
  if (!result.run.document) assertBreakdownsCoded((result.output as IndicatorOutput).observations, codes);
  const text = formatResult(result, options, codes);
  const common = readCommon(options);
  const nulls = toOpenSdgNulls(result, options, common.out !== undefined && (await isPlainFilePath(common.out)));
  if (nulls.message) createStderrLog({ quiet: common.quiet, explain: false, interactive: false, write: env.writeErr }).warn(nulls.message);
  const out = common.out;
  const files: OutputFile[] = [...result.files, ...(out ? [{ kind: 'text' as const, path: out, content: text }] : []), ...(nulls.file ? [nulls.file] : [])];
  await writeOutputFiles(files, toInputFiles(definition, options));
  if (!out) env.writeOut(text);
}

/** Whether a sidecar may go beside `path`: not a device, FIFO or /dev/stdout (even when that leads to a file). */
async function isPlainFilePath(path: string): Promise<boolean> {
  const folder = await realpath(dirname(resolve(path))).catch(() => dirname(resolve(path)));
  if (/^\/(dev|proc)(\/|$)/.test(folder)) return false;
  const info = await stat(path).catch(() => null);
  return !info || info.isFile();
}

/** `--format open-sdg -o DIR`: the file sdg-build reads, DIR/indicator_11-3-1.csv. */
async function toOpenSdgTarget(definition: AnyIndicator, options: Resolved): Promise<Resolved> {
  const { out, format } = readCommon(options);
  if (format !== 'open-sdg' || !out || !(await stat(out).catch(() => null))?.isDirectory()) return options;
  return { ...options, out: join(out, toOpenSdgFileName(definition.code)) };
}

/**
 * open-sdg draws numbers only: observations without a value are left out of its CSV, said on stderr
 * and listed, with the flags that say why, in `NAME.nulls.json` beside the CSV — written on every run
 * with -o FILE (`[]` when none), so a list from an earlier run never stays behind; sdg-build reads no JSON as data.
 */
function toOpenSdgNulls(result: IndicatorResult, options: Resolved, sidecar: boolean): { message?: string; file?: OutputFile } {
  const { out, format } = readCommon(options);
  if (format !== 'open-sdg' || result.run.document) return {};
  const nulls = listOpenSdgNulls(result.output as IndicatorOutput, options.sdmxPeriod === 'consecutive' ? 'consecutive' : 'full');
  const path = out && sidecar ? `${out.replace(/\.csv$/i, '')}.nulls.json` : undefined;
  const listed = nulls.map((o) => ({ zone: o.zone, series: o.series, timePeriod: o.timePeriod, dimensions: o.dimensions, ...(o.labels ? { labels: o.labels } : {}), flags: o.flags }));
  const file = path ? { kind: 'text' as const, path, content: `${JSON.stringify(listed, null, 2)}\n` } : undefined;
  if (nulls.length === 0) return { file };
  const first = nulls[0];
  const message = `open-sdg: ${nulls.length} observation${nulls.length === 1 ? '' : 's'} without a value left out (first: ${[first.zone, first.series, first.timePeriod].filter(Boolean).join(' ')}: ${first.flags.join(', ') || 'no value'}); ${path ? `listed in ${path}` : 'write with -o FILE to keep the list'}`;
  return { message, file };
}
