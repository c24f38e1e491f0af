/**
 * The batch layer measured (npm run bench): N synthetic cities × 3 indicators (11.3.1, 11.2.1,
 * 11.7.1) from one manifest — whole processes with --jobs 1 and --jobs 2 (wall, peak RSS, speed-up),
 * a resume after a SIGKILL at half the units (share recomputed), and the batch layer's overhead against
 * the same units' command lines run one after another in one process (what --plan prints).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRandom, generateBenchData } from './synthetic.js';

interface Measured {
  readonly wallMs: number;
  readonly maxRssKb: number;
}

const CRS = { type: 'name', properties: { name: 'urn:ogc:def:crs:ESRI::54009' } };

/** One zones file per city, shared stops and open spaces, and the manifest; returns its path. */
async function writeCountry(dir: string, cities: number): Promise<string> {
  const folder = resolve(dir, `batch-${cities}`);
  const manifest = join(folder, 'country.yaml');
  if (existsSync(manifest)) return manifest;
  const size = 2000;
  const data = await generateBenchData(dir, size, cities, 61);
  mkdirSync(join(folder, 'cities'), { recursive: true });
  const zones = JSON.parse(readFileSync(data.zones, 'utf8')) as { features: { properties: { id: string } }[] };
  zones.features.forEach((feature, k) => {
    writeFileSync(join(folder, 'cities', `c${String(k).padStart(4, '0')}.geojson`), JSON.stringify({ type: 'FeatureCollection', crs: CRS, features: [{ ...feature, properties: { id: feature.properties.id, region: `R${k % 5}` } }] }));
  });
  const random = createRandom(62);
  const origin = { x: -1_041_000, y: 5_000_000 };
  const point = () => [origin.x + random() * size * 100, origin.y - random() * size * 100];
  writeFileSync(join(folder, 'stops.geojson'), JSON.stringify({ type: 'FeatureCollection', crs: CRS, features: Array.from({ length: 20 * cities }, (_, k) => ({ type: 'Feature', properties: { capacity: k % 10 === 0 ? 'high' : 'low' }, geometry: { type: 'Point', coordinates: point() } })) }));
  // Open spaces: 20 squares of 100–600 m in each city's box.
  const zoneBoxes = (zones.features as unknown as { geometry: { coordinates: number[][][] } }[]).map((f) => {
    const xs = f.geometry.coordinates[0].map((p) => p[0]);
    const ys = f.geometry.coordinates[0].map((p) => p[1]);
    return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
  });
  writeFileSync(join(folder, 'open-spaces.geojson'), JSON.stringify({
    type: 'FeatureCollection', crs: CRS,
    features: zoneBoxes.flatMap((box) => Array.from({ length: 20 }, () => {
      const [x, y] = [box.x0 + random() * (box.x1 - box.x0), box.y0 + random() * (box.y1 - box.y0)];
      const half = 50 + random() * 250;
      return { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[x - half, y - half], [x + half, y - half], [x + half, y + half], [x - half, y + half], [x - half, y - half]]] } };
    })),
  }));
  // Streets: per city, a 250 m grid of 12 m wide lines over its box (as a city's OSM extract would be).
  mkdirSync(join(folder, 'streets'), { recursive: true });
  zoneBoxes.forEach((box, k) => {
    const lines: number[][][] = [];
    for (let x = box.x0; x <= box.x1; x += 250) lines.push([[x, box.y0], [x, box.y1]]);
    for (let y = box.y0; y <= box.y1; y += 250) lines.push([[box.x0, y], [box.x1, y]]);
    writeFileSync(join(folder, 'streets', `c${String(k).padStart(4, '0')}.geojson`), JSON.stringify({ type: 'FeatureCollection', crs: CRS, features: lines.map((coordinates) => ({ type: 'Feature', properties: { width: 12 }, geometry: { type: 'LineString', coordinates } })) }));
  });
  const raster = (path: string) => resolve(path);
  writeFileSync(manifest, [
    `# ${cities} synthetic cities × 3 indicators over a ${size}² 100 m tile in World Mollweide`,
    'defaults: { zone-id: id, time-period: "2020" }',
    'aggregate: { levels: { region: region } }',
    'units:',
    ...[['11.3.1', `built: ["2000=${raster(data.built[2000])}", "2020=${raster(data.built[2020])}"], population: ["2000=${raster(data.population[2000])}", "2020=${raster(data.population[2020])}"]`],
      ['11.2.1', `population: ${raster(data.population[2020])}, stops: stops.geojson`],
      ['11.7.1', `open-spaces: open-spaces.geojson, streets: "streets/{city}.geojson", street-width-field: width, population: ${raster(data.population[2020])}`]].flatMap(([indicator, options]) => [
      `  - id: "{city}-${indicator}"`,
      `    indicator: ${indicator}`,
      '    each: { city: "cities/*.geojson" }',
      `    options: { zones: "cities/{city}.geojson", ${options} }`,
    ]),
  ].join('\n'));
  return manifest;
}

