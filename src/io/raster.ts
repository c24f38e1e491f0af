/**
 * GeoTIFF reading by windows only (docs/architecture.md §2.6): a raster is opened for its header, and cells are read
 * block by block for the window a zone touches — never the whole image. Built on geotiff.js for the
 * TIFF structure (strips, tiles, BigTIFF); blocks are read in runs and decoded by io/block-decode.ts
 * (native DEFLATE, LZW, PackBits, ZSTD, predictors), other compressions by geotiff.js; the bytes come
 * from a file, a zip member or a URL (io/byte-source.ts).
 */
import type { BaseDecoder, GeoTIFF as GeoTiffFile, GeoTIFFImage } from 'geotiff';
import { resolveCrs, type Crs } from '../core/crs.js';
import { toGridBounds, type CellWindow, type Grid } from '../core/grid.js';
import { type RasterArray, type RasterDataType, type RasterInfo, type RasterSource, type WindowPart } from '../core/raster.js';
import { InputError } from '../errors.js';
import { describeImplausibleExtent } from '../core/coordinate-checks.js';
import { openByteSource, toGeoTiffSource, type ByteSource } from './byte-source.js';
import { BlockBuffers } from './block-buffers.js';
import { decodeBlock, DECODED_COMPRESSIONS, prepareDecoder, type BlockParameters } from './block-decode.js';
import { requireCommonJs } from '../core/require-commonjs.js';
import type { DecodePool } from './decode-pool.js';

// geotiff.js's CommonJS build (core/require-commonjs.ts: its ES module graph takes twice as long to load).
const { GeoTIFF, getDecoder } = requireCommonJs('geotiff') as typeof import('geotiff');

export interface OpenRasterOptions {
  /** CRS to use when the file has none or a wrong one (CLI `--raster-crs`). */
  readonly crsOverride?: string;
  /** 1-based band. */
  readonly band?: number;
  /** Decoded blocks kept for reuse across neighbouring zones, in bytes. */
  readonly blockCacheBytes?: number;
  /** Threads that decode blocks (io/decode-pool.ts); without it, blocks decode on the calling thread. */
  readonly decodePool?: DecodePool | null;
}

const COMPRESSION_NAMES: Record<number, string> = {
  1: 'none', 5: 'LZW', 7: 'JPEG', 8: 'DEFLATE', 32773: 'PackBits', 32946: 'DEFLATE', 34887: 'LERC', 50000: 'ZSTD', 50001: 'WEBP',
};

const TIFF_MAGIC = new Set(['49492a00', '4d4d002a', '49492b00', '4d4d002b']);

async function assertTiffHeader(source: ByteSource): Promise<void> {
  const magic = Buffer.from(await source.read(0, 4)).toString('hex');
  if (!TIFF_MAGIC.has(magic)) {
    throw new InputError(`${source.name}: not a GeoTIFF (expected a TIFF header II*/MM*, found bytes ${magic || 'none: the file is empty'})`);
  }
}

function toDataType(sampleFormat: number, bits: number, path: string): RasterDataType {
  const key = `${sampleFormat}:${bits}`;
  const types: Record<string, RasterDataType> = {
    '1:8': 'uint8', '2:8': 'int8', '1:16': 'uint16', '2:16': 'int16', '1:32': 'uint32', '2:32': 'int32', '3:32': 'float32', '3:64': 'float64',
  };
  const type = types[key];
  if (!type) throw new InputError(`${path}: unsupported cell type (expected 8/16/32-bit integers or 32/64-bit floats, found sample format ${sampleFormat} with ${bits} bits)`);
  return type;
}

const ARRAY_TYPES = {
  uint8: Uint8Array, int8: Int8Array, uint16: Uint16Array, int16: Int16Array,
  uint32: Uint32Array, int32: Int32Array, float32: Float32Array, float64: Float64Array,
} as const;

