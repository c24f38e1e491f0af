/**
 * Temporary files of writes in progress, so that a signal can remove them (the executable's SIGINT
 * and SIGTERM handlers call `removePendingOutputs`). No dependencies: the executable loads it first.
 */
import { unlinkSync } from 'node:fs';

const pending = new Set<string>();

export function addPendingOutput(path: string): void {
  pending.add(path);
}

export function dropPendingOutput(path: string): boolean {
  return pending.delete(path);
}

/** Removes the temporary files of unfinished writes (synchronous: safe in a signal handler). */
export function removePendingOutputs(): void {
  for (const path of pending) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
  pending.clear();
}
