/**
 * GeoPackage vector layers (`.gpkg`, OGC GeoPackage 1.2/1.3, as `ogr2ogr -f GPKG` and QGIS write them),
 * read with sql.js — SQLite compiled to WebAssembly, no native build. A layer is a row of
 * `gpkg_contents` with data_type `features`; its geometry column and CRS come from
 * `gpkg_geometry_columns` and `gpkg_spatial_ref_sys`; each geometry is a GeoPackage binary blob
 * (the "GP" header with its optional envelope, then ISO WKB; GeoPackage §2.1.3), decoded by wkx.
 * The whole database is held in memory, as a GeoJSON layer is, up to a bound.
 */
import { createRequire } from 'node:module';
import { describeFound, describeList, InputError } from '../errors.js';
import type { RawFeature } from './geojson.js';
import { readWholeFile } from './read-text.js';

const MAX_GPKG_BYTES = 1024 ** 3;

/** Envelope bytes by the flags' envelope indicator (GeoPackage §2.1.3.1.1): none, xy, xyz, xym, xyzm. */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

interface Layer {
  readonly table: string;
  readonly column: string;
  readonly srsId: number;
  /** gpkg_geometry_columns.geometry_type_name: POLYGON, MULTIPOLYGON, POINT, LINESTRING, GEOMETRY, … */
  readonly type: string;
}

/** The geometry a reader needs (zones are polygons), or any. */
export type WantedGeometry = 'polygon' | 'any';

const POLYGON_TYPES = ['POLYGON', 'MULTIPOLYGON', 'CURVEPOLYGON', 'MULTISURFACE', 'SURFACE', 'GEOMETRY'];

/** The WKB inside a GeoPackage geometry blob; null for an empty geometry. */
function toWkb(blob: Uint8Array, where: string): Buffer | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new InputError(`${where}: not a GeoPackage geometry (expected the "GP" magic bytes)`);
  const flags = blob[3];
  const envelope = (flags >> 1) & 0x07;
  if (envelope >= ENVELOPE_BYTES.length) throw new InputError(`${where}: invalid envelope code ${envelope} in the geometry header`);
  if ((flags >> 5) & 0x01) throw new InputError(`${where}: an extended GeoPackage geometry type (expected standard WKB)`);
  if ((flags >> 4) & 0x01) return null;
  return Buffer.from(blob.buffer, blob.byteOffset + 8 + ENVELOPE_BYTES[envelope], blob.length - 8 - ENVELOPE_BYTES[envelope]);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

type Database = import('sql.js').Database;

async function openDatabase(path: string, bytes: Uint8Array): Promise<Database> {
  // sql.js's Node build finds its .wasm beside itself.
  const initSqlJs = createRequire(import.meta.url)('sql.js') as typeof import('sql.js').default;
  const SQL = await initSqlJs();
  try {
    const db = new SQL.Database(bytes);
    db.exec('SELECT 1 FROM sqlite_master LIMIT 1');
    return db;
  } catch (error) {
    throw new InputError(`${path}: not a readable GeoPackage (SQLite says: ${String((error as Error).message).slice(0, 100)})`);
  }
}

