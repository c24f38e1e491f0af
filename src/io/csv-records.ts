/** A small CSV file read whole (a code map, a file to validate) as records; empty lines kept, so row numbers hold. */
import { InputError } from '../errors.js';

export async function parseCsvRecords(text: string, name: string): Promise<string[][]> {
  const { parse } = await import('csv-parse/sync');
  try {
    return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    throw new InputError(`${name}: not readable as CSV (${(error as Error).message.slice(0, 120)})`);
  }
}
