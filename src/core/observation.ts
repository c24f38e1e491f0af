/** The result shapes: observations, metadata and provenance (the JSON output, README.md). */

/** SDMX dimensions an observation carries; `_T` for totals (docs/methods.md §13.4). */
export interface Dimensions {
  readonly SEX: string;
  readonly AGE: string;
  readonly URBANISATION: string;
  readonly DISABILITY_STATUS: string;
  readonly [dimension: string]: string;
}

export const TOTAL_DIMENSIONS: Dimensions = { SEX: '_T', AGE: '_T', URBANISATION: '_T', DISABILITY_STATUS: '_T' };

export type ComponentValue = number | string | boolean | null;

export interface Observation {
  readonly zone: string;
  readonly series: string;
  /** A year (`2021`) or a period `FIRST-LAST`. */
  readonly timePeriod: string;
  /** null when undefined, with a flag saying why; never NaN or ±Infinity. */
  readonly value: number | null;
  /** SDMX UNIT_MEASURE: `PT`, `RO`, `NUMBER`. */
  readonly unit: string;
  readonly dimensions: Dimensions;
  /** Human labels of dimension codes that are not self-explaining (e.g. CUST_BREAKDOWN `C01` → `headSex=F`). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly components: Readonly<Record<string, ComponentValue>>;
  readonly standardError: number | null;
  /** SDMX observation attributes: NATURE, SOURCE_DETAIL, COMMENT_OBS, TIME_DETAIL, UNIT_MULT, OBS_STATUS, … */
  readonly attributes: Readonly<Record<string, string>>;
  readonly flags: readonly string[];
}

/** The 95 % interval an observation publishes (LOWER_BOUND / UPPER_BOUND), or null when it has none. */
export function readInterval(o: Pick<Observation, 'attributes'>): [number, number] | null {
  if (o.attributes.LOWER_BOUND === undefined || o.attributes.UPPER_BOUND === undefined) return null;
  const low = Number(o.attributes.LOWER_BOUND);
  const high = Number(o.attributes.UPPER_BOUND);
  return Number.isFinite(low) && Number.isFinite(high) ? [low, high] : null;
}

/** One input file as recorded in provenance. */
export interface InputDescription {
  readonly role: string;
  readonly path: string;
  /** null for a remote input (a URL): it is read by ranges, never whole. */
  readonly sha256: string | null;
  readonly bytes: number | null;
  readonly [detail: string]: unknown;
}

export interface Provenance {
  readonly tool: string;
  readonly version: string;
  readonly methodVersion: string;
  readonly generatedAt?: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly inputs: readonly InputDescription[];
}

export interface IndicatorOutput {
  readonly indicator: string;
  readonly observations: readonly Observation[];
  readonly metadata: Readonly<Record<string, string>>;
  readonly provenance: Provenance;
}
