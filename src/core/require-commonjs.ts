/**
 * CommonJS packages (proj4, piscina, yauzl, shapefile, commander, cli-progress, yaml, pbf, geotiff's
 * CommonJS build) are loaded with require(), not `import`: Node reads a CommonJS file imported from an
 * ES module a second time, whole, to list its named exports (cjs-module-lexer), and links an ES module
 * graph more slowly than it requires a CommonJS one. Measured on this project's machine: proj4 17 ms by
 * require against 35–55 ms by import; proj4, piscina, yauzl and geotiff together 55 ms against 120 ms,
 * paid by every run before it reads a byte (`npm run bench` prints the start-up).
 */
import { createRequire } from 'node:module';

export const requireCommonJs = createRequire(import.meta.url);
