/** Zone layers as indicators and pipelines see them (read and validated in io/vector.ts). */
import { resolveCrs, toPointTransform, type Crs } from './crs.js';
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

/**
 * A metric CRS centred on the zones' combined box (6-decimal lon/lat centre): `laea` keeps areas
 * exact (11.7.1), `aeqd` keeps distances from the centre true (11.2.1); over a city either errs < 1e-5.
 */
/** The box of every zone, in the layer's CRS. */
export function toZonesBounds(zones: ZoneLayer): Bounds {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const { bounds } of zones.features) {
    minX = Math.min(minX, bounds.minX); maxX = Math.max(maxX, bounds.maxX);
    minY = Math.min(minY, bounds.minY); maxY = Math.max(maxY, bounds.maxY);
  }
  return { minX, minY, maxX, maxY };
}

export function toLocalMetricCrs(zones: ZoneLayer, projection: 'laea' | 'aeqd'): Crs {
  const toLonLat = toPointTransform(zones.crs, resolveCrs('EPSG:4326', 'zones'));
  const { minX, minY, maxX, maxY } = toZonesBounds(zones);
  const [lon, lat] = toLonLat ? toLonLat((minX + maxX) / 2, (minY + maxY) / 2) : [(minX + maxX) / 2, (minY + maxY) / 2];
  const name = projection === 'laea' ? 'local equal-area CRS' : 'local metric CRS';
  return resolveCrs(`+proj=${projection} +lat_0=${lat.toFixed(6)} +lon_0=${lon.toFixed(6)} +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs`, name);
}

/**
 * The zones' box in lon/lat, widened by `marginM` metres on every side (what a network around the
 * zones must cover: service distances, entry points); the corners and edge midpoints of the box are
 * transformed, which bounds a city-sized box in any projected CRS.
 */
export function toLonLatExtent(zones: ZoneLayer, marginM: number): Bounds {
  const toLonLat = toPointTransform(zones.crs, resolveCrs('EPSG:4326', 'zones'));
  const { minX, minY, maxX, maxY } = toZonesBounds(zones);
  const corners = [[minX, minY], [maxX, minY], [maxX, maxY], [minX, maxY], [(minX + maxX) / 2, minY], [(minX + maxX) / 2, maxY], [minX, (minY + maxY) / 2], [maxX, (minY + maxY) / 2]]
    .map(([x, y]) => (toLonLat ? toLonLat(x, y) : [x, y]));
  const lons = corners.map((c) => c[0]);
  const lats = corners.map((c) => c[1]);
  const [south, north] = [Math.min(...lats), Math.max(...lats)];
  const metresPerDegree = 111_320;
  const dLat = marginM / metresPerDegree;
  const dLon = marginM / (metresPerDegree * Math.max(0.01, Math.cos((Math.max(Math.abs(south), Math.abs(north)) * Math.PI) / 180)));
  return { minX: Math.min(...lons) - dLon, maxX: Math.max(...lons) + dLon, minY: south - dLat, maxY: north + dLat };
}
