/**
 * The country's files from the units' results, the same whether the units ran in one process or in
 * shards merged later (this is the only code that writes them): per indicator one combined file per
 * format (JSON, tidy CSV, SDMX-CSV, open-sdg CSV) in plan order, the aggregates, the failures table and
 * a summary. Everything here is a function of the plan and the unit files, so the bytes are too.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { IndicatorOutput, Observation } from '../core/observation.js';
import type { OutputFile } from '../core/output-file.js';
import { DEFAULT_DATAFLOW } from '../indicators/common-options.js';
import { resolveOptions } from '../indicators/define.js';
import type { LcrFormula } from '../indicators/land-consumption/formula.js';
import { findIndicator } from '../indicators/registry.js';
import { readZoneAttributes } from '../io/vector.js';
import { toCsvText, type CsvCell } from '../io/writers/csv-text.js';
import { formatOutput } from '../io/writers/index.js';
import { toOpenSdgFileName } from '../io/writers/open-sdg.js';
import { writeOutputFiles } from '../io/writers/output-files.js';
import { buildIndicatorMetadata } from '../metadata/build.js';
import { isKnownCode } from '../metadata/code-lists.js';
import { readBreakdownCodes } from '../cli/sdmx-codes.js';
import { computeAggregates, type Aggregate, type AggregateInput } from './aggregate.js';
import { toRunOptions } from './expand.js';
import type { Plan, PlannedUnit } from './plan.js';
import { readUnitState, type UnitState } from './state.js';

export interface Failure {
  readonly id: string;
  readonly indicator: string;
  readonly line: number;
  readonly reason: string;
}

export interface BatchSummary {
  readonly succeeded: number;
  readonly failed: readonly Failure[];
  readonly internal: boolean;
}

interface UnitResult {
  readonly unit: PlannedUnit;
  readonly output: IndicatorOutput;
}

/** The units' results and failures, in plan order. */
async function collect(plan: Plan, dir: string): Promise<{ results: UnitResult[]; failures: Failure[]; internal: boolean }> {
  const results: UnitResult[] = [];
  const failures: Failure[] = [];
  let internal = false;
  for (const unit of plan.units) {
    const state: UnitState | null = await readUnitState(dir, unit.id);
    const fail = (reason: string) => failures.push({ id: unit.id, indicator: unit.indicator, line: unit.line, reason });
    if (state === null) fail('not run (no result in this folder)');
    else if (state.status === 'failed') {
      internal ||= state.internal;
      fail(state.internal ? state.reason.split('\n')[0] : state.reason);
    } else {
      const text = await readFile(join(dir, 'units', `${unit.id}.json`), 'utf8').catch(() => null);
      if (text === null) fail('the unit file is missing (rerun the batch to compute it again)');
      else results.push({ unit, output: JSON.parse(text) as IndicatorOutput });
    }
  }
  return { results, failures, internal };
}

function sdmxSettings(unit: PlannedUnit, root: string) {
  const definition = findIndicator(unit.indicator);
  const options = definition ? resolveOptions(definition, { ...toRunOptions(definition, unit.options, root), quiet: true }) : {};
  return {
    refArea: typeof options.refArea === 'string' ? options.refArea : '_Z',
    dataflow: typeof options.dataflow === 'string' ? options.dataflow : DEFAULT_DATAFLOW,
    periods: options.sdmxPeriod === 'consecutive' ? ('consecutive' as const) : ('full' as const),
    cust: options.custBreakdownMap as string | undefined,
    composite: options.compositeBreakdownMap as string | undefined,
  };
}

const seriesKey = (o: Observation) => JSON.stringify([o.zone, o.series, o.timePeriod, Object.entries(o.dimensions).sort()]);

/** One indicator's units combined: observations in plan order; a zone a previous unit already gave is a conflict. */
function combine(indicator: string, results: readonly UnitResult[], failures: Failure[]): { output: IndicatorOutput; units: UnitResult[] } | null {
  const definition = findIndicator(indicator);
  const seen = new Map<string, string>();
  const observations: Observation[] = [];
  const units: UnitResult[] = [];
  for (const result of results) {
    const clash = result.output.observations.find((o) => seen.has(seriesKey(o)));
    if (clash) {
      failures.push({ id: result.unit.id, indicator, line: result.unit.line, reason: `left out of the combined files: zone ${JSON.stringify(clash.zone)} is also in unit ${seen.get(seriesKey(clash))} (give the zones distinct ids, e.g. with zone-id)` });
      continue;
    }
    for (const o of result.output.observations) seen.set(seriesKey(o), result.unit.id);
    observations.push(...result.output.observations);
    units.push(result);
  }
  if (!definition || units.length === 0) return null;
  const first = units[0].output.provenance;
  const output: IndicatorOutput = {
    indicator,
    observations,
    metadata: buildIndicatorMetadata(indicator, definition.series, observations),
    provenance: {
      tool: first.tool,
      version: first.version,
      methodVersion: first.methodVersion,
      ...(first.generatedAt ? { generatedAt: units.map((u) => u.output.provenance.generatedAt ?? '').sort().at(-1) } : {}),
      parameters: Object.fromEntries(units.map((u) => [u.unit.id, u.output.provenance.parameters])),
      inputs: units.flatMap((u) => u.output.provenance.inputs.map((i) => ({ unit: u.unit.id, ...i }))),
    },
  };
  return { output, units };
}

