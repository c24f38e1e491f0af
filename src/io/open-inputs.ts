/**
 * The InputOpener behind the CLI, the batch runner and the library: opens rasters, vector layers and
 * tables from paths — or, from the library, from in-memory data — applies each layer's CRS override,
 * and describes each input for provenance (role, path, sha256, size, CRS, extent, resolution, nodata).
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { resolveCrs, type Crs } from '../core/crs.js';
import { toGridBounds, type Bounds, type Grid } from '../core/grid.js';
import { describeSource, type InputOpener, type InputSource, type PopulationTableRow, type ProgressReport } from '../core/inputs.js';
import { createMemoryRaster } from '../core/memory-raster.js';
import type { InputDescription } from '../core/observation.js';
import type { RasterSource } from '../core/raster.js';
import { InputError } from '../errors.js';
import { toLineFeatures, toPolygonFeatures, type RawFeature } from './geojson.js';
import { computeFileSha256 } from './file-hash.js';
import { createDecodePool, createHashPool, type DecodePool, type HashPool } from './decode-pool.js';
import { readGtfsStops } from './gtfs.js';
import { readWholeText } from './read-text.js';
import { readMicrodata, readMicrodataRecords } from './microdata.js';
import { readPopulationPoints, readStopPoints, readStreets } from './network-layers.js';
import { openRaster } from './raster.js';
import { isMosaicPath, listMosaicFiles, openMosaic } from './raster-mosaic.js';
import { isUrl } from './byte-source.js';
import { listZipEntries, openZip } from './zip.js';
import { readPopulationTable } from './table.js';
import { readFeatureFile, readZoneCodes, readZones, type LayerRef } from './vector.js';

/** The files an input path stands for: itself, or a mosaic's VRT and tiles (a folder: its tiles). */
export async function listInputFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  if (!info) return [];
  return isMosaicPath(path, info.isDirectory()) ? (await listMosaicFiles(path, info.isDirectory())).map((f) => resolve(f)) : [resolve(path)];
}

/**
 * An input's SHA-256: of the file, or for a mosaic of the `sha256sum`-style list of its files
 * ("HASH  PATH" lines, paths relative to the folder or VRT), bytes summed. Known hashes are reused.
 * `hashFile` is told the size of the whole input (a mosaic's tiles together).
 */
export async function computeInputSha256(path: string, known?: KnownHashes, hashFile: (file: string, inputBytes: number) => Promise<{ sha256: string; bytes: number }> = computeFileSha256): Promise<{ sha256: string | null; bytes: number | null }> {
  if (isUrl(path)) return { sha256: null, bytes: null };
  const files = await listInputFiles(path);
  const unknown = files.filter((file) => !known?.has(file));
  const inputBytes = (await Promise.all(unknown.map(async (file) => (await stat(file)).size))).reduce((sum, size) => sum + size, 0);
  const hashOf = async (file: string) => known?.get(file) ?? (await hashFile(file, inputBytes));
  if (files.length === 1 && files[0] === resolve(path)) return hashOf(files[0]);
  const folder = (await stat(path)).isDirectory() ? resolve(path) : dirname(resolve(path));
  const lines: string[] = [];
  let bytes = 0;
  for (const file of files) {
    const one = await hashOf(file);
    lines.push(`${one.sha256}  ${relative(folder, file).split(sep).join('/')}\n`);
    bytes += one.bytes;
  }
  return { sha256: createHash('sha256').update(lines.join('')).digest('hex'), bytes };
}

/**
 * A path as provenance records it: relative to the working directory, with `/`, so that `a.tif`,
 * `./a.tif` and `/home/me/a.tif` (run from /home/me) give byte-identical output.
 */
export function toRecordedPath(path: string, root = process.cwd()): string {
  if (isUrl(path)) return path;
  return relative(root, resolve(path)).split(sep).join('/') || '.';
}

/** Inputs smaller than this (a mosaic: its tiles together) hash on the main thread: a hashing thread takes ~30 ms to start, 16 MB ~30 ms to hash. */
const THREAD_HASH_MIN_BYTES = 16 * 1024 * 1024;

