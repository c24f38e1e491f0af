import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { run, indicators, UsageError, type IndicatorOutput } from './index.js';

const DOC = readFileSync('docs/library.md', 'utf8');

describe('the library API (docs/library.md)', () => {
  it('runs the worked example of docs/library.md and prints what the page says (1 / ln 2 by hand)', () => {
    const [, example] = [...DOC.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
    const [printed] = [...DOC.matchAll(/```text\n([\s\S]*?)```/g)].map((m) => m[1]);
    // `node -e` from the package root imports 'urban-sdg' by its own name, as a user's project does.
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', example], { encoding: 'utf8' });
    expect(stdout).toBe(printed);
    expect(printed).toContain((1 / Math.LN2).toFixed(4));
  });

  it('lists every subcommand computed from data, with its option table', () => {
    expect(indicators.map((d) => d.code)).toEqual(['11.1.1', '11.2.1', '11.3.1', '11.7.1', '1.4.2', 'degurba']);
    expect(indicators.find((d) => d.code === '11.3.1')?.options.lcrFormula.defaultValue).toBe('official');
  });

  it('gives the same survey estimates from records in memory as from the CSV file', async () => {
    const records = parse(readFileSync('fixtures/survey/people.csv'), { columns: true }) as Record<string, string>[];
    const common = { config: 'fixtures/survey/people-config.json', timePeriod: '2021' };
    const fromFile = (await run('1.4.2', { ...common, data: 'fixtures/survey/people.csv' })) as IndicatorOutput;
    const fromRecords = (await run('tenure', { ...common, data: records })) as IndicatorOutput;
    expect(fromRecords.observations.map((o) => [o.series, o.dimensions.SEX, o.value, o.standardError])).toEqual(fromFile.observations.map((o) => [o.series, o.dimensions.SEX, o.value, o.standardError]));
    expect(fromRecords.provenance.inputs.find((i) => i.role === 'data')?.path).toBe('(in-memory)');
  });

  it('checks options before reading anything, with the CLI\'s messages', async () => {
    await expect(run('11.3.1', { biult: ['2000=a.tif'] })).rejects.toThrow(/unknown option --biult \(did you mean --built\?\)/);
    await expect(run('11.3.1', { built: ['2000=missing.tif'], lcrFormula: 'linear' })).rejects.toThrow(UsageError);
    await expect(run('11.9.9', {})).rejects.toThrow(/unknown indicator "11\.9\.9"/);
  });
});
