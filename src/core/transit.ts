/** Public-transport stops and walkable streets, as the 11.2.1 pipeline sees them. */
import type { Crs } from './crs.js';

/** UN metadata 11.2.1: low capacity (bus, tram, BRT) within 500 m; high capacity (rail, metro, ferry) within 1 km. */
export type Capacity = 'low' | 'high';

export interface TransitStop {
  readonly id: string;
  /** The station a stop belongs to (its parent station, or itself), so one station counts once. */
  readonly station: string;
  readonly x: number;
  readonly y: number;
  readonly capacity: Capacity;
}

export interface StopLayer {
  readonly path: string;
  readonly crs: Crs;
  readonly stops: readonly TransitStop[];
  /** What was left out and why (unknown route types, stops no trip serves). */
  readonly notes: readonly string[];
}

export interface StreetLayer {
  readonly path: string;
  readonly crs: Crs;
  /** Polylines as interleaved x,y. */
  readonly lines: readonly Float64Array[];
  /** For an .osm.pbf: nodes read and kept, and the lon/lat box they were kept in (provenance). */
  readonly osm?: { readonly nodesRead: number; readonly nodesKept: number; readonly clip?: readonly number[] };
}

/**
 * Optional frequency filter (docs/methods.md §9.6; ONS practice): only trips running on `date` count, and a
 * stop is kept when its departures in [windowStartS, windowEndS) average at least `minPerHour`.
 */
export interface ServiceFilter {
  /** YYYYMMDD. */
  readonly date: string;
  readonly windowStartS: number;
  readonly windowEndS: number;
  readonly minPerHour: number;
}

/** Population as points (dwellings, building or block centroids) with a count each. */
export interface PopulationPoints {
  readonly path: string;
  readonly crs: Crs;
  readonly xy: Float64Array;
  readonly counts: Float64Array;
}
