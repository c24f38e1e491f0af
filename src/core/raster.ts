/** Opened raster handles, as indicators and pipelines see them (implemented in io/raster.ts). */
import type { Crs } from './crs.js';
import type { CellWindow, Grid } from './grid.js';

export type RasterArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
export type RasterDataType = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

export interface RasterInfo {
  readonly path: string;
  readonly grid: Grid;
  readonly crs: Crs;
  /** How the CRS was found: `epsg-geokey`, `wkt-citation`, `override`. */
  readonly crsSource: string;
  readonly nodata: number | null;
  /** GDAL scale and offset, applied when reading (absent when 1 and 0). */
  readonly scale?: number;
  readonly offset?: number;
  readonly dataType: RasterDataType;
  readonly bands: number;
  readonly blockWidth: number;
  readonly blockHeight: number;
  readonly compression: string;
  readonly layout: 'tiled' | 'stripped';
  readonly bigTiff: boolean;
  /** For a raster read over HTTP: requests made and bytes received so far (updated as blocks are read). */
  readonly transfer?: { readonly requests: number; readonly bytes: number };
  /** What the run should know about how the raster is read (a remote raster in strips). */
  readonly notes?: readonly string[];
}

export interface RasterSource {
  readonly info: RasterInfo;
  /** Reads the chosen band for the window, row-major, in the file's data type. */
  readWindow(window: CellWindow): Promise<RasterArray>;
  /**
   * The window's cells where they lie, in the decoded blocks (no window assembled, nothing copied):
   * one part per block the window touches (of each tile, for a mosaic), not overlapping, in no
   * particular order. `rowSpans` (2 × rows: each window row's wanted columns [first, end), as
   * kernels/coverage.ts gives them): blocks holding no wanted cell are neither read nor returned.
   * Absent where the cells must be converted (GDAL scale and offset).
   */
  readonly readWindowParts?: (window: CellWindow, rowSpans?: Int32Array) => Promise<WindowPart[]>;
  /**
   * The caller is done with these parts (from readWindowParts): their blocks' memory may be reused for
   * other blocks. Parts never released stay valid and are left to the GC.
   */
  readonly releaseParts?: (parts: readonly WindowPart[]) => void;
  close(): Promise<void>;
}

/**
 * The cells of a window that one block holds: `rows` × `cols` cells from window row `row0`, column
 * `col0`; the cell at (row0 + r, col0 + c) is `values[offset + r·rowStride + c·cellStride]`.
 */
export interface WindowPart {
  readonly values: RasterArray;
  readonly row0: number;
  readonly col0: number;
  readonly rows: number;
  readonly cols: number;
  readonly offset: number;
  readonly rowStride: number;
  readonly cellStride: number;
}

/** A whole window, row-major, as its one part. */
export function toWholeWindowPart(values: RasterArray, window: CellWindow): WindowPart {
  return { values, row0: 0, col0: 0, rows: window.rows, cols: window.cols, offset: 0, rowStride: window.cols, cellStride: 1 };
}

/**
 * The window's cells as parts: where they lie in the raster's blocks, or the window assembled as one
 * part. Hand them to releaseWindowCells when done with them, and do not read them after.
 */
export async function readWindowCells(raster: RasterSource, window: CellWindow, rowSpans?: Int32Array): Promise<WindowPart[]> {
  return raster.readWindowParts ? raster.readWindowParts(window, rowSpans) : [toWholeWindowPart(await raster.readWindow(window), window)];
}

/** Parts from readWindowCells that the caller no longer reads: their memory may be reused. */
export function releaseWindowCells(raster: RasterSource, parts: readonly WindowPart[]): void {
  raster.releaseParts?.(parts);
}
