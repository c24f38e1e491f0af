/**
 * The plan of a batch: the expanded units in manifest order, each with a cost estimate, and the plan's
 * hash (shards of one plan carry it; `merge` refuses others). Shards are balanced by cost — raster
 * cells for GeoTIFFs, bytes for every other input — with the longest-processing-time rule: units by
 * decreasing cost, each to the least loaded shard (ties: lower id, lower shard), so every engine's
 * array task computes the same split from the same plan.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';
import { findIndicator } from '../indicators/registry.js';
import { toInputFiles } from '../cli/run-indicator.js';
import { listInputFiles } from '../io/open-inputs.js';
import { resolveOptions } from '../indicators/define.js';
import { fileBytes, toRunOptions, type PlanUnit } from './expand.js';
import { requireCommonJs } from '../core/require-commonjs.js';

const { fromFile } = requireCommonJs('geotiff') as typeof import('geotiff');

export interface PlannedUnit extends PlanUnit {
  /** Estimated work: GeoTIFF cells plus bytes of other inputs. */
  readonly cost: number;
}

export interface Plan {
  readonly tool: 'urban-sdg';
  readonly version: string;
  readonly units: readonly PlannedUnit[];
  /** Aggregation level → the zone attribute giving it where a unit sets none (null: units only). */
  readonly levels: Readonly<Record<string, string | null>>;
}

/** Canonical JSON (sorted keys) for hashing. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

export function hashOf(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

export function toPlanHash(plan: Plan): string {
  return hashOf(plan);
}

/** The input files of a unit (Shapefile sidecars, a mosaic's VRT and tiles included), absolute, existing. */
export async function listUnitInputs(unit: PlanUnit, root: string): Promise<string[]> {
  const definition = findIndicator(unit.indicator);
  if (!definition) return [];
  const options = resolveOptions(definition, { ...toRunOptions(definition, unit.options, root), quiet: true });
  // Sidecars are listed in both cases; only those on disk are inputs.
  const files: string[] = [];
  for (const path of new Set(toInputFiles(definition, options))) files.push(...(await listInputFiles(path)));
  return [...new Set(files)].sort();
}

async function estimateFileCost(path: string, bytes: number): Promise<number> {
  if (!/\.tiff?$/i.test(path)) return bytes;
  try {
    const tiff = await fromFile(path);
    const image = await tiff.getImage();
    const cells = image.getWidth() * image.getHeight();
    tiff.close();
    return cells;
  } catch {
    return bytes; // an unreadable raster fails in its unit; the estimate only balances shards
  }
}

export async function toPlan(units: readonly PlanUnit[], root: string, version: string, levels: Readonly<Record<string, string | null>>): Promise<Plan> {
  const costs = new Map<string, number>();
  const planned: PlannedUnit[] = [];
  for (const unit of units) {
    let cost = 0;
    for (const file of await listUnitInputs(unit, root)) {
      if (!costs.has(file)) costs.set(file, await estimateFileCost(file, fileBytes(root, file)));
      cost += costs.get(file) ?? 0;
    }
    planned.push({ ...unit, cost });
  }
  return { tool: 'urban-sdg', version, units: planned, levels };
}

/** Shard index of every unit id (LPT by cost). */
export function assignShards(plan: Plan, count: number): Map<string, number> {
  const load = new Array<number>(count).fill(0);
  const order = [...plan.units].sort((a, b) => b.cost - a.cost || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const shardOf = new Map<string, number>();
  for (const unit of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if (load[s] < load[best]) best = s;
    load[best] += Math.max(1, unit.cost);
    shardOf.set(unit.id, best);
  }
  return shardOf;
}

export interface ShardChoice {
  readonly index: number;
  readonly count: number;
  /** Where the index came from (`--shard`, `SLURM_ARRAY_TASK_ID`, …). */
  readonly source: string;
}

/** Array index and count variables of the engines NSOs run, in the order they are looked for. */
const ENGINES: readonly { name: string; index: string; count?: string; base?: 'min' }[] = [
  { name: 'Slurm', index: 'SLURM_ARRAY_TASK_ID', count: 'SLURM_ARRAY_TASK_COUNT', base: 'min' },
  { name: 'AWS Batch', index: 'AWS_BATCH_JOB_ARRAY_INDEX', count: 'AWS_BATCH_JOB_ARRAY_SIZE' },
  { name: 'Cloud Run', index: 'CLOUD_RUN_TASK_INDEX', count: 'CLOUD_RUN_TASK_COUNT' },
  { name: 'Kubernetes', index: 'JOB_COMPLETION_INDEX' },
];

function toCount(text: string | undefined, what: string): number {
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text.trim()) || n < 1) throw new UsageError(`${what}: expected a whole number ≥ 1, found ${JSON.stringify(text ?? '')}`);
  return n;
}

/** `--shard I/N` (0-based I), or `auto` from the engine's environment (`--shards N` where the engine sets no count). */
export function chooseShard(spec: string | undefined, shards: number | undefined, env: NodeJS.ProcessEnv): ShardChoice | null {
  if (spec === undefined) return null;
  if (spec !== 'auto') {
    const match = /^(\d+)\/(\d+)$/.exec(spec);
    if (!match) throw new UsageError(`--shard: expected I/N (0 ≤ I < N, e.g. 0/4) or auto, found ${JSON.stringify(spec)}`);
    const [index, count] = [Number(match[1]), Number(match[2])];
    if (count < 1 || index >= count) throw new UsageError(`--shard: index ${index} is out of range for ${count} shard${count === 1 ? '' : 's'} (expected 0 ≤ I < N)`);
    return { index, count, source: '--shard' };
  }
  for (const engine of ENGINES) {
    const raw = env[engine.index];
    if (raw === undefined || raw === '') continue;
    const count = engine.count && env[engine.count] ? toCount(env[engine.count], engine.count) : shards;
    if (count === undefined) throw new UsageError(`--shard auto: ${engine.index} is set (${engine.name}) but no shard count; give --shards N`);
    // Slurm array ids may start anywhere (an array 1-8): the index is counted from SLURM_ARRAY_TASK_MIN.
    const minimum = engine.base === 'min' && env.SLURM_ARRAY_TASK_MIN ? Number(env.SLURM_ARRAY_TASK_MIN) : 0;
    const index = toCount(String(Number(raw) - minimum + 1), engine.index) - 1;
    if (index >= count) throw new UsageError(`--shard auto: ${engine.index}=${raw} is out of range for ${count} shards (${engine.name})`);
    return { index, count, source: engine.index };
  }
  throw new UsageError(`--shard auto: none of ${ENGINES.map((e) => e.index).join(', ')} is set (run it as an array job, or give --shard I/N)`);
}
