/**
 * `npm run bench [-- --size 10000 --zones 50]`: seeded GHSL-like data, urban-sdg and a GDAL/rasterio
 * peer run side by side on the same files in the same run; wall time, peak RSS and their ratios.
 * Nothing here is asserted: it prints measurements. The peer is skipped, with a message, when
 * python3 with rasterio is not installed (Debian: apt-get install python3-rasterio gdal-bin).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { findPolygonProblem } from '../core/polygon-validity.js';
import { computeRingSignedArea } from '../core/ring.js';
import { openRaster } from '../io/raster.js';
import { benchBatch } from './batch.js';
import { benchOsm } from './osm.js';
import { generateBenchData, generateHouseholdSurvey, generateNationalGrid, generatePersonSurvey, generatePublicSpaceCity, generateTransitCity } from './synthetic.js';

interface Measurement {
  wallMs: number;
  maxRssKb: number;
  /** Wall time of the whole process, measured outside it. */
  processMs?: number;
  /** Ours: the time inside the process (after start-up). */
  innerMs?: number;
  sums?: unknown;
  sum?: number;
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

function runJson(command: string, args: string[]): Measurement {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const processMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  // A peer that times its own child process (gdalinfo) reports that process's time.
  const measured = JSON.parse(result.stdout.trim().split('\n').pop() as string) as Measurement;
  return { ...measured, processMs: measured.processMs ?? processMs };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/**
 * Whole processes, ours and the peer's interleaved `runs` times (start-up, hashing and writing
 * included): median wall time measured outside the process, median peak RSS, and ours' in-process
 * time beside it (what the phases explain).
 */
function measurePair(ours: [string, string[]], peer: [string, string[]] | undefined, runs: number): { ours: Measurement; peer?: Measurement } {
  const mine: Measurement[] = [];
  const theirs: Measurement[] = [];
  for (let k = 0; k < runs; k++) {
    mine.push(runJson(...ours));
    if (peer) theirs.push(runJson(...peer));
  }
  const summarise = (list: Measurement[]): Measurement => ({ ...list[0], wallMs: median(list.map((m) => m.processMs ?? m.wallMs)), innerMs: median(list.map((m) => m.wallMs)), maxRssKb: median(list.map((m) => m.maxRssKb)) });
  return { ours: summarise(mine), ...(peer ? { peer: summarise(theirs) } : {}) };
}
const runs = option('runs', 3);

function findPeerPython(): string | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import rasterio, shapely'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return undefined;
}

const rows: string[][] = [];
function report(task: string, ours: Measurement, peer: Measurement | undefined): void {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
  const inner = ours.innerMs !== undefined ? ` (in-process ${s(ours.innerMs)})` : '';
  rows.push([task, `${s(ours.wallMs)}${inner}`, mb(ours.maxRssKb), peer ? s(peer.wallMs) : 'skipped', peer ? mb(peer.maxRssKb) : '', peer ? `${(ours.wallMs / peer.wallMs).toFixed(2)}×` : '']);
}

