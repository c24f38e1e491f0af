/**
 * A hashing thread (io/decode-pool.ts): a file's SHA-256 and size, streamed off the main thread. It
 * runs at the lowest scheduling priority, so that it takes the cores only when the main and decode
 * threads leave them (on Linux a priority set from a thread is that thread's own).
 */
import { setPriority } from 'node:os';

try {
  setPriority(19);
} catch {
  // A system that refuses (none known for lowering one's own priority): the thread runs at the default priority.
}

export { computeFileSha256 as default } from './file-hash.js';
