import { describe, expect, it } from 'vitest';
import { summariseWarnings } from './warnings.js';

describe('summarised warnings', () => {
  it('prints one line per kind of warning, with the count and the first three zones', () => {
    const warnings = [
      ...Array.from({ length: 100 }, (_, k) => `zone "z${k}" extends beyond pop.tif; the part outside counts 0`),
      '3 stops are farther than 200 m from any street and serve nobody (--max-snap-m)',
      'zone "a" extends beyond built.tif; the part outside counts 0',
    ];
    expect(summariseWarnings(warnings)).toEqual([
      '100 zones: zone … extends beyond pop.tif; the part outside counts 0 (zones "z0", "z1", "z2" … and 97 more)',
      '3 stops are farther than 200 m from any street and serve nobody (--max-snap-m)',
      'zone "a" extends beyond built.tif; the part outside counts 0',
    ]);
  });
});
