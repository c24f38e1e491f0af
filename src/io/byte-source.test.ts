/**
 * Rasters read where users hold them: by HTTP range requests from a loopback server in this process
 * (a Cloud-Optimised GeoTIFF written by gdal_translate -of COG; a server that fails every other request;
 * one that never answers; a 404), and GHSL-style zipped GeoTIFFs (deflated and stored members).
 * Every path must give the sums of the plain file.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHttpSource } from './byte-source.js';
import { openRaster } from './raster.js';
import { expectOneLineError, runCli } from '../test-support/run-cli.js';

const REST = ['--built', '2020=fixtures/demo-city/built_2020.tif', '--population', '2000=fixtures/demo-city/population_2000.tif', '--population', '2020=fixtures/demo-city/population_2020.tif'];
const SMALL_ZONE = ['--zones', 'fixtures/batch/cities/alpha.geojson', '--zone-id', 'id'];

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** Serves `file` with Range support; `fail(n)` decides whether the n-th request gets a 503. */
function serveRanges(file: string, fail: (n: number) => boolean = () => false): { handler: Handler; log: { ranges: string[] } } {
  const bytes = readFileSync(file);
  const log = { ranges: [] as string[] };
  let n = 0;
  return {
    log,
    handler: (request, response) => {
      n++;
      if (fail(n)) {
        response.writeHead(503).end();
        return;
      }
      const match = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
      if (!match) {
        response.writeHead(200, { 'Content-Length': bytes.length }).end(bytes);
        return;
      }
      const start = Number(match[1]);
      const end = Math.min(Number(match[2]), bytes.length - 1);
      log.ranges.push(`${start}-${end}`);
      response.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${bytes.length}`, 'Content-Length': end - start + 1, 'Accept-Ranges': 'bytes' }).end(bytes.subarray(start, end + 1));
    },
  };
}

let server: Server;
let base = '';
const routes = new Map<string, Handler>();

beforeAll(async () => {
  server = createServer((request, response) => {
    const handler = routes.get(request.url ?? '');
    if (handler) handler(request, response);
    else response.writeHead(404, 'Not Found').end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function values(built2000: string, zones = SMALL_ZONE) {
  const { code, stdout, stderr } = await runCli(['11.3.1', '--built', `2000=${built2000}`, ...REST, ...zones, '--quiet']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const output = JSON.parse(stdout) as { observations: { zone: string; value: number; components: Record<string, number> }[]; provenance: { inputs: Record<string, unknown>[] } };
  return { rows: output.observations.map((o) => [o.zone, o.value, o.components.builtUpM2Start]), input: output.provenance.inputs.find((i) => i.role === 'built:2000') };
}

describe('rasters by URL (HTTP range requests)', () => {
  it('reads a COG by ranges: the sums of the file, only the blocks the zones touch fetched, counted in provenance', async () => {
    const cog = serveRanges('fixtures/mosaic/built_2000_cog.tif');
    routes.set('/cog.tif', cog.handler);
    const local = await values('fixtures/mosaic/built_2000_cog.tif');
    const remote = await values(`${base}/cog.tif`);
    expect(remote.rows).toEqual(local.rows);
    const http = remote.input?.http as { requests: number; bytes: number };
    expect(remote.input).toMatchObject({ path: `${base}/cog.tif`, sha256: null });
    expect(http.requests).toBe(cog.log.ranges.length);
    expect(http.bytes).toBeLessThan(readFileSync('fixtures/mosaic/built_2000_cog.tif').length * 0.7);
  });

  it('retries a server that fails every other request (503) and gives the same sums', async () => {
    const flaky = serveRanges('fixtures/mosaic/built_2000_cog.tif', (n) => n % 2 === 1);
    routes.set('/flaky.tif', flaky.handler);
    expect((await values(`${base}/flaky.tif`)).rows).toEqual((await values('fixtures/mosaic/built_2000_cog.tif')).rows);
  });

  it('warns that a raster in strips is fetched strip by strip', async () => {
    routes.set('/strips.tif', serveRanges('fixtures/mosaic/built_2000/r0c0.tif').handler); // gdal_translate's default: strips
    const raster = await openRaster(`${base}/strips.tif`);
    expect(raster.info.notes?.join('\n')).toMatch(/strips\.tif is not tiled: each window fetches whole strips \(35 rows × 117 cells\)/);
    await raster.close();
  });

  it('names the URL of a 404 in one line, exit 2', async () => {
    expectOneLineError(await runCli(['11.3.1', '--built', `2000=${base}/missing.tif`, ...REST, ...SMALL_ZONE]), /http:\/\/127\.0\.0\.1:\d+\/missing\.tif: HTTP 404 Not Found \(expected the GeoTIFF's bytes\)$/);
  });

  it('gives up on a server that never answers after its attempts, naming the URL', async () => {
    routes.set('/silent.tif', () => undefined);
    await expect(openHttpSource(`${base}/silent.tif`, { attempts: 2, timeoutMs: 200, backoffMs: 10 })).rejects.toThrow(/silent\.tif: no answer in 0\.2 s after 2 attempts/);
  });
});

describe('zipped GeoTIFFs (GHSL tile zips)', () => {
  it.each(['deflated', 'stored'])('reads the %s member in place: the sums of the plain file', async (kind) => {
    const plain = await values('fixtures/demo-city/built_2000.tif', ['--zones', 'fixtures/demo-city/zones.geojson']);
    const zipped = await values(`fixtures/mosaic/GHS_BUILT_S_E2000_demo_${kind}.zip`, ['--zones', 'fixtures/demo-city/zones.geojson']);
    expect(zipped.rows).toEqual(plain.rows);
  });

  it('refuses a zip without exactly one GeoTIFF, in one line', async () => {
    expectOneLineError(await runCli(['11.3.1', '--built', '2000=fixtures/transit/gtfs-bus.zip', ...REST, ...SMALL_ZONE]), /gtfs-bus\.zip: holds 0 GeoTIFFs \(expected one, as a GHSL tile zip does\)$/);
  });
});
