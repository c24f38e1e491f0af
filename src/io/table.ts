/**
 * Population tables (`--population-table`): streamed with csv-parse, BOM tolerated, delimiter
 * detected among `,` `;` and tab. Columns: zone (or id, zone_id), year, population (or pop).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { PopulationTableRow } from '../core/inputs.js';
import { describeFound, describeList, InputError } from '../errors.js';
import { createFieldDecoder } from './microdata.js';

const ZONE_COLUMNS = ['zone', 'id', 'zone_id', 'zoneid', 'city'];
const YEAR_COLUMNS = ['year', 'time_period', 'timeperiod'];
const POPULATION_COLUMNS = ['population', 'pop', 'value'];

function pickColumn(header: string[], candidates: string[], extra?: string): number {
  const lower = header.map((h) => h.trim().toLowerCase());
  for (const name of extra ? [extra.toLowerCase(), ...candidates] : candidates) {
    const index = lower.indexOf(name);
    if (index >= 0) return index;
  }
  return -1;
}

export async function readPopulationTable(path: string, zoneColumn?: string, encoding = 'utf-8'): Promise<PopulationTableRow[]> {
  if (!existsSync(path)) throw new InputError(`${path}: file not found (expected a CSV with zone, year, population)`);
  // A table of zones × years is small: decoded whole, so that text not in its encoding is named.
  const bytes = await readFile(path);
  const decode = createFieldDecoder(encoding, path);
  const lines = bytes.toString('latin1').split('\n');
  let offset = 0;
  lines.forEach((line, k) => {
    decode(bytes, offset, offset + line.length, k - 1, '');
    offset += line.length + 1;
  });
  const { parse } = await import('csv-parse');
  const parser = Readable.from([decode(bytes, 0, bytes.length, -1, '')]).pipe(parse({ bom: true, delimiter: [',', ';', '\t'], trim: true, skip_empty_lines: true, relax_column_count: false }));
  const rows: PopulationTableRow[] = [];
  let header: string[] | undefined;
  let zoneIdx = -1, yearIdx = -1, popIdx = -1;
  let line = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = record;
        zoneIdx = pickColumn(header, ZONE_COLUMNS, zoneColumn);
        yearIdx = pickColumn(header, YEAR_COLUMNS);
        popIdx = pickColumn(header, POPULATION_COLUMNS);
        const missing = [zoneIdx < 0 && 'zone', yearIdx < 0 && 'year', popIdx < 0 && 'population'].filter(Boolean);
        if (missing.length > 0) throw new InputError(`${path} row 1: missing column(s) ${missing.join(', ')} (expected zone/id, year, population; found ${describeList(header)})`);
        continue;
      }
      line += 1;
      const year = Number(record[yearIdx]);
      if (!Number.isInteger(year)) throw new InputError(`${path} row ${line}, field ${header[yearIdx]}: expected a year, found ${describeFound(record[yearIdx])}`);
      const text = record[popIdx];
      const population = text === '' ? Number.NaN : Number(text);
      if (!Number.isFinite(population) || population < 0) {
        throw new InputError(`${path} row ${line}, field ${header[popIdx]}: expected a non-negative number of persons, found ${describeFound(text)}`);
      }
      rows.push({ zone: record[zoneIdx], year, population });
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path} row ${line + 1}: cannot parse CSV (${(error as Error).message})`);
  }
  if (!header) throw new InputError(`${path}: empty file (expected a header zone, year, population)`);
  return rows;
}
