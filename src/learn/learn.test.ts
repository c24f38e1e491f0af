/**
 * `urban-sdg learn`: every indicator in every language runs on the demo city; the catalogues have the
 * same steps and placeholders in each language; the numbers a learner reads are the oracles' (shapely +
 * rasterio for 11.3.1 in fixtures/demo-city/expected.json, R survey for 11.1.1 and 1.4.2 in
 * fixtures/survey/expected.json), written as the language writes numbers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectOneLineError, runCli } from '../test-support/run-cli.js';
import { CATALOGUES, type Catalogue } from './catalogue.js';
import { LEARN_INDICATORS } from './steps.js';

const demo = JSON.parse(readFileSync('fixtures/demo-city/expected.json', 'utf8'));
const survey = JSON.parse(readFileSync('fixtures/survey/expected.json', 'utf8'));

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

/** Every string of a catalogue by its path, with its placeholders. */
function flatten(value: unknown, path = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (typeof value === 'string') out.set(path, placeholders(value));
  else for (const [k, v] of Object.entries(value as Record<string, unknown>)) for (const [p, h] of flatten(v, path ? `${path}.${k}` : k)) out.set(p, h);
  return out;
}

describe('urban-sdg learn', () => {
  it('has the same steps, strings and placeholders in English, French and Spanish', () => {
    const en = flatten(CATALOGUES.en);
    for (const lang of ['fr', 'es'] as const) {
      const other = flatten(CATALOGUES[lang]);
      expect([...other.keys()].sort(), lang).toEqual([...en.keys()].sort());
      for (const [path, names] of en) expect(other.get(path), `${lang} ${path}`).toEqual(names);
    }
  });

  it('lists the indicators', async () => {
    const { code, stdout } = await runCli(['learn']);
    expect(code).toBe(0);
    for (const indicator of LEARN_INDICATORS) expect(stdout).toContain(indicator);
  });

  it.each(LEARN_INDICATORS.flatMap((i) => (['en', 'fr', 'es'] as const).map((lang) => [i, lang] as const)))('walks through %s in %s', async (indicator, lang) => {
    const { code, stdout, stderr } = await runCli(['learn', indicator, '--lang', lang]);
    expect(code, stderr).toBe(0);
    const module = (CATALOGUES[lang] as Catalogue).indicators[indicator];
    const steps = Object.values(module.steps);
    for (const step of steps) expect(stdout).toContain(step.title);
    expect(stdout).toContain(`${steps.length}`);
    expect(stdout).not.toMatch(/NaN|undefined|\{\w+\}/);
  }, 30_000);

  it('shows the oracle\'s 11.3.1 numbers (shapely + rasterio), in English and French', async () => {
    const [city] = demo.zones.city;
    const en = (await runCli(['learn', '11.3.1'])).stdout;
    const km2 = (m2: number) => (m2 / 1e6).toFixed(2);
    expect(en).toContain(`city: LCR = (${km2(city.builtUpM2End)} − ${km2(city.builtUpM2Start)}) ÷ ${km2(city.builtUpM2Start)} ÷ 20 = ${city.lcr.toFixed(4)} per year`);
    expect(en).toContain(`city: ${city.lcr.toFixed(4)} ÷ ${city.pgr.toFixed(4)} = ${city.value.toFixed(3)}`);
    const fr = (await runCli(['learn', '11.3.1', '--lang', 'fr'])).stdout;
    expect(fr).toContain(`city : ${city.lcr.toFixed(4).replace('.', ',')} ÷ ${city.pgr.toFixed(4).replace('.', ',')} = ${city.value.toFixed(3).replace('.', ',')}`);
    expect(fr).toContain(`PGR = ln(${Math.round(city.populationEnd).toLocaleString('fr')} ÷ ${Math.round(city.populationStart).toLocaleString('fr')}) ÷ 20`);
  }, 30_000);

  it('shows R survey\'s estimates, standard errors and intervals for 11.1.1 and 1.4.2', async () => {
    const slums = (await runCli(['learn', '11.1.1'])).stdout;
    const { value, se, deff } = survey.slums.slum;
    expect(slums).toContain(`= ${value.toFixed(2)} %`);
    // R's confint for survey statistics: ± qnorm(0.975) × SE.
    expect(slums).toContain(`SE ${se.toFixed(2)} points, 95 % CI ${(value - 1.959964 * se).toFixed(1)}–${(value + 1.959964 * se).toFixed(1)} %`);
    expect(slums).toContain(`design effect ${deff.toFixed(2)}`);
    const tenure = (await runCli(['learn', '1.4.2', '--lang', 'es'])).stdout;
    const women = survey.tenure.secure.F;
    expect(tenure).toContain(`mujeres: ${women.value.toFixed(1).replace('.', ',')} % (error estándar ${women.se.toFixed(2).replace('.', ',')}`);
  }, 30_000);

  it('refuses an unknown indicator or language in one line', async () => {
    expectOneLineError(await runCli(['learn', '11.9.9']), /^urban-sdg learn: INDICATOR: expected one of .*11\.3\.1.*found "11\.9\.9"$/);
    expectOneLineError(await runCli(['learn', '11.3.1', '--lang', 'de']), /--lang/);
  });
});