/** Finds the raster's CRS: an EPSG code in the GeoKeys, else WKT in the citation keys (GHSL style). */
function readCrs(image: GeoTIFFImage, path: string, override?: string): { crs: Crs; source: string } {
  if (override) return { crs: resolveCrs(override, `--raster-crs for ${path}`), source: 'override' };
  const keys = (image.getGeoKeys() ?? {}) as Record<string, unknown>;
  const projected = Number(keys.ProjectedCSTypeGeoKey);
  if (projected > 0 && projected < 32767) return { crs: resolveCrs(`EPSG:${projected}`, path), source: 'epsg-geokey' };
  for (const key of ['PCSCitationGeoKey', 'GTCitationGeoKey', 'GeogCitationGeoKey']) {
    const citation = keys[key];
    if (typeof citation !== 'string') continue;
    const wkt = /(PROJCS|PROJCRS|GEOGCS|GEOGCRS)\s*\[.*\]/s.exec(citation)?.[0];
    if (wkt) return { crs: resolveCrs(wkt, path), source: 'wkt-citation' };
  }
  const geographic = Number(keys.GeographicTypeGeoKey);
  if (Number(keys.GTModelTypeGeoKey) === 2 && geographic > 0 && geographic < 32767) {
    return { crs: resolveCrs(`EPSG:${geographic}`, path), source: 'epsg-geokey' };
  }
  const found = Object.keys(keys).length === 0 ? 'no GeoKeys' : `GeoKeys ${Object.keys(keys).join(', ')} without an EPSG code or WKT`;
  throw new InputError(`${path}: cannot determine the raster's coordinate reference system (expected an EPSG code or WKT in the GeoKeys, found ${found}); give it with --raster-crs, e.g. --raster-crs ESRI:54009`);
}

function readGrid(image: GeoTIFFImage, path: string): Grid {
  const fd = image.getFileDirectory();
  const transformation = fd.getValue('ModelTransformation') as number[] | undefined;
  if (transformation && (transformation[1] !== 0 || transformation[4] !== 0)) {
    throw new InputError(`${path}: rotated or sheared rasters are not supported (expected a north-up grid, found a ModelTransformation with rotation terms); warp it first, e.g. gdalwarp`);
  }
  let origin: number[];
  let resolution: number[];
  if (transformation) {
    // Read as GDAL does: x = t0·col + t3, y = t5·row + t7 (geotiff.js negates t5, which mirrors a
    // y-up raster into a north-up one without a word).
    origin = [transformation[3], transformation[7]];
    resolution = [transformation[0], transformation[5]];
  } else {
    try {
      origin = image.getOrigin();
      resolution = image.getResolution();
    } catch {
      throw new InputError(`${path}: no georeferencing (expected ModelTiepoint + ModelPixelScale or ModelTransformation tags, found neither)`);
    }
  }
  if (resolution[1] > 0) throw new InputError(`${path}: rows run south to north (pixel height +${resolution[1]}); expected a north-up grid — flip it first, e.g. gdalwarp in.tif out.tif`);
  const cellWidth = resolution[0];
  const cellHeight = -resolution[1];
  if (!(cellWidth > 0) || !(cellHeight > 0)) {
    throw new InputError(`${path}: unsupported grid orientation (expected positive cell width and north-up rows, found cell size ${cellWidth} × ${resolution[1]})`);
  }
  const keys = (image.getGeoKeys() ?? {}) as Record<string, unknown>;
  // PixelIsPoint: the tie point is a cell centre; shift to the corner as GDAL does.
  const isPoint = Number(keys.GTRasterTypeGeoKey) === 2;
  return {
    originX: origin[0] - (isPoint ? cellWidth / 2 : 0),
    originY: origin[1] + (isPoint ? cellHeight / 2 : 0),
    cellWidth,
    cellHeight,
    cols: image.getWidth(),
    rows: image.getHeight(),
  };
}

/** Where each block's bytes are in the file (TileOffsets/StripOffsets and their byte counts), checked against its size. */
interface BlockTable {
  readonly offsets: Float64Array;
  readonly counts: Float64Array;
}

