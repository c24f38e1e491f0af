/**
 * What a batch folder remembers of each unit: `state/ID.json` with the unit's key (hashes of its
 * inputs, its resolved options, the tool version), its status and the SHA-256 of `units/ID.json`.
 * The state is written after the unit's files, each file atomically, so a run killed at any moment
 * leaves either a complete unit whose key matches or something a rerun computes again.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeOrphanTemporariesIn, writeOutputFiles } from '../io/writers/output-files.js';

export type UnitState =
  | { readonly key: string; readonly status: 'ok'; readonly sha256: string; readonly zonesSetAside: readonly string[] }
  | { readonly key: string; readonly status: 'failed'; readonly reason: string; readonly internal: boolean };

const statePath = (dir: string, id: string) => join(dir, 'state', `${id}.json`);

export async function readUnitState(dir: string, id: string): Promise<UnitState | null> {
  const text = await readFile(statePath(dir, id), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return JSON.parse(text) as UnitState;
  } catch {
    return null; // not ours or damaged: the unit is computed again
  }
}

export async function writeUnitState(dir: string, id: string, state: UnitState): Promise<void> {
  await writeOutputFiles([{ kind: 'text', path: statePath(dir, id), content: `${JSON.stringify(state, null, 2)}\n` }]);
}

/** The input hashes of earlier runs into the folder (a unit id cannot start with `_`). */
const hashCachePath = (dir: string) => join(dir, 'state', '_input-hashes.json');

/**
 * An input file's SHA-256 and what identifies its content without reading it: size, modification
 * and change times and inode (a write always changes the change time, which no tool sets back).
 */
export interface CachedHash {
  readonly sha256: string;
  readonly bytes: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

/** The hashes recorded in the folder, by absolute path (none when absent or damaged: it is only a cache). */
export async function readHashCache(dir: string): Promise<Map<string, CachedHash>> {
  const text = await readFile(hashCachePath(dir), 'utf8').catch(() => null);
  try {
    const files = text === null ? {} : (JSON.parse(text) as { files?: Record<string, CachedHash> }).files ?? {};
    return new Map(Object.entries(files).filter(([, h]) => typeof h?.sha256 === 'string' && typeof h.size === 'number'));
  } catch {
    return new Map();
  }
}

/** Records the hashes, by path in sorted order (the same folder however its units were run or merged). */
export async function writeHashCache(dir: string, hashes: ReadonlyMap<string, CachedHash>): Promise<void> {
  const files = Object.fromEntries([...hashes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  await writeOutputFiles([{ kind: 'text', path: hashCachePath(dir), content: `${JSON.stringify({ files }, null, 2)}
` }]);
}

/** Whether the folder already holds this unit's result for `key` (its file intact). */
export async function isUnitDone(dir: string, id: string, key: string): Promise<boolean> {
  const state = await readUnitState(dir, id);
  if (state?.status !== 'ok' || state.key !== key) return false;
  const text = await readFile(join(dir, 'units', `${id}.json`)).catch(() => null);
  return text !== null && createHash('sha256').update(text).digest('hex') === state.sha256;
}

/**
 * A run killed mid-write leaves hidden temporaries; the files they were for are whole or absent.
 * Called before this run writes anything in the folder, so even its own pid's temporaries are orphans.
 */
export async function removeBatchOrphans(dir: string): Promise<void> {
  for (const folder of ['.', 'units', 'state', 'results', 'results/open-sdg', 'results/national']) await removeOrphanTemporariesIn(join(dir, folder), '.', true);
}