/** Median wall time of whole processes, in ms. */
function medianProcessMs(command: string, args: string[], runs: number): number {
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const started = performance.now();
    const result = spawnSync(command, args, { encoding: 'utf8' });
    times.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

// Start-up: `--help` loads commander and the option tables only; the computation (geotiff, proj4,
// shapefile, yauzl, …) loads when a run starts. "eager" imports it all, as --help did before.
const bin = here('../../bin/urban-sdg.js');
const startup = {
  node: medianProcessMs(process.execPath, ['-e', '0'], 11),
  help: medianProcessMs(process.execPath, [bin, '--help'], 11),
  eager: medianProcessMs(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(here('../cli/run-indicator.js'))}); ${['land-consumption', 'transit', 'public-space', 'slums', 'tenure', 'degurba'].map((s) => `await import(${JSON.stringify(here(`../indicators/${s}/run.js`))});`).join(' ')}`], 11),
};
console.log(`start-up (median of 11 processes): node alone ${startup.node.toFixed(0)} ms; urban-sdg --help ${startup.help.toFixed(0)} ms (${(startup.help - startup.node).toFixed(0)} ms of module loading); loading every computation module eagerly ${startup.eager.toFixed(0)} ms (${(startup.eager - startup.node).toFixed(0)} ms)`);

// Polygon validity on a valid 200,000-vertex comb (long, close, parallel edges): an R-tree of edge
// boxes keeps it O(n log n + k); the former sweep took minutes.
{
  const xy: number[] = [];
  for (let k = 0; k < 50_000; k++) xy.push(k * 10, 0, k * 10, 1000, k * 10 + 5, 1000, k * 10 + 5, 0.5);
  xy.push(500_000, 0, 500_000, -10, 0, -10, 0, 0);
  const started = performance.now();
  const problem = findPolygonProblem([{ xy: Float64Array.from(xy), isHole: false }], computeRingSignedArea);
  console.log(`polygon validity, 200,004-vertex comb: ${((performance.now() - started) / 1000).toFixed(2)} s (${problem === null ? 'valid' : problem.kind})`);
}

const size = option('size', 10_000);
const zoneCount = option('zones', 50);
const dir = '.bench';
mkdirSync(dir, { recursive: true });
const t0 = performance.now();
const data = await generateBenchData(dir, size, zoneCount);
console.log(`data: ${size} × ${size} cells (100 m), built-up UInt16 + population Float32 for 2000 and 2020, tiled DEFLATE, ${zoneCount} zones (${((performance.now() - t0) / 1000).toFixed(1)} s to generate or reuse, in ${dir}/)`);
const python = findPeerPython();
if (!python) console.log('peer: skipped — python3 with rasterio and shapely not found (apt-get install python3-rasterio python3-shapely)');

const rasters = [data.built[2000], data.built[2020], data.population[2000], data.population[2020]];
const cli = here('./measure-cli.js');
// Whole processes through the real executable (start-up, hashing, writing), interleaved with the peer.
const zonal = measurePair([process.execPath, [here('./measure-cli.js'), '11.3.1', '--built', `2000=${rasters[0]}`, '--built', `2020=${rasters[1]}`,
  '--population', `2000=${rasters[2]}`, '--population', `2020=${rasters[3]}`, '--zones', data.zones, '--quiet', '--out', `${dir}/out.json`]],
python ? [python, [here('../../src/bench/peer_rasterio.py'), 'zonal', data.zones, ...rasters]] : undefined, runs);
const ours = zonal.ours;
const peer = zonal.peer;
report(`11.3.1, 4 rasters × ${zoneCount} zones (exact vs centroid), median of ${runs} whole processes`, ours, peer);
const zonalArgs = (zonesPath: string, out: string, extra: string[] = []) => [here('./measure-cli.js'), '11.3.1', '--built', `2000=${rasters[0]}`, '--built', `2020=${rasters[1]}`,
  '--population', `2000=${rasters[2]}`, '--population', `2020=${rasters[3]}`, '--zones', zonesPath, '--quiet', '--out', out, ...extra];
// Threads (io/decode-pool.ts): the default (the cores: N − 1 decode threads and a hashing thread) against the main thread alone.
{
  const cores = availableParallelism();
  const pair = measurePair([process.execPath, zonalArgs(data.zones, `${dir}/out-threads.json`)], [process.execPath, zonalArgs(data.zones, `${dir}/out.json`, ['--threads', '1'])], runs);
  report(`11.3.1, default --threads ${cores} (${cores - 1} decode thread${cores === 2 ? '' : 's'} and a hashing thread; peer column: --threads 1), median of ${runs}`, pair.ours, pair.peer);
  const unhashed = measurePair([process.execPath, zonalArgs(data.zones, `${dir}/out-threads.json`, ['--no-hash'])], python ? [python, [here('../../src/bench/peer_rasterio.py'), 'zonal', data.zones, ...rasters]] : undefined, runs);
  report(`11.3.1 with --no-hash (no SHA-256 of the inputs, as the peer) vs rasterio, median of ${runs}`, unhashed.ours, unhashed.peer);
}

if (peer) {
  const output = JSON.parse(readFileSync(`${dir}/out.json`, 'utf8')) as { observations: { zone: string; components: Record<string, number> }[] };
  const centroid = peer.sums as Record<string, number[]>;
  const diffs = output.observations
    .filter((o) => centroid[o.zone][1] > 0)
    .map((o) => Math.abs(o.components.builtUpM2End - centroid[o.zone][1]) / centroid[o.zone][1])
    .sort((a, b) => a - b);
  console.log(`exact coverage vs centre-in-polygon built-up sums: median |difference| ${(100 * diffs[Math.floor(diffs.length / 2)]).toFixed(3)} %, max ${(100 * diffs[diffs.length - 1]).toFixed(3)} %`);
}

// The same four rasters as 2 × 2 tiles (gdal_translate) behind gdalbuildvrt VRTs: the mosaic's cost.
const gdal = spawnSync('gdal_translate', ['--version'], { encoding: 'utf8' }).status === 0;
if (!gdal) console.log('mosaic: skipped — gdal_translate not found to cut the tiles (apt-get install gdal-bin)');
if (gdal) {
  const vrts = rasters.map((raster) => {
    const base = raster.replace(/\.tif$/, '_tiles');
    const half = Math.floor(size / 2);
    const tiles = [[0, 0, half, half], [half, 0, size - half, half], [0, half, half, size - half], [half, half, size - half, size - half]].map(([x, y, w, h], k) => {
      const tile = `${base}_${k}.tif`;
      if (!existsSync(tile)) spawnSync('gdal_translate', ['-q', '-co', 'COMPRESS=DEFLATE', '-co', 'TILED=YES', '-srcwin', String(x), String(y), String(w), String(h), raster, tile]);
      return tile;
    });
    const vrt = `${base}.vrt`;
    if (!existsSync(vrt)) spawnSync('gdalbuildvrt', ['-q', vrt, ...tiles]);
    return vrt;
  });
  const run = (files: string[], out: string): [string, string[]] => [process.execPath, [cli, '11.3.1', '--built', `2000=${files[0]}`, '--built', `2020=${files[1]}`,
    '--population', `2000=${files[2]}`, '--population', `2020=${files[3]}`, '--zones', data.zones, '--quiet', '--out', out]];
  const pair = measurePair(run(vrts, `${dir}/out-mosaic.json`), run(rasters, `${dir}/out.json`), runs);
  report(`11.3.1 on 2 × 2 tiles (VRT) vs the same rasters whole (peer column: whole files), median of ${runs}`, pair.ours, pair.peer);
  // Values and components (the attributes name the files, which differ).
  const numbers = (path: string) => JSON.stringify((JSON.parse(readFileSync(path, 'utf8')) as { observations: { zone: string; value: unknown; components: unknown }[] }).observations.map((o) => [o.zone, o.value, o.components]));
  const same = numbers(`${dir}/out-mosaic.json`) === numbers(`${dir}/out.json`);
  console.log(`mosaic: observations ${same ? 'identical to' : 'DIFFERENT from'} the whole files'`);
}

