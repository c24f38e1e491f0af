import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { SDMX_ATTRIBUTES, SDMX_DIMENSIONS } from '../io/writers/sdmx-csv.js';
import { SDG_CODE_LISTS } from '../metadata/code-lists.js';
import { SDG_DSD, SDG_DSD_NAMESPACE, SERIES_ATTRIBUTES } from '../io/writers/sdmx-ml.js';
import { demoArgs, expectOneLineError, runCli } from '../test-support/run-cli.js';
import { buildSdgStructureSchema } from '../test-support/sdmx-ml-schema.js';

const T = 'fixtures/transit';
const P = 'fixtures/public-space';
const S = 'fixtures/survey';
const RUNS: [string, string[]][] = [
  ['11.3.1 with three years', ['11.3.1', ...demoArgs()]],
  ['11.2.1 with a group', ['11.2.1', '--zones', `${T}/zones.geojson`, '--population', `${T}/population.tif`, '--population-group', `SEX=F=${T}/population-female.tif`, '--stops', `${T}/stops.geojson`, '--time-period', '2023']],
  ['11.7.1 with access', ['11.7.1', '--zones', `${P}/city.geojson`, '--open-spaces', `${P}/open-spaces.geojson`, '--street-areas', `${P}/street-areas.geojson`, '--population', `${P}/population.tif`, '--time-period', '2023']],
  ['11.1.1 by head sex and region', ['11.1.1', '--data', `${S}/households.csv`, '--config', `${S}/households-config.json`, '--by', 'region', '--time-period', '2022']],
  ['1.4.2 with SP_LGL_LNDSTR', ['1.4.2', '--data', `${S}/people.csv`, '--config', `${S}/people-config.json`, '--lndstr-rule', 'doc-and-sec', '--time-period', '2021']],
];

/** Writes text to a temporary file and validates it. */
async function validate(text: string) {
  const file = `${mkdtempSync('/tmp/usdg-validate-')}/data.csv`;
  writeFileSync(file, text);
  return runCli(['validate', file]);
}

describe('the writers\' SDMX structure is the DSD\'s (src/metadata/sdg-code-lists.json, from the SDG DSD 1.14)', () => {
  it('has the dimensions and attributes in DSD order, and the DSD\'s series-level attributes', () => {
    expect([...SDMX_DIMENSIONS]).toEqual(SDG_CODE_LISTS.dimensions);
    expect([...SDMX_ATTRIBUTES]).toEqual(SDG_CODE_LISTS.attributes);
    expect([...SERIES_ATTRIBUTES].sort()).toEqual([...SDG_CODE_LISTS.seriesAttributes].sort());
    expect(`${SDG_DSD.agency}:${SDG_DSD.id}(${SDG_DSD.version})`).toBe(`${SDG_CODE_LISTS.dsd.agency}:${SDG_CODE_LISTS.dsd.id}(${SDG_CODE_LISTS.dsd.version})`);
  });
});

