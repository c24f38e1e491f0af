/** `npm run docs`: regenerates the option table of every docs/<slug>.md from the definitions. */
import { readFileSync, writeFileSync } from 'node:fs';
import { INDICATORS } from '../indicators/registry.js';
import { withOptionTable } from './option-docs.js';

for (const definition of INDICATORS) {
  const path = `docs/${definition.slug}.md`;
  const page = readFileSync(path, 'utf8');
  const updated = withOptionTable(page, definition);
  if (updated !== page) {
    writeFileSync(path, updated);
    process.stdout.write(`updated ${path}\n`);
  }
}
