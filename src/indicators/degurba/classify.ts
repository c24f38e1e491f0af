/**
 * Degree of Urbanisation grid classification (docs/methods.md §3; GHSL Data Package 2023 as reimplemented
 * by flexurba, `DoU_classify_grid`), on a 1 km grid held as typed arrays:
 *
 *  level 1: 3 urban centre, 2 urban cluster, 1 rural, 0 water
 *  level 2: 30 urban centre, 23 dense urban cluster, 22 semi-dense urban cluster, 21 suburban or
 *           peri-urban, 13 rural cluster, 12 low-density rural, 11 very-low-density rural, 10 water
 *
 * Density is per km² of permanent land (population / (land share × cell km²)); a cell without land
 * has no density and is never a candidate. Thresholds are inclusive (flexurba `>=`).
 */
import { computeBuffer, applyMajorityRule, computeQualifyingClusters, fillGaps, type MajorityRule } from '../../kernels/degurba-rules.js';
import type { Connectivity } from '../../kernels/components.js';

export interface DegurbaGrid {
  readonly rows: number;
  readonly cols: number;
  readonly cellAreaKm2: number;
  readonly population: Float64Array;
  /** Built-up surface in m² per cell, or null when not given. */
  readonly builtM2: Float64Array | null;
  /** Share of permanent land 0–1, or null (all land). */
  readonly landShare: Float64Array | null;
}

export interface DegurbaParameters {
  readonly level: 1 | 2;
  readonly centreDensityPerKm2: number;
  readonly centreMinPopulation: number;
  readonly centreContiguity: Connectivity;
  /** Built-up share of permanent land that also qualifies a cell for centres and dense clusters; null = off. */
  readonly builtThreshold: number | null;
  readonly majorityRule: MajorityRule | 'none';
  /** Gaps strictly smaller than this are filled; 0 = no gap filling. */
  readonly maxGapKm2: number;
  readonly clusterDensityPerKm2: number;
  readonly clusterMinPopulation: number;
  readonly clusterContiguity: Connectivity;
  readonly denseClusterMinPopulation: number;
  readonly semiDenseDensityPerKm2: number;
  readonly semiDenseMinPopulation: number;
  readonly semiDenseContiguity: Connectivity;
  readonly semiDenseBufferKm: number;
  readonly ruralClusterDensityPerKm2: number;
  readonly ruralClusterMinPopulation: number;
  readonly lowDensityPerKm2: number;
  /** Water: land share strictly below this, no population, no built-up. */
  readonly waterLandShareMax: number;
}

/** flexurba `DoU_get_grid_parameters()` defaults (GHSL R2023A). */
export const R2023A_PARAMETERS: DegurbaParameters = {
  level: 2,
  centreDensityPerKm2: 1500, centreMinPopulation: 50_000, centreContiguity: 4,
  builtThreshold: 0.2, majorityRule: 'R2023A', maxGapKm2: 15,
  clusterDensityPerKm2: 300, clusterMinPopulation: 5000, clusterContiguity: 8,
  denseClusterMinPopulation: 5000,
  semiDenseDensityPerKm2: 300, semiDenseMinPopulation: 5000, semiDenseContiguity: 8, semiDenseBufferKm: 3,
  ruralClusterDensityPerKm2: 300, ruralClusterMinPopulation: 500,
  lowDensityPerKm2: 50,
  waterLandShareMax: 0.5,
};

/** GHSL R2022A: built-up criterion at 50 % of permanent land and the 5-of-8 majority rule. */
export const R2022A_OVERRIDES: Partial<DegurbaParameters> = { builtThreshold: 0.5, majorityRule: 'R2022A' };

export const LEVEL1_CODES = { centre: 3, cluster: 2, rural: 1, water: 0 } as const;
export const LEVEL2_CODES = { centre: 30, denseCluster: 23, semiDenseCluster: 22, suburban: 21, ruralCluster: 13, lowDensityRural: 12, veryLowDensityRural: 11, water: 10 } as const;