async function assertNotTruncated(image: GeoTIFFImage, path: string, fileSize: number, tiled: boolean): Promise<BlockTable> {
  const fd = image.getFileDirectory();
  // Declared sizes are checked against the file before anything is allocated for them.
  const width = image.getWidth();
  const height = image.getHeight();
  const blockWidth = image.getTileWidth();
  const blockHeight = image.getTileHeight();
  const planes = Number(fd.getValue('PlanarConfiguration') ?? 1) === 2 ? image.getSamplesPerPixel() : 1;
  const blocks = Math.ceil(width / blockWidth) * Math.ceil(height / blockHeight) * planes;
  if (!(width > 0 && height > 0 && blockWidth > 0 && blockHeight > 0) || blocks * 2 > fileSize) {
    throw new InputError(`${path}: declares ${width} × ${height} cells in ${blocks} blocks, more than a file of ${fileSize} bytes can hold (a corrupt or hostile header)`);
  }
  const offsets = (await fd.loadValue(tiled ? 'TileOffsets' : 'StripOffsets')) as ArrayLike<number | bigint>;
  const counts = (await fd.loadValue(tiled ? 'TileByteCounts' : 'StripByteCounts')) as ArrayLike<number | bigint>;
  if (offsets.length !== blocks || counts.length !== blocks) {
    throw new InputError(`${path}: declares ${blocks} blocks but lists ${offsets.length} offsets and ${counts.length} byte counts (a corrupt header)`);
  }
  const table = { offsets: new Float64Array(blocks), counts: new Float64Array(blocks) };
  for (let i = 0; i < offsets.length; i++) {
    table.offsets[i] = Number(offsets[i]);
    table.counts[i] = Number(counts[i]);
    const end = table.offsets[i] + table.counts[i];
    if (end > fileSize) {
      throw new InputError(`${path}: truncated GeoTIFF (block ${i} needs bytes up to ${end}, found a file of ${fileSize} bytes)`);
    }
  }
  return table;
}

/** Neighbouring blocks are read in one request when the gap between them is at most this (bytes). */
const MAX_READ_GAP_BYTES = 16 * 1024;
/** The longest single read of neighbouring blocks (bytes). */
const MAX_READ_BYTES = 16 * 1024 * 1024;

/** Blocks of a decode thread's task (~2 ms of inflating 256 × 256 blocks, against ~30 µs of messaging). */
const BLOCKS_PER_THREAD_TASK = 8;

/** The largest decoded block read (a buffer of Node's holds at most 2³² bytes). */
const MAX_BLOCK_BYTES = 2 ** 32;

/** Blocks read and decoded at once for one window, up to this many decoded bytes (at least one block). */
const BLOCKS_IN_FLIGHT = 32;
const BYTES_IN_FLIGHT = 32 * 1024 * 1024;

/** Decoded blocks by key, least recently used first; a holder of each block's buffer while it keeps it. */
class BlockCache {
  private readonly entries = new Map<number, RasterArray>();
  private bytes = 0;
  constructor(private readonly capacityBytes: number, private readonly buffers: BlockBuffers) {}
  get(key: number): RasterArray | undefined {
    const value = this.entries.get(key);
    if (value) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }
  set(key: number, value: RasterArray): void {
    if (value.byteLength > this.capacityBytes) return;
    // The same block decoded twice at once (two windows asked for it): the later copy replaces the first.
    const replaced = this.entries.get(key);
    if (replaced) this.remove(key, replaced);
    this.entries.set(key, value);
    this.bytes += value.byteLength;
    this.buffers.hold(value.buffer);
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.capacityBytes) break;
      this.remove(oldest, old);
    }
  }
  private remove(key: number, value: RasterArray): void {
    this.entries.delete(key);
    this.bytes -= value.byteLength;
    this.buffers.drop(value.buffer);
  }
}

function swapBytes(buffer: ArrayBufferLike, bytesPerSample: number): ArrayBuffer {
  const src = new Uint8Array(buffer);
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i += bytesPerSample) {
    for (let k = 0; k < bytesPerSample; k++) out[i + k] = src[i + bytesPerSample - 1 - k];
  }
  return out.buffer;
}

/** GDAL_NODATA as GDAL writes it: a number, `nan`, `inf` or `-inf`. */
function readNodata(text: string | undefined, path: string): number | null {
  if (text === undefined) return null;
  const value = text.replace(/\0+$/, '').trim().toLowerCase();
  if (value === '') return null;
  if (value === 'nan') return Number.NaN;
  if (value === 'inf' || value === '+inf') return Infinity;
  if (value === '-inf') return -Infinity;
  const n = Number(value);
  if (Number.isNaN(n)) throw new InputError(`${path}: unreadable GDAL nodata value ${JSON.stringify(text.slice(0, 40))} (expected a number, nan, inf or -inf)`);
  return n;
}

