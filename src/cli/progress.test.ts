/**
 * Progress on every long step: GTFS tables, OSM passes, survey microdata (CSV, Stata, SPSS) report the
 * bytes or rows read up to their total; the network reports its stages; degurba its stages. The log
 * turns them into a bar on a terminal and a line at most every 10 s otherwise (log.test.ts).
 */
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunLog } from '../core/inputs.js';
import { resolveOptions } from '../indicators/define.js';
import { degurba } from '../indicators/degurba/index.js';
import { computeDegurba, type DegurbaContext } from '../indicators/degurba/run.js';
import { readGtfsStops } from '../io/gtfs.js';
import { readMicrodata } from '../io/microdata.js';
import { createFileInputOpener } from '../io/open-inputs.js';
import { readOsmWays } from '../io/osm-pbf.js';
import { readSpss } from '../io/spss.js';
import { readStata } from '../io/stata.js';
import { buildNetworkAccess } from '../pipeline/transit-access.js';

type Report = [string, number, number];

function recorder(): { reports: Report[]; progress: (label: string, done: number, total: number) => void } {
  const reports: Report[] = [];
  return { reports, progress: (label, done, total) => reports.push([label, done, total]) };
}

/** The last report of each label: done = total, and done never went down. */
function expectCompleted(reports: readonly Report[], label: RegExp, total?: number): void {
  const mine = reports.filter(([l]) => label.test(l));
  expect(mine.length, String(label)).toBeGreaterThan(0);
  for (let k = 1; k < mine.length; k++) expect(mine[k][1]).toBeGreaterThanOrEqual(mine[k - 1][1]);
  const [, done, all] = mine[mine.length - 1];
  expect(done).toBe(all);
  if (total !== undefined) expect(all).toBe(total);
}

describe('progress of long steps', () => {
  it('GTFS: bytes of trips.txt and stop_times.txt', async () => {
    const { reports, progress } = recorder();
    await readGtfsStops('node_modules/sample-gtfs-feed/gtfs.zip', {}, undefined, progress);
    expectCompleted(reports, /trips\.txt/);
    expectCompleted(reports, /stop_times\.txt/);
  });

  it('OSM: bytes of each pass, up to the file size', async () => {
    const path = 'fixtures/osm/streets.osm.pbf';
    const { reports, progress } = recorder();
    await readOsmWays(path, { keep: () => true, progress });
    expectCompleted(reports, /nodes and ways/, statSync(path).size);
  });

  it('survey microdata: CSV bytes, Stata rows, SPSS bytes', async () => {
    const columns = [{ name: 'hv001', kind: 'number' as const }];
    for (const [read, path, label] of [
      [(p: string, c: typeof columns, r: ReturnType<typeof recorder>) => readMicrodata(p, c, 'utf-8', r.progress), 'fixtures/survey/labelled/dhs-hr.csv', /records/],
      [(p: string, c: typeof columns, r: ReturnType<typeof recorder>) => readStata(p, c, r.progress), 'fixtures/survey/labelled/dhs-hr-118.dta', /observations/],
      [(p: string, c: typeof columns, r: ReturnType<typeof recorder>) => readSpss(p, c, r.progress), 'fixtures/survey/labelled/dhs-hr.sav', /cases/],
    ] as const) {
      const r = recorder();
      const data = await read(path, columns, r);
      expect(data.rows).toBeGreaterThan(0);
      const mine = r.reports.filter(([l]) => label.test(l));
      expect(mine.length, path).toBeGreaterThan(0);
      expectCompleted(r.reports, label);
    }
  });

  it('network: graph, index and one shortest-walk stage per capacity class', () => {
    const { reports, progress } = recorder();
    const lines = [Float64Array.from([0, 0, 1000, 0, 1000, 1000])];
    buildNetworkAccess(lines, [{ station: 'a', x: 0, y: 10, capacity: 'low' }], { lowM: 500, highM: 1000 }, 200, true, progress);
    expect(reports.filter(([l]) => /graph, snapping index/.test(l)).map(([, done]) => done)).toEqual([0, 1, 2, 3, 4]);
  });

  it('degurba: its stages, in order, to the end', async () => {
    const reports: Report[] = [];
    const log: RunLog = { info() {}, warn() {}, explain() {}, explaining: false, progress: (l, d, t) => reports.push([l, d, t]) };
    const options = resolveOptions(degurba, { population: 'fixtures/demo-city/population_2020.tif', built: 'fixtures/demo-city/built_2020.tif', quiet: true }) as DegurbaContext['options'];
    const opener = createFileInputOpener({ hash: false });
    try {
      await computeDegurba({ options, inputs: opener, log });
    } finally {
      await opener.closeAll();
    }
    expect(reports.map(([, done]) => done)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
