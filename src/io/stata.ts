/**
 * Stata `.dta` survey files, formats 117 (Stata 13), 118 (Stata 14–18) and 119 (more than 32,767
 * variables) — what DHS distributes and R haven and pandas write. There is no maintained npm reader,
 * so this one follows Stata's published format description ("dta file format", help dta): the
 * `<header>` (release, byte order, K variables, N observations), the `<map>` of section offsets, the
 * variable types and names, the value-label set of each variable, then the `<data>` rows, streamed in
 * chunks with only the requested columns kept (as the CSV reader does), and the `<value_labels>`.
 * Stata's missing values (`.`, `.a`–`.z`: the top of each type's range) are missing. Text is UTF-8
 * from format 118 on, Windows-1252 in 117.
 */
import type { FileHandle } from 'node:fs/promises';
import type { CodedColumn, ColumnRequest, Microdata, MicrodataColumn } from '../core/microdata.js';
import type { ProgressReport } from '../core/inputs.js';
import { describeFound, describeList, InputError } from '../errors.js';
import { openInputFile } from './read-text.js';

/** Type codes of formats 117+: 1–2045 str#, 32768 strL, then the numeric types. */
const STRL = 32768;
const NUMERIC: Readonly<Record<number, { name: string; bytes: number }>> = {
  65526: { name: 'double', bytes: 8 }, 65527: { name: 'float', bytes: 4 }, 65528: { name: 'long', bytes: 4 },
  65529: { name: 'int', bytes: 2 }, 65530: { name: 'byte', bytes: 1 },
};
/** Largest non-missing value of each integer type (Stata reserves the top of the range for missing). */
const MAX_VALID = { byte: 100, int: 32740, long: 2147483620 };
const MAX_VALID_FLOAT = 1.701e38;
const MAX_VALID_DOUBLE = 8.988465674311579e307;
const CHUNK_BYTES = 1 << 22;

