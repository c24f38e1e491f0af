/**
 * A zlib stream (RFC 1950, TIFF compression 8 and 32946) inflated into a buffer the caller gives, by one
 * zlib context per thread, reset between blocks.
 *
 * Why not `zlib.inflateSync`: it builds a stream object and a zlib context for every call and inflates
 * into a buffer of its own, so each 256 × 256 block cost a fresh allocation (external memory that made
 * V8 run ~15 full collections in one 11.3.1 run) and the stream set-up. Node's public API has no
 * form that inflates into a given buffer. This drives the context exactly as node:zlib's own
 * `inflateSync` does (lib/zlib.js, processChunkSync: `handle.writeSync` and `_writeState`), which is
 * internal to Node: the handle's shape is checked at first use, and where it differs, `inflateSync`
 * is used and its output copied. Measured (`npm run bench`, 10,000² UInt16 DEFLATE tiles): the
 * inflate itself 113 → 93 ms on one core.
 */
import { Inflate, constants as zlibConstants, inflateSync } from 'node:zlib';

/** The native zlib context behind a node:zlib stream (`_handle`), as lib/zlib.js calls it. */
interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOffset: number, inLength: number, output: Uint8Array, outOffset: number, outLength: number): void;
  reset(): void;
  onerror: (message: string, errno: number) => void;
}

interface Context {
  readonly handle: ZlibHandle;
  /** [output bytes left, input bytes left] after each write. */
  readonly state: Uint32Array;
  error: string | null;
}

/** This thread's context: null when the handle is not as expected (then inflateSync). */
let context: Context | null | undefined;

function openContext(): Context | null {
  const engine = new Inflate() as unknown as { _handle?: Partial<ZlibHandle>; _writeState?: unknown };
  const handle = engine._handle;
  const state = engine._writeState;
  if (!handle || typeof handle.writeSync !== 'function' || typeof handle.reset !== 'function' || !(state instanceof Uint32Array) || state.length < 2) return null;
  const opened: Context = { handle: handle as ZlibHandle, state, error: null };
  // Errors are reported through this callback during writeSync (node:zlib would destroy its stream).
  opened.handle.onerror = (message) => {
    opened.error = message;
  };
  return opened;
}

/** Whether this Node's zlib context is driven directly (else inflateSync and a copy). */
export function inflatesInPlace(): boolean {
  if (context === undefined) context = openContext();
  return context !== null;
}

/** A one-byte probe: whether the stream holds more than the output took. */
const probe = new Uint8Array(1);

/**
 * Inflates `input` into `output`; returns the bytes written. Throws (RangeError) for a corrupt or
 * truncated stream, and for one that holds more than `output` (a DEFLATE bomb ends here, having
 * written no more than `output.length` bytes). Bytes after the end of the stream are ignored, as
 * `inflateSync` ignores them.
 */
export function inflateInto(input: Uint8Array, output: Uint8Array): number {
  if (input.length === 0) throw new RangeError('an empty DEFLATE stream');
  if (output.length === 0) throw new RangeError('no room for the inflated bytes');
  if (!inflatesInPlace()) return inflateByCopy(input, output);
  const zlib = context as Context;
  const { handle, state } = zlib;
  zlib.error = null;
  try {
    handle.writeSync(zlibConstants.Z_FINISH, input, 0, input.length, output, 0, output.length);
    if (zlib.error) throw new RangeError(zlib.error);
    const written = output.length - state[0];
    if (state[0] === 0) {
      // Output full: the stream must end here. Whatever it still holds would land in the probe.
      const consumed = input.length - state[1];
      handle.writeSync(zlibConstants.Z_FINISH, input, consumed, input.length - consumed, probe, 0, 1);
      if (zlib.error) throw new RangeError(zlib.error);
      if (state[0] === 0) throw new RangeError(`the DEFLATE stream holds more than the block's ${output.length} bytes`);
    }
    return written;
  } finally {
    handle.reset();
  }
}

/** The same through the public API: inflateSync (refusing more than `output` holds), copied into `output`. */
export function inflateByCopy(input: Uint8Array, output: Uint8Array): number {
  let inflated: Buffer;
  try {
    inflated = inflateSync(input, { maxOutputLength: output.length, chunkSize: Math.max(64, Math.min(output.length, 64 * 1024 * 1024)) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new RangeError(`the DEFLATE stream holds more than the block's ${output.length} bytes`);
    throw new RangeError((error as Error).message);
  }
  output.set(inflated);
  return inflated.length;
}
