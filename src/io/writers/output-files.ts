/**
 * Every file a run writes goes through here, and nothing it writes can destroy anything:
 * - an output that is an input (same file, through any path or link), or two outputs that are the same
 *   file, is refused before anything is written (exit 2);
 * - a regular target is written to a temporary file beside it, created exclusively under an
 *   unpredictable name (O_CREAT | O_EXCL | O_NOFOLLOW: a planted link is never followed), synced, and
 *   renamed over the target only once every output of the run is ready; a link as target is resolved,
 *   so the link stays and its target is replaced;
 * - a target that is not a regular file (/dev/stdout, /dev/null, a FIFO) is written in place, never
 *   renamed over;
 * - any failure removes every temporary file; so does SIGINT or SIGTERM (pending-temporaries.ts),
 *   leaving previous outputs intact; after a SIGKILL, the next write to the same file removes the
 *   temporaries whose process is gone (the writer's PID is in their name).
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, readlink, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Crs } from '../../core/crs.js';
import type { OutputFile } from '../../core/output-file.js';
import { InputError } from '../../errors.js';
import { writeGeoTiff } from '../geotiff-writer.js';
import { encodeIndexedPng } from '../png.js';
import { formatGeoJson } from './geojson.js';
import { addPendingOutput, dropPendingOutput } from './pending-temporaries.js';

const WRITE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'its folder does not exist', EACCES: 'permission denied', EPERM: 'permission denied', EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder', ENOSPC: 'the disk is full', EROFS: 'read-only file system', EDQUOT: 'disk quota exceeded',
  ELOOP: 'too many symbolic links', ENAMETOOLONG: 'the name is too long', EFBIG: 'the file is too large',
};

function toWriteError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code !== undefined && code in WRITE_PROBLEMS) return new InputError(`${path}: cannot write the file (${WRITE_PROBLEMS[code]}, ${code})`);
  return error;
}

function toGeoTiffCrs(crs: Crs, path: string): { epsg?: number; geographic?: boolean; wkt?: string } {
  if (crs.epsg !== undefined) return { epsg: crs.epsg, geographic: crs.geographic };
  if (crs.wkt) return { wkt: crs.wkt };
  throw new InputError(`${path}: the grid's CRS (${crs.id}) has no EPSG code or WKT to write into the GeoTIFF; give the input an EPSG/ESRI code with --raster-crs`);
}

async function writeContent(file: OutputFile, handle: FileHandle): Promise<void> {
  if (file.kind === 'text') return void (await handle.writeFile(file.content));
  if (file.kind === 'geojson') return void (await handle.writeFile(formatGeoJson(file.layer)));
  if (file.kind === 'png') {
    if (file.legend) {
      const { encodeLegendPng } = await import('../png-legend.js');
      return void (await handle.writeFile(await encodeLegendPng(file.indexes, file.rows, file.cols, file.palette, file.scale, file.legend)));
    }
    return void (await handle.writeFile(encodeIndexedPng(file.indexes, file.rows, file.cols, file.palette, file.scale)));
  }
  const { grid, values } = file;
  await writeGeoTiff(handle, { grid, crs: toGeoTiffCrs(file.crs, file.path), dataType: 'uint8', tileSize: 256, nodata: file.nodata }, (row0, rows, out) => {
    out.set(values.subarray(row0 * grid.cols, (row0 + rows) * grid.cols));
  });
}

interface ResolvedTarget {
  readonly path: string;
  readonly regular: boolean;
  /** Device and inode of an existing file. */
  readonly id: string | null;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** A new file's path with its folder's links resolved (so that a link to a folder is no way around the checks). */
async function toNewFilePath(path: string): Promise<string> {
  const folder = await realpath(dirname(path)).catch(() => dirname(path));
  return join(folder, basename(path));
}

/**
 * The file a path names, links followed by the kernel: a regular file (written through a temporary
 * file renamed over it), something else that exists (a device, a FIFO: written in place), or a new
 * file (a dangling link names the file it would create).
 */
async function resolveTarget(path: string): Promise<ResolvedTarget> {
  const absolute = resolve(path);
  const link = await lstat(absolute).catch((error: unknown) => {
    if (isMissing(error)) return null;
    throw toWriteError(error, path);
  });
  if (!link) return { path: await toNewFilePath(absolute), regular: true, id: null };
  const info = await stat(absolute).catch((error: unknown) => {
    if (isMissing(error)) return null;
    throw toWriteError(error, path);
  });
  if (!info) {
    // A dangling link: follow it by hand to the file it would create.
    let target = absolute;
    for (let hops = 0; hops < 40; hops++) {
      const next = await lstat(target).catch(() => null);
      if (!next) return { path: await toNewFilePath(target), regular: true, id: null };
      if (!next.isSymbolicLink()) break;
      target = resolve(dirname(target), await readlink(target));
    }
    throw new InputError(`${path}: cannot write the file (too many symbolic links, ELOOP)`);
  }
  if (info.isDirectory()) throw new InputError(`${path}: cannot write the file (it is a folder, EISDIR)`);
  const id = `${info.dev}:${info.ino}`;
  if (!info.isFile()) return { path: absolute, regular: false, id };
  return { path: await realpath(absolute), regular: true, id };
}

