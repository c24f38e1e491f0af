/**
 * SDG 11.3.1 arithmetic (docs/methods.md §10; UN metadata 11.3.1 DATA_COMP, 2021-03-01):
 *   LCR (official) = (V_present − V_past) / V_past / t         LCR (log) = ln(V_present / V_past) / t
 *   PGR = ln(Pop_present / Pop_past) / y                        LCRPGR = LCR / PGR   (t = y)
 * plus the secondary indicators of §10.3 and the interpretation flags of §2.2 / §10.5.
 */

export type LcrFormula = 'official' | 'log';

export interface LandConsumptionTotals {
  readonly yearStart: number;
  readonly yearEnd: number;
  readonly builtUpM2Start: number;
  readonly builtUpM2End: number;
  readonly populationStart: number;
  readonly populationEnd: number;
}

export interface LandConsumptionResult {
  /** LCRPGR, or null when undefined. */
  readonly value: number | null;
  readonly lcr: number | null;
  readonly pgr: number | null;
  readonly builtUpPerCapitaM2Start: number | null;
  readonly builtUpPerCapitaM2End: number | null;
  readonly builtUpChangePct: number | null;
  readonly flags: string[];
}

/** Default |PGR| below which the ratio is flagged as unstable (per year, docs/methods.md §2.2). */
export const SMALL_POPULATION_GROWTH_PER_YEAR = 0.001;

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export function computeLandConsumption(
  totals: LandConsumptionTotals,
  formula: LcrFormula,
  smallGrowthPerYear = SMALL_POPULATION_GROWTH_PER_YEAR,
): LandConsumptionResult {
  const { builtUpM2Start: vPast, builtUpM2End: vPresent, populationStart: popPast, populationEnd: popPresent } = totals;
  const years = totals.yearEnd - totals.yearStart;
  if (!(years > 0)) throw new RangeError(`analysis period must be positive, got ${totals.yearStart}-${totals.yearEnd}`);
  const flags: string[] = [];

  let lcr: number | null = null;
  if (vPast <= 0) flags.push('zero-baseline-built-up');
  else if (formula === 'log' && vPresent <= 0) flags.push('zero-built-up');
  else lcr = formula === 'official' ? (vPresent - vPast) / vPast / years : Math.log(vPresent / vPast) / years;

  let pgr: number | null = null;
  if (popPast < 0 || popPresent < 0) flags.push('negative-population');
  else if (popPast === 0 || popPresent === 0) flags.push('zero-population');
  else pgr = Math.log(popPresent / popPast) / years;

  let value: number | null = null;
  if (pgr === 0) flags.push('zero-population-growth');
  if (pgr !== null && pgr < 0) flags.push('negative-population-growth');
  if (lcr !== null && pgr !== null && lcr < 0 && pgr < 0) flags.push('both-rates-negative');
  if (pgr !== null && pgr !== 0 && Math.abs(pgr) < smallGrowthPerYear) flags.push('small-population-growth');
  if (lcr !== null && pgr !== null && pgr !== 0) value = finiteOrNull(lcr / pgr);

  return {
    value,
    lcr,
    pgr,
    builtUpPerCapitaM2Start: popPast > 0 ? vPast / popPast : null,
    builtUpPerCapitaM2End: popPresent > 0 ? vPresent / popPresent : null,
    builtUpChangePct: vPast > 0 ? (100 * (vPresent - vPast)) / vPast : null,
    flags,
  };
}
