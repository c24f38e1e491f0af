/**
 * A merged service area (11.2.1, 11.7.1) drawn for maps: the outline of the served population cells,
 * traced from the cell grid (holes kept) into EPSG:4326.
 */
import { resolveCrs } from '../core/crs.js';
import { toCoordinatePrecision, type GeoJsonOutput } from '../core/geojson-output.js';
import type { RasterSource } from '../core/raster.js';
import { computeLabelPolygons } from '../kernels/polygonize.js';
import { toOutlineCoordinates } from './cell-outlines.js';

/** The merged service area, as the outline of the served population cells, in EPSG:4326. */
export function toServiceAreaLayer(population: RasterSource, served: ReadonlySet<number>, description: string): GeoJsonOutput {
  const { grid, crs } = population.info;
  const labels = new Int32Array(grid.rows * grid.cols);
  for (const key of served) labels[key] = 1;
  const [polygons] = computeLabelPolygons(labels, grid.rows, grid.cols, 1);
  const lonLat = resolveCrs('EPSG:4326', 'service areas');
  const coordinates = toOutlineCoordinates(polygons ?? [], grid, crs, lonLat);
  return { features: [{ properties: { description }, geometry: { type: 'MultiPolygon', coordinates } }], crsId: lonLat.id, precision: toCoordinatePrecision(lonLat) };
}
