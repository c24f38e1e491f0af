/**
 * A zipped Shapefile (`zones.zip`, `zones.shp.zip`, as portals and GIS exports ship them): the zip
 * must hold exactly one `.shp` (in any folder; macOS `__MACOSX/` copies ignored) with its `.dbf`, and
 * its `.prj` / `.cpg` when present. Members are read whole into memory, each refused above its
 * declared size limit before inflating (io/zip.ts checks sizes and CRCs as it inflates). The .shp
 * of a Shapefile on disk is streamed from its path instead (io/vector.ts).
 */
import { describeFound, describeList, InputError } from '../errors.js';
import { listZipEntries, openZip, openZipEntry, type ZipArchive, type ZipEntry } from './zip.js';

/** The largest zipped layer member read (a country's admin-4 .shp is a few hundred MB). */
const MAX_MEMBER_BYTES = 512 * 1024 ** 2;

export interface ShapefileParts {
  /** The .shp: its path on disk (streamed), or a zip member's bytes. */
  readonly shp: string | Buffer;
  readonly dbf: Buffer;
  readonly prj?: Buffer;
  readonly cpg?: Buffer;
  /** The `.shp` member's name, for messages (`zones.zip!admin/zones.shp`). */
  readonly name: string;
}

async function readMember(zip: ZipArchive, entry: ZipEntry, path: string): Promise<Buffer> {
  if (entry.uncompressedSize > MAX_MEMBER_BYTES) throw new InputError(`${path}: ${describeFound(entry.fileName)} declares ${(entry.uncompressedSize / 1024 ** 2).toFixed(0)} MiB uncompressed (expected at most ${MAX_MEMBER_BYTES / 1024 ** 2} MiB)`);
  const chunks: Buffer[] = [];
  for await (const chunk of await openZipEntry(zip, entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function readZippedShapefile(path: string): Promise<ShapefileParts> {
  let zip: ZipArchive | undefined;
  try {
    zip = await openZip(path);
    const entries = (await listZipEntries(zip)).filter((e) => !e.fileName.endsWith('/') && !/(^|\/)__MACOSX\//.test(e.fileName));
    const shps = entries.filter((e) => /\.shp$/i.test(e.fileName));
    if (shps.length !== 1) {
      throw new InputError(`${path}: the zip holds ${shps.length === 0 ? 'no .shp' : `${shps.length} Shapefiles (${describeList(shps.map((e) => e.fileName))})`}; expected one Shapefile (.shp with its .dbf)`);
    }
    const base = shps[0].fileName.slice(0, -4);
    const part = (ext: string) => entries.find((e) => e.fileName.toLowerCase() === `${base}.${ext}`.toLowerCase());
    const dbf = part('dbf');
    if (!dbf) throw new InputError(`${path}: the zip has no ${base}.dbf beside ${shps[0].fileName} (expected the attributes)`);
    const prj = part('prj');
    const cpg = part('cpg');
    return {
      name: `${path}!${shps[0].fileName}`,
      shp: await readMember(zip, shps[0], path),
      dbf: await readMember(zip, dbf, path),
      ...(prj ? { prj: await readMember(zip, prj, path) } : {}),
      ...(cpg ? { cpg: await readMember(zip, cpg, path) } : {}),
    };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: not a readable zipped Shapefile (${String((error as Error).message ?? error).slice(0, 120)})`);
  } finally {
    zip?.close();
  }
}
