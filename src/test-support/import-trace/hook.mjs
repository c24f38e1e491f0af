// Logs the URL of every module the process imports to $IMPORT_LOG (an ESM resolve hook, for the start-up test; register.mjs adds those loaded by require()).
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.IMPORT_LOG, `${result.url}\n`);
  return result;
}