const decoder = here('./measure-decode.js');
const gdalinfo = spawnSync('gdalinfo', ['--version'], { encoding: 'utf8' }).status === 0;
if (!gdalinfo) console.log('decode: gdalinfo -stats peer skipped — gdalinfo not found (apt-get install gdal-bin)');
/** Runs of each decode row at least. */
const DECODE_RUNS = 9;
/** Decode + sum of a whole raster against rasterio's block-row reads and against `gdalinfo -stats`. */
function benchDecode(label: string, path: string): void {
  // Half a second a process: more runs than the others, so that the medians hold on a noisy machine.
  const decodeRuns = Math.max(runs, DECODE_RUNS);
  const pair = measurePair([process.execPath, [decoder, path]], python ? [python, [here('../../src/bench/peer_rasterio.py'), 'decode', path]] : undefined, decodeRuns);
  report(`decode + sum whole raster, ${label} (peer: rasterio), median of ${decodeRuns}`, pair.ours, pair.peer);
  if (!gdalinfo) return;
  const stats = measurePair([process.execPath, [decoder, path]], ['/usr/bin/python3', [here('../../src/bench/peer_gdalinfo.py'), path]], decodeRuns);
  report(`decode + sum whole raster, ${label} (peer: gdalinfo -stats), median of ${decodeRuns}`, stats.ours, stats.peer);
  const [mean] = stats.peer?.sums as number[];
  const ours = stats.ours as Measurement & { count: number; runs: { handed: number; takenHere: number } };
  console.log(`decode ${label}: mean ${((ours.sum as number) / ours.count).toFixed(8)} (urban-sdg) vs ${mean.toFixed(8)} (gdalinfo -stats); the main thread decoded ${ours.runs.takenHere} of the ${ours.runs.handed} runs of blocks handed to the decode thread`);
}
benchDecode('DEFLATE UInt16', rasters[0]);
benchDecode('DEFLATE Float32', rasters[2]);
if (gdal) {
  const lzw = `${dir}/built_2000_${size}_lzw.tif`;
  if (!existsSync(lzw)) spawnSync('gdal_translate', ['-q', '-co', 'COMPRESS=LZW', '-co', 'TILED=YES', rasters[0], lzw]);
  benchDecode('LZW UInt16', lzw);
} else {
  console.log('LZW: skipped — gdal_translate not found to make the LZW copy (apt-get install gdal-bin)');
}

