/**
 * Reading GeoJSON (RFC 7946) in one place: a file or an object handed to the library becomes a list
 * of features; Turf's meta/invariant functions walk the geometries (multi-parts flattened), and every
 * position is checked here so that an error names the file, the feature, the part and the position.
 * Coordinates become flat typed arrays (x0, y0, x1, y1, …) for the kernels. Walking is iterative and
 * of fixed depth per geometry type: a hostile nesting cannot overflow the stack.
 */
import { getCoords, getType } from '@turf/invariant';
import { flattenEach } from '@turf/meta';
import type { Feature, Geometry, GeometryCollection, LineString, Point, Polygon } from 'geojson';
import type { LineFeature, PolygonFeature } from '../core/inputs.js';
import { findPolygonProblem } from '../core/polygon-validity.js';
import { computeRingSignedArea } from '../core/ring.js';
import type { Ring } from '../core/zones.js';
import { describeFound, InputError } from '../errors.js';
import { readWholeText } from './read-text.js';

/** A feature as read: its id, attributes and geometry (null when the file has none). */
export interface RawFeature {
  readonly id?: unknown;
  readonly properties: Record<string, unknown>;
  readonly geometry: { readonly type: string; readonly coordinates?: unknown; readonly geometries?: unknown } | null;
}

type GeoJsonObject = { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } }; geometry?: unknown; properties?: unknown; id?: unknown; coordinates?: unknown };

/** GeoJSON is read whole: beyond this, a layer belongs in a Shapefile (read feature by feature). */
const MAX_GEOJSON_BYTES = 512 * 1024 ** 2;

