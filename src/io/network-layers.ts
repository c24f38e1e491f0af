/**
 * 11.2.1 inputs other than GTFS: stops as points with a capacity field (city inventories, paratransit
 * mapping), and walkable streets as lines (GeoJSON, Shapefile) or OpenStreetMap `.osm.pbf` ways.
 */
import { resolveCrs } from '../core/crs.js';
import { computeRingCentroid } from '../core/ring.js';
import type { PopulationPoints, StopLayer, StreetLayer, TransitStop } from '../core/transit.js';
import { describeFound, InputError } from '../errors.js';
import { toLineParts, toPointXy, toPolygonRings } from './geojson.js';
import type { Bounds } from '../core/grid.js';
import type { ProgressReport } from '../core/inputs.js';
import { readOsmWays } from './osm-pbf.js';
import { readFeatureFile, type LayerRef } from './vector.js';

/** Stop points with `capacityField` holding `low` or `high` (the 11.2.1 stop layer). */
export async function readStopPoints(ref: LayerRef, capacityField: string): Promise<StopLayer> {
  const path = ref.name;
  const { features, crs } = await readFeatureFile(ref, 'stops (points)');
  const stops: TransitStop[] = [];
  features.forEach((f, k) => {
    const where = `${path} feature ${k}`;
    const value = String(f.properties?.[capacityField] ?? '').trim().toLowerCase();
    if (value !== 'low' && value !== 'high') throw new InputError(`${where}, field ${capacityField}: expected low or high capacity, found ${describeFound(f.properties?.[capacityField])}`);
    if (!f.geometry) throw new InputError(`${where}: a stop without coordinates (expected a Point)`);
    const xy = toPointXy(f.geometry, where);
    const id = String(f.properties?.id ?? f.id ?? k);
    for (let i = 0; i < xy.length; i += 2) stops.push({ id, station: id, x: xy[i], y: xy[i + 1], capacity: value });
  });
  return { path, crs, stops, notes: [] };
}

/** OSM highway values people can walk on (motorways and trunk roads excluded, as in OSMnx's walk network). */
const WALKABLE = new Set([
  'primary', 'primary_link', 'secondary', 'secondary_link', 'tertiary', 'tertiary_link', 'unclassified', 'residential', 'living_street',
  'service', 'pedestrian', 'footway', 'path', 'steps', 'track', 'cycleway', 'road', 'crossing', 'corridor', 'bridleway',
]);

/** Walkable ways of an .osm.pbf, streamed: only nodes inside the clip are kept (io/osm-pbf.ts). */
async function readOsmStreets(path: string, clip: Bounds | undefined, progress: ProgressReport | undefined): Promise<StreetLayer> {
  const ways = await readOsmWays(path, {
    clip,
    progress,
    keep: (tags) => WALKABLE.has(tags.highway) && tags.foot !== 'no' && tags.access !== 'private' && tags.area !== 'yes',
  });
  return { path, crs: resolveCrs('EPSG:4326', path), lines: ways.lines, osm: { nodesRead: ways.nodesRead, nodesKept: ways.nodesKept, ...(clip ? { clip: [clip.minX, clip.minY, clip.maxX, clip.maxY].map((v) => Number(v.toFixed(6))) } : {}) } };
}

/** Walkable streets: GeoJSON / Shapefile (Multi)LineStrings, or an OpenStreetMap .osm.pbf. */
export async function readStreets(ref: LayerRef): Promise<StreetLayer> {
  const path = ref.name;
  let layer: StreetLayer;
  if (typeof ref.source === 'string' && ref.source.toLowerCase().endsWith('.pbf')) {
    layer = await readOsmStreets(ref.source, ref.clip, ref.progress);
  } else {
    const { features, crs } = await readFeatureFile(ref, 'streets (lines)');
    const lines: Float64Array[] = [];
    features.forEach((f, k) => {
      if (f.geometry) lines.push(...toLineParts(f.geometry, `${path} feature ${k}`));
    });
    layer = { path, crs, lines };
  }
  if (layer.lines.filter((l) => l.length >= 4).length === 0) throw new InputError(`${path}: no walkable streets (expected lines with at least two points${path.endsWith('.pbf') ? ', OSM ways tagged highway=residential, footway, …' : ''})`);
  return layer;
}

/** Population as points with `field` counts; a polygon (census block, building) counts at its centroid. */
export async function readPopulationPoints(ref: LayerRef, field: string): Promise<PopulationPoints> {
  const path = ref.name;
  const { features, crs } = await readFeatureFile(ref, 'population points or polygons');
  const xy: number[] = [];
  const counts: number[] = [];
  features.forEach((f, k) => {
    const where = `${path} feature ${k}`;
    const raw = f.properties?.[field];
    const count = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
    if (!(count >= 0)) throw new InputError(`${where}, field ${field}: expected a number of persons ≥ 0 (--population-field), found ${describeFound(raw)}`);
    const g = f.geometry;
    if (!g) throw new InputError(`${where}: no geometry (expected a Point or Polygon)`);
    let point: readonly [number, number];
    if (g.type === 'Point') {
      const p = toPointXy(g, where);
      point = [p[0], p[1]];
    } else if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
      point = computeRingCentroid(toPolygonRings(g, where)[0][0].xy);
    } else {
      throw new InputError(`${where}: expected a Point or Polygon, found ${g.type}`);
    }
    xy.push(point[0], point[1]);
    counts.push(count);
  });
  return { path, crs, xy: Float64Array.from(xy), counts: Float64Array.from(counts) };
}