const nationalSize = option('national', 3000);
const national = await generateNationalGrid(dir, nationalSize);
const oursDegurba = runJson(process.execPath, [cli, 'degurba', '--population', national.population, '--built', national.built, '--classes-out', `${dir}/classes_ours.tif`, '--quiet', '--out', `${dir}/degurba.json`]);
const peerDegurba = python ? runJson(python, [here('../../src/bench/peer_degurba.py'), national.population, national.built, `${dir}/classes_peer.tif`]) : undefined;
report(`degurba level 2, ${nationalSize} × ${nationalSize} km grid`, oursDegurba, peerDegurba);
if (peerDegurba) {
  const read = async (path: string) => {
    const raster = await openRaster(path);
    const values = await raster.readWindow({ row0: 0, col0: 0, rows: raster.info.grid.rows, cols: raster.info.grid.cols });
    await raster.close();
    return values;
  };
  const [a, b] = await Promise.all([read(`${dir}/classes_ours.tif`), read(`${dir}/classes_peer.tif`)]);
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
  console.log(`degurba: ${differing} of ${a.length} cells classified differently from the numpy/scipy peer`);
}

const households = option('households', 1_000_000);
const survey = await generateHouseholdSurvey(dir, households);
const oursSurvey = runJson(process.execPath, [cli, '11.1.1', '--data', survey.data, '--config', survey.config, '--time-period', '2022', '--quiet', '--out', `${dir}/slums.json`]);
const rscript = spawnSync('Rscript', ['-e', 'suppressMessages(library(survey))'], { encoding: 'utf8' });
const peerSurvey = rscript.status === 0 ? runJson('Rscript', [here('../../src/bench/peer_survey.R'), survey.data]) : undefined;
if (!peerSurvey) console.log('11.1.1 peer: skipped — Rscript with the survey package not found (apt-get install r-cran-survey)');
report(`11.1.1, ${households.toLocaleString('en-US')} households, all components + SEs`, oursSurvey, peerSurvey);
if (peerSurvey) {
  const ourShare = (JSON.parse(readFileSync(`${dir}/slums.json`, 'utf8')) as { observations: { value: number }[] }).observations[0].value;
  console.log(`11.1.1: slum share ${ourShare.toFixed(9)} % (urban-sdg) vs ${(peerSurvey.sums as number).toFixed(9)} % (R survey)`);
}

