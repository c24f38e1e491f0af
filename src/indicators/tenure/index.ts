/**
 * SDG 1.4.2 — share of adults with (a) legally recognised documentation and (b) perceived security of
 * tenure rights to land (UN metadata 1.4.2, 2021-08-01; docs/methods.md). The denominator is all
 * adults, with or without land; missing answers are never counted as secure but stay in the
 * denominator. The options and their rules; the computation is in run.ts.
 */
import { UsageError } from '../../errors.js';
import { OUTPUT_OPTIONS } from '../common-options.js';
import { defineIndicator, requireTimePeriod, type SeriesSpec } from '../define.js';
import { choice, type OptionValues } from '../options.js';
import { SURVEY_OPTIONS } from '../survey-common.js';

export const DOCUMENTED_SERIES: SeriesSpec = { code: 'SP_LGL_LNDDOC', description: 'Proportion of people with legally recognized documentation of their rights to land out of total adult population, by sex (%)', unit: 'PT' };
export const SECURE_SERIES: SeriesSpec = { code: 'SP_LGL_LNDSEC', description: 'Proportion of people who perceive their rights to land as secure out of total adult population, by sex (%)', unit: 'PT' };
export const SECURE_TENURE_SERIES: SeriesSpec = { code: 'SP_LGL_LNDSTR', description: 'Proportion of people with secure tenure rights to land out of total adult population, by sex (%)', unit: 'PT' };

export const TENURE_OPTIONS = {
  ...SURVEY_OPTIONS,
  parcelRule: choice(['any', 'all'], { help: 'with columns.person (one row per parcel): perceived secure when any (default) or all of the person\'s parcels are', default: 'any', placeholder: 'rule' }),
  lndstrRule: choice(['doc-and-sec', 'doc-or-sec'], { help: 'also emit SP_LGL_LNDSTR, combining (a) and (b): the UN publishes no rule, so it is not emitted unless chosen', placeholder: 'rule' }),
  ...OUTPUT_OPTIONS,
} as const;

type Options = OptionValues<typeof TENURE_OPTIONS>;

/** Cross-option rules, before any file is read. */
function check(options: Options): void {
  if (!options.config) throw new UsageError('--config: expected the column and code mapping (docs/tenure.md), with codes.legalDocument from the country metadata');
  requireTimePeriod(options.timePeriod, 'the survey');
}

export const tenure = defineIndicator({
  code: '1.4.2',
  slug: 'tenure',
  title: 'Adults with legally documented and with perceived-secure land rights',
  output: 'observations',
  series: [DOCUMENTED_SERIES, SECURE_SERIES, SECURE_TENURE_SERIES],
  options: TENURE_OPTIONS,
  check,
  run: async (options, context) => (await import('./run.js')).run(options, context),
});