function measure(cli: string, args: string[]): Measured & { code: number } {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 ** 2 });
  const last = result.stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as Measured & { code: number };
}

export async function benchBatch(dir: string, cities: number, measureCli: string, measureSequence: string, bin: string): Promise<string[][]> {
  const manifest = await writeCountry(dir, cities);
  const units = 3 * cities;
  const out = (name: string) => resolve(dir, `batch-${cities}`, name);
  const rows: string[][] = [];
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
  const runs: Record<string, Measured[]> = { 1: [], 2: [] };
  // Two rounds, --jobs 1 and 2 interleaved (the machine's load shifts); the median of two is their mean's lower.
  for (let k = 0; k < 2; k++) {
    for (const jobs of [1, 2]) {
      rmSync(out(`run-${jobs}`), { recursive: true, force: true });
      const m = measure(measureCli, ['batch', manifest, '--out', out(`run-${jobs}`), '--jobs', String(jobs), '--quiet']);
      if (m.code !== 0) throw new Error(`batch --jobs ${jobs} exited ${m.code}`);
      runs[jobs].push(m);
    }
  }
  const median = (list: Measured[]) => [...list].sort((a, b) => a.wallMs - b.wallMs)[Math.floor((list.length - 1) / 2)];
  const [one, two] = [median(runs[1]), median(runs[2])];
  rows.push([`batch, ${cities} cities × 3 indicators, --jobs 1 vs --jobs 2`, s(two.wallMs), mb(two.maxRssKb), s(one.wallMs), mb(one.maxRssKb), `${(two.wallMs / one.wallMs).toFixed(2)}× (speed-up ${(one.wallMs / two.wallMs).toFixed(2)}×)`]);

  // The same units' command lines (from --plan), run one after another in one process, no batch layer.
  const plan = spawnSync(process.execPath, [bin, 'batch', manifest, '--plan'], { encoding: 'utf8', maxBuffer: 64 * 1024 ** 2 }).stdout;
  const commands = plan.split('\n').filter((l) => l.startsWith('  urban-sdg ')).map((l) => l.trim().split(' ').slice(1));
  const listFile = out('commands.json');
  writeFileSync(listFile, JSON.stringify(commands.map((c) => [...c, '--quiet', '--out', '/dev/null'])));
  const sequence = [0, 1].map(() => JSON.parse(spawnSync(process.execPath, [measureSequence, listFile], { cwd: resolve(dir, `batch-${cities}`), encoding: 'utf8' }).stdout.trim()) as Measured);
  const plain = median(sequence);
  rows.push([`batch layer overhead: --jobs 1 vs the ${units} command lines in one process`, s(one.wallMs), mb(one.maxRssKb), s(plain.wallMs), mb(plain.maxRssKb), `${(one.wallMs / plain.wallMs).toFixed(2)}× (${((one.wallMs - plain.wallMs) / units).toFixed(1)} ms a unit)`]);

  // Resume: SIGKILL once half the units have their state, then rerun and count what is computed again.
  const resumeDir = out('resume');
  rmSync(resumeDir, { recursive: true, force: true });
  const child = spawn(process.execPath, [bin, 'batch', manifest, '--out', resumeDir, '--jobs', '2', '--quiet'], { stdio: 'ignore' });
  const stateCount = () => (existsSync(join(resumeDir, 'state')) ? readdirSync(join(resumeDir, 'state')).filter((f) => f.endsWith('.json')).length : 0);
  while (stateCount() < units / 2 && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const kept = stateCount();
  const rerun = spawnSync(process.execPath, [bin, 'batch', manifest, '--out', resumeDir, '--jobs', '2'], { encoding: 'utf8', maxBuffer: 64 * 1024 ** 2 });
  const recomputed = (rerun.stderr.match(/: done in /g) ?? []).length;
  const identical = spawnSync('diff', ['-r', '-q', out('run-2'), resumeDir]).status === 0;
  console.log(`batch resume: killed with ${kept} of ${units} units recorded; the rerun computed ${recomputed} (${((100 * recomputed) / units).toFixed(1)} % of the units); final folder ${identical ? 'identical to' : 'DIFFERS from'} an uninterrupted run`);
  return rows;
}
