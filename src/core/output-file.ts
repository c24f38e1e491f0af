/** A file a run asks to be written besides its main result; all of a run's files are committed together. */
import type { Crs } from './crs.js';
import type { GeoJsonOutput } from './geojson-output.js';
import type { Grid } from './grid.js';

export type OutputFile =
  | { readonly kind: 'text'; readonly path: string; readonly content: string | Uint8Array }
  | { readonly kind: 'geojson'; readonly path: string; readonly layer: GeoJsonOutput }
  /** A single-band class grid, written as a tiled DEFLATE GeoTIFF. */
  | { readonly kind: 'class-raster'; readonly path: string; readonly grid: Grid; readonly crs: Crs; readonly values: Uint8Array; readonly nodata?: number }
  /** A picture of a class grid: one palette index per cell, drawn `scale × scale` pixels each. */
  | { readonly kind: 'png'; readonly path: string; readonly rows: number; readonly cols: number; readonly indexes: Uint8Array; readonly palette: readonly (readonly [number, number, number])[]; readonly scale: number; readonly legend?: PngLegend };

/** A legend drawn beside a class picture: a title, a swatch and label per palette index; `hatched` is drawn as a checkerboard (no data). */
export interface PngLegend {
  readonly title: string;
  readonly entries: readonly { readonly index: number; readonly label: string }[];
  readonly hatched?: number;
}
