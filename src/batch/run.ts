/**
 * `urban-sdg batch MANIFEST --out DIR`: plan → (this shard's units) → hash each input file once →
 * skip units whose key is already done → run the rest in a piscina pool of worker threads → write each
 * unit's state → the country's files (finalize.ts). Exit 0 all done, 3 some units failed (the others
 * written), 2 the manifest or the command is wrong, 1 a unit hit a bug.
 */
import { availableParallelism } from 'node:os';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireCommonJs } from '../core/require-commonjs.js';
import { InputError, UsageError } from '../errors.js';
import { toFlag, toOptionKey } from '../indicators/options.js';
import { computeFileSha256 } from '../io/file-hash.js';
import { writeOutputFiles } from '../io/writers/output-files.js';
import { expandManifest, toRunOptions } from './expand.js';
import { finalizeBatch } from './finalize.js';
import { readManifest } from './manifest.js';
import { assignShards, chooseShard, hashOf, listUnitInputs, toPlan, toPlanHash, type Plan, type PlannedUnit } from './plan.js';
import { createBatchProgress } from './progress.js';
import { isUnitDone, readHashCache, readUnitState, removeBatchOrphans, writeHashCache, writeUnitState, type CachedHash } from './state.js';
import type { UnitOutcome, UnitTask } from './worker.js';
import { findIndicator } from '../indicators/registry.js';

const { Piscina } = requireCommonJs('piscina') as typeof import('piscina');

export interface BatchCommand {
  readonly manifest: string;
  readonly out?: string;
  readonly plan: boolean;
  readonly jobs?: number;
  readonly shard?: string;
  readonly shards?: number;
  readonly quiet: boolean;
  /** Heap limit of each worker thread, MB (a unit above it fails alone). */
  readonly workerMemory?: number;
}

export interface BatchIo {
  readonly version: string;
  readonly writeOut: (text: string) => void;
  readonly writeErr: (text: string) => void;
  readonly interactive: boolean;
  readonly env: NodeJS.ProcessEnv;
}

/** What a shard's folder says about itself, so that `merge` can check and combine shards. */
export interface ShardRecord {
  readonly plan: string;
  readonly version: string;
  readonly shard: { readonly index: number; readonly count: number };
  readonly units: readonly string[];
  /** The manifest's folder: the combined files read zone attributes there. */
  readonly root: string;
}

async function loadPlan(manifestPath: string, version: string): Promise<{ plan: Plan; hash: string; root: string }> {
  const manifest = await readManifest(manifestPath);
  const units = await expandManifest(manifest);
  const root = dirname(resolve(manifestPath));
  const plan = await toPlan(units, root, version, manifest.aggregate?.levels ?? {});
  return { plan, hash: toPlanHash(plan), root };
}

