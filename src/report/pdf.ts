/** `report --format pdf`: the HTML page printed to A4 by a local Chromium through playwright-core. */
import { InputError } from '../errors.js';
import { findChromium } from './browser.js';

export async function printPdf(html: string): Promise<Uint8Array> {
  const executablePath = await findChromium();
  if (!executablePath) throw new InputError('--format pdf: no Chromium found (install chromium, or set URBAN_SDG_CHROMIUM); write --format html and print it to PDF from any browser');
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath });
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
