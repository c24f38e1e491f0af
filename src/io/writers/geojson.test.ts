import { booleanClockwise } from '@turf/boolean-clockwise';
import { mkdtempSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test-support/run-cli.js';
import { formatGeoJson } from './geojson.js';

type Rings = number[][][];

/** Every exterior ring counter-clockwise and every hole clockwise (RFC 7946 §3.1.6). */
function windingProblems(collection: { features: { geometry: { type: string; coordinates: Rings | Rings[] } }[] }): string[] {
  const problems: string[] = [];
  collection.features.forEach((f, k) => {
    const polygons = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as Rings[];
    polygons.forEach((rings, p) => rings.forEach((ring, r) => {
      if (booleanClockwise(ring) !== (r > 0)) problems.push(`feature ${k} polygon ${p} ring ${r}`);
    }));
  });
  return problems;
}

describe('the GeoJSON writer', () => {
  it('winds rings as RFC 7946 asks and rounds to the layer precision, whatever the input winding', () => {
    // A clockwise 10 × 10 square with a counter-clockwise 2 × 2 hole: both the wrong way round.
    const outer = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]];
    const hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]];
    expect(booleanClockwise(outer)).toBe(true);
    const text = formatGeoJson({ features: [{ properties: { id: 'a' }, geometry: { type: 'Polygon', coordinates: [outer, hole.map(([x, y]) => [x + 1e-5, y])] } }], crsId: 'EPSG:3857', precision: 3 });
    const written = JSON.parse(text);
    expect(windingProblems(written)).toEqual([]);
    expect(written.crs).toEqual({ type: 'name', properties: { name: 'EPSG:3857' } });
    expect(written.features[0].geometry.coordinates[1][0]).toEqual([4, 4]);
    expect(written.features[0].properties).toEqual({ id: 'a' });
  });

  it('writes degurba centres, service areas and sample circles with RFC 7946 winding', async () => {
    const dir = mkdtempSync('/tmp/usdg-geojson-');
    await runCli(['degurba', '--population', 'fixtures/degurba/population_1km.tif', '--built', 'fixtures/degurba/built_1km.tif', '--polygons-out', `${dir}/centres.geojson`, '--quiet']);
    await runCli(['11.2.1', '--zones', 'fixtures/transit/zones.geojson', '--population', 'fixtures/transit/population.tif', '--stops', 'fixtures/transit/stops.geojson', '--streets', 'fixtures/transit/streets.geojson', '--time-period', '2023', '--service-areas', `${dir}/served.geojson`, '--quiet']);
    const circles = await runCli(['11.7.1', 'sample', '--zones', 'fixtures/public-space/city.geojson']);
    for (const collection of [JSON.parse(readFileSync(`${dir}/centres.geojson`, 'utf8')), JSON.parse(readFileSync(`${dir}/served.geojson`, 'utf8')), JSON.parse(circles.stdout)]) {
      expect(collection.features.length).toBeGreaterThan(0);
      expect(windingProblems(collection)).toEqual([]);
    }
  });
});