// 1.4.2 on a million persons: documented and perceived-secure shares, by sex and tenure type, with R survey beside.
const people = await generatePersonSurvey(dir, households);
const oursTenure = runJson(process.execPath, [cli, '1.4.2', '--data', people.data, '--config', people.config, '--time-period', '2022', '--quiet', '--out', `${dir}/tenure.json`]);
const peerTenure = rscript.status === 0 ? runJson('Rscript', [here('../../src/bench/peer_tenure.R'), people.data]) : undefined;
report(`1.4.2, ${households.toLocaleString('en-US')} persons, documented and secure by sex and tenure type + SEs`, oursTenure, peerTenure);
if (peerTenure) {
  const documented = (JSON.parse(readFileSync(`${dir}/tenure.json`, 'utf8')) as { observations: { series: string; value: number; dimensions: Record<string, string> }[] }).observations
    .find((o) => o.series === 'SP_LGL_LNDDOC' && o.dimensions.SEX === '_T')?.value; // the first: all adults
  console.log(`1.4.2: documented ${documented?.toFixed(9)} % (urban-sdg) vs ${(peerTenure.sums as number).toFixed(9)} % (R survey)`);
}

// The same households as Stata .dta (pandas) and SPSS .sav (R haven): the readers against the CSV path.
const labelledCopies: [string, string, string[]][] = [
  ['.dta', '/usr/bin/python3', ['-c', `import pandas as pd; pd.read_csv(${JSON.stringify(survey.data)}).to_stata(${JSON.stringify(survey.data.replace(/\.csv$/, '.dta'))}, write_index=False, version=118)`]],
  ['.sav', 'Rscript', ['-e', `haven::write_sav(read.csv(${JSON.stringify(survey.data)}), ${JSON.stringify(survey.data.replace(/\.csv$/, '.sav'))})`]],
];
for (const [ext, command, args] of labelledCopies) {
  const copy = survey.data.replace(/\.csv$/, ext);
  if (!existsSync(copy) && spawnSync(command, args, { encoding: 'utf8' }).status !== 0) {
    console.log(`11.1.1 from ${ext}: skipped — ${command} could not write it (apt-get install ${ext === '.dta' ? 'python3-pandas' : 'r-cran-haven'})`);
    continue;
  }
  const fromCopy = runJson(process.execPath, [cli, '11.1.1', '--data', copy, '--config', survey.config, '--time-period', '2022', '--quiet', '--out', `${dir}/slums${ext}.json`]);
  report(`11.1.1 from ${ext} vs the same ${households.toLocaleString('en-US')} households as CSV (peer column: CSV)`, fromCopy, oursSurvey);
}

const edges = option('edges', 1_000_000);
const city = await generateTransitCity(dir, edges, 5000, 50);
const transitRun: [string, string[]] = [process.execPath, [cli, '11.2.1', '--zones', city.zones, '--population', city.population, '--stops', city.stops, '--streets', city.streets, '--time-period', '2023', '--quiet', '--out', `${dir}/transit.json`]];
for (const engine of ['scipy', 'networkx']) {
  const pair = measurePair(transitRun, python ? [python, [here('../../src/bench/peer_transit.py'), engine, city.streets, city.stops, city.population]] : undefined, runs);
  report(`11.2.1, ${edges.toLocaleString('en-US')} street edges, 5,000 stops, 500² cells (peer: ${engine === 'scipy' ? 'scipy csgraph' : 'networkx'}, nearest-node snapping), median of ${runs}`, pair.ours, pair.peer);
  if (pair.peer) {
    const ourShare = (JSON.parse(readFileSync(`${dir}/transit.json`, 'utf8')) as { observations: { value: number }[] }).observations[0].value;
    console.log(`11.2.1: served ${ourShare.toFixed(3)} % (urban-sdg, nearest point of the nearest street) vs ${(pair.peer.sums as number).toFixed(3)} % (${engine}, nearest node)`);
  }
}

const segments = option('segments', 200_000);
const opsCity = await generatePublicSpaceCity(dir, 20_000, segments, 20);
const oursSpace = runJson(process.execPath, [cli, '11.7.1', '--zones', opsCity.zones, '--open-spaces', opsCity.openSpaces, '--open-space-filter', 'access!=private',
  '--streets', opsCity.streets, '--street-width-field', 'width', '--time-period', '2023', '--quiet', '--out', `${dir}/public-space.json`]);
