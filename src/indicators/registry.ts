/**
 * The explicit, ordered list of indicators; the CLI builds one subcommand (plus its alias) per entry.
 * Entries without `run` are declared so that help lists them and they answer with their status.
 */
import type { IndicatorDefinition } from './define.js';
import { landConsumption } from './land-consumption/index.js';
import { slums } from './slums/index.js';
import { tenure } from './tenure/index.js';
import { transit } from './transit/index.js';

const planned = (code: string, slug: string, title: string, plannedIn: number, geospatial: boolean): IndicatorDefinition => ({
  code, slug, title, plannedIn, geospatial, series: [], options: [],
});

export const INDICATORS: readonly IndicatorDefinition[] = [
  slums,
  transit,
  landConsumption,
  planned('11.7.1', 'public-space', 'Open public space and streets as a share of the city, and access to it', 6, true),
  tenure,
];
