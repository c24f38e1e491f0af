/**
 * One observation factory per run: the SDMX dimensions (totals `_T` unless a breakdown says
 * otherwise), the observation attributes (NATURE, OBS_STATUS, UNIT_MULT, SOURCE_DETAIL, COMMENT_OBS,
 * TIME_DETAIL, LOWER_BOUND / UPPER_BOUND) and the null-never-NaN rule live here, not in each indicator.
 */
import { TOTAL_DIMENSIONS, type ComponentValue, type Dimensions, type Observation } from '../core/observation.js';
import { buildObservationAttributes, toCommentObs } from '../metadata/build.js';
import type { SeriesSpec } from './define.js';

export interface ObservationRun {
  readonly nature: string;
  /** SDMX SOURCE_DETAIL: the user's text, else the input names. */
  readonly sourceDetail: string;
  /** Method choices, written as COMMENT_OBS `key=value; …`. */
  readonly choices: Readonly<Record<string, unknown>>;
}

export interface ObservationFields<C extends Readonly<Record<string, ComponentValue>>> {
  readonly zone: string;
  readonly series: SeriesSpec;
  readonly timePeriod: string;
  readonly value: number | null;
  readonly components: C;
  readonly standardError?: number | null;
  /** Breakdowns other than the totals: SEX, AGE, DISABILITY_STATUS, URBANISATION, CUST_BREAKDOWN… */
  readonly dimensions?: Readonly<Record<string, string>>;
  /** Human labels of dimension codes that are not self-explaining (CUST_BREAKDOWN → its label). */
  readonly labels?: Readonly<Record<string, string>>;
  /** 95 % interval → LOWER_BOUND / UPPER_BOUND. */
  readonly bounds?: { readonly lower: number | null; readonly upper: number | null };
  readonly flags?: readonly string[];
  /** Method choices of this observation only, appended to the run's. */
  readonly choices?: Readonly<Record<string, unknown>>;
}

const finiteOrNull = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

export type ObservationFactory = <C extends Readonly<Record<string, ComponentValue>>>(fields: ObservationFields<C>) => Observation;

export function createObservationFactory(run: ObservationRun): ObservationFactory {
  const runComment = toCommentObs(run.choices);
  return (fields) => {
    const value = finiteOrNull(fields.value);
    const flags = [...(fields.flags ?? [])];
    if (value === null && flags.length === 0) flags.push('undefined-value');
    const lower = finiteOrNull(fields.bounds?.lower);
    const upper = finiteOrNull(fields.bounds?.upper);
    const commentObs = fields.choices ? [runComment, toCommentObs(fields.choices)].filter(Boolean).join('; ') : runComment;
    const dimensions: Dimensions = { ...TOTAL_DIMENSIONS, ...fields.dimensions };
    return {
      zone: fields.zone,
      series: fields.series.code,
      timePeriod: fields.timePeriod,
      value,
      unit: fields.series.unit,
      dimensions,
      ...(fields.labels ? { labels: fields.labels } : {}),
      components: fields.components,
      standardError: finiteOrNull(fields.standardError),
      attributes: {
        ...buildObservationAttributes({ nature: run.nature, sourceDetail: run.sourceDetail, commentObs, timeDetail: fields.timePeriod }),
        ...(lower !== null && upper !== null ? { LOWER_BOUND: String(lower), UPPER_BOUND: String(upper) } : {}),
      },
      flags,
    };
  };
}

/** A zone a batch unit set aside: the flag and the one-line reason. */
export interface ZoneFailure {
  readonly flag: string;
  readonly reason: string;
}

/**
 * Null observations for zones set aside: each gets the series, periods and dimensions the first
 * computed zone has, value null, no components, the zone's flag and the reason in COMMENT_OBS.
 */
export function toZoneFailureObservations(observations: readonly Observation[], failures: ReadonlyMap<string, ZoneFailure>): Observation[] {
  const template = observations.filter((o) => o.zone === observations[0]?.zone);
  return [...failures].flatMap(([zone, failure]) => template.map((o) => ({
    ...o,
    zone,
    value: null,
    components: {},
    standardError: null,
    attributes: { ...Object.fromEntries(Object.entries(o.attributes).filter(([k]) => k !== 'LOWER_BOUND' && k !== 'UPPER_BOUND')), COMMENT_OBS: failure.reason },
    flags: [failure.flag],
  })));
}
