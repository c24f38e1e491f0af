/**
 * Several GeoTIFF tiles read as one raster — GHSL's 1,000 km tiles, a country cut into pieces — given
 * as a folder of tiles or as a GDAL VRT of simple sources (as `gdalbuildvrt` writes it). Tiles must
 * share one grid: the same CRS, cell size, data type, nodata and band count, and origins on the same
 * cell lattice; each window is assembled from the tiles it overlaps, exactly, cell for cell (no
 * resampling). Cells no tile covers are nodata; where the tiles declare no nodata, the mosaic is read
 * as Float64 with NaN there, so that a gap is never read as 0.
 */
import { readdir } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import type { CellWindow, Grid } from '../core/grid.js';
import { readWindowCells, releaseWindowCells, toWholeWindowPart, type RasterArray, type RasterInfo, type RasterSource, type WindowPart } from '../core/raster.js';
import { InputError } from '../errors.js';
import { isUrl } from './byte-source.js';
import { readWholeText } from './read-text.js';
import { openRaster, type OpenRasterOptions } from './raster.js';

/** A tile and where its top-left cell lies in the mosaic (from the VRT's DstRect, or its own origin). */
interface TilePlacement {
  readonly path: string;
  readonly col0?: number;
  readonly row0?: number;
}

/** How far an origin may sit off the shared lattice, in cells (GDAL writes geotransforms in decimal). */
const LATTICE_TOLERANCE_CELLS = 1e-6;
/** Largest VRT read (an XML list of tiles). */
const MAX_VRT_BYTES = 16 * 1024 ** 2;

const ARRAYS = { uint8: Uint8Array, int8: Int8Array, uint16: Uint16Array, int16: Int16Array, uint32: Uint32Array, int32: Int32Array, float32: Float32Array, float64: Float64Array } as const;

/** Whether a raster path names a mosaic: a folder of tiles or a .vrt. */
export function isMosaicPath(path: string, isDirectory: boolean): boolean {
  return isDirectory || (extname(path).toLowerCase() === '.vrt' && !isUrl(path));
}

/** The GeoTIFFs of a folder, sorted (the order only breaks ties where tiles overlap, which is refused). */
async function listFolderTiles(folder: string): Promise<TilePlacement[]> {
  const names = (await readdir(folder)).filter((n) => /\.tiff?$/i.test(n)).sort();
  if (names.length === 0) throw new InputError(`${folder}: a folder with no GeoTIFF tile (expected .tif files of one grid)`);
  return names.map((name) => ({ path: join(folder, name) }));
}

interface VrtSource {
  readonly file: string;
  readonly band: number;
  readonly src: readonly number[];
  readonly dst: readonly number[];
}

