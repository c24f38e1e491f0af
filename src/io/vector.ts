/**
 * Vector layers: GeoJSON (io/geojson.ts), Shapefile (.shp + .dbf, .prj for the CRS, .cpg for the
 * text encoding; also zipped, io/zipped-shapefile.ts) and FlatGeobuf (io/flatgeobuf.ts); zones are Polygon and MultiPolygon with holes. Each feature is validated here, so
 * that the error names the file and the feature; geometry arrives in the layer's own CRS and is reprojected per raster later.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { requireCommonJs } from '../core/require-commonjs.js';
import { resolveCrs, type Crs } from '../core/crs.js';
import type { Bounds } from '../core/grid.js';
import type { InputSource, ProgressReport } from '../core/inputs.js';
import type { PolygonRings, Ring, ZoneFeature, ZoneLayer } from '../core/zones.js';
import { describeImplausibleExtent, isOutsideDegrees } from '../core/coordinate-checks.js';
import { computeRingsBox } from '../core/ring.js';
import { chooseDbfEncoding } from './dbf-encoding.js';
import { readGeoPackage, type WantedGeometry } from './geopackage.js';
import { readOsmWays } from './osm-pbf.js';
import { readZippedShapefile, type ShapefileParts } from './zipped-shapefile.js';
import { readGeoJsonText, scanPositions, toGeoJsonFeatures, toPolygonRings, type RawFeature } from './geojson.js';
import { describeFound, describeList, InputError, ZoneError } from '../errors.js';

/** A vector layer to read: a path or a parsed GeoJSON object, its name in messages, its CRS override. */
export interface LayerRef {
  readonly source: InputSource;
  /** The path, or `(in-memory zones)`. */
  readonly name: string;
  /** CRS for a layer that declares none or a wrong one (`--zones-crs`, `--stops-crs`, …). */
  readonly crs?: string;
  /** The option that sets `crs`, named in hints. */
  readonly crsFlag?: string;
  /** The layer to read from a file of several (a GeoPackage), and the option that sets it. */
  readonly layer?: string;
  readonly layerFlag?: string;
  /** For an .osm.pbf: the lon/lat box whose nodes are kept (the zones plus a margin). */
  readonly clip?: Bounds;
  /** Where a long read (an .osm.pbf) reports its progress. */
  readonly progress?: ProgressReport;
}

export interface ReadZonesOptions {
  /** Attribute holding the zone id (`--zone-id`); when given it must exist on every feature. */
  readonly idField?: string;
  /** Zones left out (a batch unit isolating a zone it cannot compute): not read beyond their id. */
  readonly exclude?: ReadonlySet<string>;
  /** Only this zone (a batch unit per feature). */
  readonly only?: string;
}

/** The box of the outer rings (holes lie inside them). */
const toBounds = (polygons: readonly PolygonRings[]): Bounds => computeRingsBox(polygons.map((rings) => rings[0].xy));

/** The parts of a Shapefile on disk: the .shp and the .dbf, .prj, .cpg beside it. */
async function readShapefileParts(path: string): Promise<ShapefileParts> {
  const base = path.slice(0, -extname(path).length);
  const sibling = (ext: string) => [`${base}.${ext}`, `${base}.${ext.toUpperCase()}`].find((p) => existsSync(p));
  const dbf = sibling('dbf');
  if (!dbf) throw new InputError(`${path}: the Shapefile has no .dbf beside it (expected ${base}.dbf with the attributes)`);
  const prj = sibling('prj');
  const cpg = sibling('cpg');
  return {
    name: path, shp: path, dbf: await readFile(dbf),
    ...(prj ? { prj: await readFile(prj) } : {}),
    ...(cpg ? { cpg: await readFile(cpg) } : {}),
  };
}

/** A Shapefile's features and CRS, from its parts (files beside each other, or members of a zip). */
async function readShapefile(parts: ShapefileParts): Promise<{ features: RawFeature[]; crsSpec: string | undefined }> {
  const { name } = parts;
  const base = name.slice(0, -extname(name).length);
  const encoding = chooseDbfEncoding(`${base}.dbf`, parts.dbf, parts.cpg?.toString('latin1'), `${base}.cpg`);
  const crsSpec = parts.prj ? parts.prj.toString('utf8').trim() : undefined;
  const features: RawFeature[] = [];
  const bytes = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  try {
    const shapefile = requireCommonJs('shapefile') as typeof import('shapefile');
    const source = await shapefile.open(typeof parts.shp === 'string' ? parts.shp : bytes(parts.shp), bytes(parts.dbf), { encoding });
    for (let result = await source.read(); !result.done; result = await source.read()) {
      const f = result.value as unknown as RawFeature;
      features.push({ properties: f.properties ?? {}, geometry: f.geometry });
    }
  } catch (error) {
    throw new InputError(`${name}: cannot read the Shapefile (${(error as Error).message})`);
  }
  return { features, crsSpec };
}

