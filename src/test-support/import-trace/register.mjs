// `node --import ./register.mjs …` installs hook.mjs before the program starts, and logs the CommonJS
// modules loaded by require() (core/require-commonjs.ts) when the process exits.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
register(new URL('./hook.mjs', import.meta.url));
const require = createRequire(import.meta.url);
process.on('exit', () => {
  const required = Object.keys(require.cache).map((path) => `${pathToFileURL(path).href}\n`).join('');
  if (required) appendFileSync(process.env.IMPORT_LOG, required);
});
