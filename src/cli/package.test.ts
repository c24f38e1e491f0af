/**
 * The installed package: `npm pack` (of the dist npm test has built), then `npm install --global` of the
 * tarball into a temporary prefix (dependencies from npm's cache first), then `urban-sdg demo` from
 * another folder — every fixture the demo reads must be shipped, nothing read from the clone; then
 * `learn` and `report` (on a result computed there from the shipped demo city) in the same way. (npm
 * runs no script of a tarball it installs; `prepare` builds dist in a clone, so that `npx urban-sdg`
 * works there after `npm install`.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the packed package', () => {
  it('installs from its tarball and runs the demo outside the clone', () => {
    const root = mkdtempSync('/tmp/usdg-pack-');
    // dist is built by npm test's first step; prepack would rebuild it under the other test files' feet.
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', root], { stdio: 'ignore' });
    const tarball = readdirSync(root).find((f) => f.endsWith('.tgz')) as string;
    const install = spawnSync('npm', ['install', '--global', '--prefix', join(root, 'prefix'), '--prefer-offline', '--no-audit', '--no-fund', join(root, tarball)], { encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    const elsewhere = mkdtempSync('/tmp/usdg-elsewhere-');
    const demo = spawnSync(join(root, 'prefix/bin/urban-sdg'), ['demo'], { cwd: elsewhere, encoding: 'utf8' });
    expect(demo.status, demo.stderr).toBe(0);
    for (const indicator of ['11.3.1', 'degurba', '11.1.1', '1.4.2', '11.2.1', '11.7.1']) expect(demo.stdout).toContain(indicator);
    expect(demo.stdout).toContain(join(root, 'prefix'));
    // learn and report need nothing from the clone either: a result computed from the shipped demo city, then its report.
    const bin = join(root, 'prefix/bin/urban-sdg');
    const learn = spawnSync(bin, ['learn', '11.3.1', '--lang', 'fr'], { cwd: elsewhere, encoding: 'utf8' });
    expect(learn.status, learn.stderr).toBe(0);
    expect(learn.stdout).toContain('Taux de consommation des terres');
    const city = join(root, 'prefix/lib/node_modules/urban-sdg/fixtures/demo-city');
    const land = spawnSync(bin, ['11.3.1', '--zones', `${city}/zones.geojson`, ...[2000, 2020].flatMap((y) => ['--built', `${y}=${city}/built_${y}.tif`, '--population', `${y}=${city}/population_${y}.tif`]), '--out', 'land.json', '--quiet'], { cwd: elsewhere, encoding: 'utf8' });
    expect(land.status, land.stderr).toBe(0);
    const report = spawnSync(bin, ['report', 'land.json', '--out', 'report.html', '--quiet'], { cwd: elsewhere, encoding: 'utf8' });
    expect(report.status, report.stderr).toBe(0);
    expect(readFileSync(join(elsewhere, 'report.html'), 'utf8')).toContain('<figure class="map" id="r0-built-change">');
  }, 240_000);
});
