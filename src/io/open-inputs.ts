/**
 * The file-backed InputOpener: opens rasters, zones and tables, and describes each input for
 * provenance (role, path, sha256 streamed, size, CRS, extent, resolution, nodata).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { toGridBounds } from '../core/grid.js';
import type { InputOpener } from '../core/inputs.js';
import type { InputDescription } from '../core/observation.js';
import type { RasterSource } from '../core/raster.js';
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { readGtfsStops } from './gtfs.js';
import { readMicrodata } from './microdata.js';
import { readPopulationPoints, readStopPoints, readStreets } from './network-layers.js';
import { openRaster } from './raster.js';
import { readPopulationTable } from './table.js';
import { readFeatureFile, readZones } from './vector.js';

export async function computeFileSha256(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { sha256: hash.digest('hex'), bytes: (await stat(path)).size };
}

export interface FileInputOptions {
  readonly rasterCrs?: string;
  readonly zonesCrs?: string;
  readonly zoneId?: string;
  readonly band?: number;
}

export interface RecordingOpener extends InputOpener {
  /** Inputs opened so far, in order. */
  describeInputs(): Promise<InputDescription[]>;
  closeAll(): Promise<void>;
}

export function createFileInputOpener(options: FileInputOptions): RecordingOpener {
  const pending: { role: string; path: string; details: Record<string, unknown> }[] = [];
  const opened: RasterSource[] = [];
  return {
    async openRaster(role, path) {
      const raster = await openRaster(path, { crsOverride: options.rasterCrs, band: options.band });
      opened.push(raster);
      const { grid, crs, nodata, dataType, compression, layout, bigTiff, crsSource } = raster.info;
      pending.push({
        role, path,
        details: {
          crs: crs.id, crsName: crs.name, crsSource,
          extent: toGridBounds(grid), resolution: [grid.cellWidth, grid.cellHeight], size: [grid.cols, grid.rows],
          nodata, dataType, compression, layout, bigTiff,
        },
      });
      return raster;
    },
    async readZones(role, path) {
      const zones = await readZones(path, { idField: options.zoneId, crsOverride: options.zonesCrs });
      pending.push({ role, path, details: { crs: zones.crs.id, features: zones.features.length, idSource: zones.idSource } });
      return zones;
    },
    async readPopulationTable(role, path) {
      const rows = await readPopulationTable(path, options.zoneId);
      pending.push({ role, path, details: { rows: rows.length } });
      return rows;
    },
    async readMicrodata(role, path, columns) {
      const data = await readMicrodata(path, columns);
      pending.push({ role, path, details: { rows: data.rows, columns: columns.map((c) => c.name) } });
      return data;
    },
    async readJson(role, path) {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        throw new InputError(`${path}: file not found or not readable (expected a JSON ${role})`);
      }
      try {
        const value: unknown = JSON.parse(text);
        pending.push({ role, path, details: {} });
        return value;
      } catch (error) {
        throw new InputError(`${path}: not valid JSON (${(error as Error).message})`);
      }
    },
    async readStopPoints(role, path, capacityField) {
      const layer = await readStopPoints(path, capacityField);
      pending.push({ role, path, details: { crs: layer.crs.id, stops: layer.stops.length } });
      return layer;
    },
    async readGtfsStops(role, path, capacityMap, filter) {
      const layer = await readGtfsStops(path, capacityMap, filter);
      pending.push({ role, path, details: { stops: layer.stops.length } });
      return layer;
    },
    async readPopulationPoints(role, path, field) {
      const points = await readPopulationPoints(path, field);
      pending.push({ role, path, details: { crs: points.crs.id, points: points.counts.length, field } });
      return points;
    },
    async readVectorFeatures(role, path) {
      const layer = await readFeatureFile(path, role);
      pending.push({ role, path, details: { crs: layer.crs.id, features: layer.features.length } });
      return layer;
    },
    async readStreets(role, path) {
      const layer = await readStreets(path);
      pending.push({ role, path, details: { crs: layer.crs.id, lines: layer.lines.length } });
      return layer;
    },
    async describeInputs() {
      const described: InputDescription[] = [];
      for (const { role, path, details } of pending) described.push({ role, path, ...(await computeFileSha256(path)), ...details });
      return described;
    },
    async closeAll() {
      for (const raster of opened.splice(0)) await raster.close().catch(() => undefined);
    },
  };
}