const peerSpace = python ? runJson(python, [here('../../src/bench/peer_public_space.py'), opsCity.zones, opsCity.openSpaces, opsCity.streets]) : undefined;
report(`11.7.1, 20,000 open spaces, ${segments.toLocaleString('en-US')} street segments (exact unions)`, oursSpace, peerSpace);
if (peerSpace) {
  const ourShare = (JSON.parse(readFileSync(`${dir}/public-space.json`, 'utf8')) as { observations: { value: number }[] }).observations[0].value;
  console.log(`11.7.1: ${ourShare.toFixed(6)} % (urban-sdg, equal-area CRS) vs ${(peerSpace.sums as number).toFixed(6)} % (shapely, in UTM)`);
}

// A country .osm.pbf (osmium-made street grid) read for one city, streamed, next to whole-file decoding.
const osm = await benchOsm(dir, option('osm-nodes', 10_000_000), here('./measure-osm.js'));
if (osm) {
  const nodes = option('osm-nodes', 10_000_000).toLocaleString('en-US');
  report(`.osm.pbf of ${nodes} nodes, the walkable ways of a 10 km city (peer: whole-file tiny-osmpbf, as before)`, osm.ours, osm.whole ?? undefined);
}

// The batch layer: 200 cities × 3 indicators with 1 and 2 worker threads, its overhead, a resume.
const cities = option('cities', 200);
rows.push(...await benchBatch(dir, cities, cli, here('./measure-sequence.js'), bin));

// Scaling of 11.3.1: the cost follows the cells the zones touch, memory stays flat (--max-cells).
const scaling: string[][] = [];
const cellsInZones = (out: string) => (JSON.parse(readFileSync(out, 'utf8')) as { observations: { timePeriod: string; components: { zoneAreaM2Start: number } }[] }).observations
  .reduce((n, o) => n + o.components.zoneAreaM2Start / 1e4, 0);
for (const [label, rasterSize, zoneTotal] of [
  ...[1, 10, 50, 500].map((z) => [`${z} zones, ${size.toLocaleString('en-US')}² cells`, size, z] as const),
  [`${zoneCount} zones, ${(size / 2).toLocaleString('en-US')}² cells (¼ of the raster)`, size / 2, zoneCount] as const,
]) {
  const scaled = await generateBenchData(dir, rasterSize, zoneTotal);
  const files = [scaled.built[2000], scaled.built[2020], scaled.population[2000], scaled.population[2020]];
  const out = `${dir}/scaling.json`;
  const { ours: m } = measurePair([process.execPath, [here('./measure-cli.js'), '11.3.1', '--built', `2000=${files[0]}`, '--built', `2020=${files[1]}`,
    '--population', `2000=${files[2]}`, '--population', `2020=${files[3]}`, '--zones', scaled.zones, '--quiet', '--out', out]], undefined, runs);
  scaling.push([label, `${(cellsInZones(out) / 1e6).toFixed(2)} M`, `${(m.wallMs / 1000).toFixed(2)} s`, `${(m.maxRssKb / 1024).toFixed(0)} MB`]);
}

function formatTable(header: string[], body: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  return [header, ...body].map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  '));
}
const header = ['task', 'urban-sdg', 'peak RSS', 'peer', 'peak RSS', 'ratio'];
for (const line of formatTable(header, rows)) console.log(line);
console.log('');
const scalingHeader = ['11.3.1 scaling (4 rasters)', 'cells in zones', 'wall', 'peak RSS'];
for (const line of formatTable(scalingHeader, scaling)) console.log(line);

// `npm run bench -- --write-readme`: the README's tables between its bench markers, from this run.
if (process.argv.includes('--write-readme')) {
  const markdown = (head: string[], body: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const readme = here('../../README.md');
  const text = readFileSync(readme, 'utf8');
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  const block = `${begin}\n${markdown(header, rows)}\n\n${markdown(scalingHeader, scaling)}\n${end}`;
  writeFileSync(readme, text.slice(0, text.indexOf(begin)) + block + text.slice(text.indexOf(end) + end.length));
  console.log('README.md: benchmark tables rewritten');
}
