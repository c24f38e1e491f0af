/**
 * The report page: one HTML file with everything inline (CSS, SVG, PNG data URIs), system fonts, no
 * script and no network. Per indicator: headline, what it measures and the method choices in words,
 * the UN metadata concepts, maps, charts, a table per zone and breakdown with SE and 95 % CI where there
 * is one, and provenance (inputs with SHA-256, parameters, warnings).
 */
import { extent } from 'd3-array';
import { readInterval, type IndicatorOutput, type Observation } from '../core/observation.js';
import { renderEstimates, renderTimeSeries, toTimeSeries, type Estimate } from './charts.js';
import { CONCEPTS, describeChoices, INDICATOR_WORDS } from './describe.js';
import type { DegurbaSummary, ReportEntry } from './load.js';
import type { MapResult } from './maps.js';
import { renderMap } from './svg-map.js';
import { escapeXml as x } from '../core/xml-text.js';
import { describeBreakdown, formatNumber } from './text.js';

export interface IndicatorSection {
  readonly indicator: string;
  readonly entries: readonly { readonly entry: ReportEntry; readonly name: string; readonly output: IndicatorOutput; readonly maps: readonly MapResult[] }[];
  /** Every result's zones on one map (several results), and notes. */
  readonly overview: readonly MapResult[];
}

