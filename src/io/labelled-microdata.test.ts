/**
 * Survey microdata as DHS and MICS distribute it: a synthetic DHS household recode with the standard
 * hv variables and value labels, written by R haven (Stata 117 and 118, SPSS .sav plain and
 * bytecode-compressed, the CSV) and by pandas (Stata 119): fixtures/survey/labelled/. The estimates
 * must be identical from every file; value labels may stand for codes in the config.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CodedColumn } from '../core/microdata.js';
import { matchCodes } from '../indicators/survey-common.js';
import { expectOneLineError, runCli } from '../test-support/run-cli.js';

const DIR = 'fixtures/survey/labelled';

async function estimates(data: string, extra: string[] = []) {
  const { code, stdout, stderr } = await runCli(['11.1.1', '--data', data, '--preset', 'dhs', '--time-period', '2022', ...extra, '--quiet']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return (JSON.parse(stdout).observations as { series: string; value: number; standardError: number; components: Record<string, unknown>; dimensions: Record<string, string> }[])
    .map((o) => [o.series, o.dimensions, o.value, o.standardError, o.components]);
}

function writeConfig(config: unknown): string {
  const path = `${mkdtempSync('/tmp/usdg-labels-')}/config.json`;
  writeFileSync(path, JSON.stringify(config));
  return path;
}

describe('Stata and SPSS microdata (DHS household recode)', () => {
  it('gives the CSV\'s estimates from Stata 117, 118, 119 and SPSS .sav (plain and compressed) with --preset dhs', async () => {
    const csv = await estimates(`${DIR}/dhs-hr.csv`);
    for (const file of ['dhs-hr-117.dta', 'dhs-hr-118.dta', 'dhs-hr-119.dta', 'dhs-hr.sav', 'dhs-hr-compressed.sav']) {
      expect(await estimates(`${DIR}/${file}`), file).toEqual(csv);
    }
  });

  it('accepts value labels in place of codes in the config, with the same result', async () => {
    const byLabel = writeConfig({ codes: { improvedWater: ['piped into dwelling', 'piped to yard/plot', 'piped to neighbor', 'public tap/standpipe', 'tube well or borehole', 'protected well', 'protected spring', 'rainwater', 'bottled water'], female: ['female'], male: ['male'], urban: ['urban'] } });
    for (const file of ['dhs-hr-118.dta', 'dhs-hr.sav']) {
      expect(await estimates(`${DIR}/${file}`, ['--config', byLabel]), file).toEqual(await estimates(`${DIR}/${file}`));
    }
  });

  it('refuses a label the column does not have, naming file, column and the text', async () => {
    const typo = writeConfig({ codes: { improvedWater: [11, 'protected wel'] } });
    for (const file of ['dhs-hr-118.dta', 'dhs-hr.sav']) {
      expectOneLineError(await runCli(['11.1.1', '--data', `${DIR}/${file}`, '--preset', 'dhs', '--config', typo, '--time-period', '2022']),
        new RegExp(`${file.replace('.', '\\.')}: column "hv201": the config's "protected wel" is neither a value nor a value label of the column \\(labels: "piped into dwelling"`));
    }
  });

  it('refuses a label that is also another code\'s value, and a label of several values', () => {
    const column: CodedColumn = { kind: 'code', name: 'q1', ids: Int32Array.from([0, 1]), dictionary: ['1', '2'], labels: { file: 'survey.sav', set: 'q1', byValue: new Map([['1', '2'], ['2', 'yes'], ['3', 'yes']]) } };
    expect(() => matchCodes(column, ['2'])).toThrow(/survey\.sav: column "q1": the config's "2" is a value and also the label of 1 \(value labels "q1"\); give the number instead/);
    expect(() => matchCodes(column, ['yes'])).toThrow(/the label "yes" names several values \(2, 3\)/);
    expect(Array.from(matchCodes(column, [2]))).toEqual([0, 1]);
  });

  it.each([
    ['a .zsav (ZLIB)', () => `${DIR}/dhs-hr.zsav`, /dhs-hr\.zsav: a ZLIB-compressed SPSS file \(\.zsav\), which cannot be read here/],
    ['a Stata 12 file (format 115)', () => {
      const path = `${mkdtempSync('/tmp/usdg-dta-')}/old.dta`;
      writeFileSync(path, Buffer.concat([Buffer.from([115, 2, 1, 0]), Buffer.alloc(200)]));
      return path;
    }, /old\.dta: format 115 \(Stata 10–12\); expected a \.dta of format 117, 118 or 119/],
    ['a truncated .dta', () => {
      const path = `${mkdtempSync('/tmp/usdg-dta-')}/cut.dta`;
      writeFileSync(path, readFileSync(`${DIR}/dhs-hr-118.dta`).subarray(0, 60_000));
      return path;
    }, /cut\.dta: its section map points past the end of the file/],
    ['a .dta that stops inside its header', () => {
      const path = `${mkdtempSync('/tmp/usdg-dta-')}/head.dta`;
      writeFileSync(path, readFileSync(`${DIR}/dhs-hr-118.dta`).subarray(0, 40));
      return path;
    }, /head\.dta: (a section ends early or declares an impossible size|not a readable Stata file)/],
    ['a .sav whose dictionary declares a 2 GB record', () => {
      const path = `${mkdtempSync('/tmp/usdg-sav-')}/huge.sav`;
      const bytes = Buffer.from(readFileSync(`${DIR}/dhs-hr.sav`));
      // The first variable record's label length (offset 176 + 4 type + 4 width + 4 has-label): claim a label and 2^31-1 bytes.
      bytes.writeInt32LE(1, 176 + 8);
      bytes.writeInt32LE(0x7fffffff, 176 + 32);
      writeFileSync(path, bytes);
      return path;
    }, /huge\.sav: ends inside a variable label \(a truncated file\)/],
    ['a truncated .sav', () => {
      const path = `${mkdtempSync('/tmp/usdg-sav-')}/cut.sav`;
      writeFileSync(path, readFileSync(`${DIR}/dhs-hr.sav`).subarray(0, 150_000));
      return path;
    }, /cut\.sav: ends (inside case \d+|after \d+ of the 1500 cases its header declares) \(a truncated file\)/],
  ] as [string, () => string, RegExp][])('%s: exit 2, one line', async (_what, file, pattern) => {
    expectOneLineError(await runCli(['11.1.1', '--data', file(), '--preset', 'dhs', '--time-period', '2022']), pattern);
  });
});
