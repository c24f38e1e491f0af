/**
 * Coordinate reference systems: resolution of a spec (EPSG/ESRI code, WKT, PROJ string) to a proj4
 * definition, with its kind (geographic or projected) and linear unit. EPSG definitions come from
 * the epsg-index package, one small file per code, read on demand (no network, no global table load).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { requireCommonJs } from './require-commonjs.js';
import { InputError } from '../errors.js';

const proj4 = requireCommonJs('proj4') as typeof import('proj4');

export interface Crs {
  /** Stable identity, e.g. `EPSG:3035`, `ESRI:54009`, or `WKT:<name>` for a definition without a code. */
  readonly id: string;
  /** Human-readable name for messages and provenance. */
  readonly name: string;
  readonly geographic: boolean;
  /** Metres per CRS linear unit (1 for metres; NaN for geographic CRSs). */
  readonly metresPerUnit: number;
  /** EPSG code, when the CRS is one. */
  readonly epsg?: number;
  /** WKT, when known (to write the CRS into output files). */
  readonly wkt?: string;
  /** How a datum shift whose grid is not shipped is done instead, and its accuracy (warned). */
  readonly datumNote?: string;
}

/** Definitions that epsg-index lacks or that GHSL products use under an ESRI code (docs/methods.md §5). */
const MOLLWEIDE_WKT = 'PROJCS["World_Mollweide",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mollweide"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],UNIT["Meter",1.0]]';

const BUILT_IN_DEFINITIONS: Record<string, { name: string; proj4: string; wkt?: string }> = {
  'ESRI:54009': { name: 'World Mollweide', proj4: '+proj=moll +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs', wkt: MOLLWEIDE_WKT },
  'EPSG:4326': { name: 'WGS 84', proj4: '+proj=longlat +datum=WGS84 +no_defs' },
};

let epsgDirectory: string | undefined;

function readEpsgDefinition(code: string): { name: string; proj4: string; wkt?: string } | undefined {
  if (!epsgDirectory) {
    const require = createRequire(import.meta.url);
    epsgDirectory = join(dirname(require.resolve('epsg-index/all.json')), 's');
  }
  try {
    const entry = JSON.parse(readFileSync(join(epsgDirectory, `${code}.json`), 'utf8')) as { name: string; proj4?: string; wkt?: string };
    return entry.proj4 ? { name: entry.name, proj4: entry.proj4, wkt: entry.wkt } : undefined;
  } catch {
    return undefined;
  }
}

const registered = new Map<string, Crs>();

/**
 * Datum shifts defined by a grid file (`+nadgrids=`), which urban-sdg does not ship: replaced by the
 * published 7-parameter transformation PROJ itself falls back to without the grid, with its accuracy.
 * (proj4js turns a missing grid into NaN coordinates — never that.)
 */
const GRID_FALLBACKS: readonly { readonly grid: RegExp; readonly towgs84: string; readonly note: string }[] = [
  { grid: /OSTN/i, towgs84: '446.448,-125.157,542.06,0.15,0.247,0.842,-20.489', note: 'OSGB36 to WGS 84 by the Helmert transformation EPSG:1314 ("OSGB36 to WGS 84 (6)", accurate to about 2 m) instead of the OSTN15 grid' },
  { grid: /ntv2_0|ntv1_can|conus|alaska|NAD27/i, towgs84: '-8,160,176,0,0,0,0', note: 'NAD27 to WGS 84 by the Helmert transformation EPSG:1173 ("NAD27 to WGS 84 (4)", accurate to about 10 m in the conterminous US, worse elsewhere) instead of the NTv2/NADCON grids' },
];

function withoutGridShift(definition: string, where: string): { definition: string; datumNote?: string } {
  const grid = /\+nadgrids=(\S+)/.exec(definition);
  if (!grid) return { definition };
  const fallback = GRID_FALLBACKS.find((f) => f.grid.test(grid[1]));
  if (!fallback) throw new InputError(`${where}: the CRS shifts its datum with the grid ${JSON.stringify(grid[1])}, which urban-sdg does not have; reproject the file first (e.g. ogr2ogr -t_srs EPSG:4326, gdalwarp -t_srs …)`);
  return { definition: definition.replace(grid[0], `+towgs84=${fallback.towgs84}`), datumNote: fallback.note };
}

