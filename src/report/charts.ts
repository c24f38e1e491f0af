/**
 * Charts of a report as inline SVG, from d3-scale (positions, ticks), d3-shape (lines) and
 * d3-scale-chromatic (colours): a time series per series and zone where there are several periods
 * (rates over a period drawn as steps from its first to its last year), and estimates with their
 * 95 % confidence intervals for survey breakdowns.
 */
import { max, min } from 'd3-array';
import { line, curveLinear, curveStepAfter } from 'd3-shape';
import { scaleBand, scaleLinear, scaleOrdinal } from 'd3-scale';
import { schemeTableau10 } from 'd3-scale-chromatic';
import type { Observation } from '../core/observation.js';
import { escapeXml } from '../core/xml-text.js';
import { describeBreakdown, formatNumber } from './text.js';

const WIDTH_PX = 640;
const HEIGHT_PX = 300;
const MARGIN = { top: 16, right: 150, bottom: 36, left: 64 };

export interface SeriesPoint { readonly start: number; readonly end: number; readonly value: number }

export interface TimeSeries {
  readonly label: string;
  readonly points: readonly SeriesPoint[];
}

function parsePeriod(period: string): [number, number] | null {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(period);
  return m ? [Number(m[1]), Number(m[2] ?? m[1])] : null;
}