export interface LabelledClusters {
  /** 0 = none, 1..count. */
  readonly labels: Int32Array;
  readonly count: number;
  /** Population per cluster (index 0 unused). */
  readonly populations: Float64Array;
}

export interface DegurbaClassification {
  readonly classes: Uint8Array;
  readonly centres: LabelledClusters;
  /** Level-1 urban clusters that contain no urban-centre cell (towns), for polygons. */
  readonly towns: LabelledClusters;
  readonly majorityCellsAdded: number;
  readonly gapCellsFilled: number;
}

interface Derived {
  readonly density: Float64Array;
  readonly builtShare: Float64Array | null;
  readonly water: Uint8Array;
  readonly ignored: Uint8Array;
}

function derive(grid: DegurbaGrid, p: DegurbaParameters): Derived {
  const n = grid.rows * grid.cols;
  const density = new Float64Array(n);
  const builtShare = grid.builtM2 ? new Float64Array(n) : null;
  const water = new Uint8Array(n);
  const ignored = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const land = grid.landShare ? grid.landShare[i] : 1;
    const pop = grid.population[i];
    const built = grid.builtM2 ? grid.builtM2[i] : 0;
    density[i] = land > 0 ? pop / (land * grid.cellAreaKm2) : Number.NaN;
    if (builtShare) builtShare[i] = land > 0 ? built / (land * grid.cellAreaKm2 * 1e6) : Number.NaN;
    water[i] = land < p.waterLandShareMax && pop <= 0 && built <= 0 ? 1 : 0;
    ignored[i] = pop === 0 && land < 0.5 ? 1 : 0;
  }
  return { density, builtShare, water, ignored };
}

function selectDense(d: Derived, minDensity: number, builtThreshold: number | null): Uint8Array {
  const out = new Uint8Array(d.density.length);
  for (let i = 0; i < out.length; i++) {
    const dense = d.density[i] >= minDensity;
    const built = builtThreshold !== null && d.builtShare !== null && d.builtShare[i] >= builtThreshold;
    out[i] = dense || built ? 1 : 0;
  }
  return out;
}

/** Urban centres: dense cells (or built-up ones) in rook clusters ≥ 50,000, then majority rule, then gap fill. */
function computeCentres(grid: DegurbaGrid, p: DegurbaParameters, d: Derived): { centres: LabelledClusters; majorityCellsAdded: number; gapCellsFilled: number } {
  const { rows, cols } = grid;
  const builtThreshold = grid.builtM2 ? p.builtThreshold : null;
  const found = computeQualifyingClusters(selectDense(d, p.centreDensityPerKm2, builtThreshold), grid.population, rows, cols, p.centreContiguity, p.centreMinPopulation);
  const majorityCellsAdded = p.majorityRule === 'none' ? 0 : applyMajorityRule(found.labels, p.majorityRule, { rows, cols, water: d.water, ignored: d.ignored });
  const gapCellsFilled = p.maxGapKm2 > 0 ? fillGaps(found.labels, rows, cols, p.maxGapKm2 / grid.cellAreaKm2) : 0;
  const populations = new Float64Array(found.count + 1);
  for (let i = 0; i < found.labels.length; i++) if (found.labels[i] !== 0) populations[found.labels[i]] += grid.population[i];
  return { centres: { labels: found.labels, count: found.count, populations }, majorityCellsAdded, gapCellsFilled };
}

function computeTowns(clusterLabels: Int32Array, clusterCount: number, centres: Int32Array, population: Float64Array): LabelledClusters {
  const hasCentre = new Uint8Array(clusterCount + 1);
  for (let i = 0; i < clusterLabels.length; i++) if (clusterLabels[i] !== 0 && centres[i] !== 0) hasCentre[clusterLabels[i]] = 1;
  const renumber = new Int32Array(clusterCount + 1);
  let count = 0;
  for (let k = 1; k <= clusterCount; k++) if (!hasCentre[k]) renumber[k] = ++count;
  const labels = new Int32Array(clusterLabels.length);
  const populations = new Float64Array(count + 1);
  for (let i = 0; i < labels.length; i++) {
    labels[i] = renumber[clusterLabels[i]];
    if (labels[i] !== 0) populations[labels[i]] += population[i];
  }
  return { labels, count, populations };
}