/** The command line a unit means, run from the manifest's folder. */
function toCommandLine(unit: PlannedUnit): string {
  const quote = (v: string) => (/^[\w./=:@%+,-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
  const parts = ['urban-sdg', unit.indicator];
  for (const [name, value] of Object.entries(unit.options)) {
    const flag = toFlag(toOptionKey(name));
    const values = Array.isArray(value) ? value : value && typeof value === 'object' ? Object.entries(value).map(([k, v]) => `${k}=${String(v)}`) : [value];
    for (const v of values) parts.push(...(v === true ? [flag] : v === false ? [] : [flag, quote(String(v))]));
  }
  return parts.join(' ');
}

function printPlan(plan: Plan, hash: string, shardOf: Map<string, number> | null, count: number, write: (text: string) => void): void {
  const lines = [`plan ${hash.slice(0, 12)}: ${plan.units.length} unit${plan.units.length === 1 ? '' : 's'} (commands as run from the manifest's folder)`];
  for (const unit of plan.units) {
    const shard = shardOf ? `  shard ${shardOf.get(unit.id)}/${count}` : '';
    const levels = Object.entries(unit.levels).map(([k, v]) => `${k}=${v}`).join(' ');
    lines.push(`${unit.id}  ${unit.indicator}  line ${unit.line}  cost ${unit.cost}${shard}${unit.zone !== undefined ? `  zone ${unit.zone}` : ''}${levels ? `  ${levels}` : ''}`);
    lines.push(`  ${toCommandLine(unit)}`);
  }
  write(`${lines.join('\n')}\n`);
}

type Hash = { sha256: string; bytes: number };

/**
 * SHA-256 of every input file of the units (listed once per unit), each file hashed once; a file
 * whose path, size, modification and change times and inode are those recorded by an earlier run
 * into the same folder is not read again (a resume of a country's run does not re-read its rasters).
 */
async function hashInputs(inputsOf: ReadonlyMap<string, readonly string[]>, dir: string): Promise<Map<string, Hash>> {
  const cache = await readHashCache(dir);
  const hashes = new Map<string, Hash>();
  const recorded = new Map<string, CachedHash>();
  for (const files of inputsOf.values()) {
    for (const file of files) {
      if (hashes.has(file)) continue;
      try {
        const { size, mtimeMs, ctimeMs, ino } = await stat(file);
        const known = cache.get(file);
        const same = known && known.size === size && known.mtimeMs === mtimeMs && known.ctimeMs === ctimeMs && known.ino === ino;
        const hash = same ? { sha256: known.sha256, bytes: known.bytes } : await computeFileSha256(file);
        hashes.set(file, hash);
        recorded.set(file, { ...hash, size, mtimeMs, ctimeMs, ino });
      } catch (error) {
        throw new InputError(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
    }
  }
  await writeHashCache(dir, recorded);
  return hashes;
}

function unitKey(unit: PlannedUnit, version: string, files: readonly string[], hashes: ReadonlyMap<string, Hash>, root: string): string {
  const inputs = files.map((file) => [relative(root, file).split(sep).join('/'), hashes.get(file)?.sha256]);
  return hashOf({ version, indicator: unit.indicator, options: unit.options, zone: unit.zone ?? null, inputs });
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeOutputFiles([{ kind: 'text', path, content: `${JSON.stringify(value, null, 2)}\n` }]);
}

/** The folder's plan: a folder that holds another plan's files is refused (a fresh folder, or the same plan to resume). */
async function claimFolder(dir: string, plan: Plan, hash: string): Promise<void> {
  await mkdir(join(dir, 'units'), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(`--out ${dir}: cannot create the folder (${error.code ?? error.message})`);
  });
  await mkdir(join(dir, 'state'), { recursive: true });
  await removeBatchOrphans(dir);
  const previous = await readFile(join(dir, 'plan.json'), 'utf8').catch(() => null);
  if (previous !== null && !previous.includes(`"tool": "urban-sdg"`)) throw new UsageError(`--out ${dir}: plan.json there is not an urban-sdg plan; choose an empty folder`);
  await writeJson(join(dir, 'plan.json'), { hash, ...plan });
}

export async function runBatch(command: BatchCommand, io: BatchIo): Promise<number> {
  const jobs = command.jobs ?? availableParallelism();
  const shard = chooseShard(command.shard, command.shards, io.env);
  const { plan, hash, root } = await loadPlan(command.manifest, io.version);
  const shardOf = shard ? assignShards(plan, shard.count) : null;
  if (command.plan) {
    printPlan(plan, hash, shardOf, shard?.count ?? 1, io.writeOut);
    return 0;
  }
  if (!command.out) throw new UsageError('--out: expected the folder to write the units and the combined files into (or --plan to list the units only)');
  const dir = resolve(command.out);
  const mine = plan.units.filter((u) => !shardOf || shardOf.get(u.id) === shard?.index);
  await claimFolder(dir, plan, hash);
  const inputsOf = new Map<string, readonly string[]>();
  for (const unit of mine) inputsOf.set(unit.id, await listUnitInputs(unit, root));
  const hashes = await hashInputs(inputsOf, dir);
  const progress = createBatchProgress(mine.length, { quiet: command.quiet, interactive: io.interactive, write: io.writeErr });
  const threads = Math.max(1, Math.min(jobs, mine.length));
  const pool = new Piscina({
    filename: fileURLToPath(new URL('./worker.js', import.meta.url)),
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 100,
    // geotiff's web-worker shim reads workerData.mod when loaded in a worker thread; an empty object says "not a web worker".
    workerData: {},
    ...(command.workerMemory ? { resourceLimits: { maxOldGenerationSizeMb: command.workerMemory } } : {}),
  });
  try {
    const runOne = async (unit: PlannedUnit) => {
      const files = inputsOf.get(unit.id) ?? [];
      const key = unitKey(unit, io.version, files, hashes, root);
      if (await isUnitDone(dir, unit.id, key)) {
        progress.finished(unit.id, 'cached');
        return;
      }
      const definition = findIndicator(unit.indicator);
      if (!definition) throw new Error(`unknown indicator ${unit.indicator}`);
      const task: UnitTask = {
        id: unit.id, indicator: unit.indicator, options: toRunOptions(definition, unit.options, root), onlyZone: unit.zone, root, outDir: dir,
        hashes: files.flatMap((f) => { const h = hashes.get(f); return h ? [[f, h] as [string, Hash]] : []; }), version: io.version,
      };
      progress.started(unit.id);
      let outcome: UnitOutcome;
      try {
        outcome = (await pool.run(task)) as UnitOutcome;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason = code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `ran out of memory (worker heap limit ${command.workerMemory ?? 'default'} MB; raise --worker-memory or lower max-cells)`
          : `the worker stopped (${(error as Error).message})`;
        outcome = { status: 'failed', reason, internal: code !== 'ERR_WORKER_OUT_OF_MEMORY' };
      }
      if (outcome.status === 'ok') await writeUnitState(dir, unit.id, { key, status: 'ok', sha256: outcome.sha256, zonesSetAside: outcome.zoneFailures });
      else await writeUnitState(dir, unit.id, { key, status: 'failed', reason: outcome.reason, internal: outcome.internal });
      progress.finished(unit.id, outcome.status === 'ok' ? 'ok' : 'failed', outcome.status === 'failed' ? outcome.reason : undefined);
    };
    // As many units in flight as threads: the pool never queues, so "running" in the progress is true.
    let next = 0;
    await Promise.all(Array.from({ length: threads }, async () => {
      while (next < mine.length) await runOne(mine[next++]);
    }));
  } finally {
    progress.stop();
    await pool.destroy();
  }
  if (shard && shardOf) {
    const record: ShardRecord = { plan: hash, version: io.version, shard: { index: shard.index, count: shard.count }, units: mine.map((u) => u.id), root };
    await writeJson(join(dir, 'shard.json'), record);
    const failed = await countFailed(dir, mine);
    if (!command.quiet) io.writeErr(`shard ${shard.index}/${shard.count} (${shard.source}): ${mine.length - failed} of ${mine.length} units done; combine the shards with urban-sdg merge\n`);
    return failed > 0 ? 3 : 0;
  }
  return reportSummary(await finalizeBatch(plan, hash, dir, root), plan.units.length, command.quiet, io.writeErr, dir);
}

async function countFailed(dir: string, units: readonly PlannedUnit[]): Promise<number> {
  let failed = 0;
  for (const unit of units) if ((await readUnitState(dir, unit.id))?.status !== 'ok') failed++;
  return failed;
}

/** The closing lines on stderr and the exit status. */
export function reportSummary(summary: Awaited<ReturnType<typeof finalizeBatch>>, total: number, quiet: boolean, writeErr: (text: string) => void, dir: string): number {
  const lines: string[] = [];
  for (const f of summary.failed) lines.push(`failed: ${f.id} (${f.indicator}, manifest line ${f.line}): ${f.reason.split('\n')[0]}`);
  if (!quiet || summary.failed.length > 0) lines.push(`batch: ${summary.succeeded} of ${total} units done${summary.failed.length ? `, ${summary.failed.length} failed (listed in ${join(dir, 'failures.csv')})` : ''}; results in ${dir}`);
  if (lines.length) writeErr(`${lines.join('\n')}\n`);
  if (summary.internal) return 1;
  return summary.failed.length > 0 ? 3 : 0;
}