/**
 * Raster files smaller than this decode on the main thread: a decode thread takes 50–90 ms to start
 * and to receive its first blocks, longer than such a file takes to decode (measured with
 * `measure-decode` on this project's 2-core machine: a 6 MB, 5,000² DEFLATE raster decoded and summed
 * 8 % faster without the thread; a 26 MB, 10,000² one 27 % faster with it).
 */
const THREAD_DECODE_MIN_BYTES = 16 * 1024 * 1024;

/** A file's SHA-256 and size, known before the run (a batch hashes each input once). */
export type KnownHashes = ReadonlyMap<string, { readonly sha256: string; readonly bytes: number }>;

/** A CRS override and the option that sets it, per layer (`zones`, `raster`, `stops`, …). */
export type CrsOverrides = Readonly<Record<string, { readonly value?: string; readonly flag: string }>>;

export interface FileInputOptions {
  readonly zoneId?: string;
  readonly crs?: CrsOverrides;
  /** The layer to read per input layer, for files that hold several (`--zones-layer`, …). */
  readonly layerNames?: CrsOverrides;
  readonly band?: number;
  /** --max-cells: also bounds each raster's cache of decoded blocks (8 bytes a cell). */
  readonly maxCells?: number;
  /** Text encoding of CSV microdata and tables (default UTF-8). */
  readonly encoding?: string;
  /** Zone attributes the run reports per zone (--geocode-field, --ref-area-field): each zone must carry them. */
  readonly zoneFields?: readonly { readonly field: string; readonly flag: string }[];
  /** Zones set aside (a batch unit records them as flagged nulls), or the one zone a unit computes. */
  readonly excludeZones?: ReadonlySet<string>;
  readonly onlyZone?: string;
  /** Hashes already computed, by absolute path. */
  readonly hashes?: KnownHashes;
  /** Paths in provenance are relative to this folder (default: the working directory). */
  readonly recordRoot?: string;
  /** Where long reads (GTFS tables, OSM passes, survey microdata) report their progress. */
  readonly progress?: ProgressReport;
  /** Threads of the run (--threads; io/decode-pool.ts): from 2, N − 1 decode threads and a hashing thread; 1 or absent: the calling thread only. */
  readonly threads?: number;
  /** false (--no-hash): provenance records sha256 null and the size only. */
  readonly hash?: boolean;
}

export interface RecordingOpener extends InputOpener {
  /** Inputs opened so far, in order. */
  describeInputs(): Promise<InputDescription[]>;
  /** What the run should know about its inputs (a datum shifted without its grid). */
  warnings(): string[];
  /** Zone id → its value of a `zoneFields` attribute, from the zones read (null when no zones were read). */
  zoneValues(field: string): ReadonlyMap<string, string> | null;
  closeAll(): Promise<void>;
}

/** An in-memory raster handed to the library: a north-up grid, its CRS and the cell values, row by row. */
interface MemoryRasterInput {
  readonly grid: Grid;
  readonly crs: string;
  readonly values: Float64Array | Float32Array;
  readonly nodata?: number | null;
}

function isMemoryRaster(value: unknown): value is MemoryRasterInput {
  const v = value as Partial<MemoryRasterInput>;
  return typeof v === 'object' && v !== null && typeof v.grid === 'object' && typeof v.crs === 'string' && (v.values instanceof Float64Array || v.values instanceof Float32Array);
}

/** Role `population:SEX=F` → layer `population`; rasters share `raster`. */
function layerOf(role: string): string {
  return role.split(':')[0];
}

function hashInMemory(source: InputSource): { sha256: string; bytes: number } {
  const hash = createHash('sha256');
  let bytes = 0;
  if (isMemoryRaster(source)) {
    const view = new Uint8Array(source.values.buffer, source.values.byteOffset, source.values.byteLength);
    hash.update(JSON.stringify({ grid: source.grid, crs: source.crs, nodata: source.nodata ?? null, type: source.values.constructor.name }));
    hash.update(view);
    bytes = view.byteLength;
  } else {
    const text = JSON.stringify(source);
    hash.update(text);
    bytes = Buffer.byteLength(text);
  }
  return { sha256: hash.digest('hex'), bytes };
}

