/**
 * 11.7.1 inputs in a local equal-area CRS: open spaces (filtered, validated or not) and street areas
 * (polygons, or lines buffered by their width), each with its box for the tile index.
 */
import { toPointTransform, type Crs } from '../../core/crs.js';
import { findPolygonProblem } from '../../core/polygon-validity.js';
import { computeRingCentroid, computeRingSignedArea, computeRingsBox } from '../../core/ring.js';
import type { ZoneFeature } from '../../core/zones.js';
import { InputError, UsageError, describeFound } from '../../errors.js';
import { computeDensifiedRing } from '../../kernels/densify.js';
import { computeStreetPolygons } from '../../kernels/street-buffer.js';
import type { CategorisedPolygon } from '../../kernels/union-area.js';

export interface VectorFeature {
  readonly properties: Readonly<Record<string, unknown>>;
  readonly geometry: { readonly type: string; readonly coordinates?: unknown } | null;
}

export interface OpenSpace extends CategorisedPolygon {
  readonly validated: boolean;
  readonly areaM2: number;
}

function toRing(positions: unknown, where: string): Float64Array {
  if (!Array.isArray(positions) || positions.length < 4) throw new InputError(`${where}: expected a ring of at least 4 positions, found ${describeFound(positions)}`);
  const xy = new Float64Array(positions.length * 2);
  positions.forEach((p: unknown, k) => {
    const x = Array.isArray(p) ? Number(p[0]) : Number.NaN;
    const y = Array.isArray(p) ? Number(p[1]) : Number.NaN;
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new InputError(`${where}: position ${k} is not a pair of finite numbers`);
    xy[2 * k] = x;
    xy[2 * k + 1] = y;
  });
  return xy;
}

/** Reprojects (and densifies) a ring; coordinates outside the projection's domain name the layer. */
function toProjector(crs: Crs, working: Crs, path: string): (xy: Float64Array) => Float64Array {
  const transform = toPointTransform(crs, working);
  return (xy) => {
    if (!transform) return xy;
    try {
      return computeDensifiedRing(xy, transform, 0.01);
    } catch {
      throw new InputError(`${path}: coordinates cannot be reprojected from ${crs.id} (are they really in that CRS?)`);
    }
  };
}

function withBox(rings: Float64Array[], category: 0 | 1): CategorisedPolygon {
  return { rings, category, ...computeRingsBox(rings) };
}

/** Polygons of a feature (each: outer ring then holes) in the working CRS. */
function toPolygons(feature: VectorFeature, where: string, transform: ((xy: Float64Array) => Float64Array)): Float64Array[][] {
  const g = feature.geometry;
  if (!g) throw new InputError(`${where}: empty geometry (expected a Polygon or MultiPolygon)`);
  const parts = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' && Array.isArray(g.coordinates) ? g.coordinates : null;
  if (!parts) throw new InputError(`${where}: expected a Polygon or MultiPolygon, found ${g.type}`);
  return (parts as unknown[]).map((part, p) => {
    if (!Array.isArray(part) || part.length === 0) throw new InputError(`${where}: empty polygon part ${p}`);
    const rings = part.map((ring, r) => toRing(ring, `${where} ring ${r}`));
    const problem = findPolygonProblem(rings.map((xy, r) => ({ xy, isHole: r > 0 })), computeRingSignedArea);
    if (problem?.kind === 'crossing') throw new InputError(`${where}: invalid polygon (edges cross near ${Number(problem.x.toPrecision(12))}, ${Number(problem.y.toPrecision(12))}); repair it, e.g. with shapely make_valid`);
    if (problem) throw new InputError(`${where}: invalid polygon (it encloses no area); repair it, e.g. with shapely make_valid`);
    return rings.map(transform);
  });
}

/** `field=value` and `field!=value` conditions joined by `,` or `&&` (all must hold). */
export function parseFilter(expression: string | undefined, features: readonly VectorFeature[], path: string): (p: Readonly<Record<string, unknown>>) => boolean {
  if (!expression) return () => true;
  const conditions = expression.split(/,|&&/).map((c) => c.trim()).filter(Boolean).map((c) => {
    const m = /^([^!=\s]+)\s*(!=|=)\s*(.*)$/.exec(c);
    if (!m) throw new UsageError(`--open-space-filter: expected field=value or field!=value (joined by , or &&), found ${JSON.stringify(c)}`);
    return { field: m[1], negate: m[2] === '!=', value: m[3].replace(/^["']|["']$/g, '') };
  });
  for (const { field } of conditions) {
    if (!features.some((f) => f.properties && field in f.properties)) {
      const fields = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))].join(', ') || 'none';
      throw new UsageError(`--open-space-filter: ${path} has no attribute "${field}" (attributes: ${fields})`);
    }
  }
  return (p) => conditions.every(({ field, negate, value }) => (String(p[field] ?? '') === value) !== negate);
}

