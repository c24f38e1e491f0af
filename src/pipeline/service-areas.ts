/**
 * A merged service area (11.2.1, 11.7.1) drawn for maps: the outline of the served population cells,
 * traced from the cell grid (holes kept) and densified into EPSG:4326 GeoJSON.
 */
import { resolveCrs, toPointTransform } from '../core/crs.js';
import type { RasterSource } from '../core/raster.js';
import { computeDensifiedRing } from '../kernels/densify.js';
import { computeLabelPolygons } from '../kernels/polygonize.js';

/** The merged service area, as the outline of the served population cells, in EPSG:4326. */
export function toServiceAreaGeoJson(population: RasterSource, served: ReadonlySet<number>, description: string): string {
  const { grid, crs } = population.info;
  const labels = new Int32Array(grid.rows * grid.cols);
  for (const key of served) labels[key] = 1;
  const [polygons] = computeLabelPolygons(labels, grid.rows, grid.cols, 1);
  const toLonLat = toPointTransform(crs, resolveCrs('EPSG:4326', 'service areas'));
  const coordinates = (polygons ?? []).map((rings) => rings.map((ring) => {
    const xy = new Float64Array(ring.length);
    for (let i = 0; i < ring.length; i += 2) {
      xy[i] = grid.originX + ring[i] * grid.cellWidth;
      xy[i + 1] = grid.originY - ring[i + 1] * grid.cellHeight;
    }
    const out = toLonLat ? computeDensifiedRing(xy, toLonLat, 1e-7) : xy;
    const positions: number[][] = [];
    for (let i = 0; i < out.length; i += 2) positions.push([Math.round(out[i] * 1e8) / 1e8, Math.round(out[i + 1] * 1e8) / 1e8]);
    return positions;
  }));
  const feature = { type: 'Feature', properties: { description }, geometry: { type: 'MultiPolygon', coordinates } };
  return `${JSON.stringify({ type: 'FeatureCollection', features: [feature] })}\n`;
}
