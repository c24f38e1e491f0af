import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectOneLineError, runCli } from '../../test-support/run-cli.js';

const SURVEY = 'fixtures/survey';

/** A survey run reading copies of the fixture in `dir` (so that a failure could only hurt copies). */
function surveyArgs(dir: string): string[] {
  copyFileSync(`${SURVEY}/households.csv`, `${dir}/households.csv`);
  copyFileSync(`${SURVEY}/households-config.json`, `${dir}/config.json`);
  return ['11.1.1', '--data', `${dir}/households.csv`, '--config', `${dir}/config.json`, '--time-period', '2022', '--quiet'];
}

const temporaries = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

describe('outputs never destroy anything', () => {
  it('refuses an output that is an input — by its path, a symbolic link or a hard link — before writing anything', async () => {
    const dir = mkdtempSync('/tmp/usdg-out-');
    const args = surveyArgs(dir);
    const before = readFileSync(`${dir}/households.csv`);
    symlinkSync('households.csv', `${dir}/alias.csv`);
    linkSync(`${dir}/households.csv`, `${dir}/hard.csv`);
    for (const out of [`${dir}/households.csv`, `${dir}/alias.csv`, `${dir}/hard.csv`, `${dir}/config.json`]) {
      expectOneLineError(await runCli([...args, '--out', out]), /refusing to write over an input of this run/);
    }
    expect(readFileSync(`${dir}/households.csv`)).toEqual(before);
    expect(temporaries(dir)).toEqual([]);
  });

  it('refuses a side output that would overwrite an input raster or a Shapefile sidecar', async () => {
    const dir = mkdtempSync('/tmp/usdg-out-');
    copyFileSync('fixtures/degurba/population_1km.tif', `${dir}/pop.tif`);
    for (const ext of ['shp', 'shx', 'dbf', 'prj', 'cpg']) copyFileSync(`fixtures/shapefile/zones.${ext}`, `${dir}/zones.${ext}`);
    const tif = readFileSync(`${dir}/pop.tif`);
    expectOneLineError(await runCli(['degurba', '--population', `${dir}/pop.tif`, '--classes-out', `${dir}/pop.tif`, '--quiet']), /pop\.tif: refusing to write over an input/);
    // Refused before anything is computed: these zones do not even overlap the raster.
    expectOneLineError(await runCli(['degurba', '--population', `${dir}/pop.tif`, '--units', `${dir}/zones.shp`, '--preview', `${dir}/zones.dbf`, '--quiet']), /zones\.dbf: refusing to write over an input/);
    expect(readFileSync(`${dir}/pop.tif`)).toEqual(tif);
  });

  it('refuses two outputs that are the same file', async () => {
    const dir = mkdtempSync('/tmp/usdg-out-');
    expectOneLineError(await runCli(['degurba', '--population', 'fixtures/degurba/population_1km.tif', '--polygons-out', `${dir}/a.geojson`, '--preview', `${dir}/a.geojson`, '--quiet']), /two outputs of this run name the same file/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('replaces the target of a link, keeps the link, and replaces a file whole', async () => {
    const dir = mkdtempSync('/tmp/usdg-out-');
    const args = surveyArgs(dir);
    writeFileSync(`${dir}/target.json`, 'old');
    symlinkSync('target.json', `${dir}/link.json`);
    expect((await runCli([...args, '--out', `${dir}/link.json`])).code).toBe(0);
    expect(lstatSync(`${dir}/link.json`).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(`${dir}/target.json`, 'utf8')).indicator).toBe('11.1.1');
    expect(temporaries(dir)).toEqual([]);
  });

  it('writes devices in place: /dev/null works, /dev/full fails with one line and stays a device', async () => {
    const dir = mkdtempSync('/tmp/usdg-out-');
    const args = surveyArgs(dir);
    expect((await runCli([...args, '--out', '/dev/null'])).code).toBe(0);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    if (!existsSync('/dev/full')) return;
    expectOneLineError(await runCli([...args, '--out', '/dev/full']), /\/dev\/full: cannot write the file \(the disk is full, ENOSPC\)/);
    expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('commits all outputs together: when one cannot be written, the others keep their previous content', async () => {
    const dir = mkdtempSync('/tmp/usdg-out-');
    writeFileSync(`${dir}/classes.tif`, 'previous');
    const result = await runCli(['degurba', '--population', 'fixtures/degurba/population_1km.tif', '--classes-out', `${dir}/classes.tif`, '--polygons-out', `${dir}/missing/p.geojson`, '--quiet']);
    expectOneLineError(result, /missing\/p\.geojson: cannot write the file \(its folder does not exist/);
    expect(readFileSync(`${dir}/classes.tif`, 'utf8')).toBe('previous');
    expect(temporaries(dir)).toEqual([]);
  });
});

describe('the executable under signals and closed pipes', () => {
  it('stops quietly when stdout is a closed pipe (urban-sdg … | head -c 10)', () => {
    const result = spawnSync('sh', ['-c', `node bin/urban-sdg.js 11.1.1 --data ${SURVEY}/households.csv --config ${SURVEY}/households-config.json --time-period 2022 --quiet | head -c 10`], { encoding: 'utf8' });
    expect(result.stdout).toBe('{\n  "indic');
    expect(result.stderr).toBe('');
  });

  it.each([['SIGINT', 130], ['SIGTERM', 143], ['SIGKILL', null]] as const)('%s while writing: the previous output stays whole, no temporary file is left', async (signal, code) => {
    const dir = mkdtempSync('/tmp/usdg-signal-');
    writeFileSync(`${dir}/classes.tif`, 'previous');
    const child = spawn(process.execPath, ['bin/urban-sdg.js', 'degurba', '--population', 'fixtures/degurba/population_1km.tif', '--classes-out', `${dir}/classes.tif`, '--polygons-out', `${dir}/centres.geojson`, '--quiet'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((done) => child.on('exit', (status) => done(status)));
    // Kill it as soon as a temporary file appears (or whenever it is, if the write is too quick to see).
    for (let k = 0; k < 2000 && child.exitCode === null && temporaries(dir).length === 0; k++) await new Promise((r) => setTimeout(r, 1));
    child.kill(signal);
    const status = await exited;
    const content = readFileSync(`${dir}/classes.tif`);
    // Either the run finished first (the new GeoTIFF, whole) or it was stopped (the old file, whole).
    expect(content.toString('latin1', 0, 4) === 'II*\u0000' || content.toString() === 'previous').toBe(true);
    if (status !== 0 && code !== null) {
      expect(status).toBe(code);
      expect(temporaries(dir)).toEqual([]);
    }
    // After any of them, the next run to the same outputs leaves no temporary of the killed one.
    expect((await runCli(['degurba', '--population', 'fixtures/degurba/population_1km.tif', '--classes-out', `${dir}/classes.tif`, '--polygons-out', `${dir}/centres.geojson`, '--quiet'])).code).toBe(0);
    expect(temporaries(dir)).toEqual([]);
  });

  it('removes a temporary left by a killed run (its process gone) at the next write, and keeps a live one', async () => {
    const dir = mkdtempSync('/tmp/usdg-orphan-');
    writeFileSync(`${dir}/.out.json.999999999.0123456789abcdef.tmp`, 'half');
    writeFileSync(`${dir}/.out.json.${process.pid === 1 ? 2 : 1}.fedcba9876543210.tmp`, 'pid 1 always runs');
    expect((await runCli([...surveyArgs(dir), '--out', `${dir}/out.json`])).code).toBe(0);
    expect(temporaries(dir)).toEqual([`.out.json.${process.pid === 1 ? 2 : 1}.fedcba9876543210.tmp`]);
  });
});
