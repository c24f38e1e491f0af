/**
 * One batch unit in a worker thread (piscina): resolve its options exactly as the subcommand does,
 * compute, and write the unit's files together (units/ID.json, the unit's --format file, its own
 * outputs under units/ID/). A zone that cannot be computed (invalid polygon, outside the raster) is set
 * aside and becomes a flagged null observation; any other user error fails the unit alone.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { IndicatorOutput } from '../core/observation.js';
import { isUserError, ZoneError } from '../errors.js';
import { resolveOptions } from '../indicators/define.js';
import type { ZoneFailure } from '../indicators/observations.js';
import { toOptionKey } from '../indicators/options.js';
import { findIndicator } from '../indicators/registry.js';
import { toRecordedPath } from '../io/open-inputs.js';
import { writeOutputFiles } from '../io/writers/output-files.js';
import { createEnvironmentClock } from '../cli/clock.js';
import { computeIndicator, formatResult, toInputFiles } from '../cli/run-indicator.js';
import { assertBreakdownsCoded, readBreakdownCodes } from '../cli/sdmx-codes.js';
import type { InputSource } from '../core/inputs.js';
import type { OutputFile } from '../core/output-file.js';

export interface UnitTask {
  readonly id: string;
  readonly indicator: string;
  /** Options with absolute input paths; output options are file names inside the unit's folder. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly onlyZone?: string;
  /** The manifest's folder: provenance records paths relative to it. */
  readonly root: string;
  readonly outDir: string;
  readonly hashes: readonly [string, { sha256: string; bytes: number }][];
  readonly version: string;
}

export type UnitOutcome =
  | { readonly status: 'ok'; readonly sha256: string; readonly zoneFailures: readonly string[] }
  | { readonly status: 'failed'; readonly reason: string; readonly internal: boolean };

/** File extension of each --format in a unit's folder. */
export const FORMAT_EXTENSIONS: Readonly<Record<string, string>> = { json: 'json', csv: 'csv', 'sdmx-csv': 'sdmx.csv', 'sdmx-ml': 'sdmx.xml', 'open-sdg': 'open-sdg.csv' };

export default async function runUnit(task: UnitTask): Promise<UnitOutcome> {
  // Messages name inputs as provenance records them: relative to the manifest's folder.
  let spellings: (readonly [string, string])[] = [[`${task.root}${sep}`, '']];
  const relativise = (text: string) => spellings.reduce((out, [given, recorded]) => out.split(given).join(recorded), text);
  try {
    const definition = findIndicator(task.indicator);
    if (!definition) throw new Error(`unknown indicator ${task.indicator}`);
    const unitDir = join(task.outDir, 'units', task.id);
    const raw: Record<string, unknown> = { ...task.options, quiet: true };
    for (const [name, value] of Object.entries(task.options)) {
      if (definition.options[toOptionKey(name)]?.kind !== 'output' || typeof value !== 'string') continue;
      raw[name] = join(unitDir, value);
      await mkdir(unitDir, { recursive: true });
    }
    const options = resolveOptions(definition, raw);
    spellings = [...toInputFiles(definition, options).map((p) => [p, toRecordedPath(p, task.root)] as const).sort((a, b) => b[0].length - a[0].length), ...spellings];
    const env = { version: task.version, clock: createEnvironmentClock(), writeOut: () => undefined, writeErr: () => undefined, interactive: false };
    const codes = await readBreakdownCodes(options.custBreakdownMap as InputSource | undefined, options.compositeBreakdownMap as InputSource | undefined);
    const zoneFailures = new Map<string, ZoneFailure>();
    const hashes = new Map(task.hashes);
    for (;;) {
      try {
        // One unit per core already: its rasters decode on its own thread.
        const result = await computeIndicator(definition, options, env, { zoneFailures, onlyZone: task.onlyZone, hashes, recordRoot: task.root, threads: 1 });
        const json = formatResult(result, { ...options, format: 'json' });
        const files: OutputFile[] = [...result.files, { kind: 'text', path: join(task.outDir, 'units', `${task.id}.json`), content: json }];
        const format = typeof options.format === 'string' ? options.format : 'json';
        if (format !== 'json' && !result.run.document) {
          assertBreakdownsCoded((result.output as IndicatorOutput).observations, codes);
          files.push({ kind: 'text', path: join(task.outDir, 'units', `${task.id}.${FORMAT_EXTENSIONS[format]}`), content: formatResult(result, options, codes) });
        }
        await writeOutputFiles(files, toInputFiles(definition, options));
        return { status: 'ok', sha256: createHash('sha256').update(json).digest('hex'), zoneFailures: [...zoneFailures.keys()] };
      } catch (error) {
        if (error instanceof ZoneError && !zoneFailures.has(error.zoneId)) {
          zoneFailures.set(error.zoneId, { flag: error.flag, reason: relativise(error.message) });
          continue;
        }
        throw error;
      }
    }
  } catch (error) {
    if (isUserError(error)) return { status: 'failed', reason: relativise(error.message), internal: false };
    return { status: 'failed', reason: `internal error (a bug; please report it): ${(error as Error).stack ?? String(error)}`, internal: true };
  }
}
