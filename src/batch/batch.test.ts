/**
 * `batch` and `merge` end to end, through the built CLI in child processes (worker threads load the
 * compiled worker; kill -9 needs a process): failure isolation, zones set aside, per-unit files equal to
 * the subcommand's own output, resume after kills, shards merged into the single-run folder, and
 * every manifest mistake as one line with exit 2.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = resolve('bin/urban-sdg.js');
const COUNTRY = resolve('fixtures/batch/country.yaml');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function temp(): string {
  return mkdtempSync('/tmp/usdg-batch-');
}

/** Every file under `dir` (relative path → bytes), hidden temporaries included. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else files.set(path, readFileSync(join(dir, path), 'latin1'));
    }
  };
  walk('');
  return files;
}

function expectSameFolder(a: string, b: string): void {
  const [x, y] = [snapshot(a), snapshot(b)];
  expect([...y.keys()].sort()).toEqual([...x.keys()].sort());
  for (const [path, bytes] of x) expect(y.get(path), path).toBe(bytes);
}

function expectOneLine(run: Run, pattern: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

/** A manifest in a fresh folder that reaches the fixtures by absolute paths. */
function writeManifest(name: string, text: string): string {
  const dir = temp();
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const DEMO = resolve('fixtures/demo-city');
const TRANSIT = resolve('fixtures/transit');
const landUnit = (id: string, zones: string) => ({
  id, indicator: '11.3.1',
  options: { zones, built: [`2000=${DEMO}/built_2000.tif`, `2020=${DEMO}/built_2020.tif`], population: [`2000=${DEMO}/population_2000.tif`, `2020=${DEMO}/population_2020.tif`] },
});

describe('batch: a country in one command', () => {
  it('runs every city, isolates the corrupt one (exit 3, named with its file), sets bad zones aside as flagged nulls, and writes the combined files', () => {
    const out = temp();
    const run = cli(['batch', COUNTRY, '--out', out, '--jobs', '2']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/failed: delta-11\.3\.1 \(11\.3\.1, manifest line 18\): broken\/built_2000\.tif: truncated GeoTIFF/);
    expect(readFileSync(join(out, 'failures.csv'), 'utf8')).toMatch(/^id,indicator,manifestLine,reason\ndelta-11\.3\.1,11\.3\.1,18,"broken\/built_2000\.tif: truncated GeoTIFF/);
    const gamma = JSON.parse(readFileSync(join(out, 'units/gamma-11.3.1.json'), 'utf8'));
    const byZone = Object.fromEntries(gamma.observations.map((o: { zone: string }) => [o.zone, o]));
    expect(byZone['gamma-1'].value).toBeTypeOf('number');
    expect(byZone['gamma-far']).toMatchObject({ value: null, flags: ['zone-outside-raster'], components: {} });
    expect(byZone['gamma-far'].attributes.COMMENT_OBS).toMatch(/^cities\/gamma\.geojson feature 1 \(zone "gamma-far"\): does not overlap raster \.\.\/demo-city\/built_2000\.tif/);
    expect(byZone['gamma-bowtie']).toMatchObject({ value: null, flags: ['invalid-zone-geometry'] });
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ units: 4, succeeded: 3, failed: 1 });
    expect(summary.zonesSetAside).toEqual([{ unit: 'gamma-11.3.1', zone: 'gamma-bowtie', flag: 'invalid-zone-geometry' }, { unit: 'gamma-11.3.1', zone: 'gamma-far', flag: 'zone-outside-raster' }]);
    const combined = JSON.parse(readFileSync(join(out, 'results/11.3.1.json'), 'utf8'));
    expect(combined.observations.map((o: { zone: string }) => o.zone)).toEqual(['alpha-1', 'alpha-2', 'beta-1', 'gamma-1', 'gamma-bowtie', 'gamma-far']);
    for (const file of ['results/11.3.1.sdmx.csv', 'results/open-sdg/indicator_11-3-1.csv', 'results/national/11.3.1.sdmx.csv']) {
      const check = cli(['validate', join(out, file)]);
      expect(check.code, check.stdout + check.stderr).toBe(0);
    }
  });

  it('writes each unit byte-identical to its subcommand run from the manifest\'s folder (the command --plan prints)', () => {
    const out = temp();
    cli(['batch', COUNTRY, '--out', out, '--quiet']);
    const plan = cli(['batch', COUNTRY, '--plan']);
    expect(plan.code).toBe(0);
    const command = plan.stdout.split('\n').find((l) => l.includes('--zones cities/alpha.geojson'))?.trim().split(' ').slice(1) ?? [];
    const alone = cli([...command, '--quiet'], { cwd: resolve('fixtures/batch') });
    expect(alone.code, alone.stderr).toBe(0);
    expect(readFileSync(join(out, 'units/alpha-11.3.1.json'), 'utf8')).toBe(alone.stdout);
  });

  it('aggregates by population as REG_AGG says: the weighted mean of city LCRPGR and the pooled ratio, by region and nationally', () => {
    const out = temp();
    cli(['batch', COUNTRY, '--out', out, '--quiet']);
    const observations = ['alpha', 'beta', 'gamma'].flatMap((c) => JSON.parse(readFileSync(join(out, `units/${c}-11.3.1.json`), 'utf8')).observations)
      .filter((o: { value: number | null }) => o.value !== null) as { zone: string; value: number; components: Record<string, number> }[];
    const aggregates = JSON.parse(readFileSync(join(out, 'aggregates.json'), 'utf8')) as { level: string; area: string; value: number; components: Record<string, number>; members: unknown[] }[];
    const region = (zone: string) => (zone.startsWith('alpha') ? 'North' : 'South');
    for (const [level, area, pick] of [['national', '404', () => true], ['region', 'North', (z: string) => region(z) === 'North'], ['region', 'South', (z: string) => region(z) === 'South']] as const) {
      const members = observations.filter((o) => pick(o.zone));
      const weight = members.reduce((s, o) => s + o.components.populationEnd, 0);
      const mean = members.reduce((s, o) => s + o.components.populationEnd * o.value, 0) / weight;
      const sum = (k: string) => members.reduce((s, o) => s + o.components[k], 0);
      const years = 20;
      const pooled = ((sum('builtUpM2End') - sum('builtUpM2Start')) / sum('builtUpM2Start') / years) / (Math.log(sum('populationEnd') / sum('populationStart')) / years);
      const aggregate = aggregates.find((a) => a.level === level && a.area === area);
      expect(aggregate?.members).toHaveLength(members.length);
      expect(aggregate?.value).toBeCloseTo(mean, 12);
      expect(aggregate?.components.pooledLcrPgr).toBeCloseTo(pooled, 12);
    }
  });

  it('pools 11.2.1 access over cities: 100 × Σ served ÷ Σ population', () => {
    const options = { zones: `${TRANSIT}/zones.geojson`, population: `${TRANSIT}/population.tif`, stops: `${TRANSIT}/stops.geojson`, 'time-period': '2023' };
    const manifest = writeManifest('m.json', JSON.stringify({ defaults: { 'ref-area': '404' }, units: [{ id: 'a', indicator: '11.2.1', options: { ...options, streets: `${TRANSIT}/streets.geojson` } }, { id: 'b', indicator: 'transit', options }] }));
    const out = temp();
    const run = cli(['batch', manifest, '--out', out, '--quiet']);
    expect(run.code, run.stderr).toBe(3); // both units name the same zones: b is left out of the combined files
    expect(readFileSync(join(out, 'failures.csv'), 'utf8')).toMatch(/b,11\.2\.1,\d+,"left out of the combined files: zone ""centre"" is also in unit a/);
    const a = JSON.parse(readFileSync(join(out, 'units/a.json'), 'utf8')).observations;
    const served = a.reduce((s: number, o: { components: { populationServed: number } }) => s + o.components.populationServed, 0);
    const total = a.reduce((s: number, o: { components: { populationTotal: number } }) => s + o.components.populationTotal, 0);
    const national = JSON.parse(readFileSync(join(out, 'aggregates.json'), 'utf8'))[0];
    expect(national).toMatchObject({ level: 'national', area: '404', series: 'SP_TRN_PUBL' });
    expect(national.value).toBeCloseTo((100 * served) / total, 12);
  });

  it('gives byte-identical folders however the manifest and --out are spelled, and a rerun recomputes nothing', () => {
    const [a, b] = [temp(), temp()];
    cli(['batch', COUNTRY, '--out', a, '--quiet']);
    cli(['batch', 'batch/./country.yaml', '--out', resolve(b), '--quiet'], { cwd: resolve('fixtures') });
    expectSameFolder(a, b);
    const again = cli(['batch', COUNTRY, '--out', a]);
    expect(again.stderr.match(/up to date/g)).toHaveLength(3);
    expectSameFolder(a, b);
  });

  it('remembers each input\'s hash by path, size, times and inode: a rerun reads no unchanged file, a rewritten one again', () => {
    const data = temp();
    for (const name of ['zones.geojson', 'built_2000.tif', 'built_2020.tif', 'population_2000.tif', 'population_2020.tif']) copyFileSync(join(DEMO, name), join(data, name));
    const manifest = writeManifest('m.json', JSON.stringify({ units: [landUnit('one', join(data, 'zones.geojson'))].map((u) => ({
      ...u, options: { ...u.options, built: [`2000=${data}/built_2000.tif`, `2020=${data}/built_2020.tif`], population: [`2000=${data}/population_2000.tif`, `2020=${data}/population_2020.tif`] },
    })) }));
    const out = temp();
    expect(cli(['batch', manifest, '--out', out, '--quiet']).code).toBe(0);
    const cachePath = join(out, 'state/_input-hashes.json');
    const cache = JSON.parse(readFileSync(cachePath, 'utf8')) as { files: Record<string, { sha256: string }> };
    const built = join(data, 'built_2020.tif');
    expect(cache.files[built].sha256).toBe(createHash('sha256').update(readFileSync(built)).digest('hex'));
    // A hash recorded for an unchanged file is taken as it is, without reading the file: a forged one changes the unit's key.
    writeFileSync(cachePath, JSON.stringify({ files: { ...cache.files, [built]: { ...cache.files[built], sha256: '0'.repeat(64) } } }));
    expect(cli(['batch', manifest, '--out', out]).stderr).not.toMatch(/up to date/);
    expect(JSON.parse(readFileSync(join(out, 'units/one.json'), 'utf8')).provenance.inputs.find((i: { path: string }) => i.path.endsWith('built_2020.tif')).sha256).toBe('0'.repeat(64));
    // Rewritten with its size and modification time put back: the change time differs, so it is read and hashed again.
    const { atime, mtime } = statSync(built);
    const bytes = readFileSync(built);
    writeFileSync(built, bytes);
    utimesSync(built, atime, mtime);
    expect(cli(['batch', manifest, '--out', out, '--quiet']).code).toBe(0);
    expect(JSON.parse(readFileSync(cachePath, 'utf8')).files[built].sha256).toBe(cache.files[built].sha256);
  });

  it('reads CSV manifests (one unit per row, ; between repeated values) and the JSON form of the contract', () => {
    const csv = writeManifest('m.csv', [
      'id,indicator,zones,built,population,level:region',
      `one,11.3.1,${DEMO}/zones.geojson,2000=${DEMO}/built_2000.tif;2020=${DEMO}/built_2020.tif,2000=${DEMO}/population_2000.tif;2020=${DEMO}/population_2020.tif,Coast`,
    ].join('\n'));
    const out = temp();
    expect(cli(['batch', csv, '--out', out, '--quiet']).code).toBe(0);
    const aggregates = JSON.parse(readFileSync(join(out, 'aggregates.json'), 'utf8'));
    expect(aggregates.map((x: { level: string; area: string }) => `${x.level}:${x.area}`)).toEqual(['national:_Z', 'region:Coast']);
    const json = writeManifest('m.json', JSON.stringify({ defaults: { format: 'sdmx-csv', 'ref-area': '404' }, units: [landUnit('nairobi-11.3.1', `${DEMO}/zones.geojson`)] }));
    const out2 = temp();
    expect(cli(['batch', json, '--out', out2, '--quiet']).code).toBe(0);
    expect(readFileSync(join(out2, 'units/nairobi-11.3.1.sdmx.csv'), 'utf8')).toMatch(/^DATAFLOW,/);
  });

  it('makes one unit per zone with each: { features, field }', () => {
    const manifest = writeManifest('m.yaml', [
      'units:',
      '  - id: "z-{zone}"',
      '    indicator: 11.3.1',
      '    each:',
      `      zone: { features: ${resolve('fixtures/batch/cities/alpha.geojson')}, field: id }`,
      '    options:',
      `      zones: ${resolve('fixtures/batch/cities/alpha.geojson')}`,
      '      zone-id: id',
      `      built: ["2000=${DEMO}/built_2000.tif", "2020=${DEMO}/built_2020.tif"]`,
      `      population: ["2000=${DEMO}/population_2000.tif", "2020=${DEMO}/population_2020.tif"]`,
    ].join('\n'));
    const out = temp();
    expect(cli(['batch', manifest, '--out', out, '--quiet']).code).toBe(0);
    const zones = ['alpha-1', 'alpha-2'].map((z) => JSON.parse(readFileSync(join(out, `units/z-${z}.json`), 'utf8')).observations.map((o: { zone: string }) => o.zone));
    expect(zones).toEqual([['alpha-1'], ['alpha-2']]);
  });
});

describe('batch: a unit above the worker\'s memory limit', () => {
  it('fails alone ("ran out of memory"), the others are written, exit 3', () => {
    // A zone of 1,000,000 vertices: its parse alone needs far more than 64 MB of heap.
    const dir = temp();
    const ring = Array.from({ length: 1_000_000 }, (_, k) => {
      const angle = (2 * Math.PI * k) / 1_000_000;
      return [36.8 + 0.01 * Math.cos(angle), -1.25 + 0.01 * Math.sin(angle)];
    });
    ring.push(ring[0]);
    writeFileSync(join(dir, 'huge.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'huge' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }));
    const manifest = join(dir, 'm.json');
    writeFileSync(manifest, JSON.stringify({ units: [landUnit('huge', 'huge.geojson'), landUnit('small', `${DEMO}/zones.geojson`)] }));
    const out = temp();
    const run = cli(['batch', manifest, '--out', out, '--worker-memory', '64', '--jobs', '1']);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/^failed: huge \(11\.3\.1, manifest line 1\): ran out of memory \(worker heap limit 64 MB; raise --worker-memory or lower max-cells\)$/m);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toMatchObject({ succeeded: 1, failed: 1 });
  }, 60_000);
});

describe('batch: resume after kill -9', () => {
  it('a run killed at random moments, then rerun, leaves exactly the folder of an uninterrupted run', async () => {
    const reference = temp();
    cli(['batch', COUNTRY, '--out', reference, '--quiet', '--jobs', '2']);
    const out = temp();
    // Deterministic "random" moments across the run (≈ 0.1–1.2 s), each a SIGKILL of the whole process.
    for (const delayMs of [150, 420, 90, 700, 260]) {
      const child = spawn(process.execPath, [CLI, 'batch', COUNTRY, '--out', out, '--quiet', '--jobs', '2'], { stdio: 'ignore' });
      // Listened for from the start: a run that finishes before its kill has already exited.
      const exited = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      await exited;
    }
    const final = cli(['batch', COUNTRY, '--out', out, '--jobs', '2']);
    expect(final.code).toBe(3);
    expectSameFolder(reference, out);
  }, 120_000);
});

describe('batch: shards on array engines, and merge', () => {
  it('three shards (I/N, and auto from Slurm, AWS Batch and Kubernetes variables) merge into exactly the single-run folder', () => {
    const single = temp();
    cli(['batch', COUNTRY, '--out', single, '--quiet']);
    const shards = [temp(), temp(), temp()];
    expect([3, 0]).toContain(cli(['batch', COUNTRY, '--shard', '0/3', '--out', shards[0], '--quiet']).code);
    expect([3, 0]).toContain(cli(['batch', COUNTRY, '--shard', 'auto', '--out', shards[1], '--quiet'], { env: { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '3' } }).code);
    expect([3, 0]).toContain(cli(['batch', COUNTRY, '--shard', 'auto', '--shards', '3', '--out', shards[2], '--quiet'], { env: { JOB_COMPLETION_INDEX: '2' } }).code);
    const units = shards.map((d) => JSON.parse(readFileSync(join(d, 'shard.json'), 'utf8')).units as string[]);
    expect(units.flat().sort()).toEqual(['alpha-11.3.1', 'beta-11.3.1', 'delta-11.3.1', 'gamma-11.3.1']);
    const merged = temp();
    const merge = cli(['merge', ...shards, '--out', merged]);
    expect(merge.code, merge.stderr).toBe(3);
    expectSameFolder(single, merged);
    const aws = cli(['batch', COUNTRY, '--shard', 'auto', '--plan'], { env: { AWS_BATCH_JOB_ARRAY_INDEX: '1', AWS_BATCH_JOB_ARRAY_SIZE: '2' } });
    expect(aws.stdout).toMatch(/shard [01]\/2/);
  });

  it('balances shards by cost, not by count', () => {
    const plan = cli(['batch', COUNTRY, '--plan', '--shard', '0/2']).stdout;
    const shardOf = [...plan.matchAll(/^(\S+)\s+11\.3\.1\s+line \d+\s+cost (\d+)\s+shard (\d)\/2/gm)].map((m) => ({ id: m[1], cost: Number(m[2]), shard: Number(m[3]) }));
    expect(shardOf).toHaveLength(4);
    const load = [0, 1].map((s) => shardOf.filter((u) => u.shard === s).reduce((t, u) => t + u.cost, 0));
    const total = load[0] + load[1];
    expect(Math.abs(load[0] - load[1])).toBeLessThanOrEqual(Math.max(...shardOf.map((u) => u.cost)));
    expect(total).toBe(shardOf.reduce((t, u) => t + u.cost, 0));
  });

  it('refuses to merge shards of two plans, a missing shard, and reports each in one line', () => {
    const [a, b] = [temp(), temp()];
    cli(['batch', COUNTRY, '--shard', '0/2', '--out', a, '--quiet']);
    expectOneLine(cli(['merge', a, '--out', temp()]), /^urban-sdg merge: missing shard 1 of 2 \(run them, then merge all 2 folders\)$/);
    const other = writeManifest('m.json', JSON.stringify({ units: [landUnit('x', `${DEMO}/zones.geojson`)] }));
    cli(['batch', other, '--shard', '1/2', '--out', b, '--quiet']);
    expectOneLine(cli(['merge', a, b, '--out', temp()]), /^urban-sdg merge: .*: a shard of another plan \(\w{12}, not \w{12} as .*\); merge shards of one manifest run$/);
    const forged = temp();
    writeFileSync(join(forged, 'shard.json'), '{}');
    expectOneLine(cli(['merge', forged, '--out', temp()]), /shard\.json: not a shard record \(expected plan, version, shard, units and root, as urban-sdg batch --shard writes\)$/);
  });
});

describe('batch: manifest mistakes are exit 2, one line, naming the manifest line', () => {
  const cases: [string, string, string[], RegExp][] = [
    ['unknown top-level key', 'units: []\nunit: 1\n', [], /m\.yaml line 2: the manifest: unknown key "unit" \(expected "defaults", "units", "aggregate"\)$/],
    ['unknown unit key', `units:\n  - id: a\n    indicator: 11.3.1\n    option: {}\n`, [], /m\.yaml line 4: unit 1: unknown key "option"/],
    ['unknown indicator', 'units:\n  - id: a\n    indicator: 11.4.1\n', [], /m\.yaml line 3: indicator: expected one of 11\.1\.1, 11\.2\.1, 11\.3\.1, 11\.7\.1, 1\.4\.2, degurba \(or an alias\), found "11\.4\.1"$/],
    ['a glob that matches no file', 'units:\n  - id: "{c}"\n    indicator: 11.3.1\n    each: { c: "nowhere/*.geojson" }\n', [], /m\.yaml line 4: each\.c: "nowhere\/\*\.geojson" matches no file in /],
    ['a template that names a file that does not exist', `units:\n  - id: "{c}"\n    indicator: 11.3.1\n    each: { c: [x] }\n    options: { zones: "cities/{c}.geojson" }\n`, [], /m\.yaml line 5: --zones: "cities\/x\.geojson" is not a file \(paths are relative to the manifest's folder /],
    ['a template variable not declared', `units:\n  - id: "{city}"\n    indicator: 11.3.1\n`, [], /m\.yaml line 2: \{city\}: no variable "city" \(this unit has \{indicator\}; declare it under each\)$/],
    ['two units with one id', `units:\n  - id: a\n    indicator: 11.1.1\n  - id: a\n    indicator: 11.1.1\n`, [], /m\.yaml line 4: two units have the id "a" \(also line 2\); ids must be unique$/],
    ['an unknown option, with a suggestion', `units:\n  - id: a\n    indicator: 11.3.1\n    options: { bulit: [] }\n`, [], /m\.yaml line 2: unit a: 11\.3\.1: unknown option --bulit \(did you mean --built\?\)$/],
    ['a bad value', `units:\n  - id: a\n    indicator: 11.3.1\n    options: { lcr-formula: linear }\n`, [], /m\.yaml line 2: unit a: --lcr-formula: expected one of official, log, found "linear"$/],
    ['an option the batch owns', `units:\n  - id: a\n    indicator: 11.3.1\n    options: { out: x.json }\n`, [], /m\.yaml line 4: --out: not in a manifest \(the batch writes each unit under --out DIR\/units\)$/],
    ['not YAML at all', 'units: [\n', [], /m\.yaml line \d: not readable as JSON or YAML/],
    ['a shard index out of range', `units:\n  - id: a\n    indicator: 11.1.1\n`, ['--shard', '3/3'], /^urban-sdg batch: --shard: index 3 is out of range for 3 shards \(expected 0 ≤ I < N\)$/],
    ['--shard auto outside an array job', `units:\n  - id: a\n    indicator: 11.1.1\n`, ['--shard', 'auto'], /--shard auto: none of SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX, CLOUD_RUN_TASK_INDEX, JOB_COMPLETION_INDEX is set/],
  ];
  for (const [what, text, extra, pattern] of cases) {
    it(what, () => {
      const manifest = writeManifest('m.yaml', text);
      const env = Object.fromEntries(['SLURM_ARRAY_TASK_ID', 'AWS_BATCH_JOB_ARRAY_INDEX', 'CLOUD_RUN_TASK_INDEX', 'JOB_COMPLETION_INDEX'].map((k) => [k, '']));
      expectOneLine(cli(['batch', manifest, '--plan', ...extra], { cwd: resolve('fixtures/batch'), env }), pattern);
    });
  }

  it('keeps nothing of an earlier run\'s other plan: a folder holding a foreign plan.json is refused', () => {
    const out = temp();
    writeFileSync(join(out, 'plan.json'), '{"something": "else"}');
    const manifest = writeManifest('m.json', JSON.stringify({ units: [landUnit('x', `${DEMO}/zones.geojson`)] }));
    expectOneLine(cli(['batch', manifest, '--out', out]), /plan\.json there is not an urban-sdg plan; choose an empty folder$/);
    expect(statSync(join(out, 'plan.json')).size).toBe(21);
  });
});