export interface DegurbaSection {
  readonly entry: ReportEntry;
  readonly name: string;
  readonly output: DegurbaSummary;
  readonly map: MapResult;
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;max-width:900px;padding:24px;color:#1a1a1a;line-height:1.45}
h1{font-size:1.7em;margin-bottom:0}h2{border-bottom:2px solid #1a1a1a;padding-bottom:4px;margin-top:2.2em}h3{margin-top:1.6em}
table{border-collapse:collapse;font-size:.85em;margin:8px 0;width:100%}th,td{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.headline{font-size:1.15em;background:#f3f6fa;border-left:4px solid #4e79a7;padding:8px 12px}
figure{margin:16px 0}figcaption{font-weight:600;margin-bottom:4px}.map-note,.missing{font-size:.8em;color:#555}.missing{border:1px dashed #aaa;padding:8px}
code,.hash{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85em;word-break:break-all}nav ul{columns:2}.flag{color:#a15c00}
@media print{body{max-width:none;padding:0}figure{break-inside:avoid}h2{break-before:page}}
`;

function digitsFor(o: Observation): number {
  return o.unit === 'RO' ? 3 : o.unit === 'NUMBER' ? 0 : 1;
}

function observationTable(observations: readonly Observation[]): string {
  const hasSe = observations.some((o) => o.standardError !== null);
  const rows = observations.map((o) => {
    const d = digitsFor(o);
    const ci = readInterval(o);
    const n = o.components.adultsSampled ?? o.components.householdsSampled ?? o.components.households;
    return `<tr><td>${x(o.zone || '(all)')}</td><td>${x(o.series)}</td><td>${x(o.timePeriod)}</td><td>${x(describeBreakdown(o) || 'total')}</td><td class="n">${formatNumber(o.value, d)}${o.unit === 'PT' ? ' %' : ''}</td>${hasSe ? `<td class="n">${formatNumber(o.standardError, d + 1)}</td><td class="n">${ci ? `${formatNumber(ci[0], d)} – ${formatNumber(ci[1], d)}` : '—'}</td><td class="n">${typeof n === 'number' ? formatNumber(n, 0) : '—'}</td>` : ''}<td class="flag">${x(o.flags.join(', '))}</td></tr>`;
  });
  return `<table><thead><tr><th>zone</th><th>series</th><th>period</th><th>breakdown</th><th class="n">value</th>${hasSe ? '<th class="n">SE</th><th class="n">95 % CI</th><th class="n">n</th>' : ''}<th>flags</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function headlineOf(output: IndicatorOutput): string {
  const totals = output.observations.filter((o) => Object.values(o.dimensions).every((v) => v === '_T' || v === 'U') && o.value !== null);
  const bySeries = new Map<string, Observation[]>();
  for (const o of totals) bySeries.set(o.series, [...(bySeries.get(o.series) ?? []), o]);
  const lines = [...bySeries].map(([series, list]) => {
    // The longest period (11.3.1's first → last year), the latest among equals.
    const span = (p: string) => { const [a, b] = p.split('-').map(Number); return Number.isFinite(b) ? b - a : 0; };
    const latest = list.map((o) => o.timePeriod).reduce((a, b) => (span(b) > span(a) || (span(b) === span(a) && b > a) ? b : a));
    const now = list.filter((o) => o.timePeriod === latest);
    const unit = now[0].unit === 'PT' ? ' %' : '';
    const d = digitsFor(now[0]);
    if (now.length === 1) {
      const ci = readInterval(now[0]);
      return `${x(series)} ${x(latest)}${now[0].zone ? `, ${x(now[0].zone)}` : ''}: <strong>${formatNumber(now[0].value, d)}${unit}</strong>${ci ? ` (95 % CI ${formatNumber(ci[0], d)}–${formatNumber(ci[1], d)}${unit})` : ''}`;
    }
    const [low, high] = extent(now, (o) => o.value as number);
    return `${x(series)} ${x(latest)}: ${now.length} zones from <strong>${formatNumber(low, d)}${unit}</strong> to <strong>${formatNumber(high, d)}${unit}</strong>`;
  });
  return lines.length ? `<p class="headline">${lines.join('<br>')}</p>` : '';
}

function mapOrNote(result: MapResult): string {
  return 'map' in result ? renderMap(result.map) : `<p class="missing">${x(result.title)}: not drawn — ${x(result.missing)}.</p>`;
}

function provenanceOf(name: string, output: IndicatorOutput | DegurbaSummary): string {
  const p = output.provenance;
  const inputs = p.inputs.map((i) => `<tr><td>${x(i.role)}</td><td><code>${x(i.path)}</code></td><td class="hash">${x(i.sha256 ?? '—')}</td><td class="n">${formatNumber(i.bytes, 0)}</td><td>${x(String(i.crsName ?? ''))}</td></tr>`).join('');
  const warnings = (p as { warnings?: string[] }).warnings ?? [];
  return `<details><summary>Provenance of ${x(name)}: ${x(p.tool)} ${x(p.version)}, ${x(p.methodVersion)}</summary>`
    + `<table><thead><tr><th>role</th><th>input</th><th>SHA-256</th><th class="n">bytes</th><th>CRS</th></tr></thead><tbody>${inputs}</tbody></table>`
    + `<p>Parameters: <code>${x(JSON.stringify(p.parameters))}</code></p>`
    + (warnings.length ? `<p>Warnings:</p><ul>${warnings.map((w) => `<li>${x(w)}</li>`).join('')}</ul>` : '')
    + '</details>';
}

function indicatorSection(section: IndicatorSection, index: number): string {
  const words = INDICATOR_WORDS[section.indicator];
  const all = section.entries.flatMap((e) => e.output.observations);
  const parts: string[] = [`<section id="ind-${index}"><h2>${x(section.indicator)} ${x(words?.title ?? '')}</h2>`];
  for (const e of section.entries.slice(0, 1)) parts.push(headlineOf(e.output));
  if (words) parts.push(`<p>${x(words.measures)}</p>`);
  const choices = [...new Set(all.flatMap((o) => describeChoices(o.attributes.COMMENT_OBS)))];
  if (choices.length) parts.push(`<h3>Method choices</h3><ul>${choices.map((c) => `<li>${x(c)}</li>`).join('')}</ul>`);
  const metadata = section.entries[0].output.metadata;
  const concepts = CONCEPTS.filter((k) => metadata[k]).map((k) => `<tr><th>${x(k)}</th><td>${/^https?:\/\//.test(metadata[k]) ? `<a href="${x(metadata[k])}">${x(metadata[k])}</a>` : x(metadata[k])}</td></tr>`);
  if (concepts.length) parts.push(`<h3>UN metadata concepts</h3><table>${concepts.join('')}</table>`);
  const maps = [...section.overview, ...section.entries.flatMap((e) => e.maps)];
  if (maps.length) parts.push('<h3>Maps</h3>', ...maps.map(mapOrNote));
  const series = toTimeSeries(all);
  if (series.size) parts.push('<h3>Over time</h3>');
  [...series].forEach(([code, lines], k) => parts.push(renderTimeSeries(`ind-${index}-ts-${k}`, `${code} over time`, all.find((o) => o.series === code)?.unit === 'PT' ? ' %' : '', lines)));
  const surveyed = all.filter((o) => o.standardError !== null && o.unit === 'PT' && o.value !== null);
  const bySeries = [...new Set(surveyed.map((o) => o.series))];
  bySeries.forEach((code, k) => {
    const estimates: Estimate[] = surveyed.filter((o) => o.series === code).map((o) => { const ci = readInterval(o); return { label: `${describeBreakdown(o) || 'total'}${o.timePeriod ? ` ${o.timePeriod}` : ''}`, value: o.value as number, low: ci?.[0] ?? null, high: ci?.[1] ?? null }; });
    parts.push(renderEstimates(`ind-${index}-ci-${k}`, `${code}: estimates and 95 % confidence intervals`, estimates));
  });
  parts.push('<h3>Results</h3>', observationTable(all));
  parts.push('<h3>Provenance</h3>', ...section.entries.map((e) => provenanceOf(e.name, e.output)));
  parts.push('</section>');
  return parts.join('\n');
}

function degurbaSection(section: DegurbaSection, index: number): string {
  const words = INDICATOR_WORDS.degurba;
  const rows = (section.output.classes ?? []).map((c) => `<tr><td>${c.code}</td><td>${x(c.name)}</td><td class="n">${formatNumber(c.cells, 0)}</td><td class="n">${formatNumber(c.areaKm2, 0)}</td><td class="n">${formatNumber(c.population, 0)}</td></tr>`).join('');
  return `<section id="dg-${index}"><h2>${x(words.title)}</h2><p>${x(words.measures)}</p>${mapOrNote(section.map)}`
    + `<table><thead><tr><th>code</th><th>class</th><th class="n">cells</th><th class="n">km²</th><th class="n">inhabitants</th></tr></thead><tbody>${rows}</tbody></table>`
    + `<h3>Provenance</h3>${provenanceOf(section.name, section.output)}</section>`;
}

export function renderPage(title: string, version: string, sources: readonly string[], indicators: readonly IndicatorSection[], degurbas: readonly DegurbaSection[]): string {
  const toc = [
    ...indicators.map((s, k) => `<li><a href="#ind-${k}">${x(s.indicator)} ${x(INDICATOR_WORDS[s.indicator]?.title ?? '')}</a></li>`),
    ...degurbas.map((_, k) => `<li><a href="#dg-${k}">Degree of Urbanisation${degurbas.length > 1 ? ` ${k + 1}` : ''}</a></li>`),
  ];
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<meta name="generator" content="urban-sdg ${x(version)}"><title>${x(title)}</title><style>${STYLE}</style></head><body>`
    + `<header><h1>${x(title)}</h1><p>Urban SDG indicators computed by urban-sdg ${x(version)} from ${sources.length} result file${sources.length === 1 ? '' : 's'}: ${sources.map((s) => `<code>${x(s)}</code>`).join(', ')}. Every map is drawn from the inputs named in the results' provenance, checked by their SHA-256.</p></header>`
    + `<nav><ul>${toc.join('')}</ul></nav>\n`
    + indicators.map(indicatorSection).join('\n') + degurbas.map(degurbaSection).join('\n')
    + '\n</body></html>\n';
}
