/**
 * Streaming reader for survey microdata CSV (DHS, MICS, LSMS exports): only the mapped columns are
 * kept, each as an Int32 array of dictionary ids — millions of rows without one object per row.
 * BOM tolerated; delimiter detected among `,` `;` and tab; empty, `NA` and `.` are missing.
 */
import { createReadStream, existsSync } from 'node:fs';
import { parse } from 'csv-parse';
import type { Microdata, MicrodataColumn } from '../core/microdata.js';
import { InputError } from '../errors.js';

const MISSING = new Set(['', 'NA', 'N/A', '.', 'NaN']);

class GrowableInt32 {
  private data = new Int32Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

export async function readMicrodata(path: string, wanted: readonly string[]): Promise<Microdata> {
  if (!existsSync(path)) throw new InputError(`${path}: file not found (expected survey microdata as CSV)`);
  const parser = createReadStream(path).pipe(parse({ bom: true, delimiter: [',', ';', '\t'], relax_quotes: true, skip_empty_lines: true }));
  let header: string[] | undefined;
  let indexes: number[] = [];
  const dictionaries = wanted.map(() => new Map<string, number>());
  const values = wanted.map(() => new GrowableInt32());
  let row = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = record.map((h) => h.trim());
        const missing = wanted.filter((name) => !header?.includes(name));
        if (missing.length > 0) {
          throw new InputError(`${path}: mapped column${missing.length > 1 ? 's' : ''} ${missing.map((m) => JSON.stringify(m)).join(', ')} not found (columns in the file: ${header.join(', ')})`);
        }
        indexes = wanted.map((name) => header?.indexOf(name) as number);
        continue;
      }
      row++;
      if (record.length !== header.length) throw new InputError(`${path} row ${row}: expected ${header.length} fields, found ${record.length}`);
      for (let k = 0; k < indexes.length; k++) {
        const raw = record[indexes[k]].trim();
        if (MISSING.has(raw)) {
          values[k].push(-1);
          continue;
        }
        const dictionary = dictionaries[k];
        let id = dictionary.get(raw);
        if (id === undefined) {
          id = dictionary.size;
          dictionary.set(raw, id);
        }
        values[k].push(id);
      }
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path} row ${row + 1}: cannot parse CSV (${(error as Error).message})`);
  }
  if (!header) throw new InputError(`${path}: empty file (expected a header row and survey records)`);
  const columns = new Map<string, MicrodataColumn>();
  wanted.forEach((name, k) => columns.set(name, { name, ids: values[k].toArray(), dictionary: [...dictionaries[k].keys()] }));
  return { path, rows: row - 1, header, columns };
}
