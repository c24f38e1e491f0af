/**
 * How an indicator obtains its inputs without importing io/ (docs/architecture.md §1): the runner hands it an
 * opener that reads files and records each one (hash, CRS, grid) for provenance.
 */
import type { Bounds } from './grid.js';
import type { Crs } from './crs.js';
import type { ColumnRequest, Microdata } from './microdata.js';
import type { RasterSource } from './raster.js';
import type { PopulationPoints, ServiceFilter, StopLayer, StreetLayer } from './transit.js';
import type { ZoneLayer } from './zones.js';

/**
 * Where an input comes from: a path, or — through the library API — the data itself (a GeoJSON
 * object, an in-memory raster `{ grid, crs, values, nodata }`, an array of records).
 */
export type InputSource = string | Readonly<Record<string, unknown>> | readonly Readonly<Record<string, unknown>>[];

/** The name of an input in messages and provenance. */
export function describeSource(source: InputSource): string {
  return typeof source === 'string' ? source : '(in-memory)';
}

/** An input's file name without its folders, for SDMX SOURCE_DETAIL (never a machine's path). */
export function describeSourceName(source: InputSource | string): string {
  if (typeof source !== 'string') return '(in-memory)';
  return source.split(/[\\/]/).filter(Boolean).pop() ?? source;
}

export interface PopulationTableRow {
  readonly zone: string;
  readonly year: number;
  readonly population: number;
}

/**
 * Opens inputs by role (`zones`, `built:2000`, `stops`, …). The role names the layer whose
 * `--<layer>-crs` override applies and the flag that error hints name.
 */
/** A feature of a polygon layer: its attributes and its polygons (outer ring, then holes; flat x, y), validated. */
export interface PolygonFeature {
  readonly index: number;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly polygons: readonly Float64Array[][];
}

/** A feature of a line layer: its attributes and its line parts (flat x, y). */
export interface LineFeature {
  readonly index: number;
  readonly properties: Readonly<Record<string, unknown>>;
  readonly lines: readonly Float64Array[];
}

export interface FeatureLayer<F> {
  readonly path: string;
  readonly crs: Crs;
  readonly features: readonly F[];
}

export interface InputOpener {
  openRaster(role: string, source: InputSource): Promise<RasterSource>;
  readZones(role: string, source: InputSource): Promise<ZoneLayer>;
  /**
   * Whether a population source is a raster: a GeoTIFF, a VRT, a folder of tiles, a zip holding a
   * GeoTIFF, a URL, or an in-memory raster — anything else is a vector layer of counts.
   */
  isRaster(source: InputSource): Promise<boolean>;
  readPopulationTable(role: string, source: InputSource): Promise<PopulationTableRow[]>;
  /** Survey microdata, only the named columns. */
  readMicrodata(role: string, source: InputSource, columns: readonly ColumnRequest[]): Promise<Microdata>;
  /** A JSON document (a microdata config, a capacity map). */
  readJson(role: string, source: InputSource): Promise<unknown>;
  /** Stop points with a low/high capacity field. */
  readStopPoints(role: string, source: InputSource, capacityField: string): Promise<StopLayer>;
  /** GTFS stops with capacity from the route types serving them. */
  readGtfsStops(role: string, source: InputSource, capacityMap: Readonly<Record<string, 'low' | 'high' | 'exclude'>>, filter?: ServiceFilter): Promise<StopLayer>;
  /** Population points (polygons count at their centroid) with a count field. */
  readPopulationPoints(role: string, source: InputSource, field: string): Promise<PopulationPoints>;
  /** Polygon features (open spaces, street areas, sample circles) from GeoJSON, Shapefile or FlatGeobuf, validated. */
  readPolygons(role: string, source: InputSource): Promise<FeatureLayer<PolygonFeature>>;
  /**
   * Line features (street centre lines with their attributes) from GeoJSON, Shapefile, FlatGeobuf,
   * GeoPackage or .osm.pbf (ways with a highway tag, their tags as attributes); `clip` (lon/lat) bounds
   * what an .osm.pbf keeps.
   */
  readLines(role: string, source: InputSource, clip?: Bounds): Promise<FeatureLayer<LineFeature>>;
  /** Walkable street lines (GeoJSON, Shapefile, .osm.pbf streamed, kept inside `clip`, lon/lat). */
  readStreets(role: string, source: InputSource, clip?: Bounds): Promise<StreetLayer>;
}

/** Progress of a long step: `done` of `total` (units of the step's own: bytes, rows, nodes, stages). */
export type ProgressReport = (label: string, done: number, total: number) => void;

/** Where an indicator reports progress, warnings and the `--explain` walk-through (all on stderr). */
export interface RunLog {
  info(message: string): void;
  warn(message: string): void;
  /** One step of the computation with its numbers and formula; printed only with --explain. */
  explain(message: string): void;
  readonly explaining: boolean;
  progress(label: string, done: number, total: number): void;
}
