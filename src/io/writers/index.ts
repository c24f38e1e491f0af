/** Output formats (CONTRACT §3 `--format`) and the atomic file write (temp file + rename). */
import { rename, unlink, writeFile } from 'node:fs/promises';
import type { IndicatorOutput } from '../../core/observation.js';
import { InputError } from '../../errors.js';
import { formatOpenSdgCsv } from './open-sdg.js';
import { formatSdmxCsv, type SdmxOptions } from './sdmx-csv.js';
import { formatTidyCsv } from './tidy-csv.js';

import type { OutputFormat } from '../../core/output-formats.js';

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

const WRITE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'its folder does not exist', EACCES: 'permission denied', EPERM: 'permission denied', EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder', ENOSPC: 'the disk is full', EROFS: 'read-only file system', EDQUOT: 'disk quota exceeded',
};

/**
 * Runs `write` on a temporary path beside `path`, then renames: readers never see a half-written file,
 * failures leave none. A file-system refusal is the user's to fix: one line naming the file (exit 2).
 */
export async function writeAtomically(path: string, write: (temporaryPath: string) => Promise<void>): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    await write(temporary);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && code in WRITE_PROBLEMS) throw new InputError(`${path}: cannot write the file (${WRITE_PROBLEMS[code]}, ${code})`);
    throw error;
  }
}

export async function writeFileAtomically(path: string, content: string | Uint8Array): Promise<void> {
  await writeAtomically(path, (temporary) => writeFile(temporary, content));
}
