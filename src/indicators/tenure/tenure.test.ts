import { mkdtempSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test-support/run-cli.js';

// The estimates against R survey are golden cases: fixtures/tenure/r-survey.

interface Obs { zone: string; labels?: Record<string, string>; series: string; value: number; standardError: number; dimensions: Record<string, string>; attributes: Record<string, string>; components: Record<string, number> }

function tempDir(): string {
  return mkdtempSync('/tmp/usdg-tenure-');
}

describe('1.4.2 definitions (docs/methods.md §16.5 toy: 10 adults, 2 without land)', () => {
  const CONFIG = { columns: { sex: 'sex', age: 'age', document: 'doc', fear: 'q13', bequeath: 'bequeath' }, codes: { female: ['F'], male: ['M'], legalDocument: ['title'], yes: ['yes'] }, thresholds: { adultAge: 18, fearMin: 5 } };
  const people = (changes: Record<string, Partial<Record<string, string>>> = {}) => {
    const rows: Record<string, Record<string, string>> = {};
    for (const id of ['F1', 'F2', 'F3', 'M1', 'M2', 'M3', 'M4']) rows[id] = { doc: 'title', q13: '1', bequeath: 'yes' };
    rows.F4 = { doc: 'none', q13: '1', bequeath: 'yes' };
    rows.F5 = { doc: '', q13: '', bequeath: '' };
    rows.M5 = { doc: '', q13: '', bequeath: '' };
    for (const [id, change] of Object.entries(changes)) Object.assign(rows[id], change);
    return ['id,sex,age,doc,q13,bequeath', ...Object.entries(rows).map(([id, r]) => `${id},${id[0]},40,${r.doc},${r.q13},${r.bequeath}`)].join('\n');
  };
  async function shares(csv: string, extra: string[] = []): Promise<Record<string, number>> {
    const dir = tempDir();
    writeFileSync(`${dir}/p.csv`, csv);
    writeFileSync(`${dir}/c.json`, JSON.stringify(CONFIG));
    const { stdout, code } = await runCli(['tenure', '--data', `${dir}/p.csv`, '--config', `${dir}/c.json`, '--time-period', '2020', '--quiet', ...extra]);
    expect(code).toBe(0);
    return Object.fromEntries(JSON.parse(stdout).observations.map((o: Obs) => [`${o.series}:${o.dimensions.SEX}`, o.value]));
  }

  it('part A 70 % (F 60, M 80), part B 80 % (F 80, M 80): adults without land stay in the denominator', async () => {
    const s = await shares(people());
    expect(s['SP_LGL_LNDDOC:_T']).toBeCloseTo(70, 12);
    expect(s['SP_LGL_LNDDOC:F']).toBeCloseTo(60, 12);
    expect(s['SP_LGL_LNDDOC:M']).toBeCloseTo(80, 12);
    expect(s['SP_LGL_LNDSEC:_T']).toBeCloseTo(80, 12);
    expect(s['SP_LGL_LNDSEC:F']).toBeCloseTo(80, 12);
  });

  it('needs both conditions: M4 fears loss and F3 cannot bequeath → B 60 % (F 60, M 60), A unchanged', async () => {
    const s = await shares(people({ M4: { q13: '6' }, F3: { bequeath: 'no' } }));
    expect(s['SP_LGL_LNDSEC:_T']).toBeCloseTo(60, 12);
    expect(s['SP_LGL_LNDSEC:F']).toBeCloseTo(60, 12);
    expect(s['SP_LGL_LNDSEC:M']).toBeCloseTo(60, 12);
    expect(s['SP_LGL_LNDDOC:_T']).toBeCloseTo(70, 12);
  });

  it('a missing fear answer is not secure and stays in the denominator: M3 → B 70 % (M 60)', async () => {
    const s = await shares(people({ M3: { q13: '' } }));
    expect(s['SP_LGL_LNDSEC:_T']).toBeCloseTo(70, 12);
    expect(s['SP_LGL_LNDSEC:M']).toBeCloseTo(60, 12);
  });

  it('emits SP_LGL_LNDSTR only with an explicit --lndstr-rule', async () => {
    const s = await shares(people({ F4: { q13: '7' } }), ['--lndstr-rule', 'doc-and-sec']);
    expect(s['SP_LGL_LNDSTR:_T']).toBeCloseTo(70, 12);
  });

  it('counts a person with several parcels once, secure under --parcel-rule any or all', async () => {
    const dir = tempDir();
    const csv = 'person,sex,age,doc,q13,bequeath\np1,F,30,title,1,yes\np1,F,30,none,7,yes\np2,M,50,none,1,yes\n';
    writeFileSync(`${dir}/p.csv`, csv);
    writeFileSync(`${dir}/c.json`, JSON.stringify({ ...CONFIG, columns: { ...CONFIG.columns, person: 'person' } }));
    const run = async (rule: string) => Object.fromEntries(JSON.parse((await runCli(['1.4.2', '--data', `${dir}/p.csv`, '--config', `${dir}/c.json`, '--time-period', '2020', '--parcel-rule', rule, '--quiet'])).stdout).observations.filter((o: Obs) => o.dimensions.SEX === '_T').map((o: Obs) => [o.series, o.value]));
    expect((await run('any')).SP_LGL_LNDDOC).toBeCloseTo(50, 12);
    expect((await run('any')).SP_LGL_LNDSEC).toBeCloseTo(100, 12);
    expect((await run('all')).SP_LGL_LNDSEC).toBeCloseTo(50, 12);
  });

  it('requires a fear cut-off for a 1–7 scale (the UN metadata sets none)', async () => {
    const dir = tempDir();
    writeFileSync(`${dir}/p.csv`, people());
    writeFileSync(`${dir}/c.json`, JSON.stringify({ ...CONFIG, thresholds: { adultAge: 18 } }));
    const result = await runCli(['1.4.2', '--data', `${dir}/p.csv`, '--config', `${dir}/c.json`, '--time-period', '2020']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/thresholds\.fearMin is required/);
  });
});
