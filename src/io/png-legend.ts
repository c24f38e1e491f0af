/**
 * A class picture with its legend, for maps people look at (degurba --preview): the cells, then a
 * panel with a title, one swatch and label per class; the no-data class is a grey checkerboard, in the
 * picture and in its swatch, so that it cannot be taken for a class. Drawn with jimp (pure JS, its
 * bundled bitmap font), loaded only when a preview is written.
 */
import type { PngLegend } from '../core/output-file.js';

const PANEL_PX = 300;
const SWATCH_PX = 18;
const LINE_PX = 26;
const CHECKER = [[200, 200, 200], [120, 120, 120]] as const;
/** Room for a title of two lines above the swatches. */
const TOP_PX = 64;

export async function encodeLegendPng(indexes: Uint8Array, rows: number, cols: number, palette: readonly (readonly [number, number, number])[], scale: number, legend: PngLegend): Promise<Buffer> {
  const { Jimp, loadFont } = await import('jimp');
  const { SANS_16_BLACK } = await import('jimp/fonts');
  const width = cols * scale;
  const height = Math.max(rows * scale, TOP_PX + LINE_PX * (legend.entries.length + 1));
  const image = new Jimp({ width: width + PANEL_PX, height, color: 0xffffffff });
  const data = image.bitmap.data;
  const paint = (x: number, y: number, [r, g, b]: readonly number[]) => {
    const at = 4 * (y * image.bitmap.width + x);
    data[at] = r;
    data[at + 1] = g;
    data[at + 2] = b;
    data[at + 3] = 255;
  };
  const colourAt = (index: number, x: number, y: number) => (index === legend.hatched ? CHECKER[(Math.floor(x / 4) + Math.floor(y / 4)) % 2] : palette[index] ?? [0, 0, 0]);
  for (let y = 0; y < rows * scale; y++) {
    const row = Math.floor(y / scale) * cols;
    for (let x = 0; x < width; x++) paint(x, y, colourAt(indexes[row + Math.floor(x / scale)], x, y));
  }
  const font = await loadFont(SANS_16_BLACK);
  const left = width + 16;
  image.print({ font, x: left, y: 8, text: legend.title, maxWidth: PANEL_PX - 24 });
  legend.entries.forEach((entry, k) => {
    const top = TOP_PX + k * LINE_PX;
    for (let y = 0; y < SWATCH_PX; y++) for (let x = 0; x < SWATCH_PX; x++) paint(left + x, top + y, y === 0 || x === 0 || y === SWATCH_PX - 1 || x === SWATCH_PX - 1 ? [0, 0, 0] : colourAt(entry.index, x, y));
    image.print({ font, x: left + SWATCH_PX + 10, y: top, text: entry.label });
  });
  return image.getBuffer('image/png');
}
