import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INDICATORS } from '../indicators/registry.js';
import { FLAG_PATTERN, listDeclaredFlags } from '../test-support/declared.js';
import { BEGIN_MARKER, END_MARKER, formatOptionTable } from './option-docs.js';

describe('docs', () => {
  it.each(INDICATORS.map((d) => [d.slug, d] as const))('docs/%s.md lists exactly the options of the definition (npm run docs)', (slug, definition) => {
    const page = readFileSync(`docs/${slug}.md`, 'utf8');
    const block = page.slice(page.indexOf(BEGIN_MARKER), page.indexOf(END_MARKER) + END_MARKER.length);
    expect(block).toBe(formatOptionTable(definition));
  });

  it('names only flags that exist, in every page and in the README', () => {
    const declared = listDeclaredFlags();
    const pages = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    // `npm run bench -- --size …` flags belong to the benchmark, not to urban-sdg.
    const benchFlags = new Set(['--size', '--zones', '--national', '--households', '--edges', '--segments', '--runs', '--cities', '--osm-nodes', '--write-readme']);
    // sbatch's and the AWS CLI's own flags, in docs/scale-out.md.
    const engineFlags = new Set(['--array', '--cpus-per-task', '--mem', '--array-properties', '--parsable', '--dependency', '--wrap', '--wait']);
    const unknown = pages.flatMap((page) => [...readFileSync(page, 'utf8').matchAll(FLAG_PATTERN)].map((m) => m[0]).filter((f) => !declared.has(f) && !benchFlags.has(f) && !engineFlags.has(f)).map((f) => `${page}: ${f}`));
    expect([...new Set(unknown)]).toEqual([]);
  });
});
