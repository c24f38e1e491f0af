/** Text helpers of the report: XML escaping (every string from a file goes through it) and numbers. */
import { format } from 'd3-format';

const XML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeXml(text: string): string {
  // Control characters other than tab and newline cannot appear in XML 1.0: shown as U+FFFD.
  return text.replace(/[&<>"']/g, (c) => XML[c]).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd');
}

const GROUPED: Record<number, (n: number) => string> = {};

/** A number with thousands separators and `digits` decimals (d3-format), `—` when missing. */
export function formatNumber(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  GROUPED[digits] ??= format(`,.${digits}f`);
  return GROUPED[digits](value);
}

/** The breakdown of an observation in words: `SEX=F`, and custom breakdowns by their label (`tenureType=freehold`). */
export function describeBreakdown(o: { readonly dimensions: Readonly<Record<string, string>>; readonly labels?: Readonly<Record<string, string>> }): string {
  return Object.entries(o.dimensions).filter(([, v]) => v !== '_T').map(([k, v]) => (k === 'CUST_BREAKDOWN' && o.labels?.[k] ? o.labels[k] : `${k}=${o.labels?.[k] ?? v}`)).join(', ');
}
