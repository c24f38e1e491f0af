/** RFC 4180 CSV text: quote fields containing `,` `;` `"` or line breaks; `.` decimals always. */

export type CsvCell = string | number | boolean | null | undefined;

export function toCsvField(value: CsvCell, spreadsheetSafe = false): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  // A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading apostrophe (OWASP CSV injection).
  if (spreadsheetSafe && typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text; `spreadsheetSafe` (--csv-safe) defuses text cells that a spreadsheet would run as formulas. */
export function toCsvText(header: readonly string[], rows: readonly CsvCell[][], spreadsheetSafe = false): string {
  const lines = [header.map((h) => toCsvField(h, spreadsheetSafe)).join(',')];
  for (const row of rows) lines.push(row.map((cell) => toCsvField(cell, spreadsheetSafe)).join(','));
  return `${lines.join('\n')}\n`;
}