/** A SQLite call on the file: its failure (a malformed page, a missing table) is the file's, said in one line. */
function bySqlite<T>(path: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: not a readable GeoPackage (SQLite says: ${String((error as Error).message).slice(0, 100)})`);
  }
}

function rows(db: Database, sql: string, params: (string | number)[] = []): Record<string, unknown>[] {
  const statement = db.prepare(sql);
  try {
    statement.bind(params);
    const out: Record<string, unknown>[] = [];
    while (statement.step()) out.push(statement.getAsObject());
    return out;
  } finally {
    statement.free();
  }
}

/** The feature layers of the package, in gpkg_contents order. */
function listLayers(db: Database, path: string): Layer[] {
  try {
    return rows(db, `SELECT c.table_name AS t, g.column_name AS c, g.srs_id AS s, g.geometry_type_name AS g FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.rowid`)
      .map((r) => ({ table: String(r.t), column: String(r.c), srsId: Number(r.s), type: String(r.g).toUpperCase() }));
  } catch {
    throw new InputError(`${path}: not a GeoPackage (no gpkg_contents and gpkg_geometry_columns tables)`);
  }
}

/** `EPSG:code` where the package names one, else the WKT definition; undefined for "undefined" CRSs (0, -1). */
function toCrsSpec(db: Database, srsId: number): string | undefined {
  const [srs] = rows(db, 'SELECT organization AS o, organization_coordsys_id AS i, definition AS d FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [srsId]);
  if (!srs || srsId === 0 || srsId === -1) return undefined;
  const organisation = String(srs.o ?? '').toUpperCase();
  if ((organisation === 'EPSG' || organisation === 'ESRI') && Number(srs.i) > 0) return `${organisation}:${Number(srs.i)}`;
  const definition = String(srs.d ?? '');
  return definition && definition.toLowerCase() !== 'undefined' ? definition : undefined;
}

/** The features of one layer (`layer`, or the only feature layer) and its CRS. */
export async function readGeoPackage(path: string, layer: string | undefined, layerFlag: string, wanted: WantedGeometry = 'any'): Promise<{ features: RawFeature[]; crsSpec: string | undefined }> {
  const bytes = new Uint8Array(await readWholeFile(path, MAX_GPKG_BYTES, 'a GeoPackage', 'export the layer you need (ogr2ogr -f GPKG small.gpkg big.gpkg LAYER -spat …)'));
  const db = await openDatabase(path, bytes);
  try {
    const all = listLayers(db, path);
    if (all.length === 0) throw new InputError(`${path}: the GeoPackage has no feature layer (its tables hold no geometry)`);
    const layers = wanted === 'polygon' ? all.filter((l) => POLYGON_TYPES.includes(l.type)) : all;
    if (layers.length === 0) throw new InputError(`${path}: the GeoPackage has no polygon layer (expected zone polygons; its layers are ${all.map((l) => `${l.table} (${l.type})`).join(', ')})`);
    const names = layers.map((l) => l.table);
    if (layer === undefined && layers.length > 1) throw new InputError(`${path}: holds ${layers.length} ${wanted === 'polygon' ? 'polygon' : 'feature'} layers (${describeList(names)}); choose one with ${layerFlag}`);
    const chosen = layer === undefined ? layers[0] : layers.find((l) => l.table === layer);
    if (!chosen) throw new InputError(`${path}: no ${wanted === 'polygon' ? 'polygon' : 'feature'} layer ${describeFound(layer)} (${layerFlag}; ${wanted === 'polygon' ? 'polygon layers' : 'layers'}: ${describeList(names)})`);
    const { default: wkx } = await import('wkx');
    const features: RawFeature[] = [];
    const statement = bySqlite(path, () => db.prepare(`SELECT * FROM ${quote(chosen.table)}`));
    try {
      let k = 0;
      while (bySqlite(path, () => statement.step())) {
        const row = statement.getAsObject();
        const where = `${path} layer ${chosen.table} feature ${k}`;
        const blob = row[chosen.column];
        const properties: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(row)) if (key !== chosen.column && !(value instanceof Uint8Array)) properties[key] = value;
        let geometry: RawFeature['geometry'] = null;
        if (blob instanceof Uint8Array) {
          const wkb = toWkb(blob, where);
          try {
            geometry = wkb ? (wkx.Geometry.parse(wkb).toGeoJSON() as RawFeature['geometry']) : null;
          } catch (error) {
            throw new InputError(`${where}: the geometry cannot be read (${String((error as Error).message).slice(0, 80)})`);
          }
        }
        features.push({ id: row.fid ?? k, properties, geometry });
        k++;
      }
    } finally {
      statement.free();
    }
    return { features, crsSpec: bySqlite(path, () => toCrsSpec(db, chosen.srsId)) };
  } finally {
    db.close();
  }
}
