/** Child process for benchmarks: runs the CLI once and prints wall time and peak RSS as JSON. */
import { main } from '../cli/main.js';

const started = performance.now();
const code = await main(process.argv.slice(2), {
  writeOut: () => undefined,
  writeErr: (text) => process.stderr.write(text),
  interactive: false,
  clock: { now: () => undefined },
});
process.stdout.write(`${JSON.stringify({ code, wallMs: performance.now() - started, maxRssKb: process.resourceUsage().maxRSS })}\n`);
