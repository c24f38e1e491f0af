/** What the specification tests walk: the source files under a folder, and every declared flag. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { toFlag } from '../indicators/options.js';
import { INDICATORS } from '../indicators/registry.js';
import { BATCH_OPTIONS, LEARN_OPTIONS, MERGE_OPTIONS, REPORT_OPTIONS } from '../cli/program.js';

/** The .ts files under `dir`, tests excluded. */
export function listSourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listSourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every flag any subcommand declares (`--no-` for negated switches), and the program's own. */
export function listDeclaredFlags(): Set<string> {
  const flags = new Set(['--help', '--version']);
  for (const table of [...INDICATORS.map((d) => d.options), BATCH_OPTIONS, MERGE_OPTIONS, REPORT_OPTIONS, LEARN_OPTIONS]) {
    for (const [key, spec] of Object.entries(table)) flags.add(spec.negate ? `--no-${toFlag(key).slice(2)}` : toFlag(key));
  }
  return flags;
}

/** A flag as written in text: two dashes and a kebab-case name (not a decrement, not a template). */
export const FLAG_PATTERN = /(?<![\w[-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?![-$a-z0-9])/g;