/** Zone id → aggregation area for a level taken from a zone attribute, per zones file. */
async function readZoneAreas(unit: PlannedUnit, field: string, root: string, cache: Map<string, Map<string, string>>): Promise<Map<string, string>> {
  const zones = unit.options.zones;
  if (typeof zones !== 'string') return new Map();
  const text = (name: string) => (typeof unit.options[name] === 'string' ? (unit.options[name] as string) : undefined);
  const [zoneId, layer] = [text('zone-id'), text('zones-layer')];
  const key = JSON.stringify([zones, zoneId, layer, field]);
  const cached = cache.get(key);
  if (cached) return cached;
  const attributes = await readZoneAttributes({ source: resolve(root, zones), name: zones, layer, layerFlag: '--zones-layer' }, zoneId);
  const areas = new Map<string, string>();
  for (const [id, properties] of attributes) {
    const value = properties[field];
    if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') areas.set(id, String(value).trim());
  }
  cache.set(key, areas);
  return areas;
}

async function toAggregateInputs(plan: Plan, results: readonly UnitResult[], root: string): Promise<AggregateInput[]> {
  const cache = new Map<string, Map<string, string>>();
  const inputs: AggregateInput[] = [];
  for (const { unit, output } of results) {
    const national = sdmxSettings(unit, root).refArea;
    const byLevel = new Map<string, Map<string, string> | string>();
    for (const [level, field] of Object.entries(plan.levels)) {
      if (unit.levels[level] !== undefined) byLevel.set(level, unit.levels[level]);
      else if (field !== null) byLevel.set(level, await readZoneAreas(unit, field, root, cache));
    }
    const lcrFormula = output.provenance.parameters.lcrFormula as LcrFormula | undefined;
    for (const observation of output.observations ?? []) {
      const areas: Record<string, string> = { national };
      for (const [level, source] of byLevel) {
        const area = typeof source === 'string' ? source : source.get(observation.zone);
        if (area !== undefined) areas[level] = area;
      }
      inputs.push({ unit: unit.id, indicator: unit.indicator, observation, areas, lcrFormula });
    }
  }
  return inputs;
}

function aggregatesCsv(aggregates: readonly Aggregate[]): string {
  const dimensionKeys = [...new Set(aggregates.flatMap((a) => Object.keys(a.dimensions)))];
  const componentKeys = [...new Set(aggregates.flatMap((a) => Object.keys(a.components)))];
  const header = ['level', 'area', 'indicator', 'series', 'timePeriod', 'value', 'unit', ...dimensionKeys, 'members', 'excluded', ...componentKeys, 'method'];
  const rows: CsvCell[][] = aggregates.map((a) => [
    a.level, a.area, a.indicator, a.series, a.timePeriod, a.value, a.unit,
    ...dimensionKeys.map((k) => a.dimensions[k]), a.members.length, a.excluded.length,
    ...componentKeys.map((k) => a.components[k]), a.method,
  ]);
  return toCsvText(header, rows);
}

/**
 * National aggregates of an M49 area as SDMX-CSV, one file per indicator: what a statistics office
 * reports to the UN (REF_AREA the country, no city breakdown), NATURE and SOURCE_DETAIL from the
 * members, COMMENT_OBS naming the aggregation and the number of cities.
 */
function toNationalSdmx(aggregates: readonly Aggregate[], inputs: readonly AggregateInput[], results: readonly UnitResult[], root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const indicator of new Set(aggregates.map((a) => a.indicator))) {
    const definition = findIndicator(indicator);
    const national = aggregates.filter((a) => a.indicator === indicator && a.level === 'national' && isKnownCode('REF_AREA', a.area));
    if (!definition || national.length === 0) continue;
    const observations: Observation[] = national.map((a) => {
      const member = inputs.find((i) => i.indicator === indicator && i.observation.series === a.series && i.observation.timePeriod === a.timePeriod)?.observation;
      return {
        zone: '', series: a.series, timePeriod: a.timePeriod, value: a.value, unit: a.unit,
        dimensions: { SEX: '_T', AGE: '_T', URBANISATION: '_T', DISABILITY_STATUS: '_T', ...a.dimensions, REF_AREA: a.area },
        components: a.components, standardError: null,
        attributes: { ...(member?.attributes ?? {}), COMMENT_OBS: `national aggregate of ${a.members.length} cit${a.members.length === 1 ? 'y' : 'ies'}: ${a.method.split(';')[0]}` },
        flags: a.value === null ? ['no-members'] : [],
      };
    });
    const units = results.filter((r) => r.unit.indicator === indicator);
    const settings = sdmxSettings(units[0].unit, root);
    const output: IndicatorOutput = {
      indicator, observations, metadata: buildIndicatorMetadata(indicator, definition.series, observations),
      provenance: { ...units[0].output.provenance, parameters: {}, inputs: [] },
    };
    files.set(indicator, formatOutput(output, 'sdmx-csv', { dataflow: settings.dataflow, refArea: '_Z', reportingType: 'N', dataLastUpdate: output.provenance.generatedAt, periods: settings.periods }));
  }
  return files;
}

