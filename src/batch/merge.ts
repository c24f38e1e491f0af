/**
 * `urban-sdg merge SHARD_DIR… --out DIR`: the shards of one plan (same plan hash, same tool version,
 * every index 0…N−1 once) → exactly the folder one unsharded run writes: the units' files and states are
 * copied (each atomically), then the country's files are written by the same code as `batch`.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describeFound, InputError, UsageError } from '../errors.js';
import { toTemporaryName } from '../io/writers/output-files.js';
import { finalizeBatch } from './finalize.js';
import { readHashCache, removeBatchOrphans, writeHashCache, type CachedHash } from './state.js';
import type { Plan } from './plan.js';
import { reportSummary, type ShardRecord } from './run.js';
import { FORMAT_EXTENSIONS } from './worker.js';

async function readJson<T>(path: string, what: string): Promise<T> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) throw new InputError(`${path}: not found (expected ${what})`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new InputError(`${path}: not valid JSON (expected ${what})`);
  }
}

/** Copies a file through a temporary name beside the target, so the target is whole or absent. */
async function copyAtomically(from: string, to: string): Promise<void> {
  const temporary = toTemporaryName(to);
  await copyFile(from, temporary, constants.COPYFILE_FICLONE);
  await rename(temporary, to);
}

async function copyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (entry.isDirectory()) await copyTree(join(from, entry.name), join(to, entry.name));
    else if (entry.isFile()) await copyAtomically(join(from, entry.name), join(to, entry.name));
  }
}

export async function runMerge(shardDirs: readonly string[], out: string | undefined, options: { quiet: boolean; version: string; writeErr: (text: string) => void }): Promise<number> {
  if (!out) throw new UsageError('--out: expected the folder to write the merged result into');
  const dir = resolve(out);
  const shards: { dir: string; record: ShardRecord }[] = [];
  for (const shardDir of shardDirs) {
    if (resolve(shardDir) === dir) throw new UsageError(`--out ${out}: is one of the shard folders; merge into a new folder`);
    const path = join(shardDir, 'shard.json');
    const record = await readJson<ShardRecord>(path, 'a shard folder written by urban-sdg batch --shard');
    const valid = record && typeof record.plan === 'string' && typeof record.version === 'string' && typeof record.root === 'string' && Array.isArray(record.units)
      && Number.isInteger(record.shard?.index) && Number.isInteger(record.shard?.count);
    if (!valid) throw new InputError(`${path}: not a shard record (expected plan, version, shard, units and root, as urban-sdg batch --shard writes)`);
    shards.push({ dir: resolve(shardDir), record });
  }
  const first = shards[0].record;
  for (const { dir: shardDir, record } of shards) {
    if (record.plan !== first.plan) throw new InputError(`${shardDir}: a shard of another plan (${record.plan.slice(0, 12)}, not ${first.plan.slice(0, 12)} as ${shards[0].dir}); merge shards of one manifest run`);
    if (record.version !== options.version) throw new InputError(`${shardDir}: written by urban-sdg ${describeFound(record.version)}, this is ${options.version}; merge with the version that ran the shards`);
    if (record.shard.count !== first.shard.count) throw new InputError(`${shardDir}: shard ${record.shard.index}/${record.shard.count}, but ${shards[0].dir} is one of ${first.shard.count}`);
  }
  const indexes = new Map<number, string>();
  for (const { dir: shardDir, record } of shards) {
    const other = indexes.get(record.shard.index);
    if (other !== undefined) throw new InputError(`${shardDir}: shard ${record.shard.index} given twice (also ${other})`);
    indexes.set(record.shard.index, shardDir);
  }
  const missing = Array.from({ length: first.shard.count }, (_, k) => k).filter((k) => !indexes.has(k));
  if (missing.length > 0) throw new InputError(`missing shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${first.shard.count} (run them, then merge all ${first.shard.count} folders)`);
  const { hash, ...plan } = await readJson<Plan & { hash: string }>(join(shards[0].dir, 'plan.json'), 'the plan a batch --shard run writes');
  if (hash !== first.plan) throw new InputError(`${join(shards[0].dir, 'plan.json')}: does not match its shard.json (plan ${hash.slice(0, 12)})`);
  if (await stat(join(dir, 'plan.json')).catch(() => null)) {
    const existing = await readJson<{ hash?: string } | null>(join(dir, 'plan.json'), 'an urban-sdg plan');
    if (existing?.hash !== hash) throw new UsageError(`--out ${out}: holds the result of another plan; merge into a new folder`);
  }
  await mkdir(join(dir, 'units'), { recursive: true });
  await mkdir(join(dir, 'state'), { recursive: true });
  await removeBatchOrphans(dir);
  for (const { dir: shardDir, record } of shards) {
    for (const id of record.units) {
      const state = join(shardDir, 'state', `${id}.json`);
      if (!(await stat(state).catch(() => null))) continue; // not run: finalize lists it as a failure
      if ((await stat(join(shardDir, 'units', id)).catch(() => null))?.isDirectory()) await copyTree(join(shardDir, 'units', id), join(dir, 'units', id));
      for (const ext of Object.values(FORMAT_EXTENSIONS)) {
        const file = join(shardDir, 'units', `${id}.${ext}`);
        if ((await stat(file).catch(() => null))?.isFile()) await copyAtomically(file, join(dir, 'units', `${id}.${ext}`));
      }
      await copyAtomically(state, join(dir, 'state', `${id}.json`));
    }
  }
  // The shards' input hashes together, as one run over every unit would have recorded them.
  const hashes = new Map<string, CachedHash>();
  for (const { dir: shardDir } of shards) for (const [file, hash] of await readHashCache(shardDir)) hashes.set(file, hash);
  await writeHashCache(dir, hashes);
  await copyAtomically(join(shards[0].dir, 'plan.json'), join(dir, 'plan.json'));
  const summary = await finalizeBatch(plan, hash, dir, first.root);
  return reportSummary(summary, plan.units.length, options.quiet, options.writeErr, dir);
}
