import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The npm packages a command imports, from an ESM resolve hook's log. */
function packagesImported(args: readonly string[]): string[] {
  const log = `${mkdtempSync('/tmp/usdg-imports-')}/log`;
  spawnSync(process.execPath, ['--import', './src/test-support/import-trace/register.mjs', 'bin/urban-sdg.js', ...args], { env: { ...process.env, IMPORT_LOG: log }, stdio: 'ignore' });
  const urls = readFileSync(log, 'utf8').trim().split('\n');
  return [...new Set(urls.filter((u) => u.includes('/node_modules/')).map((u) => u.split('/node_modules/')[1].split('/')[0]))].sort();
}

describe('start-up', () => {
  it('--help, --version and a subcommand\'s --help load commander only (decoders, proj4 and readers load when a run starts)', () => {
    expect(packagesImported(['--help'])).toEqual(['commander']);
    expect(packagesImported(['--version'])).toEqual(['commander']);
    expect(packagesImported(['11.2.1', '--help'])).toEqual(['commander']);
    expect(packagesImported(['batch', '--help'])).toEqual(['commander']);
  });

  it('a mistake in the options is reported without loading them either', () => {
    expect(packagesImported(['11.3.1', '--built', '2000=a.tif'])).toEqual(['commander']);
  });
});
