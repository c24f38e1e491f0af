/**
 * Pure builders for the metadata that wraps observations: observation attributes (docs/methods.md §13.5),
 * the indicator-level concept block (§14) and provenance. The clock is injected so that output is
 * byte-identical for the same inputs (docs/architecture.md §2.15).
 */
import type { InputDescription, Observation, Provenance } from '../core/observation.js';
import { INDICATOR_CONCEPTS, METHOD_VERSION } from './concepts.js';

/** `key=value; key=value` as docs/methods.md §2.1 asks for COMMENT_OBS. */
export function toCommentObs(choices: Readonly<Record<string, unknown>>): string {
  return Object.entries(choices)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join('; ');
}

export interface ObservationAttributeInput {
  readonly nature: string;
  readonly sourceDetail: string;
  readonly commentObs: string;
  readonly timeDetail: string;
  readonly obsStatus?: string;
}

export function buildObservationAttributes(input: ObservationAttributeInput): Record<string, string> {
  return {
    NATURE: input.nature,
    OBS_STATUS: input.obsStatus ?? 'A',
    UNIT_MULT: '0',
    SOURCE_DETAIL: input.sourceDetail,
    COMMENT_OBS: input.commentObs,
    TIME_DETAIL: input.timeDetail,
  };
}

export interface SeriesDescription {
  readonly code: string;
  readonly description: string;
}

export function buildIndicatorMetadata(code: string, seriesSpecs: readonly SeriesDescription[], observations: readonly Observation[]): Record<string, string> {
  const concepts = INDICATOR_CONCEPTS[code];
  const distinct = (values: readonly string[]) => [...new Set(values)];
  const series = distinct(observations.map((o) => o.series));
  // Observation-level concepts, summarised for the dataset: one value when all agree, else all of them.
  const summarised = Object.fromEntries(['NATURE', 'SOURCE_DETAIL', 'COMMENT_OBS', 'TIME_DETAIL'].map((key) => [
    key, distinct(observations.map((o) => o.attributes[key] ?? '').filter(Boolean)).join(' | '),
  ]));
  return {
    ...concepts,
    SERIES: series.join(', '),
    SDG_SERIES_DESCR: seriesSpecs.filter((s) => series.includes(s.code)).map((s) => `${s.code}: ${s.description}`).join('; '),
    UNIT_MEASURE: distinct(observations.map((o) => o.unit)).join(', '),
    ...summarised,
  };
}

export interface Clock {
  /** ISO timestamp of this run, or undefined for timestamp-free (reproducible) output. */
  now(): string | undefined;
}

export function buildProvenance(version: string, parameters: Record<string, unknown>, inputs: readonly InputDescription[], clock: Clock): Provenance {
  const generatedAt = clock.now();
  return {
    tool: 'urban-sdg',
    version,
    methodVersion: METHOD_VERSION,
    ...(generatedAt ? { generatedAt } : {}),
    parameters,
    inputs,
  };
}
