/**
 * Zip archives on yauzl (GTFS feeds, zipped Shapefiles): the entries of the central directory, and a
 * member as a stream. yauzl refuses absolute and `../` names and checks each member's inflated size
 * and CRC against the directory as it streams, so a lying member fails instead of growing unbounded.
 */
import type { Readable } from 'node:stream';
import type * as Yauzl from 'yauzl';
import { requireCommonJs } from '../core/require-commonjs.js';

const yauzl = requireCommonJs('yauzl') as typeof Yauzl;

export type ZipEntry = Yauzl.Entry;
export type ZipArchive = Yauzl.ZipFile;

export function openZip(path: string): Promise<ZipArchive> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => (error || !zip ? reject(error) : resolve(zip)));
  });
}

/** Every entry of the central directory, folders included (their names end in `/`). */
export function listZipEntries(zip: ZipArchive): Promise<ZipEntry[]> {
  const entries: ZipEntry[] = [];
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: ZipEntry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

export function openZipEntry(zip: ZipArchive, entry: ZipEntry): Promise<Readable> {
  return new Promise((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error || !stream ? reject(error) : resolve(stream))));
}
