import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, copyFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoArgs, DEMO, expectOneLineError, runCli } from '../test-support/run-cli.js';

function tempDir(): string {
  return mkdtempSync('/tmp/usdg-cli-');
}

describe('the command line', () => {
  it('lists the six subcommands with their aliases', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const name of ['11.1.1|slums', '11.2.1|transit', '11.3.1|land-consumption', '11.7.1|public-space', '1.4.2|tenure', 'degurba']) {
      expect(stdout).toContain(name);
    }
  });

  it('documents every 11.3.1 option with its default', async () => {
    const { code, stdout } = await runCli(['11.3.1', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--built', '--built-unit', '--population', '--population-table', '--lcr-formula', '--zones', '--zone-id', '--format', '--out', '--ref-area', '--time-period', '--explain', '--quiet', '--max-cells']) {
      expect(stdout).toContain(flag);
    }
    expect(stdout.replace(/\s+/g, ' ')).toContain('default: "official"');
  });

  it('rejects an unknown mode of 11.7.1 with one line and exit 2', async () => {
    expectOneLineError(await runCli(['public-space', 'digitise']), /^urban-sdg 11\.7\.1: mode: expected one of sample, found "digitise"$/);
  });

  it('rejects an unknown option value with exit 2', async () => {
    expectOneLineError(await runCli(['11.3.1', '--lcr-formula', 'linear']), /^urban-sdg 11\.3\.1: --lcr-formula: expected one of official, log, found "linear"$/);
  });

  it('names the file it cannot write, for every subcommand, without a stack trace', async () => {
    const dir = tempDir();
    expectOneLineError(await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--quiet', '--out', `${dir}/missing/result.json`]), /missing\/result\.json: cannot write the file \(its folder does not exist, ENOENT\)/);
    expectOneLineError(await runCli(['degurba', '--population', 'fixtures/degurba/population_1km.tif', '--quiet', '--out', dir]), /: cannot write the file \(it is a folder, EISDIR\)/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes the output atomically with --out, and leaves nothing behind on failure', async () => {
    const dir = tempDir();
    const ok = await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--quiet', '--out', `${dir}/result.json`]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('');
    expect(JSON.parse(readFileSync(`${dir}/result.json`, 'utf8')).observations).toHaveLength(2);
    const failed = await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--zones', `${dir}/nope.geojson`, '--out', `${dir}/failed.json`]);
    expect(failed.code).toBe(2);
    expect(readdirSync(dir)).toEqual(['result.json']);
  });

  it('gives byte-identical output however the input paths are spelled, and no machine path in SOURCE_DETAIL', async () => {
    const spell = (style: (path: string) => string) => ['11.3.1', '--built', `2000=${style(`${DEMO}/built_2000.tif`)}`, '--built', `2020=${style(`${DEMO}/built_2020.tif`)}`,
      '--population', `2000=${style(`${DEMO}/population_2000.tif`)}`, '--population', `2020=${style(`${DEMO}/population_2020.tif`)}`, '--zones', style(`${DEMO}/zones.geojson`), '--quiet'];
    const relative = await runCli(spell((p) => p));
    const dotted = await runCli(spell((p) => `./${p.replace('demo-city/', 'demo-city/../demo-city/')}`));
    const absolute = await runCli(spell((p) => `${process.cwd()}/${p}`));
    expect(dotted.stdout).toBe(relative.stdout);
    expect(absolute.stdout).toBe(relative.stdout);
    const sdmx = await runCli([...spell((p) => `${process.cwd()}/${p}`), '--format', 'sdmx-csv']);
    expect(sdmx.stdout).not.toContain(process.cwd());
    expect(sdmx.stdout).toContain('built-up: 2000 built_2000.tif, 2020 built_2020.tif; population: 2000 population_2000.tif, 2020 population_2020.tif');
  });

  it('defuses spreadsheet formulas in tidy CSV only with --csv-safe, and never in SDMX-CSV', async () => {
    const dir = tempDir();
    const zones = JSON.parse(readFileSync('fixtures/transit/zones.geojson', 'utf8'));
    zones.features[0].properties.id = '=HYPERLINK("http://x")';
    writeFileSync(`${dir}/zones.geojson`, JSON.stringify(zones));
    const args = ['11.2.1', '--zones', `${dir}/zones.geojson`, '--population', 'fixtures/transit/population.tif', '--stops', 'fixtures/transit/stops.geojson', '--time-period', '2023', '--quiet'];
    expect((await runCli([...args, '--format', 'csv'])).stdout).toContain('\n11.2.1,"=HYPERLINK(""http://x"")",');
    expect((await runCli([...args, '--format', 'csv', '--csv-safe'])).stdout).toContain('\n11.2.1,"\'=HYPERLINK(""http://x"")",');
    expect((await runCli([...args, '--format', 'sdmx-csv', '--csv-safe'])).stdout).not.toContain("'=HYPERLINK");
  });

  describe('output formats', () => {
    it('writes tidy CSV with one row per observation and components as columns', async () => {
      const { stdout } = await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--quiet', '--format', 'csv']);
      const [header, ...rows] = stdout.trimEnd().split('\n');
      expect(header.split(',').slice(0, 6)).toEqual(['indicator', 'zone', 'series', 'timePeriod', 'value', 'unit']);
      expect(header).toContain('lcr');
      expect(header).toContain('COMMENT_OBS');
      expect(rows).toHaveLength(2);
    });

    it('writes SDMX-CSV in the DF_SDG_GLH column order, period end as TIME_PERIOD', async () => {
      const { stdout } = await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--quiet', '--format', 'sdmx-csv', '--ref-area', '404']);
      const [header, first] = stdout.trimEnd().split('\n');
      expect(header).toBe('DATAFLOW,FREQ,REPORTING_TYPE,SERIES,REF_AREA,SEX,AGE,URBANISATION,INCOME_WEALTH_QUANTILE,EDUCATION_LEV,OCCUPATION,CUST_BREAKDOWN,COMPOSITE_BREAKDOWN,DISABILITY_STATUS,ACTIVITY,PRODUCT,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MULT,UNIT_MEASURE,BASE_PER,NATURE,TIME_DETAIL,COMMENT_OBS,TIME_COVERAGE,UPPER_BOUND,LOWER_BOUND,SOURCE_DETAIL,COMMENT_TS,GEO_INFO_URL,GEO_INFO_TYPE,CUST_BREAKDOWN_LB,DATA_LAST_UPDATE');
      expect(header.split(',')).toHaveLength(34);
      expect(first).toMatch(/^IAEG-SDGs:DF_SDG_GLH\(1\.26\),A,N,EN_LND_CNSPOP,404,_T,_T,_T,_T,_T,_T,C01,_T,_T,_T,_T,2020,[0-9.]+,A,0,RO,,C,2000-2020,"lcr=official; /);
    });

    it('writes open-sdg CSV: Year first, Value last, Series and Units', async () => {
      const { stdout } = await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--quiet', '--format', 'open-sdg']);
      const [header, first] = stdout.trimEnd().split('\n');
      expect(header).toBe('Year,Series,Units,City,Value');
      expect(first).toMatch(/^2020,EN_LND_CNSPOP,Ratio,city,[0-9.]+$/);
    });
  });

  describe('bad input: exit 2, one line naming file, place, expected and found', () => {
    it('a missing raster', async () => {
      expectOneLineError(await runCli(['11.3.1', '--built', '2000=nowhere.tif', '--built', `2020=${DEMO}/built_2020.tif`, '--population', `2000=${DEMO}/population_2000.tif`, '--population', `2020=${DEMO}/population_2020.tif`, '--zones', `${DEMO}/zones.geojson`]),
        /^urban-sdg 11\.3\.1: nowhere\.tif: file not found or not readable \(expected a GeoTIFF\)$/);
    });

    it('a file that is not a GeoTIFF', async () => {
      const dir = tempDir();
      writeFileSync(`${dir}/built.tif`, '<html>not found</html>');
      const args = demoArgs([2000, 2020]);
      args[1] = `2000=${dir}/built.tif`;
      expectOneLineError(await runCli(['11.3.1', ...args]), /built\.tif: not a GeoTIFF/);
    });

    it('a truncated GeoTIFF', async () => {
      const dir = tempDir();
      const bytes = readFileSync(`${DEMO}/built_2000.tif`);
      writeFileSync(`${dir}/built.tif`, bytes.subarray(0, bytes.length - 5000));
      const args = demoArgs([2000, 2020]);
      args[1] = `2000=${dir}/built.tif`;
      expectOneLineError(await runCli(['11.3.1', ...args]), /built\.tif: truncated GeoTIFF/);
    });

    it('a raster whose CRS cannot be determined, suggesting --raster-crs', async () => {
      const args = demoArgs([2000, 2020]);
      args[1] = '2000=fixtures/geotiff/no-crs.tif';
      expectOneLineError(await runCli(['11.3.1', ...args]), /no-crs\.tif: cannot determine the raster's coordinate reference system .*--raster-crs/);
    });

    it('years that do not pair between built-up and population', async () => {
      const args = ['--built', `2000=${DEMO}/built_2000.tif`, '--built', `2020=${DEMO}/built_2020.tif`, '--population', `2000=${DEMO}/population_2000.tif`, '--population', `2010=${DEMO}/population_2010.tif`, '--zones', `${DEMO}/zones.geojson`];
      expectOneLineError(await runCli(['11.3.1', ...args]), /--population: years must pair with --built years .*built 2000, 2020, population 2000, 2010/);
    });

    it('a zone with no overlap with the raster', async () => {
      const dir = tempDir();
      writeFileSync(`${dir}/z.geojson`, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'oslo' }, geometry: { type: 'Polygon', coordinates: [[[10.7, 59.9], [10.8, 59.9], [10.8, 60], [10.7, 60], [10.7, 59.9]]] } }] }));
      const args = [...demoArgs([2000, 2020]).slice(0, -1), `${dir}/z.geojson`];
      expectOneLineError(await runCli(['11.3.1', ...args]), /z\.geojson feature 0 \(zone "oslo"\): does not overlap raster .*built_2000\.tif/);
    });

    it('a --zone-id field that does not exist', async () => {
      expectOneLineError(await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--zone-id', 'code']), /zones\.geojson feature 0: no zone id in field "code" \(--zone-id; found nothing; fields: "id", "name"\)/);
    });

    it('duplicate zone ids', async () => {
      const dir = tempDir();
      const zones = JSON.parse(readFileSync(`${DEMO}/zones.geojson`, 'utf8'));
      zones.features[1].properties.id = 'city';
      writeFileSync(`${dir}/z.geojson`, JSON.stringify(zones));
      const args = [...demoArgs([2000, 2020]).slice(0, -1), `${dir}/z.geojson`];
      expectOneLineError(await runCli(['11.3.1', ...args]), /feature 1: duplicate zone id "city" \(from id; also feature 0\)/);
    });

    it('a self-intersecting zone', async () => {
      const dir = tempDir();
      writeFileSync(`${dir}/z.geojson`, JSON.stringify({ type: 'Feature', properties: { id: 'bow' }, geometry: { type: 'Polygon', coordinates: [[[36.8, -1.3], [36.9, -1.2], [36.9, -1.3], [36.8, -1.2], [36.8, -1.3]]] } }));
      const args = [...demoArgs([2000, 2020]).slice(0, -1), `${dir}/z.geojson`];
      expectOneLineError(await runCli(['11.3.1', ...args]), /feature 0 \(zone "bow"\): invalid geometry \(edges cross near 36\.85, -1\.25/);
    });

    it('an empty geometry', async () => {
      const dir = tempDir();
      writeFileSync(`${dir}/z.geojson`, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'nothing' }, geometry: null }] }));
      const args = [...demoArgs([2000, 2020]).slice(0, -1), `${dir}/z.geojson`];
      expectOneLineError(await runCli(['11.3.1', ...args]), /z\.geojson feature 0 \(zone "nothing"\): empty geometry \(expected a Polygon or MultiPolygon, found null\)$/);
    });

    it('a zone layer in an unknown CRS', async () => {
      const dir = tempDir();
      const zones = JSON.parse(readFileSync(`${DEMO}/zones.geojson`, 'utf8'));
      zones.crs = { type: 'name', properties: { name: 'EPSG:999999' } };
      writeFileSync(`${dir}/z.geojson`, JSON.stringify(zones));
      const args = [...demoArgs([2000, 2020]).slice(0, -1), `${dir}/z.geojson`];
      expectOneLineError(await runCli(['11.3.1', ...args]), /z\.geojson: unknown coordinate reference system EPSG:999999/);
    });

    it('a non-numeric population in the table', async () => {
      const dir = tempDir();
      writeFileSync(`${dir}/pop.csv`, 'id,year,population\ncity,2000,1200\ncity,2020,n/a\n');
      const args = ['--built', `2000=${DEMO}/built_2000.tif`, '--built', `2020=${DEMO}/built_2020.tif`, '--population-table', `${dir}/pop.csv`, '--zones', `${DEMO}/zones.geojson`];
      expectOneLineError(await runCli(['11.3.1', ...args]), /pop\.csv row 3, field population: expected a non-negative number of persons, found "n\/a"$/);
    });

    it('a Shapefile without .prj', async () => {
      const dir = tempDir();
      for (const ext of ['shp', 'shx', 'dbf']) copyFileSync(`fixtures/shapefile/zones.${ext}`, `${dir}/zones.${ext}`);
      const args = [...demoArgs([2000, 2020]).slice(0, -1), `${dir}/zones.shp`];
      expectOneLineError(await runCli(['11.3.1', ...args]), /zones\.shp: the Shapefile has no \.prj.*--zones-crs/);
      expect(existsSync(`${dir}/zones.prj`)).toBe(false);
    });
  });

  it('reads Shapefile zones (.prj, .cpg) to the same result as GeoJSON', async () => {
    const fromGeoJson = JSON.parse((await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--quiet'])).stdout);
    const args = [...demoArgs([2000, 2020]).slice(0, -1), 'fixtures/shapefile/zones.shp'];
    const result = await runCli(['11.3.1', ...args, '--quiet']);
    expect(result.stderr).toBe('');
    const fromShapefile = JSON.parse(result.stdout);
    expect(fromShapefile.observations.map((o: { zone: string }) => o.zone)).toEqual(['city', 'town']);
    fromShapefile.observations.forEach((o: { value: number }, k: number) => {
      expect(o.value).toBeCloseTo(fromGeoJson.observations[k].value, 9);
    });
  });
});