function toPopulationRows(name: string, source: InputSource): PopulationTableRow[] {
  if (!Array.isArray(source)) throw new InputError(`${name}: expected rows { zone, year, population }, found an object`);
  return source.map((row, k) => {
    const zone = row.zone ?? row.id;
    const year = Number(row.year);
    const population = Number(row.population);
    if (zone === undefined || !Number.isInteger(year) || !(population >= 0)) throw new InputError(`${name} row ${k}: expected zone, year and a population ≥ 0, found ${JSON.stringify(row).slice(0, 120)}`);
    return { zone: String(zone), year, population };
  });
}

/**
 * Survey microdata by extension: Stata .dta, SPSS .sav, else CSV. A CSV file is read whole, first
 * byte to last: with `hashing`, its SHA-256 is computed from those bytes (the file is read once).
 */
async function readMicrodataFile(path: string, columns: Parameters<typeof readMicrodata>[1], encoding: string | undefined, progress: ProgressReport | undefined, hashing: boolean) {
  if (/\.dta$/i.test(path)) return { data: await (await import('./stata.js')).readStata(path, columns, progress) };
  if (/\.z?sav$/i.test(path)) return { data: await (await import('./spss.js')).readSpss(path, columns, progress) };
  if (!hashing) return { data: await readMicrodata(path, columns, encoding, progress) };
  const hash = createHash('sha256');
  let bytes = 0;
  const data = await readMicrodata(path, columns, encoding, progress, (chunk) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  return { data, sha256: { sha256: hash.digest('hex'), bytes } };
}

/** Whether a zip holds a GeoTIFF (a GHSL tile) rather than a Shapefile. */
async function zipHoldsGeoTiff(path: string): Promise<boolean> {
  const zip = await openZip(path).catch(() => null);
  if (!zip) return false;
  try {
    // An unreadable zip is not a raster here; reading it as a vector names what is wrong with it.
    return (await listZipEntries(zip).catch(() => [])).some((e) => /\.tiff?$/i.test(e.fileName));
  } finally {
    zip.close();
  }
}

/** A path must name a file: a folder (or nothing) is the user's mistake, named before any reader runs. */
async function assertFile(source: InputSource, role: string): Promise<void> {
  if (typeof source !== 'string') return;
  const info = await stat(source).catch(() => null);
  if (info?.isDirectory()) throw new InputError(`${source}: is a folder (expected a file: the ${role} input)`);
}

export function createFileInputOpener(options: FileInputOptions): RecordingOpener {
  const pending: { role: string; source: InputSource; details: Record<string, unknown>; hash: Promise<{ sha256: string | null; bytes: number | null }> }[] = [];
  const opened: RasterSource[] = [];
  const nameOf = (role: string, source: InputSource) => (typeof source === 'string' ? source : `(in-memory ${role})`);
  const layer = (role: string, source: InputSource, clip?: Bounds): LayerRef => {
    const override = options.crs?.[layerOf(role)];
    const chosen = options.layerNames?.[layerOf(role)];
    return { source, name: nameOf(role, source), crs: override?.value, crsFlag: override?.flag, layer: chosen?.value, layerFlag: chosen?.flag, clip, progress: options.progress };
  };
  const notes = new Set<string>();
  /** Created with the first raster opened, closed with the rasters. */
  let decodePool: DecodePool | null | undefined;
  /** With --threads > 1, inputs are hashed on a thread of their own (created with the first input, closed once hashed). */
  let hashPool: HashPool | null | undefined;
  const zoneValues = new Map<string, Map<string, string>>();
  /** Each input's hash starts as soon as it is opened (its reads overlap the run) and is awaited for provenance. */
  const startHash = (source: InputSource): Promise<{ sha256: string | null; bytes: number | null }> => {
    if (typeof source !== 'string') return Promise.resolve(hashInMemory(source));
    // An input of THREAD_HASH_MIN_BYTES or more (a mosaic: its tiles together) is hashed on the hashing thread (started for the first such input); smaller ones here.
    const hashFile = async (file: string, inputBytes: number) => {
      if ((options.threads ?? 1) < 2 || inputBytes < THREAD_HASH_MIN_BYTES) return computeFileSha256(file);
      if (hashPool === undefined) hashPool = createHashPool();
      return hashPool ? hashPool.hash(file) : computeFileSha256(file);
    };
    const hashing = options.hash === false ? stat(source).then((info) => ({ sha256: null, bytes: info.isFile() ? info.size : null }), () => ({ sha256: null, bytes: null })) : computeInputSha256(source, options.hashes, hashFile);
    hashing.catch(() => undefined); // awaited in describeInputs; an early error must not be unhandled meanwhile
    return hashing;
  };
  /** An input read, for provenance; `hashed`: its SHA-256 already computed from the bytes read. */
  const record = (role: string, source: InputSource, details: Record<string, unknown>, crs?: Crs, hashed?: { sha256: string; bytes: number }) => {
    pending.push({ role, source, details, hash: hashed ? Promise.resolve(hashed) : startHash(source) });
    if (crs?.datumNote) notes.add(`${nameOf(role, source)} (${crs.id}): ${crs.datumNote}`);
  };
  /** A vector layer's features, converted (polygons, lines) and recorded. */
  async function readFeatureLayer<F>(role: string, source: InputSource, what: string, convert: (features: RawFeature[], name: string) => F[], clip?: Bounds) {
    await assertFile(source, role);
    const ref = layer(role, source, clip);
    const { features, crs } = await readFeatureFile(ref, `${role} ${what}`, what === 'polygons' ? 'polygon' : 'any');
    record(role, source, { crs: crs.id, features: features.length }, crs);
    return { path: ref.name, crs, features: convert(features, ref.name) };
  }
  return {
    async openRaster(role, source) {
      const override = options.crs?.raster;
      let raster: RasterSource;
      if (typeof source === 'string') {
        // A folder of tiles or a VRT is one mosaic; any other path must be a GeoTIFF file.
        const found = isUrl(source) ? null : await stat(source).catch(() => null);
        const isDirectory = found?.isDirectory() ?? false;
        const isMosaic = isMosaicPath(source, isDirectory);
        // Mosaics (a VRT's size is not its tiles') and remote rasters decode on the threads.
        const small = !isMosaic && found?.isFile() === true && found.size < THREAD_DECODE_MIN_BYTES;
        const pool = small ? null : (decodePool ??= createDecodePool(options.threads ?? 1));
        const settings = { crsOverride: override?.value, band: options.band, decodePool: pool, ...(options.maxCells ? { blockCacheBytes: options.maxCells * 8 } : {}) };
        raster = isMosaic ? await openMosaic(source, isDirectory, settings) : await openRaster(source, settings);
      }
      else if (isMemoryRaster(source)) raster = createMemoryRaster(nameOf(role, source), source.grid, resolveCrs(override?.value ?? source.crs, nameOf(role, source)), source.values, source.nodata ?? null);
      else throw new InputError(`${nameOf(role, source)}: expected a GeoTIFF path or a raster { grid, crs, values }`);
      opened.push(raster);
      const { grid, crs, nodata, dataType, compression, layout, bigTiff, crsSource } = raster.info;
      record(role, source, {
        crs: crs.id, crsName: crs.name, crsSource,
        extent: toGridBounds(grid), resolution: [grid.cellWidth, grid.cellHeight], size: [grid.cols, grid.rows],
        nodata, dataType, compression, layout, bigTiff,
        ...(raster.info.bands > 1 ? { band: options.band } : {}),
        ...(raster.info.scale !== undefined ? { scale: raster.info.scale, offset: raster.info.offset } : {}),
        // The counters keep counting as blocks are read; provenance is written after the run.
        ...(raster.info.transfer ? { http: raster.info.transfer } : {}),
      }, crs);
      for (const note of raster.info.notes ?? []) notes.add(note);
      return raster;
    },
    async isRaster(source) {
      if (typeof source !== 'string') return isMemoryRaster(source);
      if (isUrl(source) || /\.(tiff?|vrt)$/i.test(source)) return true;
      const info = await stat(source).catch(() => null);
      if (info?.isDirectory()) return true;
      return /\.zip$/i.test(source) && info !== null && (await zipHoldsGeoTiff(source));
    },
    async readZones(role, source) {
      await assertFile(source, role);
      const zones = await readZones(layer(role, source), { idField: options.zoneId, exclude: options.excludeZones, only: options.onlyZone });
      record(role, source, { crs: zones.crs.id, features: zones.features.length, idSource: zones.idSource }, zones.crs);
      for (const { field, flag } of options.zoneFields ?? []) {
        const values = zoneValues.get(field) ?? new Map<string, string>();
        for (const [id, code] of readZoneCodes(zones, field, flag)) values.set(id, code);
        zoneValues.set(field, values);
      }
      return zones;
    },
    async readPopulationTable(role, source) {
      await assertFile(source, role);
      const rows = typeof source === 'string' ? await readPopulationTable(source, options.zoneId, options.encoding) : toPopulationRows(nameOf(role, source), source);
      record(role, source, { rows: rows.length });
      return rows;
    },
    async readMicrodata(role, source, columns) {
      await assertFile(source, role);
      if (typeof source !== 'string' && !Array.isArray(source)) throw new InputError(`${nameOf(role, source)}: expected a CSV path or an array of records`);
      // Hashed as read unless the hash is known already (a batch hashes each file once) or not wanted.
      const hashing = typeof source === 'string' && options.hash !== false && !options.hashes?.has(resolve(source));
      const { data, sha256 } = typeof source === 'string' ? await readMicrodataFile(source, columns, options.encoding, options.progress, hashing) : { data: readMicrodataRecords(nameOf(role, source), source, columns) };
      record(role, source, { rows: data.rows, columns: columns.map((c) => c.name) }, undefined, sha256);
      return data;
    },
    async readJson(role, source) {
      await assertFile(source, role);
      if (typeof source !== 'string') {
        record(role, source, {});
        return source;
      }
      const text = await readWholeText(source, 64 * 1024 ** 2, `a JSON ${role}`, 'is it the right file?');
      try {
        const value: unknown = JSON.parse(text);
        record(role, source, {});
        return value;
      } catch (error) {
        throw new InputError(`${source}: not valid JSON (${(error as Error).message.slice(0, 120)})`);
      }
    },
    async readStopPoints(role, source, capacityField) {
      await assertFile(source, role);
      const stops = await readStopPoints(layer(role, source), capacityField);
      record(role, source, { crs: stops.crs.id, stops: stops.stops.length }, stops.crs);
      return stops;
    },
    async readGtfsStops(role, source, capacityMap, filter) {
      await assertFile(source, role);
      if (typeof source !== 'string') throw new InputError(`${nameOf(role, source)}: expected the path of a GTFS .zip`);
      const stops = await readGtfsStops(source, capacityMap, filter, options.progress);
      record(role, source, { stops: stops.stops.length });
      return stops;
    },
    async readPopulationPoints(role, source, field) {
      await assertFile(source, role);
      const points = await readPopulationPoints(layer(role, source), field);
      record(role, source, { crs: points.crs.id, points: points.counts.length, field }, points.crs);
      return points;
    },
    readPolygons: (role, source) => readFeatureLayer(role, source, 'polygons', toPolygonFeatures),
    readLines: (role, source, clip) => readFeatureLayer(role, source, 'lines', toLineFeatures, clip),
    async readStreets(role, source, clip) {
      await assertFile(source, role);
      const streets = await readStreets(layer(role, source, clip));
      record(role, source, { crs: streets.crs.id, lines: streets.lines.length, ...(streets.osm ? { osm: streets.osm } : {}) }, streets.crs);
      return streets;
    },
    async describeInputs() {
      const described: InputDescription[] = [];
      for (const { role, source, details, hash: hashing } of pending) {
        const hash = await hashing;
        described.push({ role, path: typeof source === 'string' ? toRecordedPath(source, options.recordRoot) : describeSource(source), ...hash, ...details });
      }
      return described;
    },
    warnings() {
      return [...notes];
    },
    zoneValues(field) {
      return zoneValues.get(field) ?? null;
    },
    async closeAll() {
      for (const raster of opened.splice(0)) await raster.close().catch(() => undefined);
      await decodePool?.close();
      decodePool = undefined;
      // Provenance has awaited every hash by now; a run that failed abandons those still running.
      await hashPool?.close();
      hashPool = undefined;
    },
  };
}
