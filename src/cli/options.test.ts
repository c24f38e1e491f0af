import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INDICATORS } from '../indicators/registry.js';
import { FLAG_PATTERN, listDeclaredFlags, listSourceFiles } from '../test-support/declared.js';
import { expectOneLineError, runCli } from '../test-support/run-cli.js';

// Inputs that do not exist: a run that opened anything would fail on them instead of on the mistake.
const NO = 'no/such';
const BUILT = ['--built', `2000=${NO}/b0.tif`, '--built', `2020=${NO}/b1.tif`];
const POP = ['--population', `2000=${NO}/p0.tif`, '--population', `2020=${NO}/p1.tif`];
const ZONES = ['--zones', `${NO}/zones.geojson`];
const TRANSIT = [...ZONES, '--population', `${NO}/pop.tif`, '--stops', `${NO}/stops.geojson`, '--time-period', '2023'];
const SPACE = [...ZONES, '--open-spaces', `${NO}/spaces.geojson`, '--street-areas', `${NO}/streets.geojson`, '--time-period', '2023'];
const SURVEY = ['--data', `${NO}/hh.csv`, '--config', `${NO}/config.json`, '--time-period', '2022'];

const MISTAKES: [string, string[], RegExp][] = [
  ['11.3.1 with one year', ['11.3.1', '--built', `2000=${NO}/b.tif`, '--population', `2000=${NO}/p.tif`, ...ZONES], /--built: expected at least two years/],
  ['11.3.1 years that do not pair', ['11.3.1', ...BUILT, '--population', `2000=${NO}/p0.tif`, '--population', `2010=${NO}/p1.tif`, ...ZONES], /--population: years must pair/],
  ['11.3.1 zones and zones-from', ['11.3.1', ...BUILT, ...POP, ...ZONES, '--zones-from', 'degurba'], /--zones-from: give either --zones or --zones-from/],
  ['11.3.1 no zones', ['11.3.1', ...BUILT, ...POP], /--zones: expected a city/],
  ['11.3.1 rasters and a table', ['11.3.1', ...BUILT, ...POP, ...ZONES, '--population-table', `${NO}/t.csv`], /--population-table: give population either/],
  ['11.3.1 a zone attribute without --zones', ['11.3.1', ...BUILT, ...POP, '--zones-from', 'degurba', '--ref-area-field', 'm49'], /--ref-area-field: reads an attribute of the --zones polygons, and no --zones is given/],
  ['11.3.1 degurba zones from shares', ['11.3.1', ...BUILT, ...POP, '--zones-from', 'degurba', '--built-unit', 'share'], /--zones-from: degurba needs built-up in m²/],
  ['11.3.1 a year given twice', ['11.3.1', '--built', `2000=${NO}/a.tif`, '--built', `2000=${NO}/b.tif`, ...POP, ...ZONES], /--built: year 2000 given twice/],
  ['11.3.1 a negative small-growth rate', ['11.3.1', ...BUILT, ...POP, ...ZONES, '--small-growth', '-1'], /--small-growth: expected a number ≥ 0, found "-1"/],
  ['11.3.1 --max-cells beyond 2^31', ['11.3.1', ...BUILT, ...POP, ...ZONES, '--max-cells', '1e10'], /--max-cells: expected a whole number ≥ 1 and ≤ 2147483647/],
  ['11.2.1 without --time-period', ['11.2.1', ...ZONES, '--population', `${NO}/pop.tif`, '--stops', `${NO}/stops.geojson`], /--time-period: expected the reference year/],
  ['11.2.1 a malformed --time-period', ['11.2.1', ...TRANSIT, '--time-period', '23'], /--time-period: expected a year \(2023\) or a period/],
  ['11.2.1 an impossible service date', ['11.2.1', ...TRANSIT, '--service-date', '2023-13-01'], /--service-date: expected YYYY-MM-DD, found "2023-13-01"/],
  ['11.2.1 a service window ending before it starts', ['11.2.1', ...TRANSIT, '--service-date', '2023-03-01', '--service-window', '20:00-06:00'], /--service-window: the end must come after the start/],
  ['11.2.1 network distance without streets', ['11.2.1', ...TRANSIT, '--distance', 'network'], /--distance: network needs --streets/],
  ['11.2.1 a negative walking distance', ['11.2.1', ...TRANSIT, '--low-capacity-m', '-500'], /--low-capacity-m: expected a number > 0, found "-500"/],
  ['11.2.1 no stops', ['11.2.1', ...ZONES, '--population', `${NO}/pop.tif`, '--time-period', '2023'], /--gtfs: expected stops/],
  ['11.2.1 no population', ['11.2.1', ...ZONES, '--stops', `${NO}/s.geojson`, '--time-period', '2023'], /--population: expected population/],
  ['11.7.1 sample as CSV', ['11.7.1', 'sample', ...ZONES, '--format', 'csv'], /--format: 11\.7\.1 sample writes its circles as GeoJSON/],
  ['11.7.1 no streets of any kind', ['11.7.1', ...ZONES, '--open-spaces', `${NO}/s.geojson`, '--time-period', '2023'], /--streets: expected streets/],
  ['11.7.1 street lines without a width', ['11.7.1', ...ZONES, '--open-spaces', `${NO}/s.geojson`, '--streets', `${NO}/l.geojson`, '--time-period', '2023'], /--street-width-m: --streets are lines/],
  ['11.7.1 service areas without population', ['11.7.1', ...SPACE, '--service-areas', `${NO}/sa.geojson`], /--service-areas: needs --population/],
  ['11.7.1 a zero entry spacing', ['11.7.1', ...SPACE, '--entry-spacing-m', '0'], /--entry-spacing-m: expected a number > 0, found "0"/],
  ['11.1.1 neither config nor preset', ['11.1.1', '--data', `${NO}/hh.csv`, '--time-period', '2022'], /--config: expected the column and code mapping/],
  ['11.1.1 no data', ['11.1.1', '--preset', 'dhs', '--time-period', '2022'], /--data: expected survey or census microdata/],
  ['11.1.1 a zero persons-per-room maximum', ['11.1.1', ...SURVEY, '--persons-per-room-max', '0'], /--persons-per-room-max: expected a number > 0/],
  ['1.4.2 an unknown LNDSTR rule', ['1.4.2', ...SURVEY, '--lndstr-rule', 'mean'], /--lndstr-rule: expected one of doc-and-sec, doc-or-sec, found "mean"/],
  ['1.4.2 without --time-period', ['1.4.2', '--data', `${NO}/p.csv`, '--config', `${NO}/c.json`], /--time-period: expected the reference year of the survey/],
  ['degurba cluster density above centre density', ['degurba', '--population', `${NO}/p.tif`, '--cluster-density', '2000'], /--cluster-density: 2000 must not exceed --centre-density \(1500\)/],
  ['degurba urban extent without built-up', ['degurba', '--method', 'urban-extent', '--population', `${NO}/p.tif`], /--built: --method urban-extent expects a built-up raster/],
  ['degurba a built-up threshold above 1', ['degurba', '--population', `${NO}/p.tif`, '--built-threshold', '1.5'], /--built-threshold: expected a number > 0 and ≤ 1, found "1\.5"/],
];

describe('options are resolved before any file is opened', () => {
  it.each(MISTAKES)('%s: exit 2 naming the option, not the missing input', async (_name, args, pattern) => {
    const result = await runCli(args);
    expectOneLineError(result, pattern);
    expect(result.stderr).not.toMatch(/not found|no\/such/);
  });
});

describe('hints name flags that exist', () => {
  it('every --flag written in src/ (messages, help, comments) is an option of some subcommand', () => {
    const declared = listDeclaredFlags();
    const unknown: string[] = [];
    // The benchmark has flags of its own (npm run bench -- --size …); `[--top]` is a decrement.
    for (const file of listSourceFiles('src').filter((f) => !f.startsWith('src/bench/'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(FLAG_PATTERN)) {
        if (!declared.has(match[0])) unknown.push(`${file}: ${match[0]}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('every layer read with a CRS of its own has a --<layer>-crs option', () => {
    const layers = INDICATORS.flatMap((d) => Object.values(d.options).filter((s) => s.kind === 'crs').map((s) => s.layer));
    expect(new Set(layers)).toEqual(new Set(['zones', 'raster', 'stops', 'streets', 'population', 'open-spaces', 'street-areas', 'street-samples', 'walk-network', 'units']));
  });
});
