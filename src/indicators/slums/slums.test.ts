import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, expectOneLineError } from '../../test-support/run-cli.js';

const DIR = 'fixtures/survey';
// The estimates against R survey are golden cases: fixtures/slums/r-survey.
const ARGS = ['11.1.1', '--data', `${DIR}/households.csv`, '--config', `${DIR}/households-config.json`, '--time-period', '2022', '--quiet'];

interface Obs { zone: string; labels?: Record<string, string>; series: string; value: number; standardError: number; components: Record<string, number>; attributes: Record<string, string>; flags: string[]; dimensions: Record<string, string> }

/** Survey breakdowns are CUST_BREAKDOWN dimensions labelled `variable=value`; the total has none. */
const breakdownOf = (o: Obs) => o.labels?.CUST_BREAKDOWN ?? '_T';

async function observations(extra: string[] = []): Promise<Obs[]> {
  const { code, stdout, stderr } = await runCli([...ARGS, ...extra]);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout).observations;
}

function tempDir(): string {
  return mkdtempSync('/tmp/usdg-slums-');
}

describe('urban-sdg 11.1.1 against R survey', () => {

  it('adds one observation per value of --by', async () => {
    const zones = (await observations(['--by', 'region'])).filter((o) => o.series === 'EN_LND_SLUM').map(breakdownOf);
    expect(zones).toEqual(expect.arrayContaining(['region=north', 'region=south', 'region=coast']));
  });

  it('says which components were not assessed', async () => {
    const dir = tempDir();
    const config = JSON.parse(readFileSync(`${DIR}/households-config.json`, 'utf8'));
    delete config.columns.tenure;
    writeFileSync(`${dir}/c.json`, JSON.stringify(config));
    const obs = (await runCli(['11.1.1', '--data', `${DIR}/households.csv`, '--config', `${dir}/c.json`, '--time-period', '2022', '--quiet'])).stdout;
    const share = JSON.parse(obs).observations[0];
    expect(share.flags).toContain('components-not-assessed');
    expect(share.attributes.COMMENT_OBS).toContain('not-assessed=tenure');
  });
});

describe('11.1.1 definitions (docs/methods.md §16.3)', () => {
  const TOY = 'id,persons,rooms,water,toilet,cost,income\nH1,4,1,11,11,300,1000\nH2,3,1,11,11,301,1000\nH3,5,2,32,11,0,1000\n';
  const CONFIG = {
    columns: { householdSize: 'persons', rooms: 'rooms', water: 'water', sanitation: 'toilet', housingCost: 'cost', income: 'income' },
    codes: { improvedWater: [11], improvedSanitation: [11] },
  };

  it('counts 4 persons per room as overcrowded, exactly 3 as not, and weighs persons: 75 %, 9 slum dwellers', async () => {
    const dir = tempDir();
    writeFileSync(`${dir}/toy.csv`, TOY);
    writeFileSync(`${dir}/c.json`, JSON.stringify(CONFIG));
    const { stdout, code } = await runCli(['slums', '--data', `${dir}/toy.csv`, '--config', `${dir}/c.json`, '--time-period', '2020', '--quiet']);
    expect(code).toBe(0);
    const [share, number] = JSON.parse(stdout).observations;
    expect(share.value).toBeCloseTo(75, 12);
    expect(number.value).toBe(9);
    // Affordability: 300 of 1000 (30.0 %) is affordable, 301 is not: 3 of 12 persons.
    expect(share.components.inadequateHousingPct).toBeCloseTo(25, 12);
  });
});

