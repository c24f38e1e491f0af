#!/usr/bin/env node
// Thin shim: all logic lives in src/cli/main.ts; this is the only place that sets the exit code.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