const TRUE_VALUES = new Set(['1', 'true', 'yes', 'y', 'validated']);

export function toOpenSpaces(features: readonly VectorFeature[], crs: Crs, working: Crs, path: string, filter: string | undefined, validatedField: string | undefined): { spaces: OpenSpace[]; filteredOut: number } {
  const keep = parseFilter(filter, features, path);
  const project = toProjector(crs, working, path);
  if (validatedField && !features.some((f) => f.properties && validatedField in f.properties)) throw new UsageError(`--validated-field: ${path} has no attribute "${validatedField}"`);
  const spaces: OpenSpace[] = [];
  let filteredOut = 0;
  features.forEach((f, k) => {
    if (!keep(f.properties ?? {})) {
      filteredOut++;
      return;
    }
    const validated = validatedField ? TRUE_VALUES.has(String(f.properties?.[validatedField] ?? '').toLowerCase()) : true;
    for (const rings of toPolygons(f, `${path} feature ${k}`, project)) {
      const area = Math.abs(computeRingSignedArea(rings[0])) - rings.slice(1).reduce((s, h) => s + Math.abs(computeRingSignedArea(h)), 0);
      if (!(area > 0)) throw new InputError(`${path} feature ${k}: invalid open-space polygon (it encloses no area); repair it, e.g. with shapely make_valid`);
      spaces.push({ ...withBox(rings, 0), validated, areaM2: area });
    }
  });
  return { spaces, filteredOut };
}

export function toStreetAreas(features: readonly VectorFeature[], crs: Crs, working: Crs, path: string, widthField: string | undefined, widthM: number | undefined, lines: boolean): CategorisedPolygon[] {
  const project = toProjector(crs, working, path);
  const out: CategorisedPolygon[] = [];
  features.forEach((f, k) => {
    const where = `${path} feature ${k}`;
    if (!lines) {
      for (const rings of toPolygons(f, where, project)) out.push(withBox(rings, 1));
      return;
    }
    const g = f.geometry;
    if (!g) return;
    const parts = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' && Array.isArray(g.coordinates) ? g.coordinates : null;
    if (!parts) throw new InputError(`${where}: expected a LineString or MultiLineString street, found ${g.type}`);
    const raw = widthField ? f.properties?.[widthField] : widthM;
    const width = typeof raw === 'number' ? raw : Number(raw);
    if (!(width > 0)) throw new InputError(`${where}, field ${widthField ?? '--street-width-m'}: expected a street width in metres > 0, found ${describeFound(raw)} (give --street-width-field or --street-width-m)`);
    for (const part of parts as unknown[]) {
      if (!Array.isArray(part) || part.length < 2) continue;
      const xy = project(Float64Array.from((part as number[][]).flatMap((p) => [Number(p[0]), Number(p[1])])));
      for (const piece of computeStreetPolygons(xy, width)) out.push(withBox([piece], 1));
    }
  });
  return out;
}

/** The zone's rings in the working CRS. */
export function toZoneRings(zone: ZoneFeature, crs: Crs, working: Crs): Float64Array[] {
  const project = toProjector(crs, working, `zone ${JSON.stringify(zone.id)}`);
  return zone.polygons.flat().map((ring) => project(ring.xy));
}

/** A digitised Halton circle (METHODS §11.3): its centre in the working CRS and the street share drawn in it. */
export interface StreetSample {
  /** The `zone` attribute written by `11.7.1 sample`, or null (then the centre decides). */
  readonly zone: string | null;
  readonly x: number;
  readonly y: number;
  readonly sharePct: number;
}

/** `--street-samples`: circles (polygons) with `streetSharePct` 0–100 filled in by the digitiser. */
export function toStreetSamples(features: readonly VectorFeature[], crs: Crs, working: Crs, path: string): StreetSample[] {
  const project = toProjector(crs, working, path);
  return features.map((f, k) => {
    const where = `${path} feature ${k}`;
    const raw = f.properties?.streetSharePct;
    const share = raw === null || raw === undefined || raw === '' ? Number.NaN : Number(raw);
    if (!(share >= 0 && share <= 100)) throw new InputError(`${where}, field streetSharePct: expected the digitised street share of the circle, 0–100 %, found ${describeFound(raw)}`);
    if (f.geometry?.type !== 'Polygon' || !Array.isArray(f.geometry.coordinates)) throw new InputError(`${where}: expected a sample circle (Polygon), found ${f.geometry ? f.geometry.type : 'no geometry'}`);
    const [x, y] = computeRingCentroid(project(toRing(f.geometry.coordinates[0], where)));
    return { zone: typeof f.properties?.zone === 'string' ? f.properties.zone : null, x, y, sharePct: share };
  });
}
