/**
 * Zone-sequential exact zonal sums over windowed raster reads (docs/architecture.md §2.6, docs/methods.md §6).
 * Rasters that share a grid share one coverage computation per band; each raster is summed on its
 * own grid and CRS, the zones being reprojected (and densified) to each raster's CRS.
 */
import { computeRowCellAreasM2 } from '../core/cell-area.js';
import { toPointTransform, type Crs } from '../core/crs.js';
import { computeRingsBox } from '../core/ring.js';
import { isInsideGrid, splitIntoBands, toCellWindow, toGridKey, type Bounds, type CellWindow, type Grid } from '../core/grid.js';
import { readWindowCells, releaseWindowCells, type RasterSource, type WindowPart } from '../core/raster.js';
import type { Ring, ZoneFeature, ZoneLayer } from '../core/zones.js';
import { ZoneError } from '../errors.js';
import { computeCoverageFractions, computePolygonArea } from '../kernels/coverage.js';
import { computeDensifiedRing } from '../kernels/densify.js';
import { accumulateCoveredCells, accumulateCoveredSum, createCoveredSum, type CellQuantity, type CoveredSum } from '../kernels/zonal-sum.js';

export interface ZonalLayer {
  readonly raster: RasterSource;
  readonly quantity: CellQuantity;
  /** Multiplies each cell value (e.g. 0.01 when cells hold percent). */
  readonly scale: number;
}

export interface ZoneRasterSum extends CoveredSum {
  /** Part of the zone outside the raster extent (counts 0, docs/methods.md §2.2). */
  readonly partlyOutside: boolean;
  /** Zone area measured in this raster's CRS, m² (NaN for geographic CRSs, where only cell areas are exact). */
  readonly zoneAreaM2: number;
}

export interface ZonalOptions {
  /** Largest number of cells held at once per band (`--max-cells`). */
  readonly maxCells: number;
  readonly onZoneDone?: (done: number, total: number) => void;
}

/** Per zone (in layer order), per layer (in request order). */
export type ZonalSums = ZoneRasterSum[][];

function reprojectZone(zone: ZoneFeature, from: Crs, to: Crs, grid: Grid, layerPath: string): { rings: Ring[]; bounds: Bounds } {
  const transform = toPointTransform(from, to);
  if (!transform) return { rings: zone.polygons.flat(), bounds: zone.bounds };
  // Densify until projected edges deviate less than a thousandth of a cell from the true curve.
  const tolerance = Math.min(grid.cellWidth, grid.cellHeight) / 1000;
  const rings: Ring[] = [];
  for (const ring of zone.polygons.flat()) {
    let xy: Float64Array;
    try {
      xy = computeDensifiedRing(ring.xy, transform, tolerance);
    } catch {
      throw new ZoneError(`${layerPath} feature ${zone.index} (zone ${JSON.stringify(zone.id)}): cannot be reprojected from ${from.id} to ${to.id} (coordinates outside the projection's domain?)`, zone.id, 'zone-not-projectable');
    }
    rings.push({ xy, isHole: ring.isHole });
  }
  return { rings, bounds: computeRingsBox(rings.filter((r) => !r.isHole).map((r) => r.xy)) };
}

interface GridGroup {
  readonly grid: Grid;
  readonly crs: Crs;
  readonly layerIndexes: number[];
  readonly rowAreaM2: Float64Array;
}

function groupByGrid(layers: readonly ZonalLayer[]): GridGroup[] {
  const groups = new Map<string, GridGroup>();
  layers.forEach((layer, index) => {
    const { grid, crs } = layer.raster.info;
    const key = toGridKey(grid, crs.id);
    let group = groups.get(key);
    if (!group) {
      group = { grid, crs, layerIndexes: [], rowAreaM2: computeRowCellAreasM2(grid, crs.geographic, crs.metresPerUnit) };
      groups.set(key, group);
    }
    group.layerIndexes.push(index);
  });
  return [...groups.values()];
}

/** One zone's part on one grid: its rings in the grid's CRS and the bands of its window. */
interface ZonePlan {
  readonly group: GridGroup;
  readonly rings: Ring[];
  readonly partlyOutside: boolean;
  readonly zoneAreaM2: number;
  readonly bands: CellWindow[];
}

/** A band to sum: its zone's plan on one grid, the band, and the windows of every layer of that grid, once requested. */
interface BandJob {
  readonly plan: ZonePlan;
  readonly band: CellWindow;
  readonly last: boolean;
  coverage?: BandCoverage;
  /** Each layer's cells of the band (core/raster.ts WindowPart). */
  reads?: Promise<WindowPart[]>[];
}

