/**
 * The option table of a docs page, generated from the indicator's definition, so that docs/<slug>.md
 * lists exactly the flags `--help` shows, with the same help, units, choices and defaults.
 * `npm run docs` rewrites the block between the markers; a test fails when a page is stale.
 */
import type { AnyIndicator } from '../indicators/define.js';
import { describeOption, toFlagSyntax } from '../indicators/options.js';

export const BEGIN_MARKER = '<!-- options: generated from the definition by `npm run docs`; do not edit by hand -->';
export const END_MARKER = '<!-- end of options -->';

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

export function formatOptionTable(definition: AnyIndicator): string {
  const rows = Object.entries(definition.options).map(([key, spec]) => {
    const flag = spec.positional ? `${key} (positional: ${spec.choices?.join(', ')})` : toFlagSyntax(key, spec);
    return `| \`${escapeCell(flag)}\` | ${escapeCell(describeOption(spec))} |`;
  });
  return [BEGIN_MARKER, '', '| option | meaning |', '|---|---|', ...rows, '', END_MARKER].join('\n');
}

/** The page with its option block replaced (or appended under "## Options" when it has none). */
export function withOptionTable(page: string, definition: AnyIndicator): string {
  const table = formatOptionTable(definition);
  const begin = page.indexOf(BEGIN_MARKER);
  const end = page.indexOf(END_MARKER);
  if (begin >= 0 && end > begin) return `${page.slice(0, begin)}${table}${page.slice(end + END_MARKER.length)}`;
  return `${page.trimEnd()}\n\n## Options\n\n${table}\n`;
}
