/**
 * Design-based estimation for stratified multi-stage samples (docs/methods.md §7), as R `survey` computes it
 * with `svydesign(ids=~psu, strata=~strata, weights=~w, nest=TRUE, fpc=~fpc)`: ratio and total
 * estimators with variances by Taylor linearisation, PSUs taken with replacement within strata
 * (first-stage variance), and R's lonely-PSU policies. Domains (subpopulations) are estimated on the
 * full design — rows outside the domain contribute zeros but keep their PSUs — as `svyby` does.
 */

export type LonelyPsuPolicy = 'fail' | 'remove' | 'certainty' | 'adjust' | 'average';

export interface SurveyDesign {
  readonly rows: number;
  readonly weights: Float64Array;
  /** PSU index of each row, 0..psuCount−1 (PSUs nested within strata). */
  readonly psu: Int32Array;
  /** Stratum index of each PSU. */
  readonly psuStratum: Int32Array;
  readonly psuCount: number;
  readonly strataCount: number;
  /** Number of PSUs in each stratum. */
  readonly stratumPsuCount: Int32Array;
  /** Population number of PSUs per stratum (finite population correction), or null. */
  readonly stratumFpc: Float64Array | null;
  readonly lonelyPsu: LonelyPsuPolicy;
  /** Stratum labels, for messages. */
  readonly stratumLabels: readonly string[];
}

export class LonelyPsuError extends Error {
  constructor(readonly stratum: string) {
    super(`stratum ${stratum} has only one PSU`);
  }
}

export interface Estimate {
  readonly value: number;
  readonly se: number;
  /** Design effect against simple random sampling (R `deff`, without replacement correction). */
  readonly deff: number;
  /** Rows in the domain (unweighted n). */
  readonly n: number;
}

/** Variance of a total from its PSU totals: centred within strata, with R's lonely-PSU policies. */
function computeVarianceFromPsuTotals(design: SurveyDesign, psuTotals: Float64Array): number {
  const sums = new Float64Array(design.strataCount);
  for (let p = 0; p < design.psuCount; p++) sums[design.psuStratum[p]] += psuTotals[p];
  const variance = new Float64Array(design.strataCount);
  for (let p = 0; p < design.psuCount; p++) {
    const h = design.psuStratum[p];
    const n = design.stratumPsuCount[h];
    // A lonely PSU is centred at zero only under "adjust" (R: centred at the population mean, and
    // linearised totals have mean zero); otherwise at its own value, contributing nothing.
    const centre = n > 1 || design.lonelyPsu !== 'adjust' ? sums[h] / n : 0;
    const d = psuTotals[p] - centre;
    variance[h] += d * d;
  }
  let total = 0;
  let strataWithVariance = 0;
  for (let h = 0; h < design.strataCount; h++) {
    const n = design.stratumPsuCount[h];
    const f = design.stratumFpc ? (design.stratumFpc[h] === Infinity ? 1 : (design.stratumFpc[h] - n) / design.stratumFpc[h]) : 1;
    if (n === 1) {
      if (design.lonelyPsu === 'fail') throw new LonelyPsuError(design.stratumLabels[h]);
      if (design.lonelyPsu === 'average') continue; // replaced by the other strata's average below
    }
    strataWithVariance++;
    if (f < 1e-7) continue;
    total += (n > 1 ? (f * n) / (n - 1) : f) * variance[h];
  }
  return strataWithVariance === 0 ? 0 : (total * design.strataCount) / strataWithVariance;
}

/**
 * Variance of the same total under simple random sampling without replacement of n from N̂ = Σw
 * (R `svytotal(..., deff = TRUE)`): svyvar(r) · N̂² · (N̂ − n) / (N̂ · n), from the domain's
 * Σ w·r and Σ w·r².
 */
function computeSrsVariance(sumWr: number, sumWr2: number, n: number, weightSum: number): number {
  if (n < 2) return Number.NaN;
  const mean = sumWr / weightSum;
  const populationVariance = (sumWr2 / weightSum - mean * mean) * (n / (n - 1));
  return populationVariance * weightSum * weightSum * ((weightSum - n) / (weightSum * n));
}

/**
 * R = Σ w·y / Σ w·x with its linearised SE (R `svyratio`), within `domain` (null = all rows;
 * y and x must already be 0 outside the domain). A share is a ratio whose x is the domain's size.
 */
export function computeRatioEstimate(design: SurveyDesign, y: Float64Array, x: Float64Array, domain: Uint8Array | null): Estimate {
  const { weights, rows, psu } = design;
  let ty = 0, tx = 0, n = 0, weightSum = 0;
  for (let i = 0; i < rows; i++) {
    const w = weights[i];
    ty += w * y[i];
    tx += w * x[i];
    if ((!domain || domain[i] !== 0) && w !== 0) {
      n++;
      weightSum += w;
    }
  }
  if (tx === 0) return { value: Number.NaN, se: Number.NaN, deff: Number.NaN, n };
  const ratio = ty / tx;
  // Residual r = (y − R·x) / X̂; its weighted PSU totals give the variance, its domain moments the SRS variance.
  const psuTotals = new Float64Array(design.psuCount);
  let sumWr = 0, sumWr2 = 0;
  for (let i = 0; i < rows; i++) {
    const r = (y[i] - ratio * x[i]) / tx;
    const wr = weights[i] * r;
    psuTotals[psu[i]] += wr;
    if (!domain || domain[i] !== 0) {
      sumWr += wr;
      sumWr2 += wr * r;
    }
  }
  const variance = computeVarianceFromPsuTotals(design, psuTotals);
  return { value: ratio, se: Math.sqrt(variance), deff: variance / computeSrsVariance(sumWr, sumWr2, n, weightSum), n };
}

/** Σ w·y with its linearised SE (R `svytotal`). */
export function computeTotalEstimate(design: SurveyDesign, y: Float64Array, domain: Uint8Array | null): Estimate {
  const { weights, rows, psu } = design;
  const psuTotals = new Float64Array(design.psuCount);
  let total = 0, n = 0, weightSum = 0, sumWr = 0, sumWr2 = 0;
  for (let i = 0; i < rows; i++) {
    const w = weights[i];
    const wy = w * y[i];
    total += wy;
    psuTotals[psu[i]] += wy;
    if ((!domain || domain[i] !== 0) && w !== 0) {
      n++;
      weightSum += w;
      sumWr += wy;
      sumWr2 += wy * y[i];
    }
  }
  const variance = computeVarianceFromPsuTotals(design, psuTotals);
  return { value: total, se: Math.sqrt(variance), deff: variance / computeSrsVariance(sumWr, sumWr2, n, weightSum), n };
}

/** Two-sided 95 % normal quantile, as R's `confint` for survey statistics (df = Inf). */
export const Z_95 = 1.959963984540054;
