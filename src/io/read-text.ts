/**
 * A whole text file read at once (a JSON config, a GeoJSON layer): refused up front above a size the
 * format can reasonably have, so that a huge or wrong file ends in one clear line, not an engine
 * limit ("Cannot create a string longer than …") or an out-of-memory abort.
 */
import { open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { InputError } from '../errors.js';

/** The bytes of a whole file, refused up front above `maxBytes`. */
export async function readWholeFile(path: string, maxBytes: number, what: string, advice: string): Promise<Buffer> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`${path}: ${error.code === 'ENOENT' ? 'file not found' : `cannot read the file (${error.code ?? error.message})`} (expected ${what})`);
  });
  if (info.size > maxBytes) throw new InputError(`${path}: ${(info.size / 1024 ** 2).toFixed(0)} MiB, more than the ${(maxBytes / 1024 ** 2).toFixed(0)} MiB ${what} is read up to; ${advice}`);
  try {
    return await readFile(path);
  } catch (error) {
    throw new InputError(`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export async function readWholeText(path: string, maxBytes: number, what: string, advice: string): Promise<string> {
  return (await readWholeFile(path, maxBytes, what, advice)).toString('utf8');
}

/** A file opened for reading by ranges; a missing or unreadable file is the user's error, naming what was expected. */
export async function openInputFile(path: string, what: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${path}: ${code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? (error as Error).message})`} (expected ${what})`);
  }
}
