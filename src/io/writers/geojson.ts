/**
 * The one GeoJSON writer: features built with @turf/helpers, rings wound as RFC 7946 §3.1.6 asks
 * (exterior counter-clockwise, holes clockwise) by @turf/rewind, coordinates rounded by
 * @turf/truncate. Rewinding only reverses rings and rounding is per coordinate, so areas and
 * topology are kept.
 */
import { feature as toFeature } from '@turf/helpers';
import { rewind } from '@turf/rewind';
import { truncate } from '@turf/truncate';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { GeoJsonOutput } from '../../core/geojson-output.js';

export function formatGeoJson(layer: GeoJsonOutput): string {
  const features = layer.features.map((f) => {
    const built = toFeature(f.geometry as Polygon | MultiPolygon, { ...f.properties });
    return truncate(rewind(built) as Feature<Polygon | MultiPolygon>, { precision: layer.precision, coordinates: 2, mutate: true });
  });
  const crs = layer.crsId === 'EPSG:4326' ? {} : { crs: { type: 'name', properties: { name: layer.crsId } } };
  return `${JSON.stringify({ type: 'FeatureCollection', ...crs, features })}\n`;
}
