/** Runs the CLI in-process with captured stdout/stderr and a fixed clock, for tests. */
import { expect } from 'vitest';
import { main } from '../cli/main.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(args: readonly string[], generatedAt?: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    writeOut: (text) => { stdout += text; },
    writeErr: (text) => { stderr += text; },
    interactive: false,
    clock: { now: () => generatedAt },
  });
  return { code, stdout, stderr };
}

export const DEMO = 'fixtures/demo-city';
export const DEMO_YEARS = [2000, 2010, 2020];

export function demoArgs(years: readonly number[] = DEMO_YEARS): string[] {
  return [
    ...years.flatMap((y) => ['--built', `${y}=${DEMO}/built_${y}.tif`]),
    ...years.flatMap((y) => ['--population', `${y}=${DEMO}/population_${y}.tif`]),
    '--zones', `${DEMO}/zones.geojson`,
  ];
}

/** A user error: exit 2 and exactly one line on stderr, matching `pattern`, without a stack trace. */
export function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}
