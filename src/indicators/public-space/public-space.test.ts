import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { resolveCrs, toPointTransform, type PointTransform } from '../../core/crs.js';
import { isPointInRings } from '../../kernels/point-in-polygon.js';
import { computeRadicalInverse, toCircleRadiusM } from '../../kernels/halton.js';
import { runCli, expectOneLineError } from '../../test-support/run-cli.js';

const D = 'fixtures/public-space';
// shapely unions and buffers in the same local equal-area CRS (make_expected.py).
const want = JSON.parse(readFileSync(`${D}/expected.json`, 'utf8')).expected;
const BASE = ['11.7.1', '--zones', `${D}/city.geojson`, '--open-spaces', `${D}/open-spaces.geojson`, '--open-space-filter', 'access!=private', '--validated-field', 'validated', '--time-period', '2023', '--quiet'];

function rel(got: number, expected: number, tolerance = 1e-6): void {
  expect(Math.abs(got - expected) / Math.abs(expected)).toBeLessThan(tolerance);
}

function tempDir(): string {
  return mkdtempSync('/tmp/usdg-ops-');
}

const UTM = { type: 'name', properties: { name: 'EPSG:32737' } };
const square = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });

describe('urban-sdg 11.7.1 land share against shapely', () => {

  it('writes the merged service area: exactly the served cells (shapely count), in EPSG:4326', async () => {
    const dir = mkdtempSync(`${tmpdir()}/usdg-ops-`);
    await runCli([...BASE, '--street-areas', `${D}/street-areas.geojson`, '--population', `${D}/population.tif`, '--service-areas', `${dir}/served.geojson`]);
    const feature = JSON.parse(readFileSync(`${dir}/served.geojson`, 'utf8')).features[0];
    const rings = (feature.geometry.coordinates as number[][][][]).flat().map((ring) => ({ xy: Float64Array.from(ring.flat()), isHole: false }));
    const toLonLat = toPointTransform(resolveCrs('EPSG:32737', 'test'), resolveCrs('EPSG:4326', 'test'));
    let inside = 0;
    for (let r = 0; r < 70; r++) {
      for (let c = 0; c < 80; c++) {
        const [lon, lat] = (toLonLat as PointTransform)(260_000 - 250 + (c + 0.5) * 50, 9_858_000 + 3150 - (r + 0.5) * 50);
        if (isPointInRings(rings, lon, lat)) inside++;
      }
    }
    expect(inside).toBe(want.access.servedCells);
  });

  it('counts dwelling points with a persons field where they lie, Euclidean and along the network (shapely, networkx)', async () => {
    const access = async (...extra: string[]) => JSON.parse((await runCli([...BASE, '--street-areas', `${D}/street-areas.geojson`,
      '--population', `${D}/homes.geojson`, '--population-field', 'persons', ...extra])).stdout).observations.find((o: { series: string }) => o.series === 'EN_ACS_URB_OPENSP');
    const euclidean = await access();
    expect(euclidean.components.populationTotal).toBe(want.accessPoints.total);
    expect(euclidean.components.populationServed).toBe(want.accessPoints.served);
    expect(euclidean.attributes.COMMENT_OBS).toContain('served-rule=point');
    const network = await access('--walk-network', `${D}/streets.geojson`);
    expect(network.components.populationServed).toBe(want.accessPoints.servedNetwork);
  });

  it('asks for --population-field when the population is a vector layer', async () => {
    const result = await runCli([...BASE, '--street-areas', `${D}/street-areas.geojson`, '--population', `${D}/homes.geojson`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--population-field');
  });

  it('reproduces the docs/methods.md §16.4 worked example: 19.2 %, and 18.7 % when 0.5 km² of streets lie in the park', async () => {
    const dir = tempDir();
    const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', crs: UTM, features });
    const x = 495_000, y = 9_850_000; // near the UTM central meridian, where its scale barely varies
    writeFileSync(`${dir}/city.geojson`, fc([{ type: 'Feature', properties: { id: 'c' }, geometry: square(x, y, x + 10_000, y + 10_000) }]));
    writeFileSync(`${dir}/ops.geojson`, fc([{ type: 'Feature', properties: {}, geometry: square(x, y, x + 1000, y + 3200) }]));
    writeFileSync(`${dir}/streets.geojson`, fc([{ type: 'Feature', properties: {}, geometry: square(x + 2000, y, x + 3600, y + 10_000) }]));
    writeFileSync(`${dir}/overlap.geojson`, fc([{ type: 'Feature', properties: {}, geometry: square(x + 843.75, y, x + 2443.75, y + 10_000) }]));
    const run = async (streets: string) => JSON.parse((await runCli(['public-space', '--zones', `${dir}/city.geojson`, '--open-spaces', `${dir}/ops.geojson`, '--street-areas', streets, '--time-period', '2020', '--quiet'])).stdout).observations[0];
    const apart = await run(`${dir}/streets.geojson`);
    expect(apart.value).toBeCloseTo(19.2, 4);
    expect(apart.components.openSpaceSharePct).toBeCloseTo(3.2, 4);
    expect(apart.components.streetSharePct).toBeCloseTo(16, 4);
    expect((await run(`${dir}/overlap.geojson`)).value).toBeCloseTo(18.7, 4); // 156.25 m × 3200 m = 0.5 km² shared
  });
});

describe('street sampling (docs/methods.md §11.3)', () => {
  it('uses the Halton sequence of bases 2 and 3 (published van der Corput values) and 10 ha circles of 178.4124 m', () => {
    expect([1, 2, 3, 4, 5].map((i) => computeRadicalInverse(i, 2))).toEqual([0.5, 0.25, 0.75, 0.125, 0.625]);
    [1 / 3, 2 / 3, 1 / 9, 4 / 9, 7 / 9].forEach((v, k) => expect(computeRadicalInverse(k + 1, 3)).toBeCloseTo(v, 15));
    expect(toCircleRadiusM(10)).toBeCloseTo(178.4124, 4);
  });

  it('`11.7.1 sample` writes 0.5 circles per hectare for a city under 20 km², all centred inside it', async () => {
    const dir = tempDir();
    const { code } = await runCli(['11.7.1', 'sample', '--zones', `${D}/city.geojson`, '--out', `${dir}/circles.geojson`, '--quiet']);
    expect(code).toBe(0);
    const circles = JSON.parse(readFileSync(`${dir}/circles.geojson`, 'utf8')).features;
    expect(circles).toHaveLength(Math.round((want.zoneM2 / 10_000) * 0.5));
    expect(circles[0].properties).toMatchObject({ zone: 'city', streetSharePct: null });
    expect(circles[0].properties.radiusM).toBeCloseTo(178.4124, 4);
  });

  it('estimates land allocated to streets as the mean share of digitised circles, with sd/√n', async () => {
    const dir = tempDir();
    await runCli(['11.7.1', 'sample', '--zones', `${D}/city.geojson`, '--halton-per-ha', '0.002', '--out', `${dir}/circles.geojson`, '--quiet']);
    const circles = JSON.parse(readFileSync(`${dir}/circles.geojson`, 'utf8'));
    const shares = circles.features.map((_: unknown, k: number) => 10 + (k % 5) * 5);
    circles.features.forEach((f: { properties: Record<string, unknown> }, k: number) => { f.properties.streetSharePct = shares[k]; });
    writeFileSync(`${dir}/digitised.geojson`, JSON.stringify(circles));
    const { stdout, code } = await runCli([...BASE, '--street-samples', `${dir}/digitised.geojson`]);
    expect(code).toBe(0);
    const [share] = JSON.parse(stdout).observations;
    const mean = shares.reduce((a: number, b: number) => a + b, 0) / shares.length;
    const sd = Math.sqrt(shares.reduce((a: number, b: number) => a + (b - mean) ** 2, 0) / (shares.length - 1));
    expect(share.components.streetSharePct).toBeCloseTo(mean, 12);
    expect(share.standardError).toBeCloseTo(sd / Math.sqrt(shares.length), 12);
    expect(Number(share.attributes.LOWER_BOUND)).toBeCloseTo(share.value - 1.959963984540054 * share.standardError, 9);
    rel(share.value, (100 * want.openSpaceM2) / want.zoneM2 + mean);
    // --explain separates the exact open-space share (shapely's) from the sampled street share.
    const explained = (await runCli([...BASE.filter((a) => a !== '--quiet'), '--street-samples', `${dir}/digitised.geojson`, '--explain'])).stderr;
    const line = /open spaces [\d.]+ km² = ([\d.]+) % \(exact\); streets estimated from (\d+) Halton circles = ([\d.]+) % ± [\d.]+ \(SE\); [\d.]+ % \+ [\d.]+ % = ([\d.]+) %/.exec(explained);
    expect(line, explained).not.toBeNull();
    expect(Number(line?.[1])).toBeCloseTo((100 * want.openSpaceM2) / want.zoneM2, 2);
    expect(Number(line?.[2])).toBe(shares.length);
    expect(Number(line?.[3])).toBeCloseTo(mean, 2);
    expect(Number(line?.[4])).toBeCloseTo((100 * want.openSpaceM2) / want.zoneM2 + mean, 2);
  });
});

describe('11.7.1 bad input: exit 2 with one line', () => {

  it('a filter naming a missing attribute', async () => {
    expectOneLineError(await runCli([...BASE.map((a) => (a === 'access!=private' ? 'fee!=yes' : a)), '--street-areas', `${D}/street-areas.geojson`]), /--open-space-filter: .*open-spaces\.geojson has no attribute "fee" \(attributes: "id", "access", "validated"\)/);
  });

  it('street lines without a width', async () => {
    expectOneLineError(await runCli([...BASE, '--streets', `${D}/streets.geojson`]), /--streets are lines: give their width with --street-width-field FIELD or --street-width-m METRES/);
    expectOneLineError(await runCli([...BASE, '--streets', `${D}/streets.geojson`, '--street-width-field', 'lanes']), /streets\.geojson feature 0, field lanes: expected a street width in metres > 0, found nothing/);
  });

  it('open spaces entirely outside every zone', async () => {
    const dir = tempDir();
    writeFileSync(`${dir}/far.geojson`, JSON.stringify({ type: 'FeatureCollection', crs: UTM, features: [{ type: 'Feature', properties: {}, geometry: square(500_000, 9_000_000, 500_100, 9_000_100) }] }));
    expectOneLineError(await runCli(['11.7.1', '--zones', `${D}/city.geojson`, '--open-spaces', `${dir}/far.geojson`, '--street-areas', `${D}/street-areas.geojson`, '--time-period', '2023']), /far\.geojson: no open space lies in any zone/);
  });

  it('distances and spacings that are not positive (a 0 m entry spacing would never end)', async () => {
    const args = [...BASE, '--street-areas', `${D}/street-areas.geojson`, '--population', `${D}/population.tif`];
    expectOneLineError(await runCli([...args, '--access-m', '-5']), /--access-m: expected a number > 0, found "-5"/);
    expectOneLineError(await runCli([...args, '--walk-network', `${D}/streets.geojson`, '--entry-spacing-m', '0']), /--entry-spacing-m: expected a number > 0, found "0"/);
    expectOneLineError(await runCli([...args, '--max-snap-m', '-1']), /--max-snap-m: expected a number ≥ 0, found "-1"/);
  });

  it('street samples without a share or without a circle', async () => {
    const dir = tempDir();
    const circle = { type: 'Polygon', coordinates: [[[36.84, -1.26], [36.841, -1.26], [36.841, -1.259], [36.84, -1.26]]] };
    const write = (properties: object, geometry: object) => writeFileSync(`${dir}/samples.geojson`, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties, geometry }] }));
    const run = () => runCli(['11.7.1', '--zones', `${D}/city.geojson`, '--open-spaces', `${D}/open-spaces.geojson`, '--street-samples', `${dir}/samples.geojson`, '--time-period', '2023']);
    write({ streetSharePct: 'n/a' }, circle);
    expectOneLineError(await run(), /samples\.geojson feature 0, field streetSharePct: expected the digitised street share of the circle, 0–100 %, found "n\/a"/);
    write({ streetSharePct: 20 }, { type: 'Point', coordinates: [36.84, -1.26] });
    expectOneLineError(await run(), /samples\.geojson feature 0: expected a Polygon or MultiPolygon, found Point/);
  });

  it('an open space that encloses no area (a bow-tie)', async () => {
    const dir = tempDir();
    writeFileSync(`${dir}/bow.geojson`, JSON.stringify({ type: 'FeatureCollection', crs: UTM, features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[260500, 9858500], [260600, 9858600], [260600, 9858500], [260500, 9858600], [260500, 9858500]]] } }] }));
    expectOneLineError(await runCli(['11.7.1', '--zones', `${D}/city.geojson`, '--open-spaces', `${dir}/bow.geojson`, '--street-areas', `${D}/street-areas.geojson`, '--time-period', '2023']), /bow\.geojson feature 0: invalid geometry \(edges cross near 260550, 9858550;/);
  });
});
