/**
 * A streaming GeoTIFF writer: tiled, DEFLATE (node:zlib) or uncompressed, one band, classic TIFF
 * (< 4 GiB). Tiles are produced one tile-row at a time, so a raster of any size is written with a
 * buffer of `tileSize × cols` cells; the IFD goes at the end, once the tile offsets are known.
 * CRS as an EPSG code (GeoKeys) or as WKT in the PCS citation (as GDAL does for ESRI:54009).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import type { Grid } from '../core/grid.js';
import type { RasterArray, RasterDataType } from '../core/raster.js';

export interface GeoTiffCrs {
  /** EPSG code of a projected or geographic CRS. */
  readonly epsg?: number;
  readonly geographic?: boolean;
  /** WKT (e.g. ESRI World Mollweide) written as an ESRI PE citation when there is no EPSG code. */
  readonly wkt?: string;
}

export interface GeoTiffWriteOptions {
  readonly grid: Grid;
  readonly crs: GeoTiffCrs;
  readonly dataType: RasterDataType;
  readonly nodata?: number;
  readonly tileSize?: number;
  readonly compression?: 'deflate' | 'none';
  readonly deflateLevel?: number;
}

const ARRAYS = {
  uint8: Uint8Array, int8: Int8Array, uint16: Uint16Array, int16: Int16Array,
  uint32: Uint32Array, int32: Int32Array, float32: Float32Array, float64: Float64Array,
} as const;

const SAMPLE_FORMAT: Record<RasterDataType, number> = { uint8: 1, uint16: 1, uint32: 1, int8: 2, int16: 2, int32: 2, float32: 3, float64: 3 };

type TagValue = { type: 2 | 3 | 4 | 12; values: number[] | string };

function encodeIfd(tags: Map<number, TagValue>, ifdOffset: number): Buffer {
  const entries = [...tags.entries()].sort((a, b) => a[0] - b[0]);
  const size = (t: TagValue) => (t.type === 2 ? (t.values as string).length + 1 : (t.values as number[]).length * (t.type === 3 ? 2 : t.type === 4 ? 4 : 8));
  const headerBytes = 2 + entries.length * 12 + 4;
  const extra = entries.reduce((n, [, t]) => n + (size(t) > 4 ? size(t) + (size(t) % 2) : 0), 0);
  const buffer = Buffer.alloc(headerBytes + extra);
  buffer.writeUInt16LE(entries.length, 0);
  let dataOffset = headerBytes;
  entries.forEach(([tag, t], k) => {
    const at = 2 + k * 12;
    const count = t.type === 2 ? (t.values as string).length + 1 : (t.values as number[]).length;
    buffer.writeUInt16LE(tag, at);
    buffer.writeUInt16LE(t.type, at + 2);
    buffer.writeUInt32LE(count, at + 4);
    const bytes = size(t);
    let target = at + 8;
    if (bytes > 4) {
      buffer.writeUInt32LE(ifdOffset + dataOffset, at + 8);
      target = dataOffset;
      dataOffset += bytes + (bytes % 2);
    }
    if (t.type === 2) buffer.write(`${t.values as string}\0`, target, 'latin1');
    else (t.values as number[]).forEach((v, i) => {
      if (t.type === 3) buffer.writeUInt16LE(v, target + 2 * i);
      else if (t.type === 4) buffer.writeUInt32LE(v, target + 4 * i);
      else buffer.writeDoubleLE(v, target + 8 * i);
    });
  });
  buffer.writeUInt32LE(0, 2 + entries.length * 12); // no next IFD
  return buffer;
}

function geoKeys(crs: GeoTiffCrs): { directory: number[]; ascii?: string } {
  const keys: number[][] = [[1025, 0, 1, 1]]; // GTRasterTypeGeoKey = PixelIsArea
  let ascii: string | undefined;
  if (crs.epsg !== undefined) {
    keys.push([1024, 0, 1, crs.geographic ? 2 : 1]);
    keys.push(crs.geographic ? [2048, 0, 1, crs.epsg] : [3072, 0, 1, crs.epsg]);
  } else if (crs.wkt) {
    // As GDAL writes ESRI:54009: user-defined model, WGS 84 datum, the WKT as the PCS citation, metres.
    ascii = `ESRI PE String = ${crs.wkt}|`;
    keys.push([1024, 0, 1, 32767], [2048, 0, 1, 4326], [3073, 34737, ascii.length, 0], [3076, 0, 1, 9001]);
  } else {
    throw new RangeError('a GeoTIFF CRS needs an EPSG code or WKT');
  }
  keys.sort((a, b) => a[0] - b[0]);
  return { directory: [1, 1, 0, keys.length, ...keys.flat()], ascii };
}