function chooseIds(path: string, raw: RawFeature[], idField?: string): { ids: string[]; idSource: string } {
  if (idField !== undefined) {
    const ids = raw.map((f, k) => {
      const value = f.properties?.[idField];
      if (value === undefined || value === null || value === '') {
        throw new InputError(`${path} feature ${k}: no zone id in field ${describeFound(idField)} (--zone-id; found ${describeFound(value)}; fields: ${describeList(Object.keys(raw[k].properties ?? {}))})`);
      }
      return String(value);
    });
    return { ids, idSource: idField };
  }
  const hasIdProperty = raw.length > 0 && raw.every((f) => f.properties?.id !== undefined && f.properties?.id !== null && f.properties.id !== '');
  if (hasIdProperty) return { ids: raw.map((f) => String(f.properties.id)), idSource: 'id' };
  if (raw.length > 0 && raw.every((f) => f.id !== undefined && f.id !== null)) return { ids: raw.map((f) => String(f.id)), idSource: 'feature id' };
  return { ids: raw.map((_, k) => String(k)), idSource: 'feature index' };
}

/** Coordinates that cannot be in the layer's CRS (metres read as degrees, degrees labelled metres) are the user's to fix. */
function assertPlausibleCoordinates(features: readonly RawFeature[], crs: Crs, path: string, crsOrigin: string, hint: string): void {
  const scan = scanPositions(features, isOutsideDegrees);
  if (scan.count === 0) return;
  const outside = scan.firstOutsideDegrees;
  if (crs.geographic && outside) {
    throw new InputError(`${path} feature ${outside.feature}: (${Number(outside.x.toPrecision(8))}, ${Number(outside.y.toPrecision(8))}) is not lon/lat, but the CRS is ${crs.id} (${crsOrigin})${hint || '; the file declares the wrong CRS'}`);
  }
  const jump = scan.firstHalfTurn;
  if (crs.geographic && jump) {
    throw new InputError(`${path} feature ${jump.feature}: an edge from longitude ${jump.x0} to ${jump.x1} crosses the antimeridian; split it at 180° (ogr2ogr -wrapdateline)`);
  }
  const problem = describeImplausibleExtent(crs, scan);
  if (problem) throw new InputError(`${path}: ${problem} (${crsOrigin})${hint || '; the file declares the wrong CRS'}`);
}

/** OSM ways with a highway tag (streets of every kind, areas excluded) as line features with their tags. */
async function readOsmLineFeatures(path: string, clip: Bounds | undefined, progress: ProgressReport | undefined): Promise<{ features: RawFeature[]; crsSpec: string }> {
  const ways = await readOsmWays(path, { clip, keep: (tags) => tags.highway !== undefined && tags.area !== 'yes', progress });
  const features = ways.lines.map((line, k): RawFeature => {
    const coordinates: number[][] = [];
    for (let i = 0; i < line.length; i += 2) coordinates.push([line[i], line[i + 1]]);
    return { properties: { ...ways.tags[k] }, geometry: { type: 'LineString', coordinates } };
  });
  return { features, crsSpec: 'EPSG:4326' };
}