interface Layout {
  readonly release: number;
  readonly littleEndian: boolean;
  readonly k: number;
  readonly n: number;
  readonly names: string[];
  readonly types: number[];
  readonly labelSets: string[];
  readonly offsets: number[];
  /** Section offsets from the map: 9 data, 11 value_labels. */
  readonly map: number[];
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

function expectTag(bytes: Buffer, at: number, tag: string, path: string): number {
  if (bytes.toString('latin1', at, at + tag.length) !== tag) throw new InputError(`${path}: not a readable Stata file (expected ${tag} at byte ${at})`);
  return at + tag.length;
}

const WINDOWS_1252 = new TextDecoder('windows-1252');

/** A NUL-terminated text of at most `length` bytes: UTF-8 (118+) or Windows-1252 (117). */
function cString(bytes: Buffer, start: number, length: number, utf8: boolean): string {
  const nul = bytes.indexOf(0, start);
  const end = Math.min(nul < 0 ? start + length : nul, start + length, bytes.length);
  return utf8 ? bytes.toString('utf8', start, end) : WINDOWS_1252.decode(bytes.subarray(start, end));
}

async function readLayout(handle: FileHandle, path: string, size: number): Promise<Layout> {
  const head = await readAt(handle, 0, 512);
  if (!head.toString('latin1', 0, 11).startsWith('<stata_dta>')) {
    // Formats 102–115 begin with their release number as a byte.
    const old = head[0];
    const version = old >= 102 && old <= 115 ? `format ${old} (Stata ${old >= 114 ? '10–12' : 'before 10'})` : 'not a Stata file';
    throw new InputError(`${path}: ${version}; expected a .dta of format 117, 118 or 119 (save it with Stata 13 or later, or haven::write_dta(version = 14))`);
  }
  let at = expectTag(head, 11, '<header><release>', path);
  const release = Number(head.toString('latin1', at, at + 3));
  if (![117, 118, 119].includes(release)) throw new InputError(`${path}: Stata format ${describeFound(head.toString('latin1', at, at + 3))}; expected 117, 118 or 119`);
  at = expectTag(head, at + 3, '</release><byteorder>', path);
  const order = head.toString('latin1', at, at + 3);
  if (order !== 'LSF' && order !== 'MSF') throw new InputError(`${path}: byte order ${describeFound(order)} (expected LSF or MSF)`);
  const littleEndian = order === 'LSF';
  at = expectTag(head, at + 3, '</byteorder><K>', path);
  const k = release === 119 ? (littleEndian ? head.readUInt32LE(at) : head.readUInt32BE(at)) : littleEndian ? head.readUInt16LE(at) : head.readUInt16BE(at);
  at = expectTag(head, at + (release === 119 ? 4 : 2), '</K><N>', path);
  const n = release === 117 ? (littleEndian ? head.readUInt32LE(at) : head.readUInt32BE(at)) : Number(littleEndian ? head.readBigUInt64LE(at) : head.readBigUInt64BE(at));
  at = expectTag(head, at + (release === 117 ? 4 : 8), '</N><label>', path);
  const labelLength = release === 117 ? head[at] : littleEndian ? head.readUInt16LE(at) : head.readUInt16BE(at);
  at += (release === 117 ? 1 : 2) + labelLength;
  const rest = await readAt(handle, at, 512);
  let r = expectTag(rest, 0, '</label><timestamp>', path);
  r += 1 + rest[r];
  r = expectTag(rest, r, '</timestamp></header><map>', path);
  const map = Array.from({ length: 14 }, (_, i) => Number(littleEndian ? rest.readBigUInt64LE(r + 8 * i) : rest.readBigUInt64BE(r + 8 * i)));
  if (map.some((offset) => offset > size)) throw new InputError(`${path}: its section map points past the end of the file (${size} bytes; a truncated file?)`);
  const nameBytes = release === 117 ? 33 : 129;
  const typesAt = map[2] + '<variable_types>'.length;
  const typeBytes = await readAt(handle, typesAt, 2 * k);
  const types = Array.from({ length: k }, (_, i) => (littleEndian ? typeBytes.readUInt16LE(2 * i) : typeBytes.readUInt16BE(2 * i)));
  const namesBlock = await readAt(handle, map[3] + '<varnames>'.length, nameBytes * k);
  const names = Array.from({ length: k }, (_, i) => cString(namesBlock, i * nameBytes, nameBytes, release >= 118));
  const labelBlock = await readAt(handle, map[6] + '<value_label_names>'.length, nameBytes * k);
  const labelSets = Array.from({ length: k }, (_, i) => cString(labelBlock, i * nameBytes, nameBytes, release >= 118));
  const offsets: number[] = [];
  let width = 0;
  for (const [i, type] of types.entries()) {
    offsets.push(width);
    if (type >= 1 && type <= 2045) width += type;
    else if (type === STRL) width += 8;
    else if (NUMERIC[type]) width += NUMERIC[type].bytes;
    else throw new InputError(`${path}: variable ${describeFound(names[i])} has type code ${type}, not one of Stata's (a corrupt file?)`);
  }
  offsets.push(width);
  const dataAt = map[9] + '<data>'.length;
  if (dataAt + width * n > size) throw new InputError(`${path}: declares ${n} observations of ${width} bytes, more than the file holds (a truncated file?)`);
  return { release, littleEndian, k, n, names, types, labelSets, offsets, map };
}

/** The value-label sets named by `wanted`: set name → value → label. */
async function readValueLabels(handle: FileHandle, layout: Layout, wanted: ReadonlySet<string>, path: string): Promise<Map<string, Map<number, string>>> {
  const sets = new Map<string, Map<number, string>>();
  if (wanted.size === 0) return sets;
  const start = layout.map[11] + '<value_labels>'.length;
  const block = await readAt(handle, start, layout.map[12] - start);
  const nameBytes = layout.release === 117 ? 33 : 129;
  const int32 = (at: number) => (layout.littleEndian ? block.readInt32LE(at) : block.readInt32BE(at));
  let at = 0;
  while (block.toString('latin1', at, at + 5) === '<lbl>') {
    const length = int32(at + 5);
    const name = cString(block, at + 9, nameBytes, layout.release >= 118);
    const table = at + 9 + nameBytes + 3;
    if (wanted.has(name)) {
      const count = int32(table);
      const textLength = int32(table + 4);
      const textAt = table + 8 + 8 * count;
      if (textAt + textLength > block.length) throw new InputError(`${path}: value labels ${describeFound(name)} run past their section (a corrupt file?)`);
      const labels = new Map<number, string>();
      for (let j = 0; j < count; j++) {
        const offset = int32(table + 8 + 4 * j);
        labels.set(int32(table + 8 + 4 * count + 4 * j), cString(block, textAt + offset, textLength - offset, layout.release >= 118));
      }
      sets.set(name, labels);
    }
    at = table + length + '</lbl>'.length; // len counts the table only
  }
  return sets;
}

interface ColumnReader {
  readonly request: ColumnRequest;
  readonly index: number;
  add(row: Buffer, at: number): void;
  finish(labels: Map<string, Map<number, string>>): MicrodataColumn;
}

function createReader(layout: Layout, request: ColumnRequest, index: number, rows: number, path: string): ColumnReader {
  const type = layout.types[index];
  const { littleEndian } = layout;
  const numeric = NUMERIC[type]?.name;
  const offset = layout.offsets[index];
  const utf8 = layout.release >= 118;
  if (type === STRL) throw new InputError(`${path}: column ${describeFound(request.name)} is a long string (strL); expected numbers or short strings (recast it: recast str# ${request.name})`);
  /** The cell's number, NaN when missing (Stata's `.`, `.a`–`.z`), undefined for a string variable. */
  const readNumber = (row: Buffer, at: number): number | undefined => {
    const p = at + offset;
    switch (numeric) {
      case 'byte': { const v = row.readInt8(p); return v > MAX_VALID.byte ? Number.NaN : v; }
      case 'int': { const v = littleEndian ? row.readInt16LE(p) : row.readInt16BE(p); return v > MAX_VALID.int ? Number.NaN : v; }
      case 'long': { const v = littleEndian ? row.readInt32LE(p) : row.readInt32BE(p); return v > MAX_VALID.long ? Number.NaN : v; }
      case 'float': { const v = littleEndian ? row.readFloatLE(p) : row.readFloatBE(p); return v > MAX_VALID_FLOAT ? Number.NaN : v; }
      case 'double': { const v = littleEndian ? row.readDoubleLE(p) : row.readDoubleBE(p); return v > MAX_VALID_DOUBLE ? Number.NaN : v; }
      default: return undefined;
    }
  };
  const readText = (row: Buffer, at: number) => cString(row, at + offset, type, utf8).trim();
  if (request.kind === 'number') {
    const values = new Float64Array(rows);
    let k = 0;
    let firstInvalid: { row: number; text: string } | null = null;
    return {
      request, index,
      add(row, at) {
        let value = readNumber(row, at);
        if (value === undefined) {
          const text = readText(row, at);
          value = text === '' ? Number.NaN : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
          if (Number.isNaN(value) && text !== '' && !firstInvalid) firstInvalid = { row: k, text };
        }
        values[k++] = value;
      },
      finish: () => ({ kind: 'number', name: request.name, values, firstInvalid }),
    };
  }
  const ids = new Int32Array(rows);
  const dictionary = new Map<string, number>();
  const byNumber = new Map<number, number>();
  let k = 0;
  return {
    request, index,
    add(row, at) {
      const value = readNumber(row, at);
      if (value !== undefined) {
        if (Number.isNaN(value)) {
          ids[k++] = -1;
          return;
        }
        let id = byNumber.get(value);
        if (id === undefined) {
          const text = String(value);
          id = dictionary.get(text) ?? dictionary.size;
          dictionary.set(text, id);
          byNumber.set(value, id);
        }
        ids[k++] = id;
        return;
      }
      const text = readText(row, at);
      if (text === '') {
        ids[k++] = -1;
        return;
      }
      let id = dictionary.get(text);
      if (id === undefined) {
        id = dictionary.size;
        dictionary.set(text, id);
      }
      ids[k++] = id;
    },
    finish(labels) {
      const set = labels.get(layout.labelSets[index]);
      const column: CodedColumn = {
        kind: 'code', name: request.name, ids, dictionary: [...dictionary.keys()],
        ...(set ? { labels: { file: path, set: layout.labelSets[index], byValue: new Map([...set].map(([v, label]) => [String(v), label])) } } : {}),
      };
      return column;
    },
  };
}

export async function readStata(path: string, wanted: readonly ColumnRequest[], progress?: ProgressReport): Promise<Microdata> {
  const handle = await openInputFile(path, 'survey microdata as a Stata .dta');
  try {
    const size = (await handle.stat()).size;
    const layout = await readLayout(handle, path, size);
    const missing = wanted.filter((w) => !layout.names.includes(w.name)).map((w) => w.name);
    if (missing.length > 0) throw new InputError(`${path}: mapped column${missing.length > 1 ? 's' : ''} ${describeList(missing, 3)} not found (variables in the file: ${describeList(layout.names, 5)})`);
    if (layout.n === 0) throw new InputError(`${path}: no observations (expected one per household or person)`);
    const readers = wanted.map((w) => createReader(layout, w, layout.names.indexOf(w.name), layout.n, path));
    const width = layout.offsets[layout.k];
    const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / Math.max(1, width)));
    const dataAt = layout.map[9] + '<data>'.length;
    for (let first = 0; first < layout.n; first += rowsPerChunk) {
      const count = Math.min(rowsPerChunk, layout.n - first);
      const chunk = await readAt(handle, dataAt + first * width, count * width);
      if (chunk.length < count * width) throw new InputError(`${path}: ends inside observation ${first + Math.floor(chunk.length / width) + 1} of ${layout.n} (a truncated file)`);
      for (let r = 0; r < count; r++) for (const reader of readers) reader.add(chunk, r * width);
      progress?.(`${path}: observations`, first + count, layout.n);
    }
    const labels = await readValueLabels(handle, layout, new Set(readers.map((r) => layout.labelSets[r.index]).filter(Boolean)), path);
    return { path, rows: layout.n, header: layout.names, columns: new Map(readers.map((r) => [r.request.name, r.finish(labels)])) };
  } catch (error) {
    // A header or section that ends early or declares impossible sizes reads past a buffer.
    if (error instanceof RangeError) throw new InputError(`${path}: a section ends early or declares an impossible size (${error.message.slice(0, 60)}); a truncated or corrupt Stata file`);
    throw error;
  } finally {
    await handle.close();
  }
}
