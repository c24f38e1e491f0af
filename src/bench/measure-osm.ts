/**
 * Child process for the .osm.pbf benchmark: `stream FILE` reads the walkable ways of a 10 km box
 * around (36.8 E, 1.3 S) with the streaming reader; `whole FILE` decodes the whole file with
 * tiny-osmpbf, as this project did before. Prints wall time, peak RSS and the lines found as JSON.
 */
import { readFileSync } from 'node:fs';
import { readOsmWays } from '../io/osm-pbf.js';

const [mode, path] = process.argv.slice(2);
const started = performance.now();
let lines = 0;
if (mode === 'stream') {
  const half = 5000 / 111_320;
  const ways = await readOsmWays(path, { clip: { minX: 36.8 - half, maxX: 36.8 + half, minY: -1.3 - half, maxY: -1.3 + half }, keep: (tags) => tags.highway !== undefined });
  lines = ways.lines.length;
} else {
  const { default: tinyosmpbf } = await import('tiny-osmpbf');
  lines = (tinyosmpbf(readFileSync(path)) as { elements: unknown[] }).elements.length;
}
process.stdout.write(`${JSON.stringify({ wallMs: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS, lines })}\n`);
