import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toFlag } from '../indicators/options.js';
import { INDICATORS } from '../indicators/registry.js';
import { BEGIN_MARKER, END_MARKER, formatOptionTable } from './option-docs.js';

const FLAG = /(?<![\w[-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?![-$a-z0-9])/g;

function declaredFlags(): Set<string> {
  const flags = new Set(['--help', '--version']);
  for (const d of INDICATORS) for (const [key, spec] of Object.entries(d.options)) flags.add(spec.negate ? `--no-${toFlag(key).slice(2)}` : toFlag(key));
  return flags;
}

describe('docs', () => {
  it.each(INDICATORS.map((d) => [d.slug, d] as const))('docs/%s.md lists exactly the options of the definition (npm run docs)', (slug, definition) => {
    const page = readFileSync(`docs/${slug}.md`, 'utf8');
    const block = page.slice(page.indexOf(BEGIN_MARKER), page.indexOf(END_MARKER) + END_MARKER.length);
    expect(block).toBe(formatOptionTable(definition));
  });

  it('names only flags that exist, in every page and in the README', () => {
    const declared = declaredFlags();
    const pages = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    // `npm run bench -- --size …` flags belong to the benchmark, not to urban-sdg.
    const benchFlags = new Set(['--size', '--zones', '--national', '--households', '--edges', '--segments', '--runs']);
    const unknown = pages.flatMap((page) => [...readFileSync(page, 'utf8').matchAll(FLAG)].map((m) => m[0]).filter((f) => !declared.has(f) && !benchFlags.has(f)).map((f) => `${page}: ${f}`));
    expect([...new Set(unknown)]).toEqual([]);
  });
});
