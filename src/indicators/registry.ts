/**
 * The explicit, ordered list of subcommands computed from data; the CLI builds one subcommand (plus its
 * alias) per entry, the batch runner and the library look indicators up here. Each entry is light:
 * options and rules only; its computation is loaded when it runs.
 */
import type { AnyIndicator } from './define.js';
import { degurba } from './degurba/index.js';
import { landConsumption } from './land-consumption/index.js';
import { publicSpace } from './public-space/index.js';
import { slums } from './slums/index.js';
import { tenure } from './tenure/index.js';
import { transit } from './transit/index.js';

export const INDICATORS: readonly AnyIndicator[] = [
  slums,
  transit,
  landConsumption,
  publicSpace,
  tenure,
  degurba,
];

/** An indicator by code (`11.3.1`) or alias (`land-consumption`). */
export function findIndicator(name: string): AnyIndicator | undefined {
  return INDICATORS.find((d) => d.code === name || d.slug === name);
}