/** The simple sources of a GDAL VRT: one band, whole tiles placed 1:1, no scaling. */
async function parseVrt(path: string): Promise<{ tiles: TilePlacement[]; cols: number; rows: number }> {
  const text = await readWholeText(path, MAX_VRT_BYTES, 'a GDAL VRT', 'is it a VRT?');
  const { SaxesParser } = await import('saxes');
  const parser = new SaxesParser();
  const stack: string[] = [];
  let size: { cols: number; rows: number } | null = null;
  let bands = 0;
  const sources: VrtSource[] = [];
  let current: { file?: string; relative?: boolean; band?: number; src?: number[]; dst?: number[]; kind: string } | null = null;
  let textBuffer = '';
  const rect = (attributes: Record<string, string>) => ['xOff', 'yOff', 'xSize', 'ySize'].map((k) => Number(attributes[k]));
  parser.on('opentag', (tag) => {
    const name = tag.name;
    const attributes = tag.attributes as Record<string, string>;
    stack.push(name);
    textBuffer = '';
    if (name === 'VRTDataset') size = { cols: Number(attributes.rasterXSize), rows: Number(attributes.rasterYSize) };
    else if (name === 'VRTRasterBand') bands++;
    else if (name === 'SimpleSource' || name === 'ComplexSource' || name === 'AveragedSource' || name === 'KernelFilteredSource') current = { kind: name };
    else if (current && name === 'SourceFilename') current.relative = attributes.relativeToVRT === '1';
    else if (current && name === 'SrcRect') current.src = rect(attributes);
    else if (current && name === 'DstRect') current.dst = rect(attributes);
  });
  parser.on('text', (t) => { textBuffer += t; });
  parser.on('closetag', (tag) => {
    stack.pop();
    if (!current) return;
    if (tag.name === 'SourceFilename') current.file = current.relative ? resolve(dirname(path), textBuffer.trim()) : textBuffer.trim();
    else if (tag.name === 'SourceBand') current.band = Number(textBuffer.trim());
    else if (tag.name === 'ScaleRatio' || tag.name === 'ScaleOffset' || tag.name === 'LUT') {
      throw new InputError(`${path}: a ${current.kind} with ${tag.name} (expected simple sources placed 1:1, as gdalbuildvrt writes them)`);
    } else if (tag.name === current.kind) {
      const { file, band, src, dst, kind } = current;
      if (kind !== 'SimpleSource' && kind !== 'ComplexSource') throw new InputError(`${path}: a ${kind} (expected simple sources placed 1:1, as gdalbuildvrt writes them)`);
      if (!file || !src || !dst) throw new InputError(`${path}: a source without SourceFilename, SrcRect or DstRect`);
      sources.push({ file, band: band ?? 1, src, dst });
      current = null;
    }
  });
  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: not a readable VRT (${(error as Error).message.slice(0, 100)})`);
  }
  const dataset = size as { cols: number; rows: number } | null;
  if (!dataset || !(dataset.cols > 0 && dataset.rows > 0)) throw new InputError(`${path}: not a GDAL VRT (expected a VRTDataset with rasterXSize and rasterYSize)`);
  if (bands !== 1) throw new InputError(`${path}: ${bands} bands (expected a VRT of one band)`);
  if (sources.length === 0) throw new InputError(`${path}: a VRT with no source tile`);
  const tiles = sources.map((s, k) => {
    const [sx, sy, sw, sh] = s.src;
    const [dx, dy, dw, dh] = s.dst;
    if (s.band !== 1) throw new InputError(`${path} source ${k} (${s.file}): band ${s.band} (expected band 1 of each tile)`);
    if (sx !== 0 || sy !== 0 || sw !== dw || sh !== dh || !Number.isInteger(dx) || !Number.isInteger(dy)) {
      throw new InputError(`${path} source ${k} (${s.file}): SrcRect ${s.src.join(' ')} → DstRect ${s.dst.join(' ')} resamples or crops (expected whole tiles placed 1:1 at whole cells, as gdalbuildvrt writes tiles of one grid)`);
    }
    return { path: s.file, col0: dx, row0: dy };
  });
  return { tiles, cols: dataset.cols, rows: dataset.rows };
}

/** The tile files a mosaic path stands for (a provenance and resume key lists each). */
export async function listMosaicFiles(path: string, isDirectory: boolean): Promise<string[]> {
  if (isDirectory) return (await listFolderTiles(path)).map((t) => t.path);
  return [path, ...(await parseVrt(path)).tiles.map((t) => t.path)];
}

function sameGridCell(a: Grid, b: Grid): boolean {
  return Math.abs(a.cellWidth - b.cellWidth) <= a.cellWidth * 1e-9 && Math.abs(a.cellHeight - b.cellHeight) <= a.cellHeight * 1e-9;
}

/** Checks that the tiles share one grid and do not overlap; the mosaic's grid and each tile's offset in it, in cells. */
function placeTiles(path: string, tiles: readonly RasterSource[], placements: readonly TilePlacement[], vrt: { cols: number; rows: number } | null): { grid: Grid; offsets: { col0: number; row0: number }[] } {
  const first = tiles[0].info;
  for (const tile of tiles.slice(1)) {
    const { info } = tile;
    const differs = info.crs.id !== first.crs.id ? `CRS ${info.crs.id}, not ${first.crs.id}`
      : !sameGridCell(info.grid, first.grid) ? `cells of ${info.grid.cellWidth} × ${info.grid.cellHeight}, not ${first.grid.cellWidth} × ${first.grid.cellHeight}`
        : info.dataType !== first.dataType ? `data type ${info.dataType}, not ${first.dataType}`
          : !Object.is(info.nodata, first.nodata) ? `nodata ${info.nodata}, not ${first.nodata}`
            : null;
    if (differs) throw new InputError(`${path}: tile ${info.path} has ${differs} as ${first.path} (expected tiles of one grid; warp them to one with gdalwarp first)`);
  }
  const { cellWidth, cellHeight } = first.grid;
  // Each tile's offset in the mosaic, in cells, from its origin (folders) or the VRT's DstRect.
  let minX = Infinity;
  let maxY = -Infinity;
  for (const t of tiles) {
    minX = Math.min(minX, t.info.grid.originX);
    maxY = Math.max(maxY, t.info.grid.originY);
  }
  const offsets = tiles.map((t, k) => {
    const placement = placements[k];
    if (placement.col0 !== undefined && placement.row0 !== undefined) return { col0: placement.col0, row0: placement.row0 };
    const col = (t.info.grid.originX - minX) / cellWidth;
    const row = (maxY - t.info.grid.originY) / cellHeight;
    if (Math.abs(col - Math.round(col)) > LATTICE_TOLERANCE_CELLS || Math.abs(row - Math.round(row)) > LATTICE_TOLERANCE_CELLS) {
      throw new InputError(`${path}: tile ${t.info.path} is offset by a fraction of a cell (${(col % 1).toFixed(6)}, ${(row % 1).toFixed(6)}) from ${first.path} (expected tiles on one cell lattice)`);
    }
    return { col0: Math.round(col), row0: Math.round(row) };
  });
  const cols = vrt ? vrt.cols : Math.max(...tiles.map((t, k) => offsets[k].col0 + t.info.grid.cols));
  const rows = vrt ? vrt.rows : Math.max(...tiles.map((t, k) => offsets[k].row0 + t.info.grid.rows));
  const origin = vrt ? { x: tiles[0].info.grid.originX - offsets[0].col0 * cellWidth, y: tiles[0].info.grid.originY + offsets[0].row0 * cellHeight } : { x: minX, y: maxY };
  for (let a = 0; a < tiles.length; a++) {
    for (let b = a + 1; b < tiles.length; b++) {
      const [p, q] = [offsets[a], offsets[b]];
      const [ga, gb] = [tiles[a].info.grid, tiles[b].info.grid];
      if (p.col0 < q.col0 + gb.cols && q.col0 < p.col0 + ga.cols && p.row0 < q.row0 + gb.rows && q.row0 < p.row0 + ga.rows) {
        throw new InputError(`${path}: tiles ${tiles[a].info.path} and ${tiles[b].info.path} overlap (expected tiles that meet edge to edge)`);
      }
    }
  }
  const grid: Grid = { originX: origin.x, originY: origin.y, cellWidth, cellHeight, cols, rows };
  return { grid, offsets };
}

/** Opens a folder of tiles or a VRT as one raster. */
export async function openMosaic(path: string, isDirectory: boolean, options: OpenRasterOptions): Promise<RasterSource> {
  const vrt = isDirectory ? null : await parseVrt(path);
  const placements = vrt ? vrt.tiles : await listFolderTiles(path);
  const tiles: RasterSource[] = [];
  // The cache budget (--max-cells) is shared by the tiles, so a country of tiles holds no more than one file.
  const perTile = { ...options, ...(options.blockCacheBytes ? { blockCacheBytes: Math.floor(options.blockCacheBytes / placements.length) } : {}) };
  try {
    for (const placement of placements) tiles.push(await openRaster(placement.path, perTile));
  } catch (error) {
    await Promise.all(tiles.map((t) => t.close().catch(() => undefined)));
    throw error;
  }
  let layout: { grid: Grid; offsets: { col0: number; row0: number }[] };
  try {
    layout = placeTiles(path, tiles, placements, vrt);
  } catch (error) {
    await Promise.all(tiles.map((t) => t.close().catch(() => undefined)));
    throw error;
  }
  const { grid, offsets } = layout;
  const first = tiles[0].info;
  // Gaps between tiles are nodata; with no nodata declared they are NaN in a Float64 read.
  const gapAsNaN = first.nodata === null && !first.dataType.startsWith('float');
  const dataType = gapAsNaN ? 'float64' : first.dataType;
  const fill = first.nodata ?? Number.NaN;
  const info: RasterInfo = { ...first, path, grid, dataType, compression: `${first.compression} (${tiles.length} tiles)` };
  /** The tiles a window meets, each with the part of the window it holds (mosaic rows and columns [r0, r1) × [c0, c1)). */
  const piecesOf = (window: CellWindow) => tiles.flatMap((tile, k) => {
    const { col0, row0 } = offsets[k];
    const g = tile.info.grid;
    const c0 = Math.max(window.col0, col0);
    const c1 = Math.min(window.col0 + window.cols, col0 + g.cols);
    const r0 = Math.max(window.row0, row0);
    const r1 = Math.min(window.row0 + window.rows, row0 + g.rows);
    return c0 < c1 && r0 < r1 ? [{ tile, sub: { col0: c0 - col0, row0: r0 - row0, cols: c1 - c0, rows: r1 - r0 }, c0, r0 }] : [];
  });
  async function readWindow(window: CellWindow): Promise<RasterArray> {
    const out = new ARRAYS[dataType](window.rows * window.cols);
    out.fill(fill);
    for (const { tile, sub, c0, r0 } of piecesOf(window)) {
      const part = await tile.readWindow(sub);
      for (let r = 0; r < sub.rows; r++) out.set(part.subarray(r * sub.cols, (r + 1) * sub.cols), (r0 + r - window.row0) * window.cols + (c0 - window.col0));
    }
    return out;
  }
  /** Each part handed out, with the tile and the tile's own part it came from (released there). */
  const lent = new WeakMap<WindowPart, { tile: RasterSource; part: WindowPart }>();
  return {
    info,
    readWindow,
    /**
     * The cells where they lie in each tile's blocks, when the tiles cover the whole window (they never
     * overlap); a window reaching a gap between tiles is assembled, the gap filled with nodata.
     */
    async readWindowParts(window: CellWindow, rowSpans?: Int32Array): Promise<WindowPart[]> {
      const pieces = piecesOf(window);
      if (pieces.reduce((cells, p) => cells + p.sub.rows * p.sub.cols, 0) !== window.rows * window.cols) return [toWholeWindowPart(await readWindow(window), window)];
      const parts = await Promise.all(pieces.map(async ({ tile, sub, c0, r0 }) => {
        const dr = r0 - window.row0;
        const dc = c0 - window.col0;
        const read = await readWindowCells(tile, sub, rowSpans && toPieceSpans(rowSpans, dr, dc, sub));
        return read.map((part) => {
          const moved = { ...part, row0: part.row0 + dr, col0: part.col0 + dc };
          lent.set(moved, { tile, part });
          return moved;
        });
      }));
      return parts.flat();
    },
    releaseParts(parts: readonly WindowPart[]): void {
      for (const part of parts) {
        const from = lent.get(part);
        if (!from) continue;
        lent.delete(part);
        releaseWindowCells(from.tile, [from.part]);
      }
    },
    async close() {
      await Promise.all(tiles.map((t) => t.close()));
    },
  };
}

/** A window's row spans (kernels/coverage.ts) for the piece `sub` of it that starts `dr` rows and `dc` columns in. */
function toPieceSpans(spans: Int32Array, dr: number, dc: number, sub: CellWindow): Int32Array {
  const out = new Int32Array(2 * sub.rows);
  for (let r = 0; r < sub.rows; r++) {
    const first = Math.max(0, spans[2 * (r + dr)] - dc);
    const end = Math.min(sub.cols, spans[2 * (r + dr) + 1] - dc);
    if (first < end) {
      out[2 * r] = first;
      out[2 * r + 1] = end;
    }
  }
  return out;
}
