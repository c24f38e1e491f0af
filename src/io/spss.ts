/**
 * SPSS `.sav` survey files (MICS distributes `hh.sav`, `hl.sav`; DHS ships .sav beside .dta), read
 * with the `sav-reader` package, row by row: only the requested columns are kept, in the same column
 * form as the CSV and Stata readers. System-missing values and each variable's declared user-missing
 * values (discrete or a range) are missing, as SPSS and R haven treat them. Value labels come along.
 * ZLIB-compressed files (`.zsav`) are not read by sav-reader and are refused with the way out.
 */
import { createRequire } from 'node:module';
import type { CodedColumn, ColumnRequest, Microdata, MicrodataColumn } from '../core/microdata.js';
import { describeList, InputError } from '../errors.js';

type Missing = number | number[] | { min: number; max: number; value?: number } | null | undefined;

interface SavVariable {
  readonly name: string;
  readonly type: number;
  readonly missing?: Missing;
}

interface SavReaderInstance {
  meta: { sysvars: SavVariable[]; header: { n_cases?: number }; getValueLabels(name: string): { val: number | string; label: string }[] | undefined };
  open(): Promise<void>;
  readNextRow(includeNulls?: boolean): Promise<Record<string, unknown> | null>;
}

function isUserMissing(value: number, missing: Missing): boolean {
  if (missing === null || missing === undefined) return false;
  if (typeof missing === 'number') return value === missing;
  if (Array.isArray(missing)) return missing.includes(value);
  return (value >= missing.min && value <= missing.max) || value === missing.value;
}

export async function readSpss(path: string, wanted: readonly ColumnRequest[]): Promise<Microdata> {
  const { SavFileReader } = createRequire(import.meta.url)('sav-reader') as { SavFileReader: new (file: string) => SavReaderInstance };
  const sav = new SavFileReader(path);
  try {
    await sav.open();
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (/ZLIB/i.test(message)) throw new InputError(`${path}: a ZLIB-compressed SPSS file (.zsav), which cannot be read here; save it uncompressed or with byte compression (SPSS: SAVE /UNCOMPRESSED; R: haven::write_sav(compress = "byte"))`);
    if (/ENOENT/.test(message)) throw new InputError(`${path}: file not found (expected survey microdata as an SPSS .sav)`);
    throw new InputError(`${path}: not a readable SPSS .sav file (${message.slice(0, 100)})`);
  }
  const variables = new Map(sav.meta.sysvars.map((v) => [v.name, v]));
  const header = [...variables.keys()];
  const missingColumns = wanted.filter((w) => !variables.has(w.name)).map((w) => w.name);
  if (missingColumns.length > 0) throw new InputError(`${path}: mapped column${missingColumns.length > 1 ? 's' : ''} ${describeList(missingColumns, 3)} not found (variables in the file: ${describeList(header, 5)})`);
  const sinks = wanted.map((w) => ({ request: w, variable: variables.get(w.name) as SavVariable, numbers: [] as number[], ids: [] as number[], dictionary: new Map<string, number>() }));
  let rows = 0;
  let firstInvalid: { row: number; text: string } | null = null;
  // The header's case count, where the writer gave one: bytecode-compressed data ends in padding that
  // a reader would otherwise take for one more (empty) record.
  const declared = Number(sav.meta.header.n_cases);
  const cases = Number.isInteger(declared) && declared > 0 ? declared : Infinity;
  while (rows < cases) {
    let row: Record<string, unknown> | null;
    try {
      row = await sav.readNextRow(true);
    } catch (error) {
      throw new InputError(`${path} record ${rows + 1}: cannot be read (${String((error as Error).message ?? error).slice(0, 100)}; a truncated file?)`);
    }
    if (row === null) {
      if (cases !== Infinity) throw new InputError(`${path}: ends after ${rows} of the ${cases} records its header declares (a truncated file)`);
      break;
    }
    for (const sink of sinks) {
      const raw = row[sink.request.name];
      const missing = raw === null || raw === undefined || raw === '' || (typeof raw === 'number' && (Number.isNaN(raw) || isUserMissing(raw, sink.variable.missing)));
      if (sink.request.kind === 'number') {
        let value = missing ? Number.NaN : typeof raw === 'number' ? raw : Number(String(raw).trim());
        if (!missing && typeof raw !== 'number' && !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(String(raw).trim())) {
          value = Number.NaN;
          if (!firstInvalid) firstInvalid = { row: rows, text: String(raw) };
        }
        sink.numbers.push(value);
      } else if (missing) {
        sink.ids.push(-1);
      } else {
        const text = String(raw).trim();
        let id = sink.dictionary.get(text);
        if (id === undefined) {
          id = sink.dictionary.size;
          sink.dictionary.set(text, id);
        }
        sink.ids.push(id);
      }
    }
    rows++;
  }
  if (rows === 0) throw new InputError(`${path}: no records (expected one per household or person)`);
  const columns = new Map<string, MicrodataColumn>();
  for (const sink of sinks) {
    if (sink.request.kind === 'number') {
      columns.set(sink.request.name, { kind: 'number', name: sink.request.name, values: Float64Array.from(sink.numbers), firstInvalid });
      continue;
    }
    const labels = sink.variable.type === 0 ? sav.meta.getValueLabels(sink.request.name) : undefined;
    const column: CodedColumn = {
      kind: 'code', name: sink.request.name, ids: Int32Array.from(sink.ids), dictionary: [...sink.dictionary.keys()],
      ...(labels && labels.length > 0 ? { labels: { file: path, set: sink.request.name, byValue: new Map(labels.map((l) => [String(l.val), String(l.label).trim()])) } } : {}),
    };
    columns.set(sink.request.name, column);
  }
  return { path, rows, header, columns };
}