function register(id: string, name: string, given: string, where: string, extra: { epsg?: number; wkt?: string } = {}): Crs {
  const existing = registered.get(id);
  if (existing) return existing;
  const { definition, datumNote } = withoutGridShift(given, where);
  try {
    proj4.defs(id, definition);
  } catch (error) {
    throw new InputError(`${where}: the coordinate reference system could not be read (expected a WKT, PROJ string or EPSG code, found ${JSON.stringify(definition.slice(0, 80))}): ${(error as Error).message}`);
  }
  const parsed = proj4.defs(id) as unknown as { projName?: string; to_meter?: number; units?: string } | undefined;
  if (!parsed || !parsed.projName) {
    throw new InputError(`${where}: the coordinate reference system is not supported (found ${JSON.stringify(definition.slice(0, 80))})`);
  }
  const geographic = parsed.projName === 'longlat';
  const metresPerUnit = geographic ? Number.NaN : parsed.to_meter ?? (parsed.units === 'ft' ? 0.3048 : parsed.units === 'us-ft' ? 1200 / 3937 : 1);
  const crs: Crs = { id, name, geographic, metresPerUnit, ...extra, ...(datumNote ? { datumNote } : {}) };
  registered.set(id, crs);
  return crs;
}

const CODE_PATTERN = /^(?:(EPSG|ESRI|urn:ogc:def:crs:EPSG:[^:]*|urn:ogc:def:crs:ESRI:[^:]*)[:]+)?(\d{3,6})$/i;

/**
 * Resolves a CRS spec: `EPSG:3035`, `3035`, `ESRI:54009`, an OGC URN, `CRS84`, a WKT string or a
 * `+proj=` string. `where` names the source (file, option) for the error message.
 */
export function resolveCrs(spec: string, where: string): Crs {
  const text = spec.trim();
  if (/^(urn:ogc:def:crs:OGC:[^:]*:)?CRS84$/i.test(text)) return resolveCrs('EPSG:4326', where);
  const code = CODE_PATTERN.exec(text);
  if (code) {
    const authority = code[1] && /ESRI/i.test(code[1]) ? 'ESRI' : 'EPSG';
    const id = `${authority}:${code[2]}`;
    const definition = BUILT_IN_DEFINITIONS[id] ?? readEpsgDefinition(code[2]);
    if (!definition) {
      throw new InputError(`${where}: unknown coordinate reference system ${id} (expected an EPSG or ESRI code known to the EPSG index, a WKT or a PROJ string)`);
    }
    const epsg = authority === 'EPSG' ? Number(code[2]) : undefined;
    return register(id, definition.name, definition.proj4, where, { epsg, wkt: definition.wkt });
  }
  if (text.startsWith('+') || /^[A-Z]+(CRS|CS)\s*\[/i.test(text)) {
    const name = /^[A-Z]+\s*\[\s*"([^"]*)"/i.exec(text)?.[1] ?? text.slice(0, 60);
    return register(`WKT:${name}:${hashText(text)}`, name, text, where, text.startsWith('+') ? {} : { wkt: text });
  }
  throw new InputError(`${where}: cannot read the coordinate reference system (expected EPSG:<code>, ESRI:<code>, WKT or a PROJ string, found ${JSON.stringify(text.slice(0, 80))})`);
}

function hashText(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16);
}

/** A point transform between two CRSs; null when they are the same (no transform applied). */
export type PointTransform = (x: number, y: number) => [number, number];

export function toPointTransform(from: Crs, to: Crs): PointTransform | null {
  if (from.id === to.id) return null;
  const converter = proj4(from.id, to.id);
  return (x, y) => {
    const [px, py] = converter.forward([x, y]);
    return [px, py];
  };
}