describe('urban-sdg validate (SDMX-CSV against the SDG DSD 1.14 code lists)', () => {
  it.each(RUNS)('%s: the SDMX-CSV urban-sdg writes is valid', async (_name, args) => {
    const { stdout } = await runCli([...args, '--format', 'sdmx-csv', '--ref-area', '404', '--quiet']);
    const result = await validate(stdout);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/valid SDMX-CSV for the SDG DSD 1\.14/);
  });

  it('says that EN_ACS_URB_OPENSP is not in the DSD\'s series list, as a warning', async () => {
    const { stdout } = await runCli([...RUNS[2][1], '--format', 'sdmx-csv', '--ref-area', '404', '--quiet']);
    expect((await validate(stdout)).stdout).toMatch(/column SERIES: warning: EN_ACS_URB_OPENSP is not in IAEG-SDGs:CL_SERIES\(1\.14\)/);
  });

  it('finds planted errors, one line each with row and column, and exits 2', async () => {
    const { stdout } = await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--format', 'sdmx-csv', '--ref-area', '404', '--quiet']);
    const [header, first, second] = stdout.trimEnd().split('\n');
    const columns = header.split(',');
    const set = (line: string, column: string, value: string) => {
      // The fields before COMMENT_OBS hold no commas.
      const cells = line.split(',');
      cells[columns.indexOf(column)] = value;
      return cells.join(',');
    };
    const planted = [header, set(first, 'SEX', 'X'), set(second, 'OBS_VALUE', 'abc'), set(second, 'SEX', 'X'), set(set(first, 'REF_AREA', 'KEN'), 'UNIT_MEASURE', ''), second].join('\n');
    const result = await validate(`${planted}\n`);
    expectOneLineError({ ...result, stdout: '' }, /urban-sdg validate: \d+ problems in 1 of 1 file /);
    expect(result.stdout).toMatch(/row 2, column SEX: expected a code of IAEG-SDGs:CL_SEX\(1\.1\), found "X"/);
    expect(result.stdout).toMatch(/row 3, column OBS_VALUE: expected a number, found "abc"/);
    expect(result.stdout).toMatch(/row 5, column REF_AREA: expected a code of IAEG-SDGs:CL_AREA\(1\.14\), found "KEN"/);
    expect(result.stdout).toMatch(/row 5, column UNIT_MEASURE: a mandatory attribute, found an empty value/);
    expect(result.stdout).toMatch(/row 6, column TIME_PERIOD: the same series key and period as row 3/);
  });

  it('refuses a --ref-area that is not an M49 area before computing', async () => {
    expectOneLineError(await runCli(['11.3.1', ...demoArgs(), '--ref-area', 'KEN']), /--ref-area: expected an M49 area code of the SDG code list \(e\.g\. 404 for Kenya, 1 for World\), found "KEN"/);
  });

  it('keeps one period per zone and end year in SDMX (--sdmx-period full | consecutive), all of them in JSON', async () => {
    const rows = async (extra: string[]) => (await runCli(['11.3.1', ...demoArgs(), '--format', 'sdmx-csv', '--ref-area', '404', '--quiet', ...extra])).stdout.trimEnd().split('\n').slice(1);
    const detail = (line: string) => /,(\d{4}-\d{4}),/.exec(line)?.[1];
    expect((await rows([])).map(detail)).toEqual(['2000-2020', '2000-2010', '2000-2020', '2000-2010']);
    expect((await rows(['--sdmx-period', 'consecutive'])).map(detail)).toEqual(['2000-2010', '2010-2020', '2000-2010', '2010-2020']);
    expect(JSON.parse((await runCli(['11.3.1', ...demoArgs(), '--quiet'])).stdout).observations).toHaveLength(6);
  });

  it('codes zones as CUST_BREAKDOWN C01, C02 with the zone id as its label', async () => {
    const [header, ...lines] = (await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--format', 'sdmx-csv', '--ref-area', '404', '--quiet'])).stdout.trimEnd().split('\n');
    const columns = header.split(',');
    const codes = lines.map((line) => line.split(',')[columns.indexOf('CUST_BREAKDOWN')]);
    expect(codes).toEqual(['C01', 'C02']);
    expect(lines.map((line) => line.split(',').at(-2))).toEqual(['city', 'town']);
  });
});

