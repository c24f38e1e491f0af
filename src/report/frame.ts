/**
 * The plane a report map is drawn in: the CRS of the map's raster when it is projected, else the
 * zones' own projected CRS, else a local plate carrée (x = lon·cos φ₀, y = lat) that keeps a raster
 * in lon/lat axis-aligned. d3-geo's planar identity projection, fitted to the layers, turns plane
 * coordinates into pixels; the scale bar reads its scale back.
 */
import { geoIdentity, geoPath, type GeoPath, type GeoPermissibleObjects } from 'd3-geo';
import { resolveCrs, toPointTransform, type Crs } from '../core/crs.js';
import type { Bounds } from '../core/grid.js';

/** Metres in one degree of a great circle on the mean Earth sphere (R = 6,371,008.8 m). */
const METRES_PER_DEGREE = (Math.PI / 180) * 6_371_008.8;

export interface MapFrame {
  /** The CRS whose coordinates the layers are given in before `toPlane`. */
  readonly crs: Crs;
  /** A CRS coordinate → the drawing plane. */
  readonly toPlane: (x: number, y: number) => [number, number];
  readonly metresPerPlaneUnit: number;
  /** How the caption names the plane. */
  readonly description: string;
}

export function createFrame(crs: Crs, centreLat: number): MapFrame {
  if (!crs.geographic) {
    return { crs, toPlane: (x, y) => [x, y], metresPerPlaneUnit: crs.metresPerUnit, description: `${crs.name} (${crs.id.startsWith('WKT:') ? 'from the file\'s WKT' : crs.id})` };
  }
  const k = Math.cos((centreLat * Math.PI) / 180);
  return { crs, toPlane: (x, y) => [x * k, y], metresPerPlaneUnit: METRES_PER_DEGREE, description: `${crs.name} drawn as a local plate carrée (longitudes × cos ${centreLat.toFixed(2)}°)` };
}

/** Latitude of a box's centre, for a frame in a geographic CRS. */
export function centreLatitude(crs: Crs, box: Bounds): number {
  const toLonLat = toPointTransform(crs, resolveCrs('EPSG:4326', 'map'));
  const cx = (box.minX + box.maxX) / 2;
  const cy = (box.minY + box.maxY) / 2;
  return toLonLat ? toLonLat(cx, cy)[1] : cy;
}

/** A function carrying coordinates of `from` into the frame's plane (null when `from` cannot be projected there). */
export function toFramePlane(frame: MapFrame, from: Crs): ((x: number, y: number) => [number, number]) {
  const transform = toPointTransform(from, frame.crs);
  return transform ? (x, y) => { const [a, b] = transform(x, y); return frame.toPlane(a, b); } : frame.toPlane;
}

export interface Viewport {
  readonly widthPx: number;
  readonly heightPx: number;
  readonly path: GeoPath;
  /** Plane coordinates → pixels. */
  readonly toPx: (x: number, y: number) => [number, number];
  readonly pxPerMetre: number;
}

/** d3-geo's identity projection (y up), fitted to `box` (plane units) inside the drawing with a margin. */
export function createViewport(frame: MapFrame, box: Bounds, widthPx: number, heightPx: number, marginPx: number): Viewport {
  const outline: GeoPermissibleObjects = {
    type: 'Polygon',
    coordinates: [[[box.minX, box.minY], [box.maxX, box.minY], [box.maxX, box.maxY], [box.minX, box.maxY], [box.minX, box.minY]]],
  };
  const projection = geoIdentity().reflectY(true).fitExtent([[marginPx, marginPx], [widthPx - marginPx, heightPx - marginPx]], outline);
  const path = geoPath(projection).digits(1);
  const toPx = (x: number, y: number): [number, number] => projection([x, y]) as [number, number];
  return { widthPx, heightPx, path, toPx, pxPerMetre: projection.scale() / frame.metresPerPlaneUnit };
}
