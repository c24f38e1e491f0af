/**
 * SDG 11.1.1 — proportion of the urban population living in slums, informal settlements or
 * inadequate housing (UN metadata 11.1.1, 2021-12-20; docs/methods.md). Person-weighted over urban
 * households: SISH = 100 × persons in slum households ÷ urban population, with design-based SEs.
 * The options and their rules; the computation is in run.ts.
 */
import { UsageError } from '../../errors.js';
import { OUTPUT_OPTIONS } from '../common-options.js';
import { defineIndicator, requireTimePeriod, type SeriesSpec } from '../define.js';
import { choice, number, type OptionValues } from '../options.js';
import { SURVEY_OPTIONS } from '../survey-common.js';

export const SLUM_SERIES: SeriesSpec = { code: 'EN_LND_SLUM', description: 'Proportion of urban population living in slums (%)', unit: 'PT' };
export const SLUM_NUMBER_SERIES: SeriesSpec = { code: 'EN_LND_SLUMN', description: 'Urban population living in slums (number)', unit: 'NUMBER' };

export const SLUMS_OPTIONS = {
  ...SURVEY_OPTIONS,
  preset: choice(['dhs'], { help: 'column names and codes of a standard file: dhs = DHS household recode (hv005, hv021, hv022, hv025, hv009, hv216, hv201, hv205, hv213–hv215); --config entries override it', placeholder: 'name' }),
  missingPolicy: choice(['flag', 'deprived', 'exclude', 'error'], { help: 'a household with an unknown component: flag = not deprived, plus an upper bound and the persons affected; deprived; exclude; error', default: 'flag', placeholder: 'policy' }),
  personsPerRoomMax: number({ help: 'overcrowded when persons per room exceed this (default: config, else 3)', above: 0, unit: 'persons per room' }),
  housingCostShareMax: number({ help: 'unaffordable when housing cost / income exceeds this (default: config, else 0.3)', above: 0, unit: 'share of income', placeholder: 'share' }),
  ...OUTPUT_OPTIONS,
} as const;

type Options = OptionValues<typeof SLUMS_OPTIONS>;

/** Cross-option rules, before any file is read. */
function check(options: Options): void {
  if (!options.preset && !options.config) throw new UsageError('--config: expected the column and code mapping (docs/slums.md) or --preset dhs');
  requireTimePeriod(options.timePeriod, 'the survey');
}

export const slums = defineIndicator({
  code: '11.1.1',
  slug: 'slums',
  title: 'Urban population living in slums, informal settlements or inadequate housing',
  output: 'observations',
  series: [SLUM_SERIES, SLUM_NUMBER_SERIES],
  options: SLUMS_OPTIONS,
  check,
  run: async (options, context) => (await import('./run.js')).run(options, context),
});
