/**
 * The installed package: exactly the files `npm pack` would ship (package.json "files"), copied to a
 * folder of their own with the dependencies beside them, must run `urban-sdg demo` — every fixture
 * the demo reads is shipped, nothing is read from the clone.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the packed package', () => {
  it('runs the demo from the files npm pack ships', () => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' })) as { files: { path: string }[] }[];
    const root = mkdtempSync('/tmp/usdg-pack-');
    for (const { path } of packed[0].files) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      cpSync(path, join(root, path));
    }
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'));
    const demo = spawnSync(process.execPath, [join(root, 'bin/urban-sdg.js'), 'demo'], { cwd: root, encoding: 'utf8' });
    expect(demo.status, demo.stderr).toBe(0);
    for (const indicator of ['11.3.1', 'degurba', '11.1.1', '1.4.2', '11.2.1', '11.7.1']) expect(demo.stdout).toContain(indicator);
    expect(demo.stdout).toContain(root);
  }, 60_000);
});
