/**
 * Every file a run writes goes through here: each to a temporary file beside its target, then all are
 * renamed at the end, so a failure anywhere leaves no half-written output and no stray temp file.
 */
import { rename, unlink, writeFile } from 'node:fs/promises';
import type { Crs } from '../../core/crs.js';
import type { OutputFile } from '../../core/output-file.js';
import { InputError } from '../../errors.js';
import { writeGeoTiff } from '../geotiff-writer.js';
import { encodeIndexedPng } from '../png.js';
import { formatGeoJson } from './geojson.js';

const WRITE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'its folder does not exist', EACCES: 'permission denied', EPERM: 'permission denied', EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder', ENOSPC: 'the disk is full', EROFS: 'read-only file system', EDQUOT: 'disk quota exceeded',
};

function toGeoTiffCrs(crs: Crs, path: string): { epsg?: number; geographic?: boolean; wkt?: string } {
  if (crs.epsg !== undefined) return { epsg: crs.epsg, geographic: crs.geographic };
  if (crs.wkt) return { wkt: crs.wkt };
  throw new InputError(`${path}: the grid's CRS (${crs.id}) has no EPSG code or WKT to write into the GeoTIFF; give the input an EPSG/ESRI code with --raster-crs`);
}

async function writeOne(file: OutputFile, temporary: string): Promise<void> {
  if (file.kind === 'text') return writeFile(temporary, file.content);
  if (file.kind === 'geojson') return writeFile(temporary, formatGeoJson(file.layer));
  if (file.kind === 'png') return writeFile(temporary, encodeIndexedPng(file.indexes, file.rows, file.cols, file.palette, file.scale));
  const { grid, values } = file;
  await writeGeoTiff(temporary, { grid, crs: toGeoTiffCrs(file.crs, file.path), dataType: 'uint8', tileSize: 256 }, (row0, rows, out) => {
    out.set(values.subarray(row0 * grid.cols, (row0 + rows) * grid.cols));
  });
}

function toWriteError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && code in WRITE_PROBLEMS) return new InputError(`${path}: cannot write the file (${WRITE_PROBLEMS[code]}, ${code})`);
  return error;
}

/** Writes all files, or none: temps first, renames last; every temp is removed on failure. */
export async function writeOutputFiles(files: readonly OutputFile[]): Promise<void> {
  const temporaries: string[] = [];
  try {
    for (const file of files) {
      const temporary = `${file.path}.tmp-${process.pid}`;
      temporaries.push(temporary);
      try {
        await writeOne(file, temporary);
      } catch (error) {
        throw toWriteError(error, file.path);
      }
    }
    for (const [k, file] of files.entries()) {
      try {
        await rename(temporaries[k], file.path);
      } catch (error) {
        throw toWriteError(error, file.path);
      }
    }
  } catch (error) {
    await Promise.all(temporaries.map((t) => unlink(t).catch(() => undefined)));
    throw error;
  }
}