describe('SDMX-ML 2.1 structure-specific output (--format sdmx-ml)', () => {
  const schemas = resolve('fixtures/sdmx/sdmx-ml-2.1/schemas');
  const xmllint = spawnSync('xmllint', ['--version']).status === 0;
  const skip = !xmllint ? 'xmllint not installed (apt-get install libxml2-utils)' : !existsSync(`${schemas}/SDMXMessage.xsd`) ? 'the SDMX-ML 2.1 schemas are missing from fixtures/sdmx' : '';
  if (skip) console.info(`SDMX-ML schema tests skipped: ${skip}`);

  it.skipIf(skip !== '').each(RUNS)('%s: valid against the official SDMX-ML 2.1 schemas and the DSD 1.14 structure', async (_name, args) => {
    const dir = mkdtempSync('/tmp/usdg-sdmx-ml-');
    writeFileSync(`${dir}/sdg.xsd`, buildSdgStructureSchema(SDG_DSD_NAMESPACE, schemas));
    const { stdout } = await runCli([...args, '--format', 'sdmx-ml', '--ref-area', '404', '--quiet']);
    writeFileSync(`${dir}/data.xml`, stdout);
    const lint = spawnSync('xmllint', ['--noout', '--schema', `${dir}/sdg.xsd`, `${dir}/data.xml`], { encoding: 'utf8' });
    expect(lint.stderr.trim().split('\n').pop()).toBe(`${dir}/data.xml validates`);
  });

  it.skipIf(skip !== '')('the schema harness accepts the SDMX Converter\'s own message (fixtures/sdmx/sdg-build), so it is not stricter than SDMX tools', () => {
    const dir = mkdtempSync('/tmp/usdg-sdmx-ml-');
    writeFileSync(`${dir}/sdg.xsd`, buildSdgStructureSchema('urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=IAEG-SDGs:SDG(1.8):ObsLevelDim:TIME_PERIOD', schemas));
    const lint = spawnSync('xmllint', ['--noout', '--schema', `${dir}/sdg.xsd`, resolve('fixtures/sdmx/sdg-build/sdmx_structure-specific_1-1-1--structure-specific.xml')], { encoding: 'utf8' });
    expect(lint.stderr.trim().split('\n').pop()).toMatch(/structure-specific\.xml validates$/);
  });

  it.skipIf(skip !== '')('a message with a value that is not a number, or without a dimension, fails the schemas', async () => {
    const dir = mkdtempSync('/tmp/usdg-sdmx-ml-');
    writeFileSync(`${dir}/sdg.xsd`, buildSdgStructureSchema(SDG_DSD_NAMESPACE, schemas));
    const { stdout } = await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--format', 'sdmx-ml', '--ref-area', '404', '--quiet']);
    for (const broken of [stdout.replace(/OBS_VALUE="[^"]*"/, 'OBS_VALUE="abc"'), stdout.replace(' SEX="_T"', '')]) {
      writeFileSync(`${dir}/bad.xml`, broken);
      expect(spawnSync('xmllint', ['--noout', '--schema', `${dir}/sdg.xsd`, `${dir}/bad.xml`]).status).not.toBe(0);
    }
  });

  it.each(RUNS)('%s: the same keys and values as the SDMX-CSV', async (_name, args) => {
    const csv = (await runCli([...args, '--format', 'sdmx-csv', '--ref-area', '404', '--quiet'])).stdout.trimEnd().split('\n');
    const xml = (await runCli([...args, '--format', 'sdmx-ml', '--ref-area', '404', '--quiet'])).stdout;
    const columns = parse(csv.join('\n'), { columns: true }) as Record<string, string>[];
    const fromCsv = columns.map((r) => `${SDMX_DIMENSIONS.map((d) => r[d]).join('.')}|${r.TIME_PERIOD}|${r.OBS_VALUE}`).sort();
    const fromXml: string[] = [];
    for (const series of xml.matchAll(/<Series ([^>]*)>([\s\S]*?)<\/Series>/g)) {
      const attributes = Object.fromEntries([...series[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      for (const obs of series[2].matchAll(/<Obs ([^/]*)\/>/g)) {
        const o = Object.fromEntries([...obs[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
        fromXml.push(`${SDMX_DIMENSIONS.map((d) => attributes[d]).join('.')}|${o.TIME_PERIOD}|${o.OBS_VALUE ?? ''}`);
      }
    }
    expect(fromXml.sort()).toEqual(fromCsv);
  });
});

describe('urban-sdg validate (SDMX-ML and open-sdg CSV)', () => {
  it.each(RUNS)('%s: the SDMX-ML and open-sdg CSV urban-sdg writes are valid', async (_name, args) => {
    for (const [format, kind] of [['sdmx-ml', 'SDMX-ML'], ['open-sdg', 'open-sdg CSV']]) {
      const { stdout } = await runCli([...args, '--format', format, '--ref-area', '404', '--quiet']);
      const result = await validate(stdout);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(new RegExp(`valid ${kind} for the SDG DSD 1\\.14`));
    }
  });

  const reference = resolve('fixtures/sdmx/sdg-build');
  it('accepts the SDMX Converter\'s message and sdg-build\'s open-sdg examples (fixtures/sdmx/sdg-build)', async () => {
    const files = ['sdmx_structure-specific_1-1-1--structure-specific.xml', 'csv_indicator_1-1-1.csv', 'csv-with-geocodes_indicator_1-1-1.csv'];
    const result = await runCli(['validate', ...files.map((f) => `${reference}/${f}`)]);
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').map((line) => line.replace(/^.*: valid /, ''))).toEqual([
      'SDMX-ML for the SDG DSD 1.14 (6 observations)', 'open-sdg CSV for the SDG DSD 1.14 (6 observations)', 'open-sdg CSV for the SDG DSD 1.14 (18 observations)',
    ]);
  });

  it('finds planted errors in SDMX-ML, with the line and attribute', async () => {
    const { stdout } = await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--format', 'sdmx-ml', '--ref-area', '404', '--quiet']);
    const planted = stdout.replace(' SEX="_T"', ' SEX="X"').replace(/ OBS_STATUS="A"/, ' OBS_STATUS="A" COLOUR="red"');
    const result = await validate(planted);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/line \d+, attribute COLOUR: not a dimension or attribute of the SDG DSD \(on Obs\)/);
    const sex = await validate(stdout.replace(' SEX="_T"', ' SEX="X"'));
    expect(sex.stdout).toMatch(/line 15, attribute SEX: expected a code of IAEG-SDGs:CL_SEX\(1\.1\), found "X"/);
    const broken = await validate(stdout.replace('</Series>', '</Serie>'));
    expect(broken.stdout).toMatch(/line \d+, element: not well-formed XML/);
    expectOneLineError({ ...broken, stdout: '' }, /urban-sdg validate: 1 problem in 1 of 1 file /);
  });

  it('expands no entities: a billion-laughs DTD is one problem, not a gigabyte', async () => {
    const lol = ['<!ENTITY a "lol">', ...Array.from({ length: 8 }, (_, k) => `<!ENTITY ${String.fromCharCode(98 + k)} "${`&${String.fromCharCode(97 + k)};`.repeat(10)}">`)].join('');
    const result = await validate(`<?xml version="1.0"?>\n<!DOCTYPE m [${lol}]>\n<m><Series SERIES="&i;"/></m>\n`);
    expect(result.stdout).toMatch(/line 3, element: not well-formed XML: .*undefined entity/);
    expect(result.code).toBe(2);
  });

  it('finds planted errors in open-sdg CSV, by sdg-build\'s check_csv rules', async () => {
    const planted = ['Year,Series,Units,City,Value', '2020,EN_LND_CNSPOP,Ratio,city,0.5', '2020,EN_LND_CNSPOP,Ratio,city,0.7', '2010,EN_LND_CNSPOP,Ratio,town ,abc', ',,,,', '2020,XX_NOT_A_SERIES,Ratio,,1'].join('\n');
    const result = await validate(`${planted}\n`);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/row 3, column Value: the same year and disaggregation as row 2/);
    expect(result.stdout).toMatch(/row 4, column City: leading or trailing spaces in "town "/);
    expect(result.stdout).toMatch(/row 4, column Value: expected a number \(open-sdg draws numbers only\), found "abc"/);
    expect(result.stdout).toMatch(/row 5, column \*: an empty row/);
    expect(result.stdout).toMatch(/row 6, column Series: warning: "XX_NOT_A_SERIES" is not in IAEG-SDGs:CL_SERIES\(1\.14\)/);
    expect((await validate('Series,Year,Value\nEN_LND_SLUM,2020,1\n')).stdout).toMatch(/row 1, column Series: expected the first column to be Year/);
    const hostile = await validate('Year,City\u001b[2J,Value\n2020,x\u001b]0;owned\u0007 ,1\n');
    expect(hostile.stdout).toMatch(/column City\\x1b\[2J: leading or trailing spaces/);
    expect(hostile.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});

describe('open-sdg CSV (--format open-sdg)', () => {
  it('gives back the values of the JSON output, one period per zone and end year', async () => {
    const json = JSON.parse((await runCli(['11.3.1', ...demoArgs(), '--quiet'])).stdout) as { observations: { zone: string; timePeriod: string; value: number }[] };
    const rows = parse((await runCli(['11.3.1', ...demoArgs(), '--format', 'open-sdg', '--quiet'])).stdout, { columns: true }) as Record<string, string>[];
    const full = json.observations.filter((o) => o.timePeriod.startsWith('2000-'));
    expect(rows.map((r) => [r.City, r.Year, Number(r.Value)])).toEqual(full.map((o) => [o.zone, o.timePeriod.slice(5), o.value]));
  });

  it('has headline rows where a column is the same throughout (one city; Urban in 11.1.1)', async () => {
    const space = (await runCli([...RUNS[2][1], '--format', 'open-sdg', '--quiet'])).stdout.split('\n');
    expect(space[0]).toBe('Year,Series,Units,Value');
    const slums = parse((await runCli([...RUNS[3][1], '--format', 'open-sdg', '--quiet'])).stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(slums[0])).toEqual(['Year', 'Series', 'Units', 'Sex of household head', 'region', 'Value']);
    expect(slums.filter((r) => r['Sex of household head'] === '' && r.region === '').map((r) => r.Series)).toEqual(['EN_LND_SLUM', 'EN_LND_SLUMN']);
  });

  it('writes DIR/indicator_11-3-1.csv and its nulls list when -o is a folder; GeoCode from --geocode-field', async () => {
    const dir = mkdtempSync('/tmp/usdg-open-sdg-');
    const result = await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--format', 'open-sdg', '--geocode-field', 'name', '-o', dir]);
    expect(result.code).toBe(0);
    expect(readFileSync(`${dir}/indicator_11-3-1.csv`, 'utf8').split('\n').slice(0, 2)).toEqual(['Year,Series,Units,City,GeoCode,Value', expect.stringMatching(/^2020,EN_LND_CNSPOP,Ratio,city,Demo City,[0-9.]+$/)]);
    expect(JSON.parse(readFileSync(`${dir}/indicator_11-3-1.nulls.json`, 'utf8'))).toEqual([]);
    expectOneLineError(await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--format', 'open-sdg', '--geocode-field', 'code']),
      /zones\.geojson feature 0 \(zone "city"\): no code in field "code" \(--geocode-field; found nothing; fields: "id", "name"\)/);
  });

  it('puts no nulls list beside /dev/stdout', async () => {
    const before = readdirSync('/dev').filter((name) => name.includes('nulls'));
    const result = await runCli(['11.3.1', ...demoArgs([2000, 2020]), '--format', 'open-sdg', '-o', '/dev/null']);
    expect(result.code).toBe(0);
    expect(readdirSync('/dev').filter((name) => name.includes('nulls'))).toEqual(before);
  });

  it('leaves out observations without a value, says so on stderr and lists them beside the CSV', async () => {
    const dir = mkdtempSync('/tmp/usdg-open-sdg-');
    writeFileSync(`${dir}/population.csv`, 'zone,year,population\ncity,2000,1000\ncity,2020,1000\ntown,2000,500\ntown,2020,800\n');
    const args = ['11.3.1', ...demoArgs([2000, 2020]).filter((a, k, all) => a !== '--population' && all[k - 1] !== '--population'), '--population-table', `${dir}/population.csv`, '--format', 'open-sdg'];
    const result = await runCli([...args, '-o', `${dir}/lcr.csv`]);
    expect(result.stderr).toMatch(/warning open-sdg: 1 observation without a value left out \(first: city EN_LND_CNSPOP 2000-2020: zero-population-growth\); listed in .*lcr\.nulls\.json/);
    expect(readFileSync(`${dir}/lcr.csv`, 'utf8').split('\n')[0]).toBe('Year,Series,Units,City,Value'); // the city keeps its column
    expect(JSON.parse(readFileSync(`${dir}/lcr.nulls.json`, 'utf8'))).toEqual([expect.objectContaining({ zone: 'city', timePeriod: '2000-2020', flags: ['zero-population-growth'] })]);
  });
});

describe('SDMX-ML read by an independent SDMX library (R rsdmx, fixtures/sdmx/read_with_rsdmx.R)', () => {
  type Row = { key: string; period: string; value: string; detail: string; label: string };
  /** The SDMX-CSV's observations in the shape the R script prints. */
  const sorted = (rows: Row[]) => rows.sort((a, b) => (a.key === b.key ? a.period.localeCompare(b.period) : a.key < b.key ? -1 : 1));
  const fromCsv = (csv: string): Row[] => sorted((parse(csv, { columns: true }) as Record<string, string>[])
    .map((r) => ({ key: SDMX_DIMENSIONS.map((d) => r[d]).join('.'), period: r.TIME_PERIOD, value: r.OBS_VALUE, detail: r.TIME_DETAIL, label: r.CUST_BREAKDOWN_LB })));
  const rsdmx = spawnSync('Rscript', ['-e', 'library(rsdmx); library(jsonlite)'], { encoding: 'utf8' }).status === 0;
  if (!rsdmx) console.info('rsdmx tests skipped: Rscript with rsdmx and jsonlite not installed (apt-get install r-cran-rsdmx r-cran-jsonlite)');

  it('11.3.1: the keys, periods, values and labels rsdmx read from the message (committed) are those of the SDMX-CSV', async () => {
    const expected = sorted(JSON.parse(readFileSync('fixtures/sdmx/rsdmx-11-3-1.json', 'utf8')) as Row[]);
    expect(fromCsv((await runCli(['11.3.1', ...demoArgs(), '--format', 'sdmx-csv', '--ref-area', '404', '--quiet'])).stdout)).toEqual(expected);
  });

  it.skipIf(!rsdmx).each(RUNS)('%s: rsdmx reads the SDMX-ML now written with the keys and values of the SDMX-CSV', async (_name, args) => {
    const file = `${mkdtempSync('/tmp/usdg-rsdmx-')}/data.xml`;
    writeFileSync(file, (await runCli([...args, '--format', 'sdmx-ml', '--ref-area', '404', '--quiet'])).stdout);
    const read = spawnSync('Rscript', ['fixtures/sdmx/read_with_rsdmx.R', file], { encoding: 'utf8' });
    const rows = sorted((JSON.parse(read.stdout) as Row[]).map((r) => ({ ...r, label: r.label ?? '' })));
    const csv = fromCsv((await runCli([...args, '--format', 'sdmx-csv', '--ref-area', '404', '--quiet'])).stdout);
    expect(rows).toEqual(csv);
  });
});

describe('the user\'s own SDMX codes for zones and subgroups', () => {
  const sdmx = async (args: string[]) => {
    const result = await runCli([...args, '--format', 'sdmx-csv', '--quiet']);
    return { ...result, rows: result.code === 0 ? (parse(result.stdout, { columns: true }) as Record<string, string>[]) : [] };
  };
  const map = (text: string) => {
    const file = `${mkdtempSync('/tmp/usdg-codes-')}/map.csv`;
    writeFileSync(file, text);
    return file;
  };

  it('--cust-breakdown-map: zones take the user\'s codes, COMMENT_OBS says so, and the file validates', async () => {
    const { rows, stdout } = await sdmx(['11.3.1', ...demoArgs([2000, 2020]), '--ref-area', '404', '--cust-breakdown-map', map('label,code\ncity,C17\ntown,C18\n')]);
    expect(rows.map((r) => [r.CUST_BREAKDOWN, r.CUST_BREAKDOWN_LB])).toEqual([['C17', 'city'], ['C18', 'town']]);
    expect(rows[0].COMMENT_OBS).toMatch(/; cust-breakdown=user-map$/);
    expect((await validate(stdout)).code).toBe(0);
    expect((await sdmx(['11.3.1', ...demoArgs([2000, 2020]), '--ref-area', '404'])).rows[0].COMMENT_OBS).toMatch(/; cust-breakdown=generated$/);
  });

  it('--composite-breakdown-map: survey subgroups in COMPOSITE_BREAKDOWN, CUST_BREAKDOWN _T', async () => {
    const args = ['11.1.1', '--data', `${S}/households.csv`, '--config', `${S}/households-config.json`, '--time-period', '2022', '--ref-area', '404'];
    const { rows, stdout } = await sdmx([...args, '--composite-breakdown-map', map('label,code\nheadSex=F,RO_TENTH\n'), '--cust-breakdown-map', map('label,code\nheadSex=M,C07\n')]);
    const bySubgroup = Object.fromEntries(rows.filter((r) => r.SERIES === 'EN_LND_SLUM').map((r) => [r.CUST_BREAKDOWN_LB, [r.CUST_BREAKDOWN, r.COMPOSITE_BREAKDOWN]]));
    expect(bySubgroup).toEqual({ '': ['_T', '_T'], 'headSex=F': ['_T', 'RO_TENTH'], 'headSex=M': ['C07', '_T'] });
    expect((await validate(stdout)).code).toBe(0);
  });

  it('refuses a code outside its list, a label twice, and a zone without a code', async () => {
    const args = ['11.3.1', ...demoArgs([2000, 2020])];
    expectOneLineError(await sdmx([...args, '--cust-breakdown-map', map('label,code\ncity,KEN\n')]), /map\.csv row 2, column code: expected a code of IAEG-SDGs:CL_CUST_BREAKDOWN\(1\.14\), found "KEN"/);
    expectOneLineError(await sdmx([...args, '--cust-breakdown-map', map('label,code\ncity,C01\ncity,C02\n')]), /map\.csv row 3, column label: "city" twice/);
    expectOneLineError(await sdmx([...args, '--cust-breakdown-map', map('label,code\ncity,C01\n')]), /no code for "town" \(EN_LND_CNSPOP\)/);
    expectOneLineError(await sdmx([...args, '--cust-breakdown-map', map('zone;code\ncity;C01\n')]), /map\.csv row 1: expected the columns label,code, found "zone;code"/);
  });

  it('--ref-area-field: REF_AREA zone by zone from a zone attribute, checked against CL_AREA', async () => {
    const dir = mkdtempSync('/tmp/usdg-codes-');
    const zones = JSON.parse(readFileSync('fixtures/demo-city/zones.geojson', 'utf8')) as { features: { properties: Record<string, unknown> }[] };
    zones.features.forEach((f, k) => { f.properties.m49 = ['404', 834][k]; });
    writeFileSync(`${dir}/zones.geojson`, JSON.stringify(zones));
    const args = demoArgs([2000, 2020]).map((a) => (a.endsWith('zones.geojson') ? `${dir}/zones.geojson` : a));
    const { rows, stdout } = await sdmx(['11.3.1', ...args, '--ref-area-field', 'm49']);
    expect(rows.map((r) => r.REF_AREA)).toEqual(['404', '834']);
    expect((await validate(stdout)).code).toBe(0);
    zones.features[1].properties.m49 = 'TZA';
    writeFileSync(`${dir}/zones.geojson`, JSON.stringify(zones));
    expectOneLineError(await sdmx(['11.3.1', ...args, '--ref-area-field', 'm49']), /--ref-area-field m49: zone "town" has "TZA", expected an M49 area code of IAEG-SDGs:CL_AREA\(1\.14\)/);
  });
});
