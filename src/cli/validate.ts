/**
 * `urban-sdg validate FILE…`: an SDMX-CSV file checked offline against the SDG DSD 1.14 code lists
 * vendored in the package (metadata/sdmx-checks.ts). One line per problem on stdout (file, row,
 * column); exit 2 when any file is invalid. Warnings (an unverified series code) do not fail a file.
 */
import { InputError } from '../errors.js';
import { checkSdmxCsv } from '../metadata/sdmx-checks.js';
import { readWholeText } from '../io/read-text.js';

const MAX_BYTES = 512 * 1024 ** 2;

export async function runValidate(files: readonly string[], writeOut: (text: string) => void): Promise<void> {
  const { parse } = await import('csv-parse/sync');
  let invalid = 0;
  let problemsFound = 0;
  for (const file of files) {
    const text = await readWholeText(file, MAX_BYTES, 'an SDMX-CSV file', 'split it by series');
    let records: string[][];
    try {
      records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    } catch (error) {
      throw new InputError(`${file}: not readable as CSV (${(error as Error).message.slice(0, 120)})`);
    }
    const [header = [], ...rows] = records;
    if (header[0] !== 'DATAFLOW') throw new InputError(`${file}: expected SDMX-CSV (first column DATAFLOW), found ${JSON.stringify((header[0] ?? '').slice(0, 40))}; SDMX-ML and open-sdg files are not validated yet`);
    const problems = checkSdmxCsv(header, rows);
    for (const p of problems) writeOut(`${file} row ${p.row}, column ${p.column}: ${p.warning ? 'warning: ' : ''}${p.message}\n`);
    const errors = problems.filter((p) => !p.warning).length;
    problemsFound += errors;
    if (errors > 0) invalid++;
    else writeOut(`${file}: valid SDMX-CSV for the SDG DSD 1.14 (${rows.length} observations${problems.length > 0 ? `, ${problems.length} warnings` : ''})\n`);
  }
  if (invalid > 0) throw new InputError(`${problemsFound} problems in ${invalid} of ${files.length} files (listed on stdout)`);
}
