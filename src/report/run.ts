/**
 * `urban-sdg report RESULTS… --out report.html`: loads the results, draws their maps from the
 * recorded inputs and writes one self-contained HTML file (or a PDF printed by a local Chromium),
 * atomically and never over a result or an input.
 */
import { basename } from 'node:path';
import type { IndicatorOutput } from '../core/observation.js';
import { escapeControls, isUserError, UsageError } from '../errors.js';
import { createFileInputOpener, toRecordedPath } from '../io/open-inputs.js';
import { checkOutputTargets, writeOutputFiles } from '../io/writers/output-files.js';
import { buildDegurbaMap } from './degurba-map.js';
import { isDegurba, loadResults, type ReportEntry } from './load.js';
import { buildIndicatorMaps, buildOverviewMaps, type IndicatorMaps, type ZonesInLonLat } from './maps.js';
import { renderPage, type DegurbaSection, type IndicatorSection } from './page.js';

export interface ReportOptions {
  readonly results: readonly string[];
  readonly out?: string;
  readonly format: 'html' | 'pdf';
  readonly inputsDir?: string;
  readonly title?: string;
  readonly quiet: boolean;
}

export interface ReportEnvironment {
  readonly version: string;
  readonly writeErr: (text: string) => void;
}

/** Detailed maps (rasters, stops, open spaces) per result up to this many results of an indicator; an overview map always. */
const MAX_DETAILED = 12;

/** Indicators in the order of the SDG framework. */
const ORDER = ['1.4.2', '11.1.1', '11.2.1', '11.3.1', '11.7.1'];

function nameOf(entry: ReportEntry): string {
  return toRecordedPath(entry.source);
}

export async function runReport(options: ReportOptions, env: ReportEnvironment): Promise<void> {
  if (!options.out) throw new UsageError('--out: expected the report file to write (e.g. --out report.html)');
  if (options.format === 'html' && !/\.html?$/i.test(options.out)) throw new UsageError(`--out: expected a .html file for --format html, found ${JSON.stringify(basename(options.out))}`);
  if (options.format === 'pdf' && !/\.pdf$/i.test(options.out)) throw new UsageError(`--out: expected a .pdf file for --format pdf, found ${JSON.stringify(basename(options.out))}`);
  // Refused before any work: a report never replaces one of its results, nor is it made for want of a browser.
  await checkOutputTargets([options.out], options.results);
  const pdf = options.format === 'pdf' ? await import('./pdf.js') : null;
  const chromium = pdf ? await pdf.requireChromium() : null;
  const entries = await loadResults(options.results, options.inputsDir);
  const byIndicator = new Map<string, IndicatorSection['entries'][number][]>();
  const degurbas: DegurbaSection[] = [];
  const readPaths: string[] = [...options.results];
  const counts = new Map<string, number>();
  for (const { output } of entries) if (!isDegurba(output)) counts.set(output.indicator, (counts.get(output.indicator) ?? 0) + 1);
  const overviewParts = new Map<string, ZonesInLonLat[]>();
  for (const [k, entry] of entries.entries()) {
    const zoneId = typeof entry.options['zone-id'] === 'string' ? entry.options['zone-id'] : undefined;
    // Zones the run set aside (a batch unit's invalid polygons) are left out of the maps as they were of the numbers.
    const setAside = isDegurba(entry.output) ? [] : entry.output.observations.filter((o) => o.flags.includes('invalid-zone-geometry')).map((o) => o.zone);
    const opener = createFileInputOpener({ hash: false, ...(zoneId ? { zoneId } : {}), ...(setAside.length ? { excludeZones: new Set(setAside) } : {}) });
    try {
      if (isDegurba(entry.output)) {
        const map = await buildDegurbaMap(entry, entry.output, opener, `r${k}`).catch((error: unknown) => {
          if (!isUserError(error)) throw error;
          return { title: 'Degree of Urbanisation', missing: (error as Error).message };
        });
        if ('missing' in map && !options.quiet) env.writeErr(`report: ${nameOf(entry)}: ${map.title} not drawn: ${escapeControls(map.missing)}\n`);
        degurbas.push({ entry, name: nameOf(entry), output: entry.output, map });
      } else {
        const output = entry.output as IndicatorOutput;
        const detailed = (counts.get(output.indicator) ?? 0) <= MAX_DETAILED;
        const { maps, zones } = await buildIndicatorMaps(entry, output, opener, `r${k}`, detailed).catch((error: unknown): IndicatorMaps => {
          // A map is drawn from the inputs again; one that cannot be read is a note in the report, never a wrong picture.
          if (!isUserError(error)) throw error;
          return { maps: [{ title: 'Maps', missing: (error as Error).message }], zones: null };
        });
        if (zones) overviewParts.set(output.indicator, [...(overviewParts.get(output.indicator) ?? []), zones]);
        for (const map of maps) if ('missing' in map && !options.quiet) env.writeErr(`report: ${nameOf(entry)}: ${map.title} not drawn: ${escapeControls(map.missing)}\n`);
        const list = byIndicator.get(output.indicator) ?? [];
        list.push({ entry, name: nameOf(entry), output, maps });
        byIndicator.set(output.indicator, list);
      }
      readPaths.push(...(await opener.describeInputs()).map((i) => i.path));
    } finally {
      await opener.closeAll();
    }
    if (!options.quiet) env.writeErr(`report: ${k + 1}/${entries.length} ${nameOf(entry)}\n`);
  }
  const sections = [...byIndicator].sort(([a], [b]) => ORDER.indexOf(a) - ORDER.indexOf(b)).map(([indicator, list], k) => {
    const parts = overviewParts.get(indicator) ?? [];
    const overview = list.length > 1 ? buildOverviewMaps(parts, `o${k}`) : [];
    const detail = list.length > MAX_DETAILED ? [{ title: 'Maps of each result', missing: `drawn for up to ${MAX_DETAILED} results of an indicator; this report has ${list.length} (report a subset for them)` }] : [];
    return { indicator, entries: list, overview: [...overview, ...detail] };
  });
  const title = options.title ?? `Urban SDG indicators: ${[...sections.map((s) => s.indicator), ...(degurbas.length ? ['Degree of Urbanisation'] : [])].join(', ')}`;
  const html = renderPage(title, env.version, options.results.map((p) => toRecordedPath(p)), sections, degurbas);
  const content = pdf && chromium ? await pdf.printPdf(html, chromium) : html;
  await writeOutputFiles([{ kind: 'text', path: options.out, content }], readPaths);
  if (!options.quiet) env.writeErr(`report: wrote ${options.out}\n`);
}
