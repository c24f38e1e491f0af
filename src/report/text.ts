/** Text helpers of the report: numbers, and breakdowns in words. */
import { format } from 'd3-format';

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
