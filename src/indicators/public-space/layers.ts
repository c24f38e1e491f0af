/**
 * 11.7.1 inputs in a local equal-area CRS: open spaces (filtered, validated or not) and street areas
 * (polygons, or lines buffered by their width), each with its box for the tile index.
 */
import { toPointTransform, type Crs } from '../../core/crs.js';
import { computeRingCentroid, computeRingSignedArea, computeRingsBox } from '../../core/ring.js';
import type { FeatureLayer, LineFeature, PolygonFeature } from '../../core/inputs.js';
import type { ZoneFeature } from '../../core/zones.js';
import { InputError, UsageError, describeFound, describeList } from '../../errors.js';
import { computeDensifiedRing } from '../../kernels/densify.js';
import { computeStreetPolygons } from '../../kernels/street-buffer.js';
import type { CategorisedPolygon } from '../../kernels/union-area.js';

export interface OpenSpace extends CategorisedPolygon {
  readonly validated: boolean;
  readonly areaM2: number;
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

/** `field=value` and `field!=value` conditions joined by `,` or `&&` (all must hold). */
export function parseFilter(expression: string | undefined, features: readonly { readonly properties: Readonly<Record<string, unknown>> }[], path: string): (p: Readonly<Record<string, unknown>>) => boolean {
  if (!expression) return () => true;
  const conditions = expression.split(/,|&&/).map((c) => c.trim()).filter(Boolean).map((c) => {
    const m = /^([^!=\s]+)\s*(!=|=)\s*(.*)$/.exec(c);
    if (!m) throw new UsageError(`--open-space-filter: expected field=value or field!=value (joined by , or &&), found ${JSON.stringify(c)}`);
    return { field: m[1], negate: m[2] === '!=', value: m[3].replace(/^["']|["']$/g, '') };
  });
  for (const { field } of conditions) {
    if (!features.some((f) => f.properties && field in f.properties)) {
      const fields = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))];
      throw new UsageError(`--open-space-filter: ${path} has no attribute ${describeFound(field)} (attributes: ${describeList(fields)})`);
    }
  }
  return (p) => conditions.every(({ field, negate, value }) => (String(p[field] ?? '') === value) !== negate);
}

const TRUE_VALUES = new Set(['1', 'true', 'yes', 'y', 'validated']);

export function toOpenSpaces(layer: FeatureLayer<PolygonFeature>, working: Crs, filter: string | undefined, validatedField: string | undefined): { spaces: OpenSpace[]; filteredOut: number } {
  const { features, path } = layer;
  const keep = parseFilter(filter, features, path);
  const project = toProjector(layer.crs, working, path);
  if (validatedField && !features.some((f) => validatedField in f.properties)) throw new UsageError(`--validated-field: ${path} has no attribute "${validatedField}"`);
  const spaces: OpenSpace[] = [];
  let filteredOut = 0;
  for (const f of features) {
    if (!keep(f.properties)) {
      filteredOut++;
      continue;
    }
    const validated = validatedField ? TRUE_VALUES.has(String(f.properties[validatedField] ?? '').toLowerCase()) : true;
    for (const polygon of f.polygons) {
      const rings = polygon.map(project);
      const area = Math.abs(computeRingSignedArea(rings[0])) - rings.slice(1).reduce((s, h) => s + Math.abs(computeRingSignedArea(h)), 0);
      if (!(area > 0)) throw new InputError(`${path} feature ${f.index}: invalid open-space polygon (it encloses no area); repair it, e.g. with shapely make_valid`);
      spaces.push({ ...withBox(rings, 0), validated, areaM2: area });
    }
  }
  return { spaces, filteredOut };
}

/** Street polygons (land allocated to streets), in the working CRS. */
export function toStreetAreas(layer: FeatureLayer<PolygonFeature>, working: Crs): CategorisedPolygon[] {
  const project = toProjector(layer.crs, working, layer.path);
  return layer.features.flatMap((f) => f.polygons.map((polygon) => withBox(polygon.map(project), 1)));
}

/** Street centre lines buffered by their width (flat caps, bevel joins), in the working CRS. */
export function toStreetLines(layer: FeatureLayer<LineFeature>, working: Crs, widthField: string | undefined, widthM: number | undefined): CategorisedPolygon[] {
  const project = toProjector(layer.crs, working, layer.path);
  const out: CategorisedPolygon[] = [];
  for (const f of layer.features) {
    const where = `${layer.path} feature ${f.index}`;
    const raw = widthField ? f.properties[widthField] : widthM;
    const width = typeof raw === 'number' ? raw : Number(raw);
    if (!(width > 0)) throw new InputError(`${where}, field ${widthField ?? 'width'}: expected a street width in metres > 0, found ${describeFound(raw)} (give --street-width-field or --street-width-m)`);
    for (const line of f.lines) {
      if (line.length < 4) continue;
      for (const piece of computeStreetPolygons(project(line), width)) out.push(withBox([piece], 1));
    }
  }
  return out;
}

/** The zone's rings in the working CRS. */
export function toZoneRings(zone: ZoneFeature, crs: Crs, working: Crs): Float64Array[] {
  const project = toProjector(crs, working, `zone ${JSON.stringify(zone.id)}`);
  return zone.polygons.flat().map((ring) => project(ring.xy));
}

/** A digitised Halton circle (UN metadata 11.7.1, street sampling): its centre in the working CRS and the street share drawn in it. */
export interface StreetSample {
  /** The `zone` attribute written by `11.7.1 sample`, or null (then the centre decides). */
  readonly zone: string | null;
  readonly x: number;
  readonly y: number;
  readonly sharePct: number;
}

/** `--street-samples`: circles (polygons) with `streetSharePct` 0–100 filled in by the digitiser. */
export function toStreetSamples(layer: FeatureLayer<PolygonFeature>, working: Crs): StreetSample[] {
  const project = toProjector(layer.crs, working, layer.path);
  return layer.features.map((f) => {
    const where = `${layer.path} feature ${f.index}`;
    const raw = f.properties.streetSharePct;
    const share = raw === null || raw === undefined || raw === '' ? Number.NaN : Number(raw);
    if (!(share >= 0 && share <= 100)) throw new InputError(`${where}, field streetSharePct: expected the digitised street share of the circle, 0–100 %, found ${describeFound(raw)}`);
    const [x, y] = computeRingCentroid(project(f.polygons[0][0]));
    return { zone: typeof f.properties.zone === 'string' ? f.properties.zone : null, x, y, sharePct: share };
  });
}
