/**
 * The streaming .osm.pbf reader measured (npm run bench): a synthetic country extract of N nodes — a
 * street grid written as OPL and converted by osmium (apt: osmium-tool) — read for a 10 km city in its
 * middle, next to the whole-file reading this project used before (tiny-osmpbf holds every element).
 * Whole processes: wall time and peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';

/** An n × n grid of nodes 100 m apart around (36.8 E, 1.3 S), ways along rows and columns of ≤ 1,000 nodes. */
async function writeGridOpl(path: string, side: number): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const step = 100 / 111_320;
  const origin = { lon: 36.8 - (side / 2) * step, lat: -1.3 - (side / 2) * step };
  const id = (row: number, col: number) => row * side + col + 1;
  for (let row = 0; row < side; row++) {
    let text = '';
    for (let col = 0; col < side; col++) text += `n${id(row, col)} x${(origin.lon + col * step).toFixed(7)} y${(origin.lat + row * step).toFixed(7)}\n`;
    await write(text);
  }
  let way = 1;
  for (const [lines, along] of [[side, (l: number, k: number) => id(l, k)], [side, (l: number, k: number) => id(k, l)]] as const) {
    for (let line = 0; line < lines; line++) {
      for (let start = 0; start < side - 1; start += 999) {
        const refs: string[] = [];
        for (let k = start; k <= Math.min(side - 1, start + 999); k++) refs.push(`n${along(line, k)}`);
        await write(`w${way++} Thighway=residential N${refs.join(',')}\n`);
      }
    }
  }
  out.end();
  await once(out, 'finish');
}

export interface OsmBenchRow {
  readonly wallMs: number;
  readonly maxRssKb: number;
  readonly lines?: number;
}

export async function benchOsm(dir: string, nodes: number, measureOsm: string): Promise<{ ours: OsmBenchRow; whole: OsmBenchRow | null; path: string } | null> {
  if (spawnSync('osmium', ['--version']).status !== 0) {
    console.log('.osm.pbf streaming: skipped — osmium not found (apt-get install osmium-tool)');
    return null;
  }
  const side = Math.round(Math.sqrt(nodes));
  const path = `${dir}/grid_${side * side}.osm.pbf`;
  if (!existsSync(path)) {
    const opl = `${dir}/grid_${side * side}.opl`;
    await writeGridOpl(opl, side);
    const convert = spawnSync('osmium', ['cat', '-O', '-o', path, opl], { encoding: 'utf8' });
    if (convert.status !== 0) throw new Error(`osmium cat failed: ${convert.stderr}`);
    spawnSync('rm', ['-f', opl]);
  }
  const run = (args: string[]) => {
    const result = spawnSync(process.execPath, [measureOsm, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 ** 2 });
    return result.status === 0 ? (JSON.parse(result.stdout.trim().split('\n').pop() as string) as OsmBenchRow) : null;
  };
  const ours = run(['stream', path]);
  if (!ours) throw new Error('the streaming read failed');
  return { ours, whole: run(['whole', path]), path };
}
