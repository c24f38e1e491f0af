import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSourceFiles } from './test-support/declared.js';

// docs/architecture.md §1 import rule: core ← kernels ← pipeline, metadata ← indicators ← cli ← batch; io depends only on core.
const ALLOWED: Record<string, string[]> = {
  core: ['core', 'errors'],
  kernels: ['core', 'kernels'],
  io: ['core', 'io', 'errors'],
  pipeline: ['core', 'kernels', 'pipeline', 'errors'],
  metadata: ['core', 'metadata', 'errors'],
  indicators: ['core', 'kernels', 'pipeline', 'metadata', 'indicators', 'errors'],
  // The batch runs units through the CLI's runner; only cli/main.ts imports it.
  batch: ['core', 'io', 'metadata', 'indicators', 'cli', 'batch', 'errors'],
  // The report reads results and draws from their inputs; learn runs the demo city through the CLI's runner.
  report: ['core', 'io', 'pipeline', 'metadata', 'indicators', 'report', 'errors'],
  learn: ['core', 'io', 'metadata', 'indicators', 'cli', 'learn', 'errors'],
};

describe('architecture', () => {
  it('keeps the layer import rule of docs/architecture.md §1', () => {
    const violations: string[] = [];
    for (const file of listSourceFiles('src')) {
      const layer = relative('src', file).split('/')[0].replace(/\.ts$/, '');
      const allowed = ALLOWED[layer];
      if (!allowed) continue;
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/from '(\.[^']+)'/g)) {
        const target = relative('src', join(file, '..', match[1])).split('/')[0].replace(/\.js$/, '');
        if (!allowed.includes(target)) violations.push(`${file} imports ${match[1]}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('never calls process.exit under src/ (cli/main.ts returns the exit code)', () => {
    const offenders = listSourceFiles('src').filter((f) => /process\.exit\(/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