describe('11.1.1 bad input: exit 2 with one line', () => {

  it('a persons-per-room maximum that is not positive, in the config or on the command line', async () => {
    const dir = tempDir();
    const config = JSON.parse(readFileSync(`${DIR}/households-config.json`, 'utf8'));
    config.thresholds = { ...config.thresholds, personsPerRoomMax: 0 };
    writeFileSync(`${dir}/c.json`, JSON.stringify(config));
    expectOneLineError(await runCli(['11.1.1', '--data', `${DIR}/households.csv`, '--config', `${dir}/c.json`, '--time-period', '2022']), /c\.json: thresholds\.personsPerRoomMax must be a number > 0, found 0/);
    expectOneLineError(await runCli([...ARGS, '--housing-cost-share-max', '-0.3']), /--housing-cost-share-max: expected a number > 0, found "-0\.3"/);
  });

  it('a mapped column that does not exist, listing those that do', async () => {
    const dir = tempDir();
    const config = JSON.parse(readFileSync(`${DIR}/households-config.json`, 'utf8'));
    config.columns.rooms = 'bedrooms';
    writeFileSync(`${dir}/c.json`, JSON.stringify(config));
    expectOneLineError(await runCli(['11.1.1', '--data', `${DIR}/households.csv`, '--config', `${dir}/c.json`, '--time-period', '2022']),
      /households\.csv: mapped column "bedrooms" not found \(columns in the file: "hh_id", "cluster", "stratum", "weight", "urban" … and 12 more\)$/);
  });

  it('a non-numeric weight, and a negative weight, naming the row', async () => {
    const dir = tempDir();
    const lines = readFileSync(`${DIR}/households.csv`, 'utf8').split('\n');
    const header = lines[0].split(',').map((h) => h.replace(/"/g, ''));
    const w = header.indexOf('weight');
    const bad = lines.map((line, k) => (k === 5 ? line.split(',').map((v, j) => (j === w ? 'heavy' : v)).join(',') : line));
    writeFileSync(`${dir}/bad.csv`, bad.join('\n'));
    expectOneLineError(await runCli(['11.1.1', '--data', `${dir}/bad.csv`, '--config', `${DIR}/households-config.json`, '--time-period', '2022']),
      /bad\.csv row 6, column weight: expected a sampling weight ≥ 0, found "heavy"/);
    const negative = lines.map((line, k) => (k === 7 ? line.split(',').map((v, j) => (j === w ? '-2' : v)).join(',') : line));
    writeFileSync(`${dir}/negative.csv`, negative.join('\n'));
    expectOneLineError(await runCli(['11.1.1', '--data', `${dir}/negative.csv`, '--config', `${DIR}/households-config.json`, '--time-period', '2022']),
      /negative\.csv row 8, column weight: expected a sampling weight ≥ 0, found -2/);
  });

  it('a survey with no urban household: null values flagged no-urban-households, not 0 %', async () => {
    const dir = tempDir();
    const lines = readFileSync(`${DIR}/households.csv`, 'utf8').trimEnd().split('\n');
    const urban = lines[0].split(',').map((h) => h.replace(/"/g, '')).indexOf('urban');
    writeFileSync(`${dir}/rural.csv`, [lines[0], ...lines.slice(1).filter((line) => line.split(',')[urban] === '2')].join('\n'));
    const { code, stdout } = await runCli(['11.1.1', '--data', `${dir}/rural.csv`, '--config', `${DIR}/households-config.json`, '--time-period', '2022', '--quiet']);
    expect(code).toBe(0);
    const [share, number] = JSON.parse(stdout).observations;
    expect([share.value, number.value]).toEqual([null, null]);
    expect(share.flags).toContain('no-urban-households');
    expect(number.flags).toContain('no-urban-households');
  });

  it('reads a Windows-1252 survey file with --encoding windows-1252, names intact', async () => {
    const dir = tempDir();
    const lines = readFileSync(`${DIR}/households.csv`, 'latin1').split('\n');
    const region = lines[0].split(',').map((h) => h.replace(/"/g, '')).indexOf('region');
    const renamed = lines.map((line, k) => (k === 0 ? line : line.replace('"coast"', '"Côte"')));
    writeFileSync(`${dir}/cp1252.csv`, Buffer.from(renamed.join('\n'), 'latin1'));
    expect(region).toBeGreaterThan(0);
    const { code, stdout } = await runCli(['11.1.1', '--data', `${dir}/cp1252.csv`, '--config', `${DIR}/households-config.json`, '--time-period', '2022', '--by', 'region', '--encoding', 'windows-1252', '--quiet']);
    expect(code).toBe(0);
    const labels = (JSON.parse(stdout).observations as Obs[]).map(breakdownOf);
    expect(labels).toContain('region=Côte');
    expect(labels.join()).not.toContain('\ufffd');
  });

  it('a stratum with one PSU under --lonely-psu fail', async () => {
    const dir = tempDir();
    const lines = readFileSync(`${DIR}/households.csv`, 'utf8').trimEnd().split('\n');
    writeFileSync(`${dir}/lonely.csv`, [...lines, '9001,999,77,100,1,3,1,11,11,31,31,31,1,10,1000,1,north'].join('\n'));
    expectOneLineError(await runCli(['11.1.1', '--data', `${dir}/lonely.csv`, '--config', `${DIR}/households-config.json`, '--time-period', '2022']),
      /lonely\.csv: stratum 77 has only one PSU \(column stratum\); choose --lonely-psu remove, certainty, adjust or average/);
  });

  it('a missing answer under --missing-policy error', async () => {
    expectOneLineError(await runCli([...ARGS, '--missing-policy', 'error']), /households\.csv row \d+, column (water|toilet): no usable answer for improved (water|sanitation)/);
  });

  it('codes in no list when both lists are given: counted as missing and reported, never guessed', async () => {
    const dir = tempDir();
    const config = JSON.parse(readFileSync(`${DIR}/households-config.json`, 'utf8'));
    config.codes.unimprovedWater = [32, 42, 61];
    writeFileSync(`${dir}/c.json`, JSON.stringify(config));
    const result = await runCli(['11.1.1', '--data', `${DIR}/households.csv`, '--config', `${dir}/c.json`, '--time-period', '2022']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/water \(water\): values in no list of codes\.improvedWater \/ codes\.unimprovedWater, counted as missing: 96 \(62 rows\)/);
  });

  it('no --time-period', async () => {
    expectOneLineError(await runCli(['11.1.1', '--data', `${DIR}/households.csv`, '--config', `${DIR}/households-config.json`]), /--time-period: expected the reference year of the survey/);
  });
});

describe('--preset dhs', () => {
  it('reads DHS household-recode names and codes, with weights hv005 / 1e6', async () => {
    const dir = tempDir();
    const rows = [
      'hhid,hv005,hv021,hv022,hv025,hv009,hv216,hv201,hv202,hv205,hv213,hv214,hv215,hv219',
      'a,1500000,1,1,1,4,2,11,11,11,34,31,31,1', // not deprived
      'b,1500000,1,1,1,5,1,11,11,11,34,31,31,2', // 5 per sleeping room
      'c,500000,2,1,1,3,1,71,32,11,34,31,31,1', // bottled water with an unimproved other source
      'd,500000,2,1,2,6,1,32,32,31,11,12,12,2', // rural: out of scope
    ];
    writeFileSync(`${dir}/hr.csv`, `${rows.join('\n')}\n`);
    const { code, stdout, stderr } = await runCli(['11.1.1', '--data', `${dir}/hr.csv`, '--preset', 'dhs', '--time-period', '2022', '--quiet']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const share = JSON.parse(stdout).observations[0];
    // Urban persons: 4·1.5 + 5·1.5 + 3·0.5 = 15; slum: b and c = 7.5 + 1.5 = 9 → 60 %.
    expect(share.value).toBeCloseTo(60, 12);
    expect(share.attributes.COMMENT_OBS).toContain('rooms=sleeping-rooms');
    expect(share.attributes.COMMENT_OBS).toContain('not-assessed=tenure');
  });
});