/**
 * Writes a GeoTIFF at `path`; `fillRows(row0, rows, out)` fills `out` (rows × cols, row-major) with
 * the cells of rows [row0, row0 + rows).
 */
export async function writeGeoTiff(
  path: string | FileHandle,
  options: GeoTiffWriteOptions,
  fillRows: (row0: number, rows: number, out: RasterArray) => void | Promise<void>,
): Promise<void> {
  const { grid, dataType } = options;
  const tile = options.tileSize ?? 256;
  const compress = (options.compression ?? 'deflate') === 'deflate';
  const ArrayType = ARRAYS[dataType];
  const bytesPerCell = ArrayType.BYTES_PER_ELEMENT;
  const tilesAcross = Math.ceil(grid.cols / tile);
  const tilesDown = Math.ceil(grid.rows / tile);
  const offsets: number[] = [];
  const counts: number[] = [];
  const band = new ArrayType(tile * grid.cols);
  const tileCells = new ArrayType(tile * tile);
  // A handle the caller opened (an exclusive temporary file) is written but left open for it to close.
  const handle = typeof path === 'string' ? await open(path, 'w') : path;
  try {
    const header = Buffer.alloc(8);
    header.write('II', 0, 'latin1');
    header.writeUInt16LE(42, 2);
    await handle.write(header, 0, 8, 0);
    let position = 8;
    for (let ty = 0; ty < tilesDown; ty++) {
      const row0 = ty * tile;
      const rows = Math.min(tile, grid.rows - row0);
      band.fill(0);
      await fillRows(row0, rows, band.subarray(0, rows * grid.cols));
      for (let tx = 0; tx < tilesAcross; tx++) {
        tileCells.fill(options.nodata ?? 0);
        const col0 = tx * tile;
        const cols = Math.min(tile, grid.cols - col0);
        for (let r = 0; r < rows; r++) tileCells.set(band.subarray(r * grid.cols + col0, r * grid.cols + col0 + cols), r * tile);
        const raw = Buffer.from(tileCells.buffer, tileCells.byteOffset, tile * tile * bytesPerCell);
        const bytes = compress ? deflateSync(raw, { level: options.deflateLevel ?? 6 }) : raw;
        await handle.write(bytes, 0, bytes.length, position);
        offsets.push(position);
        counts.push(bytes.length);
        position += bytes.length + (bytes.length % 2);
      }
    }
    const keys = geoKeys(options.crs);
    const tags = new Map<number, TagValue>([
      [256, { type: 4, values: [grid.cols] }],
      [257, { type: 4, values: [grid.rows] }],
      [258, { type: 3, values: [bytesPerCell * 8] }],
      [259, { type: 3, values: [compress ? 8 : 1] }],
      [262, { type: 3, values: [1] }],
      [277, { type: 3, values: [1] }],
      [284, { type: 3, values: [1] }],
      [322, { type: 3, values: [tile] }],
      [323, { type: 3, values: [tile] }],
      [324, { type: 4, values: offsets }],
      [325, { type: 4, values: counts }],
      [339, { type: 3, values: [SAMPLE_FORMAT[dataType]] }],
      [33550, { type: 12, values: [grid.cellWidth, grid.cellHeight, 0] }],
      [33922, { type: 12, values: [0, 0, 0, grid.originX, grid.originY, 0] }],
      [34735, { type: 3, values: keys.directory }],
    ]);
    if (keys.ascii) tags.set(34737, { type: 2, values: keys.ascii });
    if (options.nodata !== undefined) tags.set(42113, { type: 2, values: String(options.nodata) });
    const ifd = encodeIfd(tags, position);
    await handle.write(ifd, 0, ifd.length, position);
    const pointer = Buffer.alloc(4);
    pointer.writeUInt32LE(position, 0);
    await handle.write(pointer, 0, 4, 4);
  } finally {
    if (typeof path === 'string') await handle.close();
  }
}
