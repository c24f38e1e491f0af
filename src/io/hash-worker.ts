/** A hashing thread (io/decode-pool.ts): a file's SHA-256 and size, streamed off the main thread. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export default async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
