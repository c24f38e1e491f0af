/**
 * Small terminal pictures for the walk-through: a shaded map of a raster (blocks of cells averaged,
 * twice as tall as wide so that the map keeps its shape in a terminal), a class map with a legend,
 * and horizontal bars.
 */
const SHADES = [' ', '░', '▒', '▓', '█'];

/** The grid averaged into `widthChars` columns; each character a shade by its share of the largest block. */
export function drawShadedMap(values: ArrayLike<number>, rows: number, cols: number, widthChars: number, isValid: (v: number) => boolean): string[] {
  const block = Math.max(1, Math.ceil(cols / widthChars));
  const outCols = Math.ceil(cols / block);
  const outRows = Math.ceil(rows / (2 * block));
  const means = new Float64Array(outRows * outCols);
  for (let r = 0; r < outRows; r++) {
    for (let c = 0; c < outCols; c++) {
      let sum = 0;
      let n = 0;
      for (let i = r * 2 * block; i < Math.min(rows, (r + 1) * 2 * block); i++) {
        for (let j = c * block; j < Math.min(cols, (c + 1) * block); j++) {
          const v = values[i * cols + j];
          if (isValid(v)) { sum += v; n++; }
        }
      }
      means[r * outCols + c] = n > 0 ? sum / n : NaN;
    }
  }
  const top = Math.max(...Array.from(means).filter(Number.isFinite), 1e-12);
  const lines: string[] = [];
  for (let r = 0; r < outRows; r++) {
    let line = '';
    for (let c = 0; c < outCols; c++) {
      const v = means[r * outCols + c];
      line += Number.isNaN(v) ? '·' : SHADES[Math.min(SHADES.length - 1, Math.round((v / top) * (SHADES.length - 1)))];
    }
    lines.push(`  │${line}│`);
  }
  return [`  ┌${'─'.repeat(outCols)}┐`, ...lines, `  └${'─'.repeat(outCols)}┘`];
}

/** A class grid, one character per class (the most frequent class of each block). */
export function drawClassMap(classes: ArrayLike<number>, rows: number, cols: number, symbols: ReadonlyMap<number, string>): string[] {
  const lines = [`  ┌${'─'.repeat(cols)}┐`];
  for (let r = 0; r < rows; r += 2) {
    let line = '';
    for (let c = 0; c < cols; c++) line += symbols.get(classes[r * cols + c]) ?? '?';
    lines.push(`  │${line}│`);
  }
  lines.push(`  └${'─'.repeat(cols)}┘`);
  return lines;
}

/** Bars of shares (0–100 %), `widthChars` for 100 %. */
export function drawBars(rows: readonly { readonly label: string; readonly pct: number; readonly text: string }[], widthChars = 40): string[] {
  const labelWidth = Math.max(...rows.map((r) => r.label.length));
  return rows.map((r) => `  ${r.label.padEnd(labelWidth)} ${'█'.repeat(Math.round((Math.max(0, Math.min(100, r.pct)) / 100) * widthChars)).padEnd(widthChars)} ${r.text}`);
}
