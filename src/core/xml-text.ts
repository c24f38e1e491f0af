/**
 * Text inside XML and HTML (SDMX-ML messages, the HTML report): `&`, `<`, `>` and `"` escaped, and the
 * control characters XML 1.0 cannot hold (all below U+0020 but tab, newline and carriage return) left out.
 */
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ENTITIES[c]).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