function planZone(zone: ZoneFeature, zones: ZoneLayer, groups: readonly GridGroup[], layers: readonly ZonalLayer[], bufferCells: number): ZonePlan[] {
  return groups.map((group) => {
    const { grid, crs } = group;
    const firstPath = layers[group.layerIndexes[0]].raster.info.path;
    const { rings, bounds } = reprojectZone(zone, zones.crs, crs, grid, zones.path);
    const window = toCellWindow(grid, bounds);
    if (!window) {
      throw new ZoneError(`${zones.path} feature ${zone.index} (zone ${JSON.stringify(zone.id)}): does not overlap raster ${firstPath} (expected the zone inside the raster extent, in ${crs.id})`, zone.id, 'zone-outside-raster');
    }
    const blockAlign = layers[group.layerIndexes[0]].raster.info.blockHeight;
    return {
      group, rings, partlyOutside: !isInsideGrid(grid, bounds),
      zoneAreaM2: crs.geographic ? Number.NaN : computePolygonArea(rings) * crs.metresPerUnit * crs.metresPerUnit,
      bands: splitIntoBands(window, bufferCells, blockAlign),
    };
  });
}

/** A band's coverage: fractions (row-major) and each row's covered columns (kernels/coverage.ts). */
interface BandCoverage {
  readonly fractions: Float64Array;
  readonly spans: Int32Array;
}

/**
 * Exact coverage-weighted sums of every layer over every zone. The next band's coverage is computed,
 * and its blocks requested, before the current band is summed, so that they are read and decoded
 * (on the decode threads, io/decode-pool.ts) while this thread sums; only the blocks holding covered
 * cells are read (a zone's window has corners it does not touch). Two bands' coverage are held at once.
 */
export async function computeZonalSums(zones: ZoneLayer, layers: readonly ZonalLayer[], options: ZonalOptions): Promise<ZonalSums> {
  const groups = groupByGrid(layers);
  const bufferCells = Math.max(1, options.maxCells);
  // Two coverage buffers, taken in turn: the band being summed and the one requested after it.
  const coverages: BandCoverage[] = [0, 1].map(() => ({ fractions: new Float64Array(0), spans: new Int32Array(0) }));
  let carry = new Float64Array(0);
  let requested = 0;
  // Zones are planned (reprojected, split into bands) as the jobs reach them; a zone that cannot be
  // planned throws when its turn comes, after every zone before it.
  const features = zones.features;
  function* listJobs(): Generator<BandJob> {
    for (const zone of features) {
      const plans = planZone(zone, zones, groups, layers, bufferCells);
      for (const [p, plan] of plans.entries()) {
        for (const [k, band] of plan.bands.entries()) yield { plan, band, last: p === plans.length - 1 && k === plan.bands.length - 1 };
      }
    }
  }
  const computeCoverage = ({ plan, band }: BandJob): BandCoverage => {
    const { grid } = plan.group;
    const cells = band.rows * band.cols;
    const slot = requested++ % 2;
    let { fractions, spans } = coverages[slot];
    if (fractions.length < cells) fractions = new Float64Array(cells);
    if (spans.length < 2 * band.rows) spans = new Int32Array(2 * band.rows);
    if (carry.length < cells) carry = new Float64Array(cells);
    coverages[slot] = { fractions, spans };
    computeCoverageFractions(plan.rings, {
      xMin: grid.originX + band.col0 * grid.cellWidth,
      yMax: grid.originY - band.row0 * grid.cellHeight,
      cellWidth: grid.cellWidth,
      cellHeight: grid.cellHeight,
      rows: band.rows,
      cols: band.cols,
    }, fractions, carry, spans);
    return { fractions: fractions.subarray(0, cells), spans };
  };
  // Cells are summed where they lie in the decoded blocks (a raster that cannot hand them so assembles the band).
  const request = (job: BandJob) => {
    job.coverage = computeCoverage(job);
    const { spans } = job.coverage;
    job.reads = job.plan.group.layerIndexes.map((index) => readWindowCells(layers[index].raster, job.band, spans));
    job.reads.forEach((read) => read.catch(() => undefined)); // awaited in order below
  };
  const results: ZonalSums = [];
  const jobs = listJobs();
  let pending: IteratorResult<BandJob> | { error: unknown } = nextJob(jobs);
  let perLayer: ZoneRasterSum[] = new Array(layers.length);
  // A plan's bands come one after another: its sums start at its first band.
  let groupSums: CoveredSum[] = [];
  if ('value' in pending && !pending.done) request(pending.value);
  while (true) {
    if ('error' in pending) throw pending.error;
    if (pending.done) break;
    const job = pending.value;
    pending = nextJob(jobs);
    if ('value' in pending && !pending.done) request(pending.value);
    const { plan, band } = job;
    const { layerIndexes } = plan.group;
    const { fractions, spans } = job.coverage as BandCoverage;
    const rowArea = plan.group.rowAreaM2.subarray(band.row0, band.row0 + band.rows);
    if (band === plan.bands[0]) groupSums = layerIndexes.map(() => createCoveredSum());
    // The covered cells are the same for every layer of the grid: counted once, added to each.
    const covered = createCoveredSum();
    accumulateCoveredCells(covered, fractions, spans, band.rows, band.cols, rowArea);
    for (let k = 0; k < layerIndexes.length; k++) {
      const layer = layers[layerIndexes[k]];
      const parts = await (job.reads as Promise<WindowPart[]>[])[k];
      groupSums[k].coveredCells += covered.coveredCells;
      groupSums[k].coveredAreaM2 += covered.coveredAreaM2;
      accumulateCoveredSum(groupSums[k], fractions, spans, parts, band.rows, band.cols, rowArea, layer.raster.info.nodata, layer.quantity, layer.scale);
      releaseWindowCells(layer.raster, parts);
    }
    if (band === plan.bands[plan.bands.length - 1]) {
      layerIndexes.forEach((layerIndex, k) => {
        perLayer[layerIndex] = { ...groupSums[k], partlyOutside: plan.partlyOutside, zoneAreaM2: plan.zoneAreaM2 };
      });
    }
    if (job.last) {
      results.push(perLayer);
      perLayer = new Array(layers.length);
      options.onZoneDone?.(results.length, features.length);
    }
  }
  return results;
}