export async function readGeoJsonText(path: string): Promise<unknown> {
  const text = await readWholeText(path, MAX_GEOJSON_BYTES, 'a GeoJSON layer', 'convert it to a Shapefile (ogr2ogr out.shp in.geojson)');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: not valid GeoJSON (${(error as Error).message.slice(0, 120)})`);
  }
}

const GEOMETRY_TYPES = new Set(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection']);

/** A FeatureCollection, a Feature or a bare geometry → features, and the legacy `crs` member's name. */
export function toGeoJsonFeatures(value: unknown, path: string): { features: RawFeature[]; crsSpec: string | undefined } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`${path}: expected a GeoJSON object, found ${Array.isArray(value) ? 'a list' : describeFound(value)}`);
  const parsed = value as GeoJsonObject;
  const name = parsed.crs?.properties?.name;
  const crsSpec = typeof name === 'string' ? name : undefined;
  const toFeature = (f: unknown, k: number): RawFeature => {
    const feature = f as GeoJsonObject | null;
    if (typeof feature !== 'object' || feature === null || feature.type !== 'Feature') throw new InputError(`${path} feature ${k}: expected a GeoJSON Feature, found ${describeFound(feature?.type ?? feature)}`);
    const properties = typeof feature.properties === 'object' && feature.properties !== null ? (feature.properties as Record<string, unknown>) : {};
    return { id: feature.id, properties, geometry: (feature.geometry ?? null) as RawFeature['geometry'] };
  };
  if (parsed.type === 'FeatureCollection' && Array.isArray(parsed.features)) return { features: parsed.features.map(toFeature), crsSpec };
  if (parsed.type === 'Feature') return { features: [toFeature(parsed, 0)], crsSpec };
  if (typeof parsed.type === 'string' && GEOMETRY_TYPES.has(parsed.type)) return { features: [{ properties: {}, geometry: parsed as RawFeature['geometry'] }], crsSpec };
  throw new InputError(`${path}: expected a GeoJSON FeatureCollection, Feature or geometry, found ${describeFound(parsed.type)}`);
}

/** A short, safe rendering of what stands where a position should (never a deep recursion). */
function describePosition(p: unknown): string {
  if (Array.isArray(p) && p.length <= 4 && p.every((v) => v === null || typeof v !== 'object')) return JSON.stringify(p).slice(0, 80);
  return describeFound(p);
}

/** Positions → flat x, y pairs; each must be an array of two finite numbers (a third, z, is ignored). */
function toXy(positions: unknown, where: string, minimum: number): Float64Array {
  if (!Array.isArray(positions)) throw new InputError(`${where}: expected a list of [x, y] positions, found ${describeFound(positions)}`);
  if (positions.length < minimum) throw new InputError(`${where}: expected at least ${minimum} positions, found ${positions.length}`);
  const xy = new Float64Array(positions.length * 2);
  for (let k = 0; k < positions.length; k++) {
    const p: unknown = positions[k];
    const x = Array.isArray(p) ? p[0] : undefined;
    const y = Array.isArray(p) ? p[1] : undefined;
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
      throw new InputError(`${where}: position ${k} is not a pair of finite numbers (found ${describePosition(p)})`);
    }
    xy[2 * k] = x;
    xy[2 * k + 1] = y;
  }
  return xy;
}

/**
 * The single-part geometries of `geometry` whose type is in `accepted` (multi-parts and collections
 * flattened by Turf), with the label of each part for messages.
 */
function toParts(geometry: RawFeature['geometry'], where: string, accepted: readonly string[], expected: string): { type: string; coordinates: unknown; where: string }[] {
  if (!geometry) throw new InputError(`${where}: empty geometry (expected ${expected}, found null)`);
  const type = String(geometry.type);
  if (!GEOMETRY_TYPES.has(type)) throw new InputError(`${where}: expected ${expected}, found ${describeFound(geometry.type)}`);
  if (type === 'GeometryCollection' ? !Array.isArray(geometry.geometries) : !Array.isArray(geometry.coordinates)) {
    throw new InputError(`${where}: the ${type} has no coordinates (expected ${expected})`);
  }
  const parts: { type: string; coordinates: unknown }[] = [];
  flattenEach(geometry as Geometry | GeometryCollection, (part: Feature) => {
    const partType = getType(part);
    if (!accepted.includes(partType)) throw new InputError(`${where}: expected ${expected}, found ${type === partType ? type : `${type} with a ${partType}`}`);
    parts.push({ type: partType, coordinates: getCoords(part as Feature<Point | LineString | Polygon>) });
  });
  return parts.map((part, k) => ({ ...part, where: parts.length > 1 ? `${where} part ${k}` : where }));
}

/** Polygon / MultiPolygon parts (outer ring, then holes), each checked for valid rings and crossing edges. */
export function toPolygonRings(geometry: RawFeature['geometry'], where: string): Ring[][] {
  const parts = toParts(geometry, where, ['Polygon'], 'a Polygon or MultiPolygon');
  const polygons: Ring[][] = [];
  for (const part of parts) {
    const coordinates = part.coordinates as unknown[];
    if (coordinates.length === 0) continue;
    const rings = coordinates.map((ring, r) => ({ xy: toXy(ring, r === 0 ? `${part.where} outer ring` : `${part.where} hole ${r}`, 0), isHole: r > 0 }));
    const problem = findPolygonProblem(rings, computeRingSignedArea);
    if (problem?.kind === 'too-few-points') throw new InputError(`${part.where}: invalid geometry (ring ${problem.ring} has ${problem.points} distinct points, expected at least 3)`);
    if (problem?.kind === 'zero-area') throw new InputError(`${part.where}: invalid geometry (ring ${problem.ring} encloses no area)`);
    if (problem?.kind === 'crossing') throw new InputError(`${part.where}: invalid geometry (edges cross near ${Number(problem.x.toPrecision(12))}, ${Number(problem.y.toPrecision(12))}; expected a valid polygon — repair it, e.g. with ST_MakeValid or shapely make_valid)`);
    polygons.push(rings);
  }
  if (polygons.length === 0) throw new InputError(`${where}: empty geometry (expected a Polygon or MultiPolygon with coordinates, found none)`);
  return polygons;
}

/** LineString / MultiLineString parts as flat x, y arrays (parts of fewer than two positions are kept for the caller to skip). */
export function toLineParts(geometry: RawFeature['geometry'], where: string): Float64Array[] {
  return toParts(geometry, where, ['LineString'], 'a LineString or MultiLineString').map((part) => toXy(part.coordinates, part.where, 0));
}

/** Point / MultiPoint positions as one flat x, y array. */
export function toPointXy(geometry: RawFeature['geometry'], where: string): Float64Array {
  const parts = toParts(geometry, where, ['Point'], 'a Point or MultiPoint');
  return toXy(parts.map((part) => part.coordinates), where, 1);
}

/** Polygon features of a layer, validated (open spaces, street areas, sample circles). */
export function toPolygonFeatures(features: readonly RawFeature[], path: string): PolygonFeature[] {
  return features.map((f, index) => ({ index, properties: f.properties, polygons: toPolygonRings(f.geometry, `${path} feature ${index}`).map((rings) => rings.map((ring) => ring.xy)) }));
}

/** Line features of a layer (streets); features without geometry are skipped. */
export function toLineFeatures(features: readonly RawFeature[], path: string): LineFeature[] {
  return features.flatMap((f, index) => (f.geometry ? [{ index, properties: f.properties, lines: toLineParts(f.geometry, `${path} feature ${index}`) }] : []));
}

export interface PositionScan {
  readonly count: number;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  /** The first position outside longitude/latitude degrees: its feature and coordinates. */
  readonly firstOutsideDegrees: { readonly feature: number; readonly x: number; readonly y: number } | null;
  /** The first pair of consecutive positions more than 180 units apart in x (a lon/lat line over the antimeridian). */
  readonly firstHalfTurn: { readonly feature: number; readonly x0: number; readonly x1: number } | null;
}

/** The extent of every [x, y] position of the features (walked with an explicit stack, any nesting). */
export function scanPositions(features: readonly RawFeature[], isOutsideDegrees: (x: number, y: number) => boolean): PositionScan {
  let count = 0, minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  let firstOutsideDegrees: PositionScan['firstOutsideDegrees'] = null;
  let firstHalfTurn: PositionScan['firstHalfTurn'] = null;
  features.forEach((f, feature) => {
    const stack: unknown[] = [f.geometry?.coordinates, ...(Array.isArray(f.geometry?.geometries) ? f.geometry.geometries.map((g: { coordinates?: unknown }) => g?.coordinates) : [])];
    while (stack.length > 0) {
      const node = stack.pop();
      if (!Array.isArray(node)) continue;
      if (typeof node[0] === 'number' && typeof node[1] === 'number') {
        const x = node[0], y = node[1];
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        count++;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
        if (firstOutsideDegrees === null && isOutsideDegrees(x, y)) firstOutsideDegrees = { feature, x, y };
        continue;
      }
      if (firstHalfTurn === null && Array.isArray(node[0]) && typeof node[0][0] === 'number') {
        for (let k = 1; k < node.length; k++) {
          const x0 = (node[k - 1] as number[])[0], x1 = (node[k] as number[])?.[0];
          if (typeof x1 === 'number' && Math.abs(x1 - x0) > 180) {
            firstHalfTurn = { feature, x0, x1 };
            break;
          }
        }
      }
      for (const child of node) stack.push(child);
    }
  });
  return { count, minX, minY, maxX, maxY, firstOutsideDegrees, firstHalfTurn };
}
