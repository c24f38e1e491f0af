/**
 * `urban-sdg report` end to end through the CLI: a page from single results and a batch folder, its maps
 * drawn from the recorded inputs (the built-up change picture checked cell by cell against the rasters
 * read by geotiff.js directly, north up), maps refused for changed inputs, determinism, the page's
 * self-containment, and the user mistakes. The browser tests are in browser.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { interpolateRdBu } from 'd3-scale-chromatic';
import { fromArrayBuffer } from 'geotiff';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeGeoTiff } from '../io/geotiff-writer.js';
import { demoArgs, expectOneLineError, runCli } from '../test-support/run-cli.js';

const dir = mkdtempSync('/tmp/usdg-report-');
const results = {
  land: join(dir, 'land.json'),
  transit: join(dir, 'transit.json'),
  space: join(dir, 'space.json'),
  degurba: join(dir, 'degurba.json'),
  slums: join(dir, 'slums.json'),
  tenure: join(dir, 'tenure.json'),
};

async function compute(args: readonly string[], out: string): Promise<void> {
  const result = await runCli([...args, '--quiet', '--out', out]);
  expect(result.code, result.stderr).toBe(0);
}

beforeAll(async () => {
  await compute(['11.3.1', ...demoArgs()], results.land);
  await compute(['11.2.1', '--zones', 'fixtures/transit/zones.geojson', '--population', 'fixtures/transit/population.tif', '--stops', 'fixtures/transit/stops.geojson', '--streets', 'fixtures/transit/streets.geojson', '--time-period', '2023'], results.transit);
  await compute(['11.7.1', '--zones', 'fixtures/public-space/city.geojson', '--open-spaces', 'fixtures/public-space/open-spaces.geojson', '--open-space-filter', 'access!=private', '--validated-field', 'validated', '--streets', 'fixtures/public-space/streets.geojson', '--street-width-field', 'width', '--population', 'fixtures/public-space/population.tif', '--time-period', '2023'], results.space);
  const summary = await runCli(['degurba', '--population', 'fixtures/demo-city/population_2020.tif', '--built', 'fixtures/demo-city/built_2020.tif', '--quiet']);
  writeFileSync(results.degurba, summary.stdout);
  await compute(['11.1.1', '--data', 'fixtures/survey/households.csv', '--config', 'fixtures/survey/households-config.json', '--time-period', '2022'], results.slums);
  await compute(['1.4.2', '--data', 'fixtures/survey/people.csv', '--config', 'fixtures/survey/people-config.json', '--time-period', '2021'], results.tenure);
}, 120_000);

function dataUris(html: string, figureId: string): string[] {
  const start = html.indexOf(`id="${figureId}"`);
  const figure = html.slice(start, html.indexOf('</figure>', start));
  return [...figure.matchAll(/href="data:image\/png;base64,([^"]+)"/g)].map((m) => m[1]);
}

describe('urban-sdg report', () => {
  it('writes one page with every indicator, its maps, charts, tables and provenance', async () => {
    const out = join(dir, 'all.html');
    const run = await runCli(['report', ...Object.values(results), '--out', out, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    for (const code of ['11.3.1', '11.2.1', '11.7.1', '11.1.1', '1.4.2', 'Degree of Urbanisation']) expect(html).toContain(code);
    expect(html).not.toContain('class="missing"');
    // Maps: choropleths per series, built-up change, transit, open space, DEGURBA.
    for (const id of ['r0-EN_LND_CNSPOP', 'r0-built-change', 'r1-SP_TRN_PUBL', 'r1-transit', 'r2-EN_URB_OPENSP', 'r2-EN_ACS_URB_OPENSP', 'r2-open-space', 'r3-degurba']) {
      expect(html, id).toContain(`<figure class="map" id="${id}">`);
    }
    expect(html.match(/class="scale-bar"/g)).toHaveLength(8);
    expect(html.match(/class="north-arrow"/g)).toHaveLength(8);
    expect(html).toContain('World_Mollweide');
    expect(html).toContain('EPSG:32737');
    // Time series of 11.3.1 (two consecutive periods per zone) and CI charts of the survey series.
    expect(html).toContain('EN_LND_CNSPOP over time');
    expect(html).toContain('EN_LND_SLUM: estimates and 95 % confidence intervals');
    expect(html).toContain('SP_LGL_LNDDOC: estimates and 95 % confidence intervals');
    // Tables: values, SE and CI from the results; provenance with hashes.
    const land = JSON.parse(readFileSync(results.land, 'utf8'));
    expect(html).toContain(land.provenance.inputs[0].sha256);
    const tenure = JSON.parse(readFileSync(results.tenure, 'utf8'));
    const total = tenure.observations.find((o: { series: string; dimensions: Record<string, string> }) => o.series === 'SP_LGL_LNDSEC' && Object.values(o.dimensions).every((v) => v === '_T'));
    expect(html).toContain(`${total.value.toFixed(1)} %`);
    expect(html).toContain(`${Number(total.attributes.LOWER_BOUND).toFixed(1)} – ${Number(total.attributes.UPPER_BOUND).toFixed(1)}`);
    // The method choices in words and the UN metadata concepts.
    expect(html).toContain('walking distance along the street network');
    expect(html).toContain('land consumption rate as (V_present − V_past) ÷ V_past ÷ years');
    expect(html).toContain('REG_AGG');
    // Self-contained: no script, no stylesheet or image from elsewhere (links to the UN documents only).
    expect(html).not.toMatch(/<script|<link |src="http|url\(http|@import/);
    // Links to documents (<a href>) only; everything drawn is inline.
    for (const m of html.matchAll(/<(\w+) [^>]*href="([^"#]+)"/g)) expect(m[1] === 'a' ? m[2] : m[2].slice(0, 22)).toMatch(m[1] === 'a' ? /^https?:\/\// : /^data:image\/png;base64,$/);
  }, 120_000);

  it('draws built-up change north up, cell for cell, as the rasters read by geotiff.js say', async () => {
    const out = join(dir, 'land.html');
    expect((await runCli(['report', results.land, '--out', out, '--quiet'])).code).toBe(0);
    const [png] = dataUris(readFileSync(out, 'utf8'), 'r0-built-change');
    const { Jimp } = await import('jimp');
    const image = await Jimp.read(Buffer.from(png, 'base64'));
    const read = async (year: number) => {
      const file = readFileSync(`fixtures/demo-city/built_${year}.tif`);
      const tiff = await fromArrayBuffer(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
      const raster = await tiff.getImage();
      return { values: (await raster.readRasters({ interleave: true })) as unknown as ArrayLike<number>, cols: raster.getWidth(), rows: raster.getHeight() };
    };
    const [a, b] = [await read(2000), await read(2020)];
    // 100 m cells of m²: change in built-up share points = Δm² ÷ 10⁴ m² × 100.
    const change = Array.from({ length: a.values.length }, (_, k) => (b.values[k] - a.values[k]) / 100);
    const m = Math.max(...change.map(Math.abs));
    // The picture covers the zones' box plus 10 %: find its cell offset from the map's image placement is not needed —
    // compare the picture's column/row profile of redness with the change's, which fixes orientation and position.
    // Each pixel back to its palette entry (RdBu reversed, 254 steps over [−m, m]), then the picture is placed on the
    // grid where it agrees best: every pixel must then hold its cell's change within one palette step.
    const palette = Array.from({ length: 254 }, (_, k) => { const [r, g, b] = (interpolateRdBu(1 - k / 253).match(/\d+/g) as string[]).map(Number); return { r, g, b }; });
    const scale = 2; // a 240 × 200 grid is drawn 2 px a cell (480 px at most)
    const cols = image.bitmap.width / scale;
    const rows = image.bitmap.height / scale;
    const decoded = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
      const i = (r * scale * image.bitmap.width + c * scale) * 4;
      const [R, G, B] = [image.bitmap.data[i], image.bitmap.data[i + 1], image.bitmap.data[i + 2]];
      let best = 0;
      let bestD = Infinity;
      palette.forEach((p, k) => { const d = (p.r - R) ** 2 + (p.g - G) ** 2 + (p.b - B) ** 2; if (d < bestD) { bestD = d; best = k; } });
      decoded[r * cols + c] = -m + (2 * m * best) / 253;
    }
    let placed = { row0: -1, col0: -1, error: Infinity };
    for (let row0 = 0; row0 + rows <= a.rows; row0++) for (let col0 = 0; col0 + cols <= a.cols; col0++) {
      let error = 0;
      for (let r = 0; r < rows && error < placed.error; r++) for (let c = 0; c < cols; c++) error = Math.max(error, Math.abs(decoded[r * cols + c] - change[(row0 + r) * a.cols + col0 + c]));
      if (error < placed.error) placed = { row0, col0, error };
    }
    expect(placed.error).toBeLessThanOrEqual((2 * m) / 253);
    // Flipped north–south the picture cannot fit anywhere.
    let flipped = Infinity;
    for (let row0 = 0; row0 + rows <= a.rows; row0++) {
      let error = 0;
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) error = Math.max(error, Math.abs(decoded[(rows - 1 - r) * cols + c] - change[(row0 + r) * a.cols + placed.col0 + c]));
      flipped = Math.min(flipped, error);
    }
    expect(flipped).toBeGreaterThan(m / 4);
  }, 60_000);

  it('does not draw a map whose input changed since the run, and says so', async () => {
    const copy = mkdtempSync('/tmp/usdg-report-inputs-');
    for (const name of ['zones.geojson', 'built_2000.tif', 'built_2020.tif', 'population_2000.tif', 'population_2020.tif']) copyFileSync(`fixtures/demo-city/${name}`, join(copy, name));
    const result = join(copy, 'land.json');
    const args = ['11.3.1', '--zones', join(copy, 'zones.geojson'), ...[2000, 2020].flatMap((y) => ['--built', `${y}=${join(copy, `built_${y}.tif`)}`, '--population', `${y}=${join(copy, `population_${y}.tif`)}`])];
    await compute(args, result);
    copyFileSync('fixtures/demo-city/built_2010.tif', join(copy, 'built_2020.tif'));
    const out = join(copy, 'report.html');
    const run = await runCli(['report', result, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Built-up change .* not drawn: .*built_2020\.tif has changed since the run/);
    expect(readFileSync(out, 'utf8')).toMatch(/class="missing">Built-up change[^<]*not drawn — [^<]*built_2020\.tif has changed since the run/);
  }, 60_000);

  it('does not draw a map from an input a --no-hash run left unchecked, and says so', async () => {
    const result = join(dir, 'land-unhashed.json');
    await compute(['11.3.1', ...demoArgs(), '--no-hash'], result);
    const out = join(dir, 'unhashed.html');
    const run = await runCli(['report', result, '--out', out, '--inputs-dir', '.']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Maps not drawn: fixtures\/demo-city\/zones\.geojson: the run recorded no SHA-256 \(--no-hash\)/);
  }, 60_000);

  it('does not draw DEGURBA classes that differ from the result', async () => {
    const summary = JSON.parse(readFileSync(results.degurba, 'utf8'));
    summary.classes[0].cells += 1;
    const forged = join(dir, 'degurba-forged.json');
    writeFileSync(forged, JSON.stringify(summary));
    const run = await runCli(['report', forged, '--out', join(dir, 'forged.html'), '--quiet']);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'forged.html'), 'utf8')).toMatch(/not drawn — classifying the recorded inputs again gives 342 cells of class 30, the result says 343/);
  });

  it('reports a batch folder: one overview map of every unit, per-unit maps, zones set aside left out', async () => {
    const out = join(dir, 'batch');
    // The batch's workers load the built CLI (dist/, built by npm test's first step).
    const batch = spawnSync(process.execPath, ['bin/urban-sdg.js', 'batch', 'fixtures/batch/country.yaml', '--out', out, '--quiet'], { encoding: 'utf8' });
    expect(batch.status, batch.stderr).toBe(3); // the broken unit
    const report = join(dir, 'batch.html');
    const run = await runCli(['report', out, '--inputs-dir', 'fixtures/batch', '--out', report, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<figure class="map" id="o0-EN_LND_CNSPOP">');
    expect(html).toContain('All 3 results');
    for (const zone of ['alpha-1', 'alpha-2', 'beta-1', 'gamma-1']) expect(html).toContain(`>${zone} `);
    expect(html).not.toContain('class="missing"');
  }, 120_000);

  it('draws a city of 900 × 900 cells (a picture of 200,000 pixels) without running out of stack', async () => {
    const big = mkdtempSync('/tmp/usdg-report-big-');
    const size = 960;
    const grid = { originX: 4_000_000, originY: 3_000_000, cellWidth: 100, cellHeight: 100, cols: size, rows: size };
    for (const year of [2000, 2020]) {
      await writeGeoTiff(join(big, `built_${year}.tif`), { grid, crs: { epsg: 3035 }, dataType: 'uint16', tileSize: 256 }, (row0, rows, out) => {
        for (let i = 0; i < rows * size; i++) out[i] = ((row0 * size + i) % 97) * (year === 2000 ? 50 : 80);
      });
      await writeGeoTiff(join(big, `population_${year}.tif`), { grid, crs: { epsg: 3035 }, dataType: 'float32', tileSize: 256 }, (row0, rows, out) => {
        for (let i = 0; i < rows * size; i++) out[i] = ((row0 * size + i) % 13) + (year === 2000 ? 1 : 2);
      });
    }
    const [x0, y0, x1, y1] = [4_010_000, 2_914_000, 4_086_000, 2_990_000];
    writeFileSync(join(big, 'zones.geojson'), JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:3035' } }, features: [{ type: 'Feature', properties: { id: 'big' }, geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] } }] }));
    const result = join(big, 'land.json');
    await compute(['11.3.1', '--zones', join(big, 'zones.geojson'), ...[2000, 2020].flatMap((y) => ['--built', `${y}=${join(big, `built_${y}.tif`)}`, '--population', `${y}=${join(big, `population_${y}.tif`)}`])], result);
    const out = join(big, 'report.html');
    const run = await runCli(['report', result, '--out', out, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    expect(dataUris(readFileSync(out, 'utf8'), 'r0-built-change').length).toBe(1);
  }, 60_000);

  it('is byte-identical however the results are spelled', async () => {
    const a = join(dir, 'a.html');
    const b = join(dir, 'b.html');
    expect((await runCli(['report', results.land, results.transit, '--out', a, '--quiet'])).code).toBe(0);
    expect((await runCli(['report', `${dir}/./land.json`, `${dir}//transit.json`, '--out', b, '--quiet'])).code).toBe(0);
    expect(readFileSync(a)).toEqual(readFileSync(b));
  }, 60_000);

  it('refuses mistakes in one line, and never writes over a result', async () => {
    writeFileSync(join(dir, 'not-json.json'), 'GIF89a\u0001');
    expectOneLineError(await runCli(['report', join(dir, 'not-json.json'), '--out', join(dir, 'x.html')]), /not-json\.json: expected JSON .*found text that is not JSON/);
    writeFileSync(join(dir, 'other.json'), '{"type":"FeatureCollection","features":[]}');
    expectOneLineError(await runCli(['report', join(dir, 'other.json'), '--out', join(dir, 'x.html')]), /other\.json: expected an urban-sdg JSON result \(indicator, observations, provenance\)/);
    expectOneLineError(await runCli(['report', join(dir, 'missing.json'), '--out', join(dir, 'x.html')]), /missing\.json: not found/);
    writeFileSync(join(dir, 'no-path.json'), '{"indicator":"11.3.1","observations":[],"provenance":{"inputs":[{"role":"zones"}]}}');
    expectOneLineError(await runCli(['report', join(dir, 'no-path.json'), '--out', join(dir, 'x.html')]), /no-path\.json provenance input 0: expected role, path and sha256/);
    expectOneLineError(await runCli(['report', results.land, '--inputs-dir', join(dir, 'nowhere'), '--out', join(dir, 'x.html')]), /--inputs-dir .*nowhere: not a folder/);
    expectOneLineError(await runCli(['report', results.land, '--out', join(dir, 'x.txt')]), /--out: expected a \.html file for --format html, found "x\.txt"/);
    expectOneLineError(await runCli(['report', results.land]), /--out: expected the report file to write/);
    // A browser that does not start (here: a program that exits at once) is one line, not a stack trace.
    process.env.URBAN_SDG_CHROMIUM = '/bin/false';
    try {
      expectOneLineError(await runCli(['report', results.land, '--format', 'pdf', '--out', join(dir, 'x.pdf'), '--quiet']), /--format pdf: Chromium at \/bin\/false did not start/);
    } finally {
      delete process.env.URBAN_SDG_CHROMIUM;
    }
    const named = join(dir, 'result.html');
    copyFileSync(results.land, named);
    expectOneLineError(await runCli(['report', named, '--out', named]), /refusing to write over an input of this run/);
    expect(readFileSync(named)).toEqual(readFileSync(results.land));
  }, 60_000);
});
