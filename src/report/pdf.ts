/** `report --format pdf`: the HTML page printed to A4 by a local Chromium through playwright-core. */
import { InputError } from '../errors.js';
import { findChromium } from './browser.js';

/** The Chromium that will print, found before any work (its absence is one line, exit 2). */
export async function requireChromium(): Promise<string> {
  const executablePath = await findChromium();
  if (!executablePath) throw new InputError('--format pdf: no Chromium found (install chromium, or set URBAN_SDG_CHROMIUM); write --format html and print it to PDF from any browser');
  return executablePath;
}

export async function printPdf(html: string, executablePath: string): Promise<Uint8Array> {
  const { chromium } = await import('playwright-core');
  // A browser that does not start is this machine's setup, not a bug: one line, exit 2.
  const browser = await chromium.launch({ executablePath }).catch((error: Error) => {
    throw new InputError(`--format pdf: Chromium at ${executablePath} did not start (${error.message.split('\n')[0].slice(0, 120)}); write --format html and print it to PDF from a browser`);
  });
  try {
    const page = await browser.newPage();
    // The page loads nothing from the network: everything is inline.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } });
  } finally {
    await browser.close();
  }
}