/** Whether a process runs (signal 0 checks without sending anything). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Temporaries that a killed run (SIGKILL, power loss) left beside `path`: their writer's process is
 * gone, so they are removed before the next write to the same file.
 */
async function removeOrphanTemporaries(path: string): Promise<void> {
  await removeOrphanTemporariesIn(dirname(path), `.${basename(path)}.`);
}

/** The temporary name of a file being written: hidden, with the writer's pid, so orphans can be told apart. */
export function toTemporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`);
}

/**
 * Removes the temporaries that a killed run left in `folder` (those of a process no longer running),
 * optionally only those of one target (`prefix` = `.NAME.`). `ownPid`: nothing of this process writes
 * there yet, so temporaries carrying its pid are orphans too (a killed run whose pid was reused).
 */
export async function removeOrphanTemporariesIn(folder: string, prefix = '.', ownPid = false): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /\.(\d+)\.[0-9a-f]{16}\.tmp$/.exec(name);
    const pid = Number(match?.[1]);
    const orphan = match !== null && (pid === process.pid ? ownPid : !isRunning(pid));
    if (orphan) await unlink(join(folder, name)).catch(() => undefined);
  }
}

/** The identity (device and inode) of each input file that exists. */
async function identify(paths: readonly string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info) ids.set(`${info.dev}:${info.ino}`, path);
  }
  return ids;
}

/**
 * Refuses outputs that are inputs of the run (same file through any path or link) or that name the
 * same file twice. Runs before the computation and again just before writing.
 */
export async function checkOutputTargets(outputs: readonly string[], inputs: readonly string[]): Promise<ResolvedTarget[]> {
  const inputIds = await identify(inputs);
  const targets: ResolvedTarget[] = [];
  const seen = new Map<string, string>();
  for (const path of outputs) {
    const target = await resolveTarget(path);
    const input = target.id === null ? undefined : inputIds.get(target.id);
    if (input !== undefined) throw new InputError(`${path}: refusing to write over an input of this run (${input}); choose another output name`);
    const key = target.id ?? target.path;
    const other = seen.get(key);
    if (other !== undefined) throw new InputError(`${path}: two outputs of this run name the same file (also ${other}); choose different names`);
    seen.set(key, path);
    targets.push(target);
  }
  return targets;
}

/**
 * Writes all files of a run, or none. `inputs` are the paths the run read (with their sidecar
 * files): an output that is one of them is refused before anything is written.
 */
export async function writeOutputFiles(files: readonly OutputFile[], inputs: readonly string[] = []): Promise<void> {
  const resolved = await checkOutputTargets(files.map((f) => f.path), inputs);
  const targets = files.map((file, k) => ({ file, target: resolved[k] }));
  const temporaries: string[] = [];
  try {
    for (const { file, target } of targets) {
      if (!target.regular) continue;
      await removeOrphanTemporaries(target.path);
      const temporary = toTemporaryName(target.path);
      let handle: FileHandle;
      try {
        handle = await open(temporary, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o666);
      } catch (error) {
        throw toWriteError(error, file.path);
      }
      temporaries.push(temporary);
      addPendingOutput(temporary);
      try {
        await writeContent(file, handle);
        await handle.sync();
      } catch (error) {
        throw toWriteError(error, file.path);
      } finally {
        await handle.close();
      }
    }
    // Commit: devices and FIFOs are written in place, regular files renamed, all at the end.
    let k = 0;
    for (const { file, target } of targets) {
      try {
        if (!target.regular) {
          const handle = await open(target.path, constants.O_WRONLY | constants.O_APPEND);
          try {
            await writeContent(file, handle);
          } finally {
            await handle.close();
          }
          continue;
        }
        await rename(temporaries[k], target.path);
        dropPendingOutput(temporaries[k]);
        k++;
      } catch (error) {
        throw toWriteError(error, file.path);
      }
    }
  } finally {
    for (const temporary of temporaries) {
      if (dropPendingOutput(temporary)) await unlink(temporary).catch(() => undefined);
    }
  }
}
