/**
 * Blocks decoded on decode threads (--threads) are the blocks decoded on the main thread, byte for
 * byte, for every layout of the fixture matrix (DEFLATE with predictors 2 and 3, LZW, ZSTD, none,
 * strips, BigTIFF, big-endian), and results are identical through the CLI. The pool runs only from
 * the built package (dist/, built by npm test's first step), so these run in child processes; under a
 * capped address space (ulimit -v) the pool is not started and the run still succeeds.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = resolve('dist/io');
// With a GHSL zip whose GeoTIFF is stored: a decode thread reads its blocks at their offset inside the zip.
const FIXTURES = [
  ...readdirSync('fixtures/geotiff').filter((f) => f.endsWith('.tif') && f !== 'no-crs.tif').map((f) => resolve('fixtures/geotiff', f)),
  resolve('fixtures/mosaic/GHS_BUILT_S_E2000_demo_stored.zip'),
];

/** Every window of every fixture read with a pool of `threads`: SHA-256 of the cells, per file (JSON). */
function digestWindows(threads: number, shell = '', files = FIXTURES): Record<string, string> {
  const script = `
    import { createHash } from 'node:crypto';
    import { openRaster } from ${JSON.stringify(`${DIST}/raster.js`)};
    import { createDecodePool } from ${JSON.stringify(`${DIST}/decode-pool.js`)};
    const pool = createDecodePool(${threads});
    const out = { pool: pool !== null };
    for (const path of ${JSON.stringify(files)}) {
      const raster = await openRaster(path, { decodePool: pool, blockCacheBytes: 1 });
      const { rows, cols } = raster.info.grid;
      const hash = createHash('sha256');
      // Odd windows that cut blocks, then the whole raster; then the cells where they lie in the blocks.
      const windows = [{ row0: 1, col0: 2, rows: Math.max(1, rows - 3), cols: Math.max(1, cols - 5) }, { row0: 0, col0: 0, rows, cols }];
      for (const w of windows) {
        const values = await raster.readWindow(w);
        hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      }
      for (const part of await raster.readWindowParts?.(windows[0]) ?? []) {
        for (let r = 0; r < part.rows; r++) for (let c = 0; c < part.cols; c++) hash.update(String(part.values[part.offset + r * part.rowStride + c * part.cellStride]));
      }
      // Every block row requested at once, then awaited in order: the main thread decodes runs queued
      // for the thread (the last ones first) while it waits.
      const blockRows = [];
      for (let row0 = 0; row0 < rows; row0 += raster.info.blockHeight) blockRows.push(raster.readWindow({ row0, col0: 0, rows: Math.min(raster.info.blockHeight, rows - row0), cols }));
      for (const read of blockRows) {
        const values = await read;
        hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      }
      out[path] = hash.digest('hex');
      await raster.close();
    }
    out.takenHere = (pool?.counts.takenHere ?? 0) > 0;
    await pool?.close();
    console.log(JSON.stringify(out));`;
  const result = spawnSync('bash', ['-c', `${shell}exec "${process.execPath}" --input-type=module -e "$SCRIPT"`], { encoding: 'utf8', env: { ...process.env, SCRIPT: script } });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, string>;
}

describe('decode threads', () => {
  it('decode every fixture layout exactly as the main thread does', () => {
    const main = digestWindows(1);
    const pooled = digestWindows(2); // one decode thread (and the hashing one)
    expect(main.pool).toBe(false);
    expect(pooled.pool).toBe(true);
    expect(pooled.takenHere).toBe(true); // some runs were decoded by the main thread, the rest by the decode thread
    expect({ ...pooled, pool: false, takenHere: false }).toEqual(main);
  }, 60_000);

  it('are not started under a capped address space, and the run still reads', () => {
    // WebAssembly (the ZSTD decoder) reserves more address space than the cap allows: those files are left out here.
    const files = FIXTURES.filter((f) => !f.includes('zstd'));
    const capped = digestWindows(2, 'ulimit -v 1500000; ', files);
    expect(capped.pool).toBe(false);
    expect(capped).toEqual(digestWindows(1, '', files));
  }, 60_000);

  it('give byte-identical results through the CLI', () => {
    const dir = mkdtempSync('/tmp/usdg-threads-');
    // Small whole files (decoded on the main thread however many threads), folders of tiles and VRTs (mosaics: on the decode thread).
    // The threads that ran are counted by their CPU profiles (one file per thread, written by Node itself).
    const run = (threads: number, spell: (layer: string) => string, threadsRun?: number) => {
      const out = join(dir, `t${threads}.json`);
      const profiles = mkdtempSync(join(dir, 'profiles-'));
      const args = ['--cpu-prof', '--cpu-prof-dir', profiles, 'bin/urban-sdg.js', '11.3.1', '--zones', 'fixtures/demo-city/zones.geojson', ...[2000, 2020].flatMap((y) => ['--built', `${y}=${spell(`built_${y}`)}`, '--population', `${y}=${spell(`population_${y}`)}`]), '--threads', String(threads), '--quiet', '--out', out];
      const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
      expect(result.status, result.stderr).toBe(0);
      if (threadsRun !== undefined) expect(readdirSync(profiles).length).toBe(threadsRun);
      return readFileSync(out);
    };
    const small = (layer: string) => `fixtures/demo-city/${layer}.tif`;
    expect(run(2, small, 1)).toEqual(run(1, small));
    for (const mosaic of [(layer: string) => `fixtures/mosaic/${layer}`, (layer: string) => `fixtures/mosaic/${layer}.vrt`]) expect(run(2, mosaic, 2)).toEqual(run(1, mosaic, 1));
  }, 60_000);

  it('name a block that does not decode, whichever thread took its run', () => {
    // A tile folder (a mosaic: decoded on the threads) whose second tile has a corrupt second strip.
    const dir = mkdtempSync('/tmp/usdg-threads-corrupt-');
    cpSync('fixtures/mosaic/built_2000', `${dir}/built_2000`, { recursive: true });
    const tile = `${dir}/built_2000/r0c1.tif`;
    const bytes = readFileSync(tile);
    bytes.fill(0x5a, 5023 + 100, 5023 + 140); // strip 1 starts at byte 5023 (gdalinfo / geotiff.js StripOffsets)
    writeFileSync(tile, bytes);
    const args = ['bin/urban-sdg.js', '11.3.1', '--zones', 'fixtures/demo-city/zones.geojson', '--built', `2000=${dir}/built_2000`, '--built', '2020=fixtures/mosaic/built_2020',
      '--population', '2000=fixtures/mosaic/population_2000', '--population', '2020=fixtures/mosaic/population_2020', '--threads', '2', '--quiet', '--out', `${dir}/out.json`];
    const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/r0c1\.tif: cannot decode block 1 \(DEFLATE\): /);
    expect(readdirSync(dir)).toEqual(['built_2000']);
  }, 60_000);
});