/** Groups observations by series, zone and breakdown; keeps groups with at least two periods that do not nest. */
export function toTimeSeries(observations: readonly Observation[]): Map<string, TimeSeries[]> {
  const groups = new Map<string, Map<string, SeriesPoint[]>>();
  for (const o of observations) {
    const period = parsePeriod(o.timePeriod);
    if (!period || o.value === null) continue;
    const breakdown = describeBreakdown(o);
    const label = `${o.zone}${breakdown ? ` (${breakdown})` : ''}`;
    const bySeries = groups.get(o.series) ?? new Map<string, SeriesPoint[]>();
    groups.set(o.series, bySeries);
    const points = bySeries.get(label) ?? [];
    bySeries.set(label, points);
    points.push({ start: period[0], end: period[1], value: o.value });
  }
  const out = new Map<string, TimeSeries[]>();
  for (const [series, bySeries] of groups) {
    const list: TimeSeries[] = [];
    for (const [label, points] of [...bySeries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      // A period that contains another (2000-2020 around 2000-2010) is the summary, not a step.
      const steps = points.filter((p) => !points.some((q) => q !== p && q.start >= p.start && q.end <= p.end && (q.end - q.start) < (p.end - p.start)));
      const unique = [...new Map(steps.map((p) => [`${p.start}-${p.end}`, p])).values()].sort((a, b) => a.start - b.start);
      if (unique.length >= 2) list.push({ label, points: unique });
    }
    if (list.length > 0) out.set(series, list);
  }
  return out;
}

function axisTicks(scale: (v: number) => number, ticks: readonly number[], horizontal: boolean, format: (v: number) => string): string {
  return ticks.map((t) => {
    const p = scale(t).toFixed(1);
    return horizontal
      ? `<line x1="${p}" x2="${p}" y1="${HEIGHT_PX - MARGIN.bottom}" y2="${HEIGHT_PX - MARGIN.bottom + 4}" stroke="#555"/><text x="${p}" y="${HEIGHT_PX - MARGIN.bottom + 16}" text-anchor="middle">${escapeXml(format(t))}</text>`
      : `<line x1="${MARGIN.left - 4}" x2="${WIDTH_PX - MARGIN.right}" y1="${p}" y2="${p}" stroke="#e5e5e5"/><text x="${MARGIN.left - 6}" y="${p}" dy="0.32em" text-anchor="end">${escapeXml(format(t))}</text>`;
  }).join('');
}

function svgOpen(id: string, title: string): string {
  return `<figure class="chart" id="${id}"><figcaption>${escapeXml(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH_PX} ${HEIGHT_PX}" width="${WIDTH_PX}" height="${HEIGHT_PX}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="11">`;
}

/** A line (single years) or step (periods) chart of each zone's values over time. */
export function renderTimeSeries(id: string, title: string, unit: string, series: readonly TimeSeries[]): string {
  const points = series.flatMap((s) => s.points);
  // d3's min and max loop: a country's zones spread into Math.min would overflow the stack.
  const x = scaleLinear().domain([min(points, (p) => p.start) ?? 0, max(points, (p) => p.end) ?? 1]).range([MARGIN.left, WIDTH_PX - MARGIN.right]).nice();
  const y = scaleLinear().domain([Math.min(0, min(points, (p) => p.value) ?? 0), max(points, (p) => p.value) ?? 1]).range([HEIGHT_PX - MARGIN.bottom, MARGIN.top]).nice();
  const colour = scaleOrdinal<string, string>(schemeTableau10).domain(series.map((s) => s.label));
  const shown = series.slice(0, 10);
  const parts: string[] = [axisTicks(y, y.ticks(5), false, (v) => formatNumber(v, Math.abs(y.domain()[1]) < 10 ? 2 : 0)), axisTicks(x, x.ticks(6).filter(Number.isInteger), true, (v) => String(v))];
  for (const s of shown) {
    const isPeriods = s.points.some((p) => p.end > p.start);
    const vertices: [number, number][] = s.points.map((p) => [x(p.start), y(p.value)]);
    if (isPeriods) { const last = s.points[s.points.length - 1]; vertices.push([x(last.end), y(last.value)]); }
    const path = line().curve(isPeriods ? curveStepAfter : curveLinear)(vertices) ?? '';
    parts.push(`<path d="${path}" fill="none" stroke="${colour(s.label)}" stroke-width="2"/>`);
    for (const p of s.points) parts.push(`<circle cx="${x(isPeriods ? (p.start + p.end) / 2 : p.start).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3" fill="${colour(s.label)}"><title>${escapeXml(`${s.label} ${p.start}${p.end > p.start ? `–${p.end}` : ''}: ${formatNumber(p.value, 3)}${unit}`)}</title></circle>`);
  }
  shown.forEach((s, k) => parts.push(`<rect x="${WIDTH_PX - MARGIN.right + 12}" y="${MARGIN.top + k * 18}" width="12" height="3" fill="${colour(s.label)}"/><text x="${WIDTH_PX - MARGIN.right + 30}" y="${MARGIN.top + k * 18 + 4}">${escapeXml(s.label.slice(0, 22))}</text>`));
  const more = series.length > shown.length ? `<p class="map-note">The first 10 of ${series.length} lines are drawn; the table lists all.</p>` : '';
  return `${svgOpen(id, title)}${parts.join('')}<line x1="${MARGIN.left}" x2="${WIDTH_PX - MARGIN.right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" stroke="#888"/></svg>${more}</figure>`;
}

export interface Estimate { readonly label: string; readonly value: number; readonly low: number | null; readonly high: number | null }

/** Horizontal bars of survey estimates with their 95 % confidence intervals. */
export function renderEstimates(id: string, title: string, estimates: readonly Estimate[]): string {
  const height = Math.max(120, 26 * estimates.length + MARGIN.top + MARGIN.bottom);
  const left = 220;
  const x = scaleLinear().domain([0, Math.max(1, ...estimates.map((e) => e.high ?? e.value))]).range([left, WIDTH_PX - 40]).nice();
  const y = scaleBand().domain(estimates.map((_, k) => `${k}`)).range([MARGIN.top, height - MARGIN.bottom]).padding(0.25);
  const parts = estimates.map((e, k) => {
    const top = y(`${k}`) ?? 0;
    const mid = top + y.bandwidth() / 2;
    const whisker = e.low === null || e.high === null ? '' : `<line x1="${x(Math.max(0, e.low)).toFixed(1)}" x2="${x(e.high).toFixed(1)}" y1="${mid.toFixed(1)}" y2="${mid.toFixed(1)}" stroke="#222" stroke-width="1.5"/><line x1="${x(Math.max(0, e.low)).toFixed(1)}" x2="${x(Math.max(0, e.low)).toFixed(1)}" y1="${(mid - 5).toFixed(1)}" y2="${(mid + 5).toFixed(1)}" stroke="#222"/><line x1="${x(e.high).toFixed(1)}" x2="${x(e.high).toFixed(1)}" y1="${(mid - 5).toFixed(1)}" y2="${(mid + 5).toFixed(1)}" stroke="#222"/>`;
    return `<rect x="${left}" y="${top.toFixed(1)}" width="${(x(e.value) - left).toFixed(1)}" height="${y.bandwidth().toFixed(1)}" fill="#4e79a7"><title>${escapeXml(`${e.label}: ${formatNumber(e.value, 1)} % (95 % CI ${formatNumber(e.low, 1)}–${formatNumber(e.high, 1)})`)}</title></rect>${whisker}<text x="${left - 6}" y="${mid.toFixed(1)}" dy="0.32em" text-anchor="end">${escapeXml(e.label.length > 34 ? `${e.label.slice(0, 33)}…` : e.label)}</text>`;
  });
  const ticks = x.ticks(5).map((t) => `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${MARGIN.top}" y2="${height - MARGIN.bottom}" stroke="#e5e5e5"/><text x="${x(t).toFixed(1)}" y="${height - MARGIN.bottom + 16}" text-anchor="middle">${formatNumber(t, 0)} %</text>`);
  return `<figure class="chart" id="${id}"><figcaption>${escapeXml(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH_PX} ${height}" width="${WIDTH_PX}" height="${height}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="11">${ticks.join('')}${parts.join('')}</svg><p class="map-note">Bars: estimates; whiskers: 95 % confidence intervals (estimate ± 1.96 × linearised standard error).</p></figure>`;
}
