/**
 * The Degree of Urbanisation map of a degurba result: the classification is run again on the
 * recorded inputs with the recorded parameters, and drawn only when every class has the cell count
 * the result reports (so the picture is the result's). Colours and legend as GHS-SMOD.
 */
import { fillEach } from '../core/typed-array.js';
import { resolveOptions } from '../indicators/define.js';
import { degurba } from '../indicators/degurba/index.js';
import { CLASS_COLOURS, computeDegurba, EXTENT_COLOURS, NO_DATA_CLASS, type DegurbaContext } from '../indicators/degurba/run.js';
import type { InputOpener, RunLog } from '../core/inputs.js';
import { createFrame } from './frame.js';
import { locateInput, type DegurbaSummary, type ReportEntry } from './load.js';
import type { MapResult } from './maps.js';
import { toPictureUri } from './raster-image.js';
import type { LegendEntry } from './svg-map.js';

/** Provenance parameter → degurba option, where the names differ. */
const OPTION_OF: Readonly<Record<string, string>> = {
  centreDensityPerKm2: 'centreDensity', centreMinPopulation: 'centrePopulation', clusterDensityPerKm2: 'clusterDensity', clusterMinPopulation: 'clusterPopulation',
  denseClusterMinPopulation: 'denseClusterPopulation', ruralClusterMinPopulation: 'ruralClusterPopulation', lowDensityPerKm2: 'lowDensity', waterLandShareMax: 'waterLandShare',
};

const SILENT: RunLog = { info() {}, warn() {}, explain() {}, explaining: false, progress() {} };

const hex = ([r, g, b]: readonly number[]) => `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;

export async function buildDegurbaMap(entry: ReportEntry, summary: DegurbaSummary, opener: InputOpener, idPrefix: string): Promise<MapResult> {
  const title = summary.method === 'urban-extent' ? 'Urban extent classes' : `Degree of Urbanisation, level ${summary.level ?? 2} (GHS-SMOD legend)`;
  const raw: Record<string, unknown> = { quiet: true };
  for (const [key, value] of Object.entries(summary.provenance.parameters)) {
    const option = OPTION_OF[key] ?? key;
    if (option in degurba.options && (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')) raw[option] = typeof value === 'number' && option === 'level' ? String(value) : value;
  }
  if (summary.provenance.parameters.builtCriterion === false) raw.builtCriterion = false;
  for (const role of ['population', 'built', 'land']) {
    const input = summary.provenance.inputs.find((i) => i.role === role);
    if (!input) continue;
    const found = await locateInput(entry, input);
    if ('missing' in found) return { title, missing: found.missing };
    raw[role] = found.path;
  }
  const options = resolveOptions(degurba, raw) as DegurbaContext['options'];
  const result = await computeDegurba({ options, inputs: opener, log: SILENT });
  const counts = new Map<number, number>();
  for (const code of result.classes) counts.set(code, (counts.get(code) ?? 0) + 1);
  const differs = (summary.classes ?? []).find((c) => (counts.get(c.code) ?? 0) !== c.cells);
  if (differs) return { title, missing: `classifying the recorded inputs again gives ${counts.get(differs.code) ?? 0} cells of class ${differs.code}, the result says ${differs.cells} (parameters not recorded?)` };
  const colours = result.method === 'urban-extent' ? EXTENT_COLOURS : CLASS_COLOURS;
  const codes = [...counts.keys()].filter((c) => c !== NO_DATA_CLASS).sort((a, b) => b - a);
  const { grid } = result;
  const values = fillEach(new Float64Array(result.classes.length), (i) => (result.classes[i] === NO_DATA_CLASS ? NaN : codes.indexOf(result.classes[i])));
  const href = toPictureUri(values, grid.rows, grid.cols, codes.map((c) => hex(colours[c] ?? [0, 0, 0])), (v) => v);
  const frame = createFrame(result.crs, 0);
  const box = { minX: grid.originX, maxX: grid.originX + grid.cols * grid.cellWidth, maxY: grid.originY, minY: grid.originY - grid.rows * grid.cellHeight };
  const names = new Map(result.classSummary.map((c) => [c.code, c.name]));
  const legend: LegendEntry[] = codes.map((code) => ({ kind: 'swatch', colour: hex(colours[code] ?? [0, 0, 0]), label: `${code} ${names.get(code) ?? ''}` }));
  if (counts.has(NO_DATA_CLASS)) legend.push({ kind: 'swatch', colour: '', hatched: true, label: 'no data' });
  return { map: { id: `${idPrefix}-degurba`, title, frame, box, layers: [{ kind: 'image', href, box }], legend, note: `${grid.cols} × ${grid.rows} cells of ${grid.cellWidth} m.` } };
}
