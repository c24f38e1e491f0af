/** A hashing thread (io/decode-pool.ts): a file's SHA-256 and size, streamed off the main thread. */
export { computeFileSha256 as default } from './file-hash.js';