/** GDAL's per-band scale and offset (GDAL_METADATA items SCALE and OFFSET): value = cell × scale + offset. */
async function readScaleOffset(image: GeoTIFFImage, band: number, path: string): Promise<{ scale: number; offset: number }> {
  const items = ((await image.getGDALMetadata(band - 1)) ?? {}) as Record<string, unknown>;
  const read = (name: string, fallback: number) => {
    if (items[name] === undefined) return fallback;
    const value = Number(items[name]);
    if (!Number.isFinite(value)) throw new InputError(`${path}: band ${band} ${name.toLowerCase()} ${JSON.stringify(String(items[name]).slice(0, 40))} is not a number`);
    return value;
  };
  return { scale: read('SCALE', 1), offset: read('OFFSET', 0) };
}

/** A GeoTIFF by path: a file, a zipped GeoTIFF (.zip) or a URL (io/byte-source.ts). */
export async function openRaster(path: string, options: OpenRasterOptions = {}): Promise<RasterSource> {
  const source = await openByteSource(path);
  try {
    return await openRasterSource(source, options);
  } catch (error) {
    await source.close();
    throw error;
  }
}

async function openRasterSource(source: ByteSource, options: OpenRasterOptions): Promise<RasterSource> {
  const path = source.name;
  const fileSize = source.size;
  await assertTiffHeader(source);
  let tiff: GeoTiffFile;
  let image: GeoTIFFImage;
  try {
    tiff = await GeoTIFF.fromSource(toGeoTiffSource(source) as unknown as Parameters<typeof GeoTIFF.fromSource>[0]);
    image = await tiff.getImage(0);
  } catch (error) {
    throw new InputError(`${path}: cannot read the GeoTIFF structure (${(error as Error).message})`);
  }
  const fd = image.getFileDirectory();
  const tiled = !fd.hasTag('StripOffsets');
  const blockTable = await assertNotTruncated(image, path, fileSize, tiled);
  const bands = image.getSamplesPerPixel();
  // Every role reads a quantity (persons, m², a share): a picture's colours are not one.
  const photometric = Number(fd.getValue('PhotometricInterpretation') ?? 1);
  if (photometric === 2 || photometric === 3 || photometric === 6) {
    throw new InputError(`${path}: an ${photometric === 3 ? 'indexed-colour (palette)' : 'RGB'} image, not a grid of quantities (expected one band of counts, m² or shares, as GHS-POP or GHS-BUILT-S)`);
  }
  if (bands > 1 && options.band === undefined) throw new InputError(`${path}: ${bands} bands (expected one); choose the band to read with --band`);
  const band = options.band ?? 1;
  if (!Number.isInteger(band) || band < 1 || band > bands) {
    throw new InputError(`${path}: no band ${band} (expected 1 to ${bands})`);
  }
  const dataType = toDataType(image.getSampleFormat(band - 1), image.getBitsPerSample(band - 1), path);
  const bitsPerSample = (await fd.loadValue('BitsPerSample')) as ArrayLike<number>;
  for (let i = 0; i < bands; i++) {
    if (bitsPerSample[i] !== bitsPerSample[0]) throw new InputError(`${path}: bands of different bit depths are not supported`);
  }
  const compressionCode = Number((await fd.loadValue('Compression')) ?? 1);
  const compression = COMPRESSION_NAMES[compressionCode] ?? `code ${compressionCode}`;
  const planar = Number((await fd.loadValue('PlanarConfiguration')) ?? 1);
  const predictor = Number((await fd.loadValue('Predictor')) ?? 1);
  const blockWidth = image.getTileWidth();
  const blockHeight = image.getTileHeight();
  const blockParameters: BlockParameters = { tileWidth: blockWidth, tileHeight: blockHeight, planarConfiguration: planar, bitsPerSample: Array.from(bitsPerSample), predictor };
  // Blocks this module decodes itself from bytes it reads in runs (io/block-decode.ts); others (LERC,
  // JPEG, …) through geotiff.js's decoder, loaded only for them. Empty blocks geotiff.js fills itself.
  const decodesHere = compressionCode === 1 || (DECODED_COMPRESSIONS as readonly number[]).includes(compressionCode);
  let decoder: Pick<BaseDecoder, 'decode'> | null = null;
  if (!decodesHere) {
    try {
      decoder = await getDecoder(compressionCode, blockParameters as unknown as Parameters<typeof getDecoder>[1]);
    } catch {
      throw new InputError(`${path}: unsupported compression ${compression} (expected none, LZW, DEFLATE, ZSTD, PackBits or LERC)`);
    }
  }
  const { crs, source: crsSource } = readCrs(image, path, options.crsOverride);
  const grid = readGrid(image, path);
  const implausible = describeImplausibleExtent(crs, toGridBounds(grid));
  if (implausible) throw new InputError(`${path}: ${implausible} (${crsSource === 'override' ? 'given by --raster-crs' : 'declared by the file'}); give its CRS with --raster-crs`);
  const gdalNodata = readNodata(fd.getValue('GDAL_NODATA') as string | undefined, path);
  // Compared in the band's own type, as GDAL does: -9999.9 as a Float32 cell is -9999.900390625.
  const rawNodata = gdalNodata === null ? null : dataType === 'float32' ? Math.fround(gdalNodata) : gdalNodata;
  const { scale, offset } = await readScaleOffset(image, band, path);
  const scaled = scale !== 1 || offset !== 0;
  const info: RasterInfo = {
    path, grid, crs, crsSource, bands, blockWidth, blockHeight, compression,
    // Scaled cells are read as doubles (value × scale + offset, as GDAL unscales), nodata as NaN.
    dataType: scaled ? 'float64' : dataType,
    ...(scaled ? { scale, offset } : {}),
    // A NaN nodata only means something for float cells.
    nodata: scaled || rawNodata === null || (Number.isNaN(rawNodata) && !dataType.startsWith('float')) ? null : rawNodata,
    layout: tiled ? 'tiled' : 'stripped',
    bigTiff: Boolean((tiff as unknown as { bigTiff?: boolean }).bigTiff),
    ...(source.transfer ? { transfer: source.transfer } : {}),
    ...(source.transfer && !tiled ? { notes: [`${path} is not tiled: each window fetches whole strips (${blockHeight} rows × ${grid.cols} cells); a Cloud-Optimised GeoTIFF (gdal_translate -of COG) fetches only the tiles the zones touch`] } : {}),
  };
  const ArrayType = ARRAY_TYPES[dataType];
  const bytesPerSample = ArrayType.BYTES_PER_ELEMENT;
  const littleEndian = (tiff as unknown as { littleEndian: boolean }).littleEndian;
  const pixelStride = planar === 1 ? bands : 1;
  const bandOffset = planar === 1 ? band - 1 : 0;
  const blocksAcross = Math.ceil(grid.cols / blockWidth);
  const blocksDown = Math.ceil(grid.rows / blockHeight);
  // At least one whole block: a single-strip file is decoded once, not once per window.
  const blockBytes = blockWidth * blockHeight * pixelStride * bytesPerSample;
  if (blockBytes > MAX_BLOCK_BYTES) {
    throw new InputError(`${path}: declares blocks of ${blockWidth} × ${blockHeight} cells (${(blockBytes / 2 ** 30).toFixed(1)} GiB each), more than one block can be read into (4 GiB); a corrupt header, or retile the raster first (gdal_translate -co TILED=YES)`);
  }
  // Decoded blocks' memory, reused (io/block-buffers.ts); the free list holds at most the bytes in flight for one window.
  const buffers = new BlockBuffers(blockBytes, Math.max(1, Math.floor(BYTES_IN_FLIGHT / blockBytes)));
  const cache = new BlockCache(Math.max(options.blockCacheBytes ?? 64 * 1024 * 1024, blockBytes), buffers);
  /**
   * A buffer per block of a run to decode into, by `take`: on this thread a free one or a new one, for
   * a decode thread a free one or null (that thread makes it, io/block-buffers.ts). None for
   * uncompressed blocks (sliced from the read) and for those geotiff.js decodes.
   */
  const takeOutputs = <T>(blocks: number, take: () => T) => (decodesHere && compressionCode !== 1 ? Array.from({ length: blocks }, take) : undefined);

  const keyOf = (bx: number, by: number) => (planar === 2 ? (band - 1) * blocksDown + by : by) * blocksAcross + bx;
  const pool = options.decodePool;

  /** The blocks at `spans` ([start, length]) of one read's `bytes`, decoded here. */
  async function decodeHere(spans: readonly (readonly [number, number])[], bytes: Uint8Array): Promise<Uint8Array[]> {
    if (compressionCode === 1) return spans.map(([at, length]) => bytes.slice(at, at + length));
    await prepareDecoder(compressionCode);
    const decoded: Uint8Array[] = [];
    const outputs = takeOutputs(spans.length, () => buffers.take());
    for (const [k, [at, length]] of spans.entries()) {
      decoded.push(decodeBlock(compressionCode, bytes.subarray(at, at + length), blockParameters, outputs && new Uint8Array(outputs[k])));
    }
    return decoded;
  }

  /**
   * The blocks of one run (file offsets `start`–`end`) decoded on a decode thread: read there when the
   * bytes are a local file's (the main thread never holds them), else read here and moved there.
   */
  async function decodeOnThread(decodePool: DecodePool, spans: readonly (readonly [number, number])[], start: number, end: number): Promise<Uint8Array[]> {
    const where = source.file
      ? { path: source.file.path, offset: source.file.start + start, length: end - start }
      : (await source.read(start, end - start));
    const blocks = await decodePool.decodeRun(compressionCode, where, spans, blockParameters, takeOutputs(spans.length, () => buffers.takeFree()));
    for (const block of blocks) if (block.buffer instanceof SharedArrayBuffer) buffers.adopt(block.buffer);
    return blocks;
  }

  /** The blocks of a run that failed to decode, decoded one by one here: the first that fails is named. */
  async function decodeEachNamed(run: readonly number[], start: number, end: number, read?: Uint8Array): Promise<Uint8Array[]> {
    const bytes = read ?? new Uint8Array(await source.read(start, end - start));
    const blocks: Uint8Array[] = [];
    for (const key of run) {
      const at = blockTable.offsets[key] - start;
      try {
        blocks.push(...await decodeHere([[at, blockTable.counts[key]]], bytes));
      } catch (error) {
        throw new InputError(`${path}: cannot decode block ${key} (${compression}): ${(error as Error).message.slice(0, 120)}`);
      }
    }
    return blocks;
  }

  /**
   * The decoded blocks `keys` (not cached), their bytes read in as few requests as the file's layout
   * allows: neighbouring blocks (GDAL writes a row of tiles contiguously) in one read.
   */
  async function fetchAndDecode(keys: readonly number[]): Promise<Map<number, Uint8Array>> {
    const decoded = new Map<number, Uint8Array>();
    const direct = decodesHere ? keys.filter((k) => blockTable.counts[k] > 0) : [];
    const viaGeotiff = keys.filter((k) => !direct.includes(k));
    const sorted = [...direct].sort((a, b) => blockTable.offsets[a] - blockTable.offsets[b]);
    const runs: number[][] = [];
    for (const key of sorted) {
      const run = runs[runs.length - 1];
      const last = run?.[run.length - 1];
      const runStart = run ? blockTable.offsets[run[0]] : 0;
      const end = blockTable.offsets[key] + blockTable.counts[key];
      // With decode threads, a run is one task: shorter runs share a row of tiles among the threads.
      const full = pool ? run?.length === BLOCKS_PER_THREAD_TASK : false;
      if (run && !full && blockTable.offsets[key] - (blockTable.offsets[last as number] + blockTable.counts[last as number]) <= MAX_READ_GAP_BYTES && blockTable.offsets[key] >= runStart && end - runStart <= MAX_READ_BYTES) run.push(key);
      else runs.push([key]);
    }
    await Promise.all([
      ...runs.map(async (run) => {
        // Sorted by offset: the run starts at its first block and ends at the furthest end (a loop: a run of
        // tiny strips can hold more blocks than Math.max takes arguments).
        const start = blockTable.offsets[run[0]];
        let end = start;
        for (const k of run) end = Math.max(end, blockTable.offsets[k] + blockTable.counts[k]);
        const spans = run.map((key) => [blockTable.offsets[key] - start, blockTable.counts[key]] as const);
        let blocks: Uint8Array[];
        if (pool && compressionCode !== 1) {
          // A run that fails on a thread is read and decoded again here, block by block, to name the block.
          blocks = await decodeOnThread(pool, spans, start, end).catch(async () => decodeEachNamed(run, start, end));
        } else {
          const bytes = new Uint8Array(await source.read(start, end - start));
          blocks = await decodeHere(spans, bytes).catch(async () => decodeEachNamed(run, start, end, bytes));
        }
        run.forEach((key, k) => decoded.set(key, blocks[k]));
      }),
      ...viaGeotiff.map(async (key) => {
        const by = Math.floor((key % (blocksAcross * blocksDown)) / blocksAcross);
        const bx = key % blocksAcross;
        try {
          decoded.set(key, new Uint8Array((await image.getTileOrStrip(bx, by, planar === 2 ? band - 1 : 0, decoder as BaseDecoder)).data));
        } catch (error) {
          throw new InputError(`${path}: cannot decode block ${key} (${compression}): ${(error as Error).message.slice(0, 120)}`);
        }
      }),
    ]);
    return decoded;
  }

  /** A decoded block as cells: checked for length, in the machine's byte order, cached. */
  function toBlockValues(key: number, by: number, decoded: Uint8Array): RasterArray {
    const data = decoded.byteOffset === 0 && decoded.byteLength === decoded.buffer.byteLength ? decoded : decoded.slice();
    // A block that decodes short would leave cells unset (read as 0): refused, never padded.
    const rowsInBlock = tiled ? blockHeight : Math.min(blockHeight, grid.rows - by * blockHeight);
    const wanted = blockWidth * rowsInBlock * pixelStride * bytesPerSample;
    if (data.byteLength < wanted) throw new InputError(`${path}: block ${key} decodes to ${data.byteLength} bytes, expected ${wanted} (a corrupt ${compression} stream)`);
    // Every decoded block is its own buffer (never a view into a larger one the cache would keep alive).
    const buffer = littleEndian || bytesPerSample === 1 ? data.buffer : swapBytes(data.buffer, bytesPerSample);
    const values = new ArrayType(buffer as ArrayBuffer, 0, Math.floor(data.byteLength / bytesPerSample));
    cache.set(key, values);
    return values;
  }

  /**
   * The blocks at `positions`, from the cache or read and decoded together, each held for the caller
   * (io/block-buffers.ts: its memory is not reused, even when the cache lets it go meanwhile, until the
   * caller drops it). Held as soon as found or made: other windows' blocks come into the cache during
   * the reads.
   */
  async function readBlocks(positions: readonly { bx: number; by: number }[]): Promise<RasterArray[]> {
    const keys = positions.map(({ bx, by }) => keyOf(bx, by));
    const found = keys.map((key) => cache.get(key));
    for (const values of found) if (values) buffers.hold(values.buffer);
    const missing = [...new Set(keys.filter((_, k) => !found[k]))];
    const decoded = missing.length > 0 ? await fetchAndDecode(missing) : new Map<number, Uint8Array>();
    const made = new Map<number, RasterArray>();
    return keys.map((key, k) => {
      if (found[k]) return found[k];
      let values = made.get(key);
      if (!values) {
        values = toBlockValues(key, positions[k].by, decoded.get(key) as Uint8Array);
        made.set(key, values);
      }
      buffers.hold(values.buffer);
      return values;
    });
  }

  /**
   * The blocks a window touches (those holding a wanted cell, with `rowSpans`), each with the part of
   * it the window covers, handed to `use` in row-major order. The blocks are requested a few at a time
   * (reads overlap decoding; a window assembled across a wide raster never needs its whole row of
   * tiles decoded at once), or with `together` all at once (the caller holds them all anyway, and a
   * decode pool gets them all to work on). A part is valid during `use` only, unless lent.
   */
  async function visitWindowBlocks(window: CellWindow, use: (part: WindowPart) => void, rowSpans?: Int32Array, together = false): Promise<void> {
    const rowEnd = window.row0 + window.rows;
    const colEnd = window.col0 + window.cols;
    const positions: { bx: number; by: number }[] = [];
    for (let by = Math.floor(window.row0 / blockHeight); by * blockHeight < rowEnd; by++) {
      for (let bx = Math.floor(window.col0 / blockWidth); bx * blockWidth < colEnd; bx++) {
        if (!rowSpans || isBlockWanted(window, bx, by, rowSpans)) positions.push({ bx, by });
      }
    }
    const perBatch = together ? Math.max(1, positions.length) : Math.max(1, Math.min(BLOCKS_IN_FLIGHT, Math.floor(BYTES_IN_FLIGHT / blockBytes)));
    for (let first = 0; first < positions.length; first += perBatch) {
      const batch = positions.slice(first, first + perBatch);
      const blocks = await readBlocks(batch);
      batch.forEach(({ bx, by }, k) => {
        const blockRow0 = by * blockHeight;
        const blockCol0 = bx * blockWidth;
        const r0 = Math.max(window.row0, blockRow0);
        const r1 = Math.min(rowEnd, blockRow0 + blockHeight, grid.rows);
        const c0 = Math.max(window.col0, blockCol0);
        const c1 = Math.min(colEnd, blockCol0 + blockWidth);
        use({
          values: blocks[k], row0: r0 - window.row0, col0: c0 - window.col0, rows: r1 - r0, cols: c1 - c0,
          offset: ((r0 - blockRow0) * blockWidth + (c0 - blockCol0)) * pixelStride + bandOffset,
          rowStride: blockWidth * pixelStride, cellStride: pixelStride,
        });
      });
      for (const values of blocks) buffers.drop(values.buffer);
    }
  }

  /** Whether a window row of block (bx, by) has a wanted column in that block. */
  function isBlockWanted(window: CellWindow, bx: number, by: number, rowSpans: Int32Array): boolean {
    const r0 = Math.max(window.row0, by * blockHeight) - window.row0;
    const r1 = Math.min(window.row0 + window.rows, (by + 1) * blockHeight) - window.row0;
    const c0 = bx * blockWidth - window.col0;
    const c1 = c0 + blockWidth;
    for (let r = r0; r < r1; r++) if (rowSpans[2 * r] < c1 && rowSpans[2 * r + 1] > c0 && rowSpans[2 * r] < rowSpans[2 * r + 1]) return true;
    return false;
  }

  return {
    info,
    async readWindow(window: CellWindow): Promise<RasterArray> {
      const out = new ArrayType(window.rows * window.cols);
      await visitWindowBlocks(window, ({ values, row0, col0, rows, cols, offset, rowStride, cellStride }) => {
        for (let r = 0; r < rows; r++) {
          const src = offset + r * rowStride;
          const dst = (row0 + r) * window.cols + col0;
          if (cellStride === 1) out.set(values.subarray(src, src + cols), dst);
          else for (let c = 0; c < cols; c++) out[dst + c] = values[src + c * cellStride];
        }
      });
      if (!scaled) return out;
      const unscaled = new Float64Array(out.length);
      for (let i = 0; i < out.length; i++) {
        const v = out[i];
        unscaled[i] = v === rawNodata || v !== v ? Number.NaN : v * scale + offset;
      }
      return unscaled;
    },
    // Scaled cells are converted as the window is assembled: only raw cells are read where they lie.
    ...(scaled ? {} : {
      async readWindowParts(window: CellWindow, rowSpans?: Int32Array): Promise<WindowPart[]> {
        const parts: WindowPart[] = [];
        await visitWindowBlocks(window, (part) => {
          buffers.lend(part);
          parts.push(part);
        }, rowSpans, true);
        return parts;
      },
      releaseParts(parts: readonly WindowPart[]): void {
        for (const part of parts) buffers.release(part);
      },
    }),
    async close() {
      await tiff.close();
      await source.close();
    },
  };
}
