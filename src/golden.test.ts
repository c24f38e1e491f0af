/**
 * One runner for every end-to-end case (idea: Turf's per-package fixture tests): each folder
 * `fixtures/<slug>/<case>/` holds `case.json` (the command line) and `expected.json` (what the run
 * must give). Adding a case is adding a folder.
 *
 * Expected values are never our own output: each is a literal derived by hand or a JSON pointer
 * (`"/expected/network/centre/value"`) into the file that an independent tool wrote — networkx,
 * shapely, rasterio, R survey — by the script committed beside it (`expected.json` names it as
 * `oracle`). So there is nothing to regenerate from urban-sdg: to change a value, change the oracle.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Observation } from './core/observation.js';
import { runCli } from './test-support/run-cli.js';

interface GoldenCase {
  readonly description: string;
  readonly args: readonly string[];
  /** Relative tolerance of numbers (absolute below 1e-12). */
  readonly tolerance: number;
}

type Wanted = number | string;

interface ExpectedObservation {
  /** Selects exactly one observation: zone, series, timePeriod, dimensions (a subset), breakdown label. */
  readonly match: { readonly zone?: string; readonly series?: string; readonly timePeriod?: string; readonly dimensions?: Readonly<Record<string, string>>; readonly label?: string };
  readonly value?: Wanted;
  readonly standardError?: Wanted;
  readonly components?: Readonly<Record<string, Wanted>>;
  readonly attributes?: Readonly<Record<string, Wanted>>;
  readonly flags?: readonly string[];
}

interface Expected {
  /** The file an independent tool wrote (repository-relative); pointers resolve into it. */
  readonly oracle?: string;
  /** The number of observations the run gives, when it matters. */
  readonly count?: number;
  readonly observations: readonly ExpectedObservation[];
}

function findCases(): [string, string][] {
  const cases: [string, string][] = [];
  for (const slug of readdirSync('fixtures')) {
    const dir = join('fixtures', slug);
    for (const name of readdirSync(dir)) if (existsSync(join(dir, name, 'case.json'))) cases.push([`${slug}/${name}`, join(dir, name)]);
  }
  return cases.sort();
}

/** RFC 6901 pointer into the oracle's output. */
function resolvePointer(document: unknown, pointer: string): unknown {
  return pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')).reduce<unknown>((node, key) => {
    if (node === null || typeof node !== 'object' || !(key in node)) throw new Error(`oracle has no ${pointer}`);
    return (node as Record<string, unknown>)[key];
  }, document);
}

function matches(o: Observation, match: ExpectedObservation['match']): boolean {
  return (match.zone === undefined || o.zone === match.zone)
    && (match.series === undefined || o.series === match.series)
    && (match.timePeriod === undefined || o.timePeriod === match.timePeriod)
    && (match.label === undefined || (o.labels?.CUST_BREAKDOWN ?? '_T') === match.label)
    && Object.entries(match.dimensions ?? {}).every(([k, v]) => (o.dimensions[k] ?? '_T') === v);
}

describe('golden cases: fixtures/<slug>/<case>/{case.json, expected.json}', () => {
  it.each(findCases())('%s', async (_name, dir) => {
    const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as GoldenCase;
    const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
    const oracle: unknown = expected.oracle ? JSON.parse(readFileSync(expected.oracle, 'utf8')) : null;
    const want = (value: Wanted): unknown => (typeof value === 'string' && value.startsWith('/') ? resolvePointer(oracle, value) : value);
    const near = (got: unknown, wanted: Wanted, what: string) => {
      const target = want(wanted);
      if (typeof target !== 'number') return expect(got, what).toEqual(target);
      expect(typeof got, what).toBe('number');
      const error = Math.abs((got as number) - target);
      expect(Math.abs(target) < 1e-12 ? error : error / Math.abs(target), `${what}: ${got} vs ${target}`).toBeLessThanOrEqual(Math.max(spec.tolerance, 1e-12));
    };

    const { code, stdout, stderr } = await runCli([...spec.args, '--quiet']);
    expect(stderr, spec.description).toBe('');
    expect(code).toBe(0);
    const observations = JSON.parse(stdout).observations as Observation[];
    if (expected.count !== undefined) expect(observations).toHaveLength(expected.count);
    for (const e of expected.observations) {
      const found = observations.filter((o) => matches(o, e.match));
      const where = JSON.stringify(e.match);
      expect(found, where).toHaveLength(1);
      const [o] = found;
      if (e.value !== undefined) near(o.value, e.value, `${where} value`);
      if (e.standardError !== undefined) near(o.standardError, e.standardError, `${where} standardError`);
      for (const [key, value] of Object.entries(e.components ?? {})) near(o.components[key], value, `${where} components.${key}`);
      for (const [key, value] of Object.entries(e.attributes ?? {})) near(o.attributes[key], value, `${where} attributes.${key}`);
      for (const flag of e.flags ?? []) expect(o.flags, where).toContain(flag);
    }
  });
});
