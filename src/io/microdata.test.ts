import { mkdtempSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readMicrodata } from './microdata.js';

describe('microdata CSV reader', () => {
  it('reads records that straddle its 4 MiB read chunks, quoted fields, CRLF, BOM and blank lines', async () => {
    const dir = mkdtempSync('/tmp/usdg-md-');
    const lines = ['\uFEFFid;weight;label'];
    for (let i = 0; i < 300_000; i++) lines.push(`${i};${(i * 1.25).toFixed(2)};"name ""${i % 7}"", here"`);
    lines.splice(5, 0, '');
    writeFileSync(`${dir}/big.csv`, `${lines.join('\r\n')}\r\n`);
    const data = await readMicrodata(`${dir}/big.csv`, [{ name: 'weight', kind: 'number' }, { name: 'label', kind: 'code' }, { name: 'id', kind: 'code' }]);
    expect(data.rows).toBe(300_000);
    const weight = data.columns.get('weight');
    const label = data.columns.get('label');
    const id = data.columns.get('id');
    if (weight?.kind !== 'number' || label?.kind !== 'code' || id?.kind !== 'code') throw new Error('column kinds');
    for (const i of [0, 1, 123_456, 299_999]) {
      expect(weight.values[i]).toBe(Number((i * 1.25).toFixed(2)));
      expect(label.dictionary[label.ids[i]]).toBe(`name "${i % 7}", here`);
      expect(id.dictionary[id.ids[i]]).toBe(String(i));
    }
  });

  it('reads every row when the first chunk\'s long records predict far fewer rows than the file holds', async () => {
    // Columns are sized from the records of the first 4 MiB read: here 4 KiB records, then 2-byte ones.
    const dir = mkdtempSync('/tmp/usdg-md-');
    const lines = ['x,pad'];
    for (let i = 0; i < 1100; i++) lines.push(`${i},${'p'.repeat(4096)}`);
    for (let i = 1100; i < 2_000_000; i++) lines.push(`${i % 10},`);
    writeFileSync(`${dir}/skewed.csv`, `${lines.join('\n')}\n`);
    const data = await readMicrodata(`${dir}/skewed.csv`, [{ name: 'x', kind: 'number' }]);
    expect(data.rows).toBe(2_000_000);
    const x = data.columns.get('x');
    if (x?.kind !== 'number') throw new Error('numeric column');
    expect(x.values.length).toBe(data.rows);
    expect([x.values[0], x.values[1099], x.values[1100], x.values[1_999_999]]).toEqual([0, 1099, 0, 9]);
  });

  it('parses decimals exactly as Number() does, and keeps the first value that is not a number', async () => {
    const dir = mkdtempSync('/tmp/usdg-md-');
    const values = ['0.1', '313.589', '-2.5', '1e3', '007', '', 'NA', 'abc', '12.000000000000001'];
    writeFileSync(`${dir}/n.csv`, `i,x\n${values.map((v, k) => `${k},${v}`).join('\n')}\n`);
    const column = (await readMicrodata(`${dir}/n.csv`, [{ name: 'x', kind: 'number' }])).columns.get('x');
    if (column?.kind !== 'number') throw new Error('numeric column');
    expect(Array.from(column.values)).toEqual([0.1, 313.589, -2.5, 1000, 7, Number.NaN, Number.NaN, Number.NaN, 12.000000000000001]);
    expect(column.firstInvalid).toEqual({ row: 7, text: 'abc' });
  });
});
