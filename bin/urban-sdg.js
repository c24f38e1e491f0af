#!/usr/bin/env node
// Thin shim: all logic lives in src/cli/main.ts, which returns the exit code; this is the only place
// that sets it, and the only place that ends the process early: on SIGINT / SIGTERM (exit 130 / 143,
// temporary output files removed, earlier outputs intact) and when stdout is a closed pipe
// (`urban-sdg … | head -1`: stop quietly).
import { removePendingOutputs } from '../dist/io/writers/pending-temporaries.js';

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(signal, () => {
    removePendingOutputs();
    process.exit(code);
  });
}
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