/** The zones a unit set aside (flagged null observations), once each. */
function listZonesSetAside({ unit, output }: UnitResult): { unit: string; zone: string; flag: string }[] {
  const found = new Map<string, string>();
  for (const o of output.observations ?? []) {
    const flag = o.flags.find((f) => ZONE_FLAGS.includes(f));
    if (flag && !found.has(o.zone)) found.set(o.zone, flag);
  }
  return [...found].map(([zone, flag]) => ({ unit: unit.id, zone, flag }));
}

const ZONE_FLAGS = ['invalid-zone-geometry', 'zone-outside-raster', 'zone-not-projectable'];

/** Writes the combined files, aggregates, failures and summary of a complete plan into `dir`. */
export async function finalizeBatch(plan: Plan, planHash: string, dir: string, root: string): Promise<BatchSummary> {
  const { results, failures, internal } = await collect(plan, dir);
  const files: OutputFile[] = [];
  const text = (name: string, content: string) => files.push({ kind: 'text', path: join(dir, name), content });
  const notes: string[] = [];
  const indicators = [...new Set(plan.units.map((u) => u.indicator))];
  const combinedResults: UnitResult[] = [];
  for (const indicator of indicators) {
    const mine = results.filter((r) => r.unit.indicator === indicator);
    if (mine.length === 0) continue;
    const definition = findIndicator(indicator);
    if (definition?.output === 'document') {
      text(`results/${indicator}.json`, `${JSON.stringify(mine.map((r) => ({ unit: r.unit.id, ...r.output })), null, 2)}\n`);
      continue;
    }
    const combined = combine(indicator, mine, failures);
    if (!combined) continue;
    combinedResults.push(...combined.units);
    const settings = combined.units.map((u) => sdmxSettings(u.unit, root));
    const same = settings.every((s) => JSON.stringify(s) === JSON.stringify(settings[0]));
    text(`results/${indicator}.json`, formatOutput(combined.output, 'json', { dataflow: '', refArea: '', reportingType: 'N' }));
    text(`results/${indicator}.csv`, formatOutput(combined.output, 'csv', { dataflow: '', refArea: '', reportingType: 'N' }));
    if (!same) {
      notes.push(`${indicator}: units differ in ref-area, dataflow, sdmx-period or breakdown maps, so no combined SDMX-CSV or open-sdg file (each unit's own --format file is in units/)`);
      continue;
    }
    const s = settings[0];
    const codes = await readBreakdownCodes(s.cust, s.composite);
    const sdmx = { dataflow: s.dataflow, refArea: s.refArea, reportingType: 'N', dataLastUpdate: combined.output.provenance.generatedAt, periods: s.periods, breakdownCodes: codes };
    text(`results/${indicator}.sdmx.csv`, formatOutput(combined.output, 'sdmx-csv', sdmx));
    text(`results/open-sdg/${toOpenSdgFileName(indicator)}`, formatOutput(combined.output, 'open-sdg', sdmx));
  }
  const levels = ['national', ...Object.keys(plan.levels).filter((l) => l !== 'national')];
  const aggregateInputs = await toAggregateInputs(plan, combinedResults, root);
  const aggregates = computeAggregates(aggregateInputs, levels);
  text('aggregates.json', `${JSON.stringify(aggregates, null, 2)}\n`);
  text('aggregates.csv', aggregatesCsv(aggregates));
  for (const [indicator, content] of toNationalSdmx(aggregates, aggregateInputs, combinedResults, root)) text(`results/national/${indicator}.sdmx.csv`, content);
  text('failures.csv', toCsvText(['id', 'indicator', 'manifestLine', 'reason'], failures.map((f) => [f.id, f.indicator, f.line, f.reason])));
  const summary = {
    tool: plan.tool, version: plan.version, plan: planHash,
    units: plan.units.length, succeeded: plan.units.length - failures.length, failed: failures.length,
    failures, notes,
    zonesSetAside: results.flatMap((r) => listZonesSetAside(r)),
    notAggregated: indicators.filter((i) => ['11.1.1', '1.4.2', 'degurba'].includes(i)).map((i) => `${i}: ${i === 'degurba' ? 'a classification, no series' : 'a survey unit is one design; run the national design (with --by for regions) rather than averaging units'}`),
  };
  text('summary.json', `${JSON.stringify(summary, null, 2)}\n`);
  await mkdir(join(dir, 'results', 'open-sdg'), { recursive: true });
  await mkdir(join(dir, 'results', 'national'), { recursive: true });
  await writeOutputFiles(files);
  return { succeeded: summary.succeeded, failed: failures, internal };
}
