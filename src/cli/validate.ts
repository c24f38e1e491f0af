/**
 * `urban-sdg validate FILE…`: SDMX-CSV, SDMX-ML 2.1 structure-specific data and open-sdg CSV files
 * checked offline against the SDG DSD 1.14 code lists vendored in the package (metadata/sdmx-checks.ts,
 * metadata/open-sdg-checks.ts). The format is told by the content: `<` starts XML, a first column
 * DATAFLOW is SDMX-CSV, Year is open-sdg. One line per problem on stdout (file, row or line, column);
 * exit 2 when any file is invalid. Warnings (an unverified series code, no headline row) do not fail a file.
 */
import { escapeControls, InputError } from '../errors.js';
import { parseCsvRecords } from '../io/csv-records.js';
import { readSdmxMlRecords } from '../io/sdmx-ml-read.js';
import { readWholeText } from '../io/read-text.js';
import { SDG_CODE_LISTS } from '../metadata/code-lists.js';
import { checkOpenSdgCsv } from '../metadata/open-sdg-checks.js';
import { checkSdmxCsv, type SdmxProblem } from '../metadata/sdmx-checks.js';

const MAX_BYTES = 512 * 1024 ** 2;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

interface Checked {
  readonly format: string;
  readonly observations: number;
  /** Each problem with its place (`row 3, column SEX` or `line 12, attribute SEX`). */
  readonly problems: readonly { place: string; message: string; warning?: boolean }[];
}

async function checkCsv(file: string, text: string): Promise<Checked> {
  const [header = [], ...rows] = await parseCsvRecords(text, file);
  const place = (p: SdmxProblem) => ({ place: `row ${p.row}, column ${p.column}`, message: p.message, ...(p.warning ? { warning: true } : {}) });
  if (header[0] === 'DATAFLOW') return { format: 'SDMX-CSV', observations: rows.length, problems: checkSdmxCsv(header, rows).map(place) };
  if (header[0]?.trim() === 'Year' || header.at(-1)?.trim() === 'Value') return { format: 'open-sdg CSV', observations: rows.length, problems: checkOpenSdgCsv(header, rows).map(place) };
  throw new InputError(`${file}: expected SDMX-CSV (first column DATAFLOW), open-sdg CSV (first column Year, last Value) or SDMX-ML, found ${JSON.stringify((header[0] ?? '').slice(0, 40))}`);
}

function checkSdmxMl(text: string): Checked {
  const { header, rows, lines, problems } = readSdmxMlRecords(text, SDG_CODE_LISTS);
  const structural = problems.map((p) => ({ place: `line ${p.line}, ${p.column === '*' ? 'element' : `attribute ${p.column}`}`, message: p.message }));
  if (structural.length > 0) return { format: 'SDMX-ML', observations: rows.length, problems: structural };
  const found = checkSdmxCsv(header, rows).map((p) => ({
    place: `line ${lines[p.row - 2]?.[p.column] ?? lines[p.row - 2]?.OBS_VALUE ?? 1}, ${p.column === '*' ? 'element' : `attribute ${p.column}`}`,
    message: p.message.replace('(DSD order)', ''),
    ...(p.warning ? { warning: true } : {}),
  }));
  return { format: 'SDMX-ML', observations: rows.length, problems: found };
}

export async function runValidate(files: readonly string[], writeOut: (text: string) => void): Promise<void> {
  let invalid = 0;
  let problemsFound = 0;
  for (const file of files) {
    const text = await readWholeText(file, MAX_BYTES, 'an SDMX-CSV, SDMX-ML or open-sdg file', 'split it by series');
    const checked = text.trimStart().startsWith('<') ? checkSdmxMl(text) : await checkCsv(file, text);
    // Column names and values come from the file: escaped, so that they cannot drive the terminal.
    for (const p of checked.problems) writeOut(`${escapeControls(`${file} ${p.place}: ${p.warning ? 'warning: ' : ''}${p.message}`)}\n`);
    const errors = checked.problems.filter((p) => !p.warning).length;
    const warnings = checked.problems.length - errors;
    problemsFound += errors;
    if (errors > 0) invalid++;
    else writeOut(`${file}: valid ${checked.format} for the SDG DSD 1.14 (${checked.observations} observations${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''})\n`);
  }
  if (invalid > 0) throw new InputError(`${plural(problemsFound, 'problem')} in ${invalid} of ${plural(files.length, 'file')} (listed on stdout)`);
}
