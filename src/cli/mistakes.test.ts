/**
 * Ordinary mistakes with real-looking files, each caught and named before a figure is published:
 * exit 2, one first line naming the file, feature or row and field, and no output left behind.
 * One row per mistake; inputs are made in the test from the committed fixtures.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeGeoTiff } from '../io/geotiff-writer.js';
import { buildZip } from '../test-support/hostile-files.js';
import { expectOneLineError, runCli } from '../test-support/run-cli.js';

const UTM = { type: 'name', properties: { name: 'EPSG:32737' } };
let dir = '';

/** A copy of a GeoJSON fixture with its crs member removed (or replaced). */
function withCrs(from: string, to: string, crs: unknown): string {
  const layer = JSON.parse(readFileSync(from, 'utf8')) as Record<string, unknown>;
  delete layer.crs;
  writeFileSync(`${dir}/${to}`, JSON.stringify(crs === undefined ? layer : { ...layer, crs }));
  return `${dir}/${to}`;
}

/** Zones in lon/lat degrees but labelled as UTM metres. */
function degreesLabelledUtm(): string {
  const zones = JSON.parse(readFileSync('fixtures/demo-city/zones.geojson', 'utf8')) as Record<string, unknown>;
  writeFileSync(`${dir}/zones-degrees-as-utm.geojson`, JSON.stringify({ ...zones, crs: UTM }));
  return `${dir}/zones-degrees-as-utm.geojson`;
}

const T = 'fixtures/transit';
const P = 'fixtures/public-space';
const D = 'fixtures/demo-city';
const demo = (zones: string, extra: string[] = []) => ['11.3.1', '--built', `2000=${D}/built_2000.tif`, '--built', `2020=${D}/built_2020.tif`, '--population', `2000=${D}/population_2000.tif`, '--population', `2020=${D}/population_2020.tif`, '--zones', zones, ...extra];
const transit = (over: Record<string, string>) => ['11.2.1', '--zones', over.zones ?? `${T}/zones.geojson`, '--population', over.population ?? `${T}/population.tif`, '--stops', over.stops ?? `${T}/stops.geojson`, '--streets', over.streets ?? `${T}/streets.geojson`, '--time-period', '2023', ...(over.field ? ['--population-field', over.field] : [])];
const space = (over: Record<string, string>) => ['11.7.1', '--zones', `${P}/city.geojson`, '--open-spaces', over.openSpaces ?? `${P}/open-spaces.geojson`, '--street-areas', `${P}/street-areas.geojson`, '--time-period', '2023'];

/** A copy of the household survey config, changed by `edit`. */
function config(name: string, edit: (c: { columns: Record<string, string>; [key: string]: unknown }) => void): string {
  const c = JSON.parse(readFileSync('fixtures/survey/households-config.json', 'utf8'));
  edit(c);
  writeFileSync(`${dir}/${name}`, JSON.stringify(c));
  return `${dir}/${name}`;
}

const slums = (configPath: string) => ['11.1.1', '--data', 'fixtures/survey/households.csv', '--config', configPath, '--time-period', '2022'];

