/**
 * The local Chromium a report is printed (and tested) with: $URBAN_SDG_CHROMIUM, else a Chromium or
 * Chrome on the usual paths. Nothing is downloaded; without a browser, PDF is refused with the
 * print-to-PDF path instead.
 */
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
/** Debian's /usr/bin/chromium is a wrapper script; its binary is here. */
const BINARIES = ['/usr/lib/chromium/chromium'];

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(() => true, () => false);
}

export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (env.URBAN_SDG_CHROMIUM) return (await isExecutable(env.URBAN_SDG_CHROMIUM)) ? env.URBAN_SDG_CHROMIUM : null;
  for (const path of BINARIES) if (await isExecutable(path)) return path;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of NAMES) if (await isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}
