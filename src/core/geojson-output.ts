/**
 * GeoJSON a run writes (degurba centres and clusters, service areas, Halton circles): polygon features
 * with their attributes and full-precision coordinates; io/writers/geojson.ts winds, rounds and
 * serialises them. Coordinates are rounded to ~1 mm: 8 decimals of a degree, 3 decimals of a metre.
 */
import type { Crs } from './crs.js';

export interface PolygonOutputFeature {
  readonly properties: Readonly<Record<string, unknown>>;
  readonly geometry: { readonly type: 'Polygon'; readonly coordinates: number[][][] } | { readonly type: 'MultiPolygon'; readonly coordinates: number[][][][] };
}

export interface GeoJsonOutput {
  readonly features: readonly PolygonOutputFeature[];
  /** The coordinates' CRS id; anything but EPSG:4326 is named in a (pre-RFC 7946) `crs` member. */
  readonly crsId: string;
  /** Decimals kept. */
  readonly precision: number;
}

/** ~1 mm: 8 decimals for degrees, 3 for metres. */
export function toCoordinatePrecision(crs: Crs): number {
  return crs.geographic ? 8 : 3;
}
