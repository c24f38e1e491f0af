/** Output formats (CONTRACT §3 `--format`) and the atomic file write (temp file + rename). */
import { rename, unlink, writeFile } from 'node:fs/promises';
import type { IndicatorOutput } from '../../core/observation.js';
import { formatOpenSdgCsv } from './open-sdg.js';
import { formatSdmxCsv, type SdmxOptions } from './sdmx-csv.js';
import { formatTidyCsv } from './tidy-csv.js';

export const OUTPUT_FORMATS = ['json', 'csv', 'sdmx-csv', 'open-sdg'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function formatOutput(output: IndicatorOutput, format: OutputFormat, sdmx: SdmxOptions): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(output, null, 2)}\n`;
    case 'csv':
      return formatTidyCsv(output);
    case 'sdmx-csv':
      return formatSdmxCsv(output, sdmx);
    case 'open-sdg':
      return formatOpenSdgCsv(output);
  }
}

/** Runs `write` on a temporary path beside `path`, then renames: readers never see a half-written file, failures leave none. */
export async function writeAtomically(path: string, write: (temporaryPath: string) => Promise<void>): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    await write(temporary);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

export async function writeFileAtomically(path: string, content: string | Uint8Array): Promise<void> {
  await writeAtomically(path, (temporary) => writeFile(temporary, content));
}
