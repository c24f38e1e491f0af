/** Zone layers as indicators and pipelines see them (read and validated in io/vector.ts). */
import type { Crs } from './crs.js';
import type { Bounds } from './grid.js';

/** One ring as interleaved x,y coordinates; the closing vertex may or may not repeat the first. */
export interface Ring {
  readonly xy: Float64Array;
  readonly isHole: boolean;
}

/** One polygon: its outer ring first, then holes. */
export type PolygonRings = Ring[];

export interface ZoneFeature {
  readonly id: string;
  readonly index: number;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly polygons: readonly PolygonRings[];
  readonly bounds: Bounds;
}

export interface ZoneLayer {
  readonly path: string;
  readonly crs: Crs;
  readonly features: readonly ZoneFeature[];
  /** Where the ids came from: the field name, `feature id`, or `feature index`. */
  readonly idSource: string;
}
