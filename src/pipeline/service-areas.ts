/**
 * A merged service area (11.2.1, 11.7.1) drawn for maps: the outline of the served population cells,
 * traced from the cell grid (holes kept) into EPSG:4326 GeoJSON.
 */
import { resolveCrs } from '../core/crs.js';
import type { RasterSource } from '../core/raster.js';
import { computeLabelPolygons } from '../kernels/polygonize.js';
import { toOutlineCoordinates } from './cell-outlines.js';

/** The merged service area, as the outline of the served population cells, in EPSG:4326. */
export function toServiceAreaGeoJson(population: RasterSource, served: ReadonlySet<number>, description: string): string {
  const { grid, crs } = population.info;
  const labels = new Int32Array(grid.rows * grid.cols);
  for (const key of served) labels[key] = 1;
  const [polygons] = computeLabelPolygons(labels, grid.rows, grid.cols, 1);
  const coordinates = toOutlineCoordinates(polygons ?? [], grid, crs, resolveCrs('EPSG:4326', 'service areas'));
  const feature = { type: 'Feature', properties: { description }, geometry: { type: 'MultiPolygon', coordinates } };
  return `${JSON.stringify({ type: 'FeatureCollection', features: [feature] })}\n`;
}
