/**
 * The scale-out path on a real engine: a single-node Slurm (Debian slurm-wlm + munge, started by
 * src/test-support/slurm/start-slurm.sh) runs docs/scale-out/slurm-array.sh as a 3-task array; the
 * shard folders are merged and must equal the single-process folder byte for byte. Skipped, with the
 * reason in its name, where Slurm is not installed (`.ci/run` installs it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const TOOLS = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'sinfo'];
const missing = TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
const reason = missing.length > 0 ? ` (skipped: ${missing.join(', ')} not installed; apt-get install slurm-wlm munge)` : '';

function files(dir: string, sub = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
    const path = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) for (const [k, v] of files(dir, path)) out.set(k, v);
    else out.set(path, readFileSync(join(dir, path), 'latin1'));
  }
  return out;
}

describe('batch on Slurm', () => {
  it.skipIf(missing.length > 0)(`an array job from docs/scale-out/slurm-array.sh, merged, equals the single-process run${reason}`, async () => {
    const base = mkdtempSync('/tmp/usdg-slurm-');
    const start = spawnSync('sh', [resolve('src/test-support/slurm/start-slurm.sh'), base], { encoding: 'utf8' });
    expect(start.status, start.stderr).toBe(0);
    const env = { ...process.env, SLURM_CONF: join(base, 'slurm.conf') };
    try {
      let state = '';
      for (let k = 0; k < 60 && state !== 'idle'; k++) {
        state = spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' }).stdout.trim();
        if (state !== 'idle') await new Promise((r) => setTimeout(r, 500));
      }
      expect(state, readFileSync(join(base, 'log/slurmctld.log'), 'utf8').slice(-2000)).toBe('idle');
      const work = mkdtempSync('/tmp/usdg-slurm-run-');
      const manifest = resolve('fixtures/batch/country.yaml');
      const submit = spawnSync('sbatch', ['--wait', '--array=0-2', '--chdir', work, resolve('docs/scale-out/slurm-array.sh')], {
        env: { ...env, MANIFEST: manifest, OUT: join(work, 'run'), URBAN_SDG: `${process.execPath} ${resolve('bin/urban-sdg.js')}` },
        encoding: 'utf8',
        timeout: 120_000,
      });
      const logs = readdirSync(work).filter((f) => f.endsWith('.log')).map((f) => readFileSync(join(work, f), 'utf8')).join('\n');
      expect(submit.status, `${submit.stderr}\n${logs}`).toBe(0);
      const shards = readdirSync(join(work, 'run')).sort().map((d) => join(work, 'run', d));
      expect(shards.map((s) => s.split('/').at(-1))).toEqual(['shard-0', 'shard-1', 'shard-2']);
      const merged = join(work, 'country');
      const merge = spawnSync(process.execPath, ['bin/urban-sdg.js', 'merge', ...shards, '--out', merged, '--quiet'], { encoding: 'utf8' });
      expect(merge.status, merge.stderr).toBe(3); // the fixture's corrupt city
      const single = join(work, 'single');
      spawnSync(process.execPath, ['bin/urban-sdg.js', 'batch', manifest, '--out', single, '--quiet']);
      const [a, b] = [files(single), files(merged)];
      expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
      for (const [path, bytes] of a) expect(b.get(path), path).toBe(bytes);
    } finally {
      spawnSync('sh', [resolve('src/test-support/slurm/stop-slurm.sh'), base]);
    }
  }, 180_000);
});