/** The features of a GeoJSON (file or object) or Shapefile and its CRS (`what` names the content for messages). */
export async function readFeatureFile(ref: LayerRef, what: string, wanted: WantedGeometry = 'any'): Promise<{ features: RawFeature[]; crs: Crs }> {
  const { source, name: path } = ref;
  const hint = ref.crsFlag ? `; give its CRS with ${ref.crsFlag}` : '';
  let read: { features: RawFeature[]; crsSpec: string | undefined };
  const ext = typeof source === 'string' ? extname(source).toLowerCase() : '';
  if (typeof source === 'string') {
    if (!existsSync(source)) throw new InputError(`${path}: file not found (expected ${what} as GeoJSON, Shapefile, zipped Shapefile, FlatGeobuf or GeoPackage)`);
    if (ref.layer !== undefined && ext !== '.gpkg') throw new InputError(`${ref.layerFlag ?? 'layer'}: ${path} holds one layer (a layer is chosen in a GeoPackage, .gpkg); remove ${ref.layerFlag ?? 'the layer option'}`);
    if (/\.pbf$/i.test(source)) read = await readOsmLineFeatures(source, ref.clip, ref.progress);
    else if (ext === '.gpkg') read = await readGeoPackage(source, ref.layer, ref.layerFlag ?? 'a layer option', wanted);
    else if (ext === '.shp') read = await readShapefile(await readShapefileParts(source));
    else if (ext === '.zip') read = await readShapefile(await readZippedShapefile(source));
    else if (ext === '.fgb') read = await (await import('./flatgeobuf.js')).readFlatGeobuf(source);
    else read = toGeoJsonFeatures(await readGeoJsonText(source), path);
  } else {
    read = toGeoJsonFeatures(source, path);
  }
  const { features, crsSpec } = read;
  if (features.length === 0) throw new InputError(`${path}: no features (expected ${what})`);
  let crs: Crs;
  if (ref.crs) crs = resolveCrs(ref.crs, `${ref.crsFlag ?? 'CRS'} for ${path}`);
  else if (crsSpec) crs = resolveCrs(crsSpec, path);
  else if (ext === '.shp') throw new InputError(`${path}: the Shapefile has no .prj, so its CRS is unknown (expected ${path.slice(0, -4)}.prj)${hint}`);
  else if (ext === '.zip') throw new InputError(`${path}: the zipped Shapefile has no .prj, so its CRS is unknown (expected one beside the .shp in the zip)${hint}`);
  else if (ext === '.fgb') throw new InputError(`${path}: the FlatGeobuf header declares no CRS${hint || '; write it with ogr2ogr -a_srs'}`);
  else if (ext === '.gpkg') throw new InputError(`${path}: the GeoPackage layer has an undefined CRS${hint || '; write it with ogr2ogr -a_srs'}`);
  else crs = resolveCrs('EPSG:4326', path); // RFC 7946: GeoJSON without a crs member is WGS 84 lon/lat
  assertPlausibleCoordinates(features, crs, path, ref.crs ? `given by ${ref.crsFlag ?? 'the options'}` : crsSpec ? 'declared by the file' : 'GeoJSON without crs is lon/lat', hint);
  return { features, crs };
}

/** Reads and validates a zone layer. */
export async function readZones(ref: LayerRef, options: ReadZonesOptions = {}): Promise<ZoneLayer> {
  const path = ref.name;
  const { features: raw, crs } = await readFeatureFile(ref, 'zone polygons', 'polygon');
  const { ids, idSource } = chooseIds(path, raw, options.idField);
  const seen = new Map<string, number>();
  const features: ZoneFeature[] = [];
  raw.forEach((f, index) => {
    const id = ids[index];
    const previous = seen.get(id);
    if (previous !== undefined) throw new InputError(`${path} feature ${index}: duplicate zone id ${JSON.stringify(id)} (from ${idSource}; also feature ${previous}); expected unique ids — choose another field with --zone-id`);
    seen.set(id, index);
    if (options.exclude?.has(id) || (options.only !== undefined && id !== options.only)) return;
    let polygons: Ring[][];
    try {
      polygons = toPolygonRings(f.geometry, `${path} feature ${index} (zone ${JSON.stringify(id)})`);
    } catch (error) {
      throw error instanceof InputError ? new ZoneError(error.message, id, 'invalid-zone-geometry') : error;
    }
    features.push({ id, index, properties: f.properties ?? {}, polygons, bounds: toBounds(polygons) });
  });
  if (options.only !== undefined && features.length === 0) throw new InputError(`${path}: no zone ${describeFound(options.only)} (ids from ${idSource})`);
  if (features.length === 0) throw new InputError(`${path}: no zone left to compute (every zone was set aside)`);
  return { path, crs, features, idSource };
}

/** Each zone's code in `field` (`--geocode-field`, `--ref-area-field`): a non-empty text or number on every zone. */
export function readZoneCodes(zones: ZoneLayer, field: string, flag: string): Map<string, string> {
  const codes = new Map<string, string>();
  for (const zone of zones.features) {
    const value = zone.properties[field];
    if ((typeof value !== 'string' && typeof value !== 'number') || String(value).trim() === '') {
      throw new InputError(`${zones.path} feature ${zone.index} (zone ${describeFound(zone.id)}): no code in field ${describeFound(field)} (${flag}; found ${describeFound(value)}; fields: ${describeList(Object.keys(zone.properties))})`);
    }
    codes.set(zone.id, String(value).trim());
  }
  return codes;
}

/** Each zone's attributes by zone id, geometry not validated (a batch reads aggregation levels from them). */
export async function readZoneAttributes(ref: LayerRef, idField?: string): Promise<Map<string, Readonly<Record<string, unknown>>>> {
  const { features } = await readFeatureFile(ref, 'zone polygons', 'polygon');
  const { ids } = chooseIds(ref.name, features, idField);
  return new Map(features.map((f, k) => [ids[k], f.properties ?? {}]));
}
