/**
 * The report in a real browser: Debian's Chromium driven by playwright-core (no browser download).
 * The page loads with no console error and no request, every map and chart is drawn, and a
 * screenshot's pixels are a picture (many colours, not blank); `--format pdf` prints it. Skipped, with
 * the reason, where no Chromium is installed (.ci/run installs Debian's).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoArgs, runCli } from '../test-support/run-cli.js';
import { findChromium } from './browser.js';

const chromium = await findChromium();
if (!chromium) console.log('browser tests skipped: no Chromium (install chromium or set URBAN_SDG_CHROMIUM)');
const dir = mkdtempSync('/tmp/usdg-browser-');

async function makeReport(): Promise<string> {
  const results: string[] = [];
  const run = async (name: string, args: readonly string[]) => {
    const out = join(dir, name);
    const result = await runCli([...args, '--quiet', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    results.push(out);
  };
  await run('land.json', ['11.3.1', ...demoArgs()]);
  await run('transit.json', ['11.2.1', '--zones', 'fixtures/transit/zones.geojson', '--population', 'fixtures/transit/population.tif', '--stops', 'fixtures/transit/stops.geojson', '--streets', 'fixtures/transit/streets.geojson', '--time-period', '2023']);
  await run('slums.json', ['11.1.1', '--data', 'fixtures/survey/households.csv', '--config', 'fixtures/survey/households-config.json', '--time-period', '2022']);
  const degurba = await runCli(['degurba', '--population', 'fixtures/demo-city/population_2020.tif', '--built', 'fixtures/demo-city/built_2020.tif', '--quiet']);
  writeFileSync(join(dir, 'degurba.json'), degurba.stdout);
  results.push(join(dir, 'degurba.json'));
  const html = join(dir, 'report.html');
  const report = await runCli(['report', ...results, '--out', html, '--quiet']);
  expect(report.code, report.stderr).toBe(0);
  return html;
}

describe.skipIf(!chromium)('the report in Chromium', () => {
  let html = '';
  beforeAll(async () => { html = await makeReport(); }, 120_000);

  it('loads without errors or requests, draws every map and chart, and looks like a picture', async () => {
    const { chromium: browserType } = await import('playwright-core');
    const browser = await browserType.launch({ executablePath: chromium as string });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
      await page.goto(`file://${html}`, { waitUntil: 'load' });
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      const figures = await page.$$eval('figure', (list) => list.map((f) => ({
        kind: f.className,
        id: f.id,
        width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
        marks: f.querySelectorAll('svg path[d]:not([d=""]), svg image, svg circle, svg rect').length,
        // Every raster picture decodes in the browser.
        images: [...f.querySelectorAll('image')].map((i) => i.getAttribute('href')?.slice(0, 22)),
      })));
      const maps = figures.filter((f) => f.kind === 'map');
      const charts = figures.filter((f) => f.kind === 'chart');
      expect(maps.map((m) => m.id).sort()).toEqual(['r0-EN_LND_CNSPOP', 'r0-built-change', 'r1-SP_TRN_PUBL', 'r1-transit', 'r3-degurba']);
      expect(charts.length).toBeGreaterThanOrEqual(2);
      for (const f of figures) {
        expect(f.width, f.id).toBeGreaterThan(300);
        expect(f.marks, f.id).toBeGreaterThan(f.kind === 'map' ? 3 : 0);
      }
      const decoded = await page.$$eval('image', async (list) => Promise.all(list.map((i) => new Promise<number>((resolve) => {
        const img = new Image();
        img.onload = () => resolve(img.naturalWidth);
        img.onerror = () => resolve(0);
        img.src = i.getAttribute('href') ?? '';
      }))));
      expect(decoded.length).toBe(3);
      for (const width of decoded) expect(width).toBeGreaterThan(0);
      // The DEGURBA map as the screen shows it: colours of the GHS-SMOD legend, not blank.
      const shot = await page.locator('#r3-degurba svg').screenshot();
      const { Jimp } = await import('jimp');
      const image = await Jimp.read(shot);
      const colours = new Map<number, number>();
      for (let i = 0; i < image.bitmap.data.length; i += 4) {
        const key = (image.bitmap.data[i] << 16) | (image.bitmap.data[i + 1] << 8) | image.bitmap.data[i + 2];
        colours.set(key, (colours.get(key) ?? 0) + 1);
      }
      const pixels = image.bitmap.width * image.bitmap.height;
      expect(colours.get(0xff0000) ?? 0).toBeGreaterThan(pixels * 0.1); // urban centre, red
      expect(colours.get(0xffff00) ?? 0).toBeGreaterThan(pixels * 0.02); // suburban, yellow
      const whiteish = [...colours].filter(([c]) => c >= 0xf0f0f0 && (c & 0xff) >= 0xf0 && ((c >> 8) & 0xff) >= 0xf0).reduce((n, [, k]) => n + k, 0);
      expect(whiteish / pixels).toBeLessThan(0.9);
      // The whole page: many colours (maps, charts), not a blank page.
      const full = await Jimp.read(await page.screenshot({ fullPage: true }));
      const seen = new Set<number>();
      for (let i = 0; i < full.bitmap.data.length; i += 16) seen.add((full.bitmap.data[i] << 16) | (full.bitmap.data[i + 1] << 8) | full.bitmap.data[i + 2]);
      expect(seen.size).toBeGreaterThan(200);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('prints the report to PDF with --format pdf', async () => {
    const results = ['land.json', 'transit.json'].map((n) => join(dir, n));
    const out = join(dir, 'report.pdf');
    const run = await runCli(['report', ...results, '--format', 'pdf', '--out', out, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThan(1);
  }, 180_000);
});
