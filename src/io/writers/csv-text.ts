/** RFC 4180 CSV text: quote fields containing `,` `;` `"` or line breaks; `.` decimals always. */

export type CsvCell = string | number | boolean | null | undefined;

export function toCsvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsvText(header: readonly string[], rows: readonly CsvCell[][]): string {
  const lines = [header.map(toCsvField).join(',')];
  for (const row of rows) lines.push(row.map(toCsvField).join(','));
  return `${lines.join('\n')}\n`;
}
