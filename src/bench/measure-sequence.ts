/**
 * Child process for the batch benchmark: runs a list of command lines (a JSON array of argv arrays)
 * one after another in this process, as the batch's units without the batch layer; prints wall time
 * and peak RSS as JSON.
 */
import { readFileSync } from 'node:fs';
import { main } from '../cli/main.js';

const commands = JSON.parse(readFileSync(process.argv[2], 'utf8')) as string[][];
const started = performance.now();
for (const argv of commands) {
  const code = await main(argv, { writeOut: () => undefined, writeErr: (text) => process.stderr.write(text), interactive: false, clock: { now: () => undefined } });
  if (code !== 0) throw new Error(`${argv.join(' ')} exited ${code}`);
}
process.stdout.write(`${JSON.stringify({ wallMs: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS })}\n`);
