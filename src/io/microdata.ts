/**
 * Streaming reader for survey microdata CSV (DHS, MICS, LSMS exports). A byte-level RFC 4180 scanner
 * keeps only the requested columns: numbers are parsed straight from the bytes into a Float64Array,
 * codes are dictionary-encoded into an Int32Array — millions of rows, no object or string per cell.
 * BOM tolerated; delimiter detected from the header among `,` `;` and tab; empty, `NA` and `.` are
 * missing.
 */
import { open } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { ColumnRequest, Microdata, MicrodataColumn } from '../core/microdata.js';
import type { ProgressReport } from '../core/inputs.js';
import { describeFound, describeList, InputError } from '../errors.js';

const MISSING = new Set(['', 'NA', 'N/A', '.', 'NaN']);
const CHUNK_BYTES = 1 << 22;
/** The longest record accepted: a survey row of thousands of columns is well under 1 MiB. */
const MAX_RECORD_BYTES = 16 * 1024 ** 2;
const QUOTE = 0x22, LF = 0x0a, CR = 0x0d, SPACE = 0x20;
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** A column's values as they are read: sized for the rows expected, doubled when there are more. */
export class Growable<T extends Int32Array | Float64Array> {
  length = 0;
  constructor(private data: T) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new (this.data.constructor as new (n: number) => T)(Math.max(16, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  /** The values: in place when at most an eighth of the room is unused (no second copy of a column), else copied to fit. */
  toArray(): T {
    const unused = this.data.length - this.length;
    return (unused <= this.data.length / 8 ? this.data.subarray(0, this.length) : this.data.slice(0, this.length)) as T;
  }
}

/** Rooms of columns before the first records are seen (a small file, or one read from records). */
export const DEFAULT_ROWS = 1 << 16;

/**
 * The most rows a column is sized for before any is read: beyond, it doubles as rows come. A first
 * chunk of short records in a file of long ones cannot make every column claim memory the rows
 * never fill (4 Mi rows: 32 MiB a numeric column).
 */
export const MAX_PRESIZED_ROWS = 1 << 22;

/** The records a file of `fileBytes` probably holds, from the records in its first `sample` bytes (2 % over). */
function estimateRows(sample: Buffer, fileBytes: number): number {
  let records = 0;
  for (let i = sample.indexOf(LF); i >= 0; i = sample.indexOf(LF, i + 1)) records++;
  if (records === 0 || sample.length === 0) return DEFAULT_ROWS;
  return Math.min(MAX_PRESIZED_ROWS, Math.max(16, Math.ceil((fileBytes / sample.length) * records * 1.02)));
}

/**
 * Parses a plain decimal (sign, digits, point, digits) exactly as Number() would: one division of
 * two exactly representable integers is correctly rounded. Returns undefined for anything else.
 */
function parseDecimal(bytes: Buffer, start: number, end: number): number | undefined {
  let i = start;
  let negative = false;
  if (bytes[i] === 0x2d || bytes[i] === 0x2b) {
    negative = bytes[i] === 0x2d;
    i++;
  }
  let mantissa = 0, digits = 0, decimals = 0, seenPoint = false;
  for (; i < end; i++) {
    const b = bytes[i];
    if (b >= 0x30 && b <= 0x39) {
      mantissa = mantissa * 10 + (b - 0x30);
      digits++;
      if (seenPoint) decimals++;
    } else if (b === 0x2e && !seenPoint) {
      seenPoint = true;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || digits > 15 || decimals > 22) return undefined;
  const value = decimals === 0 ? mantissa : mantissa / POWERS_OF_TEN[decimals];
  return negative ? -value : value;
}

interface Sink {
  add(bytes: Buffer, start: number, end: number, quoted: boolean, row: number): void;
  finish(name: string): MicrodataColumn;
}

/** Turns a field's bytes into text in the file's encoding; a byte sequence it cannot hold is named, never replaced by U+FFFD. */
export type FieldDecoder = (bytes: Buffer, start: number, end: number, row: number, column: string) => string;

/** A decoder for `encoding` (a WHATWG label: utf-8, windows-1252, iso-8859-1, …); `where` names the file. */
export function createFieldDecoder(encoding: string, where: string): FieldDecoder {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new InputError(`--encoding: unknown text encoding ${describeFound(encoding)} (expected utf-8, windows-1252, iso-8859-1 or another WHATWG name)`);
  }
  const utf8 = decoder.encoding === 'utf-8';
  return (bytes, start, end, row, column) => {
    let ascii = true;
    for (let i = start; i < end; i++) if (bytes[i] >= 0x80) { ascii = false; break; }
    if (ascii) return bytes.toString('latin1', start, end);
    try {
      return decoder.decode(bytes.subarray(start, end));
    } catch {
      const at = bytes.subarray(start, end).findIndex((b) => b >= 0x80);
      throw new InputError(`${where} row ${row + 2}${column ? `, column ${describeFound(column)}` : ''}: text that is not ${utf8 ? 'UTF-8' : decoder.encoding} (byte 0x${bytes[start + at].toString(16)}); give the file's encoding with --encoding, e.g. --encoding windows-1252`);
    }
  };
}

function fieldText(decode: FieldDecoder, bytes: Buffer, start: number, end: number, quoted: boolean, row: number, column: string): string {
  const text = decode(bytes, start, end, row, column);
  return quoted ? text.replace(/""/g, '"') : text;
}

function trimRange(bytes: Buffer, start: number, end: number): [number, number] {
  while (start < end && bytes[start] === SPACE) start++;
  while (end > start && (bytes[end - 1] === SPACE || bytes[end - 1] === CR)) end--;
  return [start, end];
}

/** A canonical non-negative integer (no sign, no leading zero) up to 9 digits, or −1. */
function parseCanonicalInteger(bytes: Buffer, start: number, end: number): number {
  const length = end - start;
  if (length === 0 || length > 9 || (length > 1 && bytes[start] === 0x30)) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = bytes[i] - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function createCodeSink(name: string, decode: FieldDecoder, rows = DEFAULT_ROWS): Sink {
  const ids = new Growable(new Int32Array(rows));
  const dictionary = new Map<string, number>();
  // Integer codes (most survey codes) are looked up by value, without making a string per cell;
  // only canonical integers, whose text is exactly String(value), take this path.
  const byInteger = new Map<number, number>();
  return {
    add(bytes, start, end, quoted, row) {
      if (!quoted) {
        const [s, e] = trimRange(bytes, start, end);
        const integer = parseCanonicalInteger(bytes, s, e);
        if (integer >= 0) {
          let id = byInteger.get(integer);
          if (id === undefined) {
            const text = String(integer);
            id = dictionary.get(text);
            if (id === undefined) {
              id = dictionary.size;
              dictionary.set(text, id);
            }
            byInteger.set(integer, id);
          }
          ids.push(id);
          return;
        }
      }
      const text = fieldText(decode, bytes, start, end, quoted, row, name).trim();
      if (MISSING.has(text)) {
        ids.push(-1);
        return;
      }
      let id = dictionary.get(text);
      if (id === undefined) {
        id = dictionary.size;
        dictionary.set(text, id);
      }
      ids.push(id);
    },
    finish: (name) => ({ kind: 'code', name, ids: ids.toArray(), dictionary: [...dictionary.keys()] }),
  };
}

function createNumberSink(name: string, decode: FieldDecoder, rows = DEFAULT_ROWS): Sink {
  const values = new Growable(new Float64Array(rows));
  let firstInvalid: { row: number; text: string } | null = null;
  return {
    add(bytes, start, end, quoted, row) {
      const [s, e] = trimRange(bytes, start, end);
      let value = quoted ? undefined : parseDecimal(bytes, s, e);
      if (value === undefined) {
        const text = fieldText(decode, bytes, s, e, quoted, row, name).trim();
        if (MISSING.has(text)) value = Number.NaN;
        else {
          value = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
          if (Number.isNaN(value) && !firstInvalid) firstInvalid = { row, text };
        }
      }
      values.push(value);
    },
    finish: (name) => ({ kind: 'number', name, values: values.toArray(), firstInvalid }),
  };
}

function splitHeader(line: string): { names: string[]; delimiter: number } {
  const counts = [',', ';', '\t'].map((d) => [d, line.split(d).length] as const).sort((a, b) => b[1] - a[1]);
  const delimiter = counts[0][0];
  return { names: line.split(delimiter).map((h) => h.trim().replace(/^"(.*)"$/, '$1')), delimiter: delimiter.charCodeAt(0) };
}

/**
 * Reads the requested columns of a CSV file, from its first byte to its last, in order: `onBytes`
 * sees every byte once, as read (the opener hashes them for provenance without reading the file twice).
 */
export async function readMicrodata(path: string, wanted: readonly ColumnRequest[], encoding = 'utf-8', progress?: ProgressReport, onBytes?: (bytes: Uint8Array) => void): Promise<Microdata> {
  const decode = createFieldDecoder(encoding, path);
  if (!existsSync(path)) throw new InputError(`${path}: file not found (expected survey microdata as CSV)`);
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    // One buffer for the whole read: the unfinished record carried over, then the next chunk after it.
    let work = Buffer.allocUnsafe(2 * CHUNK_BYTES);
    let pendingLength = 0;
    let header: string[] | undefined;
    let delimiter = 0x2c;
    let sinks: (Sink | undefined)[] = [];
    let row = 0; // data rows seen
    let position = 0;
    for (;;) {
      // Room for a chunk and the line feed a last record may lack.
      if (work.length < pendingLength + CHUNK_BYTES + 1) {
        const grown = Buffer.allocUnsafe(pendingLength + CHUNK_BYTES + 1);
        work.copy(grown, 0, 0, pendingLength);
        work = grown;
      }
      const { bytesRead } = await handle.read(work, pendingLength, CHUNK_BYTES, position);
      onBytes?.(work.subarray(pendingLength, pendingLength + bytesRead));
      position += bytesRead;
      if (progress) progress(`${path}: records (bytes)`, position, size);
      const atEnd = bytesRead === 0;
      let end = pendingLength + bytesRead;
      if (atEnd && end > 0 && work[end - 1] !== LF) work[end++] = LF;
      const bytes = work.subarray(0, end);
      let recordStart = 0;
      if (!header) {
        const newline = bytes.indexOf(LF);
        if (newline < 0) {
          if (atEnd) throw new InputError(`${path}: empty file (expected a header row and survey records)`);
          pendingLength = end;
          continue;
        }
        const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
        ({ names: header, delimiter } = splitHeader(decode(bytes, bom, newline, -1, '').replace(/\r$/, '')));
        const missing = wanted.filter((w) => !header?.includes(w.name)).map((w) => w.name);
        if (missing.length > 0) throw new InputError(`${path}: mapped column${missing.length > 1 ? 's' : ''} ${describeList(missing, 3)} not found (columns in the file: ${describeList(header, 5)})`);
        // Columns sized for the records the file probably holds: no doubling, no copy at the end.
        const rows = estimateRows(bytes.subarray(newline + 1), Math.max(0, size - (position - bytes.length) - newline - 1));
        sinks = header.map((name) => {
          const request = wanted.find((w) => w.name === name);
          return request ? (request.kind === 'number' ? createNumberSink(name, decode, rows) : createCodeSink(name, decode, rows)) : undefined;
        });
        recordStart = newline + 1;
      }
      const fields = (header as string[]).length;
      // Field bounds of the current record; values reach the columns only once the record is complete.
      const starts = new Int32Array(fields);
      const ends = new Int32Array(fields);
      const quotedFlags = new Uint8Array(fields);
      let i = recordStart;
      while (i < bytes.length) {
        // Blank lines (LF or CR LF) are skipped.
        if (bytes[i] === LF || (bytes[i] === CR && bytes[i + 1] === LF)) {
          i += bytes[i] === LF ? 1 : 2;
          recordStart = i;
          continue;
        }
        let field = 0, start = i, quoted = false, inQuotes = false, complete = false;
        for (; i < bytes.length; i++) {
          const b = bytes[i];
          if (inQuotes) {
            if (b === QUOTE) {
              if (bytes[i + 1] === QUOTE) i++;
              else inQuotes = false;
            }
            continue;
          }
          if (b === QUOTE && i === start) {
            inQuotes = true;
            quoted = true;
            continue;
          }
          if (b === delimiter || b === LF) {
            if (field < fields) {
              starts[field] = quoted ? start + 1 : start;
              ends[field] = quoted ? lastQuote(bytes, i) : i;
              quotedFlags[field] = quoted ? 1 : 0;
            }
            field++;
            start = i + 1;
            quoted = false;
            if (b === LF) {
              complete = true;
              i++;
              break;
            }
          }
        }
        if (!complete) break; // the rest of this record comes with the next chunk
        if (field !== fields) throw new InputError(`${path} row ${row + 2}: expected ${fields} fields, found ${field}`);
        for (let k = 0; k < fields; k++) sinks[k]?.add(bytes, starts[k], ends[k], quotedFlags[k] === 1, row);
        row++;
        recordStart = i;
      }
      pendingLength = end - recordStart;
      work.copy(work, 0, recordStart, end);
      // One household or person per record: a record longer than this is not survey microdata (and
      // would be re-scanned with every chunk).
      if (pendingLength > MAX_RECORD_BYTES) throw new InputError(`${path} row ${row + 2}: a record longer than ${MAX_RECORD_BYTES / 1024 ** 2} MiB (expected one household or person per line; is this a CSV file?)`);
      if (atEnd) break;
    }
    if (!header) throw new InputError(`${path}: empty file (expected a header row and survey records)`);
    const columns = new Map<string, MicrodataColumn>();
    header.forEach((name, k) => {
      const sink = sinks[k];
      if (sink) columns.set(name, sink.finish(name));
    });
    if (row === 0) throw new InputError(`${path}: no records after the header (expected one row per household or person)`);
    return { path, rows: row, header, columns };
  } finally {
    await handle.close();
  }
}

/** End of a quoted field's content: the closing quote before the delimiter (and before a CR). */
function lastQuote(bytes: Buffer, end: number): number {
  let e = end;
  while (e > 0 && (bytes[e - 1] === CR || bytes[e - 1] === SPACE)) e--;
  return bytes[e - 1] === QUOTE ? e - 1 : e;
}

/**
 * Microdata handed over as records (the library API): each value goes through the same column sinks as
 * the CSV scanner, so codes, missing values and numbers are read exactly as from the equivalent file.
 */
export function readMicrodataRecords(name: string, records: readonly Readonly<Record<string, unknown>>[], wanted: readonly ColumnRequest[]): Microdata {
  const header = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const missing = wanted.filter((w) => !header.includes(w.name)).map((w) => describeFound(w.name));
  if (missing.length > 0) throw new InputError(`${name}: mapped column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not found in the records`);
  const decode = createFieldDecoder('utf-8', name);
  const sinks = wanted.map((w) => [w.name, w.kind === 'number' ? createNumberSink(w.name, decode) : createCodeSink(w.name, decode)] as const);
  records.forEach((record, row) => {
    for (const [column, sink] of sinks) {
      const value = record[column];
      const bytes = Buffer.from(value === undefined || value === null ? '' : String(value), 'utf8');
      sink.add(bytes, 0, bytes.length, false, row);
    }
  });
  if (records.length === 0) throw new InputError(`${name}: no records (expected one per household or person)`);
  return { path: name, rows: records.length, header, columns: new Map(sinks.map(([column, sink]) => [column, sink.finish(column)])) };
}