/** [what, args (made once the temporary folder exists), the first line must match]. */
const MISTAKES: [string, () => string[], RegExp][] = [
  ['zones in metres in a GeoJSON without a crs member (read as lon/lat by RFC 7946)', () => transit({ zones: withCrs(`${T}/zones.geojson`, 'zones-no-crs.geojson', undefined) }),
    /zones-no-crs\.geojson feature 0: \(300350, 9859750\) is not lon\/lat, but the CRS is EPSG:4326 \(GeoJSON without crs is lon\/lat\); give its CRS with --zones-crs/],
  ['stops in metres without a crs member', () => transit({ stops: withCrs(`${T}/stops.geojson`, 'stops-no-crs.geojson', undefined) }), /stops-no-crs\.geojson feature 0: .* is not lon\/lat.*give its CRS with --stops-crs/],
  ['streets in metres without a crs member', () => transit({ streets: withCrs(`${T}/streets.geojson`, 'streets-no-crs.geojson', undefined) }), /streets-no-crs\.geojson feature 0: .*give its CRS with --streets-crs/],
  ['population points in metres without a crs member', () => transit({ population: withCrs(`${T}/population-points.geojson`, 'points-no-crs.geojson', undefined), field: 'persons' }), /points-no-crs\.geojson feature 0: .*--population-crs/],
  ['open spaces in metres without a crs member', () => space({ openSpaces: withCrs(`${P}/open-spaces.geojson`, 'spaces-no-crs.geojson', undefined) }), /spaces-no-crs\.geojson feature 0: .*--open-spaces-crs/],
  ['lon/lat zones labelled as UTM metres', () => demo(degreesLabelledUtm()), /zones-degrees-as-utm\.geojson: coordinates span .*: degrees, not metres of EPSG:32737 \(declared by the file\); give its CRS with --zones-crs/],
  ['a wrong --zones-crs', () => transit({ zones: withCrs(`${T}/zones.geojson`, 'zones-wrong.geojson', undefined) }).concat(['--zones-crs', 'EPSG:4326']), /not lon\/lat, but the CRS is EPSG:4326 \(given by --zones-crs\)/],
  ['a raster in metres labelled lon/lat', () => demo(`${D}/zones.geojson`).map((a) => (a === `2000=${D}/built_2000.tif` ? `2000=${dir}/metres-as-degrees.tif` : a)), /metres-as-degrees\.tif: coordinates reach .* outside the lon\/lat of EPSG:4326 \(declared by the file\); give its CRS with --raster-crs/],
  ['a folder where a file is expected', () => transit({ stops: dir }), /: is a folder \(expected a file: the stops input\)/],
  ['a misspelt config key (an unweighted estimate otherwise)', () => slums(config('weigth.json', (c) => { c.columns.weigth = c.columns.weight; delete c.columns.weight; })),
    /weigth\.json: unknown key "columns\.weigth" \(did you mean "columns\.weight"\?\)$/],
  ['a misspelt config section', () => slums(config('section.json', (c) => { c.threshold = c.thresholds; delete c.thresholds; })), /section\.json: unknown key "threshold" \(did you mean "thresholds"\?\)/],
  ['a code list the indicator does not read', () => slums(config('codes.json', (c) => { c.codes = { ...(c.codes as object), improvedToilet: [1] }; })), /codes\.json: unknown key "codes\.improvedToilet"/],
  ['one column in two roles', () => slums(config('roles.json', (c) => { c.columns.strata = c.columns.psu; })), /roles\.json: column "cluster" is mapped to two roles, columns\.strata and columns\.psu/],
  ['a capacity map keyed by names, not route types', () => { writeFileSync(`${dir}/capacity.json`, JSON.stringify({ bus: 'low' })); return transit({}).concat(['--capacity-map', `${dir}/capacity.json`]); }, /capacity\.json: unknown key "bus" \(expected GTFS route_type numbers/],
  ['a survey file with a header and no records', () => { writeFileSync(`${dir}/header-only.csv`, `${readFileSync('fixtures/survey/households.csv', 'utf8').split('\n')[0]}\n`); return slums('fixtures/survey/households-config.json').map((a) => (a === 'fixtures/survey/households.csv' ? `${dir}/header-only.csv` : a)); },
    /header-only\.csv: no records after the header \(expected one row per household or person\)/],
  ['Latin-1 text in a UTF-8 survey file', () => {
    const lines = readFileSync('fixtures/survey/households.csv', 'latin1').split('\n');
    const region = lines[0].split(',').map((h) => h.replace(/"/g, '')).indexOf('region');
    lines[3] = lines[3].split(',').map((v, j) => (j === region ? '"Côte"' : v)).join(',');
    writeFileSync(`${dir}/latin1.csv`, Buffer.from(lines.join('\n'), 'latin1'));
    return slums('fixtures/survey/households-config.json').map((a) => (a === 'fixtures/survey/households.csv' ? `${dir}/latin1.csv` : a)).concat(['--by', 'region']);
  }, /latin1\.csv row 4, column "region": text that is not UTF-8 \(byte 0xf4\); give the file's encoding with --encoding, e\.g\. --encoding windows-1252/],
  ['an unknown --encoding', () => slums('fixtures/survey/households-config.json').concat(['--encoding', 'klingon']), /--encoding: unknown text encoding "klingon"/],
  ['a folder as microdata', () => ['11.1.1', '--data', dir, '--config', 'fixtures/survey/households-config.json', '--time-period', '2022'], /: is a folder \(expected a file: the data input\)/],
];

describe('ordinary mistakes are caught and named (exit 2, one line, no output)', () => {
  beforeAll(async () => {
    dir = mkdtempSync('/tmp/usdg-mistakes-');
    await writeGeoTiff(`${dir}/metres-as-degrees.tif`, { grid: { originX: 300_000, originY: 9_860_000, cellWidth: 100, cellHeight: 100, rows: 4, cols: 4 }, crs: { epsg: 4326, geographic: true }, dataType: 'float32' }, (_r, _n, out) => { out.fill(1); });
  });

  it.each(MISTAKES)('%s', async (_what, args, pattern) => {
    const out = `${dir}/out-${Math.random().toString(36).slice(2)}.json`;
    const result = await runCli([...args(), '--out', out, '--quiet']);
    expectOneLineError(result, pattern);
    expect(result.stderr.split('\n')[0].replace(dir, 'DIR').length).toBeLessThanOrEqual(220);
    expect(readdirSync(dir).filter((name) => name.startsWith('out-') || name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('text encodings of Shapefile attributes (GDAL-written CP1252 names)', () => {
  const S = 'fixtures/shapefile';
  /** A copy of the Latin-1 zones: with or without .cpg, with a chosen DBF language-driver byte. */
  function latin1Copy(name: string, withCpg: boolean, languageDriver: number): string {
    const folder = mkdtempSync('/tmp/usdg-dbf-');
    for (const ext of ['shp', 'shx', 'prj', ...(withCpg ? ['cpg'] : [])]) writeFileSync(`${folder}/${name}.${ext}`, readFileSync(`${S}/zones-latin1.${ext}`));
    const dbf = readFileSync(`${S}/zones-latin1.dbf`);
    dbf[29] = languageDriver;
    writeFileSync(`${folder}/${name}.dbf`, dbf);
    return `${folder}/${name}.shp`;
  }
  const names = async (zones: string) => {
    const { code, stdout, stderr } = await runCli(demo(zones, ['--zone-id', 'name', '--quiet']));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    return [...new Set((JSON.parse(stdout).observations as { zone: string }[]).map((o) => o.zone))];
  };

  it('reads the encoding from the .cpg', async () => {
    expect(await names(latin1Copy('with-cpg', true, 0))).toEqual(["Côte d'Ivoire", 'São Tomé']);
  });

  it('reads it from the DBF language driver when there is no .cpg (0x57: Windows ANSI)', async () => {
    expect(await names(latin1Copy('ldid', false, 0x57))).toEqual(["Côte d'Ivoire", 'São Tomé']);
  });

  it('refuses text that is not UTF-8 when nothing names its encoding, instead of printing U+FFFD', async () => {
    expectOneLineError(await runCli(demo(latin1Copy('unknown', false, 0), ['--zone-id', 'name', '--quiet'])), /unknown\.dbf record 0: text that is not UTF-8 \(byte 0xf4\), and no \.cpg file names its encoding; add one beside it/);
  });
});

describe('FlatGeobuf layers (fixtures/vector/zones.fgb, written by ogr2ogr)', () => {
  const A = ['--built', '2000=fixtures/demo-city/built_2000.tif', '--built', '2020=fixtures/demo-city/built_2020.tif', '--population', '2000=fixtures/demo-city/population_2000.tif', '--population', '2020=fixtures/demo-city/population_2020.tif'];
  const values = async (zones: string) => {
    const { code, stdout, stderr } = await runCli(['11.3.1', ...A, '--zones', zones, '--quiet']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    return (JSON.parse(stdout).observations as { zone: string; value: number; components: Record<string, number> }[])
      .map((o) => [o.zone, o.value, o.components.builtUpM2End, o.components.populationEnd]).sort();
  };
  const cut = (bytes: number) => {
    const file = `${mkdtempSync('/tmp/usdg-fgb-')}/zones.fgb`;
    writeFileSync(file, readFileSync('fixtures/vector/zones.fgb').subarray(0, bytes));
    return file;
  };

  it('gives the sums of the GeoJSON run, the CRS from the header', async () => {
    expect(await values('fixtures/vector/zones.fgb')).toEqual(await values('fixtures/demo-city/zones.geojson'));
  });

  it.each([
    ['cut inside the last feature', () => cut(1400), /zones\.fgb: the header declares 2 features, the file ends inside feature 1 \(a truncated or corrupt FlatGeobuf\)/],
    ['cut inside the spatial index', () => cut(700), /zones\.fgb: the file ends inside its spatial index/],
    ['cut inside the header', () => cut(300), /zones\.fgb: declares a \d+-byte header in a file of 300 bytes/],
    ['not a FlatGeobuf', () => cut(0), /zones\.fgb: not a FlatGeobuf file \(expected the magic bytes "fgb" version 3\)/],
  ])('%s: exit 2, one line', async (_what, file, pattern) => {
    expectOneLineError(await runCli(['11.3.1', ...A, '--zones', file()]), pattern);
  });
});

describe('GeoPackage layers (fixtures/vector/*.gpkg, written by ogr2ogr)', () => {
  const A = ['--built', '2000=fixtures/demo-city/built_2000.tif', '--built', '2020=fixtures/demo-city/built_2020.tif', '--population', '2000=fixtures/demo-city/population_2000.tif', '--population', '2020=fixtures/demo-city/population_2020.tif'];
  const run = async (zones: string, extra: string[] = []) => {
    const { code, stdout, stderr } = await runCli(['11.3.1', ...A, '--zones', zones, ...extra, '--quiet']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    return JSON.parse(stdout) as { observations: { zone: string; value: number; components: Record<string, number> }[]; provenance: { inputs: { role: string; crs: string }[] } };
  };
  const values = (output: Awaited<ReturnType<typeof run>>) => output.observations.map((o) => [o.zone, o.value, o.components.builtUpM2End, o.components.populationEnd]).sort();

  it('gives the sums of the GeoJSON run for the chosen layer', async () => {
    expect(values(await run('fixtures/vector/zones.gpkg', ['--zones-layer', 'zones']))).toEqual(values(await run('fixtures/demo-city/zones.geojson')));
  });

  it('takes the CRS from gpkg_spatial_ref_sys (a layer reprojected to UTM 37S by ogr2ogr)', async () => {
    const utm = await run('fixtures/vector/zones.gpkg', ['--zones-layer', 'cities', '--zone-id', 'id']);
    expect(utm.provenance.inputs.find((i) => i.role === 'zones')?.crs).toBe('EPSG:32737');
    const lonLat = await run('fixtures/batch/cities/alpha.geojson', ['--zone-id', 'id']);
    // The same vertices, straight edges in UTM instead of in lon/lat: within 0.1 % on 2–4 km zones.
    utm.observations.forEach((o, k) => expect(o.components.builtUpM2End / lonLat.observations[k].components.builtUpM2End).toBeCloseTo(1, 3));
  });

  const corrupt = () => {
    const file = `${mkdtempSync('/tmp/usdg-gpkg-')}/zones.gpkg`;
    writeFileSync(file, readFileSync('fixtures/vector/zones.gpkg').subarray(0, 5000));
    return file;
  };
  it.each([
    ['several polygon layers and no choice', ['--zones', 'fixtures/vector/zones.gpkg'], /zones\.gpkg: holds 2 polygon layers \("zones", "cities"\); choose one with --zones-layer$/],
    ['a layer that is not a polygon layer', ['--zones', 'fixtures/vector/zones.gpkg', '--zones-layer', 'stops'], /zones\.gpkg: no polygon layer "stops" \(--zones-layer; polygon layers: "zones", "cities"\)$/],
    ['no polygon layer at all', ['--zones', 'fixtures/vector/stops-only.gpkg'], /stops-only\.gpkg: the GeoPackage has no polygon layer \(expected zone polygons; its layers are stops \(POINT\)\)$/],
    ['a layer option for a file of one layer', ['--zones', 'fixtures/demo-city/zones.geojson', '--zones-layer', 'x'], /--zones-layer: fixtures\/demo-city\/zones\.geojson holds one layer \(a layer is chosen in a GeoPackage, \.gpkg\); remove --zones-layer$/],
    ['a truncated file', () => ['--zones', corrupt()], /zones\.gpkg: not a (readable )?GeoPackage/],
  ] as [string, string[] | (() => string[]), RegExp][])('%s: exit 2, one line', async (_what, args, pattern) => {
    expectOneLineError(await runCli(['11.3.1', ...A, ...(typeof args === 'function' ? args() : args)]), pattern);
  });
});

describe('zipped Shapefiles (zones.zip with the .shp, .dbf, .prj, .cpg in a folder)', () => {
  const A = ['--built', '2000=fixtures/demo-city/built_2000.tif', '--built', '2020=fixtures/demo-city/built_2020.tif', '--population', '2000=fixtures/demo-city/population_2000.tif', '--population', '2020=fixtures/demo-city/population_2020.tif'];
  const zipOf = (members: { name: string; from: string }[]) => {
    const file = `${mkdtempSync('/tmp/usdg-shpzip-')}/zones.zip`;
    writeFileSync(file, buildZip(members.map((m) => ({ name: m.name, text: readFileSync(m.from) }))));
    return file;
  };
  const parts = (folder: string, exts = ['shp', 'shx', 'dbf', 'prj', 'cpg']) => exts.map((ext) => ({ name: `${folder}zones-latin1.${ext}`, from: `fixtures/shapefile/zones-latin1.${ext}` }));
  const run = (zones: string) => runCli(['11.3.1', ...A, '--zones', zones, '--zone-id', 'name', '--quiet']);

  it('gives the values of the unzipped Shapefile, names decoded by the .cpg in the zip', async () => {
    const zipped = await run(zipOf(parts('admin/')));
    expect(zipped.stderr).toBe('');
    const plain = await run('fixtures/shapefile/zones-latin1.shp');
    const values = (stdout: string) => (JSON.parse(stdout).observations as { zone: string; value: number }[]).map((o) => [o.zone, o.value]);
    expect(values(zipped.stdout)).toEqual(values(plain.stdout));
    expect(values(zipped.stdout).map(([zone]) => zone)).toEqual(['Côte d\'Ivoire', 'São Tomé']);
  });

  it.each([
    ['two Shapefiles', () => zipOf([...parts(''), ...parts('old/')]), /zones\.zip: the zip holds 2 Shapefiles \("zones-latin1\.shp", "old\/zones-latin1\.shp"\); expected one Shapefile/],
    ['no .shp', () => zipOf(parts('', ['dbf', 'prj'])), /zones\.zip: the zip holds no \.shp; expected one Shapefile/],
    ['no .dbf', () => zipOf(parts('', ['shp', 'prj'])), /zones\.zip: the zip has no zones-latin1\.dbf beside zones-latin1\.shp/],
    ['no .prj', () => zipOf(parts('', ['shp', 'dbf', 'cpg'])), /zones\.zip: the zipped Shapefile has no \.prj, so its CRS is unknown .*--zones-crs/],
  ])('%s: exit 2, one line', async (_what, file, pattern) => {
    expectOneLineError(await run(file()), pattern);
  });
});
