/**
 * The explicit, ordered list of indicators; the CLI builds one subcommand (plus its alias) per entry.
 */
import type { IndicatorDefinition } from './define.js';
import { landConsumption } from './land-consumption/index.js';
import { slums } from './slums/index.js';
import { tenure } from './tenure/index.js';
import { transit } from './transit/index.js';
import { publicSpace } from './public-space/index.js';

export const INDICATORS: readonly IndicatorDefinition[] = [
  slums,
  transit,
  landConsumption,
  publicSpace,
  tenure,
];