/** The next job, or the error planning its zone raised (kept for its turn). */
function nextJob(jobs: Generator<BandJob>): IteratorResult<BandJob> | { error: unknown } {
  try {
    return jobs.next();
  } catch (error) {
    return { error };
  }
}

/** Called for every covered cell of a zone: grid row/column, covered fraction (0–1], cell value, cell area m². */
export type CellVisitor = (row: number, col: number, coverage: number, value: number, cellAreaM2: number) => void;

/**
 * Visits the cells of `raster` that each zone covers, with their exact covered fraction, band by
 * band (bounded memory). Nodata, NaN and ±Infinity cells are skipped and counted. Returns, per zone,
 * whether it extends beyond the raster and how many covered cells (Σ coverage) had no value.
 */
export async function visitZoneCells(zones: ZoneLayer, raster: RasterSource, maxCells: number, visit: (zoneIndex: number) => CellVisitor, onZoneDone?: (done: number, total: number) => void): Promise<{ partlyOutside: boolean[]; nodataCells: number[] }> {
  const { grid, crs, nodata } = raster.info;
  const rowAreaM2 = computeRowCellAreasM2(grid, crs.geographic, crs.metresPerUnit);
  const partlyOutside: boolean[] = [];
  const nodataCells: number[] = [];
  let coverage = new Float64Array(0);
  let carry = new Float64Array(0);
  for (const [z, zone] of zones.features.entries()) {
    const { rings, bounds } = reprojectZone(zone, zones.crs, crs, grid, zones.path);
    let skipped = 0;
    const window = toCellWindow(grid, bounds);
    if (!window) throw new ZoneError(`${zones.path} feature ${zone.index} (zone ${JSON.stringify(zone.id)}): does not overlap raster ${raster.info.path} (expected the zone inside the raster extent, in ${crs.id})`, zone.id, 'zone-outside-raster');
    partlyOutside.push(!isInsideGrid(grid, bounds));
    const visitor = visit(z);
    for (const band of splitIntoBands(window, Math.max(1, maxCells), raster.info.blockHeight)) {
      const cells = band.rows * band.cols;
      if (coverage.length < cells) {
        coverage = new Float64Array(cells);
        carry = new Float64Array(cells);
      }
      computeCoverageFractions(rings, {
        xMin: grid.originX + band.col0 * grid.cellWidth, yMax: grid.originY - band.row0 * grid.cellHeight,
        cellWidth: grid.cellWidth, cellHeight: grid.cellHeight, rows: band.rows, cols: band.cols,
      }, coverage, carry);
      const values = await raster.readWindow(band);
      for (let r = 0; r < band.rows; r++) {
        for (let c = 0; c < band.cols; c++) {
          const i = r * band.cols + c;
          const v = values[i];
          if (coverage[i] === 0) continue;
          if (v === nodata || v - v !== 0) {
            skipped += coverage[i];
            continue;
          }
          visitor(band.row0 + r, band.col0 + c, coverage[i], v, rowAreaM2[band.row0 + r]);
        }
      }
    }
    nodataCells.push(skipped);
    onZoneDone?.(z + 1, zones.features.length);
  }
  return { partlyOutside, nodataCells };
}