describe('input hashes in provenance', () => {
  it('records each input\'s SHA-256 as sha256sum computes it, or null with --no-hash', async () => {
    const { execFileSync } = await import('node:child_process');
    const run = async (extra: string[]) => JSON.parse((await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--quiet', ...extra])).stdout) as { provenance: { parameters: Record<string, unknown>; inputs: { path: string; sha256: string | null; bytes: number }[] } };
    const hashed = await run([]);
    for (const input of hashed.provenance.inputs) {
      expect(input.sha256).toBe(execFileSync('sha256sum', [input.path]).toString().split(' ')[0]);
    }
    const skipped = await run(['--no-hash']);
    expect(skipped.provenance.parameters.inputHashes).toBe('not computed (--no-hash)');
    skipped.provenance.inputs.forEach((input, k) => expect(input).toMatchObject({ sha256: null, bytes: hashed.provenance.inputs[k].bytes }));
  });

  it('hashes survey microdata CSV from the bytes it reads (one read of the file), as sha256sum does', async () => {
    const { execFileSync } = await import('node:child_process');
    const result = await runCli(['11.1.1', '--data', 'fixtures/survey/households.csv', '--config', 'fixtures/survey/households-config.json', '--time-period', '2022', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const inputs = (JSON.parse(result.stdout) as { provenance: { inputs: { path: string; sha256: string; bytes: number }[] } }).provenance.inputs;
    expect(inputs.map((i) => i.path)).toContain('fixtures/survey/households.csv');
    for (const input of inputs) {
      expect(input.sha256).toBe(execFileSync('sha256sum', [input.path]).toString().split(' ')[0]);
      expect(input.bytes).toBe(statSync(input.path).size);
    }
  });
});