export function classifyDegurba(grid: DegurbaGrid, p: DegurbaParameters): DegurbaClassification {
  const { rows, cols } = grid;
  const n = rows * cols;
  const d = derive(grid, p);
  const { centres, majorityCellsAdded, gapCellsFilled } = computeCentres(grid, p, d);
  const urbanClusters = computeQualifyingClusters(selectDense(d, p.clusterDensityPerKm2, null), grid.population, rows, cols, p.clusterContiguity, p.clusterMinPopulation);
  const towns = computeTowns(urbanClusters.labels, urbanClusters.count, centres.labels, grid.population);
  const classes = new Uint8Array(n);
  const unset = 255;
  classes.fill(unset);
  const assign = (code: number, where: (i: number) => boolean) => {
    for (let i = 0; i < n; i++) if (classes[i] === unset && where(i)) classes[i] = code;
  };
  if (p.level === 1) {
    assign(LEVEL1_CODES.centre, (i) => centres.labels[i] !== 0);
    assign(LEVEL1_CODES.cluster, (i) => urbanClusters.labels[i] !== 0);
    assign(LEVEL1_CODES.water, (i) => d.water[i] === 1);
    assign(LEVEL1_CODES.rural, () => true);
    return { classes, centres, towns, majorityCellsAdded, gapCellsFilled };
  }
  const builtThreshold = grid.builtM2 ? p.builtThreshold : null;
  const dense = computeQualifyingClusters(selectDense(d, p.centreDensityPerKm2, builtThreshold), grid.population, rows, cols, p.centreContiguity, p.denseClusterMinPopulation);
  assign(LEVEL2_CODES.centre, (i) => centres.labels[i] !== 0);
  assign(LEVEL2_CODES.denseCluster, (i) => dense.labels[i] !== 0);
  // Semi-dense clusters must lie farther than the buffer from centres and dense clusters.
  const denseOrCentre = new Uint8Array(n);
  for (let i = 0; i < n; i++) denseOrCentre[i] = classes[i] !== unset ? 1 : 0;
  const bufferCells = Math.round((p.semiDenseBufferKm * 1000) / Math.sqrt(grid.cellAreaKm2 * 1e6));
  const buffer = computeBuffer(denseOrCentre, rows, cols, bufferCells);
  const semiDense = computeQualifyingClusters(selectDense(d, p.semiDenseDensityPerKm2, null), grid.population, rows, cols, p.semiDenseContiguity, p.semiDenseMinPopulation);
  const nearDense = new Uint8Array(semiDense.count + 1);
  for (let i = 0; i < n; i++) if (buffer[i] && semiDense.labels[i] !== 0) nearDense[semiDense.labels[i]] = 1;
  assign(LEVEL2_CODES.semiDenseCluster, (i) => semiDense.labels[i] !== 0 && nearDense[semiDense.labels[i]] === 0);
  assign(LEVEL2_CODES.suburban, (i) => urbanClusters.labels[i] !== 0);
  const rural = computeQualifyingClusters(selectDense(d, p.ruralClusterDensityPerKm2, null), grid.population, rows, cols, 8, p.ruralClusterMinPopulation);
  assign(LEVEL2_CODES.ruralCluster, (i) => rural.labels[i] !== 0);
  assign(LEVEL2_CODES.lowDensityRural, (i) => d.density[i] >= p.lowDensityPerKm2);
  assign(LEVEL2_CODES.water, (i) => d.water[i] === 1);
  assign(LEVEL2_CODES.veryLowDensityRural, () => true);
  return { classes, centres, towns, majorityCellsAdded, gapCellsFilled };
}
