/**
 * How an indicator obtains its inputs without importing io/ (STYLE §1): the runner hands it an
 * opener that reads files and records each one (hash, CRS, grid) for provenance.
 */
import type { Crs } from './crs.js';
import type { ColumnRequest, Microdata } from './microdata.js';
import type { RasterSource } from './raster.js';
import type { PopulationPoints, ServiceFilter, StopLayer, StreetLayer } from './transit.js';
import type { ZoneLayer } from './zones.js';

export interface PopulationTableRow {
  readonly zone: string;
  readonly year: number;
  readonly population: number;
}

export interface InputOpener {
  openRaster(role: string, path: string): Promise<RasterSource>;
  readZones(role: string, path: string): Promise<ZoneLayer>;
  readPopulationTable(role: string, path: string): Promise<PopulationTableRow[]>;
  /** Survey microdata, only the named columns. */
  readMicrodata(role: string, path: string, columns: readonly ColumnRequest[]): Promise<Microdata>;
  /** A JSON document (a microdata config, a capacity map). */
  readJson(role: string, path: string): Promise<unknown>;
  /** Stop points with a low/high capacity field. */
  readStopPoints(role: string, path: string, capacityField: string): Promise<StopLayer>;
  /** GTFS stops with capacity from the route types serving them. */
  readGtfsStops(role: string, path: string, capacityMap: Readonly<Record<string, 'low' | 'high' | 'exclude'>>, filter?: ServiceFilter): Promise<StopLayer>;
  /** Population points (polygons count at their centroid) with a count field. */
  readPopulationPoints(role: string, path: string, field: string): Promise<PopulationPoints>;
  /** Features of any geometry from GeoJSON or Shapefile, with the declared CRS. */
  readVectorFeatures(role: string, path: string): Promise<{ features: readonly { properties: Record<string, unknown>; geometry: { type: string; coordinates?: unknown } | null }[]; crs: Crs }>;
  /** Walkable street lines (GeoJSON, Shapefile, .osm.pbf). */
  readStreets(role: string, path: string): Promise<StreetLayer>;
}

/** Where an indicator reports progress, warnings and the `--explain` walk-through (all on stderr). */
export interface RunLog {
  info(message: string): void;
  warn(message: string): void;
  /** One step of the computation with its numbers and formula; printed only with --explain. */
  explain(message: string): void;
  readonly explaining: boolean;
  progress(label: string, done: number, total: number): void;
}
